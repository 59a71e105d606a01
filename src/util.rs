//! Small helpers shared by every layer. This module imports nothing from the crate: anything
//! here may be used anywhere (see `docs/architecture.md#layers`).

/// The environment variable holding the wiki's API key when the configuration names none.
pub const DEFAULT_TOKEN_ENV: &str = "GUIDE_LINT_WIKI_TOKEN";

/// Checks `author` is `Name <email>` and splits it; the error says how to write it.
pub fn parse_author(author: &str) -> Result<(String, String), String> {
    let bad =
        || format!("invalid commit author `{author}`: write it as `Name <email@example.org>`");
    let (name, rest) = author.split_once('<').ok_or_else(bad)?;
    let email = rest.strip_suffix('>').ok_or_else(bad)?;
    let name = name.trim();
    if name.is_empty() || email.trim().is_empty() || email.contains(['<', '>']) {
        return Err(bad());
    }
    Ok((name.to_string(), email.trim().to_string()))
}

/// The closest candidate by edit distance, if close enough to be a likely typo: at most a third
/// of the longer word's characters differ (at least one), compared without case.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase());
        let limit = (c.chars().count().max(word.chars().count()) / 3).max(1);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A count and its noun: `1 error`, `2 errors`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The `s` an English noun takes after `n`: `""` for one, `"s"` otherwise.
pub fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Whether a URL has a scheme (`https:`, `mailto:`) or is protocol-relative (`//host`).
pub fn has_scheme(url: &str) -> bool {
    url.starts_with("//")
        || url.find(':').is_some_and(|i| {
            i > 0
                && url[..i]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && url.starts_with(|c: char| c.is_ascii_alphabetic())
        })
}

/// `a/b/../c` relative to `dir` (both under the guides root); `None` when it leaves the root.
pub fn resolve_relative(dir: &std::path::Path, rel: &str) -> Option<String> {
    let mut parts: Vec<String> = dir
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.join("/"))
}

/// Splits `path?query#fragment`.
pub fn split_url(url: &str) -> (&str, &str, Option<&str>) {
    let (rest, frag) = match url.find('#') {
        Some(i) => (&url[..i], Some(&url[i + 1..])),
        None => (url, None),
    };
    match rest.find('?') {
        Some(i) => (&rest[..i], &rest[i..], frag),
        None => (rest, "", frag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The innermost range found is the last one holding the offset, as a scan of every range
    /// finds it: nested, side by side, empty, sharing a start or an end.
    #[test]
    fn nested_ranges_find_what_a_scan_finds() {
        let sets: Vec<Vec<std::ops::Range<usize>>> = vec![
            vec![],
            vec![0..10, 2..5, 2..4, 3..3, 5..9, 6..9, 12..20, 12..12, 13..15],
            vec![
                0..100,
                1..2,
                3..4,
                5..6,
                7..50,
                8..9,
                10..50,
                49..50,
                60..61,
            ],
            // Not nested (starts still sorted): still the last range holding the offset.
            vec![0..5, 1..8, 2..3, 4..12, 6..7],
        ];
        for ranges in sets {
            let nested = NestedRanges::new(ranges.clone());
            for offset in 0..110 {
                let scan = ranges
                    .iter()
                    .rposition(|r| r.start <= offset && offset < r.end);
                assert_eq!(nested.innermost(offset), scan, "{offset} in {ranges:?}");
            }
        }
    }

    #[test]
    fn authors() {
        assert_eq!(
            parse_author("Wiki Bot <bot@example.org>"),
            Ok(("Wiki Bot".into(), "bot@example.org".into()))
        );
        assert_eq!(
            parse_author("Wiki Bot"),
            Err("invalid commit author `Wiki Bot`: write it as `Name <email@example.org>`".into())
        );
        for bad in ["<bot@example.org>", "Bot <>", "Bot <a<b>", "Bot <a> x"] {
            assert!(parse_author(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn closest_needs_a_likely_typo() {
        assert_eq!(closest("prefx", ["prefix", "suffix"]), Some("prefix"));
        assert_eq!(closest("PREFIX", ["prefix"]), Some("prefix"));
        assert_eq!(closest("colour", ["tag", "path"]), None);
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "error", "errors"), "1 error");
        assert_eq!(plural(0, "error", "errors"), "0 errors");
        assert_eq!((plural_s(1), plural_s(2)), ("", "s"));
    }
}

/// Ranges in order of their starts, each either inside an earlier one or after it (admonition
/// bodies, list items): finds the innermost one holding an offset in O(log n + depth), where
/// comparing every range costs O(n) per lookup (quadratic over a large page).
#[derive(Debug, Default)]
pub struct NestedRanges {
    ranges: Vec<std::ops::Range<usize>>,
    /// For each range, the nearest earlier one that ends after it.
    wider: Vec<Option<usize>>,
}

impl NestedRanges {
    /// `ranges` must be sorted by start.
    pub fn new(ranges: Vec<std::ops::Range<usize>>) -> Self {
        let mut wider = Vec::with_capacity(ranges.len());
        let mut stack: Vec<usize> = Vec::new();
        for (i, r) in ranges.iter().enumerate() {
            while stack.last().is_some_and(|&j| ranges[j].end <= r.end) {
                stack.pop();
            }
            wider.push(stack.last().copied());
            stack.push(i);
        }
        Self { ranges, wider }
    }

    /// The index of the last range (in the order given) that holds `offset`
    /// (`start <= offset < end`): for nested ranges, the innermost.
    pub fn innermost(&self, offset: usize) -> Option<usize> {
        // Only the ranges before `upto` start at or before `offset`. From the last of them,
        // each step goes to the nearest earlier range that ends later: the ranges skipped end
        // no later than one that already ends too early.
        let upto = self.ranges.partition_point(|r| r.start <= offset);
        let mut i = upto.checked_sub(1)?;
        loop {
            if offset < self.ranges[i].end {
                return Some(i);
            }
            i = self.wider[i]?;
        }
    }

    pub fn get(&self, i: usize) -> Option<&std::ops::Range<usize>> {
        self.ranges.get(i)
    }
}
