//! Where files live: the per-user data folder from `directories` (so the same code finds the
//! right place on Windows and Linux), overridden by `COFRESTR_DB` / `--db` for the database
//! and `COFRESTR_PREFS` for the window's preferences file.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("cymru", "Cofrestr", "Cofrestr")
}

/// The database path: `COFRESTR_DB` if set, else `cofrestr.db` in the user's data folder.
pub fn default_db() -> PathBuf {
    if let Some(p) = std::env::var_os("COFRESTR_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    project_dirs().map(|d| d.data_dir().join("cofrestr.db")).unwrap_or_else(|| PathBuf::from("cofrestr.db"))
}

fn prefs_path() -> PathBuf {
    if let Some(p) = std::env::var_os("COFRESTR_PREFS").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    project_dirs().map(|d| d.config_dir().join("prefs.json")).unwrap_or_else(|| PathBuf::from("cofrestr-prefs.json"))
}

/// Preferences that must be known before the database is unlocked (so not inside it).
/// They hold nothing sensitive.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Prefs {
    pub lang: Lang,
    /// The database opened last, if not the default.
    pub last_db: Option<PathBuf>,
}

impl Prefs {
    pub fn load() -> Prefs {
        std::fs::read_to_string(prefs_path()).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
    }

    pub fn save(&self) -> std::io::Result<()> {
        let p = prefs_path();
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(p, serde_json::to_string_pretty(self).expect("prefs serialise"))
    }
}

/// Writes a file that must not exist yet (a report, an export): beside it first and then
/// renamed into place, so a failure leaves no half-written file and nothing is overwritten.
pub fn write_new_file(out: &std::path::Path, bytes: &[u8]) -> crate::Result<()> {
    if out.exists() {
        return Err(crate::Error::bad_input_with("err-file-exists", &[("path", &out.display().to_string())]));
    }
    let tmp = out.with_extension("partial");
    std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, out)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
    Ok(())
}
