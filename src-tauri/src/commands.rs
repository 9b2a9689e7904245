//! Tauri commands: each translates one IPC call into one core call and nothing more.
//! Errors cross as `ErrorReport` (a stable code, a sentence in the user's language, and
//! per-field messages for validation), never as text for the front end to parse.
//!
//! A command that can take more than a moment (key derivation, re-keying, backups, checking
//! the audit chain, reports, imports and returns) is `async`: Tauri runs plain commands on the
//! window's own thread, which would stop it drawing until they finish.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use cofrestr::dashboard::Dashboard;
use cofrestr::error::ErrorReport;
use cofrestr::glance::{Shown, ShownPage};
use cofrestr::i18n::Lang;
use cofrestr::paths::Prefs;
use cofrestr::register::store::ListQuery;
use cofrestr::register::{Record, RegisterView};
use cofrestr::session::{Installation, NewDatabase};
use cofrestr::settings::Settings;
use cofrestr::trail::{HistoryEntry, VerifyReport};
use cofrestr::{Error, Session};

pub(crate) use crate::dialogs::Access;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
use uuid::Uuid;

struct Open {
    session: Session,
    last_active: DateTime<Utc>,
    idle_minutes: u32,
}

#[derive(Default)]
pub struct AppState {
    open: Mutex<Option<Open>>,
    prefs: Mutex<Prefs>,
    /// Urgent items already notified this session, so each is raised once.
    notified: Mutex<std::collections::HashSet<(String, &'static str)>>,
    /// Files this window has saved: the only ones it will open in another program.
    saved: Mutex<std::collections::HashSet<PathBuf>>,
    /// Files and folders the person picked in a dialog this session, and for what (to save, to
    /// open, a folder): the only paths the file commands take from the window (see `dialogs`).
    picked: Mutex<std::collections::HashMap<PathBuf, Access>>,
}

impl AppState {
    pub fn new(prefs: Prefs) -> Self {
        AppState { prefs: Mutex::new(prefs), ..Default::default() }
    }
    pub(crate) fn lang(&self) -> Lang {
        self.prefs().lang
    }
    pub(crate) fn prefs(&self) -> std::sync::MutexGuard<'_, Prefs> {
        self.prefs.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
    pub(crate) fn report(&self, e: Error) -> ErrorReport {
        e.to_report(self.lang())
    }
    /// A path the person picked in a dialog to save, open or as a folder: from now on the file
    /// commands that do that take it.
    pub(crate) fn grant(&self, path: &Path, access: Access) {
        self.picked.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_path_buf(), access);
    }
    /// The path the window sends, if the person picked it in a dialog this session for this
    /// use (a file picked to open cannot be written, nor one picked to save read); any other is
    /// refused, so the window cannot read or write a file nobody chose.
    fn chosen(&self, path: &str, access: Access) -> Result<PathBuf, ErrorReport> {
        let path = PathBuf::from(path.trim());
        if path.as_os_str().is_empty() {
            return Err(
                self.report(Error::Validation(vec![cofrestr::error::FieldError::new("path", "err-choose-file")]))
            );
        }
        if self.picked.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&path) != Some(&access) {
            return Err(self.report(Error::bad_input("err-path-not-chosen")));
        }
        Ok(path)
    }
    /// Runs `f` on the unlocked session, locking first if it has been idle too long.
    fn with<T>(&self, f: impl FnOnce(&mut Session, DateTime<Utc>) -> cofrestr::Result<T>) -> Result<T, ErrorReport> {
        let now = Utc::now();
        let mut guard = self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let idle = match guard.as_ref() {
            None => return Err(self.report(Error::Locked)),
            Some(o) => now - o.last_active > chrono::Duration::minutes(o.idle_minutes as i64),
        };
        if idle {
            *guard = None;
            return Err(self.report(Error::Locked));
        }
        let open = guard.as_mut().expect("checked above");
        open.last_active = now;
        f(&mut open.session, now).map_err(|e| self.report(e))
    }
}

fn db_path(state: &AppState, path: Option<String>) -> PathBuf {
    match path.filter(|p| !p.trim().is_empty()) {
        Some(p) => PathBuf::from(p.trim()),
        None => remembered_db(state),
    }
}

/// The database opened last, or the default one.
fn remembered_db(state: &AppState) -> PathBuf {
    state.prefs().last_db.clone().unwrap_or_else(cofrestr::paths::default_db)
}

