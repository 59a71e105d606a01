//! GL311 invalid-image-size: an image size Wiki.js's imsize cannot read. `=300` (no `x`),
//! `= 300x200`, `=300X200`, `=300px` make the whole image render as literal text; a size
//! written without the space before `=` becomes part of the image URL.

use std::sync::LazyLock;

use regex::Regex;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::LinkKind;
use crate::finding::{Applicability, Edit, Severity};
use crate::document::Dialect;

pub const RULE: RuleDef = RuleDef {
    id: Rule::InvalidImageSize,
    severity: Severity::Error,
    dialects: Dialects::Only(Dialect::Wikijs),
    check: Check::File(check),
};

/// What the author most likely meant: `=W[px|%]` / `= W x H` / `=WXH` -> `=WxH`. Digits are
/// ASCII ones, the only ones imsize reads (JavaScript's `\d`): a fix never writes a size that
/// is still not valid (`=٣٠٠` has none).
static LOOSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^=\s*([0-9]+%?)?(?:px)?\s*(?:[xX×]\s*([0-9]+%?)?(?:px)?)?$")
        .expect("valid regex")
});

/// `...png=300x200` at the end of a URL (ASCII digits, as imsize reads a size).
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"=([0-9]+%?)?x([0-9]+%?)?$").expect("valid regex"));

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    for img in ctx.sized_images() {
        if img.is_valid() {
            continue;
        }
        let written = &doc.text[img.size_range.clone()];
        let space_missing = doc
            .text
            .as_bytes()
            .get(img.size_range.start.wrapping_sub(1))
            != Some(&b' ');
        let mut f = sink
            .finding(
                Rule::InvalidImageSize,
                img.size_range.clone(),
                format!("image size `{written}` is not valid"),
            )
            .with_label("Wiki.js shows the whole image as text")
            .with_help(
                "write the size as `=WIDTHxHEIGHT` after a space, with the `x` and without units: \
                 `=300x200`, `=300x` (width only), `=x200` (height only), `=50%x`",
            );
        if let Some(fixed) = normalize(written)
            && !space_missing
        {
            f = f.with_fix(
                Applicability::Safe,
                format!("write `{fixed}`"),
                vec![Edit::replace(img.size_range.clone(), fixed)],
            );
        }
        sink.push(f);
    }
    for l in doc.links.iter().filter(|l| l.kind == LinkKind::Image) {
        let Some(m) = GLUED.find(&l.url) else {
            continue;
        };
        if m.start() == 0 {
            continue;
        }
        let Some(r) = &l.url_range else { continue };
        if r.len() != l.url.len() {
            continue;
        }
        let at = r.start + m.start();
        let f = sink
            .finding(
                Rule::InvalidImageSize,
                at..r.end,
                format!("image size `{}` is part of the image URL", m.as_str()),
            )
            .with_label("Wiki.js requests a file with this name, and the image breaks")
            .with_help("put a space before `=`")
            .with_fix(
                Applicability::Safe,
                "insert a space before the size",
                vec![Edit::insert(at, " ")],
            );
        sink.push(f);
    }
}

/// The valid spelling of a size the author wrote loosely, when it is unambiguous.
fn normalize(written: &str) -> Option<String> {
    let c = LOOSE.captures(written)?;
    let w = c.get(1).map_or("", |m| m.as_str());
    let h = c.get(2).map_or("", |m| m.as_str());
    if w.is_empty() && h.is_empty() {
        return None;
    }
    Some(format!("={w}x{h}"))
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn loose_sizes() {
        assert_eq!(normalize("=300").as_deref(), Some("=300x"));
        assert_eq!(normalize("=300px").as_deref(), Some("=300x"));
        assert_eq!(normalize("= 300x200").as_deref(), Some("=300x200"));
        assert_eq!(normalize("=300X200").as_deref(), Some("=300x200"));
        assert_eq!(normalize("=300 x 200").as_deref(), Some("=300x200"));
        assert_eq!(normalize("=50%").as_deref(), Some("=50%x"));
        assert_eq!(normalize("=big"), None);
        assert_eq!(normalize("="), None);
        // Digits of other scripts are no size to imsize: no fix would make them one.
        assert_eq!(normalize("=٣٠٠"), None);
        assert_eq!(normalize("=３００x２００"), None);
    }

    proptest::proptest! {
        /// A fix writes a size imsize reads whole, so the image renders as an image.
        #[test]
        fn a_fixed_size_is_one_imsize_reads(
            written in "=[ 0-9٣０%pxX×]{0,8}"
        ) {
            if let Some(fixed) = normalize(&written) {
                let body = &fixed[1..];
                let parsed = crate::wikijs::imsize::parse_size(body);
                proptest::prop_assert_eq!(parsed.map(|(_, _, n)| n), Some(body.len()), "{}", fixed);
            }
        }
    }
}
