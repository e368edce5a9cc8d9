//! The form's state: what the person typed and where the registration stands, one plain struct
//! whose methods hold every rule of the form (what an edit clears, when an error shows, what a
//! submit does), and [`FormView`], what the components render, derived from it in one place.
//!
//! Nothing here touches the DOM: the components call these methods and render the view, so the
//! rules run under plain `cargo test`.

mod code;

pub use code::{clock, CodeStatus, CodeView, Next, Verification, PHONE_COOLDOWN_SECS};

use crate::api::verification::{CodeSent, Recipient};
use crate::api::{ApiError, Field, Registration, RegistrationRequest};
use crate::config::{Config, ConfigError, Fields};
use crate::i18n::{errors_summary, t, Msg};
use crate::lang::Lang;
use crate::phone::{region_for_input, validate_phone, PatternMatcher, PhoneError};
use crate::token::Token;
use crate::validate::{check_form, EmailError, FormCheck};

/// Where the form is between submits.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Status {
    /// Ready to send.
    #[default]
    Idle,
    /// A registration (or the phone table it waits for) is on its way.
    Busy,
    /// Registered, and verifying the e-mail and/or phone with codes.
    Verifying,
    /// Registered (and verified, when asked); the message says so.
    Done(Msg),
    /// The last submit failed with an error that belongs to no field.
    Failed(ApiError),
}

/// Everything the person did to the form, and what came of it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormState {
    /// The e-mail box, as typed.
    pub email: String,
    /// The number box, as typed (national digits once an international number was recognised).
    pub phone: String,
    /// The picked country (ISO code).
    pub country: Option<&'static str>,
    /// The country the form chose for the person (see [`FormState::preselect`]).
    preselected: Option<&'static str>,
    email_touched: bool,
    phone_touched: bool,
    submitted: bool,
    email_api_error: Option<ApiError>,
    phone_api_error: Option<ApiError>,
    /// How many fields the last refused submit found wrong (the live summary).
    summary: Option<usize>,
    /// Where the registration stands.
    pub status: Status,
    /// Focus moved onto the success message, which then stops being a live region (focus
    /// reads it; the region would read it a second time).
    success_by_focus: bool,
    /// Whether phone numbers can be judged: the metadata table is loaded once the form is
    /// interactive; until then a number gets no verdict.
    pub metadata: bool,
    /// Bumped by [`FormState::reset`]: an answer that arrives for an earlier generation no
    /// longer changes the form.
    pub generation: u32,
    /// The code step, once a registration goes on to verify.
    pub verification: Option<Verification>,
    /// This device's clock, in seconds, as last read (the code step's countdown).
    pub now: u64,
}

/// What a press of the submit button leads to.
#[derive(Clone, Debug, PartialEq)]
pub enum Submit {
    /// Nothing: a request is in flight, or the registration is done.
    Nothing,
    /// A field is wrong: focus it (the summary says how many are).
    Focus(Field),
    /// A number was typed before the phone table arrived: load it, then submit again.
    AwaitMetadata,
    /// The browser is offline: nothing was sent.
    Offline,
    /// Send this registration.
    Send(RegistrationRequest),
    /// The code step's next call (Enter in the code input).
    Code(Next),
}

/// What the person is told after a registration: where the next step was sent.
fn next_step_message(request: &RegistrationRequest) -> Msg {
    match (request.email.is_some(), request.phone.is_some()) {
        (true, true) => Msg::RegisteredBoth,
        (false, true) => Msg::RegisteredPhone,
        _ => Msg::RegisteredEmail,
    }
}

fn email_message(error: EmailError) -> Msg {
    match error {
        EmailError::Required => Msg::ErrEmailRequired,
        EmailError::InvalidFormat => Msg::ErrEmailInvalid,
        EmailError::TooLong => Msg::ErrEmailTooLong,
    }
}

fn phone_message(error: PhoneError) -> Option<Msg> {
    Some(match error {
        PhoneError::Required => Msg::ErrPhoneRequired,
        PhoneError::InvalidCharacters => Msg::ErrPhoneInvalidCharacters,
        PhoneError::InvalidCountry => Msg::ErrPhoneInvalidCountry,
        PhoneError::TooShort => Msg::ErrPhoneTooShort,
        PhoneError::TooLong => Msg::ErrPhoneTooLong,
        PhoneError::InvalidNumber => Msg::ErrPhoneInvalid,
        // No verdict without the table: a submit waits for it.
        PhoneError::Unchecked => return None,
    })
}

