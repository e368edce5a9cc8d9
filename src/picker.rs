//! What the country picker lists and in which order: pure functions over named countries.

/// A country as the picker lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryEntry {
    /// ISO 3166-1 alpha-2 code.
    pub iso: &'static str,
    /// Name in the UI language.
    pub name: String,
    /// `name`, lower-cased without accents.
    pub folded: String,
    /// The English name and other names people search by (`intl.js`), one per line, folded:
    /// "germany" also finds Alemania, "costa de marfil" Côte d’Ivoire.
    pub folded_en: String,
    /// The calling code, without `+`.
    pub calling_code: u16,
}

/// The flag emoji of an ISO code (two regional indicator symbols), or nothing for a bad code.
pub fn flag(iso: &str) -> String {
    if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_alphabetic()) {
        return String::new();
    }
    iso.bytes()
        .filter_map(|b| char::from_u32(0x1F1E6 + u32::from(b.to_ascii_uppercase() - b'A')))
        .collect()
}

/// Preferred countries first, in the host's order, then the others in `entries`' order
/// (already alphabetical in the UI language).
pub fn ordered(mut entries: Vec<CountryEntry>, preferred: &[&str]) -> Vec<CountryEntry> {
    let mut first = Vec::with_capacity(entries.len());
    for iso in preferred {
        if let Some(at) = entries.iter().position(|e| e.iso == *iso) {
            first.push(entries.remove(at));
        }
    }
    first.append(&mut entries);
    first
}

/// Whether `entry` matches a search. `query` must already be folded (lower case, no accents).
///
/// A query matches the name (UI language or English), the ISO code, or the start of the
/// calling code (`57`, `+57`).
pub fn matches(entry: &CountryEntry, query: &str) -> bool {
    let query = query.trim();
    // A lone "+" is the start of a dial code: everything still matches.
    if query.is_empty() || query == "+" {
        return true;
    }
    let digits = query.strip_prefix('+').unwrap_or(query);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        let code = dial_code(entry.calling_code);
        return code
            .strip_prefix('+')
            .is_some_and(|code| code.starts_with(digits));
    }
    crate::text::contains(&entry.folded, query)
        || crate::text::contains(&entry.folded_en, query)
        || entry.iso.eq_ignore_ascii_case(query)
}

/// What the picker's option rows show: one row per entry, in the entries' order.
///
/// The rows are rendered once per list of entries; a search, a move through the list or a new
/// choice then touches only the rows whose state changed, never all of them (one reactive
/// effect per row made each keystroke cost hundreds of effect runs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RowState {
    /// Whether each row matches the search (a row that does not is hidden).
    pub shown: Vec<bool>,
    /// The row of the active option (`aria-activedescendant`), if any.
    pub active: Option<usize>,
    /// The row of the chosen country (`aria-selected`), if it is listed.
    pub selected: Option<usize>,
}

/// One write to one row, as [`RowState::changes`] lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowChange {
    /// Show (`true`) or hide the row.
    Shown(usize, bool),
    /// Mark the row active or not.
    Active(usize, bool),
    /// Mark the row selected or not.
    Selected(usize, bool),
}

impl RowState {
    /// The state of `len` rows when `filtered` (indices of the matching rows, in order) match,
    /// the `active`-th of them is active and row `selected` holds the chosen country.
    pub fn new(len: usize, filtered: &[usize], active: usize, selected: Option<usize>) -> Self {
        let mut shown = vec![false; len];
        for &row in filtered {
            if let Some(cell) = shown.get_mut(row) {
                *cell = true;
            }
        }
        RowState {
            shown,
            active: filtered.get(active).copied().filter(|&row| row < len),
            selected: selected.filter(|&row| row < len),
        }
    }

    /// A step from `self` toward `next` that shows at most `reveal` rows that `self` hides,
    /// the first ones in list order, besides the active row (always shown: the search box's
    /// `aria-activedescendant` names it). Rows to hide are all hidden, and the marks are
    /// `next`'s.
    ///
    /// Showing rows is what costs: each shown row is styled and laid out anew. Erasing a search
    /// brings back up to every country at once, and the picker shows them a frame's worth at a
    /// time, the top of the list first, so that no frame (and no keystroke waiting for one)
    /// carries them all. Repeated steps reach `next`; `usize::MAX` reaches it at once.
    pub fn toward(&self, next: &RowState, reveal: usize) -> RowState {
        let mut left = reveal;
        let shown = next
            .shown
            .iter()
            .enumerate()
            .map(|(row, &wanted)| {
                if !wanted || self.shown.get(row) == Some(&true) {
                    return wanted;
                }
                if next.active == Some(row) {
                    return true;
                }
                if left == 0 {
                    return false;
                }
                left -= 1;
                true
            })
            .collect();
        RowState {
            shown,
            active: next.active,
            selected: next.selected,
        }
    }

