//! pymdownx.blocks made into the MkDocs syntax the rest of the build converts: a `/// note`
//! block becomes a `!!! note` admonition, a `/// details` block a `???` one (their bodies
//! indented under the header), and the wrappers Wiki.js has no use for (`/// html`,
//! `/// caption`, `/// define`) leave their body in place, and a `/// tab | Title` block becomes
//! a content tab (`=== "Title"`, its body indented). The next conversion round reads the
//! admonitions and makes them callouts, and the content tabs a tabset.
//!
//! Only the blocks the project's `markdown_extensions` enable are converted (the others are
//! text on the MkDocs site too), with the types `mkdocs.yml` adds to them (`types:` of
//! pymdownx.blocks.admonition and pymdownx.blocks.details); blocks of other names stay as
//! written, and the built page's check reports them (GL301).

use crate::config::Config;
use crate::document::Document;
use crate::document::pymdown_blocks::{Block, blocks};
use crate::finding::Edit;
use crate::mkdocs::Syntax;

/// Whether build makes a block of this name (lowercased) a callout, when its extension is on:
/// the names pymdownx defines (a project's own types are in
/// [`Config::callout_block_names`]).
pub fn makes_callout(name: &str) -> bool {
    matches!(
        Syntax::of_block(name),
        Some(Syntax::BlockAdmonition | Syntax::BlockDetails)
    )
}

/// What a block becomes.
enum Form {
    /// An admonition: its header line (without indentation).
    Admonition(String),
    /// Its body, without the block's lines.
    Unwrapped,
}

fn form(b: &Block, config: &Config) -> Option<Form> {
    let on = |syntax| config.enables(syntax);
    let title = || {
        b.title
            .as_deref()
            .filter(|t| !t.is_empty())
            .map_or_else(String::new, |t| format!(" \"{t}\""))
    };
    let syntax = config.block_syntax(b.name.as_str()).filter(|&s| on(s))?;
    Some(match syntax {
        Syntax::BlockAdmonition => Form::Admonition(format!(
            "!!! {}{}",
            config.block_admonition_type(b)?,
            title()
        )),
        Syntax::BlockDetails => {
            let open = b
                .option("open")
                .is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on"));
            let marker = if open { "???+" } else { "???" };
            Form::Admonition(format!(
                "{marker} {}{}",
                config.block_admonition_type(b)?,
                title()
            ))
        }
        Syntax::BlockTab => {
            // A tab needs a title, which its `===` marker quotes.
            let title = b
                .title
                .as_deref()
                .filter(|t| !t.is_empty() && !t.contains('"'))?;
            let yes = |key| {
                b.option(key).is_some_and(|v| {
                    matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on")
                })
            };
            // `new: true` starts a tab group of its own (`===!`), `select: true` opens the tab
            // (`===+`).
            let marker = match (yes("new"), yes("select")) {
                (true, true) => "===+!",
                (true, false) => "===!",
                (false, true) => "===+",
                (false, false) => "===",
            };
            Form::Admonition(format!("{marker} \"{title}\""))
        }
        _ => Form::Unwrapped,
    })
}

/// What becomes of a line of the page.
enum Fate<'a> {
    /// An admonition's header, in place of the block's.
    Header(&'a str, usize),
    /// Goes: an option line.
    Option,
    /// Goes, or becomes a blank line where it keeps the lines around it apart: a closing fence,
    /// an unwrapped block's header.
    Fence,
    /// Stays, indented for the admonitions made here around it (their number).
    Body(usize),
}

