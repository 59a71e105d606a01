//! File-system primitives every command writes and reads through (docs/security.md):
//!
//! - [`write_atomic`]: a temporary file in the same folder, flushed to the disk, given the
//!   replaced file's permissions (a new file gets 0644), then renamed over the target. The check
//!   cache's files are written the same way but not flushed to the disk first
//!   ([`write_cache_file`]): one that a crash leaves cut short fails its checksum and is
//!   rebuilt. Never writes through a
//!   symbolic link: the link itself is replaced ([`OnSymlink::Replace`], for files guide-lint
//!   owns, such as build output) or the write is refused ([`OnSymlink::Refuse`], for everything
//!   else). [`write_atomic_in`] also refuses a symbolic link among the folders between a base
//!   folder and the file.
//! - [`read_regular`]: reads a file only when it is a regular file, not a link, a FIFO or a
//!   device (opening a FIFO blocks until someone writes to it).
//! - [`resolve`]: a path with its symbolic links resolved, also when its last parts do not exist
//!   yet, for comparing folders (`--out` against the guides folder).
//!
//! The checks are made with `lstat` just before the operation: they protect against what a
//! tree holds (a committed link), not against another process changing the tree meanwhile.

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// Prefix and suffix of [`write_atomic`]'s temporary files (`.guide-lint-<pid>-XXXXXX.tmp`: the
/// writing process's id, so that a later run knows whether the file's writer is gone).
pub const TEMP_PREFIX: &str = ".guide-lint-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// What [`write_atomic`] does when the target is a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnSymlink {
    /// Replace the link by a regular file (the link's target is never touched).
    Replace,
    /// Refuse to write.
    Refuse,
}

fn error(kind: std::io::ErrorKind, message: impl Into<String>) -> std::io::Error {
    std::io::Error::new(kind, message.into())
}

/// The error for a path that is a symbolic link, naming its target.
pub fn symlink_error(path: &Path) -> std::io::Error {
    let target = std::fs::read_link(path)
        .map(|t| crate::logsafe::path(&t))
        .unwrap_or_else(|_| "?".into());
    error(
        std::io::ErrorKind::Other,
        format!("is a symbolic link (to {target}); not written through"),
    )
}

/// What a path is, without following a link.
fn kind_name(m: &std::fs::Metadata) -> &'static str {
    special_kind(m).unwrap_or(if m.is_dir() { "a directory" } else { "a file" })
}

/// `Some("a named pipe (FIFO)")` and the like for what is neither a regular file, a folder nor
/// a symbolic link.
pub fn special_kind(m: &std::fs::Metadata) -> Option<&'static str> {
    let t = m.file_type();
    if t.is_file() || t.is_dir() || t.is_symlink() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Writes `contents` to `path` atomically (see the module doc). Returns `false`, writing
/// nothing, when the file already holds exactly `contents`. Missing parent folders are created.
pub fn write_atomic(path: &Path, contents: &[u8], on_symlink: OnSymlink) -> std::io::Result<bool> {
    write_atomic_as(path, contents, on_symlink, Durability::Synced)
}

/// Whether a written file reaches the disk before it is put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Flushed to the disk first (`fsync`): after a crash the target holds the old contents or
    /// the new, whole. Pages, the translations lock, build output.
    Synced,
    /// Left to the system to write: after a crash the target may be empty or cut short. Only
    /// for the check cache, whose files carry a checksum and are rebuilt when it fails.
    Unsynced,
}

fn write_atomic_as(
    path: &Path,
    contents: &[u8],
    on_symlink: OnSymlink,
    durability: Durability,
) -> std::io::Result<bool> {
    let dir = parent_folder(path);
    // Also when nothing is written: the run that follows an interrupted one cleans up after it.
    remove_stale_temps(&dir);
    let permissions = match replaced(path, on_symlink)? {
        Replaced::Same(m) => {
            if m.len() == contents.len() as u64 && std::fs::read(path).is_ok_and(|b| b == contents)
            {
                return Ok(false);
            }
            Some(m.permissions())
        }
        Replaced::Nothing => None,
    };
    let mut tmp = temp_beside(&dir)?;
    tmp.write_all(contents)?;
    persist(tmp, path, permissions, durability)?;
    Ok(true)
}

