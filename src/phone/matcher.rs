//! Matching libphonenumber's patterns without shipping a regular-expression engine: the
//! browser's own `RegExp` in the wasm (`JsRegExp`), the `regex` crate natively in the tests and
//! the fuzz targets (`RegexMatcher`).

/// Matches libphonenumber's patterns (ECMAScript-compatible syntax: digits, `\d`, digit classes,
/// groups, alternation, greedy repetition, `$`; the table's generator refuses anything else).
pub trait PatternMatcher {
    /// Whether `pattern` matches the whole of `digits` (as `^(?:pattern)$`).
    fn full_match(&self, pattern: &str, digits: &str) -> bool;

    /// The match of `pattern` at the very start of `digits` (as `^(?:pattern)`, the engine's
    /// preferred match, like Java's `lookingAt`), if any. National-prefix stripping needs where
    /// the match ends and what its groups captured, which a yes/no answer cannot give.
    fn match_start(&self, pattern: &str, digits: &str) -> Option<StartMatch>;
}

/// A match at the start of a string (see [`PatternMatcher::match_start`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StartMatch {
    /// Length of the match in bytes (the subject is ASCII digits, so also in characters).
    pub len: usize,
    /// Text of capture groups 1, 2, ...; `None` for a group that took no part in the match.
    pub groups: Vec<Option<String>>,
}

#[cfg(target_arch = "wasm32")]
pub use js::JsRegExp;

#[cfg(target_arch = "wasm32")]
mod js {
    use super::{PatternMatcher, StartMatch};
    use js_sys::{Array, Function, Reflect, RegExp};
    use std::cell::RefCell;
    use wasm_bindgen::{JsCast, JsValue};

    thread_local! {
        /// Compiled expressions by pattern and anchoring: the table has a few hundred patterns,
        /// some of kilobytes, and recompiling them on every keystroke would be wasted work. A
        /// validation looks up a handful; a list (no hasher in the wasm) finds them as fast.
        static CACHE: RefCell<Vec<(String, bool, RegExp)>> = const { RefCell::new(Vec::new()) };
    }

    /// `^(?:pattern)$` (`whole`) or `^(?:pattern)`.
    fn anchored(pattern: &str, whole: bool) -> String {
        let mut source = String::with_capacity(pattern.len() + 6);
        source.push_str("^(?:");
        source.push_str(pattern);
        source.push(')');
        if whole {
            source.push('$');
        }
        source
    }

    /// No flags: without `u`, `\d` is ASCII digits only, as libphonenumber means it.
    const FLAGS: &str = "";

    /// The global `RegExp` constructor's name.
    const REGEXP: &str = "RegExp";

    /// `new RegExp(source)`, or `None` where that throws. No table pattern does (the generator
    /// checks their syntax), but a caller's pattern might, and an exception escaping through
    /// the wasm would leave the widget broken.
    fn compile(source: &str) -> Option<RegExp> {
        let constructor: Function = Reflect::get(&js_sys::global(), &JsValue::from_str(REGEXP))
            .ok()?
            .dyn_into()
            .ok()?;
        let args = Array::of2(&JsValue::from_str(source), &JsValue::from_str(FLAGS));
        Reflect::construct(&constructor, &args)
            .ok()?
            .dyn_into()
            .ok()
    }

    /// `pattern` compiled, anchored at the start and, when `whole`, at the end; no cache borrow
    /// is held while JavaScript runs.
    fn regexp(pattern: &str, whole: bool) -> Option<RegExp> {
        let cached = CACHE.with(|cache| {
            let cache = cache.borrow();
            cache
                .iter()
                .find(|(p, w, _)| *w == whole && p == pattern)
                .map(|(_, _, re)| re.clone())
        });
        if cached.is_some() {
            return cached;
        }
        let re = compile(&anchored(pattern, whole))?;
        CACHE.with(|cache| {
            cache
                .borrow_mut()
                .push((pattern.to_owned(), whole, re.clone()))
        });
        Some(re)
    }

    /// [`PatternMatcher`] on the browser's own `RegExp`, so the wasm carries no regex engine.
    /// Every pattern comes from the generated table, whose generator admits only syntax
    /// `RegExp` reads as libphonenumber means it; a pattern `RegExp` refuses matches nothing.
    #[derive(Clone, Copy, Debug, Default)]
    pub struct JsRegExp;

    impl PatternMatcher for JsRegExp {
        fn full_match(&self, pattern: &str, digits: &str) -> bool {
            regexp(pattern, true).is_some_and(|re| re.test(digits))
        }

