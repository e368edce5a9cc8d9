//! The conformance harness: the widget against libphonenumber itself.
//!
//! The oracle is the pinned PyPI `phonenumbers` (`tools/phonemeta/requirements.txt`, the version
//! the table is generated from), through the corpus `tools/phonemeta` writes from it into
//! `target/phonemeta/oracle.tsv` (`cargo run -p phonemeta -- --setup`; the test command's set-up
//! does it). For every example number of every region and number type, the corpus holds
//! libphonenumber's verdict on it written four ways; for each near miss (a digit removed, one
//! added at either end, the first one changed: lengths and leading digits just outside the
//! rules), its verdict on the national significant number itself, on `+CC NSN`, and on the digits
//! typed with the region selected, with and without the national prefix.
//!
//! What the contract needs: every number libphonenumber calls valid is accepted, as the same
//! calling code, national significant number and region; and at least 99% of those it calls
//! invalid are refused (the widget reads `00` as an international prefix everywhere, and tries
//! the national reading when an international one fails, on purpose). Non-geographic numbers
//! (+800 ...) are refused on purpose too, and counted apart. Every disagreement is listed by
//! `phone_metadata_report`.

use super::validity::check;
use super::{validate_phone, PhoneError, PhoneNumber, RegexMatcher};
use crate::countries;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The corpus, where tools/phonemeta writes it.
const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/phonemeta/oracle.tsv");

/// What to run when it is missing or stale.
const SETUP: &str = "cargo run -p phonemeta -- --setup";

/// How the corpus's first line starts; the version follows.
const HEADER_START: &str = "# libphonenumber ";

/// libphonenumber's region of non-geographic numbers (+800, +808, +870, +878, +881, +882,
/// +883, +888, +979): no country, so the widget refuses them on purpose (see the module
/// documentation of `phone`), with `invalid_country`.
const NON_GEOGRAPHIC: &str = "001";

/// Share (in thousandths) of the numbers libphonenumber calls invalid that must be refused.
const MIN_INVALID_REJECTED_PER_MILLE: usize = 990;

thread_local! {
    static MATCHER: RegexMatcher = RegexMatcher::default();
}

fn validate(country: &str, input: &str) -> Result<PhoneNumber, PhoneError> {
    MATCHER.with(|m| validate_phone(country, input, m))
}

/// How a case is put to the widget (the corpus's first column).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Form {
    /// An example number in libphonenumber's national format, its region selected.
    ExampleNational,
    /// Its digits, its region selected.
    ExampleDigits,
    /// `+CC NSN`, no country selected.
    ExampleE164,
    /// libphonenumber's international format, no country selected.
    ExampleInternational,
    /// A near miss as a national significant number under a calling code: `isValidNumber`'s own
    /// question, put to the widget's check after parsing.
    Nsn,
    /// A near miss as `+CC NSN`, no country selected.
    International,
    /// A near miss's digits, its region selected.
    National,
    /// A near miss's digits after the region's national prefix, its region selected.
    Prefixed,
}

impl Form {
    fn parse(text: &str) -> Option<Form> {
        Some(match text {
            "example-national" => Form::ExampleNational,
            "example-digits" => Form::ExampleDigits,
            "example-e164" => Form::ExampleE164,
            "example-international" => Form::ExampleInternational,
            "nsn" => Form::Nsn,
            "international" => Form::International,
            "national" => Form::National,
            "prefixed" => Form::Prefixed,
            _ => return None,
        })
    }

    fn is_example(self) -> bool {
        self < Form::Nsn
    }
}

/// libphonenumber's verdict on a valid number.
#[derive(Debug, PartialEq, Eq)]
struct Valid {
    region: String,
    country_code: String,
    national: String,
}

struct Case {
    form: Form,
    /// The selected country (ISO code, or ""); for [`Form::Nsn`], the calling code.
    country: String,
    input: String,
    /// `None`: libphonenumber calls it invalid.
    expected: Option<Valid>,
}

fn parse_case(line: &str) -> Option<Case> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [form, country, input, region, country_code, national] = fields[..] else {
        return None;
    };
    Some(Case {
        form: Form::parse(form)?,
        country: country.to_owned(),
        input: input.to_owned(),
        expected: (!region.is_empty()).then(|| Valid {
            region: region.to_owned(),
            country_code: country_code.to_owned(),
            national: national.to_owned(),
        }),
    })
}

