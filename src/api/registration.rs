//! `POST /v2/app-registrations`: the request the widget sends (README.md, Security: its body and
//! its token) and what its answer says.

use super::{non_empty_string, push_json_string, ApiError, JsonValue, MAX_ANSWER_BYTES};
use crate::lang::Lang;

/// Path of the endpoint under `api-base`.
pub const REGISTRATIONS_PATH: &str = "/v2/app-registrations";

/// The body of `POST /v2/app-registrations` (README.md, Security).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistrationRequest {
    /// Project id.
    pub project: String,
    /// Project flow id.
    pub project_flow: String,
    /// Validated e-mail, if the form has one.
    pub email: Option<String>,
    /// Validated phone: national significant number (digits) and calling code (`+57`).
    pub phone: Option<(String, String)>,
    /// Language of the messages Verifik sends the person.
    pub language: Lang,
}

impl RegistrationRequest {
    /// The JSON body, with exactly the contract's fields and nothing else.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(160);
        let field = |out: &mut String, name: &str, value: &str| {
            out.push(if out.is_empty() { '{' } else { ',' });
            push_json_string(out, name);
            out.push(':');
            push_json_string(out, value);
        };
        field(&mut out, "project", &self.project);
        field(&mut out, "projectFlow", &self.project_flow);
        if let Some(email) = &self.email {
            field(&mut out, "email", email);
        }
        if let Some((national, country_code)) = &self.phone {
            field(&mut out, "phone", national);
            field(&mut out, "countryCode", country_code);
        }
        field(&mut out, "language", self.language.code());
        out.push('}');
        out
    }
}

/// What a successful registration returned, as the `verifik:registered` event carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// `data.appRegistration._id`.
    pub id: String,
    /// `data.appRegistration.status`.
    pub status: String,
    /// `data.informationValidation._id`, when present.
    pub information_validation_id: Option<String>,
    /// `data.token`: authorizes the registration's next steps (not the host's bearer token).
    pub registration_token: Option<String>,
}

/// Reads a parsed 2xx answer; `None` unless it has a non-empty string at
/// `data.appRegistration._id` (anything else is `invalid_response`). Optional members of the
/// wrong type are treated as absent.
pub fn registration_from<V: JsonValue>(body: &V) -> Option<Registration> {
    let data = body.member("data")?;
    let registration = data.member("appRegistration")?;
    Some(Registration {
        id: non_empty_string(registration.member("_id"))?,
        status: registration
            .member("status")
            .and_then(|s| s.string())
            .unwrap_or_default(),
        information_validation_id: non_empty_string(
            data.member("informationValidation")
                .and_then(|v| v.member("_id")),
        ),
        registration_token: non_empty_string(data.member("token")),
    })
}

/// Classifies an answer of the registration endpoint from its status and its body text.
/// `parse` is the JSON parser of the platform (`None` for text that is not JSON).
///
/// A 2xx must carry a registration ([`registration_from`]); anything else is an error mapped
/// by [`ApiError::from_answer`], from the body's `code` and `message` when both are strings.
/// A body over [`MAX_ANSWER_BYTES`] is never parsed.
pub fn classify_answer<V: JsonValue>(
    status: u16,
    text: &str,
    parse: impl FnOnce(&str) -> Option<V>,
) -> Result<Registration, ApiError> {
    let body = if text.len() > MAX_ANSWER_BYTES {
        None
    } else {
        parse(text)
    };
    if (200..300).contains(&status) {
        return body
            .as_ref()
            .and_then(registration_from)
            .ok_or(ApiError::InvalidResponse);
    }
    let code = body.as_ref().and_then(|b| b.member("code")?.string());
    let message = body.as_ref().and_then(|b| b.member("message")?.string());
    Err(ApiError::from_answer(
        status,
        code.as_deref().zip(message.as_deref()),
    ))
}

