//! Small browser services the rest of the widget leans on: a cancellable sleep, and what the
//! page says about focus and the connection.

use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

/// Waits `secs` seconds, or until `cancel` fires; leaves no timer or listener behind.
pub async fn sleep(secs: u32, cancel: &AbortSignal) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if cancel.aborted() {
        return;
    }
    let ms = i32::try_from(secs.saturating_mul(1000)).unwrap_or(i32::MAX);
    let mut timer = None;
    let mut resolver = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .ok();
        let _ = cancel.add_event_listener_with_callback("abort", &resolve);
        resolver = Some(resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    if let Some(resolve) = resolver {
        let _ = cancel.remove_event_listener_with_callback("abort", &resolve);
    }
}

/// Whether the browser says it is offline.
pub fn is_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// Whether `element` has focus in its document or shadow root.
pub fn has_focus(element: &web_sys::Element) -> bool {
    let root = element.get_root_node();
    let element: &JsValue = element.as_ref();
    js_sys::Reflect::get(&root, &JsValue::from_str("activeElement"))
        .is_ok_and(|active| active == *element)
}

/// Whether focus is inside `root` (through its shadow root, if any), or on no element but the
/// page's body.
pub fn focus_within_or_nowhere(root: &web_sys::Element) -> bool {
    let in_root = |active: Option<web_sys::Element>| {
        active.is_some_and(|active| root.contains(Some(active.as_ref())))
    };
    let node = root.get_root_node();
    let active = js_sys::Reflect::get(&node, &JsValue::from_str("activeElement"))
        .ok()
        .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(a).ok());
    if in_root(active) {
        return true;
    }
    let document = web_sys::window().and_then(|w| w.document());
    document
        .and_then(|d| d.active_element())
        .is_none_or(|active| active.tag_name().eq_ignore_ascii_case("body"))
}

/// A listener on the window, removed when dropped, with its closure freed then: Leptos's
/// `window_event_listener` hands its closure to JavaScript, which frees it only when it
/// collects the function, so each form mounted and removed left its listener's closure in the
/// wasm's memory until a garbage collection that may not come (about 100 bytes a mount).
pub struct WindowListener {
    name: &'static str,
    callback: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

impl WindowListener {
    /// Listens for `name` on the window.
    pub fn new(
        name: &'static str,
        on: impl FnMut(web_sys::Event) + 'static,
    ) -> Option<WindowListener> {
        use wasm_bindgen::JsCast;
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(on);
        web_sys::window()?
            .add_event_listener_with_callback(name, callback.as_ref().unchecked_ref())
            .ok()?;
        Some(WindowListener { name, callback })
    }
}

impl Drop for WindowListener {
    fn drop(&mut self) {
        use wasm_bindgen::JsCast;
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                self.name,
                self.callback.as_ref().unchecked_ref(),
            );
        }
    }
}
