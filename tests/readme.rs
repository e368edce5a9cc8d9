//! README.md's reference tables against the code they describe: every attribute, property,
//! method, event, `detail` field, error code (with the English text the person reads), `mount()`
//! option, handle method, export, CSS custom property and part has its row, and no row names
//! something that does not exist. The README's snippets that are not run by the end-to-end
//! tests (tests/e2e/snippets.spec.ts) are checked here to be the lines that are compiled.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::path::Path;

use verifik_onboarding::api::{ApiError, Field, ERROR_CODES};
use verifik_onboarding::config::{ConfigError, ATTRIBUTES};
use verifik_onboarding::i18n::{t, Msg};
use verifik_onboarding::lang::Lang;
use verifik_onboarding::phone::PhoneError;
use verifik_onboarding::validate::EmailError;

type Names = BTreeSet<String>;

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn readme() -> String {
    read("README.md")
}

/// The text under `heading` (a whole `#…` line), up to the next heading of its level or above.
fn section(text: &str, heading: &str) -> String {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let mut lines = text.lines().skip_while(|line| *line != heading);
    assert!(
        lines.next().is_some(),
        "README.md has no heading {heading:?}"
    );
    lines
        .take_while(|line| {
            let hashes = line.chars().take_while(|&c| c == '#').count();
            !(hashes > 0 && hashes <= level && line[hashes..].starts_with(' '))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The body rows of every table in `text`, as cells.
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|line| line.starts_with('|') && !line.starts_with("| ---"))
        .map(|line| {
            line.trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .filter(|cells: &Vec<String>| cells.first().is_some_and(|c| c.starts_with('`')))
        .collect()
}

/// The names written in backticks in `cell`.
fn ticked(cell: &str) -> Vec<String> {
    cell.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The names of the first column of the tables in `text`, `()` and `(…)` left out.
fn first_column(text: &str) -> Names {
    rows(text)
        .iter()
        .flat_map(|cells| ticked(&cells[0]))
        .map(|name| name.split('(').next().unwrap_or_default().to_owned())
        .collect()
}

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> Names {
    names.into_iter().map(str::to_owned).collect()
}

/// The body of `opening … }` in `source` (the first `\n}` after it).
fn block<'a>(source: &'a str, opening: &str) -> &'a str {
    let start = source
        .find(opening)
        .unwrap_or_else(|| panic!("no {opening:?}"));
    let body = &source[start + opening.len()..];
    &body[..body.find("\n}").expect("the block's end")]
}

/// The members of a TypeScript interface: name and whether it is optional (`name?:`).
fn members(types: &str, interface: &str) -> Vec<(String, bool)> {
    let start = types
        .find(&format!("export interface {interface} "))
        .unwrap_or_else(|| panic!("index.d.ts has no interface {interface}"));
    block(&types[start..], "{\n")
        .lines()
        // Members are indented by two spaces; deeper lines continue one.
        .filter_map(|line| line.strip_prefix("  "))
        .filter(|line| !line.starts_with([' ', '/', '*']))
        .filter_map(|line| {
            let line = line
                .strip_prefix("set ")
                .or_else(|| line.strip_prefix("get "))
                .unwrap_or(line);
            let end = line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            let (name, rest) = line.split_at(end);
            (!name.is_empty()
                && (rest.starts_with(':') || rest.starts_with("?:") || rest.starts_with('(')))
            .then(|| (name.to_owned(), rest.starts_with('?')))
        })
        .collect()
}

/// The string literals of a TypeScript union type `export type Name = 'a' | 'b' …;`.
fn union(types: &str, name: &str) -> Names {
    let start = types
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("index.d.ts has no type {name}"));
    let body = &types[start..];
    let body = &body[..body.find(';').expect("the type's end")];
    body.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn types() -> String {
    read("src/embed/index.d.ts")
}

#[test]
fn the_attribute_table_names_every_attribute_the_element_observes() {
    let table = first_column(&section(&readme(), "### Attributes"));
    assert_eq!(table, set(ATTRIBUTES), "README.md, Reference › Attributes");
}

#[test]
fn the_properties_and_methods_are_the_elements_in_index_d_ts() {
    let types = types();
    let element: Names = members(&types, "VerifikOnboardingElement")
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let table = first_column(&section(&readme(), "### Properties and methods"));
    assert_eq!(
        table, element,
        "README.md, Reference › Properties and methods"
    );
}

/// Every `pub const X: &str = "verifik:…";` of src/events.rs.
fn event_names() -> Names {
    read("src/events.rs")
        .lines()
        .filter(|line| line.starts_with("pub const ") && line.contains("\"verifik:"))
        .filter_map(|line| line.split('"').nth(1).map(str::to_owned))
        .collect()
}

#[test]
fn the_event_table_names_every_event_with_every_detail_field() {
    let types = types();
    let map: Vec<(String, String)> = block(&types, "export interface VerifikEventMap {")
        .lines()
        .filter_map(|line| {
            let name = line.split('\'').nth(1)?;
            let detail = line.split("CustomEvent<").nth(1)?.split('>').next()?;
            Some((name.to_owned(), detail.to_owned()))
        })
        .collect();
    let events = event_names();
    assert_eq!(
        map.iter().map(|(name, _)| name.clone()).collect::<Names>(),
        events,
        "index.d.ts's VerifikEventMap and src/events.rs"
    );
    let table = rows(&section(&readme(), "### Events"));
    let rows_by_event: Vec<(String, &Vec<String>)> = table
        .iter()
        .flat_map(|cells| ticked(&cells[0]).into_iter().map(move |name| (name, cells)))
        .filter(|(name, _)| name.starts_with("verifik:"))
        .collect();
    assert_eq!(
        rows_by_event
            .iter()
            .map(|(name, _)| name.clone())
            .collect::<Names>(),
        events,
        "README.md, Reference › Events"
    );
    for (event, detail) in &map {
        let (_, cells) = rows_by_event
            .iter()
            .find(|(name, _)| name == event)
            .expect("a row");
        let written: Names = ticked(&cells[2]).into_iter().collect();
        let wanted: Names = members(&types, detail)
            .into_iter()
            .map(|(name, optional)| if optional { format!("{name}?") } else { name })
            .collect();
        assert_eq!(
            written, wanted,
            "README.md's detail of {event} (`?`: may be absent)"
        );
    }
}

/// One error of each kind (a `code` may have several: `network_error` offline too).
fn every_error() -> Vec<ApiError> {
    vec![
        ApiError::Config(ConfigError::Missing("project-flow")),
        ApiError::MissingParameter {
            field: Some(Field::Phone),
        },
        ApiError::EmailDomainNotAllowed,
        ApiError::EmailAlreadyRegistered,
        ApiError::PhoneAlreadyRegistered,
        ApiError::Unauthorized,
        ApiError::TokenUnavailable,
        ApiError::RateLimited,
        ApiError::Server,
        ApiError::Network,
        ApiError::Offline,
        ApiError::Timeout,
        ApiError::InvalidResponse,
        ApiError::CodeMismatch,
        ApiError::CodeExpired,
        ApiError::CodeRecentlySent,
        ApiError::CodeNotSent,
        ApiError::TooManyAttempts,
        ApiError::VerificationNotFound,
    ]
}

#[test]
fn the_error_table_has_every_code_with_the_english_text_from_i18n() {
    let types = types();
    let codes = set(ERROR_CODES);
    assert_eq!(union(&types, "ErrorCode"), codes, "index.d.ts's ErrorCode");
    let table = rows(&section(&readme(), "### Error codes"));
    let written: Names = table.iter().flat_map(|cells| ticked(&cells[0])).collect();
    assert_eq!(written, codes, "README.md, Reference › Error codes");
    let row = |code: &str| {
        table
            .iter()
            .find(|cells| cells[0] == format!("`{code}`"))
            .unwrap_or_else(|| panic!("no row for {code}"))
    };
    for error in every_error() {
        let cells = row(error.code());
        let text = error.message(Lang::En);
        assert!(
            cells[3].contains(&format!("\"{text}\"")),
            "README.md's text for {} is not src/i18n.rs's {text:?}",
            error.code()
        );
        if let Some(field) = error.field() {
            assert!(
                cells[2].contains(&format!("`{}`", field.name())),
                "README.md's {} is shown by {}",
                error.code(),
                field.name()
            );
        }
    }
    // What a person reads when the browser refuses the wasm (the entry module's own text).
    let entry = read("src/embed/verifik-onboarding.js");
    let refused = block(&entry, "const UNAVAILABLE = {")
        .lines()
        .find_map(|line| line.trim().strip_prefix("en: '"))
        .and_then(|rest| rest.strip_suffix("',"))
        .expect("the entry module's English text");
    assert!(
        row("config_error")[3].contains(&format!("\"{refused}\"")),
        "README.md's config_error lacks {refused:?}"
    );
}

#[test]
fn the_mount_tables_are_index_d_ts_options_and_handle_and_the_entry_modules() {
    let types = types();
    let reference = section(&readme(), "### mount()");
    let (options, handle) = reference
        .split_once("| handle |")
        .expect("the handle's table after the options'");
    let options_written = first_column(options);
    let declared: Names = members(&types, "Options")
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(options_written, declared, "README.md's mount() options");
    // The entry module's options: those it maps to attributes, its callbacks, tokenProvider.
    let entry = read("src/embed/verifik-onboarding.js");
    let mut handled: Names = ["tokenProvider".to_owned()].into();
    for opening in ["const ATTRIBUTES = {", "const CALLBACKS = {"] {
        handled.extend(
            block(&entry, opening)
                .lines()
                .filter_map(|line| line.trim().split_once(':'))
                .map(|(key, _)| key.to_owned()),
        );
    }
    assert_eq!(
        options_written, handled,
        "the options verifik-onboarding.js reads"
    );
    let handle_declared: Names = members(&types, "Handle")
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        first_column(&format!("| handle |{handle}")),
        handle_declared,
        "README.md's mount() handle"
    );
}

#[test]
fn every_export_of_index_d_ts_is_in_the_reference() {
    let reference = section(&readme(), "## Reference");
    let types = types();
    for line in types.lines() {
        let Some(rest) = line
            .strip_prefix("export function ")
            .or_else(|| line.strip_prefix("export const "))
        else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        assert!(
            reference.contains(&format!("`{name}`")) || reference.contains(&format!("`{name}(")),
            "README.md's Reference does not name the export {name}"
        );
    }
}

#[test]
fn the_validation_table_has_every_error_code_with_the_text_the_form_shows() {
    let types = types();
    let text = section(&readme(), "### validateEmail and validatePhone");
    let table = rows(&text);
    let codes_of = |function: &str| -> Names {
        table
            .iter()
            .filter(|cells| cells[0] == format!("`{function}`"))
            .flat_map(|cells| ticked(&cells[1]))
            .collect()
    };
    assert_eq!(codes_of("validateEmail"), union(&types, "EmailErrorCode"));
    assert_eq!(codes_of("validatePhone"), union(&types, "PhoneErrorCode"));
    let shown = |function: &str, code: &str, msg: Msg| {
        let cells = table
            .iter()
            .find(|c| c[0] == format!("`{function}`") && c[1] == format!("`{code}`"))
            .unwrap_or_else(|| panic!("no row for {function} {code}"));
        let text = t(Lang::En, msg);
        assert!(
            cells[2].contains(&format!("\"{text}\"")),
            "{function} {code}: {text:?}"
        );
    };
    for (error, msg) in [
        (EmailError::Required, Msg::ErrEmailRequired),
        (EmailError::InvalidFormat, Msg::ErrEmailInvalid),
        (EmailError::TooLong, Msg::ErrEmailTooLong),
    ] {
        shown("validateEmail", error.code(), msg);
    }
    for (error, msg) in [
        (PhoneError::Required, Msg::ErrPhoneRequired),
        (
            PhoneError::InvalidCharacters,
            Msg::ErrPhoneInvalidCharacters,
        ),
        (PhoneError::InvalidCountry, Msg::ErrPhoneInvalidCountry),
        (PhoneError::TooShort, Msg::ErrPhoneTooShort),
        (PhoneError::TooLong, Msg::ErrPhoneTooLong),
        (PhoneError::InvalidNumber, Msg::ErrPhoneInvalid),
    ] {
        shown("validatePhone", error.code(), msg);
    }
    // The results' members, as index.d.ts declares them (`?`: may be absent).
    for function in ["validateEmail", "validatePhone"] {
        let declared = &types[types
            .find(&format!("export function {function}("))
            .expect("declared")..];
        let result = declared
            .split("): {")
            .nth(1)
            .and_then(|r| r.split('}').next())
            .expect("its result type");
        let written: Vec<String> = result
            .split(';')
            .filter_map(|member| member.split(':').next())
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect();
        let shape = format!("{{ {} }}", written.join(", "));
        assert!(
            text.contains(&shape),
            "README.md does not give {function}'s result as {shape}"
        );
    }
}

#[test]
fn the_theming_tables_name_every_custom_property_and_part() {
    let theming = section(&readme(), "## Theming");
    let css = read("style/widget.css");
    let declared: Names = css
        .lines()
        .filter_map(|line| line.trim().strip_prefix("--vo-"))
        .filter_map(|rest| rest.split(':').next())
        .map(|name| format!("--vo-{name}"))
        .collect();
    let (properties, parts) = theming.split_once("| part |").expect("a parts table");
    assert_eq!(first_column(properties), declared, "style/widget.css");

    let mut used = Names::new();
    let components = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/components");
    let mut sources: Vec<String> = std::fs::read_dir(&components)
        .expect("src/components")
        .map(|entry| std::fs::read_to_string(entry.expect("an entry").path()).expect("a file"))
        .collect();
    sources.push(read("src/embed/verifik-onboarding.js"));
    sources.push(read("src/embed/element.js"));
    for source in &sources {
        for quoted in source
            .split("part=\"")
            .skip(1)
            .chain(source.split("'part', '").skip(1))
        {
            let value = quoted.split(['"', '\'']).next().unwrap_or_default();
            used.extend(value.split_whitespace().map(str::to_owned));
        }
    }
    assert!(
        used.contains("root") && used.contains("code-input"),
        "{used:?}"
    );
    assert_eq!(
        first_column(&format!("| part |{parts}")),
        used,
        "the part= names of src/components/ and src/embed/"
    );
}

/// The code block after `<!-- snippet: name … -->`.
fn snippet(readme: &str, name: &str) -> String {
    let marker = format!("<!-- snippet: {name} ");
    let at = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("README.md has no snippet {name}"));
    let fence = &readme[at..];
    let body = &fence[fence.find("```").expect("a code block")..];
    let body = &body[body.find('\n').expect("its first line") + 1..];
    body[..body.find("```").expect("its end")].to_owned()
}

