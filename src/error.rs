//! Errors that cross every face of Cofrestr (window, CLI, later the PDFs).
//!
//! Each error carries a stable [`Code`] that the front end and the CLI act on, and renders to a
//! sentence in the user's language through [`crate::i18n`]. Nothing outside this module matches
//! on message text. Validation errors name the field they belong to so the window can put the
//! message beside it.

use serde::Serialize;

use crate::i18n::{Args, Lang, Messages};

/// A stable, machine-readable error code. Serialised in kebab-case for the front end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// Wrong passphrase, or a file that is not a Cofrestr database (SQLCipher cannot tell these apart).
    WrongPassphrase,
    PassphraseTooWeak,
    PassphraseMismatch,
    DatabaseExists,
    DatabaseMissing,
    /// The database was written by a newer Cofrestr than this one.
    SchemaTooNew,
    Locked,
    Validation,
    NotFound,
    /// The record changed since the user opened it (revision mismatch).
    Conflict,
    InUse,
    UnknownRegister,
    BadInput,
    Io,
    Storage,
    AuditBroken,
    /// Another Cofrestr (a window, the CLI) is writing to the same file; nothing was changed.
    Busy,
}

/// One problem with one field of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    pub field: String,
    /// Fluent message id, e.g. `err-required`.
    pub message_id: String,
    #[serde(skip)]
    pub args: Vec<(String, String)>,
    /// The message id of the field's label, given to the message as `$field` in the user's
    /// language ("Enter date received"), so it says what to put where.
    #[serde(skip)]
    pub label_id: Option<String>,
}

impl FieldError {
    pub fn new(field: &str, message_id: &str) -> Self {
        FieldError { field: field.to_string(), message_id: message_id.to_string(), args: vec![], label_id: None }
    }
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.args.push((key.to_string(), value.to_string()));
        self
    }
    /// Names the field in the message, by the message id of its label.
    pub fn labelled(mut self, label_id: String) -> Self {
        self.label_id = Some(label_id);
        self
    }

    /// The problem as a sentence in the user's language.
    pub fn message(&self, msgs: &Messages) -> String {
        match &self.label_id {
            Some(id) => {
                let mut args = self.args.clone();
                args.push(("field".to_string(), in_sentence(&msgs.get(id))));
                msgs.fmt(&self.message_id, &args)
            }
            None => msgs.fmt(&self.message_id, &self.args),
        }
    }
}

/// A label as it reads inside a sentence: its first letter small, unless the first word is an
/// abbreviation ("DPIA reference", "ICO deadline").
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}

