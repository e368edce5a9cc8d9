//! A Leptos app that embeds the onboarding form as a component, without the custom element.
//!
//! Build: `cargo build --example leptos_app --target wasm32-unknown-unknown` (the test command
//! compiles it through clippy). Events are dispatched on the element passed as `host`, which
//! also gets the `lang` attribute of the language in use: it is an element of its own, not
//! `<body>`, whose `lang` is the page's.

#[cfg(target_arch = "wasm32")]
fn main() {
    use leptos::prelude::*;
    use verifik_onboarding::components::OnboardingForm;
    use verifik_onboarding::config::RawConfig;
    use verifik_onboarding::lang::Lang;
    use wasm_bindgen::JsCast;

    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let Some(host) = document
        .create_element("section")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    if body.append_child(&host).is_err() {
        return;
    }
    let config = RawConfig {
        project: Some("5f8d0a24c6345c001fa9e2b3".into()),
        project_flow: Some("5f8d0a24c6345c001fa9e2b4".into()),
        token_url: Some("/api/verifik-token".into()),
        fields: Some("email,phone".into()),
        default_country: Some("CO".into()),
        ..RawConfig::default()
    }
    .parse();
    let mount = host.clone();
    leptos::mount::mount_to(mount, move || {
        let lang = RwSignal::new(Lang::Es);
        view! {
            <h1>"Sign up"</h1>
            <OnboardingForm config=Signal::stored(config) lang=lang host=host />
        }
    })
    .forget();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("this example runs in the browser: build it for wasm32-unknown-unknown");
}
