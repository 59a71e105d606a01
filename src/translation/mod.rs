//! Translation checks: units, alignment, language identification.

pub mod langid;
