//! Native open and save dialogs (tauri-plugin-dialog), opened from Rust. The window never hands
//! a path of its own to a command that reads or writes a file: it asks for a dialog, the person
//! picks, and those commands take only a path picked that way in this session
//! ([`AppState::chosen`]). The window holds no dialog or file-system permission.
//!
//! Each purpose has its file types and its own last folder, kept in the preferences; the first
//! time, the dialog opens in the user's Documents. Titles and file-type names are in the user's
//! language.
//!
//! Testing: in a debug build, `COFRESTR_E2E_PICKS` names a file of answers, one per line (an
//! empty line is Cancel), taken in turn instead of showing a dialog; each request is written to
//! that file with `.log` added (purpose, folder, suggested name), so a test can check what the
//! dialog would have offered. Release builds have no such hook.

use std::path::{Path, PathBuf};

use cofrestr::i18n::Messages;
use cofrestr::Error;
use serde::{Deserialize, Serialize};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::commands::AppState;

/// What a dialog is for: which files it shows and where it opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// A report or list to save (PDF).
    PdfSave,
    /// A recovery key's sheet to save (PDF): it always starts in Documents, never in a folder
    /// used before (which could be beside the database), and no folder is remembered for it.
    SheetSave,
    /// A register or chase list to save (CSV or Excel).
    SpreadsheetSave,
    /// A spreadsheet to import.
    SpreadsheetOpen,
    /// A department's return to save, or to read on the hub.
    ReturnSave,
    ReturnOpen,
    /// A folder of returns to read on the hub.
    ReturnsFolder,
    /// A laptop's join file to save (hub), or to read (laptop).
    JoinSave,
    JoinOpen,
    /// The hub's reference pack to save, or to read on a laptop.
    PackSave,
    PackOpen,
    /// A copy of the database to save (its own last folder: a backup's folder, perhaps a USB
    /// stick, is never where the database is next opened from).
    BackupSave,
    /// A new database to create, or an existing one to open.
    DatabaseSave,
    DatabaseOpen,
}

/// What a picked path may be used for: written (a new file), read, or read as a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Save,
    Open,
    Folder,
}

use Access as Mode;

impl Purpose {
    fn mode(self) -> Mode {
        use Purpose::*;
        match self {
            PdfSave | SheetSave | SpreadsheetSave | ReturnSave | JoinSave | PackSave | BackupSave | DatabaseSave => {
                Mode::Save
            }
            SpreadsheetOpen | ReturnOpen | JoinOpen | PackOpen | DatabaseOpen => Mode::Open,
            ReturnsFolder => Mode::Folder,
        }
    }

    /// The kind of file, which keeps its own last folder.
    fn kind(self) -> &'static str {
        use Purpose::*;
        match self {
            PdfSave => "pdf",
            SheetSave => "sheet",
            SpreadsheetSave | SpreadsheetOpen => "spreadsheet",
            ReturnSave | ReturnOpen | ReturnsFolder => "return",
            JoinSave | JoinOpen => "join",
            PackSave | PackOpen => "pack",
            BackupSave => "backup",
            DatabaseSave | DatabaseOpen => "database",
        }
    }

    /// The file types offered: (message id of their name, extensions).
    fn filters(self) -> &'static [(&'static str, &'static [&'static str])] {
        use Purpose::*;
        match self {
            PdfSave | SheetSave => &[("dialog-type-pdf", &["pdf"])],
            SpreadsheetSave | SpreadsheetOpen => &[
                ("dialog-type-spreadsheet", &["xlsx", "csv"]),
                ("dialog-type-xlsx", &["xlsx"]),
                ("dialog-type-csv", &["csv"]),
            ],
            ReturnSave | ReturnOpen | PackSave | PackOpen => &[("dialog-type-sealed", &["cofrestr"])],
            JoinSave | JoinOpen => &[("dialog-type-join", &["json"])],
            BackupSave | DatabaseSave | DatabaseOpen => &[("dialog-type-database", &["db"])],
            ReturnsFolder => &[],
        }
    }

    fn title_id(self) -> String {
        let name = serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        format!("dialog-title-{name}")
    }
}

/// Where a dialog for `purpose` opens: the folder last chosen for its kind of file, if it is
/// still there, or else the user's Documents.
fn start_folder(state: &AppState, purpose: Purpose) -> Option<PathBuf> {
    if purpose == Purpose::SheetSave {
        return cofrestr::paths::documents_folder();
    }
    let remembered = state.prefs().folders.get(purpose.kind()).cloned();
    remembered.filter(|f| f.is_dir()).or_else(cofrestr::paths::documents_folder)
}

