//! The e-mail and phone validations of a sandbox run: who they belong to, their codes,
//! when they expire, and the phone cooldown.
//!
//! Every send and check is one step under one lock, so that two sends racing within the
//! cooldown give one message, and a code is accepted once at most.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use time::OffsetDateTime;

use super::Gateway;
use crate::error::VerificationError;

/// How long a code lives; each send (a re-send too) starts it again.
pub const CODE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// How long after a phone code another may go to the same number and gateway.
pub const PHONE_COOLDOWN: Duration = Duration::from_secs(2 * 60);

/// Where a validation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A code went out and waits to be checked.
    Sent,
    /// The code was accepted; it cannot be used again.
    Validated,
}

/// What a send needs from the caller: a new validation's id and a new code, drawn only when
/// a code goes out (a phone re-send uses only the code).
pub struct Fresh {
    /// Validation id.
    pub id: String,
    /// The code.
    pub code: u32,
}

/// An e-mail validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailValidation {
    /// Validation id.
    pub id: String,
    /// The registration it belongs to.
    pub registration_id: String,
    /// The address, normalized.
    pub email: String,
    /// The code.
    pub code: u32,
    /// End of the code's life, on the sandbox clock.
    pub expires_at: OffsetDateTime,
    /// Sent or validated.
    pub status: Status,
}

/// A phone validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneValidation {
    /// Validation id.
    pub id: String,
    /// The registration it belongs to.
    pub registration_id: String,
    /// The registration's project.
    pub project: String,
    /// The registration's project flow.
    pub project_flow: String,
    /// `+` and digits.
    pub country_code: String,
    /// National digits.
    pub phone: String,
    /// How the code went out.
    pub gateway: Gateway,
    /// The code.
    pub code: u32,
    /// End of the code's life, on the sandbox clock.
    pub expires_at: OffsetDateTime,
    /// The last send, on the sandbox clock.
    pub sent_at: OffsetDateTime,
    /// Sent or validated.
    pub status: Status,
}

/// Who asks for a phone code, and where it goes.
#[derive(Debug, Clone)]
pub struct PhoneSend {
    /// The registration.
    pub registration_id: String,
    /// The registration's project.
    pub project: String,
    /// The registration's project flow.
    pub project_flow: String,
    /// `+` and digits.
    pub country_code: String,
    /// National digits.
    pub phone: String,
    /// How it goes out.
    pub gateway: Gateway,
}

/// Which pending phone validation a check means.
#[derive(Debug, Clone)]
pub struct PhoneLookup<'a> {
    /// The registration of the bearer token.
    pub registration_id: &'a str,
    /// `+` and digits.
    pub country_code: &'a str,
    /// National digits.
    pub phone: &'a str,
    /// Only in this project, if given.
    pub project: Option<&'a str>,
    /// Only in this project flow, if given.
    pub project_flow: Option<&'a str>,
    /// Only by this gateway, if given.
    pub gateway: Option<&'a str>,
}

impl PhoneLookup<'_> {
    fn matches(&self, v: &PhoneValidation) -> bool {
        v.status == Status::Sent
            && v.registration_id == self.registration_id
            && v.country_code == self.country_code
            && v.phone == self.phone
            && self.project.is_none_or(|p| p == v.project)
            && self.project_flow.is_none_or(|f| f == v.project_flow)
            && self.gateway.is_none_or(|g| g == v.gateway.as_str())
    }
}

#[derive(Debug, Default)]
struct Inner {
    /// Oldest first.
    emails: Vec<EmailValidation>,
    /// Oldest first.
    phones: Vec<PhoneValidation>,
}

/// All validations of a sandbox run.
#[derive(Debug, Default)]
pub struct Validations {
    inner: Mutex<Inner>,
}

/// The end of a code's life sent at `now`.
fn expiry(now: OffsetDateTime) -> OffsetDateTime {
    now.saturating_add(time::Duration::seconds(CODE_LIFETIME.as_secs() as i64))
}

/// A code is alive strictly before its `expires_at`.
fn alive(expires_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    now < expires_at
}

