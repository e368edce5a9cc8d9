//! The in-memory registrations, and the per-project uniqueness of e-mails and phones.
//!
//! One mutex guards the records and both uniqueness indexes, so that a duplicate
//! check and its insert are a single step: of many concurrent creations of the
//! same e-mail exactly one succeeds.

use std::collections::HashSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use crate::error::ApiError;

/// Status of a freshly created registration.
pub const STATUS_STARTED: &str = "STARTED";
/// Step a freshly created registration is on.
pub const FIRST_STEP: u32 = 1;

/// An app registration, serialised exactly as Verifik answers it (field order included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppRegistration {
    /// Registration id, 24 lowercase hex digits.
    #[serde(rename = "_id")]
    pub id: String,
    /// The API client (Verifik account) that owns the project.
    pub client: String,
    /// Project id.
    pub project: String,
    /// Project flow id.
    pub project_flow: String,
    /// Always [`STATUS_STARTED`] in the sandbox.
    pub status: &'static str,
    /// E-mail as sent, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// `+NN`, present with a phone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Country code and digits together: `+573001234567`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// `en`, `es` or `pt`.
    pub language: &'static str,
    /// Always [`FIRST_STEP`] in the sandbox.
    pub current_step: u32,
    /// RFC 3339 with milliseconds.
    pub created_at: String,
    /// Equal to `created_at`: the sandbox never updates a registration.
    pub updated_at: String,
}

/// Why an insert was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreError {
    /// The e-mail (case-insensitively) is registered in the project already.
    EmailTaken,
    /// The phone (country code and digits) is registered in the project already.
    PhoneTaken,
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::EmailTaken => ApiError::EmailConflict,
            StoreError::PhoneTaken => ApiError::PhoneConflict,
        }
    }
}

#[derive(Debug, Default)]
struct Inner {
    /// Oldest first.
    registrations: Vec<AppRegistration>,
    /// (project, lowercased e-mail)
    emails: HashSet<(String, String)>,
    /// (project, country code and digits)
    phones: HashSet<(String, String)>,
}

/// All registrations of a sandbox run.
#[derive(Debug, Default)]
pub struct Store {
    inner: Mutex<Inner>,
}

impl Store {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Nothing panics while holding the lock, and the data stays consistent if
        // something did, so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores `registration` unless its e-mail or phone is taken in its project.
    /// The e-mail is checked first, as Verifik does.
    pub fn insert(&self, registration: AppRegistration) -> Result<(), StoreError> {
        let email_key = registration
            .email
            .as_ref()
            .map(|email| (registration.project.clone(), email.to_lowercase()));
        let phone_key = registration
            .phone
            .as_ref()
            .map(|phone| (registration.project.clone(), phone.clone()));

        let mut inner = self.lock();
        if email_key.as_ref().is_some_and(|k| inner.emails.contains(k)) {
            return Err(StoreError::EmailTaken);
        }
        if phone_key.as_ref().is_some_and(|k| inner.phones.contains(k)) {
            return Err(StoreError::PhoneTaken);
        }
        inner.emails.extend(email_key);
        inner.phones.extend(phone_key);
        inner.registrations.push(registration);
        Ok(())
    }

    /// The registration with `id`.
    pub fn get(&self, id: &str) -> Option<AppRegistration> {
        self.lock()
            .registrations
            .iter()
            .find(|r| r.id == id)
            .cloned()
    }

    /// All registrations, oldest first.
    pub fn list(&self) -> Vec<AppRegistration> {
        self.lock().registrations.clone()
    }

    /// Forgets everything.
    pub fn clear(&self) {
        *self.lock() = Inner::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration(
        id: &str,
        project: &str,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> AppRegistration {
        AppRegistration {
            id: id.to_owned(),
            client: "c".to_owned(),
            project: project.to_owned(),
            project_flow: "f".to_owned(),
            status: STATUS_STARTED,
            email: email.map(str::to_owned),
            country_code: phone.map(|_| "+57".to_owned()),
            phone: phone.map(str::to_owned),
            language: "en",
            current_step: FIRST_STEP,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn uniqueness_is_per_project_and_case_insensitive() {
        let store = Store::new();
        assert_eq!(
            store.insert(registration("1", "p", Some("A@x.co"), Some("+571234"))),
            Ok(())
        );
        assert_eq!(
            store.insert(registration("2", "p", Some("a@X.CO"), None)),
            Err(StoreError::EmailTaken)
        );
        assert_eq!(
            store.insert(registration("3", "p", Some("b@x.co"), Some("+571234"))),
            Err(StoreError::PhoneTaken)
        );
        assert_eq!(
            store.insert(registration("4", "q", Some("a@x.co"), Some("+571234"))),
            Ok(())
        );
        let ids: Vec<String> = store.list().into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["1", "4"]);
        assert_eq!(store.get("4").map(|r| r.project), Some("q".to_owned()));
        store.clear();
        assert!(store.list().is_empty());
        assert_eq!(
            store.insert(registration("5", "p", Some("a@x.co"), None)),
            Ok(())
        );
    }
}
