//! The code step's view (README.md, Quick start, step 4): where the code went, one input for its
//! six digits, the error tied to it, and "Send a new code" with its countdown. What happens is the
//! state's ([`crate::state::Verification`]); `run` carries out what it asks for.

use leptos::prelude::*;

use super::{aria, dynamic, dynamic_string, handler, ids, present, Form};
use crate::i18n::Msg;
use crate::state::{CodeView, Next};

/// Reads a part of the code step's view (empty while there is none).
fn code_part<T: Default>(form: Form, part: impl Fn(&CodeView) -> T) -> T {
    form.view
        .with(|v| v.code.as_ref().map(&part))
        .unwrap_or_default()
}

/// The code step, shown while the registration verifies its e-mail and/or phone.
pub(crate) fn code_step(form: Form, run: impl Fn(Next) + Copy + 'static) -> impl IntoView {
    let state = form.state;
    view! {
        <div
            class="vo-code"
            part="code-step"
            hidden=dynamic(move || form.view.with(|v| present(v.code.is_none())))
        >
            <p id=ids::CODE_INTRO class="vo-code-intro" aria-live="polite">
                {dynamic_string(move || code_part(form, |c| c.intro.clone()))}
            </p>
            <label class="vo-label" part="label" for=ids::CODE>
                {dynamic(move || form.text(Msg::CodeLabel))}
            </label>
            <input
                id=ids::CODE
                class="vo-input vo-code-input"
                part="input code-input"
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                spellcheck="false"
                readonly=dynamic(move || present(code_part(form, |c| c.busy)))
                aria-invalid=dynamic(move || aria(code_part(form, |c| c.invalid)))
                aria-describedby=dynamic(move || {
                    Some(if code_part(form, |c| c.error.is_some()) {
                        ids::CODE_DESCRIBED_WITH_ERROR
                    } else {
                        ids::CODE_INTRO
                    })
                })
                prop:value=dynamic_string(move || {
                    state.with(|s| s.verification.as_ref().map(|v| v.code.clone()).unwrap_or_default())
                })
                on:input=handler(move |ev: web_sys::Event| {
                    run(state.try_update(|s| s.code_edit(event_target_value(&ev))).unwrap_or(Next::Nothing));
                })
            />
            <p id=ids::CODE_ERROR class="vo-error" part="error" role="alert">
                {dynamic(move || code_part(form, |c| c.error))}
            </p>
            <button
                type="button"
                class="vo-resend"
                part="resend"
                aria-disabled=dynamic(move || aria(code_part(form, |c| c.resend_blocked)))
                on:click=handler(move |_: web_sys::MouseEvent| {
                    run(state.try_update(|s| s.code_resend()).unwrap_or(Next::Nothing));
                })
            >
                {dynamic_string(move || code_part(form, |c| c.resend.clone()))}
            </button>
            <p class="vo-code-status" role="status">
                {dynamic(move || code_part(form, |c| c.status))}
            </p>
        </div>
    }
}