/// The database the window asks to create or open: the one it opened last (or the default),
/// or one the person picked in a dialog, and no other.
fn chosen_db(state: &AppState, path: Option<String>, access: Access) -> Result<PathBuf, ErrorReport> {
    match path.filter(|p| !p.trim().is_empty()) {
        Some(p) if remembered_db(state) != Path::new(p.trim()) => state.chosen(&p, access),
        _ => Ok(remembered_db(state)),
    }
}

#[derive(Serialize)]
pub struct AppStatus {
    lang: Lang,
    db_path: String,
    db_exists: bool,
    unlocked: bool,
    installation: Option<Installation>,
    idle_lock_minutes: Option<u32>,
    /// A recovery key waits to be shown and confirmed: the window shows it before anything else.
    recovery_pending: bool,
    /// The council's name in the window's language (its Welsh name on Welsh screens, if set).
    council: Option<String>,
}

#[tauri::command]
pub fn status(state: State<AppState>) -> AppStatus {
    let path = db_path(&state, None);
    let guard = state.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    AppStatus {
        lang: state.lang(),
        db_exists: path.exists(),
        db_path: path.display().to_string(),
        unlocked: guard.is_some(),
        installation: guard.as_ref().map(|o| o.session.installation().clone()),
        idle_lock_minutes: guard.as_ref().map(|o| o.idle_minutes),
        recovery_pending: guard.as_ref().is_some_and(|o| o.session.pending_recovery_key().ok().flatten().is_some()),
        council: guard.as_ref().map(|o| o.session.council_name(state.lang())),
    }
}

/// The About screen: this build, where its files are, and (when unlocked) the installation.
#[tauri::command]
pub fn about(state: State<AppState>) -> cofrestr::about::About {
    let guard = state.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    match guard.as_ref() {
        Some(o) => {
            let inst = o.session.installation();
            cofrestr::about::about(o.session.path(), Some((&inst.id, &inst.role)), state.lang())
        }
        None => cofrestr::about::about(&db_path(&state, None), None, state.lang()),
    }
}

/// The licences of every crate and font shipped (generated by `cargo about`).
#[tauri::command]
pub fn licences() -> cofrestr::about::Notices {
    cofrestr::about::notices()
}

#[tauri::command]
pub fn messages(lang: Lang) -> BTreeMap<String, String> {
    Session::messages(lang)
}

#[tauri::command]
pub fn set_lang(state: State<AppState>, lang: Lang) -> Result<(), ErrorReport> {
    let mut prefs = state.prefs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    prefs.lang = lang;
    prefs.save().map_err(|e| e.to_report(lang))
}

/// Ctrl+= (`1`), Ctrl+- (`-1`) and Ctrl+0 (`0`): draws the window larger, smaller or as
/// designed, and remembers it for next time. Returns the new zoom (1.0 is 100%).
#[tauri::command]
pub fn zoom(window: tauri::WebviewWindow, state: State<AppState>, direction: i32) -> Result<f64, ErrorReport> {
    let mut prefs = state.prefs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let level = prefs.zoom_step(direction);
    // Not state.report: that takes the preferences' lock, which is held here.
    window.set_zoom(level).map_err(|e| Error::Io(std::io::Error::other(e.to_string())).to_report(prefs.lang))?;
    prefs.zoom = Some(level);
    prefs.save().map_err(|e| e.to_report(prefs.lang))?;
    Ok(level)
}

fn remember_db(state: &AppState, path: &std::path::Path) {
    let mut prefs = state.prefs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if path != cofrestr::paths::default_db() {
        prefs.last_db = Some(path.to_path_buf());
    } else {
        prefs.last_db = None;
    }
    let _ = prefs.save();
}

fn finish_unlock(state: &AppState, session: Session, now: DateTime<Utc>) -> Result<AppStatus, ErrorReport> {
    // Unreadable settings must not lock anyone out: the idle lock takes the default, and the
    // dashboard and Settings say what is wrong.
    let settings = session.settings_for_editing().map_err(|e| state.report(e))?.settings;
    session.backup_on_unlock(now).map_err(|e| state.report(e))?;
    remember_db(state, session.path());
    let installation = session.installation().clone();
    let path = session.path().display().to_string();
    let recovery_pending = session.pending_recovery_key().map_err(|e| state.report(e))?.is_some();
    let council = session.council_name(state.lang());
    *state.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
        Some(Open { session, last_active: now, idle_minutes: settings.idle_lock_minutes });
    Ok(AppStatus {
        lang: state.lang(),
        db_path: path,
        db_exists: true,
        unlocked: true,
        installation: Some(installation),
        idle_lock_minutes: Some(settings.idle_lock_minutes),
        recovery_pending,
        council: Some(council),
    })
}

