//! The e-mail and phone fields: label, input and error text, as the form's view says.

use leptos::prelude::*;

use super::country_picker::CountryPicker;
use super::{aria_bool, ids, reactive, Form};
use crate::api::Field;
use crate::i18n::Msg;
use crate::phone::JsRegExp;

/// The e-mail input with its label and error text.
pub(crate) fn email_field(form: Form) -> impl IntoView {
    let view = form.view;
    let state = form.state;
    view! {
        <div class="vo-field">
            <label class="vo-label" part="label" for=ids::EMAIL>
                {reactive(move || form.text(Msg::EmailLabel))}
            </label>
            <input
                id=ids::EMAIL
                class="vo-input"
                part="input"
                type="email"
                name="email"
                autocomplete="email"
                spellcheck="false"
                readonly=reactive(move || view.with(|v| v.locked))
                aria-required=reactive(move || view.with(|v| v.email.required.then_some("true")))
                aria-invalid=reactive(move || view.with(|v| aria_bool(v.email.error.is_some())))
                aria-describedby=reactive(move || {
                    view.with(|v| v.email.error.map(|_| ids::EMAIL_ERROR))
                })
                prop:value=reactive(move || state.with(|s| s.email.clone()))
                on:input=move |ev| state.update(|s| s.edit_email(event_target_value(&ev)))
                on:blur=move |_| state.update(|s| s.leave(Field::Email))
            />
            <p id=ids::EMAIL_ERROR class="vo-error" part="error">
                {reactive(move || view.with(|v| v.email.error))}
            </p>
        </div>
    }
}

/// The phone input: the country picker, the number, its label and error text.
pub(crate) fn phone_field(form: Form) -> impl IntoView {
    let view = form.view;
    let state = form.state;
    let on_input = move |text: String| {
        form.config.with_untracked(|config| {
            if let Ok(config) = config {
                state.update(|s| s.edit_phone(text, config, &JsRegExp));
            }
        });
    };
    view! {
        <div class="vo-field">
            <label class="vo-label" part="label" for=ids::PHONE>
                {reactive(move || form.text(Msg::PhoneLabel))}
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
                    readonly=reactive(move || view.with(|v| v.locked))
                    aria-required=reactive(move || view.with(|v| v.phone.required.then_some("true")))
                    aria-invalid=reactive(move || view.with(|v| aria_bool(v.phone.error.is_some())))
                    aria-describedby=reactive(move || {
                        view.with(|v| v.phone.error.map(|_| ids::PHONE_ERROR))
                    })
                    prop:value=reactive(move || state.with(|s| s.phone.clone()))
                    on:input=move |ev| on_input(event_target_value(&ev))
                    on:blur=move |_| state.update(|s| s.leave(Field::Phone))
                />
            </div>
            <p id=ids::PHONE_ERROR class="vo-error" part="error">
                {reactive(move || view.with(|v| v.phone.error))}
            </p>
        </div>
    }
}