impl FormState {
    /// A new, empty form; `metadata`: the phone table is there.
    pub fn new(metadata: bool) -> FormState {
        FormState {
            metadata,
            ..FormState::default()
        }
    }

    /// Chooses the country for the person: the host's `default-country`, else the browser's
    /// region (`browser_region`) if the host allows it. It follows live changes of the
    /// configuration until the person picks a country (or types an international number); a
    /// country the host no longer allows is dropped. Returns whether the country changed.
    pub fn preselect(&mut self, config: &Config, browser_region: Option<&'static str>) -> bool {
        let allowed = |iso: &&'static str| {
            config
                .countries
                .as_ref()
                .is_none_or(|list| list.contains(iso))
        };
        let current = self.country;
        let picked = current.is_some() && current != self.preselected;
        if picked && current.as_ref().is_some_and(allowed) {
            return false;
        }
        let fallback = config
            .default_country
            .or_else(|| browser_region.filter(allowed));
        self.preselected = fallback;
        if current == fallback {
            return false;
        }
        self.country = fallback;
        true
    }

    /// The whole form checked against `config`.
    pub fn check(&self, config: &Config, matcher: &impl PatternMatcher) -> FormCheck {
        check_form(
            config.fields,
            &self.email,
            &self.phone,
            self.country,
            config.countries.as_deref(),
            matcher,
        )
    }

    /// The person typed in the e-mail box.
    pub fn edit_email(&mut self, text: String) {
        self.email = text;
        self.email_api_error = None;
        self.summary = None;
    }

    /// The person typed in the number box. An international number picks its country (one
    /// the host allows); once complete, only the national digits stay in the box, next to the
    /// country's dial code.
    pub fn edit_phone(&mut self, text: String, config: &Config, matcher: &impl PatternMatcher) {
        self.phone_api_error = None;
        self.summary = None;
        let allowed = |iso: &str| config.countries.as_ref().is_none_or(|l| l.contains(&iso));
        let current = self.country.unwrap_or_default();
        if let Some(iso) = region_for_input(current, &text, matcher).filter(|iso| allowed(iso)) {
            self.country = Some(iso);
            if let Ok(number) = validate_phone(iso, &text, matcher) {
                self.phone = number.national;
                return;
            }
        }
        self.phone = text;
    }

    /// The person picked a country.
    pub fn pick_country(&mut self, iso: &'static str) {
        self.country = Some(iso);
        self.phone_api_error = None;
    }

    /// The person left a field: from now on its errors show (unless it is still empty).
    pub fn leave(&mut self, field: Field) {
        match field {
            Field::Email if !self.email.trim().is_empty() => self.email_touched = true,
            Field::Phone if !self.phone.trim().is_empty() => self.phone_touched = true,
            _ => {}
        }
    }

    /// The submit button was pressed (or Enter in a field).
    pub fn submit(
        &mut self,
        config: &Config,
        lang: Lang,
        offline: bool,
        matcher: &impl PatternMatcher,
    ) -> Submit {
        // One request in flight at a time, and a finished registration is not sent again.
        match self.status {
            Status::Busy | Status::Done(_) => return Submit::Nothing,
            Status::Verifying => return Submit::Code(self.code_check_now()),
            Status::Idle | Status::Failed(_) => {}
        }
        self.submitted = true;
        let checked = self.check(config, matcher);
        if checked.phone == Err(PhoneError::Unchecked) {
            self.status = Status::Busy;
            return Submit::AwaitMetadata;
        }
        let Some((email, phone)) = checked.valid() else {
            self.summary = Some(checked.error_count());
            let email_first = checked.email.is_err() || checked.missing_both;
            return Submit::Focus(if email_first {
                Field::Email
            } else {
                Field::Phone
            });
        };
        self.summary = None;
        self.email_api_error = None;
        self.phone_api_error = None;
        if offline {
            self.status = Status::Failed(ApiError::Offline);
            return Submit::Offline;
        }
        self.status = Status::Busy;
        Submit::Send(RegistrationRequest {
            project: config.project.clone(),
            project_flow: config.project_flow.clone(),
            email,
            phone: phone.map(|p| (p.national, p.country_code)),
            language: lang,
        })
    }

    /// The phone table a submit waited for arrived (`true`) or could not be loaded.
    pub fn metadata_loaded(&mut self, loaded: bool) {
        if loaded {
            self.metadata = true;
            self.status = Status::Idle;
        } else {
            self.status = Status::Failed(ApiError::Network);
        }
    }

    /// `request` was registered as `registration`, at `api_base`. With `verify` (and its
    /// token), the code step starts there: the first send is returned. Else the form says where the next step went.
    /// `by_focus`: focus was on the button that now goes away, and moves to the message.
    pub fn registered(
        &mut self,
        request: &RegistrationRequest,
        registration: &Registration,
        verify: crate::config::Channels,
        api_base: &str,
        by_focus: bool,
    ) -> Next {
        let token = registration
            .registration_token
            .as_deref()
            .and_then(Token::new);
        let started = token.and_then(|token| {
            let id = registration.id.clone();
            Verification::start(id, token, api_base.to_owned(), request, verify)
        });
        if let Some((verification, first)) = started {
            self.verification = Some(verification);
            self.status = Status::Verifying;
            return Next::Send(first);
        }
        self.success_by_focus = by_focus;
        self.status = Status::Done(next_step_message(request));
        Next::Nothing
    }

    /// Runs `step` on the code step, if there is one; a completed verification ends the form:
    /// its message takes focus from the code input, which goes away.
    fn code_step(&mut self, step: impl FnOnce(&mut Verification) -> Next) -> Next {
        let Some(verification) = self.verification.as_mut() else {
            return Next::Nothing;
        };
        let next = step(verification);
        if next == Next::Completed {
            self.status = Status::Done(verification.completed_message());
            self.success_by_focus = true;
        }
        next
    }

    /// The person typed in the code input.
    pub fn code_edit(&mut self, text: String) -> Next {
        self.code_step(|v| v.edit(text))
    }

    /// The person pressed Enter in the code input, or the button.
    pub fn code_check_now(&mut self) -> Next {
        self.code_step(Verification::check_now)
    }

    /// A code's send answered.
    pub fn code_sent(&mut self, outcome: Result<CodeSent, &ApiError>) {
        let now = self.now;
        self.code_step(|v| {
            v.sent(outcome, now);
            Next::Nothing
        });
    }

    /// A code's check answered.
    pub fn code_checked(&mut self, outcome: Result<(), &ApiError>) -> Next {
        self.code_step(|v| v.checked(outcome))
    }

    /// The person asked for a new code.
    pub fn code_resend(&mut self) -> Next {
        let now = self.now;
        self.code_step(|v| v.resend(now))
    }

    /// Where the current code goes, while verifying.
    pub fn recipient(&self) -> Option<&Recipient> {
        self.verification.as_ref()?.recipient()
    }

    /// A submit failed with `error`. An error in a field the form shows is shown there, and
    /// that field is returned, to be focused; anything else is shown above the button.
    pub fn failed(&mut self, error: ApiError, fields: Fields) -> Option<Field> {
        let field = error.field().filter(|field| match field {
            Field::Email => fields.email(),
            Field::Phone => fields.phone(),
        });
        match field {
            Some(Field::Email) => self.email_api_error = Some(error),
            Some(Field::Phone) => self.phone_api_error = Some(error),
            None => {
                self.status = Status::Failed(error);
                return None;
            }
        }
        // The form can be sent again; the summary (a live region) says a field needs attention,
        // which is what is announced when focus was in that field already.
        self.status = Status::Idle;
        self.summary = Some(1);
        field
    }

    /// The browser is back online: the offline notice goes, and the person can send again.
    pub fn back_online(&mut self) {
        if self.status == Status::Failed(ApiError::Offline) {
            self.status = Status::Idle;
        }
    }

    /// Empties the form for a new registration (the element's `reset()`); the country stays.
    pub fn reset(&mut self) {
        *self = FormState {
            country: self.country,
            preselected: self.preselected,
            metadata: self.metadata,
            generation: self.generation.wrapping_add(1),
            ..FormState::default()
        };
    }
}