/// Forgotten passphrase: unlocks with the recovery key and sets the new passphrase.
#[tauri::command]
pub async fn recover(
    state: State<'_, AppState>,
    path: Option<String>,
    key: String,
    new: String,
    repeat: String,
) -> Result<AppStatus, ErrorReport> {
    let now = Utc::now();
    let path = chosen_db(&state, path, Access::Open)?;
    let session = Session::recover(&path, &key, &new, &repeat, now).map_err(|e| state.report(e))?;
    finish_unlock(&state, session, now)
}

/// The recovery key waiting to be shown: the key, its id, and the group to type back.
#[derive(Serialize)]
pub struct PendingKey {
    id: String,
    groups: Vec<String>,
    /// 1 to 8: which group the person types back.
    confirm_group: usize,
}

#[tauri::command]
pub fn pending_recovery_key(state: State<'_, AppState>) -> Result<Option<PendingKey>, ErrorReport> {
    state.with(|s, _| Ok(s.pending_recovery_key()?.as_ref().map(PendingKey::of)))
}

impl PendingKey {
    fn of(k: &cofrestr::keys::RecoveryKey) -> PendingKey {
        PendingKey {
            id: k.id(),
            groups: k.groups().iter().map(|g| g.to_string()).collect(),
            confirm_group: cofrestr::keys::confirm_group(k),
        }
    }
}

#[tauri::command]
pub fn confirm_recovery_key(state: State<'_, AppState>, group: usize, value: String) -> Result<(), ErrorReport> {
    state.with(|s, now| s.confirm_recovery_key(group, &value, now))
}

/// Saves the waiting recovery key's sheet (PDF) in `lang`.
#[tauri::command]
pub fn recovery_sheet(state: State<'_, AppState>, path: String, lang: Lang) -> Result<String, ErrorReport> {
    let out = state.chosen(&path, Access::Save)?;
    state.with(|s, now| s.write_recovery_sheet(&out, lang, now))?;
    state.saved.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(out.clone());
    Ok(out.display().to_string())
}

#[tauri::command]
pub fn recovery_status(state: State<'_, AppState>) -> Result<cofrestr::session::RecoveryStatus, ErrorReport> {
    let lang = state.lang();
    state.with(|s, _| s.recovery_status(lang))
}

#[tauri::command]
pub fn escrowed_keys(state: State<'_, AppState>) -> Result<Vec<cofrestr::returns::Escrowed>, ErrorReport> {
    state.with(|s, _| s.escrowed_keys())
}

/// A laptop's escrowed recovery key, opened on the hub (an audit entry).
#[tauri::command]
pub fn open_escrow(state: State<'_, AppState>, laptop: String) -> Result<PendingKey, ErrorReport> {
    state.with(|s, now| {
        let (k, _) = s.open_escrow(&laptop, now)?;
        Ok(PendingKey::of(&k))
    })
}

/// Makes a new recovery key (the passphrase given again); the window then shows it.
#[tauri::command]
pub fn new_recovery_key(state: State<'_, AppState>, passphrase: String) -> Result<(), ErrorReport> {
    state.with(|s, now| s.new_recovery_key(&passphrase, now).map(|_| ()))
}

#[tauri::command]
pub async fn create_database(
    state: State<'_, AppState>,
    path: Option<String>,
    passphrase: String,
    repeat: String,
    setup: NewDatabase,
) -> Result<AppStatus, ErrorReport> {
    let now = Utc::now();
    let path = chosen_db(&state, path, Access::Save)?;
    let session = Session::create(&path, &passphrase, &repeat, &setup, now).map_err(|e| state.report(e))?;
    finish_unlock(&state, session, now)
}

#[tauri::command]
pub async fn unlock(
    state: State<'_, AppState>,
    path: Option<String>,
    passphrase: String,
) -> Result<AppStatus, ErrorReport> {
    let now = Utc::now();
    let path = chosen_db(&state, path, Access::Open)?;
    let session = Session::unlock(&path, &passphrase, now).map_err(|e| state.report(e))?;
    finish_unlock(&state, session, now)
}

