use leptos::prelude::*;

use super::{dynamic_string, ids, lang_text, Form};
use crate::i18n::Msg;
use crate::lang::Lang;

/// The language selector: a native `<select>` listing each language in its own name. Picking
/// one calls `on_change`.
pub(crate) fn language_select(form: Form, on_change: impl Fn(Lang) + 'static) -> impl IntoView {
    let lang = form.lang;
    view! {
        <div class="vo-lang">
            <label class="vo-label vo-lang-label" for=ids::LANG>
                {lang_text(form.lang, Msg::LanguageLabel)}
            </label>
            <select
                id=ids::LANG
                class="vo-select"
                part="language-select"
                // The property, not the options' attributes: once the person has picked an
                // option, its attribute no longer selects it.
                prop:value=dynamic_string(move || lang.get().code().to_owned())
                on:change=move |ev| {
                    if let Some(picked) = Lang::parse(&event_target_value(&ev)) {
                        on_change(picked);
                    }
                }
            >
                {Lang::ALL
                    .map(|option| {
                        view! {
                            <option value=option.code() lang=option.code()>
                                {option.native_name()}
                            </option>
                        }
                    })}
            </select>
        </div>
    }
}
