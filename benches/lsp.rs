//! The language server's diagnostics latency: one line of a 1,000-line page changes, and the
//! diagnostics of that page and of the open pages that depend on it (its Danish translation)
//! are computed and published. Target: under 50 ms.
//!
//! `cargo bench --bench lsp`. The pages come from the benchmark corpus (200 bilingual pages);
//! the changed page and its translation are corpus pages repeated to 1,000 lines.

use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use guide_lint::lsp::Server;
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

mod corpus;

#[global_allocator]
static GLOBAL: guide_lint::allocator::WordAligned = guide_lint::allocator::WordAligned;

/// `text` with its body repeated until it has `lines` lines (front matter kept once).
fn grow(text: &str, lines: usize) -> String {
    let body_at = text
        .strip_prefix("---\n")
        .and_then(|r| r.find("\n---\n").map(|i| i + 9))
        .unwrap_or(0);
    let (head, body) = text.split_at(body_at);
    let mut out = head.to_string();
    while out.lines().count() < lines {
        out.push_str(body);
        out.push('\n');
    }
    out.lines().take(lines).collect::<Vec<_>>().join("\n") + "\n"
}

fn bench_lsp(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    corpus::write(dir.path(), 200, 2023).expect("write corpus");
    let guides = dir.path().join("guides");
    let en: PathBuf = guides.join("en/page-00000.md");
    let da: PathBuf = guides.join("da/page-00000.md");
    let en_text = grow(&std::fs::read_to_string(&en).expect("en page"), 1000);
    let da_text = grow(&std::fs::read_to_string(&da).expect("da page"), 1000);
    std::fs::write(&en, &en_text).expect("write en");
    std::fs::write(&da, &da_text).expect("write da");

    let (tx, rx) = channel();
    let mut server = Server::at(dir.path().to_path_buf(), tx).expect("server");
    server.open_text(en.clone(), 1, en_text.clone());
    server.open_text(da.clone(), 1, da_text.clone());
    // An unrelated open page (one that does not link to the changed one): it must not be
    // re-checked.
    let (other, other_text) = (150..200)
        .map(|n| guides.join(format!("en/page-{n:05}.md")))
        .map(|p| {
            let t = std::fs::read_to_string(&p).expect("page");
            (p, t)
        })
        .find(|(_, t)| !t.contains("page-00000"))
        .expect("an unrelated page");
    server.open_text(other, 1, other_text);
    server.flush();
    rx.try_iter().for_each(drop);

    // One line in the middle of the page, rewritten back and forth.
    let line = 500u32;
    let line_text = en_text.lines().nth(line as usize).unwrap_or("").to_string();
    let edits = [format!("{line_text} More words."), line_text.clone()];
    let mut version = 1;
    let mut edit = |server: &mut Server| {
        version += 1;
        let text = &edits[version as usize % 2];
        let current = &edits[(version as usize + 1) % 2];
        let end = current.encode_utf16().count() as u32;
        server.change_text(
            &en,
            version,
            vec![TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(line, 0), Position::new(line, end))),
                range_length: None,
                text: text.clone(),
            }],
        );
        server.flush();
    };
    // The first edit turns `line_text` into the longer text, so `current` must start as it.
    let checked_before = server.pages_checked;
    edit(&mut server);
    let published: Vec<_> = rx.try_iter().collect();
    eprintln!(
        "one change re-checked {} pages ({} open), published {} messages",
        server.pages_checked - checked_before,
        server.docs().iter().count(),
        published.len()
    );
    assert_eq!(
        server.pages_checked - checked_before,
        2,
        "only the page and its translation"
    );

    let mut group = c.benchmark_group("lsp");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("diagnostics-after-a-change-1000-lines", |b| {
        b.iter(|| {
            edit(&mut server);
            rx.try_iter().for_each(drop);
        })
    });
    group.finish();
}

criterion_group!(benches, bench_lsp);
criterion_main!(benches);
