//! A Leptos app that embeds the onboarding form as a component, without the custom element.
//!
//! Build: `cargo build --example leptos_app --target wasm32-unknown-unknown` (the test command
//! compiles it through clippy). Events are dispatched on the element passed as `host`, which
//! also gets the `lang` attribute of the language in use: it is an element of its own, not
//! `<body>`, whose `lang` is the page's.

#[cfg(target_arch = "wasm32")]
fn main() {
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

    // README.md's Leptos snippet is these lines, as they are (tests/readme.rs checks it).
    // snippet:start leptos
    use leptos::prelude::*;
    use verifik_onboarding::{components::OnboardingForm, config::RawConfig, lang::Lang};

    let config = RawConfig {
        project: Some("5f8d0a24c6345c001fa9e2b3".into()),
        project_flow: Some("5f8d0a24c6345c001fa9e2b4".into()),
        token_url: Some("/api/verifik-token".into()),
        ..RawConfig::default()
    }
    .parse();
    leptos::mount::mount_to(host.clone(), move || {
        let lang = RwSignal::new(Lang::Es);
        view! { <OnboardingForm config=Signal::stored(config) lang=lang host=host /> }
    })
    .forget();
    // snippet:end leptos
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("this example runs in the browser: build it for wasm32-unknown-unknown");
}
