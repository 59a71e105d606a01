//! Output is sorted and byte-identical from run to run, whatever the number of threads: files
//! are parsed in parallel, findings are sorted after.

use std::process::Command;

#[path = "../benches/corpus/mod.rs"]
mod corpus;

fn run(dir: &std::path::Path, threads: &str, format: &str) -> (Option<i32>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_guide-lint"))
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .args(["check", "--color", "never", "--output-format", format])
        .output()
        .expect("run guide-lint");
    // Standard error may carry a timing summary; the findings are on standard output.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains(": error: "), "{stderr}");
    (out.status.code(), out.stdout)
}

#[test]
fn output_is_identical_across_runs_and_thread_counts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stats = corpus::write(dir.path(), 100, 7).expect("corpus");
    assert_eq!(stats.files, 200);
    for format in ["concise", "human"] {
        let (code, first) = run(dir.path(), "1", format);
        assert_eq!(code, Some(1), "the corpus has error findings");
        assert!(first.len() > 10_000, "too little output to compare");
        for threads in ["1", "8"] {
            let (c, again) = run(dir.path(), threads, format);
            assert_eq!(c, code);
            assert!(
                again == first,
                "{format} output differs with {threads} threads"
            );
        }
    }
}

#[test]
fn findings_are_sorted_by_file_then_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    corpus::write(dir.path(), 60, 11).expect("corpus");
    let (_, out) = run(dir.path(), "4", "concise");
    let text = String::from_utf8(out).expect("utf-8");
    let mut keys = Vec::new();
    for line in text.lines() {
        // `guides/da/page-00001.md:12:34: GL104 ...`
        let mut parts = line.splitn(4, ':');
        let (Some(path), Some(l), Some(c)) = (parts.next(), parts.next(), parts.next()) else {
            panic!("unexpected line {line:?}");
        };
        let l: usize = l.parse().expect("line");
        let c: usize = c.parse().expect("column");
        keys.push((path.to_string(), l, c));
    }
    assert!(
        keys.len() > 100,
        "too few findings to say anything: {}",
        keys.len()
    );
    let files: std::collections::BTreeSet<_> = keys.iter().map(|k| &k.0).collect();
    assert!(files.len() > 50, "findings in only {} files", files.len());
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

/// The generator itself is deterministic: the same size and seed give the same bytes.
#[test]
fn corpus_is_deterministic() {
    assert_eq!(corpus::pages(20, 3), corpus::pages(20, 3));
    assert_ne!(corpus::pages(20, 3), corpus::pages(20, 4));
}