/// What a write to `path` replaces: a regular file (its metadata) or nothing. Anything else is
/// refused: a folder, a special file, and a symbolic link under [`OnSymlink::Refuse`] (under
/// [`OnSymlink::Replace`] the link is replaced, so it counts as nothing).
enum Replaced {
    Same(std::fs::Metadata),
    Nothing,
}

fn replaced(path: &Path, on_symlink: OnSymlink) -> std::io::Result<Replaced> {
    let m = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Replaced::Nothing),
        Err(e) => return Err(e),
    };
    let t = m.file_type();
    if t.is_symlink() {
        if on_symlink == OnSymlink::Refuse {
            return Err(symlink_error(path));
        }
        Ok(Replaced::Nothing)
    } else if t.is_dir() {
        Err(error(std::io::ErrorKind::IsADirectory, "is a directory"))
    } else if !t.is_file() {
        Err(error(
            std::io::ErrorKind::Other,
            format!("is {}, not a regular file", kind_name(&m)),
        ))
    } else {
        Ok(Replaced::Same(m))
    }
}

/// A temporary file in `dir` (created if missing), named for [`remove_stale_temps`].
fn temp_beside(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    std::fs::create_dir_all(dir)?;
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
}

/// Flushes a written temporary file, gives it the replaced file's permissions (a new file gets
/// the defaults) and renames it over `path`.
fn persist(
    mut tmp: tempfile::NamedTempFile,
    path: &Path,
    permissions: Option<std::fs::Permissions>,
    durability: Durability,
) -> std::io::Result<()> {
    tmp.flush()?;
    let permissions = match permissions {
        Some(p) => p,
        None => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    if durability == Durability::Synced {
        tmp.as_file().sync_all()?;
    }
    // rename(2) replaces a link itself, never its target.
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A file written piece by piece and put in place as [`write_atomic`] puts one, for what is too
/// large to build in memory first: the pieces go to a temporary file beside the target, whose
/// first bytes can be rewritten before [`AtomicFile::commit`] renames it over the target.
/// Dropped without a commit, the temporary file is removed and the target left as it was.
pub struct AtomicFile {
    path: PathBuf,
    durability: Durability,
    permissions: Option<std::fs::Permissions>,
    out: std::io::BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Refuses the targets [`write_atomic`] refuses.
    pub fn create(
        path: &Path,
        on_symlink: OnSymlink,
        durability: Durability,
    ) -> std::io::Result<AtomicFile> {
        let dir = parent_folder(path);
        remove_stale_temps(&dir);
        let permissions = match replaced(path, on_symlink)? {
            Replaced::Same(m) => Some(m.permissions()),
            Replaced::Nothing => None,
        };
        Ok(AtomicFile {
            path: path.to_path_buf(),
            durability,
            permissions,
            out: std::io::BufWriter::with_capacity(1 << 16, temp_beside(&dir)?),
        })
    }

    /// Overwrites the file's first bytes with `head` (written earlier as room of that size),
    /// then puts the file in place.
    pub fn commit(self, head: &[u8]) -> std::io::Result<()> {
        use std::io::{Seek as _, SeekFrom};
        let mut tmp = self.out.into_inner().map_err(|e| e.into_error())?;
        tmp.seek(SeekFrom::Start(0))?;
        tmp.write_all(head)?;
        persist(tmp, &self.path, self.permissions, self.durability)
    }
}

impl std::io::Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// The `.gitignore` of a cache folder: git never sees the folder, and `guide-lint clean` knows
/// it for one of guide-lint's.
pub const CACHE_GITIGNORE: &[u8] = b"# Made by guide-lint.\n*\n";

/// The cache folder `dir` with its `.gitignore` holding `*` (so git never sees it) and the
/// folder of `file` inside it, made before a cache file is written.
pub fn prepare_cache_folder(dir: &Path, file: &Path) -> std::io::Result<()> {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        write_atomic(&ignore, CACHE_GITIGNORE, OnSymlink::Refuse)?;
    }
    Ok(())
}

/// Writes a file of the check cache (`file`, inside the cache folder `dir`): the folders are
/// created, the cache folder gets a `.gitignore` holding `*` (so git never sees it), and the
/// file is written as [`write_atomic`] writes, never through a link, but not flushed to the
/// disk ([`Durability::Unsynced`]): every cache file is checked against its checksum when read.
pub fn write_cache_file(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if file.parent().is_none() {
        return Ok(());
    }
    prepare_cache_folder(dir, file)?;
    write_atomic_as(file, bytes, OnSymlink::Refuse, Durability::Unsynced)?;
    Ok(())
}

/// The running build, as recorded with every cache file: the version and the binary's size and
/// modification time, so that a rebuilt binary of the same version (a development build, whose
/// rules or records may have changed) never reads what another build wrote.
pub fn build_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let exe = std::env::current_exe().and_then(std::fs::metadata).ok();
        let (len, time) = exe.map_or((0, 0), |m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            (m.len(), time)
        });
        format!("{}+{len}.{time}", env!("CARGO_PKG_VERSION"))
    })
}

