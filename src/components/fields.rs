//! The e-mail and phone fields: label, input and error text, as the form's view says.
//!
//! Both are always rendered, so that switching `fields` live keeps what was typed; a field the
//! host did not ask for is hidden, and its label names no input.

use leptos::prelude::*;

use super::country_picker::CountryPicker;
use super::{aria, handler, ids, lang_text, present, shown, shown_text, typed, Form};
use crate::api::Field;
use crate::i18n::Msg;
use crate::phone::JsRegExp;

/// The reactive attributes of a field's label, input and error: `(hidden, for, required,
/// invalid, describedby, error)`. Plain functions per field (not closures over the field), so
/// that all of them share [`shown`]'s one closure type.
macro_rules! field_attributes {
    ($form:expr, $field:ident, $input:expr, $error:expr) => {{
        let view = $form.view;
        (
            shown(view, |v| present(!v.$field.shown)),
            shown(view, |v| v.$field.shown.then_some($input)),
            shown(view, |v| v.$field.required.then_some("true")),
            shown(view, |v| aria(v.$field.error.is_some())),
            shown(view, |v| v.$field.error.map(|_| $error)),
            shown_text(view, |v| v.$field.error),
        )
    }};
}

/// The e-mail input with its label and error text.
pub(crate) fn email_field(form: Form) -> impl IntoView {
    let state = form.state;
    let (hidden, label_for, required, invalid, described, error) =
        field_attributes!(form, email, ids::EMAIL, ids::EMAIL_ERROR);
    view! {
        <div class="vo-field" hidden=hidden>
            <label class="vo-label" part="label" for=label_for>
                {lang_text(form.lang, Msg::EmailLabel)}
            </label>
            <input
                id=ids::EMAIL
                class="vo-input"
                part="input"
                type="email"
                name="email"
                autocomplete="email"
                spellcheck="false"
                readonly=shown(form.view, |v| present(v.locked))
                aria-required=required
                aria-invalid=invalid
                aria-describedby=described
                prop:value=typed(state, |s| s.email.clone())
                on:input=handler(move |ev: web_sys::Event| {
                    state.update(|s| s.edit_email(event_target_value(&ev)))
                })
                on:blur=handler(move |_: web_sys::FocusEvent| {
                    state.update(|s| s.leave(Field::Email))
                })
            />
            <p id=ids::EMAIL_ERROR class="vo-error" part="error">
                {error}
            </p>
        </div>
    }
}

/// The phone input: the country picker, the number, its label and error text.
pub(crate) fn phone_field(form: Form) -> impl IntoView {
    let state = form.state;
    let on_input = move |text: String| {
        form.config.with_untracked(|config| {
            if let Ok(config) = config {
                state.update(|s| s.edit_phone(text, config, &JsRegExp));
            }
        });
    };
    let (hidden, label_for, required, invalid, described, error) =
        field_attributes!(form, phone, ids::PHONE, ids::PHONE_ERROR);
    view! {
        <div class="vo-field" hidden=hidden>
            <label class="vo-label" part="label" for=label_for>
                {lang_text(form.lang, Msg::PhoneLabel)}
            </label>
            <div class="vo-phone-row">
                <CountryPicker form=form />
                <input
                    id=ids::PHONE
                    class="vo-input vo-phone"
                    part="input"
                    type="tel"
                    name="phone"
                    autocomplete="tel-national"
                    inputmode="tel"
                    readonly=shown(form.view, |v| present(v.locked))
                    aria-required=required
                    aria-invalid=invalid
                    aria-describedby=described
                    prop:value=typed(state, |s| s.phone.clone())
                    on:input=handler(move |ev: web_sys::Event| on_input(event_target_value(&ev)))
                    on:blur=handler(move |_: web_sys::FocusEvent| {
                        state.update(|s| s.leave(Field::Phone))
                    })
                />
            </div>
            <p id=ids::PHONE_ERROR class="vo-error" part="error">
                {error}
            </p>
        </div>
    }
}
