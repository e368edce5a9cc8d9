//! The e-mail validator on any text: no panic, and an accepted address keeps the documented
//! limits and is accepted again unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use verifik_onboarding::validate::{validate_email, EmailError};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    match validate_email(input) {
        Ok(email) => {
            assert_eq!(email, input.trim());
            assert!(email.len() <= 254 && email.is_ascii(), "{email:?}");
            let (local, domain) = email.split_once('@').expect("an @");
            assert!(!local.is_empty() && local.len() <= 64, "{email:?}");
            assert!(!domain.contains('@') && domain.contains('.'), "{email:?}");
            assert_eq!(validate_email(&email), Ok(email.clone()));
        }
        Err(EmailError::Required) => assert!(input.trim().is_empty()),
        Err(_) => assert!(!input.trim().is_empty()),
    }
});