#[tauri::command]
pub fn lock(state: State<AppState>) {
    *state.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = None;
}

/// Every register's description; once unlocked, with choices worded as the council's settings say.
#[tauri::command]
pub fn registers(state: State<AppState>, lang: Lang) -> Result<Vec<RegisterView>, ErrorReport> {
    let mut views = match state.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_ref() {
        Some(o) => o.session.describe_all(lang).map_err(|e| state.report(e))?,
        None => cofrestr::register::describe_all(lang, &cofrestr::reference::Wording::shipped()),
    };
    // Each list opens on the view the officer last chose for it.
    let prefs = state.prefs();
    for v in &mut views {
        let def = Session::register(v.name).map_err(|e| e.to_report(prefs.lang))?;
        v.opens_on = cofrestr::registers::views::opens_on(def, prefs.views.get(v.name).map(String::as_str)).name();
    }
    Ok(views)
}

/// Today's date in the UK, by the clock every due date is counted from (the window's own
/// JavaScript clock may differ, and its time zone is the computer's).
#[tauri::command]
pub fn today() -> String {
    cofrestr::time::london_date(Utc::now()).to_string()
}

/// Keeps the view a register's list is shown in, for next time.
#[tauri::command]
pub fn remember_view(state: State<AppState>, register: String, view: String) -> Result<(), ErrorReport> {
    let mut prefs = state.prefs();
    let def = Session::register(&register).map_err(|e| e.to_report(prefs.lang))?;
    let chosen = cofrestr::registers::views::View::parse(&view)
        .filter(|v| cofrestr::registers::views::spec(def).views().contains(v))
        .ok_or_else(|| {
            Error::bad_input_with("err-bad-filter", &[("field", "view"), ("value", &view)]).to_report(prefs.lang)
        })?;
    prefs.views.insert(register, chosen.name().to_string());
    prefs.save().map_err(|e| e.to_report(prefs.lang))
}

#[tauri::command]
pub fn list(state: State<AppState>, register: String, mut query: ListQuery) -> Result<ShownPage, ErrorReport> {
    query.lang = state.lang();
    state.with(|s, now| s.list_shown(&register, &query, now))
}

fn parse_id(state: &AppState, id: &str) -> Result<Uuid, ErrorReport> {
    Uuid::parse_str(id).map_err(|_| state.report(Error::bad_input_with("err-bad-id", &[("value", id)])))
}

#[tauri::command]
pub fn get(state: State<AppState>, register: String, id: String) -> Result<Shown, ErrorReport> {
    let id = parse_id(&state, &id)?;
    let lang = state.lang();
    state.with(|s, now| s.page(&register, id, lang, now))
}

#[tauri::command]
pub fn save(
    state: State<AppState>,
    register: String,
    id: Option<String>,
    revision: Option<i64>,
    fields: BTreeMap<String, serde_json::Value>,
) -> Result<Record, ErrorReport> {
    let id = id.map(|i| parse_id(&state, &i)).transpose()?;
    state.with(|s, now| s.save(&register, id, revision, &fields, now))
}

#[tauri::command]
pub fn delete(state: State<AppState>, register: String, id: String, revision: i64) -> Result<(), ErrorReport> {
    let id = parse_id(&state, &id)?;
    state.with(|s, now| s.delete(&register, id, revision, now))
}

#[tauri::command]
pub fn history(state: State<AppState>, register: String, id: String) -> Result<Vec<HistoryEntry>, ErrorReport> {
    let id = parse_id(&state, &id)?;
    let lang = state.lang();
    state.with(|s, _| s.history(&register, id, lang))
}

#[tauri::command]
pub fn links(
    state: State<AppState>,
    register: String,
    id: String,
) -> Result<Vec<cofrestr::register::store::Link>, ErrorReport> {
    let id = parse_id(&state, &id)?;
    let lang = state.lang();
    state.with(|s, _| s.links(&register, id, lang))
}

#[tauri::command]
pub fn dashboard(state: State<AppState>) -> Result<Dashboard, ErrorReport> {
    let lang = state.lang();
    state.with(|s, now| s.dashboard(now, lang))
}

/// The dashboard's charts, asked for after the dashboard is shown (they take longer): off the
/// window's main thread, as the reports are.
#[tauri::command]
pub async fn headline(state: State<'_, AppState>) -> Result<cofrestr::reports::pack::Headline, ErrorReport> {
    let lang = state.lang();
    state.with(|s, now| s.headline(now, lang))
}