/// The corpus, or why there is none for this table.
fn corpus() -> &'static [Case] {
    static CORPUS_CASES: OnceLock<Result<Vec<Case>, String>> = OnceLock::new();
    let loaded = CORPUS_CASES.get_or_init(|| {
        let text = std::fs::read_to_string(CORPUS)
            .map_err(|e| format!("no oracle corpus at {CORPUS} ({e}): run `{SETUP}`"))?;
        let mut lines = text.lines();
        let version = lines
            .next()
            .and_then(|header| header.strip_prefix(HEADER_START))
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or_default();
        if version != countries::METADATA_VERSION {
            return Err(format!(
                "{CORPUS} holds libphonenumber {version:?}'s verdicts, the table is {}'s: run `{SETUP}`",
                countries::METADATA_VERSION
            ));
        }
        lines
            .map(|line| parse_case(line).ok_or_else(|| format!("{CORPUS}: cannot read {line:?}")))
            .collect()
    });
    match loaded {
        Ok(cases) => cases,
        Err(e) => panic!("{e}"),
    }
}

/// Every example number: (ISO code, calling code, national significant number).
pub(super) fn examples() -> Vec<(&'static str, u16, String)> {
    corpus()
        .iter()
        .filter(|case| case.form == Form::ExampleDigits)
        .filter_map(|case| {
            let region = countries::by_iso(&case.country)?;
            Some((region.iso(), region.calling_code(), case.input.clone()))
        })
        .collect()
}

/// Counts for one form.
#[derive(Default)]
struct Counts {
    valid: usize,
    valid_accepted: usize,
    invalid: usize,
    invalid_rejected: usize,
}

struct Figures {
    by_form: BTreeMap<Form, Counts>,
    /// Numbers libphonenumber calls valid that the widget refuses or reads as another number.
    valid_disagreements: Vec<(Form, String)>,
    /// Numbers libphonenumber calls invalid that the widget accepts.
    invalid_accepted: Vec<String>,
    /// Non-geographic numbers libphonenumber calls valid, refused on purpose.
    non_geographic: Vec<String>,
    /// Accepted numbers that the widget does not give back unchanged from their E.164 form.
    altered: Vec<String>,
}

impl Figures {
    fn total(&self, near_misses: bool) -> Counts {
        let mut sum = Counts::default();
        for (form, c) in &self.by_form {
            if form.is_example() != near_misses {
                sum.valid += c.valid;
                sum.valid_accepted += c.valid_accepted;
                sum.invalid += c.invalid;
                sum.invalid_rejected += c.invalid_rejected;
            }
        }
        sum
    }
}

fn ours(case: &Case) -> Result<PhoneNumber, PhoneError> {
    if case.form == Form::Nsn {
        let calling_code = case
            .country
            .parse()
            .map_err(|_| PhoneError::InvalidCountry)?;
        MATCHER.with(|m| check(calling_code, case.input.clone(), m))
    } else {
        validate(&case.country, &case.input)
    }
}

fn compare() -> Figures {
    let mut figures = Figures {
        by_form: BTreeMap::new(),
        valid_disagreements: Vec::new(),
        invalid_accepted: Vec::new(),
        non_geographic: Vec::new(),
        altered: Vec::new(),
    };
    for case in corpus() {
        let ours = ours(case);
        let counts = figures.by_form.entry(case.form).or_default();
        let shown = format!(
            "{:?} {:?} (country {:?})",
            case.form, case.input, case.country
        );
        match (&case.expected, &ours) {
            (Some(expected), Ok(n))
                if n.country == expected.region
                    && n.country_code == expected.country_code
                    && n.national == expected.national =>
            {
                counts.valid += 1;
                counts.valid_accepted += 1;
            }
            (Some(expected), Err(PhoneError::InvalidCountry))
                if expected.region == NON_GEOGRAPHIC =>
            {
                figures.non_geographic.push(format!(
                    "{shown}: invalid_country, libphonenumber: {} {}",
                    expected.country_code, expected.national
                ));
            }
            (Some(expected), _) => {
                counts.valid += 1;
                figures.valid_disagreements.push((
                    case.form,
                    format!("{shown}: {ours:?}, libphonenumber: {expected:?}"),
                ));
            }
            (None, Err(_)) => {
                counts.invalid += 1;
                counts.invalid_rejected += 1;
            }
            (None, Ok(n)) => {
                counts.invalid += 1;
                figures.invalid_accepted.push(format!(
                    "{shown}: accepted as {} {}, libphonenumber: invalid",
                    n.country, n.e164
                ));
            }
        }
        if let Ok(n) = &ours {
            let again = validate("", &n.e164);
            if again.as_ref() != Ok(n) {
                figures
                    .altered
                    .push(format!("{shown}: {n:?}, from its E.164 form {again:?}"));
            }
        }
    }
    figures
}

