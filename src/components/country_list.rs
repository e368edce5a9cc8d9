//! The picker's option list: 245 rows at most, each made by one row function, named and ordered
//! through `Intl` only once the list is needed, and kept in step with the search, the active
//! option and the chosen country by [`CountryList::sync`], which touches only the rows whose
//! state changed (see [`RowState`]).

use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};

use super::aria_bool;
use super::ids;
use crate::i18n::{t, Msg};
use crate::lang::Lang;
use crate::picker::{dial_code, filter, flag, ordered, CountryEntry, RowChange, RowState};

/// The class of an option row, and of the active one.
const ROW: &str = "vo-option";
const ACTIVE_ROW: &str = "vo-option vo-active";

/// Rows shown again per frame when a search is erased (see `RowState::toward`): at 4× CPU
/// slowdown, all 245 at once made a 95 ms frame, 55 ms of it style and layout.
pub const REVEAL_PER_FRAME: usize = 40;
/// Rows built per idle callback before the picker first opens: all 245 in one callback were a
/// 150 ms task at 4× CPU, in the way of whatever the person typed just after the form showed.
pub const BUILD_PER_IDLE: usize = 40;

/// The id of the option row of `iso`.
pub fn option_id(iso: &str) -> String {
    crate::text::concat(ids::COUNTRY_OPTION_PREFIX, iso)
}

/// One option row, as `state` says it shows (the list keeps it so afterwards).
fn row(entry: &CountryEntry, index: usize, state: &RowState) -> impl Render {
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

/// What the list is named for: the language and the host's two country attributes.
pub type ListKey = (Lang, Option<Vec<&'static str>>, Vec<&'static str>);

/// What the list needs to know of the picker at a given moment.
pub struct Wanted<'a> {
    /// Language and country attributes.
    pub key: ListKey,
    /// Rows to build (`usize::MAX`: all of them).
    pub built: usize,
    /// What the list is filtered by (folded).
    pub searched: &'a str,
    /// The active option: a position in the filtered list.
    pub active: usize,
    /// The chosen country.
    pub selected: Option<&'static str>,
    /// Show every row at once (the picker opened, or a key moved through the list), not a
    /// frame's worth.
    pub reveal_all: bool,
}

/// What a sync did, for the picker to follow up.
pub struct Synced {
    /// Rows are left to show: sync again next frame.
    pub unfinished: bool,
    /// More rows are to be built: build them at the next idle time.
    pub more_to_build: bool,
    /// The active option's country.
    pub active: Option<&'static str>,
}

/// The list's rows and what they show.
#[derive(Default)]
pub struct CountryList {
    key: Option<ListKey>,
    entries: Vec<CountryEntry>,
    /// The rows built, in list order.
    rows: Vec<Box<dyn Mountable>>,
    /// What the rows show, or will show once built.
    rendered: RowState,
    active: Option<&'static str>,
    /// The text of the "no match" status, as last written.
    hint: &'static str,
}

impl CountryList {
    /// The countries listed, in display order (empty before the list is first needed).
    pub fn entries(&self) -> &[CountryEntry] {
        &self.entries
    }

    /// Names and orders the countries for `key`, if that is not done yet; rows built for
    /// another key go.
    pub fn name(&mut self, key: &ListKey) {
        if self.key.as_ref() == Some(key) {
            return;
        }
        let (lang, allowed, preferred) = key;
        let codes: Vec<&'static str> = match allowed {
            Some(list) => list.clone(),
            None => crate::countries::all().iter().map(|r| r.iso()).collect(),
        };
        self.entries = ordered(crate::intl::country_entries(*lang, &codes), preferred);
        for mut row in self.rows.drain(..) {
            row.unmount();
        }
        self.rendered = RowState::default();
        self.key = Some(key.clone());
    }

    /// Brings the rows in `list` (the `ul`) and the search box's active descendant and the
    /// "no match" status (`search`, `hint`) to what `wanted` says.
    pub fn sync(
        &mut self,
        wanted: Wanted,
        list: &web_sys::Element,
        search: &web_sys::Element,
        hint: &web_sys::Element,
    ) -> Synced {
        let listed = wanted.built > 0;
        if listed {
            self.name(&wanted.key);
        }
        let len = self.entries.len();
        let filtered = filter(&self.entries, wanted.searched);
        let selected = wanted
            .selected
            .and_then(|iso| self.entries.iter().position(|e| e.iso == iso));
        let next = RowState::new(len, &filtered, wanted.active, selected);
        if self.rows.is_empty() && self.rendered.shown.len() != len {
            // A list named anew: its rows are built as they should show now.
            self.rendered = next.clone();
        }
        // Rows whose turn came, built as the list last left them.
        let due = wanted.built.min(len);
        while self.rows.len() < due {
            let index = self.rows.len();
            let mut row = row(&self.entries[index], index, &self.rendered).build();
            row.mount(list, None);
            self.rows.push(Box::new(row));
        }
        let reveal = if wanted.reveal_all {
            usize::MAX
        } else {
            REVEAL_PER_FRAME
        };
        let step = self.rendered.toward(&next, reveal);
        let children = list.children();
        let element = |index: usize| children.item(index as u32);
        for change in self.rendered.changes(&step) {
            match change {
                RowChange::Shown(index, shown) => {
                    if let Some(row) = element(index) {
                        let _ = row.toggle_attribute_with_force("hidden", !shown);
                    }
                }
                RowChange::Active(index, active) => {
                    if let Some(row) = element(index) {
                        row.set_class_name(if active { ACTIVE_ROW } else { ROW });
                    }
                }
                RowChange::Selected(index, selected) => {
                    if let Some(row) = element(index) {
                        let _ = row.set_attribute("aria-selected", aria_bool(selected));
                    }
                }
            }
        }
        let unfinished = step != next;
        self.rendered = step;
        let active = next.active.map(|row| self.entries[row].iso);
        if active != self.active {
            let _ = match active {
                Some(iso) => search.set_attribute("aria-activedescendant", &option_id(iso)),
                None => search.remove_attribute("aria-activedescendant"),
            };
            self.active = active;
        }
        // The "no match" status is a live region: written only when it changes.
        let lang = wanted.key.0;
        let hint_text = if listed && filtered.is_empty() {
            t(lang, Msg::CountryNoMatch)
        } else {
            ""
        };
        if hint_text != self.hint {
            hint.set_text_content(Some(hint_text));
            self.hint = hint_text;
        }
        Synced {
            unfinished,
            more_to_build: !listed || self.rows.len() < len,
            active,
        }
    }

    /// The row index of the active option (`rendered`'s), for scrolling it into view.
    pub fn active_row(&self) -> Option<usize> {
        self.rendered.active
    }
}