/// The usual order of a check: expiry, then the code, then the code is spent.
fn accept(
    status: &mut Status,
    code: u32,
    expires_at: OffsetDateTime,
    otp: u64,
    now: OffsetDateTime,
    expired: VerificationError,
) -> Result<(), VerificationError> {
    if !alive(expires_at, now) {
        return Err(expired);
    }
    if u64::from(code) != otp {
        return Err(VerificationError::CodeMismatch);
    }
    *status = Status::Validated;
    Ok(())
}

impl Validations {
    /// None yet.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sends an e-mail code: the pending, unexpired code of this registration and address
    /// again with its life restarted (`true`: existing), or a new validation (`false`).
    pub fn send_email(
        &self,
        registration_id: &str,
        email: &str,
        now: OffsetDateTime,
        fresh: impl FnOnce() -> Fresh,
    ) -> (EmailValidation, bool) {
        let mut inner = self.lock();
        let active = inner.emails.iter_mut().rev().find(|v| {
            v.status == Status::Sent
                && v.registration_id == registration_id
                && v.email == email
                && alive(v.expires_at, now)
        });
        if let Some(active) = active {
            active.expires_at = expiry(now);
            return (active.clone(), true);
        }
        let Fresh { id, code } = fresh();
        let validation = EmailValidation {
            id,
            registration_id: registration_id.to_owned(),
            email: email.to_owned(),
            code,
            expires_at: expiry(now),
            status: Status::Sent,
        };
        inner.emails.push(validation.clone());
        (validation, false)
    }

    /// Checks an e-mail code: the validation `id` must be this registration's, for this
    /// address, and still pending.
    pub fn check_email(
        &self,
        id: &str,
        registration_id: &str,
        email: &str,
        otp: u64,
        now: OffsetDateTime,
    ) -> Result<EmailValidation, VerificationError> {
        let mut inner = self.lock();
        let validation = inner
            .emails
            .iter_mut()
            .find(|v| {
                v.id == id
                    && v.registration_id == registration_id
                    && v.email == email
                    && v.status == Status::Sent
            })
            .ok_or(VerificationError::EmailNotFound)?;
        let EmailValidation {
            status,
            code,
            expires_at,
            ..
        } = validation;
        accept(
            status,
            *code,
            *expires_at,
            otp,
            now,
            VerificationError::EmailExpired,
        )?;
        Ok(validation.clone())
    }

    /// Sends a phone code, unless one went to the same number and gateway (from any
    /// registration) less than [`PHONE_COOLDOWN`] ago. A pending, unexpired validation of
    /// this registration and number gets a new code and its life restarted (`false`: not
    /// new); otherwise a new validation is made (`true`).
    pub fn send_phone(
        &self,
        send: PhoneSend,
        now: OffsetDateTime,
        fresh: impl FnOnce() -> Fresh,
    ) -> Result<(PhoneValidation, bool), VerificationError> {
        let mut inner = self.lock();
        let cooling = inner.phones.iter().any(|v| {
            v.country_code == send.country_code
                && v.phone == send.phone
                && v.gateway == send.gateway
                && now < v.sent_at + PHONE_COOLDOWN
        });
        if cooling {
            return Err(VerificationError::RecentlySent);
        }
        let Fresh { id, code } = fresh();
        let pending = inner.phones.iter_mut().rev().find(|v| {
            v.status == Status::Sent
                && v.registration_id == send.registration_id
                && v.country_code == send.country_code
                && v.phone == send.phone
                && alive(v.expires_at, now)
        });
        if let Some(pending) = pending {
            pending.code = code;
            pending.gateway = send.gateway;
            pending.sent_at = now;
            pending.expires_at = expiry(now);
            return Ok((pending.clone(), false));
        }
        let validation = PhoneValidation {
            id,
            registration_id: send.registration_id,
            project: send.project,
            project_flow: send.project_flow,
            country_code: send.country_code,
            phone: send.phone,
            gateway: send.gateway,
            code,
            expires_at: expiry(now),
            sent_at: now,
            status: Status::Sent,
        };
        inner.phones.push(validation.clone());
        Ok((validation, true))
    }