/// [`classify_answer`] with `serde_json` as the parser: what the native tests and the fuzz
/// targets run, the same classification the wasm runs over `JSON.parse`.
#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
pub fn classify_answer_native(status: u16, text: &str) -> Result<Registration, ApiError> {
    classify_answer(status, text, |t| {
        serde_json::from_str::<serde_json::Value>(t).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> RegistrationRequest {
        RegistrationRequest {
            project: "5f8d0a24c6345c001fa9e2b3".into(),
            project_flow: "5f8d0a24c6345c001fa9e2b4".into(),
            email: Some("user@example.com".into()),
            phone: None,
            language: Lang::Es,
        }
    }

    #[test]
    fn body_has_exactly_the_contract_fields() {
        assert_eq!(
            request().to_json(),
            r#"{"project":"5f8d0a24c6345c001fa9e2b3","projectFlow":"5f8d0a24c6345c001fa9e2b4","email":"user@example.com","language":"es"}"#
        );
        let mut phone_only = request();
        phone_only.email = None;
        phone_only.phone = Some(("3001234567".into(), "+57".into()));
        assert_eq!(
            phone_only.to_json(),
            r#"{"project":"5f8d0a24c6345c001fa9e2b3","projectFlow":"5f8d0a24c6345c001fa9e2b4","phone":"3001234567","countryCode":"+57","language":"es"}"#
        );
    }

    #[test]
    fn body_escapes_json_specials() {
        let mut r = request();
        r.email = Some("a\"b\\c\u{1}@x.io".into());
        assert!(r.to_json().contains(r#""email":"a\"b\\c\u0001@x.io""#));
    }
}
// Native only: `serde_json` stands in for the browser's `JSON.parse`, and `proptest` does not
// build for wasm32-unknown-unknown.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod answer_tests {
    use super::*;
    use crate::api::ERROR_CODES;

    #[test]
    fn hostile_answers_classify_without_a_registration() {
        let ok = r#"{"data":{"appRegistration":{"_id":"r1","status":"STARTED"},
                     "informationValidation":{"_id":"iv1"},"token":"t"}}"#;
        let registration = classify_answer_native(200, ok).expect("the documented shape");
        assert_eq!(registration.id, "r1");
        assert_eq!(
            registration.information_validation_id.as_deref(),
            Some("iv1")
        );
        for (status, body, expected) in [
            // An HTML error page, whatever its status.
            (
                200,
                "<!doctype html><h1>Bad gateway</h1>",
                ApiError::InvalidResponse,
            ),
            (502, "<!doctype html><h1>Bad gateway</h1>", ApiError::Server),
            // A success without `_id`, or with members of the wrong type.
            (
                201,
                r#"{"data":{"appRegistration":{"status":"STARTED"}}}"#,
                ApiError::InvalidResponse,
            ),
            (
                200,
                r#"{"data":{"appRegistration":{"_id":42}}}"#,
                ApiError::InvalidResponse,
            ),
            (
                200,
                r#"{"data":{"appRegistration":{"_id":""}}}"#,
                ApiError::InvalidResponse,
            ),
            (
                200,
                r#"{"data":{"appRegistration":["_id"]}}"#,
                ApiError::InvalidResponse,
            ),
            (
                200,
                r#"{"data":"appRegistration"}"#,
                ApiError::InvalidResponse,
            ),
            (200, r#"[{"data":{}}]"#, ApiError::InvalidResponse),
            (200, "null", ApiError::InvalidResponse),
            (200, "", ApiError::InvalidResponse),
            // An error body whose members are not strings falls back to the status.
            (
                409,
                r#"{"code":409,"message":["Conflict"]}"#,
                ApiError::Server,
            ),
            (401, r#"{"code":null}"#, ApiError::Unauthorized),
            // Markup in a message is data, and an unknown message is no known error.
            (
                409,
                r#"{"code":"Conflict","message":"<img src=x onerror=alert(1)>"}"#,
                ApiError::Server,
            ),
            // An opaque redirect (the widget never follows one) has status 0 and no body.
            (0, "", ApiError::InvalidResponse),
        ] {
            assert_eq!(
                classify_answer_native(status, body),
                Err(expected),
                "{status} {body}"
            );
        }
        let wrong_optional = r#"{"data":{"appRegistration":{"_id":"r2","status":7},"token":{}}}"#;
        let registration = classify_answer_native(200, wrong_optional).expect("the id is there");
        assert_eq!(
            (
                registration.status.as_str(),
                registration.registration_token
            ),
            ("", None)
        );
    }

    #[test]
    fn a_body_over_the_limit_is_not_read() {
        let id = "a".repeat(MAX_ANSWER_BYTES);
        let huge = format!(r#"{{"data":{{"appRegistration":{{"_id":"{id}"}}}}}}"#);
        assert_eq!(
            classify_answer_native(200, &huge),
            Err(ApiError::InvalidResponse)
        );
        let huge_error = format!(
            r#"{{"code":"Conflict","message":"email_is_registered_already","pad":"{id}"}}"#
        );
        assert_eq!(
            classify_answer_native(409, &huge_error),
            Err(ApiError::Server)
        );
        let small = r#"{"data":{"appRegistration":{"_id":"a"}}}"#;
        assert!(classify_answer_native(200, small).is_ok());
    }

    fn json_string(s: &str) -> String {
        let mut out = String::new();
        push_json_string(&mut out, s);
        out
    }

    proptest::proptest! {
        #![proptest_config(crate::proptest_config())]

        /// Any status and any text: a registration with an id, or an error of the contract.
        #[test]
        fn any_answer_classifies_to_a_contract_outcome(status in 0u16..1000, text in "\\PC{0,200}") {
            match classify_answer_native(status, &text) {
                Ok(registration) => {
                    proptest::prop_assert!((200..300).contains(&status));
                    proptest::prop_assert!(!registration.id.is_empty());
                }
                Err(error) => proptest::prop_assert!(ERROR_CODES.contains(&error.code())),
            }
        }

        /// Whatever the id's text, the documented shape gives it back unchanged.
        #[test]
        fn the_registration_id_comes_back_unchanged(id in "\\PC{1,40}", status in 200u16..300) {
            let body = format!(r#"{{"data":{{"appRegistration":{{"_id":{}}}}}}}"#, json_string(&id));
            let registration = classify_answer_native(status, &body);
            proptest::prop_assert_eq!(registration.map(|r| r.id), Ok(id));
        }

        /// An error body with string members never yields a registration, and markup or quotes
        /// in the message never change the mapping beyond the documented phrases.
        #[test]
        fn error_bodies_map_by_code_and_message(
            status in 300u16..600,
            code in proptest::sample::select(vec!["MissingParameter", "PreconditionFailed", "Conflict", "Unauthorized", "TooManyRequests", "Other"]),
            message in "\\PC{0,60}",
        ) {
            let body = format!(r#"{{"code":{},"message":{}}}"#, json_string(code), json_string(&message));
            let error = classify_answer_native(status, &body).expect_err("an error status");
            proptest::prop_assert_eq!(error, ApiError::from_answer(status, Some((code, &message))));
        }
    }
}