        fn match_start(&self, pattern: &str, digits: &str) -> Option<StartMatch> {
            let found = regexp(pattern, false)?.exec(digits)?;
            let len = found.get(0).as_string()?.len();
            let groups = (1..found.length())
                .map(|i| found.get(i).as_string())
                .collect();
            Some(StartMatch { len, groups })
        }
    }
}

/// The native stand-in for `JsRegExp` in this crate's tests and the fuzz targets (the `regex`
/// crate is a native dev-dependency, or comes with the `fuzzing` feature; never in the wasm):
/// the same anchoring, leftmost-first semantics and ASCII `\d`, compiled expressions cached.
#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
#[derive(Default)]
pub struct RegexMatcher {
    cache: std::cell::RefCell<std::collections::HashMap<String, regex::Regex>>,
}

#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
impl RegexMatcher {
    fn with<T>(&self, source: String, f: impl FnOnce(&regex::Regex) -> T) -> Option<T> {
        let mut cache = self.cache.borrow_mut();
        let re = match cache.entry(source) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                // Without Unicode, `\d` is ASCII digits, as in JavaScript without the `u` flag.
                let re = regex::RegexBuilder::new(e.key())
                    .unicode(false)
                    .build()
                    .ok()?;
                e.insert(re)
            }
        };
        Some(f(re))
    }
}

#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "fuzzing"))]
impl PatternMatcher for RegexMatcher {
    fn full_match(&self, pattern: &str, digits: &str) -> bool {
        self.with(format!("^(?:{pattern})$"), |re| re.is_match(digits))
            .unwrap_or(false)
    }

    fn match_start(&self, pattern: &str, digits: &str) -> Option<StartMatch> {
        self.with(format!("^(?:{pattern})"), |re| {
            let caps = re.captures(digits)?;
            Some(StartMatch {
                len: caps.get(0)?.end(),
                groups: (1..caps.len())
                    .map(|i| caps.get(i).map(|g| g.as_str().to_owned()))
                    .collect(),
            })
        })
        .flatten()
    }
}

/// `JsRegExp` against the JavaScript engine itself (Node.js or a browser, per the
/// wasm-bindgen-test runner); the exhaustive comparisons with libphonenumber run natively.
#[cfg(all(test, target_arch = "wasm32"))]
mod js_tests {
    use super::*;
    use crate::phone::{region_for_input, validate_phone, PhoneError};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn e164(country: &str, input: &str) -> Result<String, PhoneError> {
        validate_phone(country, input, &JsRegExp).map(|n| n.e164)
    }

    #[wasm_bindgen_test]
    fn validates_through_regexp() {
        assert_eq!(e164("CO", "(300) 123-4567").as_deref(), Ok("+573001234567"));
        assert_eq!(
            e164("US", "0057 300 1234567").as_deref(),
            Ok("+573001234567")
        );
        assert_eq!(
            e164("US", "011 44 20 7946 0958").as_deref(),
            Ok("+442079460958")
        );
        assert_eq!(e164("GB", "020 7946 0958").as_deref(), Ok("+442079460958"));
        assert_eq!(e164("CO", "200 123 4567"), Err(PhoneError::InvalidNumber));
        assert_eq!(e164("CO", "300 123"), Err(PhoneError::TooShort));
        let ca = validate_phone("US", "+1 416 555 0123", &JsRegExp).map(|n| n.country);
        assert_eq!(ca, Ok("CA"));
        assert_eq!(region_for_input("CO", "+1 876", &JsRegExp), Some("JM"));
    }

    #[wasm_bindgen_test]
    fn transform_rules_see_the_groups() {
        // Argentina's rule needs the area code captured between "0" and "15".
        assert_eq!(
            e164("AR", "0343 15 555 1212").as_deref(),
            Ok("+5493435551212")
        );
        // Antigua's needs the whole local number, matched up to `$`.
        assert_eq!(e164("AG", "460 1234").as_deref(), Ok("+12684601234"));
    }

    #[wasm_bindgen_test]
    fn match_start_reports_length_and_groups() {
        let found = JsRegExp.match_start("0(1\\d)?|(9)", "0123");
        assert_eq!(
            found,
            Some(StartMatch {
                len: 3,
                groups: vec![Some("12".into()), None],
            })
        );
        assert_eq!(JsRegExp.match_start("5", "0123"), None);
        assert!(JsRegExp.full_match("\\d{4}", "0123"));
        assert!(!JsRegExp.full_match("\\d{3}", "0123"));
    }

    #[wasm_bindgen_test]
    fn a_pattern_regexp_refuses_matches_nothing() {
        assert!(!JsRegExp.full_match("(", "1"));
        assert_eq!(JsRegExp.match_start("[", "1"), None);
    }
}
