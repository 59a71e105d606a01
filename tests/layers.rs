//! The layer map, in one place: each module of `src/` belongs to a layer and may import only
//! from its own layer and those below (`docs/architecture.md#layers`). The test reads every
//! `crate::` path in the library's code (tests and comments left out) and fails on any import
//! from a higher layer: there are no exceptions. Within a layer, the modules' import graph (a
//! node per top-level module) must have no circle.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Layers from the bottom up, and the top-level modules (`src/<name>.rs` or `src/<name>/`) in
/// each. `lib` is `src/lib.rs` itself, which drives `check` and `fix`.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "base",
        &[
            "util",
            "rule",
            "finding",
            "error",
            "fsutil",
            "logsafe",
            "allocator",
        ],
    ),
    ("Wiki.js knowledge", &["wikijs"]),
    ("document", &["document"]),
    (
        "project",
        &["config", "discover", "mkdocs", "loader", "snippets"],
    ),
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
    ("rule_list", "rule"),
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

/// How many modules deep a file of `src/` is: `config.rs` and `rules/mod.rs` 1,
/// `rules/broken_anchor.rs` 2.
fn depth_of(rel: &Path) -> usize {
    let n = rel.components().count();
    if rel.file_name().is_some_and(|f| f == "mod.rs") {
        n - 1
    } else {
        n
    }
}

