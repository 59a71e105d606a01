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
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
}
