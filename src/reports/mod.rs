//! Reports: what Cofrestr lays out for people to read, each gathered from the registers first
//! (figures that can be tested on their own) and then drawn in English or Welsh by
//! [`crate::pdf`].
//!
//! - [`pack`]: the IMG quarterly pack, a list of sections, each a gather/draw pair;
//! - [`annual`]: the SIRO's annual report;
//! - [`list`]: a register printed as a PDF list;
//! - [`recovery`]: the one-page recovery-key sheet;
//! - [`common`]: the vocabulary they share (protective marking, RAG and KPIs, dates and
//!   percentages in tables, the cover and the last page, shared figures and drawings).
//!
//! Architecture invariant: a report reads through the layers below it (figures, training,
//! assurance, returns, the audit trail) and never writes; `Session` saves what it returns and
//! records the export in the audit chain.

pub mod annual;
pub mod common;
pub mod list;
pub mod pack;
pub mod recovery;

pub use self::common::*;
pub use self::pack::{pack_figures, render_pack, PackFigures, PackOptions};