    /// Checks a phone code against the latest pending validation `lookup` finds.
    pub fn check_phone(
        &self,
        lookup: &PhoneLookup<'_>,
        otp: u64,
        now: OffsetDateTime,
    ) -> Result<PhoneValidation, VerificationError> {
        let mut inner = self.lock();
        let validation = inner
            .phones
            .iter_mut()
            .rev()
            .find(|v| lookup.matches(v))
            .ok_or(VerificationError::PhoneNotFound)?;
        let PhoneValidation {
            status,
            code,
            expires_at,
            ..
        } = validation;
        accept(
            status,
            *code,
            *expires_at,
            otp,
            now,
            VerificationError::PhoneExpired,
        )?;
        Ok(validation.clone())
    }

    /// Forgets every validation (and so every cooldown).
    pub fn clear(&self) {
        *self.lock() = Inner::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_700_000_000 + secs).expect("in range")
    }

    fn fresh(id: &str, code: u32) -> impl FnOnce() -> Fresh + '_ {
        move || Fresh {
            id: id.to_owned(),
            code,
        }
    }

    fn phone_send(registration: &str, gateway: Gateway) -> PhoneSend {
        PhoneSend {
            registration_id: registration.to_owned(),
            project: "p".to_owned(),
            project_flow: "f".to_owned(),
            country_code: "+57".to_owned(),
            phone: "3001234567".to_owned(),
            gateway,
        }
    }

    fn lookup(registration: &str) -> PhoneLookup<'_> {
        PhoneLookup {
            registration_id: registration,
            country_code: "+57",
            phone: "3001234567",
            project: None,
            project_flow: None,
            gateway: None,
        }
    }

    #[test]
    fn email_resend_keeps_the_code_and_restarts_its_life() {
        let store = Validations::new();
        let (first, existing) = store.send_email("r", "a@b.co", at(0), fresh("v1", 111_111));
        assert!(!existing);
        assert_eq!(first.expires_at, at(600));
        let (again, existing) = store.send_email("r", "a@b.co", at(500), || {
            panic!("no new validation while one is active")
        });
        assert!(existing);
        assert_eq!((again.id.as_str(), again.code), ("v1", 111_111));
        assert_eq!(again.expires_at, at(1_100));
        // Another registration with the same address gets its own.
        let (other, existing) = store.send_email("s", "a@b.co", at(500), fresh("v2", 222_222));
        assert!(!existing);
        assert_eq!(other.id, "v2");
    }

    #[test]
    fn email_check_order_and_single_use() {
        let store = Validations::new();
        store.send_email("r", "a@b.co", at(0), fresh("v1", 111_111));
        let check = |id, reg, email, otp, now| {
            store
                .check_email(id, reg, email, otp, at(now))
                .map(|v| v.status)
        };
        assert_eq!(
            check("v1", "s", "a@b.co", 111_111, 1),
            Err(VerificationError::EmailNotFound)
        );
        assert_eq!(
            check("v1", "r", "x@b.co", 111_111, 1),
            Err(VerificationError::EmailNotFound)
        );
        assert_eq!(
            check("v1", "r", "a@b.co", 111_112, 1),
            Err(VerificationError::CodeMismatch)
        );
        assert_eq!(
            check("v1", "r", "a@b.co", 111_112, 600),
            Err(VerificationError::EmailExpired)
        );
        assert_eq!(
            check("v1", "r", "a@b.co", 111_111, 599),
            Ok(Status::Validated)
        );
        assert_eq!(
            check("v1", "r", "a@b.co", 111_111, 2),
            Err(VerificationError::EmailNotFound)
        );
        // Validated: the next send starts a new validation.
        let (next, existing) = store.send_email("r", "a@b.co", at(3), fresh("v2", 333_333));
        assert!(!existing);
        assert_eq!(next.id, "v2");
    }

    #[test]
    fn an_expired_email_code_is_not_sent_again() {
        let store = Validations::new();
        store.send_email("r", "a@b.co", at(0), fresh("v1", 111_111));
        let (next, existing) = store.send_email("r", "a@b.co", at(600), fresh("v2", 222_222));
        assert!(!existing);
        assert_eq!((next.id.as_str(), next.code), ("v2", 222_222));
        assert_eq!(
            store
                .check_email("v1", "r", "a@b.co", 111_111, at(601))
                .map(|v| v.id),
            Err(VerificationError::EmailExpired)
        );
    }

    #[test]
    fn phone_cooldown_per_number_and_gateway() {
        let store = Validations::new();
        let (first, new) = store
            .send_phone(
                phone_send("r", Gateway::Whatsapp),
                at(0),
                fresh("v1", 111_111),
            )
            .expect("sent");
        assert!(new);
        assert_eq!(first.sent_at, at(0));
        for (registration, now) in [("r", 1), ("r", 119), ("s", 60)] {
            assert_eq!(
                store
                    .send_phone(phone_send(registration, Gateway::Whatsapp), at(now), || {
                        panic!("no code drawn during the cooldown")
                    })
                    .map(|(v, _)| v.id),
                Err(VerificationError::RecentlySent)
            );
        }
        // Another gateway is not cooling down.
        assert!(store
            .send_phone(phone_send("s", Gateway::Sms), at(60), fresh("v2", 222_222))
            .is_ok());
        // After the cooldown: the same validation, a new code, its life restarted.
        let (again, new) = store
            .send_phone(
                phone_send("r", Gateway::Whatsapp),
                at(120),
                fresh("unused", 444_444),
            )
            .expect("sent");
        assert!(!new);
        assert_eq!(
            (again.id.as_str(), again.code, again.expires_at),
            ("v1", 444_444, at(720))
        );
        assert_eq!(
            store
                .check_phone(&lookup("r"), 111_111, at(121))
                .map(|v| v.id),
            Err(VerificationError::CodeMismatch)
        );
        assert_eq!(
            store
                .check_phone(&lookup("r"), 444_444, at(121))
                .map(|v| v.status),
            Ok(Status::Validated)
        );
        assert_eq!(
            store
                .check_phone(&lookup("r"), 444_444, at(122))
                .map(|v| v.id),
            Err(VerificationError::PhoneNotFound)
        );
    }

    #[test]
    fn phone_check_is_scoped_and_narrowed() {
        let store = Validations::new();
        store
            .send_phone(
                phone_send("r", Gateway::Whatsapp),
                at(0),
                fresh("v1", 111_111),
            )
            .expect("sent");
        let not_found = Err(VerificationError::PhoneNotFound);
        assert_eq!(
            store
                .check_phone(&lookup("s"), 111_111, at(1))
                .map(|v| v.id),
            not_found
        );
        for narrowed in [
            PhoneLookup {
                project: Some("q"),
                ..lookup("r")
            },
            PhoneLookup {
                project_flow: Some("g"),
                ..lookup("r")
            },
            PhoneLookup {
                gateway: Some("sms"),
                ..lookup("r")
            },
            PhoneLookup {
                phone: "3001234568",
                ..lookup("r")
            },
        ] {
            assert_eq!(
                store.check_phone(&narrowed, 111_111, at(1)).map(|v| v.id),
                not_found
            );
        }
        assert_eq!(
            store
                .check_phone(&lookup("r"), 111_111, at(600))
                .map(|v| v.id),
            Err(VerificationError::PhoneExpired)
        );
        let exact = PhoneLookup {
            project: Some("p"),
            project_flow: Some("f"),
            gateway: Some("whatsapp"),
            ..lookup("r")
        };
        assert_eq!(
            store.check_phone(&exact, 111_111, at(599)).map(|v| v.id),
            Ok("v1".to_owned())
        );
        store.clear();
        assert!(store
            .send_phone(phone_send("r", Gateway::Whatsapp), at(600), fresh("v9", 1))
            .is_ok());
    }
}
