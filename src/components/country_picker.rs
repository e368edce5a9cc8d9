//! The country-code button and its searchable list, after the WAI-ARIA combobox pattern: the
//! button opens a popup whose search box is a `combobox` controlling a `listbox`.
//!
//! The list is built when the picker first opens, or a few rows at a time when the browser is
//! idle, not before the form is interactive; one effect keeps it in step (see
//! [`CountryList`]).

use leptos::ev::{KeyboardEvent, MouseEvent};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::country_list::{CountryList, ListKey, Wanted, BUILD_PER_IDLE};
use super::{
    aria, dynamic, dynamic_string, handler, ids, keep_focus, lang_attr, present, shown, typed, Form,
};
use crate::i18n::{t, Msg};
use crate::picker::{acts_on_list, dial_code, filter, flag, Key, Picker};

/// The ISO code of the option row a pointer event happened in.
fn row_iso(ev: &MouseEvent) -> Option<&'static str> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let id = target.closest("li").ok()??.id();
    let code = id.strip_prefix(ids::COUNTRY_OPTION_PREFIX)?;
    crate::countries::by_iso(code).map(|region| region.iso())
}

/// Milliseconds since the epoch.
fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// What the list has asked for and not had yet: one stored value for the three (each stored
/// value is an arena slot and its registration code in the wasm).
#[derive(Default)]
struct Pending {
    /// Set by opening the picker and by the keys that move through the list: the next sync
    /// shows every row. The active row is shown in any case; this shows the rows around it, so
    /// that PageUp/PageDown land among shown rows and no row appears above it after it is
    /// scrolled to.
    reveal_all: bool,
    /// A reveal of more rows is waiting for the person to stop typing.
    reveal_due: bool,
    /// A slice of rows is to be built when the browser is idle.
    building: bool,
}

/// In the first frame after the person stopped typing for
/// [`crate::picker::REVEAL_AFTER_TYPING_MS`], clears `reveal_due` and has the list sync again
/// (a notification of `built` that builds nothing), so that it shows more rows; frames before
/// it do nothing else.
fn reveal_when_typing_stops(
    picker: RwSignal<Picker>,
    pending: StoredValue<Pending>,
    built: RwSignal<usize>,
) {
    request_animation_frame(
        move || match picker.try_with_untracked(|p| p.typing_paused(now())) {
            Some(false) => reveal_when_typing_stops(picker, pending, built),
            Some(true) => {
                pending.try_update_value(|p| p.reveal_due = false);
                built.try_update(|_| {});
            }
            None => {}
        },
    );
}

