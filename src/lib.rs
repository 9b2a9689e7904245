//! Cofrestr's core: the encrypted store, the registers and their rules, the audit trail and
//! the messages in English and Welsh. The desktop shell (`src-tauri/`) and the `cofrestr` CLI
//! are thin faces over [`session::Session`]; this crate never depends on a desktop toolkit.

pub mod about;
pub mod assurance;
pub mod audit;
pub mod dashboard;
pub mod deadlines;
pub mod demo;
pub mod error;
pub mod figures;
pub mod files;
pub mod fuzzing;
pub mod glance;
pub mod i18n;
pub mod keys;
pub mod paths;
pub mod pdf;
pub mod reference;
pub mod register;
pub mod registers;
pub mod reports;
pub mod returns;
pub mod session;
pub mod settings;
pub mod store;
pub mod text;
pub mod time;
pub mod trail;
pub mod training;
pub mod transfer;

pub use error::{Error, Result};
pub use session::Session;
