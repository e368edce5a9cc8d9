//! The code step (README.md, Quick start, step 4): after a registration, each channel the host
//! asked to verify and the person filled in gets a six-digit code, e-mail first, and the person
//! types it here. One plain struct with methods, as the form's own state: the component does
//! what they return.

use crate::api::verification::{read_code, CodeInput, CodeSent, Gateway, Recipient};
use crate::api::{ApiError, RegistrationRequest};
use crate::config::{Channel, Channels};
use crate::i18n::{fill, t, Msg};
use crate::lang::Lang;
use crate::token::Token;

/// Seconds before a phone code may be sent again: Verifik answers `otp_recently_sent` within
/// about two minutes of a send.
pub const PHONE_COOLDOWN_SECS: u64 = 120;

/// Where the current code stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeStatus {
    /// A code is being sent.
    Sending,
    /// Waiting for the person.
    Ready,
    /// The typed code is being checked.
    Checking,
}

/// What the component does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// Nothing.
    Nothing,
    /// Send a code to this recipient.
    Send(Recipient),
    /// Check `code` for `recipient`, sent as the validation `validation_id`.
    Check {
        /// Where the code went.
        recipient: Recipient,
        /// The send's `data._id`.
        validation_id: String,
        /// Six digits.
        code: String,
    },
    /// Every channel is verified.
    Completed,
}

/// A registration verifying its e-mail and/or phone.
#[derive(Clone, Debug, PartialEq)]
pub struct Verification {
    /// `data.appRegistration._id`.
    pub registration_id: String,
    /// The registration's own token (`data.token`): the bearer of every call here, never shown.
    pub token: Token,
    /// The project the codes are for.
    pub project: String,
    /// The API origin of the registration: every call of its code step goes there, whatever
    /// the host changes `api-base` to meanwhile.
    pub api_base: String,
    /// The channels left to verify, the current one first.
    pending: Vec<Recipient>,
    /// The channels verified so far.
    pub verified: Vec<Channel>,
    /// What the current code's last send answered.
    pub sent: Option<CodeSent>,
    /// What the person typed.
    pub code: String,
    /// Where the current code stands.
    pub status: CodeStatus,
    /// What is wrong, shown by the code input.
    pub error: Option<Msg>,
    /// A code may be sent again from this time on (seconds, this device's clock).
    pub cooldown_until: u64,
    /// A code was sent again: the status region says so.
    pub resent: bool,
}

impl Verification {
    /// Starts verifying what `request` registered at `api_base`, of the channels the host
    /// asked for (e-mail first); `None` when there is nothing to verify. The first send is due.
    pub fn start(
        registration_id: String,
        token: Token,
        api_base: String,
        request: &RegistrationRequest,
        channels: Channels,
    ) -> Option<(Verification, Recipient)> {
        let mut pending = Vec::with_capacity(2);
        if let Some(email) = request.email.as_ref().filter(|_| channels.email) {
            pending.push(Recipient::Email(email.clone()));
        }
        if let Some((national, code)) = request.phone.as_ref().filter(|_| channels.phone) {
            pending.push(Recipient::Phone(national.clone(), code.clone()));
        }
        let first = pending.first()?.clone();
        let verification = Verification {
            registration_id,
            token,
            project: request.project.clone(),
            api_base,
            pending,
            verified: Vec::new(),
            sent: None,
            code: String::new(),
            status: CodeStatus::Sending,
            error: None,
            cooldown_until: 0,
            resent: false,
        };
        Some((verification, first))
    }

    /// The channel being verified, and where its code goes.
    pub fn recipient(&self) -> Option<&Recipient> {
        self.pending.first()
    }

    /// A send answered, at `now` (seconds). A phone's cooldown starts with a send, and with
    /// an `otp_recently_sent` (no new message went out, the last one is still on its way).
    pub fn sent(&mut self, outcome: Result<CodeSent, &ApiError>, now: u64) {
        let phone = self.recipient().map(Recipient::channel) == Some(Channel::Phone);
        self.status = CodeStatus::Ready;
        match outcome {
            Ok(sent) => {
                self.resent = self.sent.is_some();
                self.sent = Some(sent);
                self.error = None;
                if phone {
                    self.cooldown_until = now.saturating_add(PHONE_COOLDOWN_SECS);
                }
            }
            Err(error) => {
                self.error = Some(error.msg());
                if *error == ApiError::CodeRecentlySent {
                    self.cooldown_until = now.saturating_add(PHONE_COOLDOWN_SECS);
                }
            }
        }
    }

