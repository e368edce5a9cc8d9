use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use super::code_step::code_step;
use super::fields::{email_field, phone_field};
use super::language_select::language_select;
use super::{
    aria, dynamic, ids, keep_focus, lang_attr, lang_text, present, shown, shown_string, shown_text,
    Form, Held,
};
use crate::api::{ApiError, Failure, Field, RegistrationRequest};
use crate::config::{Config, ConfigError};
use crate::events::{self, Emitter};
use crate::i18n::Msg;
use crate::lang::Lang;
use crate::phone::JsRegExp;
use crate::state::{FormState, FormView, Next, Submit, Verification};

/// The onboarding form: language, e-mail and/or phone, submit, and the messages around them.
///
/// Errors show once a field was left or a submit tried, and clear as soon as the input is
/// fixed. It posts one registration at a time and reports every outcome as a `verifik:*`
/// event on `host`.
#[component]
pub fn OnboardingForm(
    /// The host's configuration, re-checked whenever the host changes it.
    #[prop(into)]
    config: Signal<Result<Config, ConfigError>>,
    /// The UI language, also sent to the API. The language selector writes it.
    lang: RwSignal<Lang>,
    /// The element that may carry a `tokenProvider`, and receives the events.
    host: web_sys::HtmlElement,
    /// Receives the events instead of `host` (for `mount()`, the app's target element).
    #[prop(optional_no_strip)]
    event_target: Option<web_sys::HtmlElement>,
    /// Each change empties the form for a new registration (the element's `reset()`).
    #[prop(into, optional)]
    reset: Signal<u32>,
) -> impl IntoView {
    let browser_region = || {
        crate::intl::browser_region()
            .and_then(|region| crate::countries::by_iso(&region))
            .map(|region| region.iso())
    };
    let mut initial = FormState::new(crate::countries::is_installed());
    config.with_untracked(|c| {
        if let Ok(config) = c {
            initial.preselect(config, browser_region());
        }
    });
    let state = RwSignal::new(initial);
    let view = Memo::new(move |_| {
        state.with(|s| config.with(|c| FormView::new(s, c, lang.get(), &JsRegExp)))
    });
    let root = NodeRef::<html::Div>::new();
    // Back online: the offline notice goes, and the person can send again. The listener goes
    // with the form.
    let online = crate::browser::WindowListener::new("online", move |_| {
        state.try_update(|s| s.back_online());
    });
    let held = StoredValue::new_local(Held {
        emitter: Emitter::new(host.clone(), event_target),
        host,
        lifetime: AbortController::new().ok(),
        _online: online,
    });
    // Removing the form aborts what it has in flight: no request, timer or event outlives it.
    on_cleanup(move || {
        held.with_value(|held| held.lifetime.as_ref().map(AbortController::abort));
    });
    let form = Form {
        state,
        view,
        config,
        lang,
        root,
        held,
    };
    let emit = move |name: &str, detail: events::Detail| form.emit(name, detail);
    let emit_error =
        move |error: &Failure| emit(events::ERROR, events::error(error, lang.get_untracked()));

    // The phone table is loaded once the form is interactive (see `phone_metadata`); until
    // then a number gets no verdict.
    if !state.with_untracked(|s| s.metadata) {
        spawn_local(async move {
            // Loads it if the entry module has handed over its loader by now; else (or if that
            // fails) waits for the entry's own attempt, or a later submit's.
            if !crate::phone_metadata::ensure().await {
                crate::phone_metadata::installed().await;
            }
            state.try_update(|s| s.metadata = true);
        });
    }

    // The host's reset(): an empty form.
    super::keep(RenderEffect::new(move |seen: Option<u32>| {
        let generation = reset.get();
        if seen.is_some_and(|seen| seen != generation) {
            state.update(FormState::reset);
        }
        generation
    }));

    // Every configuration the host writes: the preselected country follows it, and
    // `verifik:ready` is dispatched once the form becomes usable (after it is rendered),
    // `verifik:error` once per distinct configuration problem: a host learns of an unusable
    // configuration from an event as well as on screen, and live attribute changes that keep
    // the form usable announce nothing.
    Effect::new(move |previous: Option<Result<(), ConfigError>>| {
        let usable = config.with(|c| match c {
            Ok(config) => {
                state.maybe_update(|s| s.preselect(config, browser_region()));
                Ok(())
            }
            Err(problem) => Err(problem.clone()),
        });
        if previous.as_ref() != Some(&usable) {
            match &usable {
                Ok(()) => emit(events::READY, events::ready()),
                Err(problem) => emit_error(&Failure::from(ApiError::Config(problem.clone()))),
            }
        }
        usable
    });

    let on_lang = move |picked: Lang| {
        if picked == lang.get_untracked() {
            return;
        }
        lang.set(picked);
        // The element's own attribute follows, so hosts and CSS see the language in use.
        held.with_value(|held| {
            let _ = held
                .host
                .set_attribute(crate::config::attr::LANG, picked.code());
        });
        emit(events::LANGUAGE_CHANGE, events::language_change(picked));
    };

    // The outcome of `request`, sent while the form was at `generation`.
    let finish = move |outcome: Result<crate::api::Registration, Failure>,
                       request: RegistrationRequest,
                       config: Config,
                       generation: u32| {
        // The host reset the form meanwhile: report the outcome, but leave the form be.
        let current = state.try_with_untracked(|s| s.generation) == Some(generation);
        match outcome {
            Ok(registration) => {
                // The button goes away: focus on it moves to the message that replaces it, not
                // to the page.
                let by_focus = current
                    && root
                        .get_untracked()
                        .and_then(|r| r.query_selector(".vo-submit").ok().flatten())
                        .is_some_and(|button| crate::browser::has_focus(&button));
                let next = current
                    .then(|| {
                        state.try_update(|s| {
                            let (verify, api) = (config.verify, &config.api_base);
                            s.registered(&request, &registration, verify, api, by_focus)
                        })
                    })
                    .flatten()
                    .unwrap_or(Next::Nothing);
                emit(
                    events::REGISTERED,
                    events::registered(&registration, &request, config.emit_token),
                );
                // Codes were asked for, but the answer gave no token to send them with: the
                // form ends as without `verify`, and the host hears why none came.
                let verifying = state.with_untracked(|s| s.verification.is_some());
                if current && !verifying && Verification::wanted(&request, config.verify) {
                    emit_error(&Failure::from(ApiError::InvalidResponse));
                }
                if let Next::Send(_) = next {
                    // The code step takes the fields' place, and focus.
                    request_animation_frame(move || form.focus_if_here(ids::CODE));
                    form.run_code(next);
                } else if by_focus {
                    request_animation_frame(move || form.focus_success());
                }
            }
            Err(failure) => {
                emit_error(&failure);
                // The host may have removed the form while it heard the error.
                if !current || form.cancel().is_none() {
                    return;
                }
                let field = state.try_update(|s| s.failed(failure.error, config.fields));
                match field.flatten() {
                    Some(Field::Email) => form.focus(ids::EMAIL),
                    Some(Field::Phone) => form.focus(ids::PHONE),
                    None => {}
                }
            }
        }
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(config) = config.with_untracked(|c| c.as_ref().ok().cloned()) else {
            return;
        };
        let Some(cancel) = form.cancel() else {
            return;
        };
        let offline = crate::browser::is_offline();
        let lang_now = lang.get_untracked();
        let action = state.try_update(|s| s.submit(&config, lang_now, offline, &JsRegExp));
        let generation = state.with_untracked(|s| s.generation);
        match action.unwrap_or(Submit::Nothing) {
            Submit::Nothing => {}
            Submit::Focus(Field::Email) => form.focus(ids::EMAIL),
            Submit::Focus(Field::Phone) => form.focus(ids::PHONE),
            Submit::Offline => emit_error(&Failure::from(ApiError::Offline)),
            Submit::Code(next) => form.run_code(next),
            Submit::AwaitMetadata => spawn_local(async move {
                // A number typed before the table arrived: load it (again, after a failure),
                // then submit as if the person had pressed the button then.
                let loaded = crate::phone_metadata::ensure().await;
                // Removed meanwhile, or emptied by the host's reset(): that form sends nothing.
                if cancel.aborted()
                    || state.try_with_untracked(|s| s.generation) != Some(generation)
                {
                    return;
                }
                state.update(|s| s.metadata_loaded(loaded));
                if loaded {
                    form.request_submit();
                } else {
                    emit_error(&Failure::from(ApiError::Network));
                }
            }),
            Submit::Send(request) => {
                let host = held.with_value(|held| held.host.clone());
                spawn_local(async move {
                    let outcome = crate::submit::register(&host, &config, &request, &cancel).await;
                    if !cancel.aborted() {
                        finish(outcome, request, config, generation);
                    }
                });
            }
        }
    };

    view! {
        <div class="vo-root" part="root" lang=dynamic(move || Some(lang.get().code())) node_ref=root>
            <p
                class="vo-config-error"
                part="config-error"
                role="alert"
                hidden=shown(view, |v| present(v.config_error.is_none()))
            >
                {shown_string(view, |v| v.config_error.clone().unwrap_or_default())}
            </p>
            <form
                class="vo-form"
                part="form"
                novalidate
                aria-label=lang_attr(form.lang, Msg::FormLabel)
                aria-describedby=shown(view, |v| v.both.then_some(ids::INSTRUCTIONS))
                on:submit=on_submit
                hidden=shown(view, |v| present(v.config_error.is_some()))
            >
                {language_select(form, on_lang)}
                <p
                    id=ids::INSTRUCTIONS
                    class="vo-instructions"
                    hidden=shown(view, |v| present(!v.both))
                >
                    {lang_text(form.lang, Msg::EitherFieldHint)}
                </p>
                {email_field(form)}
                {phone_field(form)}
                {code_step(form, move |next| form.run_code(next))}
                <p class="vo-summary" role="status">
                    {shown_text(view, |v| v.summary)}
                </p>
                <p id=ids::FORM_ERROR class="vo-error vo-form-error" part="error" role="alert">
                    {shown_text(view, |v| v.form_error)}
                </p>
                <button
                    type="submit"
                    class="vo-submit"
                    part="submit"
                    hidden=shown(view, |v| present(v.done))
                    on:mousedown=keep_focus
                    aria-busy=shown(view, |v| aria(v.busy))
                    aria-disabled=shown(view, |v| aria(v.busy))
                >
                    {shown_text(view, |v| Some(v.submit))}
                </button>
                <p
                    class="vo-success"
                    part="success"
                    role="status"
                    aria-live=shown(view, |v| v.success_by_focus.then_some("off"))
                    tabindex="-1"
                >
                    {shown_text(view, |v| v.success)}
                </p>
            </form>
        </div>
    }
}

impl Form {
    /// Sends the form again, as a press of its button would.
    fn request_submit(self) {
        let form = self.root.get_untracked().and_then(|root| {
            root.query_selector("form")
                .ok()
                .flatten()
                .and_then(|f| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(f).ok())
        });
        if let Some(form) = form {
            let _ = form.request_submit();
        }
    }

    /// Moves focus to the success message (if the form is still there).
    pub(crate) fn focus_success(self) {
        if let Some(message) = self
            .root
            .try_get_untracked()
            .flatten()
            .and_then(|root| root.query_selector(".vo-success").ok().flatten())
            .and_then(|m| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(m).ok())
        {
            let _ = message.focus();
        }
    }
}
