//! A lock against two syncs writing the same state file or git checkout at once.
//!
//! The lock is a small file created with `O_EXCL` (so exactly one process gets it) holding
//! who took it: process id, host and start time. It is removed when the sync ends, on errors
//! too (the guard's `Drop`), and by the command line's Ctrl-C handler ([`release_all`]).
//! A process killed outright (SIGKILL, power loss) leaves it behind: the next sync then says
//! whether its owner is still running (same host, via `/proc`) and how to clear it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::SyncError;

/// Locks held by this process, for [`release_all`].
static HELD: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct SyncLock {
    path: PathBuf,
    /// What this process wrote into the file (so only our own lock is ever removed).
    content: String,
}

/// Who holds a lock, as written in its file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holder {
    pub pid: Option<u32>,
    pub host: Option<String>,
    pub started: Option<String>,
}

impl Holder {
    fn parse(text: &str) -> Holder {
        let mut h = Holder::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match key.trim() {
                "pid" => h.pid = value.parse().ok(),
                "host" => h.host = Some(value.to_string()).filter(|v| !v.is_empty()),
                "started" => h.started = Some(value.to_string()).filter(|v| !v.is_empty()),
                _ => {}
            }
        }
        h
    }

    /// `pid 123 on host, started 2024-...`, with what is known.
    pub fn describe(&self) -> String {
        let mut s = match self.pid {
            Some(pid) => format!("process {pid}"),
            None => "an unknown process".to_string(),
        };
        if let Some(host) = &self.host {
            s.push_str(&format!(" on {host}"));
        }
        if let Some(started) = &self.started {
            s.push_str(&format!(", started {started}"));
        }
        s
    }

    /// Whether the holder is known to be gone: it ran on this host and its process no longer
    /// exists. `false` when that cannot be told.
    pub fn is_gone(&self) -> bool {
        let (Some(pid), Some(host)) = (self.pid, &self.host) else {
            return false;
        };
        if *host != this_host() || !Path::new("/proc/self").is_dir() {
            return false;
        }
        pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists()
    }
}

/// This machine's name, as far as it can be told without a system call.
pub fn this_host() -> String {
    for file in ["/proc/sys/kernel/hostname", "/etc/hostname"] {
        if let Ok(name) = std::fs::read_to_string(file)
            && !name.trim().is_empty()
        {
            return name.trim().to_string();
        }
    }
    for var in ["HOSTNAME", "COMPUTERNAME"] {
        if let Ok(name) = std::env::var(var)
            && !name.trim().is_empty()
        {
            return name.trim().to_string();
        }
    }
    "unknown host".to_string()
}

/// The lock file guarding `path` (a state file): `path` + `.lock`, beside it.
pub fn lock_path_for(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    path.with_file_name(name)
}

impl SyncLock {
    /// Takes the lock at `path`, or says who holds it.
    pub fn acquire(path: &Path) -> Result<SyncLock, SyncError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| SyncError::Io {
                path: dir.to_path_buf(),
                message: crate::document::io_message(&e),
            })?;
        }
        let content = format!(
            "# guide-lint sync is running; removed when it ends\npid: {}\nhost: {}\nstarted: {}\n",
            std::process::id(),
            this_host(),
            crate::util::iso_millis(std::time::SystemTime::now())
        );
        let mut file = match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = Holder::parse(&std::fs::read_to_string(path).unwrap_or_default());
                return Err(SyncError::Locked {
                    stale: holder.is_gone(),
                    path: path.to_path_buf(),
                    holder,
                });
            }
            Err(e) => {
                return Err(SyncError::Io {
                    path: path.to_path_buf(),
                    message: format!(
                        "cannot create the lock file: {}",
                        crate::document::io_message(&e)
                    ),
                });
            }
        };
        let lock = SyncLock {
            path: path.to_path_buf(),
            content,
        };
        if let Ok(mut held) = HELD.lock() {
            held.push((lock.path.clone(), lock.content.clone()));
        }
        file.write_all(lock.content.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| SyncError::Io {
                path: path.to_path_buf(),
                message: crate::document::io_message(&e),
            })?;
        Ok(lock)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Removes the lock file at `path` if it is still the one holding `content`.
fn remove_if_ours(path: &Path, content: &str) {
    if std::fs::read_to_string(path).is_ok_and(|text| text == content) {
        let _ = std::fs::remove_file(path);
    }
}

impl Drop for SyncLock {
    fn drop(&mut self) {
        remove_if_ours(&self.path, &self.content);
        if let Ok(mut held) = HELD.lock() {
            held.retain(|(p, _)| *p != self.path);
        }
    }
}

/// Removes every lock this process holds (for a signal handler about to exit the process,
/// when the guards' `Drop` will not run).
pub fn release_all() {
    if let Ok(mut held) = HELD.lock() {
        for (path, content) in held.drain(..) {
            remove_if_ours(&path, &content);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time_and_released_on_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.yml.lock");
        let lock = SyncLock::acquire(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains(&format!("pid: {}", std::process::id())),
            "{text}"
        );
        match SyncLock::acquire(&path) {
            Err(SyncError::Locked { holder, stale, .. }) => {
                assert_eq!(holder.pid, Some(std::process::id()));
                assert!(!stale, "this process is running");
            }
            other => panic!("{other:?}"),
        }
        drop(lock);
        assert!(!path.exists());
        let again = SyncLock::acquire(&path).unwrap();
        release_all();
        assert!(!path.exists());
        drop(again);
    }

    #[test]
    fn a_lock_replaced_by_someone_else_is_not_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.lock");
        let lock = SyncLock::acquire(&path).unwrap();
        std::fs::write(&path, "pid: 1\n").unwrap();
        drop(lock);
        assert!(path.exists());
    }

    #[test]
    fn holders_are_parsed_and_described() {
        let h = Holder::parse("# c\npid: 42\nhost: box\nstarted: 2024-01-01T00:00:00.000Z\n");
        assert_eq!(
            h.describe(),
            "process 42 on box, started 2024-01-01T00:00:00.000Z"
        );
        assert_eq!(Holder::parse("garbage").describe(), "an unknown process");
        assert!(!Holder::parse("pid: 42\nhost: elsewhere-surely\n").is_gone());
        assert_eq!(
            lock_path_for(Path::new("g/.wiki-sync.yml")),
            Path::new("g/.wiki-sync.yml.lock")
        );
    }
}