    /// Whether `request` has a channel that `channels` asks to verify.
    pub fn wanted(request: &RegistrationRequest, channels: Channels) -> bool {
        (channels.email && request.email.is_some()) || (channels.phone && request.phone.is_some())
    }

    /// The check that `code` (as typed) calls for, if it is complete and can be checked now.
    fn check(&mut self) -> Next {
        let CodeInput::Complete(code) = read_code(&self.code) else {
            return Next::Nothing;
        };
        let Some(recipient) = self.recipient().cloned() else {
            return Next::Nothing;
        };
        if self.status != CodeStatus::Ready {
            return Next::Nothing;
        }
        let validation_id = match (&self.sent, &recipient) {
            (Some(sent), _) => sent.validation_id.clone(),
            // A phone code is checked by its number: one whose send's answer was lost (or that
            // is still on its way, `otp_recently_sent`) can be checked all the same.
            (None, Recipient::Phone(..)) => String::new(),
            // An e-mail code is checked through its send's answer: a new one gives it.
            (None, Recipient::Email(_)) => {
                self.error = Some(Msg::ErrCodeNotSent);
                return Next::Nothing;
            }
        };
        let next = Next::Check {
            recipient,
            validation_id,
            code,
        };
        self.status = CodeStatus::Checking;
        self.error = None;
        self.resent = false;
        next
    }

    /// The person typed or pasted in the code input: six digits are checked at once.
    pub fn edit(&mut self, text: String) -> Next {
        if self.status == CodeStatus::Checking {
            return Next::Nothing;
        }
        self.code = text;
        self.error = (read_code(&self.code) == CodeInput::Invalid).then_some(Msg::ErrCodeFormat);
        self.check()
    }

    /// The person asked to check what is typed (Enter, or the button).
    pub fn check_now(&mut self) -> Next {
        match read_code(&self.code) {
            CodeInput::Complete(_) => self.check(),
            _ if self.status == CodeStatus::Ready => {
                self.error = Some(Msg::ErrCodeFormat);
                Next::Nothing
            }
            _ => Next::Nothing,
        }
    }

    /// A check answered. An accepted code moves on to the next channel (its send is due), or
    /// completes. A wrong, expired or spent code empties the input for another try; after a
    /// failure to reach the service the code stays, to be checked again.
    pub fn checked(&mut self, outcome: Result<(), &ApiError>) -> Next {
        self.status = CodeStatus::Ready;
        match outcome {
            Ok(()) => {
                if !self.pending.is_empty() {
                    let done = self.pending.remove(0);
                    self.verified.push(done.channel());
                }
                self.sent = None;
                self.code.clear();
                self.error = None;
                self.cooldown_until = 0;
                match self.pending.first() {
                    Some(next) => {
                        self.status = CodeStatus::Sending;
                        Next::Send(next.clone())
                    }
                    None => Next::Completed,
                }
            }
            Err(error) => {
                self.error = Some(error.msg());
                if matches!(
                    error,
                    ApiError::CodeMismatch
                        | ApiError::CodeExpired
                        | ApiError::VerificationNotFound
                        | ApiError::TooManyAttempts
                ) {
                    self.code.clear();
                }
                Next::Nothing
            }
        }
    }

    /// The e-mail was verified and the phone's step has begun, with nothing typed or wrong yet.
    fn email_just_verified(&self) -> bool {
        self.verified.contains(&Channel::Email)
            && self.recipient().map(Recipient::channel) == Some(Channel::Phone)
            && self.code.is_empty()
            && self.error.is_none()
    }

    /// Seconds left before a new code may be sent, at `now`.
    pub fn cooldown_left(&self, now: u64) -> u64 {
        self.cooldown_until.saturating_sub(now)
    }

