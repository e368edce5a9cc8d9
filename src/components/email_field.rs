use leptos::html;
use leptos::prelude::*;

use super::{aria_bool, ids};
use crate::i18n::{t, Msg};
use crate::lang::Lang;

/// The e-mail input with its label and error text.
#[component]
pub fn EmailField(
    /// What the person typed.
    value: RwSignal<String>,
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
    /// Called when the person leaves the field.
    on_blur: Callback<()>,
    /// Called on every edit.
    on_edit: Callback<()>,
    /// The input element, for focus management.
    input: NodeRef<html::Input>,
) -> impl IntoView {
    let invalid = move || error.with(Option::is_some);
    view! {
        <div class="vo-field">
            <label class="vo-label" part="label" for=ids::EMAIL>
                {move || t(lang.get(), Msg::EmailLabel)}
            </label>
            <input
                id=ids::EMAIL
                class="vo-input"
                part="input"
                type="email"
                name="email"
                autocomplete="email"
                spellcheck="false"
                readonly=readonly
                aria-required=move || required.get().then_some("true")
                aria-invalid=move || aria_bool(invalid())
                aria-describedby=move || invalid().then_some(ids::EMAIL_ERROR)
                node_ref=input
                prop:value=value
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    on_edit.run(());
                }
                on:blur=move |_| on_blur.run(())
            />
            <p id=ids::EMAIL_ERROR class="vo-error" part="error">
                {error}
            </p>
        </div>
    }
}