/// `code` with every `super::` chain that climbs to the crate root (from a file `depth` modules
/// deep) written as `crate::`, so that [`crate_imports`] sees it.
fn rooted(code: &str, depth: usize) -> String {
    let chain = "super::".repeat(depth);
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(i) = rest.find(&chain) {
        let starts_chain = !rest[..i].ends_with("::");
        out.push_str(&rest[..i]);
        if starts_chain && !rest[i + chain.len()..].starts_with("super::") {
            out.push_str("crate::");
        } else {
            out.push_str(&chain);
        }
        rest = &rest[i + chain.len()..];
    }
    out.push_str(rest);
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

/// Every import of the library's code as (file as shown, its module, the module imported), with
/// the problems met on the way (a module or an imported name without a layer).
fn imports(src: &Path) -> (Vec<(String, String, String)>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for file in rust_files(src) {
        let rel = file.strip_prefix(src).expect("under src");
        let shown = format!("src/{}", rel.to_string_lossy().replace('\\', "/"));
        let module = module_of(rel);
        // The binary is the top layer; a `tests.rs` file is test code.
        if module == "main" || rel.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        if layer_of(&module).is_none() {
            problems.push(format!(
                "{shown}: module `{module}` has no layer: add it to LAYERS in tests/layers.rs"
            ));
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read source");
        for name in crate_imports(&rooted(&code_of(&text), depth_of(rel))) {
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
            out.push((shown.clone(), module.clone(), target));
        }
    }
    (out, problems)
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (imports, mut problems) = imports(&src);
    let mut found: BTreeSet<(String, String)> = BTreeSet::new();
    for (shown, module, target) in imports {
        if layer_of(&target) > layer_of(&module) {
            found.insert((shown, target));
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

/// The strongly connected components of a directed graph (Tarjan's algorithm, without
/// recursion), each sorted; nodes are `0..n`.
fn components(n: usize, edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        // (node, next edge to follow)
        let mut work = vec![(start, 0)];
        while let Some(&mut (v, ref mut e)) = work.last_mut() {
            if *e == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*e) {
                *e += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                comp.sort();
                out.push(comp);
            }
        }
    }
    out
}

/// A shortest path of edges inside `comp` from `from` back to `from` (breadth first).
fn circle_through(from: usize, comp: &[usize], edges: &[Vec<usize>]) -> Vec<usize> {
    let mut before: Vec<Option<usize>> = vec![None; edges.len()];
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(v) = queue.pop_front() {
        for &w in &edges[v] {
            if !comp.contains(&w) {
                continue;
            }
            if w == from {
                let mut path = vec![v];
                let mut at = v;
                while let Some(p) = before[at] {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return path;
            }
            if before[w].is_none() && w != from {
                before[w] = Some(v);
                queue.push_back(w);
            }
        }
    }
    vec![from]
}

/// The import circles among the modules of `imports` (as from `imports()`): each circle as
/// `a → b → a`, with the files that hold each arrow.
fn circles(imports: &[(String, String, String)]) -> Vec<String> {
    let mut names: Vec<&str> = imports
        .iter()
        .flat_map(|(_, m, t)| [m.as_str(), t.as_str()])
        .collect();
    names.sort();
    names.dedup();
    let at = |name: &str| names.binary_search(&name).expect("named");
    let mut edges = vec![Vec::new(); names.len()];
    for (_, m, t) in imports {
        if m != t && !edges[at(m)].contains(&at(t)) {
            edges[at(m)].push(at(t));
        }
    }
    for e in &mut edges {
        e.sort();
    }
    let mut out = Vec::new();
    for comp in components(names.len(), &edges) {
        if comp.len() < 2 {
            continue;
        }
        let path = circle_through(comp[0], &comp, &edges);
        let mut lines = vec![format!(
            "import circle among {}: {} → {}",
            comp.iter()
                .map(|&i| names[i])
                .collect::<Vec<_>>()
                .join(", "),
            path.iter()
                .map(|&i| names[i])
                .collect::<Vec<_>>()
                .join(" → "),
            names[path[0]],
        )];
        for (k, &a) in path.iter().enumerate() {
            let b = path[(k + 1) % path.len()];
            let mut files: Vec<&str> = imports
                .iter()
                .filter(|(_, m, t)| m == names[a] && t == names[b])
                .map(|(f, _, _)| f.as_str())
                .collect();
            files.dedup();
            lines.push(format!(
                "  {} → {}: {}",
                names[a],
                names[b],
                files.join(", ")
            ));
        }
        out.push(lines.join("\n"));
    }
    out
}

/// Modules of one layer may import each other, but never in a circle: the modules' import
/// graph has no strongly connected component of more than one module.
#[test]
fn no_import_circle_between_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (imports, problems) = imports(&src);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let circles = circles(&imports);
    assert!(circles.is_empty(), "{}", circles.join("\n"));
}

#[test]
fn circles_are_found_and_shown() {
    let edge = |f: &str, m: &str, t: &str| (f.to_string(), m.to_string(), t.to_string());
    let imports = [
        edge("src/a.rs", "a", "b"),
        edge("src/b/x.rs", "b", "c"),
        edge("src/c.rs", "c", "a"),
        edge("src/c.rs", "c", "d"),
        edge("src/d.rs", "d", "e"),
        edge("src/e.rs", "e", "e"),
    ];
    assert_eq!(
        circles(&imports),
        vec![
            "import circle among a, b, c: a → b → c → a\n  a → b: src/a.rs\n  \
             b → c: src/b/x.rs\n  c → a: src/c.rs"
        ]
    );
    assert!(circles(&imports[1..]).is_empty());
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
    assert_eq!(
        crate_imports(&rooted(
            "use super::{Check, Sink};\nuse super::super::x;\nuse super::super::super::config::Config;\n",
            depth_of(Path::new("rules/support/attrs.rs"))
        )),
        vec!["config"]
    );
    assert_eq!(
        crate_imports(&rooted("use super::x::y;", depth_of(Path::new("util.rs")))),
        vec!["x"]
    );
    let at = |code: &str, file: &str| crate_imports(&rooted(code, depth_of(Path::new(file))));
    assert_eq!(at("use super::x;", "rules/mod.rs"), vec!["x"]);
    assert!(at("use super::x;", "rules/a.rs").is_empty());
    assert_eq!(module_of(Path::new("rules/support/attrs.rs")), "rules");
    assert_eq!(module_of(Path::new("config.rs")), "config");
}
