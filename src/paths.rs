//! Where files live: the per-user data folder from `directories` (so the same code finds the
//! right place on Windows and Linux), overridden by `COFRESTR_DB` / `--db` for the database
//! and `COFRESTR_PREFS` for the window's preferences file.

use std::path::{Path, PathBuf};

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
    data_folder().map(|d| d.join("cofrestr.db")).unwrap_or_else(|| PathBuf::from("cofrestr.db"))
}

/// The per-user folder the database lives in by default (on Windows under AppData\Roaming,
/// on Linux under ~/.local/share).
/// Where a person keeps their own documents (for a recovery sheet to print, never beside the
/// database): Documents, else the home folder.
pub fn documents_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(dirs.document_dir().map(Path::to_path_buf).unwrap_or_else(|| dirs.home_dir().to_path_buf()))
}

pub fn data_folder() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().to_path_buf())
}

/// The window's preferences file: `COFRESTR_PREFS` if set, else `prefs.json` in the user's
/// configuration folder.
pub fn prefs_file() -> PathBuf {
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
        std::fs::read_to_string(prefs_file()).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
    }

    /// Saves the preferences whole (see [`crate::files::replace`]).
    pub fn save(&self) -> crate::Result<()> {
        crate::files::replace(&prefs_file(), serde_json::to_string_pretty(self).expect("prefs serialise").as_bytes())
    }
}
