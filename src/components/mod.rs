//! The form's Leptos components.

mod form;

pub use form::OnboardingForm;
