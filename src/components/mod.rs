//! The form's Leptos components: thin views over [`crate::state`]. Each reactive value is read
//! from one place ([`Form`]) and rendered as it is; the rules live in the state's methods.

mod code_step;
mod country_list;
mod country_picker;
mod fields;
mod form;
mod language_select;
mod verify;

pub use form::OnboardingForm;

use leptos::html;
use leptos::prelude::*;

use crate::config::{Config, ConfigError};
use crate::lang::Lang;
use crate::state::{FormState, FormView};

/// Element ids inside the shadow root (each instance has its own root, so they cannot clash).
pub(crate) mod ids {
    pub const EMAIL: &str = "vo-email";
    pub const EMAIL_ERROR: &str = "vo-email-error";
    pub const PHONE: &str = "vo-phone";
    pub const PHONE_ERROR: &str = "vo-phone-error";
    pub const FORM_ERROR: &str = "vo-form-error";
    pub const INSTRUCTIONS: &str = "vo-instructions";
    pub const LANG: &str = "vo-lang";
    pub const COUNTRY_BUTTON: &str = "vo-country-button";
    pub const COUNTRY_SEARCH: &str = "vo-country-search";
    pub const COUNTRY_LIST: &str = "vo-country-list";
    pub const COUNTRY_HINT: &str = "vo-country-hint";
    pub const CODE: &str = "vo-code";
    pub const CODE_INTRO: &str = "vo-code-intro";
    pub const CODE_ERROR: &str = "vo-code-error";
    /// The code input's description when it has an error.
    pub const CODE_DESCRIBED_WITH_ERROR: &str = "vo-code-intro vo-code-error";
    pub const COUNTRY_OPTION_PREFIX: &str = "vo-country-opt-";
}

/// What every part of the form reads and writes: one handle, copied into each view.
#[derive(Clone, Copy)]
pub(crate) struct Form {
    /// What the person typed and where the registration stands.
    pub state: RwSignal<FormState>,
    /// What the form shows, derived from the state, the configuration and the language.
    pub view: Memo<FormView>,
    /// The host's configuration.
    pub config: Signal<Result<Config, ConfigError>>,
    /// The UI language.
    pub lang: RwSignal<Lang>,
    /// The form's root element, through which its inputs are found.
    pub root: NodeRef<html::Div>,
    /// The browser objects it holds.
    pub held: StoredValue<Held, LocalStorage>,
}

/// The browser objects a form holds, in one stored value (each stored value is an arena slot
/// and its registration code in the wasm). They go when the form does.
pub(crate) struct Held {
    /// Where its events go.
    pub emitter: crate::events::Emitter,
    /// The element that may carry a `tokenProvider`.
    pub host: web_sys::HtmlElement,
    /// Aborted when the form goes: no request, timer or event outlives it.
    pub lifetime: Option<web_sys::AbortController>,
    /// Back online: the offline notice goes (see the form). Held only to be dropped with it.
    pub _online: Option<crate::browser::WindowListener>,
}

impl Form {
    /// Dispatches the event `name` (see [`crate::events::Emitter::emit`]).
    pub fn emit(self, name: &str, detail: crate::events::Detail) {
        self.held.with_value(|held| held.emitter.emit(name, detail));
    }

    /// The signal that aborts the form's requests; `None` once the form is gone.
    pub fn cancel(self) -> Option<web_sys::AbortSignal> {
        self.held
            .try_with_value(|held| held.lifetime.as_ref().map(web_sys::AbortController::signal))
            .flatten()
            .filter(|signal| !signal.aborted())
    }

    /// Focuses the element `id` if focus is in this form or nowhere (the page's body), not
    /// when the person has moved on to the page while an answer was awaited.
    pub fn focus_if_here(self, id: &str) {
        let here = self
            .root
            .try_get_untracked()
            .flatten()
            .is_some_and(|root| crate::browser::focus_within_or_nowhere(&root));
        if here {
            self.focus(id);
        }
    }

    /// Focuses the element with `id` inside the form, if it is there.
    pub fn focus(self, id: &str) {
        let Some(root) = self.root.try_get_untracked().flatten() else {
            return;
        };
        let selector = crate::text::concat("#", id);
        if let Some(element) = root
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = element.focus();
        }
    }
}