#[test]
fn the_leptos_snippet_is_the_example_the_test_command_compiles() {
    let example = read("examples/leptos_app.rs");
    let region = example
        .split("// snippet:start leptos\n")
        .nth(1)
        .and_then(|rest| rest.split("    // snippet:end leptos").next())
        .expect("the marked lines of examples/leptos_app.rs");
    let dedented: String = region
        .lines()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(snippet(&readme(), "leptos"), dedented);
}

#[test]
fn the_vite_line_is_the_one_the_dev_server_test_uses() {
    let readme = readme();
    let config = read("tests/spa-vite/vite.config.ts");
    let snippet = snippet(&readme, "vite-config");
    let line = snippet
        .lines()
        .find(|line| line.contains("optimizeDeps"))
        .expect("the optimizeDeps line");
    let option = &line[line.find("optimizeDeps").expect("found")..];
    let option = option
        .trim_end_matches([')', ';', ' '])
        .trim_end_matches('}')
        .trim_end();
    assert!(
        config.contains(option),
        "tests/spa-vite/vite.config.ts does not have README.md's {option:?}"
    );
}

#[test]
fn every_code_example_is_a_snippet_that_a_test_runs_or_compiles() {
    let readme = readme();
    let e2e = read("tests/e2e/snippets.spec.ts");
    let here = ["leptos", "vite-config"];
    let mut previous = "";
    let mut inside = false;
    for line in readme.lines() {
        if let Some(language) = line.strip_prefix("```") {
            if !inside && language != "sh" {
                let cdn = previous.starts_with("<!-- cdn-snippet:start");
                let name = previous
                    .strip_prefix("<!-- snippet: ")
                    .and_then(|rest| rest.split(' ').next());
                match name {
                    Some(name) => assert!(
                        here.contains(&name) || e2e.contains(&format!("snippet('{name}')")),
                        "no test takes README.md's snippet {name}"
                    ),
                    None => assert!(
                        cdn,
                        "a ```{language} block with no snippet marker before it"
                    ),
                }
            }
            inside = !inside;
        }
        if !line.trim().is_empty() {
            previous = line;
        }
    }
}