/// The folder a file is written in: its parent, or `.` for a bare file name.
pub fn parent_folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Removes, once per run and folder, the temporary files that an interrupted run (killed
/// between writing its temporary file and renaming it) left in `dir`: regular files named
/// `.guide-lint-<pid>-*.tmp` whose process is gone. A file whose process still runs (another
/// guide-lint writing beside this one) is left alone; so is one without a process id (older
/// versions) until it is an hour old, and so is anything that is not a regular file.
pub fn remove_stale_temps(dir: &Path) {
    static SWEPT: std::sync::Mutex<Option<std::collections::HashSet<PathBuf>>> =
        std::sync::Mutex::new(None);
    {
        let Ok(mut swept) = SWEPT.lock() else {
            return;
        };
        if !swept.get_or_insert_default().insert(dir.to_path_buf()) {
            return;
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name
            .to_str()
            .and_then(|n| n.strip_prefix(TEMP_PREFIX))
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if !meta.file_type().is_file() {
            continue;
        }
        let writer = rest
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let stale = match writer {
            Some(pid) if pid == own => false,
            Some(pid) if Path::new("/proc/self").exists() => {
                !Path::new("/proc").join(pid.to_string()).exists()
            }
            _ => meta
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(3600)),
        };
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Runs `f` (which writes many files with rayon's parallel iterators) on threads meant for
/// waiting on the disk: each [`write_atomic`] waits for its file to reach the disk, and written
/// side by side the file system flushes them together (20,000 small pages, one after another,
/// took a minute). Falls back to the caller's pool when no thread can be started.
pub fn in_io_pool<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(16)
            .thread_name(|i| format!("guide-lint-io-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

/// [`write_atomic`] of `base/rel`, refusing when a folder between `base` and the file is a
/// symbolic link or not a folder (`base` itself is the caller's choice and is not checked).
/// `rel` must be relative and must not climb out of `base` (`..`).
pub fn write_atomic_in(
    base: &Path,
    rel: &Path,
    contents: &[u8],
    on_symlink: OnSymlink,
) -> std::io::Result<bool> {
    check_inside(base, rel)?;
    write_atomic(&base.join(rel), contents, on_symlink)
}

/// Refuses a `rel` that is absolute or climbs out (`..`), and a symbolic link (or anything
/// that is not a folder) among the existing folders between `base` and `base/rel`.
pub fn check_inside(base: &Path, rel: &Path) -> std::io::Result<()> {
    let mut dir = base.to_path_buf();
    let mut comps = rel.components().peekable();
    while let Some(c) = comps.next() {
        let Component::Normal(name) = c else {
            if c == Component::CurDir {
                continue;
            }
            return Err(error(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "{} is not a path inside {}",
                    crate::logsafe::path(rel),
                    crate::logsafe::path(base)
                ),
            ));
        };
        if comps.peek().is_none() {
            break; // the file itself: write_atomic's policy
        }
        dir.push(name);
        match std::fs::symlink_metadata(&dir) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&dir)
                    .map(|t| crate::logsafe::path(&t))
                    .unwrap_or_else(|_| "?".into());
                return Err(error(
                    std::io::ErrorKind::Other,
                    format!(
                        "the folder {} is a symbolic link (to {target}); not written through",
                        crate::logsafe::path(&dir)
                    ),
                ));
            }
            Ok(m) if !m.is_dir() => {
                return Err(error(
                    std::io::ErrorKind::Other,
                    format!(
                        "{} is {}, not a folder",
                        crate::logsafe::path(&dir),
                        kind_name(&m)
                    ),
                ));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break, // created as folders
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads `path` when it is a regular file; a symbolic link, a FIFO, a socket or a device is an
/// error (never opened).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let m = std::fs::symlink_metadata(path)?;
    if m.file_type().is_symlink() {
        return Err(error(
            std::io::ErrorKind::Other,
            "is a symbolic link; not read",
        ));
    }
    if !m.is_file() {
        return Err(error(
            std::io::ErrorKind::Other,
            format!("is {}, not a regular file; not read", kind_name(&m)),
        ));
    }
    std::fs::read(path)
}

/// `path` made absolute (against the working directory), with `.` and `..` resolved and its
/// symbolic links resolved as far as it exists: the existing part is canonicalized, the rest
/// appended. Two paths naming the same folder through a link resolve to the same path.
pub fn resolve(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut rest = Vec::new();
    let mut cur = abs.as_path();
    loop {
        if let Ok(c) = std::fs::canonicalize(cur) {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::CurDir => {}
                    c => out.push(c),
                }
            }
            return out;
        }
        match (cur.parent(), cur.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                cur = parent;
            }
            _ => return normalize(&abs),
        }
    }
}

/// `.` and `..` removed lexically (no file-system access).
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// A path named on the command line with its `x/..` steps taken out (`guides/da/../da/a.md` is
/// `guides/da/a.md`), so that the page is known by its page path (`da/a.md`, not a path holding
/// `..`, which Wiki.js would import elsewhere). Unlike [`normalize`], a leading `..` and `.` are
/// kept (the path stays as typed), and a step back over a symbolic link is kept: it leads back
/// from the link's target, not to the folder the link is in.
pub fn without_steps_back(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_)))
                    && !std::fs::symlink_metadata(&out)
                        .is_ok_and(|m| m.file_type().is_symlink()) =>
            {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out
    }
}

