//! Verifying a registration's e-mail and phone with one-time codes: the four calls of Verifik's
//! onboarding verification, as sandbox/README.md ("One-time codes") describes them.
//!
//! Every call is authenticated by the registration's own token (`data.token` of
//! `POST /v2/app-registrations`): signature and expiry as for any token, and then its `sub`
//! must name a registration the sandbox holds. A host's client token, or a token from before
//! a reset, is refused with 401 `InvalidCredentials` / `Invalid token`. What the token's
//! registration may do is its own address and number only; everything else is answered as
//! not found (see the handlers).
//!
//! Order of checks in each call: an armed fault for its path, the token, the body
//! (`Content-Type`, size, JSON object), its fields ([`requests`]), then the registration's
//! data and the stored validations ([`store`]).

use std::sync::Arc;

use axum::extract::Request;
use axum::response::Response;
use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::body;
use crate::clock;
use crate::error::{messages, ApiError};
use crate::faults::Target;
use crate::outbox::{Channel, Message};
use crate::store::AppRegistration;
use crate::Sandbox;

pub mod email;
pub mod phone;
pub mod requests;
pub mod store;

/// `status` of a validation whose code went out.
pub const STATUS_SENT: &str = "sent";
/// `status` of a validation whose code was accepted.
pub const STATUS_VALIDATED: &str = "validated";

/// How a phone code goes out. Verifik takes it from the project flow's settings; the
/// sandbox has none, so it follows [`Gateway::for_country_code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gateway {
    /// A text message.
    Sms,
    /// A WhatsApp message.
    Whatsapp,
}

/// The country code whose numbers get SMS: the North American Numbering Plan, where
/// WhatsApp is least used. Every other country code gets WhatsApp.
pub const SMS_COUNTRY_CODE: &str = "+1";

impl Gateway {
    /// The sandbox's rule: `+1` numbers by SMS, all others by WhatsApp.
    pub fn for_country_code(country_code: &str) -> Self {
        if country_code == SMS_COUNTRY_CODE {
            Self::Sms
        } else {
            Self::Whatsapp
        }
    }

    /// Wire name: `sms` or `whatsapp`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::Whatsapp => "whatsapp",
        }
    }

    /// The outbox channel.
    pub fn channel(self) -> Channel {
        match self {
            Self::Sms => Channel::Sms,
            Self::Whatsapp => Channel::Whatsapp,
        }
    }
}

/// The answer of an armed fault for `target`, if one is armed: it wins over everything.
pub(crate) async fn fault(sandbox: &Sandbox, target: Target) -> Option<Response> {
    let (fault, retry_after) = sandbox.faults.take(target)?;
    Some(
        fault
            .respond(target, retry_after, sandbox.config.timeout_fault)
            .await,
    )
}

/// A checked call: the bearer's registration, its body, and the sandbox time it is judged at.
pub(crate) struct Call {
    /// The registration the token belongs to.
    pub registration: AppRegistration,
    /// The JSON object sent.
    pub body: Map<String, Value>,
    /// The sandbox clock when the call came.
    pub now: OffsetDateTime,
}

/// The token (a registration's own), then `Content-Type`, size and a JSON object.
pub(crate) async fn authorized_call(
    sandbox: &Arc<Sandbox>,
    request: Request,
) -> Result<Call, ApiError> {
    let (parts, body) = request.into_parts();
    let now = sandbox.clock.now();
    let verified = sandbox
        .jwt
        .authorize(&parts.headers, clock::unix_seconds(now))?;
    let registration = verified
        .subject
        .and_then(|id| sandbox.store.get(&id))
        .ok_or(ApiError::Unauthorized(messages::INVALID_TOKEN))?;
    body::require_json(&parts.headers)?;
    let bytes = body::read_capped(body).await?;
    Ok(Call {
        registration,
        body: body::parse_object(&bytes)?,
        now,
    })
}

/// Records a sent code in the outbox.
pub(crate) fn deliver(
    sandbox: &Sandbox,
    channel: Channel,
    to: String,
    code: u32,
    registration: &AppRegistration,
    now: OffsetDateTime,
) {
    sandbox.outbox.push(Message {
        channel,
        to,
        code: crate::otp::display(code),
        language: registration.language,
        registration_id: registration.id.clone(),
        sent_at: clock::rfc3339_millis(now),
    });
}

/// A new validation's id and code.
pub(crate) fn fresh(sandbox: &Sandbox, now: OffsetDateTime) -> store::Fresh {
    store::Fresh {
        id: sandbox.ids.next_id(clock::unix_seconds(now)),
        code: sandbox.codes.next_code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_rule() {
        assert_eq!(Gateway::for_country_code("+1"), Gateway::Sms);
        for other in ["+57", "+52", "+55", "+44", "+34"] {
            assert_eq!(
                Gateway::for_country_code(other),
                Gateway::Whatsapp,
                "{other}"
            );
        }
        assert_eq!(Gateway::Sms.as_str(), "sms");
        assert_eq!(Gateway::Whatsapp.channel(), Channel::Whatsapp);
    }
}