#[derive(Serialize)]
pub struct Raised {
    register: &'static str,
    id: String,
    message: String,
}

/// Raises a desktop notification for each urgent item not raised before (a breach with under
/// 24 hours left, a request due within two working days, anything overdue) and returns them,
/// so the window shows them too: where no notification service runs, that is all there is.
/// Urgency is decided in the core (`dashboard::due`).
#[tauri::command]
pub fn notify_due(app: tauri::AppHandle, state: State<AppState>) -> Result<Vec<Raised>, ErrorReport> {
    use tauri_plugin_notification::NotificationExt;
    let lang = state.lang();
    let due = state.with(|s, now| s.due(now, lang))?;
    let mut notified = state.notified.lock().expect("notified lock");
    let title = cofrestr::i18n::Messages::for_lang(lang).get("notify-title");
    let mut raised = vec![];
    for item in due.into_iter().filter(|d| d.urgent) {
        if notified.insert((item.id.clone(), item.code)) {
            // A desktop without a notification service refuses; the window still shows it.
            let _ = app.notification().builder().title(&title).body(&item.message).show();
            raised.push(Raised { register: item.register, id: item.id, message: item.message });
        }
    }
    Ok(raised)
}

#[tauri::command]
pub fn heat_map(state: State<AppState>) -> Result<cofrestr::registers::risks::HeatMap, ErrorReport> {
    let lang = state.lang();
    state.with(|s, _| s.heat_map(lang))
}

#[tauri::command]
pub fn load_starter(state: State<AppState>, register: String) -> Result<usize, ErrorReport> {
    state.with(|s, now| s.load_starter(&register, now))
}

#[tauri::command]
pub fn settings(state: State<AppState>) -> Result<cofrestr::settings::Editable, ErrorReport> {
    state.with(|s, _| s.settings_for_editing())
}

/// The window is in use (typing in a form calls nothing else): keeps the session from locking
/// itself for idleness while a person is working, as any call does.
#[tauri::command]
pub fn still_here(state: State<AppState>) -> Result<(), ErrorReport> {
    state.with(|_, _| Ok(()))
}

#[tauri::command]
pub fn save_settings(state: State<AppState>, settings: Settings) -> Result<(), ErrorReport> {
    let minutes = settings.idle_lock_minutes;
    state.with(|s, now| s.set_settings(&settings, now))?;
    if let Some(o) = state.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner).as_mut() {
        o.idle_minutes = minutes;
    }
    Ok(())
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    new: String,
    repeat: String,
) -> Result<(), ErrorReport> {
    state.with(|s, _| s.change_passphrase(&current, &new, &repeat, Utc::now()))
}

#[tauri::command]
pub async fn backup(state: State<'_, AppState>, path: String) -> Result<String, ErrorReport> {
    let out = state.chosen(&path, Access::Save)?;
    state.with(|s, _| s.backup(&out))?;
    Ok(out.display().to_string())
}

#[derive(Serialize)]
pub struct AuditSummary {
    ok: bool,
    message: String,
    report: VerifyReport,
}

/// Checks the audit trail, and (given) that it still holds the anchor a published report printed.
#[tauri::command]
pub async fn verify_audit(state: State<'_, AppState>, anchor: Option<String>) -> Result<AuditSummary, ErrorReport> {
    let lang = state.lang();
    let anchors = match anchor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(a) => vec![cofrestr::audit::Anchor::parse(a).map_err(|e| {
            let mut r = state.report(e);
            r.fields.push(cofrestr::error::FieldMessage { field: "anchor".into(), message: r.message.clone() });
            r
        })?],
        None => vec![],
    };
    let report = state.with(|s, _| s.verify_audit_with(&anchors))?;
    let mut message = report.summary(lang);
    if report.problem.is_none() && !anchors.is_empty() {
        message = format!(
            "{message} {}",
            cofrestr::i18n::Messages::for_lang(lang).fmt("cli-audit-anchor-ok", &vec![("anchors".into(), "1".into())])
        );
    }
    Ok(AuditSummary { ok: report.problem.is_none(), message, report })
}

/// What has left the database lately (exports, lists, reports, returns), newest first.
#[tauri::command]
pub fn exports(state: State<AppState>) -> Result<Vec<cofrestr::trail::ExportEntry>, ErrorReport> {
    let lang = state.lang();
    state.with(|s, _| s.exports(lang, 200))
}