/// Permissions for a new file: readable by everyone, writable by the owner (a temporary file is
/// created private).
#[cfg(unix)]
fn default_permissions(_file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    let mut p = file.metadata()?.permissions();
    p.set_readonly(false);
    Ok(p)
}

/// Opens `path` for reading without waiting: a named pipe put where a file was expected opens
/// at once (and reads as nothing) instead of blocking until something writes to it.
pub fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The largest configuration file read (`guide-lint.yml`, a MkDocs or Zensical configuration,
/// the translations lock): the pages' limit.
pub const MAX_CONFIG_SIZE: u64 = 32 << 20;

/// Reads a configuration file (`guide-lint.yml`, `mkdocs.yml`, `zensical.toml`, the
/// translations lock) found in a folder: the text of a regular file of at most
/// [`MAX_CONFIG_SIZE`] bytes. A symbolic link is followed only when it leads inside the
/// repository holding it (a link committed in its place could make guide-lint read, and show
/// in an error's excerpt, any file of the machine); a FIFO, socket or device is never opened.
/// The error is the reason, for the caller to name the file with.
pub fn read_config(path: &Path) -> std::io::Result<String> {
    use std::io::Read as _;
    let link = std::fs::symlink_metadata(path)?;
    if link.file_type().is_symlink() {
        let folder = path
            .parent()
            .filter(|f| !f.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let repository = repository_of(folder);
        let target = std::fs::canonicalize(path)?;
        if !target.starts_with(&repository) {
            let shown = std::fs::read_link(path)
                .map(|t| crate::logsafe::path(&t))
                .unwrap_or_else(|_| "?".into());
            return Err(error(
                std::io::ErrorKind::Other,
                format!(
                    "symbolic link to {shown} (resolves to {}), outside the repository {}: not \
                     read",
                    crate::logsafe::path(&target),
                    crate::logsafe::path(&repository)
                ),
            ));
        }
    }
    let file = open_nonblocking(path)?;
    let m = file.metadata()?;
    if !m.is_file() {
        return Err(error(
            std::io::ErrorKind::Other,
            format!("is {}, not a regular file; not read", kind_name(&m)),
        ));
    }
    if m.len() > MAX_CONFIG_SIZE {
        return Err(error(
            std::io::ErrorKind::Other,
            format!(
                "is {} bytes, over the {} MiB a configuration may hold; not read",
                m.len(),
                MAX_CONFIG_SIZE >> 20
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(m.len()).unwrap_or(0));
    file.take(MAX_CONFIG_SIZE + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_SIZE {
        return Err(error(
            std::io::ErrorKind::Other,
            format!(
                "grew over the {} MiB a configuration may hold while read; not read",
                MAX_CONFIG_SIZE >> 20
            ),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        error(
            std::io::ErrorKind::InvalidData,
            format!(
                "is not valid UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// The repository holding `dir`: the nearest folder at or above it (links resolved) that holds
/// `.git` (a folder, or a file for a linked work tree), else `dir` itself.
pub fn repository_of(dir: &Path) -> PathBuf {
    let dir = resolve(dir);
    dir.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(&dir)
        .to_path_buf()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{PermissionsExt as _, symlink};

    #[test]
    fn an_interrupted_runs_temporary_files_are_removed_by_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Left by a process that is gone (no such pid), by this process (a write in progress),
        // and a link and a folder that merely look like temporary files.
        let dead = d.join(".guide-lint-4294967294-AbC123.tmp");
        let live = d.join(format!(".guide-lint-{}-XyZ789.tmp", std::process::id()));
        std::fs::write(&dead, "half a page").unwrap();
        std::fs::write(&live, "being written").unwrap();
        std::fs::write(d.join("keep.md"), "a page").unwrap();
        symlink(d.join("keep.md"), d.join(".guide-lint-4294967293-link.tmp")).unwrap();
        std::fs::create_dir(d.join(".guide-lint-4294967292-dir.tmp")).unwrap();
        // A write that changes nothing still cleans up.
        std::fs::write(d.join("page.md"), "same").unwrap();
        assert!(!write_atomic(&d.join("page.md"), b"same", OnSymlink::Refuse).unwrap());
        let mut expected = vec![
            ".guide-lint-4294967292-dir.tmp".to_string(),
            ".guide-lint-4294967293-link.tmp".to_string(),
            live.file_name().unwrap().to_string_lossy().into_owned(),
            "keep.md".to_string(),
            "page.md".to_string(),
        ];
        expected.sort();
        assert_eq!(names(d), expected);
        assert!(!dead.exists());
        assert_eq!(std::fs::read_to_string(&live).unwrap(), "being written");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn keeps_permissions_skips_unchanged_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("page.md");
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        assert!(write_atomic(&p, b"new", OnSymlink::Refuse).unwrap());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let before = std::fs::metadata(&p).unwrap().modified().unwrap();
        assert!(!write_atomic(&p, b"new", OnSymlink::Refuse).unwrap());
        assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), before);
        assert_eq!(names(dir.path()), ["page.md"]);
        let deep = dir.path().join("a/b/c.md");
        assert!(write_atomic(&deep, b"x", OnSymlink::Refuse).unwrap());
        let mode = std::fs::metadata(&deep).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
        assert!(write_atomic(dir.path(), b"x", OnSymlink::Replace).is_err());
    }

    #[test]
    fn never_writes_through_a_link() {
        let outside = tempfile::tempdir().unwrap();
        let victim = outside.path().join("bashrc");
        std::fs::write(&victim, "precious").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("x.md");
        symlink(&victim, &link).unwrap();

        let e = write_atomic(&link, b"evil", OnSymlink::Refuse).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());

        assert!(write_atomic(&link, b"built", OnSymlink::Replace).unwrap());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        let m = std::fs::symlink_metadata(&link).unwrap();
        assert!(m.is_file(), "the link was replaced by a file");
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "built");
    }

    #[test]
    fn refuses_a_linked_folder_below_the_base() {
        let outside = tempfile::tempdir().unwrap();
        let base = tempfile::tempdir().unwrap();
        symlink(outside.path(), base.path().join("da")).unwrap();
        let e = write_atomic_in(base.path(), Path::new("da/x.md"), b"x", OnSymlink::Replace)
            .unwrap_err();
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        assert!(names(outside.path()).is_empty());
        for bad in ["../x.md", "/etc/x.md"] {
            assert!(
                write_atomic_in(base.path(), Path::new(bad), b"x", OnSymlink::Replace).is_err()
            );
        }
        assert!(
            write_atomic_in(
                base.path(),
                Path::new("en/new/x.md"),
                b"x",
                OnSymlink::Replace
            )
            .unwrap()
        );
    }

    #[test]
    fn special_files_are_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(
            made.is_ok_and(|s| s.success()),
            "mkfifo (coreutils) is needed"
        );
        // Both would block forever if they opened the FIFO.
        let e = read_regular(&fifo).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");
        let e = write_atomic(&fifo, b"x", OnSymlink::Replace).unwrap_err();
        assert!(e.to_string().contains("named pipe"), "{e}");
        let link = dir.path().join("link.md");
        symlink(&fifo, &link).unwrap();
        assert!(read_regular(&link).is_err());
    }

    #[test]
    fn resolves_links_in_the_existing_part() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("guides");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("out");
        symlink(&real, &link).unwrap();
        let canon = std::fs::canonicalize(&real).unwrap();
        assert_eq!(resolve(&link), canon);
        assert_eq!(resolve(&link.join("new/deeper")), canon.join("new/deeper"));
        assert_eq!(resolve(&link.join("new/../x")), canon.join("x"));
    }

    /// An atomic file started over a `summaries` file holding `old`, in a new folder.
    fn started() -> (tempfile::TempDir, PathBuf, AtomicFile) {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("summaries");
        std::fs::write(&target, b"old").expect("write old");
        let file =
            AtomicFile::create(&target, OnSymlink::Refuse, Durability::Synced).expect("create");
        (dir, target, file)
    }

    #[test]
    fn an_atomic_file_is_written_in_pieces_and_put_in_place_with_its_head_rewritten() {
        let (dir, target, mut file) = started();
        file.write_all(b"....").expect("room");
        file.write_all(b"body, ").expect("piece");
        file.write_all(b"more").expect("piece");
        // Nothing is in place before the commit.
        assert_eq!(std::fs::read(&target).expect("read"), b"old");
        file.commit(b"HEAD").expect("commit");
        assert_eq!(std::fs::read(&target).expect("read"), b"HEADbody, more");
        assert_eq!(names(dir.path()), ["summaries"]);
    }

    #[test]
    fn an_atomic_file_dropped_without_commit_leaves_the_target_and_no_temporary_file() {
        let (dir, target, mut file) = started();
        file.write_all(&[7; 100_000]).expect("piece");
        drop(file);
        assert_eq!(std::fs::read(&target).expect("read"), b"old");
        assert_eq!(names(dir.path()), ["summaries"]);
    }

    #[test]
    fn an_atomic_file_refuses_a_link_and_a_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = dir.path().join("outside");
        std::fs::write(&outside, b"keep").expect("write");
        let link = dir.path().join("link");
        symlink(&outside, &link).expect("symlink");
        assert!(AtomicFile::create(&link, OnSymlink::Refuse, Durability::Synced).is_err());
        assert!(AtomicFile::create(dir.path(), OnSymlink::Refuse, Durability::Unsynced).is_err());
        assert_eq!(std::fs::read(&outside).expect("read"), b"keep");
    }

    /// A configuration is read when it is a regular file, or a link leading inside the
    /// repository; a link leading out, a FIFO (never waited on), a folder and invalid UTF-8 are
    /// errors that say why.
    #[test]
    fn configurations_are_read_only_inside_the_repository_and_from_regular_files() {
        let repo = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let r = repo.path();
        std::fs::create_dir(r.join(".git")).unwrap();
        std::fs::create_dir(r.join("site")).unwrap();
        std::fs::write(r.join("base.yml"), "site_name: x\n").unwrap();
        std::fs::write(outside.path().join("secret.yml"), "secret\n").unwrap();
        symlink(r.join("base.yml"), r.join("site/mkdocs.yml")).unwrap();
        assert_eq!(
            read_config(&r.join("site/mkdocs.yml")).unwrap(),
            "site_name: x\n"
        );
        symlink(outside.path().join("secret.yml"), r.join("out.yml")).unwrap();
        let e = read_config(&r.join("out.yml")).unwrap_err().to_string();
        assert!(
            e.contains("outside the repository") && !e.contains("secret\n"),
            "{e}"
        );
        let fifo = r.join("fifo.yml");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo (coreutils) runs");
        assert!(made.success());
        let e = read_config(&fifo).unwrap_err().to_string();
        assert!(e.contains("named pipe"), "{e}");
        let e = read_config(&r.join("site")).unwrap_err().to_string();
        assert!(e.contains("directory"), "{e}");
        std::fs::write(r.join("bad.yml"), b"a: \xff\n").unwrap();
        let e = read_config(&r.join("bad.yml")).unwrap_err().to_string();
        assert!(e.contains("UTF-8") && e.contains("offset 3"), "{e}");
    }
}
