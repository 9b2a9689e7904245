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

/// Where a person keeps their own documents, where file dialogs open the first time (and so
/// a recovery sheet is not suggested beside the database): Documents, else the home folder.
pub fn documents_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(dirs.document_dir().map(Path::to_path_buf).unwrap_or_else(|| dirs.home_dir().to_path_buf()))
}

/// The per-user folder the database lives in by default (on Windows under AppData\Roaming,
/// on Linux under ~/.local/share).
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
    /// How large the window draws everything (Ctrl+= and Ctrl+-); none: as designed (100%).
    pub zoom: Option<f64>,
    /// The folder last chosen in a file dialog, by kind of file (`pdf`, `spreadsheet`, …).
    pub folders: std::collections::BTreeMap<String, PathBuf>,
    /// The saved view each register's list was last shown in (`requests` → `overdue`); see
    /// [`crate::registers::views`].
    pub views: std::collections::BTreeMap<String, String>,
}

/// The zoom levels Ctrl+= and Ctrl+- step through, as browsers offer them.
pub const ZOOM_STEPS: [f64; 9] = [0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0];

impl Prefs {
    /// The saved zoom, within the steps offered (a hand-edited file cannot make it unusable).
    pub fn zoom(&self) -> f64 {
        self.zoom.filter(|z| z.is_finite()).unwrap_or(1.0).clamp(ZOOM_STEPS[0], ZOOM_STEPS[ZOOM_STEPS.len() - 1])
    }

    /// The zoom one step larger (`1`), smaller (`-1`) or back to 100% (`0`) than now.
    pub fn zoom_step(&self, direction: i32) -> f64 {
        let now = self.zoom();
        match direction.signum() {
            0 => 1.0,
            1 => ZOOM_STEPS.iter().copied().find(|z| *z > now + 1e-6).unwrap_or(now),
            _ => ZOOM_STEPS.iter().rev().copied().find(|z| *z < now - 1e-6).unwrap_or(now),
        }
    }

    pub fn load() -> Prefs {
        std::fs::read_to_string(prefs_file()).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
    }

    /// Saves the preferences whole (see [`crate::files::replace`]).
    pub fn save(&self) -> crate::Result<()> {
        crate::files::replace(&prefs_file(), serde_json::to_string_pretty(self).expect("prefs serialise").as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps_up_and_down_and_back_and_a_bad_saved_value_is_kept_in_range() {
        let mut p = Prefs::default();
        assert_eq!(p.zoom(), 1.0);
        assert_eq!(p.zoom_step(1), 1.1);
        assert_eq!(p.zoom_step(-1), 0.9);
        p.zoom = Some(2.0);
        assert_eq!(p.zoom_step(1), 2.0, "no larger than the last step");
        assert_eq!(p.zoom_step(0), 1.0);
        p.zoom = Some(1.2);
        assert_eq!((p.zoom_step(1), p.zoom_step(-1)), (1.25, 1.1), "between steps: the next one either way");
        p.zoom = Some(f64::NAN);
        assert_eq!(p.zoom(), 1.0);
        p.zoom = Some(40.0);
        assert_eq!(p.zoom(), 2.0);
        let old: Prefs = serde_json::from_str(r#"{"lang":"cy"}"#).unwrap();
        assert_eq!(old.zoom(), 1.0, "preferences saved before zoom still load");
    }
}