/// What the Reports screen asks for.
#[derive(Deserialize)]
pub struct PackRequest {
    quarter: String,
    lang: Lang,
    marking: String,
    meeting: Option<String>,
    version: String,
    path: String,
}

/// Writes the IMG quarterly pack to a new file, sending 0–100 on `progress` as it goes.
#[tauri::command]
pub async fn report_pack(
    state: State<'_, AppState>,
    request: PackRequest,
    progress: Channel<u8>,
) -> Result<String, ErrorReport> {
    let opts = cofrestr::reports::PackOptions::parse(
        &request.quarter,
        request.lang,
        &request.marking,
        request.meeting.as_deref(),
        &request.version,
    )
    .map_err(|e| state.report(e))?;
    write_report(&state, &request.path, &progress, |s, out, now, p| s.write_img_pack(&opts, out, now, p))
}

/// Writes a report, list or spreadsheet to the new file `path` with the unlocked session (which
/// records it in the audit trail), passing progress on to the window.
fn write_report<T>(
    state: &AppState,
    path: &str,
    progress: &Channel<u8>,
    write: impl FnOnce(&mut Session, &Path, DateTime<Utc>, &mut dyn FnMut(u8)) -> cofrestr::Result<T>,
) -> Result<String, ErrorReport> {
    let out = state.chosen(path, Access::Save)?;
    state.with(|s, now| {
        write(s, &out, now, &mut |p| {
            let _ = progress.send(p);
        })
    })?;
    state.saved.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(out.clone());
    Ok(out.display().to_string())
}

/// A register printed as a list: which records (the window's search, filters and sort),
/// in which language and marking, with or without each record in full, and where.
#[derive(Deserialize)]
pub struct ListRequest {
    register: String,
    path: String,
    #[serde(flatten)]
    options: cofrestr::reports::list::ListOptions,
}

/// Writes a register's PDF list to a new file, sending 0–100 on `progress` as it goes.
#[tauri::command]
pub async fn report_register(
    state: State<'_, AppState>,
    request: ListRequest,
    progress: Channel<u8>,
) -> Result<String, ErrorReport> {
    write_report(&state, &request.path, &progress, |s, out, now, p| {
        s.write_list(&request.register, &request.options, out, now, p)
    })
}

/// Opens a file this window saved (a report, a list, a spreadsheet) in the program the
/// computer uses for it. Any other path is refused: the window cannot open arbitrary files.
#[tauri::command]
pub fn open_saved(state: State<'_, AppState>, path: String) -> Result<(), ErrorReport> {
    let path = PathBuf::from(path.trim());
    if !state.saved.lock().unwrap_or_else(std::sync::PoisonError::into_inner).contains(&path) {
        return Err(state.report(Error::bad_input("err-open-not-saved")));
    }
    tauri_plugin_opener::open_path(&path, None::<&str>).map_err(|e| {
        state.report(Error::bad_input_with(
            "err-open-failed",
            &[("path", &path.display().to_string()), ("detail", &e.to_string())],
        ))
    })
}

/// What the annual report asks for.
#[derive(Deserialize)]
pub struct AnnualRequest {
    year: String,
    lang: Lang,
    marking: String,
    path: String,
}

/// Writes the SIRO annual report to a new file, sending 0–100 on `progress` as it goes.
#[tauri::command]
pub async fn report_annual(
    state: State<'_, AppState>,
    request: AnnualRequest,
    progress: Channel<u8>,
) -> Result<String, ErrorReport> {
    let opts = cofrestr::reports::annual::AnnualOptions::parse(&request.year, request.lang, &request.marking)
        .map_err(|e| state.report(e))?;
    write_report(&state, &request.path, &progress, |s, out, now, p| s.write_annual(&opts, out, now, p))
}

/// The quarters and years the Reports screen offers, from today's UK date.
#[tauri::command]
pub fn report_periods() -> cofrestr::figures::ReportPeriods {
    cofrestr::figures::report_periods(cofrestr::time::london_date(Utc::now()))
}

/// Which register to write, and where (`.csv` or `.xlsx`).
#[derive(Deserialize)]
pub struct ExportRequest {
    register: String,
    path: String,
}

