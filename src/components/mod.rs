//! The form's Leptos components.

mod country_picker;
mod email_field;
mod form;
mod language_select;
mod phone_field;

pub use country_picker::CountryPicker;
pub use email_field::EmailField;
pub use form::OnboardingForm;
pub use language_select::LanguageSelect;
pub use phone_field::PhoneField;

/// Element ids inside the shadow root (each instance has its own root, so they cannot clash).
pub(crate) mod ids {
    pub const EMAIL: &str = "vo-email";
    pub const EMAIL_ERROR: &str = "vo-email-error";
    pub const PHONE: &str = "vo-phone";
    pub const PHONE_ERROR: &str = "vo-phone-error";
    pub const FORM_ERROR: &str = "vo-form-error";
    pub const INSTRUCTIONS: &str = "vo-instructions";
}

/// `"true"` / `"false"` for ARIA state attributes.
pub(crate) fn aria_bool(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}