/// What the person picked (None: Cancel), from the native dialog or, in tests, the answers file.
fn ask(
    app: &tauri::AppHandle,
    window: &tauri::WebviewWindow,
    purpose: Purpose,
    folder: Option<&Path>,
    name: Option<&str>,
    msgs: &Messages,
) -> Result<Option<PathBuf>, Error> {
    #[cfg(debug_assertions)]
    if let Some(answers) = std::env::var_os("COFRESTR_E2E_PICKS").filter(|v| !v.is_empty()) {
        return test_answer(Path::new(&answers), purpose, folder, name);
    }
    let mut dialog = app.dialog().file().set_parent(window).set_title(msgs.get(&purpose.title_id()));
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        dialog = dialog.set_file_name(name);
    }
    for (label, extensions) in purpose.filters() {
        dialog = dialog.add_filter(msgs.get(label), extensions);
    }
    let picked = match purpose.mode() {
        Mode::Save => dialog.blocking_save_file(),
        Mode::Open => dialog.blocking_pick_file(),
        Mode::Folder => dialog.blocking_pick_folder(),
    };
    picked.map(|p| p.into_path().map_err(|e| Error::Io(std::io::Error::other(e.to_string())))).transpose()
}

#[cfg(debug_assertions)]
fn test_answer(
    answers: &Path,
    purpose: Purpose,
    folder: Option<&Path>,
    name: Option<&str>,
) -> Result<Option<PathBuf>, Error> {
    use std::io::Write;
    let text = std::fs::read_to_string(answers).unwrap_or_default();
    let mut lines = text.lines();
    let Some(first) = lines.next() else {
        return Err(Error::bad_input_with("err-test-no-pick", &[("purpose", &purpose.title_id())]));
    };
    let rest: Vec<&str> = lines.collect();
    std::fs::write(answers, if rest.is_empty() { String::new() } else { rest.join("\n") + "\n" })?;
    let entry = serde_json::json!({ "purpose": purpose, "folder": folder, "name": name });
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open(answers.with_extension("log"))?;
    // One write of the whole line, so a test reading meanwhile never sees half of it.
    log.write_all(format!("{entry}\n").as_bytes())?;
    Ok((!first.trim().is_empty()).then(|| PathBuf::from(first.trim())))
}

/// Shows the dialog for `purpose` (a save dialog suggests `name`) and returns what was picked,
/// or nothing for Cancel. What is picked becomes a path the file commands accept, and its
/// folder the one this kind of file starts in next time.
#[tauri::command]
pub async fn choose(
    app: tauri::AppHandle,
    window: tauri::WebviewWindow,
    state: State<'_, AppState>,
    purpose: Purpose,
    name: Option<String>,
) -> Result<Option<String>, cofrestr::error::ErrorReport> {
    let lang = state.lang();
    let folder = start_folder(&state, purpose);
    // The dialog waits for the person: not on the thread that runs the window.
    let picked = tauri::async_runtime::spawn_blocking(move || {
        ask(&app, &window, purpose, folder.as_deref(), name.as_deref(), Messages::for_lang(lang))
    })
    .await
    .map_err(|e| state.report(Error::Io(std::io::Error::other(e.to_string()))))?
    .map_err(|e| state.report(e))?;
    let Some(path) = picked else { return Ok(None) };
    // Cofrestr never writes over a file: say so now, not after the dialog's own "Replace?".
    if matches!(purpose.mode(), Mode::Save) && path.exists() {
        return Err(state.report(Error::bad_input_with("err-save-exists", &[("path", &path.display().to_string())])));
    }
    let remembered = match purpose.mode() {
        Mode::Folder => Some(path.clone()),
        _ => path.parent().map(Path::to_path_buf),
    };
    if let Some(folder) = remembered.filter(|f| !f.as_os_str().is_empty() && purpose != Purpose::SheetSave) {
        let mut prefs = state.prefs();
        prefs.folders.insert(purpose.kind().to_string(), folder);
        // The folder is a convenience: failing to remember it must not lose the choice.
        let _ = prefs.save();
    }
    state.grant(&path, purpose.mode());
    Ok(Some(path.display().to_string()))
}
