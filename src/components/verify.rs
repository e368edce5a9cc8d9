//! Carries out what the code step asks for ([`Next`]): its sends and checks, with the
//! registration's own token, their events, focus, and the countdown's clock.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{ids, Form};
use crate::api::verification::{CodeSent, Recipient};
use crate::api::Failure;
use crate::events;
use crate::state::Next;
use crate::submit::Answer;
use crate::token::Token;

/// This device's clock, in seconds.
fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// `sent` with its `expiresAt`: Verifik's, or ten minutes from now when its answer had none
/// (a code lives ten minutes from its send).
fn dated(sent: &CodeSent) -> CodeSent {
    let mut sent = sent.clone();
    if sent.expires_at.is_none() {
        let expires = js_sys::Date::new(&(js_sys::Date::now() + 600_000.0).into());
        sent.expires_at = Some(expires.to_iso_string().into());
    }
    sent
}

/// What every call of the code step needs, read when it starts.
struct Call {
    api_base: String,
    token: Token,
    project: String,
    registration_id: String,
    cancel: web_sys::AbortSignal,
    generation: u32,
}

impl Form {
    /// Does what the code step asked for.
    pub(crate) fn run_code(self, next: Next) {
        match next {
            Next::Nothing | Next::Completed => {}
            Next::Send(recipient) => self.code_call(recipient, None),
            Next::Check {
                recipient,
                validation_id,
                code,
            } => self.code_call(recipient, Some((validation_id, code))),
        }
    }

    /// Sends a code to `recipient` (`check` is `None`), or checks the code typed (`check` holds
    /// the send's validation id and the code), and carries on with the answer. One task for
    /// both, so that the wasm has one copy of it.
    fn code_call(self, recipient: Recipient, check: Option<(String, String)>) {
        let Some(call) = self.call() else {
            return;
        };
        spawn_local(async move {
            // A host may have reset the form while it heard the event that came before.
            if !self.current(&call) {
                return;
            }
            let checking = check
                .as_ref()
                .map(|(id, code)| (id.as_str(), code.as_str()));
            let outcome = crate::submit::code_call(
                &call.api_base,
                &call.token,
                &call.project,
                &recipient,
                checking,
                &call.cancel,
            )
            .await;
            if !self.current(&call) {
                return;
            }
            // Each call gets its own kind of answer (`code_call` classifies by `check`).
            let unexpected = || Failure::from(crate::api::ApiError::InvalidResponse);
            if check.is_some() {
                let outcome = outcome.and_then(|answer| match answer {
                    Answer::Checked(id) => Ok(id),
                    _ => Err(unexpected()),
                });
                self.code_checked(&call, &recipient, outcome);
            } else {
                let outcome = outcome.and_then(|answer| match answer {
                    Answer::Sent(sent) => Ok(sent),
                    _ => Err(unexpected()),
                });
                self.code_sent(&call, &recipient, outcome);
            }
        });
    }

    /// The call's context, unless the form is gone or verifies nothing.
    fn call(self) -> Option<Call> {
        let cancel = self.cancel()?;
        self.state
            .try_with_untracked(|s| {
                let v = s.verification.as_ref()?;
                Some(Call {
                    api_base: v.api_base.clone(),
                    token: v.token.clone(),
                    project: v.project.clone(),
                    registration_id: v.registration_id.clone(),
                    cancel,
                    generation: s.generation,
                })
            })
            .flatten()
    }

    /// Whether an answer to `call` still concerns this form: not removed, not reset since.
    fn current(self, call: &Call) -> bool {
        !call.cancel.aborted()
            && self.state.try_with_untracked(|s| s.generation) == Some(call.generation)
    }

    /// The code step's error, on `recipient`'s channel.
    fn code_error(self, failure: &Failure, recipient: &Recipient) {
        let lang = self.lang.get_untracked();
        self.emit(
            events::ERROR,
            events::code_error(failure, lang, recipient.channel()),
        );
    }

    /// A send's answer: the state, the event, the countdown and focus follow.
    fn code_sent(self, call: &Call, recipient: &Recipient, outcome: Result<CodeSent, Failure>) {
        self.state.update(|s| {
            s.now = now();
            s.code_sent(outcome.as_ref().map_err(|f| &f.error).cloned());
        });
        match &outcome {
            Ok(sent) => self.emit(
                events::CODE_SENT,
                events::code_sent(&call.registration_id, recipient.channel(), &dated(sent)),
            ),
            Err(failure) => self.code_error(failure, recipient),
        }
        self.tick();
        request_animation_frame(move || self.focus_if_here(ids::CODE));
    }

    /// A check's answer: the state and the events follow, then the next channel, or the end.
    fn code_checked(self, call: &Call, recipient: &Recipient, outcome: Result<String, Failure>) {
        let checked = outcome.as_ref().map(|_| ()).map_err(|f| &f.error);
        let next = self
            .state
            .try_update(|s| s.code_checked(checked))
            .unwrap_or(Next::Nothing);
        match &outcome {
            Ok(id) => self.emit(
                events::VERIFIED,
                events::verified(&call.registration_id, recipient.channel(), id),
            ),
            Err(failure) => self.code_error(failure, recipient),
        }
        match next {
            Next::Completed => {
                let verified = self
                    .state
                    .with_untracked(|s| s.verification.as_ref().map(|v| v.verified.clone()))
                    .unwrap_or_default();
                self.emit(
                    events::COMPLETED,
                    events::completed(&call.registration_id, &verified),
                );
                // The code input goes; focus goes to the message that replaces it.
                request_animation_frame(move || self.focus_success());
            }
            // A wrong or expired code: the input, emptied, keeps focus for the next try.
            // The next channel: its code goes out, and the input waits for it.
            next => {
                request_animation_frame(move || self.focus_if_here(ids::CODE));
                self.run_code(next);
            }
        }
    }

    /// Keeps the countdown's clock going, once a second, while a cooldown runs.
    fn tick(self) {
        let Some(left) = self.state.try_update(|s| {
            s.now = now();
            s.verification
                .as_ref()
                .map_or(0, |v| v.cooldown_left(s.now))
        }) else {
            return;
        };
        if left > 0 {
            set_timeout(move || self.tick(), std::time::Duration::from_secs(1));
        }
    }
}
