//! The layer map, in one place: each module of `src/` belongs to a layer and may import only
//! from its own layer and those below (`docs/architecture.md#layers`). The test reads every
//! `crate::` path in the library's code (tests and comments left out) and fails on any import
//! from a higher layer: there are no exceptions.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Layers from the bottom up, and the top-level modules (`src/<name>.rs` or `src/<name>/`) in
/// each. `lib` is `src/lib.rs` itself, which drives `check` and `fix`.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "base",
        &["util", "rule", "finding", "error", "fsutil", "logsafe"],
    ),
    ("Wiki.js knowledge", &["wikijs"]),
    ("document", &["document"]),
    ("project", &["config", "discover", "mkdocs", "loader"]),
    (
        "analysis",
        &["rules", "suppress", "workspace", "translation"],
    ),
    ("actions", &["lib", "cache", "fix", "build", "sync"]),
    ("rendering", &["render"]),
    ("editor", &["lsp"]),
];

/// Items `src/lib.rs` defines or re-exports, and the module each comes from.
const ROOT_ITEMS: &[(&str, &str)] = &[
    ("FileError", "error"),
    ("Loader", "loader"),
    ("CheckOptions", "lib"),
    ("CheckReport", "lib"),
    ("FixOptions", "lib"),
    ("FixReport", "lib"),
    ("check", "lib"),
    ("check_page", "lib"),
    ("check_pages", "lib"),
    ("Overlay", "loader"),
    ("fix_text", "lib"),
    ("proposals", "lib"),
    ("Config", "config"),
    ("Document", "document"),
    ("Dialect", "document"),
    ("Error", "error"),
    ("Finding", "finding"),
    ("Severity", "finding"),
    ("RuleLayer", "rule"),
    ("RuleSettings", "rules"),
    ("Selector", "rule"),
    ("Rule", "rule"),
    ("RuleMeta", "rules"),
    ("RuleSet", "rules"),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

/// The top-level module a file of `src/` belongs to.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

/// The code of a file without its line comments and without a trailing `#[cfg(test)] mod`.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(s: &str) -> &str {
    let s = s.trim_start();
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first segment of every `crate::` path in `code`, including each item of a
/// `crate::{a::b, c}` group.
fn crate_imports(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = code[from..].find("crate::") {
        let start = from + pos + "crate::".len();
        from = start;
        let rest = &code[start..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.push(ident(&group[item_start..i]).to_string());
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(ident(&group[item_start..i]).to_string());
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest).to_string());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = root.join("src");
    let mut problems = Vec::new();
    let mut found: BTreeSet<(String, String)> = BTreeSet::new();
    for file in rust_files(&src) {
        let rel = file.strip_prefix(&src).expect("under src");
        let shown = format!("src/{}", rel.to_string_lossy().replace('\\', "/"));
        let module = module_of(rel);
        // The binary is the top layer; a `tests.rs` file is test code.
        if module == "main" || rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            problems.push(format!(
                "{shown}: module `{module}` has no layer: add it to LAYERS in tests/layers.rs"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read source");
        for name in crate_imports(&code_of(&text)) {
            let target = if layer_of(&name).is_some() {
                name.clone()
            } else if let Some((_, m)) = ROOT_ITEMS.iter().find(|(item, _)| *item == name) {
                m.to_string()
            } else {
                problems.push(format!(
                    "{shown}: imports `crate::{name}`, which has no layer: add it to ROOT_ITEMS \
                     or LAYERS in tests/layers.rs"
                ));
                continue;
            };
            let theirs = layer_of(&target).expect("mapped");
            if theirs > own {
                found.insert((shown.clone(), target));
            }
        }
    }
    for (file, target) in &found {
        problems.push(format!(
            "{file} ({}) imports from `{target}` ({}), a higher layer",
            LAYERS[layer_of(&module_of(Path::new(&file["src/".len()..]))).unwrap_or(0)].0,
            LAYERS[layer_of(target).unwrap_or(0)].0,
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn imports_are_read_from_paths_and_groups() {
    let code = code_of(
        "use crate::config::Config;\nuse crate::{document::{Dialect, Document}, finding::Finding};\n\
         // use crate::sync::x;\nlet x = crate::wikijs::slug::f(crate::util::closest(a, b));\n\
         #[cfg(test)]\nmod tests { use crate::render::x; }\n",
    );
    assert_eq!(
        crate_imports(&code),
        vec!["config", "document", "finding", "wikijs", "util"]
    );
    assert_eq!(module_of(Path::new("rules/support/attrs.rs")), "rules");
    assert_eq!(module_of(Path::new("config.rs")), "config");
}
