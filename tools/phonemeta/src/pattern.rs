//! What the generator needs to know about a libphonenumber pattern before it ships one.
//!
//! Every pattern reaches the browser's `RegExp` at run time and the `regex` crate in the native
//! tests, so it must mean the same thing to both. Rather than trusting that, each pattern is
//! parsed here and refused unless it uses only the small syntax both engines read alike (digits,
//! `\d`, digit classes, groups, alternation, bounded or unbounded greedy repetition and, where
//! libphonenumber uses it, a trailing `$`). The same walk computes which lengths a pattern can
//! match, which decides whether a number type's possible lengths must be kept next to its pattern.

use regex_syntax::ast::{
    self, Ast, ClassPerlKind, ClassSet, ClassSetItem, GroupKind, LiteralKind, RepetitionKind,
    RepetitionRange,
};

/// Set of match lengths; bit `n` stands for length `n`. Lengths at or over [`LENGTH_CAP`] fold
/// into the top bit, which is far past any phone number (libphonenumber's limit is 17).
pub type Lengths = u64;

/// Lengths at or over this are not told apart (see [`Lengths`]).
pub const LENGTH_CAP: u32 = 63;

/// Which anchors a pattern may contain.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Anchors {
    /// None: number-type, general, leading-digit and international-prefix patterns.
    None,
    /// `$`, which national-prefix-for-parsing patterns use to mean "the whole rest of the number".
    EndAllowed,
}

/// Removes the layout whitespace of the XML, as libphonenumber's own metadata builder does.
pub fn strip_whitespace(pattern: &str) -> String {
    pattern.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Checks that `pattern` only uses syntax JavaScript's `RegExp` and the `regex` crate read
/// alike, and returns the set of lengths it can match.
pub fn analyse(pattern: &str, anchors: Anchors) -> Result<Lengths, String> {
    let ast = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("pattern {pattern:?} does not parse: {e}"))?;
    walk(&ast, pattern, anchors)
}

fn unsupported(what: &str, pattern: &str) -> String {
    format!("pattern {pattern:?} uses {what}, which the generator does not know to be read alike by JavaScript RegExp and the regex crate")
}

fn walk(node: &Ast, pattern: &str, anchors: Anchors) -> Result<Lengths, String> {
    match node {
        Ast::Empty(_) => Ok(1),
        Ast::Literal(lit) => {
            if lit.kind == LiteralKind::Verbatim && lit.c.is_ascii_digit() {
                Ok(1 << 1)
            } else {
                Err(unsupported(&format!("the literal {:?}", lit.c), pattern))
            }
        }
        Ast::ClassPerl(class) if class.kind == ClassPerlKind::Digit && !class.negated => Ok(1 << 1),
        Ast::ClassBracketed(class) if !class.negated => {
            check_class(&class.kind, pattern)?;
            Ok(1 << 1)
        }
        Ast::Assertion(assertion)
            if anchors == Anchors::EndAllowed && assertion.kind == ast::AssertionKind::EndLine =>
        {
            Ok(1)
        }
        Ast::Repetition(rep) => {
            if !rep.greedy {
                return Err(unsupported("a lazy repetition", pattern));
            }
            let op = &pattern[rep.op.span.start.offset..rep.op.span.end.offset];
            // `{,n}` is a repetition to the regex crate but literal text to JavaScript.
            if op.starts_with("{,") {
                return Err(unsupported("`{,n}`", pattern));
            }
            let (min, max) = match &rep.op.kind {
                RepetitionKind::ZeroOrOne => (0, Some(1)),
                RepetitionKind::ZeroOrMore => (0, None),
                RepetitionKind::OneOrMore => (1, None),
                RepetitionKind::Range(RepetitionRange::Exactly(n)) => (*n, Some(*n)),
                RepetitionKind::Range(RepetitionRange::AtLeast(n)) => (*n, None),
                RepetitionKind::Range(RepetitionRange::Bounded(m, n)) => (*m, Some(*n)),
            };
            let inner = walk(&rep.ast, pattern, anchors)?;
            Ok(repeat(inner, min, max))
        }
        Ast::Group(group) => match &group.kind {
            GroupKind::CaptureIndex(_) => walk(&group.ast, pattern, anchors),
            GroupKind::NonCapturing(flags) if flags.items.is_empty() => {
                walk(&group.ast, pattern, anchors)
            }
            _ => Err(unsupported("a named group or inline flags", pattern)),
        },
        Ast::Alternation(alt) => alt
            .asts
            .iter()
            .try_fold(0, |acc, branch| Ok(acc | walk(branch, pattern, anchors)?)),
        Ast::Concat(concat) => concat
            .asts
            .iter()
            .try_fold(1, |acc, part| Ok(sum(acc, walk(part, pattern, anchors)?))),
        _ => Err(unsupported(&format!("{node:?}"), pattern)),
    }
}