/// The edits that turn the page's convertible blocks into admonitions or their bodies: each
/// block's header becomes an admonition header, its options go, its closing fence (and an
/// unwrapped block's header) goes or becomes a blank line, and each line in the body of an
/// admonition made here is indented four spaces more (nested ones add up).
pub fn edits(doc: &Document, config: &Config) -> Vec<Edit> {
    let found: Vec<(Block, Form)> = blocks(doc)
        .into_iter()
        .filter_map(|b| form(&b, config).map(|f| (b, f)))
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let text = &doc.text;
    let first = found.iter().map(|(b, _)| b.header_line).min().unwrap_or(1);
    let last = found.iter().map(|(b, _)| b.closing_line).max().unwrap_or(1);
    // Per line from `first`: the admonitions made here whose body holds it (added up from
    // where each body starts and ends), and the block line it is, if any. Set block by block,
    // so a page of many blocks is not compared line by line with each of them.
    let n = last - first + 1;
    let mut starts_ends = vec![0isize; n + 1];
    let mut fates: Vec<Fate<'_>> = (0..n).map(|_| Fate::Body(0)).collect();
    for (b, f) in &found {
        if let Form::Admonition(head) = f {
            starts_ends[b.options_end_line + 1 - first] += 1;
            starts_ends[b.closing_line - first] -= 1;
            fates[b.header_line - first] = Fate::Header(head, b.indent);
        } else {
            fates[b.header_line - first] = Fate::Fence;
        }
        for line in b.header_line + 1..=b.options_end_line {
            fates[line - first] = Fate::Option;
        }
        fates[b.closing_line - first] = Fate::Fence;
    }
    let mut depths = Vec::with_capacity(n);
    let mut open = 0isize;
    for d in &starts_ends[..n] {
        open += d;
        depths.push(usize::try_from(open).unwrap_or(0));
    }
    for (fate, &d) in fates.iter_mut().zip(&depths) {
        if let Fate::Body(depth) = fate {
            *depth = d;
        }
    }
    let depth = |line: usize| depths[line - first];
    let blank = |line: usize| {
        doc.lines
            .line_range(text, line)
            .is_none_or(|r| text[r].trim().is_empty())
    };
    let mut edits = Vec::new();
    // Whether the last line the page keeps is blank (the page's start counts as one).
    let mut after_blank = first == 1 || blank(first - 1);
    for (i, fate) in fates.iter().enumerate() {
        let line = first + i;
        let Some(range) = doc.lines.line_range(text, line) else {
            break;
        };
        let whole = range.start..doc.lines.line_start(line + 1).unwrap_or(range.end);
        match fate {
            Fate::Header(head, indent) => {
                let pre = "    ".repeat(depth(line));
                let indent = " ".repeat(*indent);
                edits.push(Edit::replace(range, format!("{pre}{indent}{head}")));
                after_blank = false;
            }
            Fate::Option => edits.push(Edit::delete(whole)),
            Fate::Fence => {
                // The next line that stays, blank past the page's end.
                let next = (line + 1..)
                    .find(|&n| !matches!(fates.get(n - first), Some(Fate::Option | Fate::Fence)))
                    .unwrap_or(line + 1);
                if after_blank || blank(next) {
                    edits.push(Edit::delete(whole));
                } else {
                    edits.push(Edit::replace(range, String::new()));
                    after_blank = true;
                }
            }
            Fate::Body(depth) => {
                let empty = text[range.clone()].trim().is_empty();
                if *depth > 0 && !empty {
                    edits.push(Edit::insert(range.start, "    ".repeat(*depth)));
                }
                after_blank = empty;
            }
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Dialect;
    use std::path::PathBuf;

    fn convert(text: &str) -> String {
        let doc = Document::parse(PathBuf::new(), text.into(), Some(Dialect::Mkdocs));
        let config = Config::parse("", std::path::Path::new("guide-lint.yml")).expect("config");
        crate::fix::apply_round(text, [edits(&doc, &config).as_slice()]).text
    }

    #[test]
    fn blocks_become_admonitions_and_wrappers_their_bodies() {
        let text =
            "# T\n\n/// warning | Back up first\nExport your data.\n\n- a list\n///\n\nAfter.\n";
        assert_eq!(
            convert(text),
            "# T\n\n!!! warning \"Back up first\"\n    Export your data.\n\n    - a list\n\nAfter.\n"
        );
        let text = "//// details | Summary\n    type: tip\n    open: True\n\n/// note\nInner.\n///\n////\n\n/// html | div.result\nKept.\n///\n";
        assert_eq!(
            convert(text),
            "???+ tip \"Summary\"\n\n    !!! note\n        Inner.\n\nKept.\n"
        );
        // A closing fence with text right after it becomes a blank line, which ends the body.
        assert_eq!(
            convert("/// note\nx\n///\nAfter.\n"),
            "!!! note\n    x\n\nAfter.\n"
        );
        // A tab becomes a content tab (its options as the marker's `+` and `!`).
        assert_eq!(
            convert("/// tab | One\n    new: true\n    select: yes\nx\n///\n"),
            "===+! \"One\"\n    x\n"
        );
        // A tab without a title, and unknown blocks, stay as written; so does the syntax in
        // code.
        for text in [
            "/// tab\nx\n///\n",
            "/// custom\nx\n///\n",
            "```\n/// note\nx\n///\n```\n",
        ] {
            assert_eq!(convert(text), text);
        }
    }
}