    /// The person asked for a new code, at `now`: sent unless one is on its way, being checked,
    /// or the cooldown runs.
    pub fn resend(&mut self, now: u64) -> Next {
        if self.status != CodeStatus::Ready || self.cooldown_left(now) > 0 {
            return Next::Nothing;
        }
        let Some(recipient) = self.recipient().cloned() else {
            return Next::Nothing;
        };
        self.status = CodeStatus::Sending;
        self.error = None;
        self.code.clear();
        Next::Send(recipient)
    }

    /// What the person is told once every channel is verified.
    pub fn completed_message(&self) -> Msg {
        match (
            self.verified.contains(&Channel::Email),
            self.verified.contains(&Channel::Phone),
        ) {
            (true, true) => Msg::VerifiedBoth,
            (false, true) => Msg::VerifiedPhone,
            _ => Msg::VerifiedEmail,
        }
    }
}

/// `secs` as the countdown shows it: `m:ss`.
pub fn clock(secs: u64) -> String {
    // The cooldown is two minutes: minutes are one digit.
    let minutes = (secs / 60).min(9) as u8;
    let seconds = (secs % 60) as u8;
    [
        b'0' + minutes,
        b':',
        b'0' + seconds / 10,
        b'0' + seconds % 10,
    ]
    .iter()
    .map(|&b| char::from(b))
    .collect()
}

/// The code step as the person sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CodeView {
    /// Where the code went (or is going).
    pub intro: String,
    /// What is wrong with the code, or with its send or check.
    pub error: Option<&'static str>,
    /// The error is about what was typed (`aria-invalid`), not about a send or the service.
    pub invalid: bool,
    /// Said in the status region: checking, or a new code sent.
    pub status: Option<&'static str>,
    /// The send button's text, with the countdown while a cooldown runs.
    pub resend: String,
    /// The send button does nothing now (cooldown, or a send or check on its way).
    pub resend_blocked: bool,
    /// A send or check is on its way: the input takes no edits.
    pub busy: bool,
}