/// Writes a register to a new CSV file or Excel workbook.
#[tauri::command]
pub async fn export_register(
    state: State<'_, AppState>,
    request: ExportRequest,
    progress: Channel<u8>,
) -> Result<String, ErrorReport> {
    let lang = state.lang();
    write_report(&state, &request.path, &progress, |s, out, now, p| {
        s.write_export(&request.register, out, lang, now, p)
    })
}

/// A spreadsheet to check (`apply` false) or import (`apply` true) into a register.
#[derive(Deserialize)]
pub struct ImportRequest {
    register: String,
    path: String,
    #[serde(default)]
    mapping: BTreeMap<String, String>,
    #[serde(default)]
    full_roster: bool,
    apply: bool,
}

#[tauri::command]
pub async fn import_register(
    state: State<'_, AppState>,
    request: ImportRequest,
    progress: Channel<u8>,
) -> Result<cofrestr::transfer::ImportReport, ErrorReport> {
    let lang = state.lang();
    let opts = cofrestr::transfer::ImportOptions { mapping: request.mapping, full_roster: request.full_roster };
    let path = state.chosen(&request.path, Access::Open)?;
    state.with(|s, now| {
        s.import_file(&request.register, &path, &opts, request.apply, now, lang, &mut |p| {
            let _ = progress.send(p);
        })
    })
}

#[tauri::command]
pub fn training(state: State<AppState>) -> Result<cofrestr::training::Compliance, ErrorReport> {
    let lang = state.lang();
    state.with(|s, now| s.training_compliance(cofrestr::time::london_date(now), lang))
}

#[tauri::command]
pub fn training_chase(
    state: State<AppState>,
    department: Option<String>,
) -> Result<Vec<cofrestr::training::Chase>, ErrorReport> {
    let lang = state.lang();
    state.with(|s, now| s.training_chase(cofrestr::time::london_date(now), department.as_deref(), lang))
}

/// Where to write the chase list, and for which department (all when none).
#[derive(Deserialize)]
pub struct ChaseRequest {
    department: Option<String>,
    path: String,
}

#[tauri::command]
pub async fn export_chase(
    state: State<'_, AppState>,
    request: ChaseRequest,
    progress: Channel<u8>,
) -> Result<String, ErrorReport> {
    let lang = state.lang();
    write_report(&state, &request.path, &progress, |s, out, now, _| {
        s.write_chase(cofrestr::time::london_date(now), request.department.as_deref(), out, lang, now)
    })
}

/// Raises an action from a site audit finding or an accountability rating.
#[tauri::command]
pub fn raise_action(state: State<AppState>, register: String, id: String) -> Result<Record, ErrorReport> {
    let id = parse_id(&state, &id)?;
    let lang = state.lang();
    state.with(|s, now| s.raise_action(&register, id, now, lang))
}

/// Where this installation stands with the hub (not joined, a department, or the hub).
#[tauri::command]
pub fn returns_status(state: State<AppState>) -> Result<cofrestr::returns::Status, ErrorReport> {
    let lang = state.lang();
    state.with(|s, now| s.returns_status(now, lang))
}

/// Saves a sealed file (a join file, a return, a reference pack) as the new file `path`: `save`
/// writes it, and changes the database only once it is saved.
fn write_sealed<T>(
    state: &AppState,
    path: &str,
    save: impl FnOnce(&mut Session, &Path, DateTime<Utc>) -> cofrestr::Result<T>,
) -> Result<Written<T>, ErrorReport> {
    let out = state.chosen(path, Access::Save)?;
    let what = state.with(|s, now| save(s, &out, now))?;
    Ok(Written { path: out.display().to_string(), what })
}

#[derive(Serialize)]
pub struct Nothing {}

#[derive(Serialize)]
pub struct Written<T> {
    path: String,
    #[serde(flatten)]
    what: T,
}

/// Makes this installation the hub.
#[tauri::command]
pub async fn hub_init(state: State<'_, AppState>) -> Result<(), ErrorReport> {
    state.with(|s, now| s.hub_init(now))
}

/// Adds a department laptop on the hub and writes its own join file to `path`.
#[tauri::command]
pub fn add_laptop(
    state: State<AppState>,
    name: String,
    replaces: Option<String>,
    path: String,
) -> Result<String, ErrorReport> {
    let replaces = replaces.filter(|r| !r.is_empty());
    write_sealed(&state, &path, |s, out, now| {
        s.write_join_file(&name, replaces.as_deref(), out, now).map(|()| Nothing {})
    })
    .map(|w| w.path)
}

