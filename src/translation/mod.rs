//! Translation checks: units, fingerprints, alignment, language identification, the lock file
//! and the status report. See DESIGN.md, "Translation model".

pub mod align;
pub mod fingerprint;
pub mod langid;
pub mod units;

pub use langid::{LangPair, Verdict};
pub use units::{PageUnits, Section, Unit, UnitKind};