/// The country picker of the phone field.
#[component]
pub(crate) fn CountryPicker(
    /// The form it belongs to: the chosen country is its state's.
    form: Form,
) -> impl IntoView {
    let lang = form.lang;
    let config = form.config;
    let state = form.state;
    let picker = RwSignal::new(Picker::default());
    // Rows built so far, in list order; the list exists from the first of them. Also notified
    // unchanged a frame after rows were left to show, so that the list shows more of them.
    let built = RwSignal::new(0usize);
    let pending = StoredValue::new(Pending::default());
    let list = StoredValue::new_local(CountryList::default());
    let root = NodeRef::<html::Div>::new();
    let selected = move || state.with(|s| s.country);
    let key = move || -> ListKey {
        let (allowed, preferred) = config.with(|c| {
            c.as_ref()
                .map(|c| (c.countries.clone(), c.preferred_countries.clone()))
                .unwrap_or_default()
        });
        (lang.get(), allowed, preferred)
    };
    let part = move |id: &str| {
        let selector = crate::text::concat("#", id);
        root.try_get_untracked()
            .flatten()?
            .query_selector(&selector)
            .ok()
            .flatten()
    };

    // Brings the active option into view, if its row is built.
    let scroll_to_active = move || {
        let row = list.try_with_value(|l| l.active_row()).flatten();
        let element = part(ids::COUNTRY_LIST).zip(row);
        if let Some(option) = element.and_then(|(ul, row)| ul.children().item(row as u32)) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            option.scroll_into_view_with_scroll_into_view_options(&options);
        }
    };

    // Every search, move or choice, new language or allowed countries, and each slice of rows
    // built at idle time: the list follows, then keeps the active option visible while moving
    // through it, and asks for the next slice.
    super::keep(RenderEffect::new(
        move |seen: Option<(bool, Option<&'static str>)>| {
            let (open, searched, active) = picker.with(|p| (p.open, p.searched.clone(), p.active));
            let by_key = pending.with_value(|p| p.reveal_all);
            let wanted = Wanted {
                key: key(),
                built: built.get(),
                searched: &searched,
                active,
                selected: selected(),
                reveal_all: by_key,
            };
            // Tracked: before the picker is on the page this runs once for nothing, and again
            // when its root element arrives.
            let elements = (
                part(ids::COUNTRY_LIST),
                part(ids::COUNTRY_SEARCH),
                root.get()
                    .and_then(|r| r.query_selector(".vo-hint").ok().flatten()),
            );
            let (Some(ul), Some(search), Some(hint)) = elements else {
                return (open, None);
            };
            pending.update_value(|p| p.reveal_all = false);
            let synced = list.try_update_value(|l| l.sync(wanted, &ul, &search, &hint));
            let synced = match synced {
                Some(synced) => synced,
                None => return (open, None),
            };
            // Rows left to show: the next frame shows more, once the person has stopped typing
            // (one reveal pending at a time).
            if synced.unfinished && !pending.with_value(|p| p.reveal_due) {
                pending.update_value(|p| p.reveal_due = true);
                reveal_when_typing_stops(picker, pending, built);
            }
            // A phone field the host did not ask for builds no list.
            let shown = form.view.with(|v| v.phone.shown);
            if synced.more_to_build && shown && !pending.with_value(|p| p.building) {
                pending.update_value(|p| p.building = true);
                let step = move || {
                    pending.try_update_value(|p| p.building = false);
                    built.try_update(|n| *n = n.saturating_add(BUILD_PER_IDLE));
                };
                // Browsers without requestIdleCallback (Safari) build in tasks of their own.
                if request_idle_callback_with_handle(step).is_err() {
                    set_timeout(step, std::time::Duration::ZERO);
                }
            }
            // Scroll when the picker opens or the active option changes, not at every keystroke.
            // After a search, in the next frame, before its rendering: scrolling lays the list
            // out, and here that layout would be done twice, as what runs after this changes the
            // page again (at 4× CPU, a search's frame took 83 to 101 ms, and scrollIntoView was
            // 117 of the 330 ms of script of 20 keys). A key that moves through the list scrolls
            // at once.
            let now = (open, synced.active);
            if open && seen != Some(now) {
                if by_key {
                    scroll_to_active();
                } else {
                    request_animation_frame(scroll_to_active);
                }
            }
            now
        },
    ));

    // Filters the list by what was typed, if that is not done yet. It also runs a frame after a
    // keystroke, when the picker may be gone: nothing here may panic on disposed values.
    let apply_search = move || {
        let Some(query) = picker.try_with_untracked(|p| p.query.clone()) else {
            return;
        };
        // The list follows only a search not applied yet: each sync costs a full filter.
        if picker.try_update_untracked(|p| p.apply(|_| crate::intl::fold(&query))) == Some(true) {
            picker.notify();
        }
    };
    let close = move |refocus: bool| {
        picker.update(Picker::close);
        if refocus {
            form.focus(ids::COUNTRY_BUTTON);
        }
    };
    let open_list = move || {
        built.set(usize::MAX);
        pending.update_value(|p| p.reveal_all = true);
        let searched = picker.with_untracked(|p| p.searched.clone());
        let position = list.try_update_value(|l| {
            l.name(&untrack(key));
            let row = l.entries().iter().position(|e| Some(e.iso) == selected())?;
            filter(l.entries(), &searched)
                .iter()
                .position(|&r| r == row)
        });
        picker.update(|p| p.open_at(position.flatten()));
        // The popup is rendered hidden; focus its search box once it is shown (if the picker
        // is still there a frame later), and show the chosen country.
        request_animation_frame(move || {
            form.focus(ids::COUNTRY_SEARCH);
            scroll_to_active();
        });
    };
    let pick = move |iso: &'static str| {
        state.update(|s| s.pick_country(iso));
        close(false);
        form.focus(ids::PHONE);
    };

    // A press anywhere outside the picker closes it. The picker lives in a shadow root, so
    // the event's target is retargeted to the host: only `composedPath()` tells inside from out.
    // The listener goes with the picker (its value is dropped when the picker is).
    let outside = crate::browser::WindowListener::new("pointerdown", move |ev| {
        if !picker.try_with_untracked(|p| p.open).unwrap_or(false) {
            return;
        }
        let Some(root) = root.get_untracked() else {
            return;
        };
        if !ev.composed_path().includes(&root, 0) {
            close(false);
        }
    });
    StoredValue::new_local(outside);

    let on_search_key = move |ev: KeyboardEvent| {
        // Letters, Backspace and the like edit the query; the list follows after the paint.
        if !acts_on_list(&ev.key()) {
            return;
        }
        // A key that acts on the list acts on what was typed before it, and on all of it.
        apply_search();
        let searched = picker.with_untracked(|p| p.searched.clone());
        let filtered = list.with_value(|l| filter(l.entries(), &searched));
        let key = picker.try_update_untracked(|p| p.key(&ev.key(), ev.alt_key(), filtered.len()));
        match key {
            None | Some(Key::Ignored) => return,
            Some(Key::Moved) => {
                pending.update_value(|p| p.reveal_all = true);
                picker.notify();
            }
            Some(Key::Pick(position)) => {
                let iso = filtered
                    .get(position)
                    .and_then(|&row| list.with_value(|l| l.entries().get(row).map(|e| e.iso)));
                if let Some(iso) = iso {
                    pick(iso);
                }
            }
            // Tab moves on as it would.
            Some(Key::Close { refocus: false }) => {
                close(false);
                return;
            }
            Some(Key::Close { refocus: true }) => {
                if ev.key() == "Escape" {
                    // Escape closes the list, not a dialog the form may sit in.
                    ev.stop_propagation();
                }
                close(true);
            }
        }
        ev.prevent_default();
    };

    // The button's name says the country from Intl.DisplayNames, whose first use loads the
    // browser's region names: 170 to 215 ms at 4× CPU slowdown, a third of the time from the
    // wasm's start to a form on screen. The name comes with the list's first rows, built when
    // the browser is first idle after the form is there; until then the button says the code.
    let named = move || built.get() > 0;
    let button_label = move || {
        let lang = lang.get();
        let mut label = t(lang, Msg::CountryLabel).to_owned();
        label.push_str(": ");
        match selected().and_then(crate::countries::by_iso) {
            Some(region) => {
                if named() {
                    label.push_str(&crate::intl::region_name(lang, region.iso()));
                    label.push(' ');
                }
                label.push_str(&dial_code(region.calling_code()));
            }
            None => label.push_str(t(lang, Msg::CountryChoose)),
        }
        label
    };
    let selected_code = |s: &crate::state::FormState| {
        let region = s.country.and_then(crate::countries::by_iso);
        region.map_or_else(|| "+".to_owned(), |r| dial_code(r.calling_code()))
    };
    let open = move || aria(picker.with(|p| p.open));

    view! {
        <div class="vo-country" node_ref=root>
            <button
                type="button"
                id=ids::COUNTRY_BUTTON
                class="vo-country-button"
                part="country-button"
                aria-haspopup="listbox"
                aria-expanded=dynamic(open)
                aria-label=dynamic_string(button_label)
                disabled=shown(form.view, |v| present(v.locked))
                on:click=handler(move |_: MouseEvent| {
                    if picker.with_untracked(|p| p.open) { close(true) } else { open_list() }
                })
                on:keydown=handler(move |ev: KeyboardEvent| {
                    if matches!(ev.key().as_str(), "ArrowDown" | "ArrowUp") {
                        ev.prevent_default();
                        open_list();
                    }
                })
            >
                <span class="vo-flag" aria-hidden="true">
                    {typed(state, |s| s.country.map(flag).unwrap_or_default())}
                </span>
                <span>{typed(state, selected_code)}</span>
            </button>
            <div
                class="vo-popup"
                part="country-popup"
                hidden=dynamic(move || present(!picker.with(|p| p.open)))
            >
                <input
                    id=ids::COUNTRY_SEARCH
                    class="vo-input vo-search"
                    part="country-search"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-expanded=dynamic(open)
                    aria-controls=ids::COUNTRY_LIST
                    aria-label=lang_attr(form.lang, Msg::CountrySearchLabel)
                    prop:value=dynamic_string(move || picker.with(|p| p.query.clone()))
                    on:input=handler(move |ev: web_sys::Event| {
                        // Untracked: nothing shown depends on the query until the search is
                        // applied (the box already shows what was typed). A notified picker
                        // would sync the list, a full filter, in the keystroke's own frame.
                        picker.update_untracked(|p| p.typed(event_target_value(&ev), now()));
                        // The list follows after the next paint, as a deferred value: the
                        // character shows at once, and filtering and re-laying out up to
                        // hundreds of rows is not part of the keystroke's frame.
                        request_animation_frame(move || {
                            set_timeout(apply_search, std::time::Duration::ZERO);
                        });
                    })
                    on:keydown=handler(on_search_key)
                />
                <ul
                    id=ids::COUNTRY_LIST
                    class="vo-options"
                    part="country-list"
                    role="listbox"
                    aria-label=lang_attr(form.lang, Msg::CountryListLabel)
                    on:mousedown=keep_focus
                    on:click=handler(move |ev: MouseEvent| {
                        if let Some(iso) = row_iso(&ev) {
                            pick(iso);
                        }
                    })
                ></ul>
                // A path, not a literal: the view macro makes an element with nothing but
                // literals through innerHTML, which Trusted Types refuses.
                <p id=ids::COUNTRY_HINT class="vo-hint" role="status"></p>
            </div>
        </div>
    }
}
