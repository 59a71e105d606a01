//! GL104 misnamed-default-attribute: `<span identity default-value=...>` where the script reads
//! `default`.

use super::component::ComponentKind;
use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::MisnamedDefaultAttribute,
    severity: Severity::Error,
    dialects: Dialects::All,
    check: Check::File(check),
};

/// Names people write for `default` (compared without `-`, `_` and case, after `data-`).
const VARIANTS: &[&str] = &[
    "defaultvalue",
    "defaultval",
    "defaulttext",
    "defaults",
    "defualt",
    "dafault",
    "deafult",
    "defaul",
    "fallback",
];

fn normalize(name: &str) -> String {
    name.strip_prefix("data-")
        .unwrap_or(name)
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `name` is a misspelling of `default` that GL104 owns: a known variant
/// (`default-value`, `fallback`) or a typo within two edits (`defualt`, `defalt`, `Default_`).
pub(crate) fn is_default_variant(name: &str) -> bool {
    let stripped = name.strip_prefix("data-").unwrap_or(name);
    if !stripped.is_ascii() {
        return is_default_spelling(&normalize(name));
    }
    // Most names are ASCII, normalised here without an allocation: lowercasing keeps their
    // length, and a name longer than [`LONGEST`] is neither a variant nor within two edits.
    let mut buf = [0u8; LONGEST];
    let mut len = 0;
    for b in stripped.bytes().filter(|b| !matches!(b, b'-' | b'_')) {
        let Some(slot) = buf.get_mut(len) else {
            return false;
        };
        *slot = b.to_ascii_lowercase();
        len += 1;
    }
    // Shorter than five letters (`id`, `tag`, `path`), a name is more than two edits from
    // `default` and shorter than every variant; `default` itself is no misspelling.
    if len < 5 || &buf[..len] == b"default" {
        return false;
    }
    std::str::from_utf8(&buf[..len]).is_ok_and(is_default_spelling)
}

/// The longest normalised name [`is_default_spelling`] can accept: `defaultvalue`.
const LONGEST: usize = 12;

/// [`is_default_variant`] on a normalised name.
fn is_default_spelling(n: &str) -> bool {
    n != "default" && (VARIANTS.contains(&n) || within_two_edits_of_default(n))
}

/// `damerau_levenshtein(n, "default") <= 2`, with the distance computed only for names that
/// can be that close: the distance is at least the difference in length, and at least the
/// number of characters that are not in `default` (each needs a deletion or a substitution).
/// Most attribute names (`identity`, `class`) fail these counts.
fn within_two_edits_of_default(n: &str) -> bool {
    let in_default = |c: char| matches!(c, 'd' | 'e' | 'f' | 'a' | 'u' | 'l' | 't');
    n.chars().count().abs_diff("default".len()) <= 2
        && n.chars().filter(|&c| !in_default(c)).count() <= 2
        && strsim::damerau_levenshtein(n, "default") <= 2
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    let components = ctx.components();
    for c in components.iter().filter(|c| c.kind == ComponentKind::Span) {
        let has_default = c.attr("default").is_some();
        // Only the first misspelling is renamed to `default`; a second `default` is ignored.
        let mut renamed = false;
        for a in c.tag.attrs.iter().filter(|a| is_default_variant(&a.name)) {
            // As written (`defaultValue`), not as the tokenizer lowercased it.
            let name = ctx.doc.text.get(a.name_range.clone()).unwrap_or(&a.name);
            let data = a.name.starts_with("data-");
            let want = if data { "data-default" } else { "default" };
            let f = sink.finding(
                Rule::MisnamedDefaultAttribute,
                a.name_range.clone(),
                format!("`{name}` is not read by the page script"),
            );
            let f = if has_default {
                f.with_label("ignored: the span's `default` is used")
                    .with_help(format!("this span already has `default`; remove `{name}`"))
            } else if renamed {
                f.with_label(format!("the placeholder `{}` never shows", a.value))
                    .with_help(format!(
                        "another attribute of this span becomes `{want}`; remove `{name}`"
                    ))
            } else {
                renamed = true;
                f.with_label(format!("the placeholder `{}` never shows", a.value))
                    .with_help(format!("rename it to `{want}`"))
                    .with_fix(
                        Applicability::Safe,
                        format!("rename `{name}` to `{want}`"),
                        vec![Edit::replace(a.name_range.clone(), want)],
                    )
            };
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{LONGEST, VARIANTS, is_default_spelling, is_default_variant, normalize};
    use proptest::prelude::*;

    proptest! {
        /// The ASCII path judges a name as normalising it in full does.
        #[test]
        fn ascii_names_judged_as_normalised(
            name in "(data-)?[dDeEfFaAuUlLtTvV_-]{0,16}|[a-zA-Z_-]{0,20}",
        ) {
            prop_assert_eq!(is_default_variant(&name), is_default_spelling(&normalize(&name)));
        }
    }

    #[test]
    fn longest_spelling_is_the_longest_variant() {
        assert_eq!(VARIANTS.iter().map(|v| v.len()).max(), Some(LONGEST));
        assert!(is_default_variant("data-default_value"));
        assert!(!is_default_variant("default-value-x"));
        assert!(is_default_variant("DÉFAULT"));
    }

    #[test]
    fn variants_of_default() {
        for n in [
            "default-value",
            "data-default-value",
            "defaultValue",
            "default_value",
            "defualt",
            "defalt",
            "dafault",
            "defaults",
            "fallback",
        ] {
            assert!(is_default_variant(n), "{n}");
        }
        for n in [
            "default",
            "data-default",
            "title",
            "prefix",
            "deflate-x",
            "data",
            "identity",
            "dfault-extra",
        ] {
            assert!(!is_default_variant(n), "{n}");
        }
        // The counts only skip names the distance rejects.
        for n in [
            "default", "defaul", "defaultxy", "xdefaultx", "xxdefault", "identity", "class",
            "id", "dfl", "deflt", "tluafed", "defaultvaluex", "éefault", "ddefaultt",
        ] {
            assert_eq!(
                super::within_two_edits_of_default(n),
                strsim::damerau_levenshtein(n, "default") <= 2,
                "{n}"
            );
        }
    }
}
