//! GL326 unclosed-keys: a pymdownx.keys shortcut opened with `++` and never closed
//! (`press ++ctrl+c to copy`): MkDocs shows the plus signs and key names as typed.

use std::sync::LazyLock;

use super::{Check, Dialects, FileContext, Rule, RuleDef, Sink};
use crate::document::Dialect;
use crate::finding::{Applicability, Edit, Severity};

pub const RULE: RuleDef = RuleDef {
    id: Rule::UnclosedKeys,
    severity: Severity::Warning,
    dialects: Dialects::Only(Dialect::Mkdocs),
    check: Check::File(check),
};

/// `++` and key names joined by `+`; whether `++` closes it is checked by hand (no look-ahead).
static OPENED: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"\+\+([A-Za-z0-9][A-Za-z0-9-]*(?:\+[A-Za-z0-9][A-Za-z0-9-]*)*)")
        .expect("valid regex")
});

/// Key names pymdownx.keys knows (and their common aliases), besides single letters, digits and
/// `f1`-`f24`. A word that is none of these (`++version`) is not taken for a shortcut.
const KEY_NAMES: &[&str] = &[
    "alt", "altgr", "arrow-down", "arrow-left", "arrow-right", "arrow-up", "backspace", "break",
    "caps-lock", "cmd", "command", "context-menu", "control", "ctrl", "del", "delete", "down",
    "end", "enter", "esc", "escape", "fn", "home", "ins", "insert", "left", "left-alt",
    "left-control", "left-ctrl", "left-shift", "left-windows", "meta", "num-lock", "opt", "option",
    "page-down", "page-up", "pause", "pgdn", "pgup", "print-screen", "prtsc", "return", "right",
    "right-alt", "right-control", "right-ctrl", "right-shift", "right-windows", "scroll-lock",
    "shift", "space", "super", "tab", "up", "win", "windows",
];

fn is_key(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    (n.len() == 1 && n.chars().all(|c| c.is_ascii_alphanumeric()))
        || n.strip_prefix('f')
            .and_then(|d| d.parse::<u8>().ok())
            .is_some_and(|d| (1..=24).contains(&d))
        || KEY_NAMES.binary_search(&n.as_str()).is_ok()
}

pub(crate) fn check(ctx: &FileContext<'_>, sink: &mut Sink<'_>) {
    // The texts are read as written, each the page's text at its range: a page without `++`
    // (nearly every page) has no text with it, found by one vectorised search.
    if !sink.wants(Rule::UnclosedKeys)
        || crate::util::find_bytes!(ctx.doc.text.as_bytes(), b"++").is_none()
    {
        return;
    }
    for t in ctx.doc.written_texts().filter(|t| t.text.contains("++")) {
        let text = t.text;
        let mut from = 0;
        while let Some(m) = OPENED.captures_at(text, from) {
            let (Some(all), Some(keys)) = (m.get(0), m.get(1)) else {
                break;
            };
            let after = &text[all.end()..];
            from = all.end();
            if let Some(rest) = after.strip_prefix("++") {
                // Closed: a shortcut, the next one starts after it.
                from = text.len() - rest.len();
                continue;
            }
            // `++ctrl+alt+t+ `: closed with one plus sign where two are needed.
            let one_plus = after.strip_prefix('+').is_some_and(|rest| {
                !rest.starts_with(|c: char| c == '+' || c.is_alphanumeric())
            });
            // `C++`, `g++ -o`, `i++`: the plus signs end a word, they do not open keys.
            let before = text[..all.start()].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '+')
                || (!one_plus && after.starts_with(|c: char| c == '+' || c.is_alphanumeric()))
                || !keys.as_str().split('+').all(is_key)
            {
                continue;
            }
            let written = if one_plus {
                format!("{}+", all.as_str())
            } else {
                all.as_str().to_string()
            };
            let range =
                t.range.start + all.start()..t.range.start + all.end() + usize::from(one_plus);
            let (message, edit) = if one_plus {
                (
                    format!("keyboard shortcut `{written}` is closed with one `+`"),
                    Edit::insert(range.end, "+".to_string()),
                )
            } else {
                (
                    format!("keyboard shortcut `{written}` is never closed"),
                    Edit::insert(range.end, "++".to_string()),
                )
            };
            let f = sink
                .finding(Rule::UnclosedKeys, range.clone(), message)
                .with_label("MkDocs shows the plus signs and key names as typed")
                .with_help(format!(
                    "close it with `++`: `{}++` (pymdownx.keys)",
                    all.as_str()
                ))
                .with_fix(
                    Applicability::Unsafe,
                    "close the shortcut with `++`",
                    vec![edit],
                );
            sink.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{KEY_NAMES, is_key};

    #[test]
    fn key_names_are_sorted_and_known() {
        assert!(KEY_NAMES.windows(2).all(|w| w[0] < w[1]));
        for k in ["ctrl", "C", "5", "f12", "Page-Up", "enter"] {
            assert!(is_key(k), "{k}");
        }
        for k in ["version", "f25", "f0", "cpp", ""] {
            assert!(!is_key(k), "{k}");
        }
    }
}
