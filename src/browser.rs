//! Small browser services the rest of the widget leans on: a timeout and a cancellation that
//! abort a request (RAII guards: dropping one cancels its timer or listener), a cancellable
//! sleep, and what the page says about focus and the connection.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal};

/// Aborts a controller after a timeout; dropping the guard cancels the timer.
#[must_use = "the timer is cancelled when the guard is dropped"]
pub struct TimeoutGuard {
    handle: i32,
    _callback: Closure<dyn FnMut()>,
}

impl TimeoutGuard {
    /// Arms the timer: `controller` is aborted after `ms` milliseconds.
    pub fn arm(controller: &AbortController, ms: i32) -> Option<TimeoutGuard> {
        let controller = controller.clone();
        let callback = Closure::<dyn FnMut()>::new(move || controller.abort());
        let handle = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.as_ref().unchecked_ref(),
                ms,
            )
            .ok()?;
        Some(TimeoutGuard {
            handle,
            _callback: callback,
        })
    }
}

impl Drop for TimeoutGuard {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(self.handle);
        }
    }
}

/// Aborts a controller when a signal fires (`AbortSignal.any` is too recent to rely on);
/// dropping the guard removes the listener.
#[must_use = "the forwarding stops when the guard is dropped"]
pub struct CancelGuard {
    signal: AbortSignal,
    callback: Closure<dyn FnMut()>,
}

impl CancelGuard {
    /// Starts forwarding; an already fired `signal` aborts `controller` at once (say, the form
    /// went while a token provider was answering: the request is aborted before it is sent).
    pub fn forward(signal: &AbortSignal, controller: &AbortController) -> CancelGuard {
        if signal.aborted() {
            controller.abort();
        }
        let controller = controller.clone();
        let callback = Closure::<dyn FnMut()>::new(move || controller.abort());
        let _ = signal.add_event_listener_with_callback("abort", callback.as_ref().unchecked_ref());
        CancelGuard {
            signal: signal.clone(),
            callback,
        }
    }
}

impl Drop for CancelGuard {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener_with_callback("abort", self.callback.as_ref().unchecked_ref());
    }
}

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
