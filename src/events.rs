//! The `verifik:*` DOM events: their names and the one function that dispatches them.
//!
//! Every event bubbles and is `composed`, so a host listening on any ancestor hears it
//! through the shadow boundary. No event detail ever holds the bearer token.

/// The form is rendered and interactive. Detail `{ version }`.
pub const READY: &str = "verifik:ready";
/// One successful registration. Detail `{ registrationId, status, ... }`.
pub const REGISTERED: &str = "verifik:registered";
/// A submit failed or the configuration is unusable. Detail `{ code, message, status?, field? }`.
pub const ERROR: &str = "verifik:error";
/// The user or host changed the language. Detail `{ language }`.
pub const LANGUAGE_CHANGE: &str = "verifik:language-change";

/// The symbol (`Symbol.for(SOURCE)`) under which each event names the `<verifik-onboarding>` it
/// came from: `mount()` tells its own form's events by it on a target it may share.
pub const SOURCE: &str = "verifik-onboarding.source";

#[cfg(target_arch = "wasm32")]
pub use dom::{Detail, Emitter};

#[cfg(target_arch = "wasm32")]
mod dom {
    use js_sys::{Object, Reflect, Symbol};
    use wasm_bindgen::JsValue;
    use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

    /// An event `detail` object under construction.
    pub struct Detail(Object);

    impl Detail {
        /// An empty detail.
        pub fn new() -> Detail {
            Detail(Object::new())
        }

        /// Sets a string member.
        pub fn str(self, key: &str, value: &str) -> Detail {
            self.set(key, JsValue::from_str(value))
        }

        /// Sets a number member only when there is a value.
        pub fn num(self, key: &str, value: Option<f64>) -> Detail {
            match value {
                Some(value) => self.set(key, JsValue::from_f64(value)),
                None => self,
            }
        }

        /// Sets a string member only when there is a value.
        pub fn opt_str(self, key: &str, value: Option<&str>) -> Detail {
            match value {
                Some(value) => self.str(key, value),
                None => self,
            }
        }

        fn set(self, key: &str, value: JsValue) -> Detail {
            // Setting a property on a fresh plain object cannot fail.
            let _ = Reflect::set(&self.0, &JsValue::from_str(key), &value);
            self
        }
    }

    impl Default for Detail {
        fn default() -> Self {
            Detail::new()
        }
    }

    /// Where one widget's events go: its element, or the element an app mounted it into.
    #[derive(Clone)]
    pub struct Emitter {
        target: HtmlElement,
        source: HtmlElement,
    }

    impl Emitter {
        /// Events of the widget `source`, dispatched on `target` (or on `source` itself).
        pub fn new(source: HtmlElement, target: Option<HtmlElement>) -> Emitter {
            let target = target.unwrap_or_else(|| source.clone());
            Emitter { target, source }
        }

        /// Dispatches `name` with `detail`, bubbling and composed, marked with its source;
        /// nothing once the widget's element has left the page (no event follows a removal,
        /// even one whose teardown is still a microtask away).
        pub fn emit(&self, name: &str, detail: Detail) {
            if !self.source.is_connected() {
                return;
            }
            let init = CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(&detail.0);
            if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
                let _ = Reflect::set(&event, &Symbol::for_(super::SOURCE), &self.source);
                // A throwing host listener is reported by the browser; the widget carries on.
                let _ = self.target.dispatch_event(&event);
            }
        }
    }
}
