use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, Field, Registration, RegistrationRequest};
use crate::config::{Config, ConfigError};
use crate::events::{self, Detail};
use crate::i18n::{t, Lang, Msg};
use crate::token;
use crate::validate::{validate_email, EmailError};

/// Element ids inside the shadow root (each instance has its own root, so they cannot clash).
mod ids {
    pub const EMAIL: &str = "vo-email";
    pub const EMAIL_ERROR: &str = "vo-email-error";
    pub const FORM_ERROR: &str = "vo-form-error";
}

/// An error shown next to the e-mail field.
#[derive(Clone, Debug, PartialEq)]
enum EmailFieldError {
    Local(EmailError),
    Api(ApiError),
}

impl EmailFieldError {
    fn message(&self, lang: Lang) -> String {
        match self {
            EmailFieldError::Local(EmailError::Required) => t(lang, Msg::ErrEmailRequired).into(),
            EmailFieldError::Local(EmailError::InvalidFormat) => {
                t(lang, Msg::ErrEmailInvalid).into()
            }
            EmailFieldError::Local(EmailError::TooLong) => t(lang, Msg::ErrEmailTooLong).into(),
            EmailFieldError::Api(error) => error.message(lang),
        }
    }
}

/// Where the form is between submits.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Busy,
    Done,
    Failed(ApiError),
}

fn dispatch_error(host: &web_sys::HtmlElement, error: &ApiError, lang: Lang) {
    let detail = Detail::new()
        .str("code", error.code())
        .str("message", &error.message(lang))
        .opt_str("field", error.field().map(Field::name));
    events::dispatch(host, events::ERROR, detail);
}

fn dispatch_registered(
    host: &web_sys::HtmlElement,
    registration: &Registration,
    request: &RegistrationRequest,
    emit_token: bool,
) {
    let token = emit_token
        .then_some(registration.registration_token.as_deref())
        .flatten();
    let detail = Detail::new()
        .str("registrationId", &registration.id)
        .str("status", &registration.status)
        .opt_str(
            "informationValidationId",
            registration.information_validation_id.as_deref(),
        )
        .str("language", request.language.code())
        .opt_str("email", request.email.as_deref())
        .opt_str("registrationToken", token);
    events::dispatch(host, events::REGISTERED, detail);
}

/// Gets a token and posts; a refused token is replaced once and the request replayed once.
async fn register(
    host: &web_sys::HtmlElement,
    config: &Config,
    request: &RegistrationRequest,
) -> Result<Registration, ApiError> {
    let token_url = config.token_url.as_deref();
    let token = token::obtain(host, token_url, config.token.clone()).await?;
    match api::post_registration(&config.api_base, &token, request).await {
        Err(ApiError::Unauthorized) => {
            let fresh = token::obtain(host, token_url, config.token.clone()).await?;
            api::post_registration(&config.api_base, &fresh, request).await
        }
        outcome => outcome,
    }
}

/// The onboarding form: e-mail, submit, and the messages around them.
///
/// It validates on submit, posts one registration at a time, and reports every outcome as a
/// `verifik:*` event on `host`.
#[component]
pub fn OnboardingForm(
    /// The host's configuration, re-checked whenever the host changes it.
    #[prop(into)]
    config: Signal<Result<Config, ConfigError>>,
    /// The UI language, also sent to the API.
    #[prop(into)]
    lang: Signal<Lang>,
    /// The element that receives the events and may carry a `tokenProvider`.
    host: web_sys::HtmlElement,
) -> impl IntoView {
    let host = StoredValue::new_local(host);
    let (email, set_email) = signal(String::new());
    let (email_error, set_email_error) = signal(None::<EmailFieldError>);
    let (status, set_status) = signal(Status::Idle);
    let email_input = NodeRef::<html::Input>::new();

    // A host learns that its configuration is unusable from an event as well as on screen.
    Effect::new(move |_| match config.get() {
        Err(error) => host.with_value(|h| {
            dispatch_error(
                h,
                &ApiError::Config(error.to_string()),
                lang.get_untracked(),
            )
        }),
        Ok(_) => host.with_value(|h| {
            events::dispatch(
                h,
                events::READY,
                Detail::new().str("version", crate::VERSION),
            )
        }),
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        // One request in flight at a time, and a finished registration is not sent again.
        if matches!(status.get_untracked(), Status::Busy | Status::Done) {
            return;
        }
        let Ok(config) = config.get_untracked() else {
            return;
        };
        let email = match validate_email(&email.get_untracked()) {
            Ok(email) => email,
            Err(error) => {
                set_email_error.set(Some(EmailFieldError::Local(error)));
                if let Some(input) = email_input.get_untracked() {
                    let _ = input.focus();
                }
                return;
            }
        };
        set_email_error.set(None);
        set_status.set(Status::Busy);
        let language = lang.get_untracked();
        let request = RegistrationRequest {
            project: config.project.clone(),
            project_flow: config.project_flow.clone(),
            email: Some(email),
            language,
        };
        spawn_local(async move {
            let host = host.get_value();
            match register(&host, &config, &request).await {
                Ok(registration) => {
                    set_status.set(Status::Done);
                    dispatch_registered(&host, &registration, &request, config.emit_token);
                }
                Err(error) => {
                    dispatch_error(&host, &error, lang.get_untracked());
                    if error.field() == Some(Field::Email) {
                        set_email_error.set(Some(EmailFieldError::Api(error)));
                        set_status.set(Status::Idle);
                        if let Some(input) = email_input.get_untracked() {
                            let _ = input.focus();
                        }
                    } else {
                        set_status.set(Status::Failed(error));
                    }
                }
            }
        });
    };

    let busy = move || status.get() == Status::Busy;
    let done = move || status.get() == Status::Done;
    let email_invalid = move || email_error.with(Option::is_some);
    let form_error = move || match status.get() {
        Status::Failed(error) => Some(error.message(lang.get())),
        _ => None,
    };
    let config_error = move || {
        config
            .get()
            .err()
            .map(|error| ApiError::Config(error.to_string()).message(lang.get()))
    };

    view! {
        <div class="vo-root" lang=move || lang.get().code()>
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
                class="vo-form"
                part="form"
                novalidate
                aria-label=move || t(lang.get(), Msg::FormLabel)
                on:submit=on_submit
                hidden=move || config.with(Result::is_err)
            >
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
                        required
                        readonly=done
                        aria-invalid=move || if email_invalid() { "true" } else { "false" }
                        aria-describedby=move || email_invalid().then_some(ids::EMAIL_ERROR)
                        node_ref=email_input
                        prop:value=email
                        on:input=move |ev| {
                            set_email.set(event_target_value(&ev));
                            if email_error.with_untracked(Option::is_some) {
                                set_email_error.set(None);
                            }
                        }
                    />
                    <p id=ids::EMAIL_ERROR class="vo-error" part="error" aria-live="polite">
                        {move || email_error.get().map(|error| error.message(lang.get()))}
                    </p>
                </div>
                <p id=ids::FORM_ERROR class="vo-error vo-form-error" part="error" role="alert">
                    {form_error}
                </p>
                <button
                    type="submit"
                    class="vo-submit"
                    hidden=done
                    part="submit"
                    aria-busy=move || if busy() { "true" } else { "false" }
                    aria-disabled=move || if busy() { "true" } else { "false" }
                >
                    {move || t(lang.get(), if busy() { Msg::Submitting } else { Msg::Submit })}
                </button>
                <p class="vo-success" part="success" role="status">
                    {move || done().then(|| t(lang.get(), Msg::Registered))}
                </p>
            </form>
        </div>
    }
}
