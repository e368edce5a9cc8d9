use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{AbortController, AbortSignal};

use super::{aria_bool, ids, EmailField, LanguageSelect, PhoneField};
use crate::api::{self, ApiError, Failure, Field, Registration, RegistrationRequest};
use crate::config::{Config, ConfigError};
use crate::events::{self, Detail, Emitter};
use crate::i18n::{errors_summary, t, Msg};
use crate::lang::Lang;
use crate::phone::{JsRegExp, PhoneError};
use crate::picker::ordered;
use crate::token;
use crate::validate::{check_form, EmailError};

fn email_message(error: EmailError) -> Msg {
    match error {
        EmailError::Required => Msg::ErrEmailRequired,
        EmailError::InvalidFormat => Msg::ErrEmailInvalid,
        EmailError::TooLong => Msg::ErrEmailTooLong,
    }
}

fn phone_message(error: PhoneError) -> Msg {
    match error {
        PhoneError::Required => Msg::ErrPhoneRequired,
        PhoneError::InvalidCharacters => Msg::ErrPhoneInvalidCharacters,
        PhoneError::InvalidCountry => Msg::ErrPhoneInvalidCountry,
        PhoneError::TooShort => Msg::ErrPhoneTooShort,
        PhoneError::TooLong => Msg::ErrPhoneTooLong,
        PhoneError::InvalidNumber => Msg::ErrPhoneInvalid,
        // Never shown: the field shows no verdict without the table, and a submit waits for it
        // (and reports a failure to load it as a network error).
        PhoneError::Unchecked => Msg::ErrNetwork,
    }
}

/// Where the form is between submits.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Busy,
    /// Registered; the message says what happens next.
    Done(Msg),
    Failed(ApiError),
}

/// What the person is told after a registration: where the next step was sent.
fn next_step_message(request: &RegistrationRequest) -> Msg {
    match (request.email.is_some(), request.phone.is_some()) {
        (true, true) => Msg::RegisteredBoth,
        (false, true) => Msg::RegisteredPhone,
        _ => Msg::RegisteredEmail,
    }
}

fn dispatch_error(emitter: &Emitter, failure: &Failure, lang: Lang) {
    let error = &failure.error;
    let detail = Detail::new()
        .str("code", error.code())
        .str("message", &error.message(lang))
        .num("status", failure.status.map(f64::from))
        .opt_str("field", error.field().map(Field::name));
    emitter.emit(events::ERROR, detail);
}

fn dispatch_registered(
    emitter: &Emitter,
    registration: &Registration,
    request: &RegistrationRequest,
    emit_token: bool,
) {
    let token = emit_token
        .then_some(registration.registration_token.as_deref())
        .flatten();
    let phone = request.phone.as_ref();
    let detail = Detail::new()
        .str("registrationId", &registration.id)
        .str("status", &registration.status)
        .opt_str(
            "informationValidationId",
            registration.information_validation_id.as_deref(),
        )
        .str("language", request.language.code())
        .opt_str("email", request.email.as_deref())
        .opt_str("phone", phone.map(|(national, _)| national.as_str()))
        .opt_str("countryCode", phone.map(|(_, code)| code.as_str()))
        .opt_str("registrationToken", token);
    emitter.emit(events::REGISTERED, detail);
}

/// Gets a token that is not about to expire. A token that has (nearly) expired is replaced
/// once when its source can give another; an expired token that cannot be replaced is not
/// sent at all, since the API would certainly refuse it. A replacement that still looks
/// expired is sent if its issuer gave it a lifetime (this device's clock may be fast), as one
/// that is not replaced again: a stale token costs one refused request, not a second round.
async fn usable_token(
    host: &web_sys::HtmlElement,
    config: &Config,
    cancel: &AbortSignal,
) -> Result<token::Obtained, ApiError> {
    let now = (js_sys::Date::now() / 1000.0) as u64;
    let token_url = config.token_url.as_deref();
    let obtained = token::obtain(host, token_url, config.token.clone(), cancel).await?;
    if !obtained
        .token
        .expires_within(now, token::EXPIRY_MARGIN_SECS)
    {
        return Ok(obtained);
    }
    if !obtained.refreshable {
        return Err(ApiError::Unauthorized);
    }
    let mut again = token::obtain(host, token_url, config.token.clone(), cancel).await?;
    // Asked for anew and still expired by this device's clock: sent only if the clock may be
    // what is wrong (a clock minutes fast would otherwise refuse every token), and not asked
    // for again if the API refuses it (then it was stale after all).
    if again.token.expires_within(now, 0) {
        if !again.token.issued_with_life() {
            return Err(ApiError::Unauthorized);
        }
        again.refreshable = false;
    }
    Ok(again)
}

