//! Loading the phone metadata table in the browser, for builds without the
//! `embedded-phone-metadata` feature (the widget's own).
//!
//! The entry module (`verifik-onboarding.js`) hands over a loader once the wasm runs: a function
//! that returns a promise of the text of `verifik-phone-metadata.txt`, fetched from beside the
//! entry with the integrity value of this build, and asks for the table at once
//! ([`ready`]), so it usually arrives before anyone has typed a number. A later call (after a
//! failure) fetches again. Every caller of [`ensure`] shares the attempt in flight, and every
//! form learns of the installed table through [`installed`].

use std::cell::RefCell;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::countries;

thread_local! {
    /// The host's loader, if the entry module gave one.
    static LOADER: RefCell<Option<Function>> = const { RefCell::new(None) };
    /// The attempt in flight, shared by every caller of [`ensure`] meanwhile.
    static IN_FLIGHT: RefCell<Option<Promise>> = const { RefCell::new(None) };
    /// Settles once the table is installed, and its resolve function (the promise's executor
    /// runs at once, so it is always there).
    static INSTALLED: (Promise, Option<Function>) = {
        let mut resolve = None;
        let promise = Promise::new(&mut |done, _| resolve = Some(done));
        (promise, resolve)
    };
}

/// Sets the loader (`setPhoneMetadataLoader` of the glue, for the entry module): a function
/// that returns a promise of the table's text.
#[wasm_bindgen(js_name = setPhoneMetadataLoader)]
pub fn set_loader(loader: Function) {
    LOADER.with(|l| *l.borrow_mut() = Some(loader));
}

/// `phoneMetadataReady()` of the glue, for the entry module: resolves to whether the table is
/// installed, after one attempt to load it.
#[wasm_bindgen(js_name = phoneMetadataReady)]
pub fn ready() -> Promise {
    wasm_bindgen_futures::future_to_promise(async { Ok(JsValue::from_bool(ensure().await)) })
}

/// The attempt in flight, or a new one; `None` without a loader, or when it does not return a
/// promise.
fn attempt() -> Option<Promise> {
    if let Some(promise) = IN_FLIGHT.with(|p| p.borrow().clone()) {
        return Some(promise);
    }
    let loader = LOADER.with(|l| l.borrow().clone())?;
    let promise: Promise = loader.call0(&JsValue::UNDEFINED).ok()?.dyn_into().ok()?;
    IN_FLIGHT.with(|p| *p.borrow_mut() = Some(promise.clone()));
    Some(promise)
}

/// Makes sure the table is installed: true once it is. Loads it when it is not (or waits for
/// the load in flight); false when that fails (network, integrity, a text that is not this
/// build's table), and the next call tries again.
pub async fn ensure() -> bool {
    if countries::is_installed() {
        return true;
    }
    let Some(promise) = attempt() else {
        return false;
    };
    let answer = JsFuture::from(promise.clone()).await;
    // This attempt is over for everyone: a later call starts a new one.
    IN_FLIGHT.with(|p| {
        let mut current = p.borrow_mut();
        if current
            .as_ref()
            .is_some_and(|p| JsValue::from(p) == JsValue::from(&promise))
        {
            *current = None;
        }
    });
    if countries::is_installed() {
        return true;
    }
    let Some(text) = answer.ok().and_then(|text| text.as_string()) else {
        return false;
    };
    // Installed once per page and kept for its life: the regions borrow from it.
    let installed = countries::install(Box::leak(text.into_boxed_str())).is_ok();
    if installed {
        INSTALLED.with(|(_, resolve)| {
            if let Some(resolve) = resolve {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
    }
    installed
}

/// Waits until the table is installed, by whichever caller of [`ensure`] loads it.
pub async fn installed() {
    if countries::is_installed() {
        return;
    }
    let promise = INSTALLED.with(|(promise, _)| promise.clone());
    let _ = JsFuture::from(promise).await;
}
