//! The `verifik:*` DOM events: their names, their `detail` payloads (built here as plain data,
//! tested natively), and the one function that dispatches them.
//!
//! Every event bubbles and is `composed`, so a host listening on any ancestor hears it
//! through the shadow boundary. No event detail ever holds the bearer token.

use crate::api::verification::CodeSent;
use crate::api::{Failure, Registration, RegistrationRequest};
use crate::config::Channel;
use crate::lang::Lang;

/// The form is rendered and interactive. Detail `{ version }`.
pub const READY: &str = "verifik:ready";
/// One successful registration. Detail `{ registrationId, status, ... }`.
pub const REGISTERED: &str = "verifik:registered";
/// A submit failed or the configuration is unusable. Detail `{ code, message, status?, field? }`.
pub const ERROR: &str = "verifik:error";
/// The user or host changed the language. Detail `{ language }`.
pub const LANGUAGE_CHANGE: &str = "verifik:language-change";
/// A one-time code was sent (or sent again). Detail `{ registrationId, channel, validationId,
/// expiresAt, gateway? }`.
pub const CODE_SENT: &str = "verifik:code-sent";
/// A one-time code was accepted. Detail `{ registrationId, channel, validationId }`.
pub const VERIFIED: &str = "verifik:verified";
/// Every channel asked for is verified. Detail `{ registrationId, verified }`.
pub const COMPLETED: &str = "verifik:completed";

/// The symbol (`Symbol.for(SOURCE)`) under which each event names the `<verifik-onboarding>` it
/// came from: `mount()` tells its own form's events by it on a target it may share.
pub const SOURCE: &str = "verifik-onboarding.source";

/// A member of a `detail` object.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string.
    Str(String),
    /// A number.
    Num(f64),
    /// An array of strings.
    List(Vec<&'static str>),
}

/// An event's `detail`: its members in order; absent ones are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Detail(pub Vec<(&'static str, Value)>);

impl Detail {
    /// Adds a string member.
    pub fn str(mut self, key: &'static str, value: &str) -> Detail {
        self.0.push((key, Value::Str(value.to_owned())));
        self
    }

    /// Adds a string member when there is a value.
    pub fn opt_str(self, key: &'static str, value: Option<&str>) -> Detail {
        match value {
            Some(value) => self.str(key, value),
            None => self,
        }
    }

    /// The string member `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
}

/// `verifik:ready`.
pub fn ready() -> Detail {
    Detail::default().str("version", crate::VERSION)
}

/// `verifik:language-change`.
pub fn language_change(lang: Lang) -> Detail {
    Detail::default().str("language", lang.code())
}

/// `code`, `message` and `status` of a `verifik:error` for `failure`.
fn failure_detail(failure: &Failure, lang: Lang) -> Detail {
    let error = &failure.error;
    let mut detail = Detail::default()
        .str("code", error.code())
        .str("message", &error.message(lang));
    if let Some(status) = failure.status {
        detail.0.push(("status", Value::Num(f64::from(status))));
    }
    detail
}

/// `verifik:error` for `failure`, its message in `lang`, with the field it is shown by.
pub fn error(failure: &Failure, lang: Lang) -> Detail {
    failure_detail(failure, lang).opt_str("field", failure.error.field().map(|f| f.name()))
}

/// `verifik:error` for a failure of the code step on `channel`: shown by the code input, so
/// `channel` says what it concerns and no `field` is named.
pub fn code_error(failure: &Failure, lang: Lang, channel: Channel) -> Detail {
    failure_detail(failure, lang).str("channel", channel.name())
}

/// `verifik:code-sent`.
pub fn code_sent(registration_id: &str, channel: Channel, sent: &CodeSent) -> Detail {
    Detail::default()
        .str("registrationId", registration_id)
        .str("channel", channel.name())
        .str("validationId", &sent.validation_id)
        .opt_str("expiresAt", sent.expires_at.as_deref())
        .opt_str("gateway", sent.gateway.map(|g| g.name()))
}

/// `verifik:verified`.
pub fn verified(registration_id: &str, channel: Channel, validation_id: &str) -> Detail {
    Detail::default()
        .str("registrationId", registration_id)
        .str("channel", channel.name())
        .str("validationId", validation_id)
}

/// `verifik:completed`.
pub fn completed(registration_id: &str, verified: &[Channel]) -> Detail {
    let mut detail = Detail::default().str("registrationId", registration_id);
    let names = verified.iter().map(|c| c.name()).collect();
    detail.0.push(("verified", Value::List(names)));
    detail
}

/// `verifik:registered` for `request`, registered as `registration`. The registration's own
/// token only when the host asked for it (`emit-token`).
pub fn registered(
    registration: &Registration,
    request: &RegistrationRequest,
    emit_token: bool,
) -> Detail {
    let token = emit_token
        .then_some(registration.registration_token.as_deref())
        .flatten();
    let phone = request.phone.as_ref();
    Detail::default()
        .str("registrationId", &registration.id)
        .str("status", &registration.status)
        .opt_str(
            "informationValidationId",
            registration.information_validation_id.as_deref(),
        )
        .str("language", request.language.code())
        .opt_str("email", request.email.as_deref())
        .opt_str("phone", phone.map(|(national, _)| national.as_str()))
        .opt_str("countryCode", phone.map(|(_, code)| code.as_str()))
        .opt_str("registrationToken", token)
}

#[cfg(target_arch = "wasm32")]
pub use dom::Emitter;

#[cfg(target_arch = "wasm32")]
mod dom {
    use super::{Detail, Value};
    use js_sys::{Object, Reflect, Symbol};
    use wasm_bindgen::JsValue;
    use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