impl CodeView {
    /// How `verification` looks at `now`, in `lang`.
    pub fn new(verification: &Verification, lang: Lang, now: u64) -> CodeView {
        let to = verification
            .recipient()
            .map(Recipient::display)
            .unwrap_or_default();
        let intro = match (&verification.status, &verification.sent) {
            (CodeStatus::Sending, _) => Msg::CodeSending,
            // `otp_recently_sent`: the code sent before is on its way.
            (_, None) if verification.cooldown_until > 0 => Msg::CodeSentEmail,
            (_, None) => Msg::CodeNotSent,
            (_, Some(sent)) => match sent.gateway {
                Some(Gateway::Sms) => Msg::CodeSentSms,
                Some(Gateway::WhatsApp) => Msg::CodeSentWhatsApp,
                None => Msg::CodeSentEmail,
            },
        };
        let left = verification.cooldown_left(now);
        let resend = if left > 0 {
            fill(t(lang, Msg::CodeResendIn), &[&clock(left)])
        } else {
            t(lang, Msg::CodeResend).to_owned()
        };
        let busy = verification.status != CodeStatus::Ready;
        CodeView {
            intro: fill(t(lang, intro), &[&to]),
            error: verification.error.map(|msg| t(lang, msg)),
            invalid: matches!(
                verification.error,
                Some(
                    Msg::ErrCodeFormat
                        | Msg::ErrCodeMismatch
                        | Msg::ErrCodeExpired
                        | Msg::ErrVerificationNotFound
                )
            ),
            status: match verification.status {
                CodeStatus::Checking => Some(t(lang, Msg::CodeChecking)),
                _ if verification.resent => Some(t(lang, Msg::CodeResent)),
                // Said once, as the phone's step begins: the e-mail's code was right.
                _ if verification.email_just_verified() => Some(t(lang, Msg::CodeEmailVerified)),
                _ => None,
            },
            resend,
            resend_blocked: busy || left > 0,
            busy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::verification::Gateway;

    fn request(email: bool, phone: bool) -> RegistrationRequest {
        RegistrationRequest {
            project: "5f8d0a24c6345c001fa9e2b3".into(),
            project_flow: "5f8d0a24c6345c001fa9e2b4".into(),
            email: email.then(|| "user@example.com".into()),
            phone: phone.then(|| ("3001234567".into(), "+57".into())),
            language: Lang::En,
        }
    }

    fn both() -> Channels {
        Channels {
            email: true,
            phone: true,
        }
    }

    fn start(email: bool, phone: bool, channels: Channels) -> Option<(Verification, Recipient)> {
        let token = Token::new("registration.token.jwt").expect("a token");
        let api = "https://api.verifik.co".to_owned();
        Verification::start("r1".into(), token, api, &request(email, phone), channels)
    }

    fn sent(gateway: Option<Gateway>) -> CodeSent {
        CodeSent {
            validation_id: "v1".into(),
            expires_at: None,
            gateway,
        }
    }

    #[test]
    fn only_channels_asked_for_and_filled_in_are_verified_email_first() {
        let (verification, first) = start(true, true, both()).expect("something to verify");
        assert_eq!(first, Recipient::Email("user@example.com".into()));
        assert_eq!(verification.pending.len(), 2);
        let (_, first) = start(false, true, both()).expect("the phone");
        assert_eq!(first, Recipient::Phone("3001234567".into(), "+57".into()));
        let email_only = Channels {
            email: true,
            phone: false,
        };
        assert!(
            start(false, true, email_only).is_none(),
            "no e-mail was given"
        );
        assert!(start(true, true, Channels::default()).is_none());
    }

    #[test]
    fn six_digits_typed_or_pasted_are_checked_once() {
        let (mut v, _) = start(true, false, both()).unwrap();
        assert_eq!(
            v.edit("12".into()),
            Next::Nothing,
            "not before the code is sent"
        );
        v.sent(Ok(sent(None)), 0);
        assert_eq!(v.edit("123".into()), Next::Nothing);
        assert_eq!(v.error, None);
        let check = v.edit("123-456".into());
        assert_eq!(
            check,
            Next::Check {
                recipient: Recipient::Email("user@example.com".into()),
                validation_id: "v1".into(),
                code: "123456".into()
            }
        );
        assert_eq!(v.status, CodeStatus::Checking);
        assert_eq!(
            v.edit("123456".into()),
            Next::Nothing,
            "one check at a time"
        );
        assert_eq!(v.check_now(), Next::Nothing);
        let mut wrong = start(true, false, both()).unwrap().0;
        wrong.sent(Ok(sent(None)), 0);
        assert_eq!(wrong.edit("12a".into()), Next::Nothing);
        assert_eq!(wrong.error, Some(Msg::ErrCodeFormat));
        assert_eq!(wrong.check_now(), Next::Nothing);
    }

    #[test]
    fn a_wrong_code_empties_the_input_and_a_network_failure_keeps_it() {
        let (mut v, _) = start(true, false, both()).unwrap();
        v.sent(Ok(sent(None)), 0);
        v.edit("111111".into());
        assert_eq!(v.checked(Err(&ApiError::CodeMismatch)), Next::Nothing);
        assert_eq!((v.code.as_str(), v.error), ("", Some(Msg::ErrCodeMismatch)));
        assert_eq!(v.status, CodeStatus::Ready);
        v.edit("222222".into());
        v.checked(Err(&ApiError::Network));
        assert_eq!(
            v.code, "222222",
            "typed again later, or checked again with Enter"
        );
        assert!(matches!(v.check_now(), Next::Check { .. }));
    }

    #[test]
    fn verified_channels_move_on_and_complete() {
        let (mut v, _) = start(true, true, both()).unwrap();
        v.sent(Ok(sent(None)), 0);
        v.edit("123456".into());
        let next = v.checked(Ok(()));
        assert_eq!(
            next,
            Next::Send(Recipient::Phone("3001234567".into(), "+57".into()))
        );
        assert_eq!(v.verified, [Channel::Email]);
        assert_eq!((v.code.as_str(), v.sent.is_none()), ("", true));
        let shown = CodeView::new(&v, Lang::En, 1);
        assert_eq!(shown.status, Some("Your e-mail is verified."));
        v.sent(Ok(sent(Some(Gateway::Sms))), 100);
        let shown = CodeView::new(&v, Lang::En, 100);
        assert_eq!(shown.status, Some("Your e-mail is verified."));
        v.edit("6".into());
        assert_eq!(CodeView::new(&v, Lang::En, 100).status, None, "said once");
        v.edit("654321".into());
        assert_eq!(v.checked(Ok(())), Next::Completed);
        assert_eq!(v.verified, [Channel::Email, Channel::Phone]);
        assert_eq!(v.completed_message(), Msg::VerifiedBoth);
    }

    #[test]
    fn a_phone_code_cannot_be_sent_again_for_two_minutes() {
        let (mut v, _) = start(false, true, both()).unwrap();
        v.sent(Ok(sent(Some(Gateway::WhatsApp))), 1_000);
        assert_eq!(v.resend(1_060), Next::Nothing);
        let shown = CodeView::new(&v, Lang::En, 1_060);
        assert_eq!(shown.resend, "Send a new code in 1:00");
        assert!(shown.resend_blocked);
        assert_eq!(
            shown.intro,
            "We sent a 6-digit code by WhatsApp to +57 3001234567."
        );
        assert!(matches!(v.resend(1_120), Next::Send(_)));
        assert_eq!(v.status, CodeStatus::Sending);
        v.sent(Err(&ApiError::CodeRecentlySent), 1_121);
        assert_eq!(
            v.cooldown_left(1_121),
            120,
            "the server said it is too soon"
        );
        let shown = CodeView::new(&v, Lang::Es, 1_200);
        assert_eq!(shown.resend, "Enviar un código nuevo en 0:41");
        assert_eq!(
            shown.error,
            Some("Se envió un código hace un momento. Espera un poco antes de pedir otro.")
        );
    }

    #[test]
    fn an_e_mail_code_can_be_sent_again_at_once_and_the_view_says_so() {
        let (mut v, _) = start(true, false, both()).unwrap();
        assert_eq!(
            CodeView::new(&v, Lang::Pt, 0).intro,
            "Enviando um código para user@example.com…"
        );
        v.sent(Ok(sent(None)), 0);
        assert_eq!(
            CodeView::new(&v, Lang::En, 0).intro,
            "We sent a 6-digit code to user@example.com."
        );
        assert!(matches!(v.resend(0), Next::Send(_)));
        v.sent(Ok(sent(None)), 1);
        let shown = CodeView::new(&v, Lang::En, 1);
        assert_eq!(shown.status, Some("We sent a new code."));
        assert!(!shown.resend_blocked);
    }

    #[test]
    fn a_failed_first_send_is_not_said_to_be_on_its_way() {
        let (mut v, _) = start(true, false, both()).unwrap();
        v.sent(Err(&ApiError::Server), 0);
        let shown = CodeView::new(&v, Lang::Es, 0);
        assert_eq!(
            shown.intro,
            "No pudimos enviar un código a user@example.com."
        );
        assert!(
            !shown.busy && !shown.resend_blocked,
            "a new code can be asked for"
        );
    }

    #[test]
    fn a_phone_code_whose_send_answer_was_lost_can_be_checked_an_e_mail_code_asks_for_a_new_one() {
        let (mut v, _) = start(false, true, both()).unwrap();
        v.sent(Err(&ApiError::Timeout), 0);
        assert!(matches!(
            v.edit("123456".into()),
            Next::Check { ref validation_id, .. } if validation_id.is_empty()
        ));
        let (mut v, _) = start(true, false, both()).unwrap();
        v.sent(Err(&ApiError::Timeout), 0);
        assert_eq!(v.edit("123456".into()), Next::Nothing);
        assert_eq!(v.error, Some(Msg::ErrCodeNotSent), "not silently ignored");
        let shown = CodeView::new(&v, Lang::En, 0);
        assert!(!shown.invalid, "the typed code is not what is wrong");
    }

    #[test]
    fn a_code_still_on_its_way_is_said_to_be_sent_and_only_typing_errors_mark_the_input() {
        let (mut v, _) = start(false, true, both()).unwrap();
        v.sent(Err(&ApiError::CodeRecentlySent), 0);
        let shown = CodeView::new(&v, Lang::En, 10);
        assert_eq!(shown.intro, "We sent a 6-digit code to +57 3001234567.");
        assert!(!shown.invalid);
        v.edit("12a".into());
        assert!(CodeView::new(&v, Lang::En, 10).invalid);
    }

    #[test]
    fn the_countdown_reads_minutes_and_seconds() {
        assert_eq!(clock(120), "2:00");
        assert_eq!(clock(61), "1:01");
        assert_eq!(clock(9), "0:09");
    }
}