/// A field as the person sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldView {
    /// Shown at all.
    pub shown: bool,
    /// The only field shown, so required (`aria-required`).
    pub required: bool,
    /// The error shown under it.
    pub error: Option<&'static str>,
}

/// Everything the form shows that depends on more than one input: derived once per change,
/// compared, and rendered as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FormView {
    /// The configuration's problem, in full, when it is unusable (the form is then hidden).
    pub config_error: Option<String>,
    /// Both fields are shown: the form says either will do.
    pub both: bool,
    /// The e-mail field.
    pub email: FieldView,
    /// The phone field.
    pub phone: FieldView,
    /// What is being sent, or was registered, cannot change.
    pub locked: bool,
    /// A registration is on its way.
    pub busy: bool,
    /// Registered: the button is gone.
    pub done: bool,
    /// The button's text.
    pub submit: &'static str,
    /// The live summary after a refused submit.
    pub summary: Option<&'static str>,
    /// The error above the button.
    pub form_error: Option<&'static str>,
    /// The success message.
    pub success: Option<&'static str>,
    /// The success message took focus, and is no live region.
    pub success_by_focus: bool,
    /// The code step, while verifying.
    pub code: Option<CodeView>,
}

impl FormView {
    /// What `state` looks like under `config`, in `lang`.
    pub fn new(
        state: &FormState,
        config: &Result<Config, ConfigError>,
        lang: Lang,
        matcher: &impl PatternMatcher,
    ) -> FormView {
        let config = match config {
            Ok(config) => config,
            Err(problem) => {
                return FormView {
                    config_error: Some(ApiError::Config(problem.clone()).message(lang)),
                    submit: t(lang, Msg::Submit),
                    ..FormView::default()
                }
            }
        };
        let fields = config.fields;
        let check = state.check(config, matcher);
        let text = |msg| t(lang, msg);
        let email_error = if let Some(error) = &state.email_api_error {
            Some(text(error.msg()))
        } else if state.submitted && check.missing_both {
            Some(text(Msg::ErrEmailOrPhoneRequired))
        } else {
            let shown = state.email_touched || state.submitted;
            check
                .email
                .err()
                .filter(|_| shown)
                .map(|e| text(email_message(e)))
        };
        let phone_error = if let Some(error) = &state.phone_api_error {
            Some(text(error.msg()))
        } else {
            let shown = state.phone_touched || state.submitted;
            check
                .phone
                .err()
                .filter(|_| shown)
                .and_then(phone_message)
                .map(text)
        };
        let code = state
            .verification
            .as_ref()
            .filter(|_| state.status == Status::Verifying)
            .map(|v| CodeView::new(v, lang, state.now));
        // The fields stay as sent while the codes are asked for, out of the way.
        let form = code.is_none();
        let busy = state.status == Status::Busy || code.as_ref().is_some_and(|c| c.busy);
        let done = matches!(state.status, Status::Done(_));
        let failed = matches!(state.status, Status::Failed(_));
        FormView {
            config_error: None,
            both: form && fields == Fields::Both,
            email: FieldView {
                shown: form && fields.email(),
                required: fields == Fields::Email,
                error: email_error,
            },
            phone: FieldView {
                shown: form && fields.phone(),
                required: fields == Fields::Phone,
                error: phone_error,
            },
            locked: state.status != Status::Idle && !failed,
            busy,
            done,
            submit: text(if !form {
                Msg::CodeCheck
            } else if busy {
                Msg::Submitting
            } else if failed {
                Msg::TryAgain
            } else {
                Msg::Submit
            }),
            summary: state.summary.map(|n| errors_summary(lang, n)),
            form_error: match &state.status {
                Status::Failed(error) => Some(text(error.msg())),
                _ => None,
            },
            success: match state.status {
                Status::Done(msg) => Some(text(msg)),
                _ => None,
            },
            success_by_focus: state.success_by_focus,
            code,
        }
    }
}

// Native only: they use the `regex` stand-in for the browser's RegExp.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
