use leptos::html;
use leptos::prelude::*;

use super::{aria_bool, ids, CountryPicker};
use crate::i18n::{t, Msg};
use crate::lang::Lang;
use crate::picker::CountryEntry;

/// The phone input: the country picker, the number, its label and error text.
#[component]
pub fn PhoneField(
    /// What the person typed in the number box.
    value: RwSignal<String>,
    /// The chosen country (ISO code).
    country: RwSignal<Option<&'static str>>,
    /// Countries the picker offers, in display order.
    #[prop(into)]
    entries: Signal<Vec<CountryEntry>>,
    /// The error to show, already localized; `None` shows none.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The UI language.
    #[prop(into)]
    lang: Signal<Lang>,
    /// While a registration is sent, and after it succeeded, the field cannot change.
    #[prop(into)]
    readonly: Signal<bool>,
    /// Whether the form needs this field (it is the only one shown).
    #[prop(into)]
    required: Signal<bool>,
    /// Called when the person leaves the number box.
    on_blur: Callback<()>,
    /// Called on every edit of the number, with the new text.
    on_edit: Callback<String>,
    /// The number input, for focus management.
    input: NodeRef<html::Input>,
) -> impl IntoView {
    let invalid = move || error.with(Option::is_some);
    view! {
        <div class="vo-field">
            <label class="vo-label" part="label" for=ids::PHONE>
                {move || t(lang.get(), Msg::PhoneLabel)}
            </label>
            <div class="vo-phone-row">
                <CountryPicker
                    entries=entries
                    selected=country
                    lang=lang
                    then_focus=input
                    disabled=readonly
                />
                <input
                    id=ids::PHONE
                    class="vo-input vo-phone"
                    part="input"
                    type="tel"
                    name="phone"
                    autocomplete="tel-national"
                    inputmode="tel"
                    readonly=readonly
                    aria-required=move || required.get().then_some("true")
                    aria-invalid=move || aria_bool(invalid())
                    aria-describedby=move || invalid().then_some(ids::PHONE_ERROR)
                    node_ref=input
                    prop:value=value
                    on:input=move |ev| on_edit.run(event_target_value(&ev))
                    on:blur=move |_| on_blur.run(())
                />
            </div>
            <p id=ids::PHONE_ERROR class="vo-error" part="error">
                {error}
            </p>
        </div>
    }
}
