//! A real editor drives `guide-lint server`: Neovim, headless, with its built-in LSP client
//! (tests/nvim/client.lua, written for Neovim 0.7, Debian bookworm's). It opens a guide, reads
//! the diagnostics, applies a code action, hovers a Danish paragraph and edits the English page
//! to see GL407 appear on the Danish one.
//!
//! Skips, saying so, when `nvim` is not installed; fails instead when GUIDE_LINT_REQUIRE_NVIM=1
//! (CI installs Neovim and sets it).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn nvim_available() -> bool {
    Command::new("nvim")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn neovim_drives_the_server() {
    if !nvim_available() {
        assert!(
            std::env::var("GUIDE_LINT_REQUIRE_NVIM").as_deref() != Ok("1"),
            "GUIDE_LINT_REQUIRE_NVIM=1 but `nvim` is not installed (apt-get install neovim)"
        );
        eprintln!(
            "SKIPPED neovim_drives_the_server: `nvim` is not installed (apt-get install neovim)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rel in [
        "guides/da/move-to-another-mastodon-server.md",
        "guides/en/move-to-another-mastodon-server.md",
        "guides/translations.lock",
        "guide-lint.yml",
    ] {
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo.join(rel), to).unwrap();
    }
    let out = dir.path().join("steps.txt");
    let script = repo.join("tests/nvim/client.lua");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("GL_BIN", env!("CARGO_BIN_EXE_guide-lint"))
        .env("GL_ROOT", dir.path())
        .env("GL_OUT", &out)
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // A bound against a hung editor, not a measure of speed.
    let deadline = Instant::now() + Duration::from_secs(300);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let steps = std::fs::read_to_string(&out).unwrap_or_default();
    eprintln!("{steps}");
    assert!(status.is_some(), "Neovim did not finish:\n{steps}");
    assert!(status.unwrap().success(), "Neovim failed:\n{steps}");
    let lines: Vec<&str> = steps.lines().collect();
    assert!(
        lines.iter().any(|l| l.starts_with("diagnostic GL102 ")),
        "{steps}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("action Fix GL102")),
        "{steps}"
    );
    assert!(
        lines.contains(&"buffer fixed data-path=\"/settings/export\""),
        "{steps}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("hover **English**") && l.contains("On the **old** server")),
        "{steps}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("diagnostic GL407 ") && l.contains("back up your data by hand")),
        "{steps}"
    );
    assert_eq!(lines.last(), Some(&"OK"), "{steps}");
}