/// The installations a laptop added again may take over.
#[tauri::command]
pub fn replaceable(state: State<AppState>) -> Result<Vec<cofrestr::returns::identity::Replaceable>, ErrorReport> {
    state.with(|s, _| s.replaceable())
}

/// The laptops the hub added.
#[tauri::command]
pub fn laptops(state: State<AppState>) -> Result<Vec<cofrestr::returns::identity::LaptopEntry>, ErrorReport> {
    state.with(|s, _| s.laptops())
}

/// Withdraws a laptop by its id; returns its name.
#[tauri::command]
pub fn withdraw_laptop(state: State<AppState>, id: String) -> Result<String, ErrorReport> {
    state.with(|s, now| s.withdraw_laptop(&id, now))
}

/// Joins this laptop to the hub whose join file this is; returns the hub's council.
#[tauri::command]
pub async fn join_hub(state: State<'_, AppState>, path: String) -> Result<String, ErrorReport> {
    let file = state.chosen(&path, Access::Open)?;
    state.with(|s, now| s.join(&cofrestr::returns::read_join(&file)?, now))
}

/// Writes this department's next return, sealed for the hub, sending 0–100 on `progress`.
#[tauri::command]
pub async fn write_return(
    state: State<'_, AppState>,
    path: String,
    full: Option<bool>,
    progress: Channel<u8>,
) -> Result<Written<cofrestr::returns::Written>, ErrorReport> {
    write_sealed(&state, &path, |s, out, now| {
        s.write_return_with(out, now, full.unwrap_or(false), &mut |p| {
            let _ = progress.send(p);
        })
    })
}

/// Checks (`apply` false) or applies a department's return on the hub, sending 0–100 on
/// `progress`. Async, so a council-sized return does not hold up the window.
#[tauri::command]
pub async fn read_return(
    state: State<'_, AppState>,
    path: String,
    apply: bool,
    progress: Channel<u8>,
) -> Result<cofrestr::returns::ReturnReport, ErrorReport> {
    let file = state.chosen(&path, Access::Open)?;
    state.with(|s, now| {
        s.import_return_with(&cofrestr::returns::read_sealed(&file)?, now, apply, &mut |p| {
            let _ = progress.send(p);
        })
    })
}

/// Checks (`apply` false) or applies every return saved in a folder, each on its own.
#[tauri::command]
pub async fn read_returns_folder(
    state: State<'_, AppState>,
    path: String,
    apply: bool,
    progress: Channel<u8>,
) -> Result<cofrestr::returns::FolderReport, ErrorReport> {
    let folder = state.chosen(&path, Access::Folder)?;
    let lang = state.lang();
    state.with(|s, now| {
        s.import_returns_in(&folder, now, apply, lang, &mut |p| {
            let _ = progress.send(p);
        })
    })
}

/// Writes the hub's reference pack for every department.
#[tauri::command]
pub async fn write_pack(
    state: State<'_, AppState>,
    path: String,
) -> Result<Written<cofrestr::returns::pack::PackWritten>, ErrorReport> {
    write_sealed(&state, &path, |s, out, now| s.write_pack(out, now))
}

/// Checks (`apply` false) or applies the hub's reference pack on a department laptop.
#[tauri::command]
pub async fn read_pack(
    state: State<'_, AppState>,
    path: String,
    apply: bool,
) -> Result<cofrestr::returns::pack::PackReport, ErrorReport> {
    let file = state.chosen(&path, Access::Open)?;
    state.with(|s, now| s.import_pack(&cofrestr::returns::read_sealed(&file)?, now, apply))
}

#[tauri::command]
pub fn conflicts(state: State<AppState>) -> Result<Vec<cofrestr::returns::conflicts::Waiting>, ErrorReport> {
    let lang = state.lang();
    state.with(|s, _| s.conflicts(lang))
}

#[tauri::command]
pub fn conflict(state: State<AppState>, id: i64) -> Result<cofrestr::returns::conflicts::Detail, ErrorReport> {
    let lang = state.lang();
    state.with(|s, _| s.conflict(id, lang))
}

/// Decides a conflict: keep this copy's version, take the department's, or chosen fields.
#[tauri::command]
pub fn resolve_conflict(
    state: State<AppState>,
    id: i64,
    decision: cofrestr::returns::conflicts::Decision,
) -> Result<(), ErrorReport> {
    state.with(|s, now| s.resolve_conflict(id, &decision, now))
}
