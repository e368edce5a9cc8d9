//! The country-code button and its searchable list, after the WAI-ARIA combobox pattern: the
//! button opens a popup whose search box is a `combobox` controlling a `listbox`.
//!
//! The rows are built once per list of countries, by one row function, a slice at a time when
//! the browser is idle; searching, moving and choosing then touch only the rows whose state
//! changed (see [`RowState`]), from one effect.

use leptos::ev::{KeyboardEvent, MouseEvent, PointerEvent};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{aria_bool, ids, Form};
use crate::i18n::{t, Msg};
use crate::picker::{dial_code, filter, flag, CountryEntry, Key, Picker, RowChange, RowState};

/// The class of an option row, and of the active one.
const ROW: &str = "vo-option";
const ACTIVE_ROW: &str = "vo-option vo-active";

/// Rows shown again per frame when a search is erased (see `RowState::toward`): at 4× CPU
/// slowdown, all 245 at once made a 95 ms frame, 55 ms of it style and layout.
const REVEAL_PER_FRAME: usize = 40;
/// Rows built per idle callback before the picker first opens: all 245 in one callback were a
/// 150 ms task at 4× CPU, in the way of whatever the person typed just after the form showed.
const BUILD_PER_IDLE: usize = 40;

fn option_id(iso: &str) -> String {
    let mut id = String::with_capacity(ids::COUNTRY_OPTION_PREFIX.len() + 2);
    id.push_str(ids::COUNTRY_OPTION_PREFIX);
    id.push_str(iso);
    id
}

/// One option row, as `state` says it shows (the rows' effect keeps it so afterwards).
fn row(entry: &CountryEntry, index: usize, state: &RowState) -> impl IntoView {
    view! {
        <li
            id=option_id(entry.iso)
            class=if state.active == Some(index) { ACTIVE_ROW } else { ROW }
            role="option"
            hidden=!state.shown.get(index).copied().unwrap_or(true)
            aria-selected=aria_bool(state.selected == Some(index))
        >
            <span class="vo-flag" aria-hidden="true">
                {flag(entry.iso)}
            </span>
            <span class="vo-option-name">{entry.name.clone()}</span>
            <span class="vo-option-code">{dial_code(entry.calling_code)}</span>
        </li>
    }
}

/// The ISO code of the option row a pointer event happened in.
fn row_iso(ev: &MouseEvent) -> Option<&'static str> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let id = target.closest("li").ok()??.id();
    let code = id.strip_prefix(ids::COUNTRY_OPTION_PREFIX)?;
    crate::countries::by_iso(code).map(|region| region.iso())
}

