//! The code step's view (README.md, Quick start, step 4): where the code went, one input for its
//! six digits, the error tied to it, and "Send a new code" with its countdown. What happens is the
//! state's ([`crate::state::Verification`]); `run` carries out what it asks for.

use leptos::prelude::*;

use super::{aria, handler, ids, lang_text, present, shown, shown_string, shown_text, typed, Form};
use crate::i18n::Msg;
use crate::state::{CodeView, FormView, Next};

/// Whether the code step is shown and `part` holds of it.
fn code_is(v: &FormView, part: fn(&CodeView) -> bool) -> bool {
    v.code.as_ref().is_some_and(part)
}

/// The code step, shown while the registration verifies its e-mail and/or phone.
pub(crate) fn code_step(form: Form, run: impl Fn(Next) + Copy + 'static) -> impl IntoView {
    let state = form.state;
    view! {
        <div
            class="vo-code"
            part="code-step"
            hidden=shown(form.view, |v| present(v.code.is_none()))
        >
            <p id=ids::CODE_INTRO class="vo-code-intro" aria-live="polite">
                {shown_string(form.view, |v| v.code.as_ref().map(|c| c.intro.clone()).unwrap_or_default())}
            </p>
            <label class="vo-label" part="label" for=ids::CODE>
                {lang_text(form.lang, Msg::CodeLabel)}
            </label>
            <input
                id=ids::CODE
                class="vo-input vo-code-input"
                part="input code-input"
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                spellcheck="false"
                readonly=shown(form.view, |v| present(code_is(v, |c| c.busy)))
                aria-invalid=shown(form.view, |v| aria(code_is(v, |c| c.invalid)))
                aria-describedby=shown(form.view, |v| {
                    Some(if code_is(v, |c| c.error.is_some()) {
                        ids::CODE_DESCRIBED_WITH_ERROR
                    } else {
                        ids::CODE_INTRO
                    })
                })
                prop:value=typed(state, |s| {
                    s.verification.as_ref().map(|v| v.code.clone()).unwrap_or_default()
                })
                on:input=handler(move |ev: web_sys::Event| {
                    run(state.try_update(|s| s.code_edit(event_target_value(&ev))).unwrap_or(Next::Nothing));
                })
            />
            <p id=ids::CODE_ERROR class="vo-error" part="error" role="alert">
                {shown_text(form.view, |v| v.code.as_ref().and_then(|c| c.error))}
            </p>
            <button
                type="button"
                class="vo-resend"
                part="resend"
                aria-disabled=shown(form.view, |v| aria(code_is(v, |c| c.resend_blocked)))
                on:click=handler(move |_: web_sys::MouseEvent| {
                    run(state.try_update(|s| s.code_resend()).unwrap_or(Next::Nothing));
                })
            >
                {shown_string(form.view, |v| v.code.as_ref().map(|c| c.resend.clone()).unwrap_or_default())}
            </button>
            <p class="vo-code-status" role="status">
                {shown_text(form.view, |v| v.code.as_ref().and_then(|c| c.status))}
            </p>
        </div>
    }
}
