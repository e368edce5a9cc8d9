//! Glue for hosts: the `<verifik-onboarding>` custom element.

use std::any::Any;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot};

use crate::components::OnboardingForm;
use crate::config::{attr, Config, ConfigError, RawConfig, ATTRIBUTES};
use crate::lang::Lang;
use crate::token::Token;

/// The custom element's tag name.
pub const TAG: &str = "verifik-onboarding";

/// The widget's stylesheet, adopted into every shadow root.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

#[wasm_bindgen(module = "/src/embed/element.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineElement)]
    fn define_element(
        tag: &str,
        css: &str,
        observed: js_sys::Array,
        connect: &Closure<
            dyn FnMut(HtmlElement, ShadowRoot, Option<String>, Option<HtmlElement>) -> JsValue,
        >,
    ) -> bool;
}

/// The browser's language preferences, most preferred first.
fn browser_languages() -> Vec<String> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    window
        .navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect()
}

/// One mounted `<verifik-onboarding>`: owned by the element, dropped on disconnect.
#[wasm_bindgen]
pub struct Instance {
    host: HtmlElement,
    /// Where the `verifik:*` events go: the element, or for `mount()` the app's target.
    events: crate::events::Emitter,
    property_token: Option<Token>,
    config: ArcRwSignal<Result<Config, ConfigError>>,
    lang: ArcRwSignal<Lang>,
    /// Bumped by `reset()`.
    reset: ArcRwSignal<u32>,
    /// The element the form is mounted in, inside the shadow root.
    container: Option<HtmlElement>,
    /// Dropping it unmounts the form and disposes of its reactive graph.
    _view: Box<dyn Any>,
}

impl Instance {
    fn resolve(host: &HtmlElement, property_token: &Option<Token>) -> Result<Config, ConfigError> {
        let mut config = RawConfig::read(|name| host.get_attribute(name)).parse()?;
        // A token written as a property is newer than the attribute a page was served with.
        if property_token.is_some() {
            config.token = property_token.clone();
        }
        Ok(config)
    }

    /// The `lang` attribute's language; without one, the browser's. Read from the attribute
    /// itself, so that a configuration error is still reported in the language the host asked
    /// for. A `lang` the form does not speak keeps the `current` language (the configuration
    /// error then says so in it), else the browser's.
    fn language_of(host: &HtmlElement, current: Option<Lang>) -> Lang {
        let browser = || Lang::negotiate(browser_languages().iter().map(String::as_str));
        // An empty `lang` is no `lang` (as the configuration reads it).
        match host
            .get_attribute(attr::LANG)
            .filter(|value| !value.trim().is_empty())
        {
            Some(value) => Lang::parse(&value).or(current).unwrap_or_else(browser),
            None => browser(),
        }
    }

    fn connect(
        host: HtmlElement,
        root: ShadowRoot,
        token: Option<String>,
        events: Option<HtmlElement>,
    ) -> Instance {
        let property_token = token.as_deref().and_then(Token::new);
        let initial = Instance::resolve(&host, &property_token);
        let lang = ArcRwSignal::new(Instance::language_of(&host, None));
        let config = ArcRwSignal::new(initial);
        let reset = ArcRwSignal::new(0u32);
        let container = mount_point(&root);
        let view = match container.clone() {
            Some(mount) => {
                let (config, lang, host) = (config.clone(), lang.clone(), host.clone());
                let target = events.clone();
                let reset = reset.clone();
                let handle = leptos::mount::mount_to(mount, move || {
                    view! {
                        <OnboardingForm
                            config=Signal::from(config)
                            lang=RwSignal::from(lang)
                            host=host
                            event_target=target
                            reset=Signal::from(reset)
                        />
                    }
                });
                Box::new(handle) as Box<dyn Any>
            }
            None => Box::new(()),
        };
        let events = crate::events::Emitter::new(host.clone(), events);
        Instance {
            host,
            events,
            property_token,
            config,
            lang,
            reset,
            container,
            _view: view,
        }
    }

    fn refresh(&self) {
        let config = Instance::resolve(&self.host, &self.property_token);
        let lang = Instance::language_of(&self.host, Some(self.lang.get_untracked()));
        if lang != self.lang.get_untracked() {
            self.lang.set(lang);
            // Once this call has returned: a listener may call back into this instance (write
            // a token, remove the element), which it cannot while the call holds it. (Not after
            // the element was removed meanwhile: `emit` says nothing then.)
            let events = self.events.clone();
            leptos::task::spawn_local(async move {
                events.emit(
                    crate::events::LANGUAGE_CHANGE,
                    crate::events::language_change(lang),
                );
            });
        }
        self.config.set(config);
    }
}

fn mount_point(root: &ShadowRoot) -> Option<HtmlElement> {
    let document = web_sys::window()?.document()?;
    let container: HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    container.set_class_name("vo-host");
    root.append_child(&container).ok()?;
    Some(container)
}

#[wasm_bindgen]
impl Instance {
    /// Called by the element when any observed attribute changed.
    #[wasm_bindgen(js_name = attributesChanged)]
    pub fn attributes_changed(&self) {
        self.refresh();
    }

    /// Called by the element when the host writes its `token` property.
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&mut self, token: Option<String>) {
        self.property_token = token.as_deref().and_then(Token::new);
        self.refresh();
    }

    /// The element's `reset()`: empties the form for a new registration.
    pub fn reset(&self) {
        self.reset
            .update(|generation| *generation = generation.wrapping_add(1));
    }

    /// The element's `language` property: the language in use.
    pub fn language(&self) -> String {
        self.lang.get_untracked().code().to_owned()
    }

    /// Called by the element on disconnect: removes the form and everything it holds.
    pub fn unmount(self) {
        let container = self.container.clone();
        drop(self);
        if let Some(container) = container {
            container.remove();
        }
    }
}

/// Defines `<verifik-onboarding>` (once per page; later calls do nothing).
pub fn define() {
    let connect = Closure::<
        dyn FnMut(HtmlElement, ShadowRoot, Option<String>, Option<HtmlElement>) -> JsValue,
    >::new(|host, root, token, events| {
        JsValue::from(Instance::connect(host, root, token, events))
    });
    let observed = ATTRIBUTES.iter().map(|a| JsValue::from_str(a)).collect();
    if define_element(TAG, CSS, observed, &connect) {
        // The element class calls it for every instance for the rest of the page's life.
        connect.forget();
    }
}
