use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::html;
use leptos::prelude::*;

use super::aria_bool;
use crate::i18n::{t, Msg};
use crate::lang::Lang;
use crate::picker::{flag, matches, CountryEntry, RowChange, RowState};

/// Element ids inside the shadow root.
mod ids {
    pub const BUTTON: &str = "vo-country-button";
    pub const SEARCH: &str = "vo-country-search";
    pub const LIST: &str = "vo-country-list";
    pub const OPTION_PREFIX: &str = "vo-country-opt-";
}

/// The class of an option row, and of the active one.
const ROW: &str = "vo-option";
const ACTIVE_ROW: &str = "vo-option vo-active";

/// How far PageUp / PageDown move in the list.
const PAGE: usize = 10;
/// Rows shown again per frame when a search is erased (see `RowState::toward`): at 4× CPU
/// slowdown, all 245 at once made a 95 ms frame, 55 ms of it style and layout.
const REVEAL_PER_FRAME: usize = 40;
/// Rows built per idle callback before the picker first opens: all 245 in one callback were a
/// 150 ms task at 4× CPU, in the way of whatever the person typed just after the form showed.
const BUILD_PER_IDLE: usize = 40;

/// Builds the next `BUILD_PER_IDLE` rows of the list when the browser is next idle, and the
/// rows after them at the next idle time, until every row is built (then `building` is reset)
/// or the picker is gone. Browsers without requestIdleCallback (Safari) build them in tasks of
/// their own.
fn build_when_idle(
    built: RwSignal<usize>,
    building: StoredValue<bool>,
    entries: Signal<Vec<CountryEntry>>,
) {
    let step = move || {
        let Some(total) = entries.try_with_untracked(|all| all.len()) else {
            return;
        };
        let more = built.try_update(|rows| {
            if *rows < total {
                *rows = rows.saturating_add(BUILD_PER_IDLE);
            }
            *rows < total
        });
        if more == Some(true) {
            build_when_idle(built, building, entries);
        } else {
            building.try_update_value(|b| *b = false);
        }
    };
    if request_idle_callback_with_handle(step).is_err() {
        set_timeout(step, std::time::Duration::ZERO);
    }
}

fn option_id(iso: &str) -> String {
    format!("{}{iso}", ids::OPTION_PREFIX)
}