/// Builds the next `BUILD_PER_IDLE` rows when the browser is next idle, and the rows after them
/// at the next idle time, until `total` are built (then `building` is cleared) or the picker is
/// gone. Browsers without requestIdleCallback (Safari) build them in tasks of their own.
fn build_when_idle(built: RwSignal<usize>, building: StoredValue<bool>, total: Memo<usize>) {
    let step = move || {
        let Some(len) = total.try_get_untracked() else {
            return;
        };
        let more = built.try_update(|rows| {
            if *rows < len {
                *rows = rows.saturating_add(BUILD_PER_IDLE);
            }
            *rows < len
        });
        if more == Some(true) {
            build_when_idle(built, building, total);
        } else {
            building.try_update_value(|b| *b = false);
        }
    };
    if request_idle_callback_with_handle(step).is_err() {
        set_timeout(step, std::time::Duration::ZERO);
    }
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
    let selected = move || state.with(|s| s.country);
    let disabled = move || form.view.with(|v| v.locked);
    let root = NodeRef::<html::Div>::new();

    // The list (every allowed country named and sorted through `Intl`, a row each) is built when
    // the picker first opens, or a few rows at a time when the browser is idle, not before the
    // form is interactive. `built` counts the rows built, in list order; the list exists from
    // the first of them.
    let built = RwSignal::new(0usize);
    let listed = Memo::new(move |_| built.get() > 0);
    // The list depends on the language and the two country attributes only: a new token or
    // api-base must not re-run 245 Intl look-ups.
    let choice = Memo::new(move |_| {
        config.with(|c| {
            c.as_ref()
                .map(|c| (c.countries.clone(), c.preferred_countries.clone()))
                .unwrap_or_default()
        })
    });
    let entries = Memo::new(move |_| {
        if !listed.get() {
            return Vec::new();
        }
        choice.with(|(allowed, preferred)| {
            let codes: Vec<&'static str> = match allowed {
                Some(list) => list.clone(),
                None => crate::countries::all().iter().map(|r| r.iso()).collect(),
            };
            crate::picker::ordered(crate::intl::country_entries(lang.get(), &codes), preferred)
        })
    });
    let total = Memo::new(move |_| {
        if listed.get() {
            entries.with(Vec::len)
        } else {
            usize::MAX
        }
    });
    let building = StoredValue::new(false);
    let build = move || {
        if !building.get_value() {
            building.set_value(true);
            build_when_idle(built, building, total);
        }
    };
    // Starts the idle build after the first render, and again when the allowed countries grow
    // after it ended.
    super::keep(RenderEffect::new(move |_| {
        if built.get() < total.get() {
            build();
        }
    }));

    // The rows (indices into `entries`) matching the search, in display order.
    let filtered =
        Memo::new(move |_| picker.with(|p| entries.with(|all| filter(all, &p.searched))));
    let active_iso = move || {
        let row = filtered.with(|l| l.get(picker.with(|p| p.active)).copied())?;
        entries.with(|all| all.get(row).map(|e| e.iso))
    };
    // What the option rows should show now. Tracked where it is called from an effect.
    let row_state = move || {
        let selected = selected();
        let selected_row = entries.with(|all| all.iter().position(|e| Some(e.iso) == selected));
        let len = entries.with(Vec::len);
        filtered.with(|l| RowState::new(len, l, picker.with(|p| p.active), selected_row))
    };
    // What the rows show, or will show once built: set where the list is rendered, then moved
    // forward by the effect below a step at a time (see `RowState::toward`).
    let rendered = StoredValue::new(RowState::default());
    // Bumped a frame after rows were left to show (see the effect below), which runs again.
    let reveal_more = RwSignal::new(0usize);
    // Set by opening the picker and by the keys that move through the list: the next step shows
    // every row. The active row is shown in any case; these show the rows around it, so that
    // PageUp/PageDown land among shown rows and no row appears above it after it is scrolled to.
    let reveal_all = StoredValue::new(false);
    let list = NodeRef::<html::Ul>::new();

    // Filters the list by what was typed, if that is not done yet. It also runs a frame after a
    // keystroke, when the picker may be gone: nothing here may panic on disposed values.
    let apply_search = move || {
        let Some(query) = picker.try_with_untracked(|p| p.query.clone()) else {
            return;
        };
        picker.try_update(|p| p.apply(|_| crate::intl::fold(&query)));
    };
    let button = move || form.focus(ids::COUNTRY_BUTTON);
    let close = move |refocus: bool| {
        picker.update(Picker::close);
        if refocus {
            button();
        }
    };
    // Brings the active option into view, if its row is rendered.
    let scroll_to_active = move || {
        let Some(list) = list.try_get_untracked().flatten() else {
            return;
        };
        let active_row = rendered
            .try_with_value(|state| state.active)
            .flatten()
            .and_then(|index| list.children().item(index as u32));
        if let Some(option) = active_row {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            option.scroll_into_view_with_scroll_into_view_options(&options);
        }
    };
    let open_list = move || {
        built.set(usize::MAX);
        reveal_all.set_value(true);
        let position = selected().and_then(|iso| {
            let row = entries.with_untracked(|all| all.iter().position(|e| e.iso == iso))?;
            filtered.with_untracked(|l| l.iter().position(|&r| r == row))
        });
        picker.update(|p| p.open_at(position));
        // The popup is rendered hidden; focus its search box once it is shown (if the picker
        // is still there a frame later), and show the chosen country: the rows may have been
        // built only now.
        request_animation_frame(move || {
            form.focus(ids::COUNTRY_SEARCH);
            scroll_to_active();
        });
    };
    // The option rows `rows` (indices into `entries`), as `rendered` says they show.
    let rows_of = move |rows: std::ops::Range<usize>| {
        entries.with_untracked(|all| {
            rendered.with_value(|state| {
                let start = rows.start;
                all.get(rows)
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .map(|(offset, entry)| row(entry, start + offset, state))
                    .collect::<Vec<_>>()
            })
        })
    };
    let pick = move |iso: &'static str| {
        state.update(|s| s.pick_country(iso));
        close(false);
        form.focus(ids::PHONE);
    };

    // Every search, move or choice touches only the rows whose state changed, then keeps the
    // active option visible while moving through the list.
    super::keep(RenderEffect::new(
        move |seen: Option<(bool, Option<&'static str>)>| {
            let next = row_state();
            reveal_more.track();
            let now = (picker.with(|p| p.open), active_iso());
            let Some(list) = list.get() else {
                return now;
            };
            let rows = list.children();
            let row = |index: usize| rows.item(index as u32);
            let mut unfinished = false;
            rendered.update_value(|state| {
                let reveal = if reveal_all.get_value() {
                    reveal_all.set_value(false);
                    usize::MAX
                } else {
                    REVEAL_PER_FRAME
                };
                let step = state.toward(&next, reveal);
                unfinished = step != next;
                for change in state.changes(&step) {
                    match change {
                        RowChange::Shown(index, shown) => {
                            if let Some(row) = row(index) {
                                let _ = row.toggle_attribute_with_force("hidden", !shown);
                            }
                        }
                        RowChange::Active(index, active) => {
                            if let Some(row) = row(index) {
                                row.set_class_name(if active { ACTIVE_ROW } else { ROW });
                            }
                        }
                        RowChange::Selected(index, selected) => {
                            if let Some(row) = row(index) {
                                let _ = row.set_attribute("aria-selected", aria_bool(selected));
                            }
                        }
                    }
                }
                *state = step;
            });
            if unfinished {
                request_animation_frame(move || {
                    reveal_more.try_update(|n| *n = n.wrapping_add(1));
                });
            }
            // Scroll when the picker opens or the active option changes, not at every keystroke.
            if now.0 && seen != Some(now) {
                scroll_to_active();
            }
            now
        },
    ));

    // A press anywhere outside the picker closes it. The picker lives in a shadow root, so
    // the event's target is retargeted to the host: only `composedPath()` tells inside from out.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev: PointerEvent| {
        if !picker.with_untracked(|p| p.open) {
            return;
        }
        let Some(root) = root.get_untracked() else {
            return;
        };
        if !ev.composed_path().includes(&root, 0) {
            close(false);
        }
    });
    on_cleanup(move || outside.remove());

    let on_search_key = move |ev: KeyboardEvent| {
        apply_search();
        let len = filtered.with_untracked(Vec::len);
        let key = picker
            .try_update(|p| p.key(&ev.key(), ev.alt_key(), len))
            .unwrap_or(Key::Ignored);
        match key {
            Key::Ignored => return,
            Key::Moved => reveal_all.set_value(true),
            Key::Pick(position) => {
                let row = filtered.with_untracked(|l| l.get(position).copied());
                if let Some(iso) =
                    row.and_then(|row| entries.with_untracked(|all| all.get(row).map(|e| e.iso)))
                {
                    pick(iso);
                }
            }
            // Tab moves on as it would.
            Key::Close { refocus: false } => {
                close(false);
                return;
            }
            Key::Close { refocus: true } => {
                if ev.key() == "Escape" {
                    // Escape closes the list, not a dialog the form may sit in.
                    ev.stop_propagation();
                }
                close(true);
            }
        }
        ev.prevent_default();
    };

    let selected_entry = move || {
        let iso = selected()?;
        if listed.get() {
            entries.with(|all| all.iter().find(|e| e.iso == iso).cloned())
        } else {
            crate::intl::country_entries(lang.get(), &[iso]).pop()
        }
    };
    let button_label = move || {
        let lang = lang.get();
        let mut label = t(lang, Msg::CountryLabel).to_owned();
        label.push_str(": ");
        match selected_entry() {
            Some(e) => {
                label.push_str(&e.name);
                label.push(' ');
                label.push_str(&dial_code(e.calling_code));
            }
            None => label.push_str(t(lang, Msg::CountryChoose)),
        }
        label
    };
    let selected_code = move || {
        let region = selected().and_then(crate::countries::by_iso);
        region.map_or_else(|| "+".to_owned(), |r| dial_code(r.calling_code()))
    };
    let open = move || aria_bool(picker.with(|p| p.open));

    view! {
        <div class="vo-country" node_ref=root>
            <button
                type="button"
                id=ids::COUNTRY_BUTTON
                class="vo-country-button"
                part="country-button"
                aria-haspopup="listbox"
                aria-expanded=open
                aria-label=button_label
                disabled=disabled
                on:click=move |_| {
                    if picker.with_untracked(|p| p.open) { close(true) } else { open_list() }
                }
                on:keydown=move |ev: KeyboardEvent| {
                    if matches!(ev.key().as_str(), "ArrowDown" | "ArrowUp") {
                        ev.prevent_default();
                        open_list();
                    }
                }
            >
                <span class="vo-flag" aria-hidden="true">
                    {move || selected().map(flag).unwrap_or_default()}
                </span>
                <span>{selected_code}</span>
            </button>
            <div class="vo-popup" part="country-popup" hidden=move || !picker.with(|p| p.open)>
                <input
                    id=ids::COUNTRY_SEARCH
                    class="vo-input vo-search"
                    part="country-search"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-expanded=open
                    aria-controls=ids::COUNTRY_LIST
                    aria-activedescendant=move || active_iso().map(option_id)
                    aria-label=move || form.text(Msg::CountrySearchLabel)
                    prop:value=move || picker.with(|p| p.query.clone())
                    on:input=move |ev| {
                        picker.update(|p| p.typed(event_target_value(&ev)));
                        // The list follows after the next paint, as a deferred value: the
                        // character shows at once, and filtering and re-laying out up to
                        // hundreds of rows is not part of the keystroke's frame.
                        request_animation_frame(move || {
                            set_timeout(apply_search, std::time::Duration::ZERO);
                        });
                    }
                    on:keydown=on_search_key
                />
                <ul
                    id=ids::COUNTRY_LIST
                    class="vo-options"
                    part="country-list"
                    role="listbox"
                    node_ref=list
                    aria-label=move || form.text(Msg::CountryListLabel)
                    on:mousedown=|ev| ev.prevent_default()
                    on:click=move |ev| {
                        if let Some(iso) = row_iso(&ev) {
                            pick(iso);
                        }
                    }
                >
                    // Rendered anew only when the list itself changes (language, allowed
                    // countries), in the state of that moment; the effect above does the rest.
                    // Rows are built in slices, each once its turn comes (see `built`), as the
                    // effect last left them: the effect writes only rows that are built, and
                    // moves `rendered` forward for all of them.
                    {move || {
                        entries.track();
                        rendered.set_value(untrack(row_state));
                        let len = entries.with_untracked(Vec::len);
                        (0..len.div_ceil(BUILD_PER_IDLE))
                            .map(|slice| {
                                let start = slice * BUILD_PER_IDLE;
                                let rows = start..(start + BUILD_PER_IDLE).min(len);
                                let due = Memo::new(move |_| built.get() > start);
                                move || due.get().then(|| rows_of(rows.clone()))
                            })
                            .collect::<Vec<_>>()
                    }}
                </ul>
                <p class="vo-hint" role="status">
                    {move || {
                        (listed.get() && filtered.with(Vec::is_empty))
                            .then(|| form.text(Msg::CountryNoMatch))
                    }}
                </p>
            </div>
        </div>
    }
}