/// A language named as people and files name it (`cy`, `Welsh`, `cymraeg`, `en-GB`). Here
/// rather than in [`crate::i18n`], which sits below the errors.
impl std::str::FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "en-gb" | "english" => Ok(Lang::En),
            "cy" | "cy-gb" | "welsh" | "cymraeg" => Ok(Lang::Cy),
            _ => Err(Error::bad_input_with("err-bad-lang", &[("value", s)])),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("wrong passphrase, or the file is damaged")]
    WrongPassphrase,
    #[error("passphrase too weak")]
    PassphraseTooWeak,
    #[error("the passphrases do not match")]
    PassphraseMismatch,
    #[error("a database already exists at {0}")]
    DatabaseExists(String),
    #[error("no database at {0}")]
    DatabaseMissing(String),
    #[error("database schema {found} is newer than this program ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("locked")]
    Locked,
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("the record was changed by someone else (revision {current})")]
    Conflict { current: i64 },
    #[error("in use by {register} {label}")]
    InUse { register: String, label: String },
    #[error("unknown register {0}")]
    UnknownRegister(String),
    #[error("{id}")]
    BadInput { id: String, args: Vec<(String, String)> },
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("storage error: {0}")]
    Storage(rusqlite::Error),
    #[error("audit trail broken at entry {seq}: {reason}")]
    AuditBroken { seq: i64, reason: String },
    #[error("another Cofrestr is writing to this file")]
    Busy,
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // SQLCipher reports a wrong key and a damaged file the same way.
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            match f.code {
                rusqlite::ErrorCode::NotADatabase => return Error::WrongPassphrase,
                // The busy timeout ran out waiting for another writer.
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => return Error::Busy,
                _ => {}
            }
        }
        Error::Storage(e)
    }
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn bad_input(id: &str) -> Self {
        Error::BadInput { id: id.to_string(), args: vec![] }
    }
    pub fn bad_input_with(id: &str, args: &[(&str, &str)]) -> Self {
        Error::BadInput { id: id.to_string(), args: args.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    pub fn code(&self) -> Code {
        match self {
            Error::WrongPassphrase => Code::WrongPassphrase,
            Error::PassphraseTooWeak => Code::PassphraseTooWeak,
            Error::PassphraseMismatch => Code::PassphraseMismatch,
            Error::DatabaseExists(_) => Code::DatabaseExists,
            Error::DatabaseMissing(_) => Code::DatabaseMissing,
            Error::SchemaTooNew { .. } => Code::SchemaTooNew,
            Error::Locked => Code::Locked,
            Error::Validation(_) => Code::Validation,
            Error::NotFound(_) => Code::NotFound,
            Error::Conflict { .. } => Code::Conflict,
            Error::InUse { .. } => Code::InUse,
            Error::UnknownRegister(_) => Code::UnknownRegister,
            Error::BadInput { .. } => Code::BadInput,
            Error::Io(_) => Code::Io,
            Error::Storage(_) => Code::Storage,
            Error::AuditBroken { .. } => Code::AuditBroken,
            Error::Busy => Code::Busy,
        }
    }

    /// The error as one sentence in the user's language.
    pub fn message(&self, msgs: &Messages) -> String {
        let a = |pairs: &[(&str, String)]| -> Args { pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect() };
        match self {
            Error::WrongPassphrase => msgs.get("err-wrong-passphrase"),
            Error::PassphraseTooWeak => msgs.get("err-passphrase-weak"),
            Error::PassphraseMismatch => msgs.get("err-passphrase-mismatch"),
            Error::DatabaseExists(p) => msgs.fmt("err-db-exists", &a(&[("path", p.clone())])),
            Error::DatabaseMissing(p) => msgs.fmt("err-db-missing", &a(&[("path", p.clone())])),
            Error::SchemaTooNew { found, supported } => msgs
                .fmt("err-schema-too-new", &a(&[("found", found.to_string()), ("supported", supported.to_string())])),
            Error::Locked => msgs.get("err-locked"),
            Error::Validation(errs) => {
                let first = errs.first().map(|e| e.message(msgs)).unwrap_or_default();
                msgs.fmt("err-validation", &a(&[("count", errs.len().to_string()), ("first", first)]))
            }
            Error::NotFound(what) => msgs.fmt("err-not-found", &a(&[("what", what.clone())])),
            Error::Conflict { .. } => msgs.get("err-conflict"),
            Error::InUse { register, label } => msgs.fmt(
                "err-in-use",
                &a(&[("register", msgs.get(&format!("register-{register}"))), ("label", label.clone())]),
            ),
            Error::UnknownRegister(r) => msgs.fmt("err-unknown-register", &a(&[("name", r.clone())])),
            Error::BadInput { id, args } => msgs.fmt(id, &args.to_vec()),
            Error::Io(e) => msgs.fmt("err-io", &a(&[("detail", e.to_string())])),
            Error::Storage(e) => msgs.fmt("err-storage", &a(&[("detail", e.to_string())])),
            Error::AuditBroken { seq, reason } => {
                msgs.fmt("err-audit-broken", &a(&[("seq", seq.to_string()), ("reason", reason.clone())]))
            }
            Error::Busy => msgs.get("err-busy"),
        }
    }

    /// What crosses IPC to the window: a code, a translated sentence and, for validation,
    /// each field's translated message.
    pub fn to_report(&self, lang: Lang) -> ErrorReport {
        let msgs = Messages::for_lang(lang);
        let fields = match self {
            Error::Validation(errs) => {
                errs.iter().map(|e| FieldMessage { field: e.field.clone(), message: e.message(msgs) }).collect()
            }
            _ => vec![],
        };
        ErrorReport { code: self.code(), message: self.message(msgs), fields }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ErrorReport {
    pub code: Code,
    pub message: String,
    pub fields: Vec<FieldMessage>,
}
