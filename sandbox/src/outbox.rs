//! Every message the sandbox "sent": the codes a person would receive by e-mail, SMS or
//! WhatsApp. `GET /__sandbox/outbox` lists them, newest first, so that the demo page can show
//! an inbox and tests can read the codes.

use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

/// How a message went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// An e-mail to the address.
    Email,
    /// A text message to the number.
    Sms,
    /// A WhatsApp message to the number.
    Whatsapp,
}

/// One message, in the shape `GET /__sandbox/outbox` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// How it went out.
    pub channel: Channel,
    /// The address (lower-cased), or the number as `+` country code and digits.
    pub to: String,
    /// The six digits, as text.
    pub code: String,
    /// The registration's language: `en`, `es` or `pt`.
    pub language: &'static str,
    /// The registration it verifies.
    pub registration_id: String,
    /// When, on the sandbox clock, RFC 3339 with milliseconds.
    pub sent_at: String,
}

/// The messages of a sandbox run.
#[derive(Debug, Default)]
pub struct Outbox {
    /// Oldest first.
    messages: Mutex<Vec<Message>>,
}

impl Outbox {
    /// Empty.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Message>> {
        self.messages.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a message as sent.
    pub fn push(&self, message: Message) {
        self.lock().push(message);
    }

    /// Every message, newest first.
    pub fn newest_first(&self) -> Vec<Message> {
        self.lock().iter().rev().cloned().collect()
    }

    /// Forgets every message.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(code: &str) -> Message {
        Message {
            channel: Channel::Whatsapp,
            to: "+573001234567".to_owned(),
            code: code.to_owned(),
            language: "es",
            registration_id: "r".to_owned(),
            sent_at: String::new(),
        }
    }

    #[test]
    fn lists_newest_first_and_clears() {
        let outbox = Outbox::new();
        outbox.push(message("111111"));
        outbox.push(message("222222"));
        let codes: Vec<String> = outbox.newest_first().into_iter().map(|m| m.code).collect();
        assert_eq!(codes, ["222222", "111111"]);
        outbox.clear();
        assert!(outbox.newest_first().is_empty());
    }

    #[test]
    fn serialises_in_the_contract_shape() {
        let json = serde_json::to_value(message("123456")).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({
                "channel": "whatsapp", "to": "+573001234567", "code": "123456",
                "language": "es", "registrationId": "r", "sentAt": ""
            })
        );
    }
}