/// Posts one registration. A refused token is replaced once and the request replayed once;
/// a 429 or 503 that asks for a short wait is retried at most twice, after that wait. Nothing
/// else is replayed: a POST that failed otherwise may have gone through. `cancel` (the form
/// was removed) aborts whatever is in flight and stops further attempts.
async fn register(
    host: &web_sys::HtmlElement,
    config: &Config,
    request: &RegistrationRequest,
    cancel: &AbortSignal,
) -> Result<Registration, Failure> {
    let mut obtained = usable_token(host, config, cancel).await?;
    let mut replayed = false;
    let mut retries = 0;
    loop {
        let sent = api::post_registration(&config.api_base, &obtained.token, request, cancel);
        let failure = match sent.await {
            Ok(registration) => return Ok(registration),
            Err(failure) => failure,
        };
        if cancel.aborted() {
            return Err(failure);
        }
        if failure.error == ApiError::Unauthorized && obtained.refreshable && !replayed {
            replayed = true;
            obtained = usable_token(host, config, cancel).await?;
            continue;
        }
        match failure.auto_retry_after() {
            Some(wait) if retries < api::MAX_AUTO_RETRIES => {
                retries += 1;
                api::sleep(wait, cancel).await;
                if cancel.aborted() {
                    return Err(failure);
                }
            }
            _ => return Err(failure),
        }
    }
}

fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

fn focus(input: NodeRef<html::Input>) {
    if let Some(input) = input.try_get_untracked().flatten() {
        let _ = input.focus();
    }
}

