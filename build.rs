//! Minifies the widget's stylesheet for the wasm: comments and layout whitespace cost every
//! host page bytes and say nothing to a browser. (Not a general CSS minifier: it keeps every
//! token of style/widget.css, which has no strings with runs of spaces or braces in them.)

use std::path::Path;

const SOURCE: &str = "style/widget.css";

/// `css` without comments, and with whitespace only where a token needs it.
fn minify(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        // No space is needed next to these; after a colon neither (a space before one may be
        // a descendant combinator, so it stays).
        let joins = |c: char| "{};,>".contains(c);
        let glued =
            out.is_empty() || out.ends_with(joins) || out.ends_with(':') || word.starts_with(joins);
        if !glued {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.replace(";}", "}")
}

fn main() {
    println!("cargo::rerun-if-changed={SOURCE}");
    let css = std::fs::read_to_string(SOURCE).expect("style/widget.css is readable");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("widget.min.css"), minify(&css))
        .expect("OUT_DIR is writable");
}
