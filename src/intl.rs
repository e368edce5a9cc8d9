//! Country names, collation and text folding from the browser's `Intl` (no tables in the wasm).

use wasm_bindgen::prelude::*;

use crate::lang::Lang;
use crate::picker::CountryEntry;

#[wasm_bindgen(module = "/src/intl.js")]
extern "C" {
    #[wasm_bindgen(js_name = regionEntries)]
    fn region_entries(lang: &str, codes: js_sys::Array) -> js_sys::Array;
    #[wasm_bindgen(js_name = regionName)]
    fn region_name_js(lang: &str, iso: &str) -> String;
    #[wasm_bindgen(js_name = fold)]
    fn fold_js(text: &str) -> String;
    #[wasm_bindgen(js_name = browserRegion)]
    fn browser_region_js() -> Option<String>;
}

/// Lower-cases `text` and strips its accents.
pub fn fold(text: &str) -> String {
    fold_js(text)
}

/// The name of the region `iso` in `lang` (the code itself where `Intl` has none).
pub fn region_name(lang: Lang, iso: &str) -> String {
    region_name_js(lang.code(), iso)
}

/// The region of the browser's locale, e.g. `US` for `en-US`.
pub fn browser_region() -> Option<String> {
    browser_region_js()
}

/// Names `codes` in `lang` and sorts them alphabetically for that language.
pub fn country_entries(lang: Lang, codes: &[&'static str]) -> Vec<CountryEntry> {
    let array: js_sys::Array = codes.iter().map(|c| JsValue::from_str(c)).collect();
    region_entries(lang.code(), array)
        .iter()
        .filter_map(|row| {
            let row: js_sys::Array = row.dyn_into().ok()?;
            let code = row.get(0).as_string()?;
            let region = crate::countries::by_iso(&code)?;
            Some(CountryEntry {
                iso: region.iso(),
                name: row.get(1).as_string()?,
                folded: row.get(2).as_string()?,
                folded_en: row.get(3).as_string()?,
                calling_code: region.calling_code(),
            })
        })
        .collect()
}
