//! Errors: I/O, configuration and usage failures (findings are not errors).

use std::path::PathBuf;

/// A file that could not be used (read, parsed, walked or written), with the position of the
/// problem when there is one. Shown as `path:line:column: message`, or `path: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
    /// 1-based line and byte column, and the byte offset.
    pub position: Option<(usize, usize, usize)>,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some((line, column, _)) => {
                write!(
                    f,
                    "{}:{line}:{column}: {}",
                    self.path.display(),
                    self.message
                )
            }
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("{}: {message}", path.display())]
    Config {
        path: PathBuf,
        /// The config file's text, for a labelled snippet.
        text: String,
        offset: usize,
        message: String,
    },
    /// A page that could not be read or parsed.
    #[error("{0}")]
    File(FileError),
    #[error("{0}")]
    Usage(String),
    /// A sync that could not run or stopped (`SyncError`, converted where it is defined).
    #[error("{0}")]
    Sync(Box<dyn Helpful>),
}

/// An error that may say how to get past it.
pub trait Helpful: std::error::Error + Send + Sync {
    /// What the user can do, when there is something.
    fn help(&self) -> Option<String>;
}