/// Computed once for the tests and the report (about 140,000 cases).
fn figures() -> &'static Figures {
    static FIGURES: OnceLock<Figures> = OnceLock::new();
    FIGURES.get_or_init(compare)
}

#[test]
fn every_example_number_is_accepted_as_libphonenumber_reads_it() {
    let f = figures();
    let examples = f.total(false);
    assert!(
        examples.valid > 4 * 1000,
        "only {} example cases",
        examples.valid
    );
    assert_eq!(
        examples.invalid, 0,
        "libphonenumber refuses its own example numbers"
    );
    let refused: Vec<&str> = f
        .valid_disagreements
        .iter()
        .filter(|(form, _)| form.is_example())
        .map(|(_, line)| line.as_str())
        .collect();
    assert!(
        refused.is_empty(),
        "{} example numbers refused or read as another number:\n{}",
        refused.len(),
        refused.join("\n")
    );
    assert_eq!(examples.valid_accepted, examples.valid);
}

#[test]
fn near_misses_agree_with_libphonenumber() {
    let f = figures();
    let near = f.total(true);
    assert!(
        near.valid > 1000 && near.invalid > 10_000,
        "too few near misses"
    );
    let refused: Vec<&str> = f
        .valid_disagreements
        .iter()
        .map(|(_, line)| line.as_str())
        .collect();
    assert!(
        refused.is_empty(),
        "{} numbers libphonenumber calls valid refused or read as another number:\n{}",
        refused.len(),
        refused.join("\n")
    );
    assert_eq!(near.valid_accepted, near.valid);
    assert!(
        near.invalid_rejected * 1000 >= near.invalid * MIN_INVALID_REJECTED_PER_MILLE,
        "only {} of {} numbers libphonenumber calls invalid refused; accepted:\n{}",
        near.invalid_rejected,
        near.invalid,
        f.invalid_accepted.join("\n")
    );
}

#[test]
fn accepted_numbers_come_back_unchanged_from_their_e164_form() {
    let f = figures();
    assert!(
        f.altered.is_empty(),
        "{} accepted numbers changed by validating their E.164 form:\n{}",
        f.altered.len(),
        f.altered.join("\n")
    );
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// Prints the figures and every disagreement (`cargo test -p verifik-onboarding --lib
/// phone_metadata_report -- --ignored --nocapture`); the assertions live in the tests above.
/// Ignored by default: it asserts nothing, so it must not count as a test, and it would redo
/// their work.
#[test]
#[ignore = "prints figures only; run with --ignored"]
fn phone_metadata_report() {
    let f = figures();
    println!(
        "oracle: libphonenumber {} (PyPI phonenumbers), {} cases from {CORPUS}",
        countries::METADATA_VERSION,
        corpus().len()
    );
    println!(
        "{:<24} {:>22} {:>24}",
        "form", "valid accepted", "invalid rejected"
    );
    let row = |name: &str, c: &Counts| {
        println!(
            "{name:<24} {:>11}/{:<6} {:>3.0}% {:>12}/{:<6} {:>6.2}%",
            c.valid_accepted,
            c.valid,
            percent(c.valid_accepted, c.valid),
            c.invalid_rejected,
            c.invalid,
            percent(c.invalid_rejected, c.invalid)
        );
    };
    for (form, counts) in &f.by_form {
        row(&format!("{form:?}"), counts);
    }
    row("all example numbers", &f.total(false));
    row("all near misses", &f.total(true));
    println!(
        "disagreements: {} valid refused or misread, {} invalid accepted, {} changed from their E.164 form",
        f.valid_disagreements.len(),
        f.invalid_accepted.len(),
        f.altered.len()
    );
    for line in f
        .valid_disagreements
        .iter()
        .map(|(_, line)| line)
        .chain(&f.invalid_accepted)
        .chain(&f.altered)
    {
        println!("  {line}");
    }
    println!(
        "non-geographic numbers refused on purpose (not counted above): {}",
        f.non_geographic.len()
    );
    for line in &f.non_geographic {
        println!("  {line}");
    }
}