    /// Where one widget's events go: its element, or the element an app mounted it into.
    #[derive(Clone)]
    pub struct Emitter {
        target: HtmlElement,
        source: HtmlElement,
    }

    impl Emitter {
        /// Events of the widget `source`, dispatched on `target` (or on `source` itself).
        pub fn new(source: HtmlElement, target: Option<HtmlElement>) -> Emitter {
            let target = target.unwrap_or_else(|| source.clone());
            Emitter { target, source }
        }

        /// Dispatches `name` with `detail`, bubbling and composed, marked with its source;
        /// nothing once the widget's element has left the page (no event follows a removal,
        /// even one whose teardown is still a microtask away).
        pub fn emit(&self, name: &str, detail: Detail) {
            if !self.source.is_connected() {
                return;
            }
            let object = Object::new();
            for (key, value) in detail.0 {
                let value = match value {
                    Value::Str(text) => JsValue::from_str(&text),
                    Value::Num(number) => JsValue::from_f64(number),
                    Value::List(items) => items
                        .into_iter()
                        .map(JsValue::from_str)
                        .collect::<js_sys::Array>()
                        .into(),
                };
                // Setting a property on a fresh plain object cannot fail.
                let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
            }
            let init = CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(&object);
            if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
                let _ = Reflect::set(&event, &Symbol::for_(super::SOURCE), &self.source);
                // A throwing host listener is reported by the browser; the widget carries on.
                let _ = self.target.dispatch_event(&event);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;

    fn request() -> RegistrationRequest {
        RegistrationRequest {
            project: "5f8d0a24c6345c001fa9e2b3".into(),
            project_flow: "5f8d0a24c6345c001fa9e2b4".into(),
            email: Some("user@example.com".into()),
            phone: Some(("3001234567".into(), "+57".into())),
            language: Lang::Pt,
        }
    }

    fn registration() -> Registration {
        Registration {
            id: "r1".into(),
            status: "STARTED".into(),
            information_validation_id: None,
            registration_token: Some("registration.jwt.token".into()),
        }
    }

    fn str(value: &str) -> Option<Value> {
        Some(Value::Str(value.into()))
    }

    #[test]
    fn registered_carries_what_was_sent_and_the_token_only_when_asked() {
        let detail = registered(&registration(), &request(), false);
        let keys: Vec<&str> = detail.0.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "registrationId",
                "status",
                "language",
                "email",
                "phone",
                "countryCode"
            ]
        );
        assert_eq!(detail.get("language").cloned(), str("pt"));
        assert_eq!(detail.get("countryCode").cloned(), str("+57"));
        let with_token = registered(&registration(), &request(), true);
        assert_eq!(
            with_token.get("registrationToken").cloned(),
            str("registration.jwt.token")
        );
    }

    #[test]
    fn errors_carry_code_message_status_and_field() {
        let failure = Failure {
            error: ApiError::EmailAlreadyRegistered,
            status: Some(409),
            retry_after: None,
        };
        let detail = error(&failure, Lang::Es);
        assert_eq!(detail.get("code").cloned(), str("email_already_registered"));
        assert_eq!(
            detail.get("message").cloned(),
            str("Este correo electrónico ya está registrado.")
        );
        assert_eq!(detail.get("status"), Some(&Value::Num(409.0)));
        assert_eq!(detail.get("field").cloned(), str("email"));
        let offline = error(&Failure::from(ApiError::Offline), Lang::En);
        assert_eq!(offline.get("status"), None);
        assert_eq!(offline.get("field"), None);
        assert_eq!(offline.get("code").cloned(), str("network_error"));
    }

    #[test]
    fn ready_and_language_change() {
        assert_eq!(ready().get("version").cloned(), str(crate::VERSION));
        assert_eq!(
            language_change(Lang::Es).get("language").cloned(),
            str("es")
        );
    }

    #[test]
    fn the_code_step_events_name_the_registration_and_the_channel() {
        use crate::api::verification::{CodeSent, Gateway};
        let sent = CodeSent {
            validation_id: "v1".into(),
            expires_at: Some("2026-12-06T10:10:00Z".into()),
            gateway: Some(Gateway::Sms),
        };
        let detail = code_sent("r1", Channel::Phone, &sent);
        let keys: Vec<&str> = detail.0.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            [
                "registrationId",
                "channel",
                "validationId",
                "expiresAt",
                "gateway"
            ]
        );
        assert_eq!(detail.get("gateway").cloned(), str("sms"));
        let email = CodeSent {
            gateway: None,
            ..sent
        };
        assert_eq!(code_sent("r1", Channel::Email, &email).get("gateway"), None);
        assert_eq!(
            completed("r1", &[Channel::Email, Channel::Phone]).get("verified"),
            Some(&Value::List(vec!["email", "phone"]))
        );
        let failure = Failure {
            error: ApiError::CodeMismatch,
            status: Some(403),
            retry_after: None,
        };
        let error = code_error(&failure, Lang::En, Channel::Email);
        assert_eq!(error.get("code").cloned(), str("code_mismatch"));
        assert_eq!(error.get("channel").cloned(), str("email"));
        assert_eq!(error.get("field"), None);
        // A send refused for a missing countryCode concerns the code input, not the phone field.
        let missing = Failure {
            error: ApiError::MissingParameter {
                field: Some(crate::api::Field::Phone),
            },
            status: Some(409),
            retry_after: None,
        };
        let error = code_error(&missing, Lang::En, Channel::Phone);
        assert_eq!(error.get("field"), None);
        assert_eq!(error.get("channel").cloned(), str("phone"));
        assert_eq!(
            super::error(&missing, Lang::En).get("field").cloned(),
            str("phone")
        );
    }
}