/// The country-code button and its searchable list, after the WAI-ARIA combobox pattern: the
/// button opens a popup whose search box is a `combobox` controlling a `listbox`.
#[component]
pub fn CountryPicker(
    /// Every country the host allows, in display order (preferred first).
    #[prop(into)]
    entries: Signal<Vec<CountryEntry>>,
    /// The chosen country (ISO code), if any.
    selected: RwSignal<Option<&'static str>>,
    /// The UI language.
    #[prop(into)]
    lang: Signal<Lang>,
    /// Where focus goes after a country is picked: the number input.
    then_focus: NodeRef<html::Input>,
    /// The country cannot change (while a registration is sent, and after it): the button is
    /// disabled.
    #[prop(into, optional)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    // What the search box shows, and what the list is filtered by: the second follows the first
    // once the typed character is on screen (see `on:input`).
    let query = RwSignal::new(String::new());
    let searched = RwSignal::new(String::new());
    let pending = StoredValue::new(false);
    let active = RwSignal::new(0usize);
    let root = NodeRef::<html::Div>::new();
    let button = NodeRef::<html::Button>::new();
    let search = NodeRef::<html::Input>::new();
    let list = NodeRef::<html::Ul>::new();

    // The list (every allowed country named and sorted through `Intl`, a row each) is built when
    // the picker first opens, or a few rows at a time when the browser is idle, not before the
    // form is interactive: it was most of the form's first render. Until then the button names
    // its one country. `built` counts the rows built, in list order; the list exists (is
    // `listed`) from the first of them.
    let built = RwSignal::new(0usize);
    let listed = Memo::new(move |_| built.get() > 0);
    let building = StoredValue::new(false);
    let all_entries = entries;
    let entries = Memo::new(move |_| {
        if listed.get() {
            all_entries.get()
        } else {
            Vec::new()
        }
    });
    // Starts the idle build after the first render, and again when the allowed countries grow
    // after it ended. It reads the list only once it exists: naming every country is work for
    // idle time too.
    Effect::new(move |_| {
        let len = entries.with(Vec::len);
        let left = !listed.get_untracked() || built.get_untracked() < len;
        if left && !building.get_value() {
            building.set_value(true);
            build_when_idle(built, building, all_entries);
        }
    });

    // Indices into `entries` of the countries matching the search, in display order: no entry
    // is cloned at each keystroke, and an unchanged result notifies nobody.
    let filtered = Memo::new(move |_| {
        let folded = crate::intl::fold(&searched.get());
        entries.with(|all| {
            all.iter()
                .enumerate()
                .filter(|(_, e)| matches(e, &folded))
                .map(|(row, _)| row)
                .collect::<Vec<_>>()
        })
    });
    let active_iso = Memo::new(move |_| {
        let row = filtered.with(|l| l.get(active.get()).copied())?;
        entries.with(|all| all.get(row).map(|e| e.iso))
    });
    let active_id = move || active_iso.get().map(option_id);
    // What the option rows should show now. Tracked where it is called from an effect.
    let row_state = move || {
        let selected = selected.get();
        let selected_row = entries.with(|all| all.iter().position(|e| Some(e.iso) == selected));
        let len = entries.with(Vec::len);
        filtered.with(|l| RowState::new(len, l, active.get(), selected_row))
    };
    // What the rows show, or will show once built: set where the list is rendered, then moved
    // forward by the effect below a step at a time (see `RowState::toward`), whichever of the
    // two runs first after a change.
    let rendered = StoredValue::new(RowState::default());
    // Bumped a frame after rows were left to show (see the effect below), which runs again.
    let reveal_more = RwSignal::new(0u32);
    // Set by opening the picker and by the keys that move through the list: the next step shows
    // every row. The active row is shown in any case; these show the rows around it, so that
    // PageUp/PageDown land among shown rows and no row appears above it after it is scrolled to.
    let reveal_all = StoredValue::new(false);

    // Filters the list by what was typed, if that is not done yet. It also runs a frame after a
    // keystroke, when the picker may be gone: nothing here may panic on disposed values.
    let apply_search = move || {
        let was_pending = pending.try_update_value(|p| std::mem::replace(p, false));
        if was_pending != Some(true) {
            return;
        }
        if let Some(text) = query.try_get_untracked() {
            searched.try_set(text);
            active.try_set(0);
        }
    };

    let close = move |refocus: bool| {
        open.set(false);
        pending.set_value(false);
        query.set(String::new());
        searched.set(String::new());
        if refocus {
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
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
        let position = selected.get_untracked().and_then(|iso| {
            let row = entries.with_untracked(|all| all.iter().position(|e| e.iso == iso))?;
            filtered.with_untracked(|l| l.iter().position(|&r| r == row))
        });
        active.set(position.unwrap_or(0));
        open.set(true);
        // The popup is rendered hidden; focus its search box once it is shown (if the picker
        // is still there a frame later), and show the chosen country: the rows may have been
        // built only now, after the effect below ran.
        request_animation_frame(move || {
            if let Some(search) = search.try_get_untracked().flatten() {
                let _ = search.focus();
            }
            scroll_to_active();
        });
    };
    let pick = move |iso: &'static str| {
        selected.set(Some(iso));
        close(false);
        if let Some(input) = then_focus.get_untracked() {
            let _ = input.focus();
        }
    };

    // Every search, move or choice touches only the rows whose state changed (a reactive
    // attribute per row made each keystroke re-run hundreds of effects), then keeps the active
    // option visible while moving through the list.
    Effect::new(move |seen: Option<(bool, Option<&'static str>)>| {
        let next = row_state();
        reveal_more.track();
        let now = (open.get(), active_iso.get());
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
    });

    // A press anywhere outside the picker closes it. The picker lives in a shadow root, so
    // the event's target is retargeted to the host: only `composedPath()` tells inside from out.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev: PointerEvent| {
        if !open.get_untracked() {
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
        // A key that acts on the list acts on what was typed before it, and on all of it.
        apply_search();
        let len = filtered.with_untracked(Vec::len);
        let current = active.get_untracked();
        let last = len.saturating_sub(1);
        // Alt+ArrowUp closes the list, as in the WAI-ARIA combobox pattern (Alt+ArrowDown
        // opened it): focus back on the button, the country unchanged.
        if ev.alt_key() && ev.key() == "ArrowUp" {
            ev.prevent_default();
            close(true);
            return;
        }
        let next = match ev.key().as_str() {
            "ArrowDown" => current.saturating_add(1).min(last),
            "ArrowUp" => current.saturating_sub(1),
            "Home" => 0,
            "End" => last,
            "PageDown" => current.saturating_add(PAGE).min(last),
            "PageUp" => current.saturating_sub(PAGE),
            "Enter" => {
                ev.prevent_default();
                let row = filtered.with_untracked(|l| l.get(current).copied());
                if let Some(iso) =
                    row.and_then(|row| entries.with_untracked(|all| all.get(row).map(|e| e.iso)))
                {
                    pick(iso);
                }
                return;
            }
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                close(true);
                return;
            }
            "Tab" => {
                close(false);
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        reveal_all.set_value(true);
        active.set(next);
    };

    let on_button_key = move |ev: KeyboardEvent| {
        if matches!(ev.key().as_str(), "ArrowDown" | "ArrowUp") {
            ev.prevent_default();
            open_list();
        }
    };

    let selected_entry = move || {
        let iso = selected.get()?;
        if listed.get() {
            all_entries.with(|all| all.iter().find(|e| e.iso == iso).cloned())
        } else {
            crate::intl::country_entries(lang.get(), &[iso]).pop()
        }
    };
    let button_label = move || {
        let lang = lang.get();
        match selected_entry() {
            Some(e) => format!(
                "{}: {} +{}",
                t(lang, Msg::CountryLabel),
                e.name,
                e.calling_code
            ),
            None => format!(
                "{}: {}",
                t(lang, Msg::CountryLabel),
                t(lang, Msg::CountryChoose)
            ),
        }
    };

    // The option rows `rows` (indices into `entries`), as `rendered` says they show.
    let option_rows = move |rows: std::ops::Range<usize>| {
        let state = rendered.try_get_value().unwrap_or_default();
        entries.with_untracked(|all| {
            all.get(rows.clone())
                .unwrap_or_default()
                .iter()
                .zip(rows)
                .map(|(e, index)| {
                    let iso = e.iso;
                    view! {
                        <li
                            id=option_id(iso)
                            class=if state.active == Some(index) { ACTIVE_ROW } else { ROW }
                            role="option"
                            hidden=!state.shown.get(index).copied().unwrap_or(true)
                            aria-selected=aria_bool(state.selected == Some(index))
                            on:mousedown=|ev| ev.prevent_default()
                            on:click=move |_| pick(iso)
                        >
                            <span class="vo-flag" aria-hidden="true">{flag(iso)}</span>
                            <span class="vo-option-name">{e.name.clone()}</span>
                            <span class="vo-option-code">{format!("+{}", e.calling_code)}</span>
                        </li>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <div class="vo-country" node_ref=root>
            <button
                type="button"
                id=ids::BUTTON
                class="vo-country-button"
                part="country-button"
                node_ref=button
                aria-haspopup="listbox"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-label=button_label
                disabled=disabled
                on:click=move |_| if open.get_untracked() { close(true) } else { open_list() }
                on:keydown=on_button_key
            >
                {move || match selected_entry() {
                    Some(e) => {
                        view! {
                            <span class="vo-flag" aria-hidden="true">{flag(e.iso)}</span>
                            <span>{format!("+{}", e.calling_code)}</span>
                        }
                            .into_any()
                    }
                    None => view! { <span>"+"</span> }.into_any(),
                }}
            </button>
            <div class="vo-popup" part="country-popup" hidden=move || !open.get()>
                <input
                    id=ids::SEARCH
                    class="vo-input vo-search"
                    part="country-search"
                    node_ref=search
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-expanded=move || if open.get() { "true" } else { "false" }
                    aria-controls=ids::LIST
                    aria-activedescendant=active_id
                    aria-label=move || t(lang.get(), Msg::CountrySearchLabel)
                    prop:value=query
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        // The list follows after the next paint, as a deferred value: the
                        // character shows at once, and filtering and re-laying out up to
                        // hundreds of rows is not part of the keystroke's frame.
                        pending.set_value(true);
                        request_animation_frame(move || {
                            set_timeout(apply_search, std::time::Duration::ZERO);
                        });
                    }
                    on:keydown=on_search_key
                />
                <ul
                    id=ids::LIST
                    class="vo-options"
                    part="country-list"
                    role="listbox"
                    node_ref=list
                    aria-label=move || t(lang.get(), Msg::CountryListLabel)
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
                                move || due.get().then(|| option_rows(rows.clone()))
                            })
                            .collect_view()
                    }}
                </ul>
                <p class="vo-hint" role="status">
                    {move || {
                        (listed.get() && filtered.with(Vec::is_empty))
                            .then(|| t(lang.get(), Msg::CountryNoMatch))
                    }}
                </p>
            </div>
        </div>
    }
}