/// Whether `element` has focus in its document or shadow root.
fn has_focus(element: &web_sys::Element) -> bool {
    let root = element.get_root_node();
    let element: &wasm_bindgen::JsValue = element.as_ref();
    js_sys::Reflect::get(&root, &wasm_bindgen::JsValue::from_str("activeElement"))
        .is_ok_and(|active| active == *element)
}

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
    let emitter = StoredValue::new_local(Emitter::new(host.clone(), event_target));
    let host = StoredValue::new_local(host);
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let country = RwSignal::new(None::<&'static str>);
    let email_touched = RwSignal::new(false);
    let phone_touched = RwSignal::new(false);
    let submitted = RwSignal::new(false);
    let email_api_error = RwSignal::new(None::<ApiError>);
    let phone_api_error = RwSignal::new(None::<ApiError>);
    let summary = RwSignal::new(None::<usize>);
    let status = RwSignal::new(Status::Idle);
    let email_input = NodeRef::<html::Input>::new();
    let phone_input = NodeRef::<html::Input>::new();
    let form = NodeRef::<html::Form>::new();
    let submit_button = NodeRef::<html::Button>::new();
    let success = NodeRef::<html::P>::new();
    // The success message is a live region, unless focus moves onto it: then focus reads it,
    // and the live region would read it a second time.
    let success_by_focus = RwSignal::new(false);
    // Whether phone numbers can be judged: the metadata table is loaded once the form is
    // interactive (see `phone_metadata`). Until then a number gets no verdict.
    let metadata = RwSignal::new(crate::countries::is_installed());
    if !metadata.get_untracked() {
        spawn_local(async move {
            // Loads it if the entry module has handed over its loader by now; else (or if that
            // fails) waits for the entry's own attempt, or a later submit's.
            if !crate::phone_metadata::ensure().await {
                crate::phone_metadata::installed().await;
            }
            metadata.try_set(true);
        });
    }

    let fields =
        Memo::new(move |_| config.with(|c| c.as_ref().map(|c| c.fields).unwrap_or_default()));
    let allowed =
        Memo::new(move |_| config.with(|c| c.as_ref().ok().and_then(|c| c.countries.clone())));
    // The picker's list depends on the language and the two country attributes only: a new
    // token or api-base must not re-run 245 Intl look-ups.
    let preferred = Memo::new(move |_| {
        config.with(|c| {
            c.as_ref()
                .map(|c| c.preferred_countries.clone())
                .unwrap_or_default()
        })
    });
    let entries = Memo::new(move |_| {
        let codes = allowed
            .get()
            .unwrap_or_else(|| crate::countries::all().iter().map(|r| r.iso()).collect());
        ordered(
            crate::intl::country_entries(lang.get(), &codes),
            &preferred.get(),
        )
    });

    // The preselected country: the host's default, else the browser's region if allowed. It
    // follows live changes of `default-country` until the person picks a country (or types an
    // international number); a country the host no longer allows is dropped.
    let preselected = StoredValue::new(None::<&'static str>);
    Effect::new(move |_| {
        let Ok(cfg) = config.get() else { return };
        let allowed_now = |iso: &'static str| {
            cfg.countries
                .as_ref()
                .is_none_or(|list| list.contains(&iso))
        };
        let current = country.get_untracked();
        let picked = current.is_some() && current != preselected.get_value();
        if picked && current.is_some_and(allowed_now) {
            return;
        }
        let fallback = cfg.default_country.or_else(|| {
            crate::intl::browser_region()
                .and_then(|r| crate::countries::by_iso(&r))
                .map(|r| r.iso())
                .filter(|iso| allowed_now(iso))
        });
        preselected.set_value(fallback);
        if current != fallback {
            country.set(fallback);
        }
    });

    // `verifik:ready` once the form becomes usable, `verifik:error` once per distinct
    // configuration problem: a host learns of an unusable configuration from an event as well
    // as on screen, and live attribute changes that keep the form usable announce nothing.
    Effect::new(move |previous: Option<Result<(), ConfigError>>| {
        let state = config.with(|c| c.as_ref().map(|_| ()).map_err(Clone::clone));
        if previous.as_ref() != Some(&state) {
            emitter.with_value(|e| match &state {
                Ok(()) => e.emit(events::READY, Detail::new().str("version", crate::VERSION)),
                Err(problem) => dispatch_error(
                    e,
                    &Failure::from(ApiError::Config(problem.clone())),
                    lang.get_untracked(),
                ),
            });
        }
        state
    });

    // reset(): back to an empty form, as on first render.
    Effect::new(move |previous: Option<u32>| {
        let generation = reset.get();
        if previous.is_some_and(|p| p != generation) {
            email.set(String::new());
            phone.set(String::new());
            email_touched.set(false);
            phone_touched.set(false);
            submitted.set(false);
            email_api_error.set(None);
            phone_api_error.set(None);
            summary.set(None);
            success_by_focus.set(false);
            status.set(Status::Idle);
        }
        generation
    });

    // Back online: the offline notice goes, and the person can send again.
    let online = window_event_listener_untyped("online", move |_| {
        if status.get_untracked() == Status::Failed(ApiError::Offline) {
            status.set(Status::Idle);
        }
    });
    on_cleanup(move || online.remove());

    // Removing the form aborts what it has in flight: no request, timer or event outlives it.
    let lifetime = StoredValue::new_local(AbortController::new().ok());
    on_cleanup(move || {
        lifetime.with_value(|controller| controller.as_ref().map(AbortController::abort));
    });

    let check = Memo::new(move |_| {
        metadata.track();
        check_form(
            fields.get(),
            &email.get(),
            &phone.get(),
            country.get(),
            allowed.get().as_deref(),
            &JsRegExp,
        )
    });

    let email_error = Signal::derive(move || {
        let lang = lang.get();
        if let Some(error) = email_api_error.get() {
            return Some(error.message(lang));
        }
        let shown = email_touched.get() || submitted.get();
        let check = check.get();
        if submitted.get() && check.missing_both {
            return Some(t(lang, Msg::ErrEmailOrPhoneRequired).to_owned());
        }
        match check.email {
            Err(error) if shown => Some(t(lang, email_message(error)).to_owned()),
            _ => None,
        }
    });
    let phone_error = Signal::derive(move || {
        let lang = lang.get();
        if let Some(error) = phone_api_error.get() {
            return Some(error.message(lang));
        }
        let shown = phone_touched.get() || submitted.get();
        match check.get().phone {
            Err(PhoneError::Unchecked) => None,
            Err(error) if shown => Some(t(lang, phone_message(error)).to_owned()),
            _ => None,
        }
    });

    let on_phone_edit = Callback::new(move |text: String| {
        phone_api_error.set(None);
        summary.set(None);
        let current = country.get_untracked().unwrap_or_default();
        let allowed_now = allowed.get_untracked();
        let permitted = |iso: &str| allowed_now.as_ref().is_none_or(|l| l.contains(&iso));
        // An international number picks its country; once complete, only the national digits
        // stay in the box, next to the country's dial code.
        if let Some(iso) = crate::phone::region_for_input(current, &text, &JsRegExp) {
            if permitted(iso) {
                country.set(Some(iso));
                if let Ok(number) = crate::phone::validate_phone(iso, &text, &JsRegExp) {
                    phone.set(number.national);
                    return;
                }
            }
        }
        phone.set(text);
    });

    let lang_change = Callback::new(move |picked: Lang| {
        if picked == lang.get_untracked() {
            return;
        }
        lang.set(picked);
        // The element's own attribute follows, so hosts and CSS see the language in use.
        host.with_value(|h| {
            let _ = h.set_attribute(crate::config::attr::LANG, picked.code());
        });
        emitter.with_value(|e| {
            e.emit(
                events::LANGUAGE_CHANGE,
                Detail::new().str("language", picked.code()),
            );
        });
    });

    // An error the API found in a field: the form can be sent again; the field takes focus and
    // the summary (a live region) says a field needs attention, which is also what is
    // announced when focus was in that field already (Enter there sent the form).
    let report_field_error = move |input: NodeRef<html::Input>| {
        status.set(Status::Idle);
        summary.set(Some(1));
        focus(input);
    };

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // One request in flight at a time, and a finished registration is not sent again.
        if matches!(status.get_untracked(), Status::Busy | Status::Done(_)) {
            return;
        }
        let Ok(config) = config.get_untracked() else {
            return;
        };
        submitted.set(true);
        let checked = check.get_untracked();
        if checked.phone == Err(PhoneError::Unchecked) {
            // A number typed before the table arrived: load it (again, after a failure), then
            // submit as if the person had pressed the button then.
            let Some(cancel) = lifetime.with_value(|c| c.as_ref().map(AbortController::signal))
            else {
                return;
            };
            status.set(Status::Busy);
            let generation = reset.get_untracked();
            spawn_local(async move {
                let loaded = crate::phone_metadata::ensure().await;
                // Removed meanwhile, or emptied by the host's reset(): that form sends nothing.
                if cancel.aborted() || reset.try_get_untracked() != Some(generation) {
                    return;
                }
                if loaded {
                    metadata.set(true);
                    status.set(Status::Idle);
                    if let Some(form) = form.get_untracked() {
                        let _ = form.request_submit();
                    }
                } else {
                    let failure = Failure::from(ApiError::Network);
                    emitter.with_value(|e| dispatch_error(e, &failure, lang.get_untracked()));
                    status.set(Status::Failed(failure.error));
                }
            });
            return;
        }
        let Some((email_value, phone_value)) = checked.valid() else {
            summary.set(Some(checked.error_count()));
            if checked.email.is_err() || checked.missing_both {
                focus(email_input);
            } else {
                focus(phone_input);
            }
            return;
        };
        summary.set(None);
        email_api_error.set(None);
        phone_api_error.set(None);
        if is_offline() {
            let failure = Failure::from(ApiError::Offline);
            emitter.with_value(|e| dispatch_error(e, &failure, lang.get_untracked()));
            status.set(Status::Failed(failure.error));
            return;
        }
        let Some(cancel) = lifetime.with_value(|c| c.as_ref().map(AbortController::signal)) else {
            return;
        };
        status.set(Status::Busy);
        let generation = reset.get_untracked();
        let request = RegistrationRequest {
            project: config.project.clone(),
            project_flow: config.project_flow.clone(),
            email: email_value,
            phone: phone_value.map(|p| (p.national, p.country_code)),
            language: lang.get_untracked(),
        };
        let host = host.get_value();
        let emitter = emitter.get_value();
        spawn_local(async move {
            let outcome = register(&host, &config, &request, &cancel).await;
            if cancel.aborted() {
                return;
            }
            // The host reset the form meanwhile: report the outcome, but leave the form be.
            let current = reset.try_get_untracked() == Some(generation);
            let lang = lang.try_get_untracked().unwrap_or_default();
            match outcome {
                Ok(registration) => {
                    if current {
                        // The button goes away: focus on it moves to the message that replaces
                        // it, not to the page.
                        let refocus = submit_button
                            .try_get_untracked()
                            .flatten()
                            .is_some_and(|b| has_focus(&b));
                        success_by_focus.set(refocus);
                        status.set(Status::Done(next_step_message(&request)));
                        if refocus {
                            request_animation_frame(move || {
                                if let Some(message) = success.try_get_untracked().flatten() {
                                    let _ = message.focus();
                                }
                            });
                        }
                    }
                    dispatch_registered(&emitter, &registration, &request, config.emit_token);
                }
                Err(failure) => {
                    dispatch_error(&emitter, &failure, lang);
                    // The host may have removed the form while it heard the error.
                    if !current || cancel.aborted() {
                        return;
                    }
                    let error = failure.error;
                    let fields = fields.try_get_untracked().unwrap_or_default();
                    match error.field() {
                        Some(Field::Email) if fields.email() => {
                            email_api_error.set(Some(error));
                            report_field_error(email_input);
                        }
                        Some(Field::Phone) if fields.phone() => {
                            phone_api_error.set(Some(error));
                            report_field_error(phone_input);
                        }
                        _ => status.set(Status::Failed(error)),
                    }
                }
            }
        });
    };

    let busy = move || status.get() == Status::Busy;
    let done = Signal::derive(move || matches!(status.get(), Status::Done(_)));
    let both_fields = move || {
        let fields = fields.get();
        fields.email() && fields.phone()
    };
    // What is being sent, or was registered, cannot change: the fields read what the request
    // carries.
    let locked = Signal::derive(move || matches!(status.get(), Status::Busy | Status::Done(_)));
    let failed = move || matches!(status.get(), Status::Failed(_));
    let form_error = move || match status.get() {
        Status::Failed(error) => Some(error.message(lang.get())),
        _ => None,
    };
    let config_error = move || {
        config
            .get()
            .err()
            .map(|error| ApiError::Config(error).message(lang.get()))
    };

    view! {
        <div class="vo-root" part="root" lang=move || lang.get().code()>
            {move || {
                config_error()
                    .map(|message| {
                        view! {
                            <p class="vo-config-error" part="config-error" role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
            <form
                node_ref=form
                class="vo-form"
                part="form"
                novalidate
                aria-label=move || t(lang.get(), Msg::FormLabel)
                aria-describedby=move || both_fields().then_some(ids::INSTRUCTIONS)
                on:submit=on_submit
                hidden=move || config.with(Result::is_err)
            >
                <LanguageSelect lang=lang on_change=lang_change />
                <p id=ids::INSTRUCTIONS class="vo-instructions" hidden=move || !both_fields()>
                    {move || t(lang.get(), Msg::EitherFieldHint)}
                </p>
                <Show when=move || fields.get().email()>
                    <EmailField
                        value=email
                        error=email_error
                        lang=lang
                        readonly=locked
                        required=Signal::derive(move || !fields.get().phone())
                        on_blur=Callback::new(move |_| {
                            if !email.with_untracked(|e| e.trim().is_empty()) {
                                email_touched.set(true);
                            }
                        })
                        on_edit=Callback::new(move |_| {
                            email_api_error.set(None);
                            summary.set(None);
                        })
                        input=email_input
                    />
                </Show>
                <Show when=move || fields.get().phone()>
                    <PhoneField
                        value=phone
                        country=country
                        entries=entries
                        error=phone_error
                        lang=lang
                        readonly=locked
                        required=Signal::derive(move || !fields.get().email())
                        on_blur=Callback::new(move |_| {
                            if !phone.with_untracked(|p| p.trim().is_empty()) {
                                phone_touched.set(true);
                            }
                        })
                        on_edit=on_phone_edit
                        input=phone_input
                    />
                </Show>
                <p class="vo-summary" role="status">
                    {move || summary.get().map(|n| errors_summary(lang.get(), n))}
                </p>
                <p id=ids::FORM_ERROR class="vo-error vo-form-error" part="error" role="alert">
                    {form_error}
                </p>
                <button
                    type="submit"
                    node_ref=submit_button
                    class="vo-submit"
                    part="submit"
                    hidden=done
                    // Without this, pressing the button blurs the field first; the error shown
                    // on blur moves the button down and the release then misses it, so the
                    // click never happens.
                    on:mousedown=|ev| ev.prevent_default()
                    aria-busy=move || aria_bool(busy())
                    aria-disabled=move || aria_bool(busy())
                >
                    {move || {
                        let label = if busy() {
                            Msg::Submitting
                        } else if failed() {
                            Msg::TryAgain
                        } else {
                            Msg::Submit
                        };
                        t(lang.get(), label)
                    }}
                </button>
                <p
                    node_ref=success
                    class="vo-success"
                    part="success"
                    role="status"
                    aria-live=move || success_by_focus.get().then_some("off")
                    tabindex="-1"
                >
                    {move || match status.get() {
                        Status::Done(message) => Some(t(lang.get(), message)),
                        _ => None,
                    }}
                </p>
            </form>
        </div>
    }
}
