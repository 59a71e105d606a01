//! Errors: I/O, configuration and usage failures (findings are not errors).

use std::path::PathBuf;

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