    /// The writes that turn rows showing `self` into rows showing `next`: only rows whose
    /// state differs, a mark taken off its old row before it is put on the new one.
    pub fn changes(&self, next: &RowState) -> Vec<RowChange> {
        let mut changes = Vec::new();
        for (row, &shown) in next.shown.iter().enumerate() {
            if self.shown.get(row) != Some(&shown) {
                changes.push(RowChange::Shown(row, shown));
            }
        }
        type Mark = fn(usize, bool) -> RowChange;
        for (old, new, mark) in [
            (self.active, next.active, RowChange::Active as Mark),
            (self.selected, next.selected, RowChange::Selected as Mark),
        ] {
            if old != new {
                changes.extend(old.map(|row| mark(row, false)));
                changes.extend(new.map(|row| mark(row, true)));
            }
        }
        changes
    }
}

/// How far PageUp / PageDown move in the list.
pub const PAGE: usize = 10;

/// How long the person must have stopped typing before the rows past a frame's worth are shown
/// again (ms). Those rows are out of the list's view; showing them while keys still came made
/// the next key wait for a 35 to 55 ms frame at 4× CPU (people type a key every 150 to 300 ms).
pub const REVEAL_AFTER_TYPING_MS: u64 = 400;

/// Whether a key pressed in the search box acts on the list ([`Picker::key`] does something
/// with it). Any other key edits the query, and the list follows that after the next paint: the
/// keystroke itself neither filters nor touches a row.
pub fn acts_on_list(key: &str) -> bool {
    matches!(
        key,
        "ArrowDown"
            | "ArrowUp"
            | "Home"
            | "End"
            | "PageDown"
            | "PageUp"
            | "Enter"
            | "Escape"
            | "Tab"
    )
}

/// The picker's own state: open or not, what the search box shows, what the list is filtered
/// by (the second follows the first once the typed character is on screen), and the active
/// option (a position in the filtered list).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picker {
    /// The popup is open.
    pub open: bool,
    /// What the search box shows.
    pub query: String,
    /// What the list is filtered by, folded (lower case, no accents).
    pub searched: String,
    /// A typed query the list does not follow yet.
    pending: bool,
    /// The active option: a position in the filtered list.
    pub active: usize,
    /// When the query was last typed (ms since the epoch).
    typed_at: u64,
}

/// What a key in the search box does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// Not the picker's key: the browser does what it does.
    Ignored,
    /// The active option moved.
    Moved,
    /// Pick the option at this position of the filtered list.
    Pick(usize),
    /// Close the list; `refocus` puts focus back on the button.
    Close {
        /// Focus goes back to the button (Escape, Alt+ArrowUp), not on (Tab).
        refocus: bool,
    },
}

impl Picker {
    /// Opens the list with the option at `position` (the chosen country's) active.
    pub fn open_at(&mut self, position: Option<usize>) {
        self.active = position.unwrap_or(0);
        self.open = true;
    }

    /// Closes the list and forgets the search.
    pub fn close(&mut self) {
        *self = Picker::default();
    }

    /// The person typed `text` in the search box at `now` (ms since the epoch); the list
    /// follows at [`Picker::apply`].
    pub fn typed(&mut self, text: String, now: u64) {
        self.query = text;
        self.pending = true;
        self.typed_at = now;
    }

    /// Whether, at `now`, the person has not typed for [`REVEAL_AFTER_TYPING_MS`].
    pub fn typing_paused(&self, now: u64) -> bool {
        now.saturating_sub(self.typed_at) >= REVEAL_AFTER_TYPING_MS
    }

    /// Filters the list by the typed query (folded by `fold`), if that is not done yet, and
    /// makes the first match active. Returns whether anything changed.
    pub fn apply(&mut self, fold: impl FnOnce(&str) -> String) -> bool {
        if !std::mem::take(&mut self.pending) {
            return false;
        }
        self.searched = fold(&self.query);
        self.active = 0;
        true
    }

    /// A key pressed in the search box, over a filtered list of `len` options, as the WAI-ARIA
    /// combobox pattern has it. (Apply a pending search first: a key that acts on the list
    /// acts on what was typed before it.)
    pub fn key(&mut self, key: &str, alt: bool, len: usize) -> Key {
        let last = len.saturating_sub(1);
        let current = self.active;
        // Alt+ArrowUp closes the list (Alt+ArrowDown opened it), the country unchanged.
        if alt && key == "ArrowUp" {
            return Key::Close { refocus: true };
        }
        self.active = match key {
            "ArrowDown" => current.saturating_add(1).min(last),
            "ArrowUp" => current.saturating_sub(1),
            "Home" => 0,
            "End" => last,
            "PageDown" => current.saturating_add(PAGE).min(last),
            "PageUp" => current.saturating_sub(PAGE),
            "Enter" => return Key::Pick(current),
            "Escape" => return Key::Close { refocus: true },
            "Tab" => return Key::Close { refocus: false },
            _ => return Key::Ignored,
        };
        Key::Moved
    }
}

