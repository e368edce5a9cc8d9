use leptos::prelude::*;

use crate::i18n::{t, Msg};
use crate::lang::Lang;

const ID: &str = "vo-lang";

/// The language selector: a native `<select>` listing each language in its own name.
#[component]
pub fn LanguageSelect(
    /// The current UI language.
    #[prop(into)]
    lang: Signal<Lang>,
    /// Called with the language the person picked.
    on_change: Callback<Lang>,
) -> impl IntoView {
    view! {
        <div class="vo-lang">
            <label class="vo-label vo-lang-label" for=ID>
                {move || t(lang.get(), Msg::LanguageLabel)}
            </label>
            <select
                id=ID
                class="vo-select"
                part="language-select"
                on:change=move |ev| {
                    if let Some(picked) = Lang::parse(&event_target_value(&ev)) {
                        on_change.run(picked);
                    }
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option
                                value=option.code()
                                lang=option.code()
                                // The property, not the attribute: once the person has
                                // picked an option, its attribute no longer selects it.
                                prop:selected=move || lang.get() == option
                            >
                                {option.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