/// A reactive attribute of the view; `None` leaves the attribute out.
///
/// Leptos renders a closure with code made for that closure's own type, so every `move ||` of a
/// view would carry its own copy of it; boxed into one type, they all share one. The form's
/// reactive values are all of this type (attributes), or of [`DynString`].
pub(crate) type Dyn = Box<dyn FnMut() -> Option<&'static str> + Send>;

/// A reactive text node or property, or the one attribute made at run time (the country
/// button's name).
pub(crate) type DynString = Box<dyn FnMut() -> String + Send>;

/// Boxes a reactive attribute (see [`Dyn`]).
pub(crate) fn dynamic(value: impl FnMut() -> Option<&'static str> + Send + 'static) -> Dyn {
    Box::new(value)
}

/// Boxes a reactive text node or property, or an attribute made at run time (see [`DynString`]).
pub(crate) fn dynamic_string(value: impl FnMut() -> String + Send + 'static) -> DynString {
    Box::new(value)
}

/// A reactive attribute read from the form's view by `read`.
///
/// One closure type for every such value: each site passes a plain function, so Leptos's
/// tracking read (`Memo::with`) is compiled once, not once per site.
pub(crate) fn shown(view: Memo<FormView>, read: fn(&FormView) -> Option<&'static str>) -> Dyn {
    Box::new(move || view.with(read))
}

/// A reactive text made at run time, read from the form's view by `read` (see [`shown`]).
pub(crate) fn shown_string(view: Memo<FormView>, read: fn(&FormView) -> String) -> DynString {
    Box::new(move || view.with(read))
}

/// A reactive text node read from the form's view by `read`, empty for `None` (see [`shown`]).
///
/// Every reactive text node of the form is a `String`: one kind of text node in the wasm, not a
/// second one that swaps a text for a placeholder comment.
pub(crate) fn shown_text(
    view: Memo<FormView>,
    read: fn(&FormView) -> Option<&'static str>,
) -> DynString {
    Box::new(move || view.with(read).unwrap_or_default().to_owned())
}

/// The text node of `msg` in the form's language, following it (see [`shown_text`]).
pub(crate) fn lang_text(lang: RwSignal<Lang>, msg: crate::i18n::Msg) -> DynString {
    Box::new(move || crate::i18n::t(lang.get(), msg).to_owned())
}

/// A reactive text or property read from what the person typed by `read` (see [`shown`]).
pub(crate) fn typed(state: RwSignal<FormState>, read: fn(&FormState) -> String) -> DynString {
    Box::new(move || state.with(read))
}

/// An attribute (a name for assistive technology) with the text of `msg` in the form's language,
/// following it (see [`shown`]).
pub(crate) fn lang_attr(lang: RwSignal<Lang>, msg: crate::i18n::Msg) -> Dyn {
    Box::new(move || Some(crate::i18n::t(lang.get(), msg)))
}

/// A boolean attribute's value: present (empty) or left out.
pub(crate) fn present(on: bool) -> Option<&'static str> {
    on.then_some("")
}

/// An ARIA state attribute's value: `"true"` or `"false"`.
pub(crate) fn aria(on: bool) -> Option<&'static str> {
    Some(aria_bool(on))
}

/// An event handler of the view, boxed: one copy of Leptos's listener code per event type
/// instead of one per handler (see [`Dyn`]).
pub(crate) type Handler<E> = Box<dyn FnMut(E)>;

/// Boxes an event handler (see [`Handler`]).
pub(crate) fn handler<E: 'static>(on: impl FnMut(E) + 'static) -> Handler<E> {
    Box::new(on)
}

/// Keeps focus where it is on a press: without it, pressing a button blurs the field first,
/// and an error shown on blur moves the button down, so that the release misses it and the
/// click never happens; a press on an option row would blur the search box.
pub(crate) fn keep_focus(ev: web_sys::MouseEvent) {
    ev.prevent_default();
}

/// Keeps `effect` running for as long as the component that made it: a render effect stops
/// when it is dropped.
pub(crate) fn keep<T: Send + Sync + 'static>(effect: RenderEffect<T>) {
    on_cleanup(move || drop(effect));
}

/// `"true"` / `"false"` for ARIA state attributes.
pub(crate) fn aria_bool(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}