/// The rows (indices into `entries`) that match `searched`, in list order.
pub fn filter(entries: &[CountryEntry], searched: &str) -> Vec<usize> {
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| matches(e, searched))
        .map(|(row, _)| row)
        .collect()
}

/// The `+` and calling code a row and the button show.
pub fn dial_code(calling_code: u16) -> String {
    let mut text = String::with_capacity(4);
    text.push('+');
    push_number(&mut text, calling_code);
    text
}

/// Appends the decimal digits of `n` (no formatting machinery on this path).
fn push_number(out: &mut String, n: u16) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(iso: &'static str, name: &str, en: &str, calling_code: u16) -> CountryEntry {
        CountryEntry {
            iso,
            name: name.into(),
            folded: name.to_lowercase(),
            folded_en: en.to_lowercase(),
            calling_code,
        }
    }

    fn sample() -> Vec<CountryEntry> {
        vec![
            entry("DE", "Alemania", "Germany", 49),
            entry("BR", "Brasil", "Brazil", 55),
            entry("CO", "Colombia", "Colombia", 57),
            entry("US", "Estados Unidos", "United States", 1),
            entry("MX", "Mexico", "Mexico", 52),
        ]
    }

    fn isos(entries: &[CountryEntry]) -> Vec<&'static str> {
        entries.iter().map(|e| e.iso).collect()
    }

    #[test]
    fn flags_are_regional_indicator_pairs() {
        assert_eq!(flag("CO"), "\u{1F1E8}\u{1F1F4}");
        assert_eq!(flag("us"), "\u{1F1FA}\u{1F1F8}");
        assert_eq!(flag("C"), "");
        assert_eq!(flag("1A"), "");
    }

    #[test]
    fn preferred_countries_come_first_in_host_order() {
        let list = ordered(sample(), &["US", "CO"]);
        assert_eq!(isos(&list), ["US", "CO", "DE", "BR", "MX"]);
    }

    #[test]
    fn search_by_name_in_either_language_code_or_dial_code() {
        let list = sample();
        let found = |q: &str| {
            isos(
                &list
                    .iter()
                    .filter(|e| matches(e, q))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(found("colom"), ["CO"]);
        assert_eq!(found("germ"), ["DE"]);
        assert_eq!(found("alem"), ["DE"]);
        assert_eq!(found("57"), ["CO"]);
        assert_eq!(found("+5"), ["BR", "CO", "MX"]);
        assert_eq!(found("mx"), ["MX"]);
        assert_eq!(found("  "), ["DE", "BR", "CO", "US", "MX"]);
        assert!(found("zzz").is_empty());
        assert_eq!(found("+").len(), 5);
    }

    #[test]
    fn row_state_marks_the_matching_active_and_selected_rows() {
        let state = RowState::new(5, &[1, 3], 1, Some(0));
        assert_eq!(state.shown, [false, true, false, true, false]);
        assert_eq!(state.active, Some(3));
        assert_eq!(state.selected, Some(0));
        // No match: no active row. Out-of-range rows are ignored rather than trusted.
        let none = RowState::new(2, &[], 0, Some(7));
        assert_eq!(
            none,
            RowState {
                shown: vec![false, false],
                active: None,
                selected: None
            }
        );
    }

    #[test]
    fn row_changes_touch_only_the_rows_that_differ() {
        let all = RowState::new(4, &[0, 1, 2, 3], 0, Some(2));
        let searched = RowState::new(4, &[2], 0, Some(2));
        assert_eq!(
            all.changes(&searched),
            [
                RowChange::Shown(0, false),
                RowChange::Shown(1, false),
                RowChange::Shown(3, false),
                RowChange::Active(0, false),
                RowChange::Active(2, true),
            ]
        );
        assert!(searched.changes(&searched).is_empty());
        let picked = RowState::new(4, &[0, 1, 2, 3], 0, Some(1));
        assert_eq!(
            all.changes(&picked),
            [RowChange::Selected(2, false), RowChange::Selected(1, true)]
        );
        // Rows the old state did not know (a longer list) are all written.
        let longer = RowState::new(5, &[0, 1, 2, 3, 4], 0, Some(2));
        assert_eq!(all.changes(&longer), [RowChange::Shown(4, true)]);
    }

    #[test]
    fn erasing_a_search_shows_the_rows_a_few_at_a_time_from_the_top() {
        let searched = RowState::new(8, &[5], 0, Some(7));
        let everything: Vec<usize> = (0..8).collect();
        let all = RowState::new(8, &everything, 0, Some(7));
        // Two rows a step, top first, and the active row (row 0) besides them.
        let first = searched.toward(&all, 2);
        assert_eq!(
            first.shown,
            [true, true, true, false, false, true, false, false]
        );
        assert_eq!((first.active, first.selected), (Some(0), Some(7)));
        let second = first.toward(&all, 2);
        assert_eq!(
            second.shown,
            [true, true, true, true, true, true, false, false]
        );
        assert_eq!(second.toward(&all, 2), all);
        // An active row further down is shown at once, out of turn.
        let moved = RowState::new(8, &everything, 6, None);
        assert_eq!(
            searched.toward(&moved, 1).shown,
            [true, false, false, false, false, true, true, false]
        );
        assert_eq!(searched.toward(&all, usize::MAX), all);
        // Hiding is never spread out: a narrower search hides every row it drops in one step.
        let narrowed = RowState::new(8, &[3], 0, None);
        assert_eq!(first.toward(&narrowed, 0), narrowed);
        // A step that has nothing left to show is the target itself.
        assert_eq!(all.toward(&all, 0), all);
    }

    #[test]
    fn dial_codes_are_plus_and_digits() {
        assert_eq!(dial_code(1), "+1");
        assert_eq!(dial_code(57), "+57");
        assert_eq!(dial_code(1684), "+1684");
        assert_eq!(dial_code(0), "+0");
    }

    #[test]
    fn the_search_follows_what_was_typed_once_applied() {
        let mut picker = Picker::default();
        picker.open_at(Some(3));
        assert_eq!((picker.open, picker.active), (true, 3));
        picker.typed("Colom".into(), 1_000);
        assert!(!picker.typing_paused(1_000 + REVEAL_AFTER_TYPING_MS - 1));
        assert!(picker.typing_paused(1_000 + REVEAL_AFTER_TYPING_MS));
        assert_eq!(picker.searched, "", "not before the character is on screen");
        assert!(picker.apply(|t| t.to_lowercase()));
        assert_eq!((picker.searched.as_str(), picker.active), ("colom", 0));
        assert!(!picker.apply(|_| unreachable!("nothing pending")));
        assert_eq!(filter(&sample(), &picker.searched), [2]);
        picker.close();
        assert_eq!(picker, Picker::default());
    }

    #[test]
    fn keys_follow_the_combobox_pattern() {
        let mut picker = Picker::default();
        picker.open_at(None);
        assert_eq!(picker.key("ArrowDown", false, 30), Key::Moved);
        assert_eq!(picker.key("ArrowDown", false, 30), Key::Moved);
        assert_eq!(picker.active, 2);
        picker.key("PageDown", false, 30);
        assert_eq!(picker.active, 12);
        picker.key("End", false, 30);
        assert_eq!(picker.active, 29);
        picker.key("ArrowDown", false, 30);
        assert_eq!(picker.active, 29, "stays on the last");
        picker.key("PageUp", false, 30);
        assert_eq!(picker.active, 19);
        picker.key("Home", false, 30);
        picker.key("ArrowUp", false, 30);
        assert_eq!(picker.active, 0, "stays on the first");
        assert_eq!(picker.key("Enter", false, 30), Key::Pick(0));
        assert_eq!(
            picker.key("Escape", false, 30),
            Key::Close { refocus: true }
        );
        assert_eq!(
            picker.key("ArrowUp", true, 30),
            Key::Close { refocus: true }
        );
        assert_eq!(picker.key("Tab", false, 30), Key::Close { refocus: false });
        assert_eq!(picker.key("a", false, 30), Key::Ignored);
        // The keys that skip the list's work are exactly those `key` ignores.
        for key in [
            "ArrowDown",
            "ArrowUp",
            "Home",
            "End",
            "PageDown",
            "PageUp",
            "Enter",
            "Escape",
            "Tab",
            "a",
            "Backspace",
            "Delete",
            "ArrowLeft",
            "ArrowRight",
            " ",
            "+",
            "Shift",
            "F5",
        ] {
            let acts = picker.clone().key(key, false, 30) != Key::Ignored;
            assert_eq!(acts_on_list(key), acts, "{key}");
        }
        // An empty list: the keys move nowhere.
        picker.key("End", false, 0);
        assert_eq!(picker.active, 0);
    }
}