/// Digit literals, digit ranges and `\d` only: nested brackets and set operations are read
/// differently by JavaScript.
fn check_class(set: &ClassSet, pattern: &str) -> Result<(), String> {
    let item = match set {
        ClassSet::Item(item) => item,
        ClassSet::BinaryOp(_) => return Err(unsupported("a class set operation", pattern)),
    };
    check_class_item(item, pattern)
}

fn check_class_item(item: &ClassSetItem, pattern: &str) -> Result<(), String> {
    let digit = |lit: &ast::Literal| lit.kind == LiteralKind::Verbatim && lit.c.is_ascii_digit();
    match item {
        ClassSetItem::Literal(lit) if digit(lit) => Ok(()),
        ClassSetItem::Range(range) if digit(&range.start) && digit(&range.end) => Ok(()),
        ClassSetItem::Perl(class) if class.kind == ClassPerlKind::Digit && !class.negated => Ok(()),
        ClassSetItem::Union(union) => union
            .items
            .iter()
            .try_for_each(|item| check_class_item(item, pattern)),
        other => Err(unsupported(&format!("the class item {other:?}"), pattern)),
    }
}

/// Lengths of `a` followed by `b`.
fn sum(a: Lengths, b: Lengths) -> Lengths {
    let mut out = 0;
    for i in 0..=LENGTH_CAP {
        if a & (1 << i) != 0 {
            out |= shift(b, i);
        }
    }
    out
}

/// `set` with every length increased by `by`, saturating at [`LENGTH_CAP`].
fn shift(set: Lengths, by: u32) -> Lengths {
    let mut out = 0;
    for i in 0..=LENGTH_CAP {
        if set & (1 << i) != 0 {
            out |= 1 << (i + by).min(LENGTH_CAP);
        }
    }
    out
}

/// Lengths of `min..=max` (or `min..`) copies of something with lengths `set`.
fn repeat(set: Lengths, min: u32, max: Option<u32>) -> Lengths {
    let mut power: Lengths = 1;
    let mut out = 0;
    // Past the cap every further copy changes nothing, so unbounded repetition can stop there.
    let last = max.unwrap_or(LENGTH_CAP + 1).min(LENGTH_CAP + 1);
    for k in 0..=last {
        if k >= min {
            out |= power;
        }
        power = sum(power, set);
    }
    if max.is_none() && set & !1 != 0 {
        // Unbounded growth reaches every length from the shortest non-empty copy onwards.
        out |= power;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lengths(p: &str) -> Vec<u32> {
        let set = analyse(p, Anchors::EndAllowed).unwrap();
        (0..=LENGTH_CAP).filter(|i| set & (1 << i) != 0).collect()
    }

    #[test]
    fn lengths_of_typical_patterns() {
        assert_eq!(lengths(r"\d{7}(?:\d{3})?"), vec![7, 10]);
        assert_eq!(lengths(r"[2-9]\d{2}|1"), vec![1, 3]);
        assert_eq!(lengths(r"0(?:1\d)?"), vec![1, 3]);
        assert_eq!(lengths(r"([457]\d{6})$|1"), vec![1, 7]);
        assert_eq!(lengths(r"\d{2,4}"), vec![2, 3, 4]);
    }

    #[test]
    fn refuses_syntax_javascript_reads_differently() {
        assert!(analyse(r"\d{,3}", Anchors::None).is_err());
        assert!(analyse(r"[[0-9]]", Anchors::None).is_err());
        assert!(analyse(r"(?i)1", Anchors::None).is_err());
        assert!(analyse(r"(?P<x>1)", Anchors::None).is_err());
        assert!(analyse(r"1$", Anchors::None).is_err());
        assert!(analyse(r"\w", Anchors::None).is_err());
    }
}
