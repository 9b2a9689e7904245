//! The one API surface: an unlocked database and every operation the window and the CLI offer.
//!
//! Architecture invariant: the desktop commands (`src-tauri/`) and the CLI (`src/main.rs`)
//! call these methods and add nothing but argument parsing and presentation. The same call
//! with the same arguments gives the same answer from either face.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::audit;
use crate::error::{Error, FieldError, Result};
use crate::i18n::{Lang, Messages};
use crate::keys::{DatabaseKey, KeyFile, RecoveryKey};
use crate::register::store::{self, Actor, ListPage, ListQuery};
use crate::register::{self, Record, RegisterDef, RegisterView};
use crate::registers;
use crate::settings::{self, Settings};
use crate::store as db;
use crate::trail::{self, HistoryEntry};
use crate::transfer;

/// Minimum passphrase length; zxcvbn must also rate it at least "safely unguessable" (3 of 4).
pub const MIN_PASSPHRASE_CHARS: usize = 12;

/// Refuses a passphrase that a lost laptop's finder could guess.
pub fn check_passphrase(passphrase: &str, repeat: &str) -> Result<()> {
    if passphrase != repeat {
        return Err(Error::PassphraseMismatch);
    }
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::PassphraseTooWeak);
    }
    let score = zxcvbn::zxcvbn(passphrase, &[]).score();
    if (score as u8) < 3 {
        return Err(Error::PassphraseTooWeak);
    }
    Ok(())
}

/// What the first-run screen asks for.
#[derive(Debug, Clone, Deserialize)]
pub struct NewDatabase {
    pub council: String,
    pub user_name: String,
    pub department: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Installation {
    pub id: String,
    pub council_name: String,
    pub user_name: String,
    pub user_person_id: Option<String>,
    pub role: String,
    pub created_at: String,
}

pub struct Session {
    conn: Connection,
    path: PathBuf,
    installation: Installation,
    /// The key the file is encrypted under; `None` for a file from before recovery keys, still
    /// keyed by its passphrase (until [`Session::unlock`] can give it one).
    key: Option<DatabaseKey>,
    /// The lock file held shared while the session is open (see [`db::hold_shared`]).
    hold: Option<db::Hold>,
}

/// The recovery key's state, for Settings and `cofrestr recovery-key status`.
#[derive(Debug, Clone, Serialize)]
pub struct RecoveryStatus {
    /// The id of the recovery key that opens the file (printed on its sheet); `None` before it
    /// has one.
    pub id: Option<String>,
    /// Made, in Europe/London time.
    pub made: Option<String>,
    /// Its holder confirmed they stored it (Europe/London time); `None` while it waits.
    pub confirmed: Option<String>,
    /// A new key waits to be shown and confirmed.
    pub pending: bool,
    pub events: Vec<trail::KeyEvent>,
}

impl Session {
    /// Creates a new encrypted database with its installation, the user's department and the
    /// user as a person. Nothing is left behind if any step fails.
    pub fn create(
        path: &Path,
        passphrase: &str,
        repeat: &str,
        new: &NewDatabase,
        now: DateTime<Utc>,
    ) -> Result<Session> {
        check_passphrase(passphrase, repeat)?;
        let mut errors = vec![];
        for (field, value) in
            [("council", &new.council), ("user_name", &new.user_name), ("department", &new.department)]
        {
            if value.trim().is_empty() {
                errors.push(FieldError::new(field, "err-required"));
            } else if value.trim().chars().count() > 200 {
                errors.push(FieldError::new(field, "err-too-long").with("max", 200));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Validation(errors));
        }
        // Made whole in a temporary file beside its name, then moved into place without
        // replacing anything: a file already at `path` is never touched, and a failure or a
        // kill part-way leaves nothing under that name.
        if path.exists() {
            return Err(Error::DatabaseExists(path.display().to_string()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let recovery = RecoveryKey::generate();
        let key = recovery.database_key();
        let tmp = crate::files::temp_beside(path, crate::files::Access::Owner)?;
        let made = Self::create_inner(&tmp, &recovery, new, now).and_then(|()| crate::files::sync_file(&tmp));
        db::remove_sidecars(&tmp);
        made?;
        // The key file first: the database never takes its name without the passphrase's way in.
        // (One left by an earlier database of this name, now gone, is replaced.)
        if path.exists() {
            return Err(Error::DatabaseExists(path.display().to_string()));
        }
        KeyFile::new(vec![crate::keys::seal(&key, passphrase, now)]).write(path)?;
        crate::files::move_into_place(tmp, path).map_err(|e| match e {
            Error::BadInput { id, .. } if id == "err-file-exists" => Error::DatabaseExists(path.display().to_string()),
            e => e,
        })?;
        Self::open(path, passphrase)
    }

    fn create_inner(path: &Path, recovery: &RecoveryKey, new: &NewDatabase, now: DateTime<Utc>) -> Result<()> {
        let key = recovery.database_key();
        let mut conn = db::open_with(path, db::Key::Raw(&key), true)?;
        db::migrate(&mut conn, db::MIGRATIONS.len())?;
        let installation_id = Uuid::new_v4().to_string();
        let actor = Actor { installation: installation_id.clone(), name: new.user_name.trim().to_string(), now };
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO installation (singleton, id, council_name, user_name, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
            params![installation_id, new.council.trim(), new.user_name.trim(), crate::time::stamp(now)],
        )?;
        let code: String = new
            .department
            .split_whitespace()
            .filter(|w| !matches!(w.to_lowercase().as_str(), "and" | "of" | "the" | "a" | "ac" | "y" | "yr" | "&"))
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_uppercase();
        let code = if code.is_empty() { "DEPT".to_string() } else { code.chars().take(10).collect() };
        let dept = store::create(
            &tx,
            &registers::departments::DEF,
            &actor,
            &json_map(&[("name", new.department.trim()), ("code", &code)]),
        )?;
        let person = store::create(
            &tx,
            &registers::people::DEF,
            &actor,
            &json_map(&[("name", new.user_name.trim()), ("department_id", &dept.id.to_string())]),
        )?;
        tx.execute("UPDATE installation SET user_person_id = ?1", [person.id.to_string()])?;
        // A new council starts with the starter retention schedule to adapt, not a blank one.
        registers::retention::load_template(&tx, &actor)?;
        registers::checklist_templates::load_starter(&tx, &actor)?;
        // Shown (and kept, encrypted in here) until its holder confirms they stored it.
        tx.execute(
            "INSERT INTO recovery (singleton, key_id, pending_key, pending_id, made_at, escrow_key) VALUES (1, ?1, ?2, ?1, ?3, ?2)",
            params![key.id(), recovery.as_str(), crate::time::stamp(now)],
        )?;
        audit::record_key(&tx, &actor, key.id(), "made", serde_json::json!({}))?;
        tx.commit()?;
        // One file, nothing left in a write-ahead log beside it, before it takes its name.
        conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get::<_, String>(0))?;
        Ok(())
    }

    /// Replaces the database at `path` with the backup `from` (see [`db::restore_with`]), its
    /// trail verified whole, adjusted for what being restored means to a hub (see
    /// [`crate::returns::on_restore`]). A restore with a recovery key is a use of it: an entry
    /// in the restored file's trail.
    pub fn restore(path: &Path, from: &Path, secret: db::Secret, now: DateTime<Utc>) -> Result<db::Restored> {
        let verify_trail = |conn: &Connection| Ok(trail::verify(conn)?.problem.map(|p| p.message(Lang::En)));
        db::restore_with(path, from, secret, now, verify_trail, |conn| {
            crate::returns::on_restore(conn)?;
            if let db::Secret::Recovery(key) = secret {
                let (installation, name): (String, String) =
                    conn.query_row("SELECT id, user_name FROM installation", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let actor = Actor { installation, name, now };
                audit::record_key(
                    conn,
                    &actor,
                    &key.id(),
                    "restored",
                    serde_json::json!({ "from": from.display().to_string() }),
                )?;
            }
            Ok(())
        })
    }

    /// Opens an existing database with its passphrase, upgrading its schema if it was written
    /// by an older Cofrestr (after keeping a copy as it was: [`db::pre_upgrade_copy`]). A wrong
    /// passphrase changes nothing. The window and the CLI call [`Session::unlock`], which also
    /// settles the keys.
    pub fn open(path: &Path, passphrase: &str) -> Result<Session> {
        if !path.exists() {
            return Err(Error::DatabaseMissing(path.display().to_string()));
        }
        let hold = db::hold_shared(path)?;
        let db::Unlocked { mut conn, key } = db::unlock(path, passphrase)?;
        db::pre_upgrade_copy(&conn, path)?;
        db::migrate(&mut conn, db::MIGRATIONS.len())?;
        Self::from_conn(conn, path, key, hold)
    }

    /// Releases this session's shared hold and takes the lock file exclusively, or, when
    /// another session has the file open, takes the shared hold back and gives `None`.
    fn alone(&mut self) -> Result<Option<db::Hold>> {
        self.hold = None;
        match db::hold_exclusive(&self.path)? {
            Some(x) => Ok(Some(x)),
            None => {
                self.hold = db::hold_shared(&self.path).ok();
                Ok(None)
            }
        }
    }

    fn shared_again(&mut self, exclusive: db::Hold) {
        drop(exclusive);
        self.hold = db::hold_shared(&self.path).ok();
    }

    /// [`Session::open`], then the keys settled: a file from before recovery keys is given one
    /// (shown until confirmed: [`Session::pending_recovery_key`]); a recovery key replaced by a
    /// process that was stopped part-way is finished or forgotten; the key file keeps only the
    /// slots that open this file. Nothing of this is done while another Cofrestr has the file
    /// open (it is tried again at the next unlock).
    pub fn unlock(path: &Path, passphrase: &str, now: DateTime<Utc>) -> Result<Session> {
        let mut s = Self::open(path, passphrase)?;
        s.settle_keys(Some(passphrase), now)?;
        Ok(s)
    }

    /// Opens the database with its recovery key and sets a new passphrase (the recovery key goes
    /// on working). A key that does not open the file, or a new passphrase that is refused,
    /// changes nothing. The use is an audit entry.
    pub fn recover(path: &Path, typed_key: &str, new: &str, repeat: &str, now: DateTime<Utc>) -> Result<Session> {
        let recovery = RecoveryKey::parse(typed_key)?;
        check_passphrase(new, repeat)?;
        if !path.exists() {
            return Err(Error::DatabaseMissing(path.display().to_string()));
        }
        let hold = db::hold_shared(path)?;
        let db::Unlocked { mut conn, key } = db::unlock_with_recovery(path, &recovery)?;
        db::pre_upgrade_copy(&conn, path)?;
        db::migrate(&mut conn, db::MIGRATIONS.len())?;
        let mut s = Self::from_conn(conn, path, key, hold)?;
        let key = s.key.clone().expect("opened by a database key");
        let actor = s.actor(now);
        let tx = s.conn.transaction()?;
        audit::record_key(&tx, &actor, key.id(), "used", serde_json::json!({}))?;
        tx.execute(
            "INSERT INTO recovery (singleton, key_id, escrow_key) VALUES (1, ?1, ?2)
             ON CONFLICT (singleton) DO UPDATE SET escrow_key = excluded.escrow_key",
            params![key.id(), recovery.as_str()],
        )?;
        tx.commit()?;
        KeyFile::new(vec![crate::keys::seal(&key, new, now)]).write(path)?;
        s.settle_keys(Some(new), now)?;
        Ok(s)
    }

    fn settle_keys(&mut self, passphrase: Option<&str>, now: DateTime<Utc>) -> Result<()> {
        let Some(key) = self.key.clone() else {
            // From before recovery keys: give it one, if this is the only session. Anything
            // that stops it (another Cofrestr opened it meanwhile, a full disk) leaves the file
            // as it was, opening under its passphrase as before, and it is tried again at the
            // next unlock.
            let Some(passphrase) = passphrase else { return Ok(()) };
            let Some(exclusive) = self.alone()? else { return Ok(()) };
            let upgraded = self.first_key(passphrase, now);
            self.shared_again(exclusive);
            return match upgraded {
                Ok(()) => self.settle_keys(None, now),
                Err(_) => Ok(()),
            };
        };
        let (key_id, pending_id): (String, Option<String>) = self
            .conn
            .query_row("SELECT key_id, pending_id FROM recovery", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or_default();
        let actor = self.actor(now);
        if pending_id.as_deref().is_some_and(|p| p != key.id()) {
            // A new key whose re-encryption never happened: it opens nothing, so it is dropped.
            let tx = self.conn.transaction()?;
            tx.execute_batch("PRAGMA secure_delete = ON")?;
            tx.execute("UPDATE recovery SET pending_key = NULL, pending_id = NULL", [])?;
            tx.commit()?;
        }
        if key_id != key.id() {
            let tx = self.conn.transaction()?;
            let changed = tx.execute(
                "INSERT INTO recovery (singleton, key_id, made_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (singleton) DO UPDATE SET key_id = excluded.key_id",
                params![key.id(), crate::time::stamp(now)],
            )?;
            if changed > 0 && pending_id.as_deref() == Some(key.id()) {
                // Now the file's key: kept for escrow, waiting to be confirmed.
                tx.execute(
                    "UPDATE recovery SET escrow_key = pending_key, confirmed_at = NULL, made_at = ?1",
                    [crate::time::stamp(now)],
                )?;
                let detail =
                    if key_id.is_empty() { serde_json::json!({}) } else { serde_json::json!({ "previous": key_id }) };
                audit::record_key(&tx, &actor, key.id(), if key_id.is_empty() { "made" } else { "replaced" }, detail)?;
            }
            tx.commit()?;
        }
        // The key file keeps only the slots that open this file.
        if let Ok(Some(mut file)) = KeyFile::read(&self.path) {
            let before = file.slots.len();
            file.slots.retain(|s| s.id == key.id());
            if file.slots.len() != before && !file.slots.is_empty() {
                file.write(&self.path)?;
            }
        }
        Ok(())
    }

    /// Gives a file from before recovery keys its first (the lock file held exclusively).
    fn first_key(&mut self, passphrase: &str, now: DateTime<Utc>) -> Result<()> {
        let recovery = RecoveryKey::generate();
        let new_key = recovery.database_key();
        self.conn.execute(
            "INSERT INTO recovery (singleton, pending_key, pending_id) VALUES (1, ?1, ?2)
             ON CONFLICT (singleton) DO UPDATE SET pending_key = excluded.pending_key, pending_id = excluded.pending_id",
            params![recovery.as_str(), new_key.id()],
        )?;
        // The key file first: whichever key the file is under when this stops, one opens it
        // (the passphrase itself still opens the file until the copy under the new key is in).
        KeyFile::new(vec![crate::keys::seal(&new_key, passphrase, now)]).write(&self.path)?;
        match db::rekey_by_copy(&mut self.conn, &self.path, db::Key::Passphrase(passphrase), &new_key) {
            Ok(()) => {
                self.key = Some(new_key);
                Ok(())
            }
            Err(e) => {
                let _ = self.conn.execute("UPDATE recovery SET pending_key = NULL, pending_id = NULL", []);
                let _ = std::fs::remove_file(crate::keys::key_file(&self.path));
                Err(e)
            }
        }
    }

    /// The recovery key waiting to be shown to its holder and confirmed, if one is.
    /// A new key whose re-encryption was stopped part-way is never shown; the key the file is
    /// under is shown again if it was never confirmed.
    pub fn pending_recovery_key(&self) -> Result<Option<RecoveryKey>> {
        let Some(key) = &self.key else { return Ok(None) };
        /// pending_key, pending_id, escrow_key, confirmed_at.
        type Row = (Option<String>, Option<String>, Option<String>, Option<String>);
        let row: Option<Row> = self
            .conn
            .query_row("SELECT pending_key, pending_id, escrow_key, confirmed_at FROM recovery", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?;
        let Some((pending, pending_id, escrow, confirmed)) = row else { return Ok(None) };
        let candidate = match (pending, pending_id) {
            (Some(p), Some(id)) if id == key.id() => Some(p),
            _ if confirmed.is_none() => escrow,
            _ => None,
        };
        Ok(candidate.and_then(|p| RecoveryKey::parse(&p).ok()).filter(|k| k.id() == key.id()))
    }

    /// The holder types back group `group` (1 to 8) of the waiting recovery key to show they
    /// have stored it; then it is deleted from the file for good. A wrong group changes nothing.
    pub fn confirm_recovery_key(&mut self, group: usize, typed: &str, now: DateTime<Utc>) -> Result<()> {
        let Some(pending) = self.pending_recovery_key()? else {
            return Err(Error::bad_input("err-recovery-nothing-pending"));
        };
        if !pending.group_matches(group, typed) {
            return Err(Error::Validation(vec![FieldError::new("group", "err-recovery-group").with("n", group)]));
        }
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        tx.execute_batch("PRAGMA secure_delete = ON")?;
        tx.execute(
            "UPDATE recovery SET pending_key = NULL, pending_id = NULL, confirmed_at = ?1",
            [crate::time::stamp(now)],
        )?;
        audit::record_key(&tx, &actor, &pending.id(), "confirmed", serde_json::json!({}))?;
        tx.commit()?;
        Ok(())
    }

    /// Makes a new recovery key and re-encrypts the file under it; the old key stops opening
    /// this file (backups already made still open with it). The passphrase must be given again,
    /// and no other Cofrestr may have the file open. The new key is returned to be shown, and
    /// waits for confirmation like the first.
    pub fn new_recovery_key(&mut self, passphrase: &str, now: DateTime<Utc>) -> Result<RecoveryKey> {
        let Some(old) = self.key.clone() else { return Err(Error::bad_input("err-recovery-not-yet")) };
        let file = KeyFile::read(&self.path)?.unwrap_or_else(|| KeyFile::new(vec![]));
        if !file.unseal(passphrase).contains(&old) {
            return Err(Error::WrongPassphrase);
        }
        let Some(exclusive) = self.alone()? else { return Err(Error::bad_input("err-rekey-in-use")) };
        let made = self.replace_key(&old, &file, passphrase, now);
        self.shared_again(exclusive);
        let recovery = made?;
        self.settle_keys(None, now)?;
        Ok(recovery)
    }

    fn replace_key(
        &mut self,
        old: &DatabaseKey,
        file: &KeyFile,
        passphrase: &str,
        now: DateTime<Utc>,
    ) -> Result<RecoveryKey> {
        let recovery = RecoveryKey::generate();
        let new_key = recovery.database_key();
        // Waiting until the file is under it (`settle_keys` then marks it made and unconfirmed).
        self.conn.execute(
            "UPDATE recovery SET pending_key = ?1, pending_id = ?2",
            params![recovery.as_str(), new_key.id()],
        )?;
        // Both keys in the key file while the file changes key: whichever it is under opens.
        let mut slots = vec![crate::keys::seal(&new_key, passphrase, now)];
        slots.extend(file.slots.iter().filter(|s| s.id == old.id()).cloned());
        KeyFile::new(slots).write(&self.path)?;
        if let Err(e) = db::rekey_by_copy(&mut self.conn, &self.path, db::Key::Raw(old), &new_key) {
            // As it was: the file under the old key, its key file, no key waiting.
            let _ = self.conn.execute("UPDATE recovery SET pending_key = NULL, pending_id = NULL", []);
            let _ = file.write(&self.path);
            return Err(e);
        }
        self.key = Some(new_key);
        Ok(recovery)
    }

    /// On the hub: the laptops' recovery keys held in escrow (their ids, not the keys).
    pub fn escrowed_keys(&self) -> Result<Vec<crate::returns::Escrowed>> {
        crate::returns::escrowed(&self.conn)
    }

    /// On the hub: opens a laptop's escrowed recovery key (by laptop name or id), recorded in
    /// the hub's audit trail as `escrow-opened` with the laptop's name and the person.
    pub fn open_escrow(&mut self, laptop: &str, now: DateTime<Utc>) -> Result<(RecoveryKey, crate::returns::Escrowed)> {
        let (key, entry) = crate::returns::open_escrow(&self.conn, laptop)?;
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        audit::record_key(&tx, &actor, &entry.key_id, "escrow-opened", serde_json::json!({ "laptop": entry.laptop }))?;
        tx.commit()?;
        Ok((key, entry))
    }

    pub fn recovery_status(&self, lang: Lang) -> Result<RecoveryStatus> {
        let row: Option<(Option<String>, Option<String>)> = self
            .conn
            .query_row("SELECT made_at, confirmed_at FROM recovery", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let shown = |t: Option<String>| {
            t.and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| crate::time::london_display(t.with_timezone(&Utc)))
        };
        let key_id = self.key.as_ref().map(|k| k.id().to_string());
        let pending = self.pending_recovery_key()?.is_some();
        let (made, confirmed) = row.map(|(m, c)| (shown(m), shown(c))).unwrap_or_default();
        Ok(RecoveryStatus { id: key_id, made, confirmed, pending, events: trail::key_events(&self.conn, lang, 50)? })
    }

    fn from_conn(conn: Connection, path: &Path, key: Option<DatabaseKey>, hold: db::Hold) -> Result<Session> {
        let installation = conn
            .query_row(
                "SELECT id, council_name, user_name, user_person_id, role, created_at FROM installation",
                [],
                |r| {
                    Ok(Installation {
                        id: r.get(0)?,
                        council_name: r.get(1)?,
                        user_name: r.get(2)?,
                        user_person_id: r.get(3)?,
                        role: r.get(4)?,
                        created_at: r.get(5)?,
                    })
                },
            )
            .optional()?
            .ok_or(Error::WrongPassphrase)?;
        Ok(Session { conn, path: path.to_path_buf(), installation, key, hold: Some(hold) })
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }
    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn installation(&self) -> &Installation {
        &self.installation
    }

    pub fn actor(&self, now: DateTime<Utc>) -> Actor {
        Actor { installation: self.installation.id.clone(), name: self.installation.user_name.clone(), now }
    }

    pub fn register(name: &str) -> Result<&'static RegisterDef> {
        registers::by_name(name).ok_or_else(|| Error::UnknownRegister(name.to_string()))
    }

    /// A register's description in `lang`, its choices worded as this council's settings say.
    pub fn describe(&self, name: &str, lang: Lang) -> Result<RegisterView> {
        Ok(register::describe(Self::register(name)?, lang, &self.wording_shown()?))
    }

    /// Every register's description (see `describe`).
    pub fn describe_all(&self, lang: Lang) -> Result<Vec<RegisterView>> {
        Ok(register::describe_all(lang, &self.wording_shown()?))
    }

    /// The council's name in `lang`: its Welsh name (Settings) on Welsh screens and documents
    /// where one is set. Unreadable settings give the first-run name, which is never wrong.
    pub fn council_name(&self, lang: Lang) -> String {
        let settings = settings::editable(&self.conn).map(|e| e.settings).unwrap_or_default();
        settings.council_name(&self.installation.council_name, lang)
    }

    /// How the window labels choices while drawing the registers: the council's wording, or the
    /// shipped one when the settings cannot be read (the window must still open, to show that
    /// and to let Settings put it right; the dashboard says so, and every rule that needs the
    /// settings refuses).
    fn wording_shown(&self) -> Result<crate::reference::Wording> {
        Ok(settings::editable(&self.conn)?.settings.wording())
    }

    /// How choice values are labelled here.
    pub fn wording(&self) -> Result<crate::reference::Wording> {
        Ok(settings::load(&self.conn)?.wording())
    }

    pub fn list(&self, name: &str, q: &ListQuery, today: NaiveDate) -> Result<ListPage> {
        store::list(&self.conn, Self::register(name)?, q, today)
    }

    /// [`Self::list`] at an instant (a breach is overdue from the minute its deadline passes).
    pub fn list_at(&self, name: &str, q: &ListQuery, now: DateTime<Utc>) -> Result<ListPage> {
        store::list_at(&self.conn, Self::register(name)?, q, now)
    }

    /// A page of a register's list as the window shows it: each row with its labels at a glance
    /// (status, RAG or band, clock or review) in `q.lang`, at `now`.
    pub fn list_shown(&self, name: &str, q: &ListQuery, now: DateTime<Utc>) -> Result<crate::glance::ShownPage> {
        let def = Self::register(name)?;
        let page = store::list_at(&self.conn, def, q, now)?;
        if q.plain {
            return Ok(crate::glance::ShownPage::plain(page));
        }
        let cal = crate::registers::holidays::calendar(&self.conn);
        Ok(crate::glance::shown_page(def, page, now, q.lang, &self.wording_shown()?, &cal))
    }

    /// One record as its page shows it: with reference labels in `lang`, its labels at a
    /// glance and, for a case, the stage it has reached.
    pub fn page(&self, name: &str, id: Uuid, lang: Lang, now: DateTime<Utc>) -> Result<crate::glance::Shown> {
        let def = Self::register(name)?;
        let record = store::get_in(&self.conn, def, id, lang)?;
        let cal = crate::registers::holidays::calendar(&self.conn);
        Ok(crate::glance::shown(def, record, now, lang, &self.wording_shown()?, &cal))
    }

    pub fn all(&self, name: &str) -> Result<Vec<Record>> {
        store::all(&self.conn, Self::register(name)?)
    }

    /// Every record, with reference labels in `lang` (departments by their Welsh names).
    pub fn all_in(&self, name: &str, lang: Lang) -> Result<Vec<Record>> {
        store::all_in(&self.conn, Self::register(name)?, lang)
    }

    pub fn get(&self, name: &str, id: Uuid) -> Result<Record> {
        store::get(&self.conn, Self::register(name)?, id)
    }

    pub fn get_in(&self, name: &str, id: Uuid, lang: Lang) -> Result<Record> {
        store::get_in(&self.conn, Self::register(name)?, id, lang)
    }

    /// Adds a record (no id) or changes one (id and the revision the user started from).
    pub fn save(
        &mut self,
        name: &str,
        id: Option<Uuid>,
        revision: Option<i64>,
        input: &BTreeMap<String, serde_json::Value>,
        now: DateTime<Utc>,
    ) -> Result<Record> {
        let def = Self::register(name)?;
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        let rec = match id {
            None => store::create(&tx, def, &actor, input)?,
            Some(id) => store::update(
                &tx,
                def,
                &actor,
                id,
                revision.ok_or_else(|| Error::bad_input("err-missing-revision"))?,
                input,
            )?,
        };
        tx.commit()?;
        Ok(rec)
    }

    pub fn delete(&mut self, name: &str, id: Uuid, revision: i64, now: DateTime<Utc>) -> Result<()> {
        let def = Self::register(name)?;
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        store::delete(&tx, def, &actor, id, revision)?;
        tx.commit()?;
        Ok(())
    }

    /// Records of other registers that refer to this one.
    pub fn links(&self, name: &str, id: Uuid, lang: Lang) -> Result<Vec<store::Link>> {
        store::linked_from(&self.conn, Self::register(name)?, id, lang)
    }

    /// A record's history, oldest first. On the hub, what departments did to it on their own
    /// copies (brought by their returns) stands among this copy's entries by time, before an
    /// entry of the same moment here: the hub took it after the department made it.
    pub fn history(&self, name: &str, id: Uuid, lang: Lang) -> Result<Vec<HistoryEntry>> {
        let def = Self::register(name)?;
        let here = trail::history(&self.conn, def, &id.to_string(), lang)?;
        let brought = crate::returns::brought_history(&self.conn, def, &id.to_string(), lang)?;
        let mut out = Vec::with_capacity(here.len() + brought.len());
        let mut brought = brought.into_iter().peekable();
        for entry in here {
            while let Some(b) = brought.next_if(|b| b.stamp <= entry.stamp) {
                out.push(b);
            }
            out.push(entry);
        }
        out.extend(brought);
        Ok(out)
    }

    /// Adds the starter records a register lacks (retention classes by reference, the site
    /// audit checklist by name); returns how many.
    pub fn load_starter(&mut self, name: &str, now: DateTime<Utc>) -> Result<usize> {
        let load = registers::starter(name).ok_or_else(|| Error::UnknownRegister(name.to_string()))?;
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        let added = load(&tx, &actor)?;
        tx.commit()?;
        Ok(added)
    }

    /// Assets whose oldest records fall due for disposal within `horizon_days`, or are overdue.
    pub fn due_for_disposal(
        &self,
        today: NaiveDate,
        horizon_days: u64,
        lang: Lang,
    ) -> Result<Vec<registers::retention::DueDisposal>> {
        registers::retention::due_for_disposal(&self.conn, today, horizon_days, lang)
    }

    /// The settings for the Settings screen (and the idle lock): see [`settings::editable`].
    pub fn settings_for_editing(&self) -> Result<settings::Editable> {
        settings::editable(&self.conn)
    }

    pub fn settings(&self) -> Result<Settings> {
        settings::load(&self.conn)
    }

    /// Keeps new settings. A changed risk scale re-bands every risk (audited) in the same
    /// transaction, so the register never shows bands from two scales.
    pub fn set_settings(&mut self, s: &Settings, now: DateTime<Utc>) -> Result<()> {
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        settings::apply(&tx, s, |conn| registers::risks::rescore_all(conn, &actor))?;
        tx.commit()?;
        Ok(())
    }

    /// Changes the passphrase. The current one must be given again. Only the key file changes:
    /// the recovery key, and every backup's, go on working.
    pub fn change_passphrase(&mut self, current: &str, new: &str, repeat: &str, now: DateTime<Utc>) -> Result<()> {
        check_passphrase(new, repeat)?;
        // Alone with the file: two changes at once would each think theirs took.
        let Some(exclusive) = self.alone()? else { return Err(Error::bad_input("err-rekey-in-use")) };
        let changed = self.change_passphrase_alone(current, new, now);
        self.shared_again(exclusive);
        changed
    }

    fn change_passphrase_alone(&mut self, current: &str, new: &str, now: DateTime<Utc>) -> Result<()> {
        let Some(key) = self.key.clone() else {
            // A file from before recovery keys, still keyed by its passphrase.
            drop(db::open_with(&self.path, db::Key::Passphrase(current), false)?);
            return db::rekey(&self.conn, new);
        };
        let file = KeyFile::read(&self.path)?.unwrap_or_else(|| KeyFile::new(vec![]));
        if !file.unseal(current).contains(&key) {
            return Err(Error::WrongPassphrase);
        }
        let slot = crate::keys::seal(&key, new, now);
        KeyFile::new(vec![slot.clone()]).write(&self.path)?;
        // The backups under this key, sealed again under the new passphrase: the old one no
        // longer opens them (backups under an earlier recovery key keep their own key files).
        for backup in db::list_backups(&self.path)?.iter().chain(db::other_backups(&self.path)?.iter()) {
            if let Ok(Some(f)) = KeyFile::read(backup) {
                if !f.slots.is_empty() && f.slots.iter().all(|s| s.id == key.id()) {
                    KeyFile::new(vec![slot.clone()]).write(backup)?;
                }
            }
        }
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        audit::record_key(&tx, &actor, key.id(), "passphrase-changed", serde_json::json!({}))?;
        tx.commit()?;
        Ok(())
    }

    pub fn backup(&self, out: &Path) -> Result<()> {
        db::backup_to(&self.conn, &self.path, out)
    }

    /// The backup taken when the window unlocks. When the settings cannot be read, the most
    /// the settings allow are kept ([`settings::MAX_BACKUPS_KEPT`]): nobody is locked out, and
    /// no backup the council meant to keep is removed.
    pub fn backup_on_unlock(&self, now: DateTime<Utc>) -> Result<PathBuf> {
        let editable = settings::editable(&self.conn)?;
        let keep =
            if editable.unreadable { settings::MAX_BACKUPS_KEPT } else { editable.settings.backups_keep } as usize;
        db::rolling_backup(&self.conn, &self.path, keep, now)
    }

    pub fn check(&self) -> Result<crate::trail::CheckReport> {
        crate::trail::check(&self.conn)
    }

    pub fn verify_audit(&self) -> Result<trail::VerifyReport> {
        trail::verify(&self.conn)
    }

    /// [`Session::verify_audit`], and that the trail still holds each anchor a published report
    /// printed.
    pub fn verify_audit_with(&self, anchors: &[audit::Anchor]) -> Result<trail::VerifyReport> {
        trail::verify_with(&self.conn, anchors)
    }

    /// The IMG quarterly pack's figures (what the PDF prints), as generated at `now`.
    pub fn pack_figures(
        &self,
        quarter: crate::figures::Quarter,
        now: DateTime<Utc>,
        lang: Lang,
    ) -> Result<crate::reports::PackFigures> {
        crate::reports::pack_figures(&self.conn, quarter, crate::time::london_date(now), lang)
    }

    /// The IMG quarterly pack as a PDF. `progress` hears 0–100 as the work goes.
    pub fn report_pack(
        &self,
        opts: &crate::reports::PackOptions,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u8),
    ) -> Result<Vec<u8>> {
        progress(0);
        let figures = self.pack_figures(opts.quarter, now, opts.lang)?;
        Ok(crate::reports::render_pack(&figures, opts, &self.council_name(opts.lang), now, progress))
    }

    /// The SIRO annual report as a PDF for the financial year starting in `opts.year`.
    pub fn report_annual(
        &self,
        opts: &crate::reports::annual::AnnualOptions,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u8),
    ) -> Result<Vec<u8>> {
        progress(0);
        let figures =
            crate::reports::annual::annual_figures(&self.conn, opts.year, crate::time::london_date(now), opts.lang)?;
        Ok(crate::reports::annual::render_annual(&figures, opts, &self.council_name(opts.lang), now, progress))
    }

    /// A register printed as a list (see [`crate::reports::list`]): the PDF and how many
    /// records it holds.
    pub fn report_list(
        &self,
        name: &str,
        opts: &crate::reports::list::ListOptions,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u8),
    ) -> Result<(Vec<u8>, usize)> {
        let def = Self::register(name)?;
        crate::reports::list::render(
            &self.conn,
            def,
            opts,
            &self.council_name(opts.lang),
            &self.wording()?,
            now,
            progress,
        )
    }

    /// Makes a sealed file with `make` in a transaction and, given `out`, saves it there (a new
    /// file). The file is written whole beside its name before the transaction commits, and
    /// takes its name after: a path that cannot be written changes nothing, and what the
    /// database records (the hub's keys, a laptop added, a return's or a pack's number) never
    /// stands for a file that was not made. (A kill between the two leaves the number taken
    /// and the file beside its name, which loses nothing: the next return holds everything the
    /// hub has not acknowledged.)
    fn sealed<T>(
        &mut self,
        out: Option<&Path>,
        make: impl FnOnce(&Connection) -> Result<(Vec<u8>, T)>,
    ) -> Result<(Vec<u8>, T)> {
        if let Some(out) = out.filter(|o| o.exists()) {
            return Err(Error::bad_input_with("err-file-exists", &[("path", &out.display().to_string())]));
        }
        let tx = self.conn.transaction()?;
        let (bytes, what) = make(&tx)?;
        let tmp = out.map(|out| crate::files::write_beside(out, &bytes, crate::files::Access::Owner)).transpose()?;
        tx.commit()?;
        if let (Some(tmp), Some(out)) = (tmp, out) {
            crate::files::move_into_place(tmp, out)?;
        }
        Ok((bytes, what))
    }

    /// Saves what `make` made to `out` (a new file) as something leaving the database: its
    /// export entry (who, what, how many records, where, the file's SHA-256) is committed
    /// once the file is written whole beside its name, and only then does the file take its
    /// name. So no file leaves unrecorded; a kill between the two leaves an entry and the
    /// complete file beside its name, never a file without its entry.
    fn exported<T>(
        &mut self,
        out: &Path,
        access: crate::files::Access,
        now: DateTime<Utc>,
        make: impl FnOnce(&Connection) -> Result<(Vec<u8>, T, audit::Export<'static>)>,
    ) -> Result<T> {
        if out.exists() {
            return Err(Error::bad_input_with("err-file-exists", &[("path", &out.display().to_string())]));
        }
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        let (bytes, what, mut export) = make(&tx)?;
        export.place = out.display().to_string();
        audit::record_export(&tx, &actor, &export, &bytes)?;
        let tmp = crate::files::write_beside(out, &bytes, access)?;
        tx.commit()?;
        crate::files::move_into_place(tmp, out)?;
        Ok(what)
    }

    /// Writes a register to `out` as a CSV file or Excel workbook (by its name's ending),
    /// recorded in the audit trail; returns how many records it holds.
    pub fn write_export(
        &mut self,
        name: &str,
        out: &Path,
        lang: Lang,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u8),
    ) -> Result<usize> {
        let def = Self::register(name)?;
        let format = transfer::Format::from_path(out)?;
        self.exported(out, crate::files::Access::Shared, now, |conn| {
            let (bytes, n) = transfer::export(conn, def, format, lang, progress)?;
            Ok((
                bytes,
                n,
                audit::Export {
                    kind: "register",
                    register: Some(def.name),
                    format: format.code(),
                    records: Some(n),
                    place: String::new(),
                },
            ))
        })
    }

    /// Records a register listed in full to the command line's output (CSV or JSON), before it
    /// is printed.
    pub fn record_printed(
        &mut self,
        name: &str,
        format: &'static str,
        records: usize,
        output: &[u8],
        now: DateTime<Utc>,
    ) -> Result<()> {
        let def = Self::register(name)?;
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        let export = audit::Export {
            kind: "print",
            register: Some(def.name),
            format,
            records: Some(records),
            place: audit::STDOUT.into(),
        };
        audit::record_export(&tx, &actor, &export, output)?;
        tx.commit()?;
        Ok(())
    }

    /// Writes the IMG quarterly pack to `out`, recorded in the audit trail.
    pub fn write_img_pack(
        &mut self,
        opts: &crate::reports::PackOptions,
        out: &Path,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u8),
    ) -> Result<()> {
        let pdf = self.report_pack(opts, now, progress)?;
        self.exported(out, crate::files::Access::Shared, now, |_| {
            Ok((
                pdf,
                (),
                audit::Export { kind: "pack", register: None, format: "pdf", records: None, place: String::new() },
            ))
        })
    }

    /// Writes the SIRO's annual report to `out`, recorded in the audit trail.
    pub fn write_annual(
        &mut self,
        opts: &crate::reports::annual::AnnualOptions,
        out: &Path,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u8),
    ) -> Result<()> {
        let pdf = self.report_annual(opts, now, progress)?;
        self.exported(out, crate::files::Access::Shared, now, |_| {
            Ok((
                pdf,
                (),
                audit::Export { kind: "annual", register: None, format: "pdf", records: None, place: String::new() },
            ))
        })
    }

    /// Writes a register's PDF list to `out`, recorded in the audit trail; returns how many
    /// records it holds.
    pub fn write_list(
        &mut self,
        name: &str,
        opts: &crate::reports::list::ListOptions,
        out: &Path,
        now: DateTime<Utc>,
        progress: &mut dyn FnMut(u8),
    ) -> Result<usize> {
        let def = Self::register(name)?;
        let (pdf, n) = self.report_list(name, opts, now, progress)?;
        self.exported(out, crate::files::Access::Shared, now, |_| {
            Ok((
                pdf,
                n,
                audit::Export {
                    kind: "list",
                    register: Some(def.name),
                    format: "pdf",
                    records: Some(n),
                    place: String::new(),
                },
            ))
        })
    }

    /// Writes the training chase list to `out` (CSV or Excel), recorded in the audit trail;
    /// returns how many lines it holds.
    pub fn write_chase(
        &mut self,
        day: NaiveDate,
        department: Option<&str>,
        out: &Path,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let format = transfer::Format::from_path(out)?;
        let list = self.training_chase(day, department, lang)?;
        let bytes = crate::training::chase_sheet(&list, format, lang)?;
        let n = list.len();
        self.exported(out, crate::files::Access::Shared, now, |_| {
            Ok((
                bytes,
                n,
                audit::Export {
                    kind: "chase",
                    register: None,
                    format: format.code(),
                    records: Some(n),
                    place: String::new(),
                },
            ))
        })
    }

    /// Writes the waiting recovery key's one-page sheet, to print and keep; recorded in the audit
    /// trail like any export. Only while the key waits to be confirmed: once confirmed it is no
    /// longer in the file to print.
    pub fn write_recovery_sheet(&mut self, out: &Path, lang: Lang, now: DateTime<Utc>) -> Result<()> {
        let Some(key) = self.pending_recovery_key()? else {
            return Err(Error::bad_input("err-recovery-nothing-pending"));
        };
        let bytes = self.recovery_sheet(&key, lang, now);
        self.exported(out, crate::files::Access::Owner, now, |_| {
            Ok((
                bytes,
                (),
                audit::Export {
                    kind: "recovery-sheet",
                    register: None,
                    format: "pdf",
                    records: None,
                    place: String::new(),
                },
            ))
        })
    }

    fn recovery_sheet(&self, key: &RecoveryKey, lang: Lang, now: DateTime<Utc>) -> Vec<u8> {
        let council = self.council_name(lang);
        let facts = crate::reports::recovery::SheetFacts {
            council: &council,
            database: &self.path.display().to_string(),
            installation: &self.installation.id,
        };
        crate::reports::recovery::render_sheet(&facts, key, now, lang)
    }

    /// The latest exports, newest first (see [`trail::exports`]).
    pub fn exports(&self, lang: Lang, limit: usize) -> Result<Vec<trail::ExportEntry>> {
        trail::exports(&self.conn, lang, limit)
    }

    /// Makes this installation the hub (its keys); laptops are then added one by one.
    pub fn hub_init(&mut self, now: DateTime<Utc>) -> Result<()> {
        self.sealed(None, |conn| Ok((vec![], crate::returns::hub_init(conn, now)?)))?;
        self.installation.role = "hub".into();
        Ok(())
    }

    /// Adds a laptop on the hub; returns its join file (a secret: see [`crate::returns::identity`]).
    /// `replaces`: the installation whose history it takes over (see [`Session::replaceable`]).
    pub fn add_laptop(&mut self, name: &str, replaces: Option<&str>, now: DateTime<Utc>) -> Result<Vec<u8>> {
        let by = self.installation.user_name.clone();
        Ok(self.sealed(None, |conn| Ok((crate::returns::identity::add_laptop(conn, name, replaces, &by, now)?, ())))?.0)
    }

    /// Adds a laptop on the hub and saves its join file to `out`, a new file readable by its
    /// owner only; the laptop is recorded only once the file is complete.
    pub fn write_join_file(
        &mut self,
        name: &str,
        replaces: Option<&str>,
        out: &Path,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let by = self.installation.user_name.clone();
        self.sealed(Some(out), |conn| Ok((crate::returns::identity::add_laptop(conn, name, replaces, &by, now)?, ())))?;
        Ok(())
    }

    /// The installations with a history at the hub that a laptop added again may take over.
    pub fn replaceable(&self) -> Result<Vec<crate::returns::identity::Replaceable>> {
        crate::returns::identity::replaceable(&self.conn)
    }

    /// The installation `which` names among [`Session::replaceable`] (its id, the start of it,
    /// or its name).
    pub fn find_replaceable(&self, which: &str) -> Result<String> {
        crate::returns::identity::find_replaceable(&self.conn, which)
    }

    /// The laptops the hub added.
    pub fn laptops(&self) -> Result<Vec<crate::returns::identity::LaptopEntry>> {
        crate::returns::identity::enrolled(&self.conn)
    }

    /// Withdraws a laptop (its id, the start of it, or its name): its returns are refused from
    /// now on and packs are no longer sealed to it. Returns its name.
    pub fn withdraw_laptop(&mut self, laptop: &str, now: DateTime<Utc>) -> Result<String> {
        let by = self.installation.user_name.clone();
        let tx = self.conn.transaction()?;
        let name = crate::returns::identity::withdraw(&tx, laptop, &by, now)?;
        tx.commit()?;
        Ok(name)
    }

    /// Joins the hub whose join file this is; returns the hub's council name.
    pub fn join(&mut self, file: &[u8], now: DateTime<Utc>) -> Result<String> {
        crate::returns::join(&mut self.conn, file, now)
    }

    /// Writes this department's next return, sealed to the hub.
    pub fn export_return(&mut self, now: DateTime<Utc>) -> Result<(Vec<u8>, crate::returns::Written)> {
        self.sealed(None, |conn| crate::returns::export_return(conn, now))
    }

    /// Saves this department's next return to `out`, a new file; its number is taken only
    /// once the file is saved.
    pub fn write_return(&mut self, out: &Path, now: DateTime<Utc>) -> Result<crate::returns::Written> {
        self.write_return_with(out, now, false, &mut |_| {})
    }

    /// [`Session::write_return`], saying how far through the records it is (0–100).
    /// `full`: everything, whatever the hub acknowledged (see [`crate::returns::export_return_with`]).
    pub fn write_return_with(
        &mut self,
        out: &Path,
        now: DateTime<Utc>,
        full: bool,
        progress: &mut dyn FnMut(u8),
    ) -> Result<crate::returns::Written> {
        self.exported(out, crate::files::Access::Owner, now, |conn| {
            let (bytes, w) = crate::returns::export_return_with(conn, now, full, progress)?;
            let export = audit::Export {
                kind: "return",
                register: None,
                format: "cofrestr",
                records: Some(w.records + w.deletions),
                place: String::new(),
            };
            Ok((bytes, w, export))
        })
    }

    /// Checks (`apply` false) or applies a department's return on the hub.
    pub fn import_return(
        &mut self,
        sealed: &[u8],
        now: DateTime<Utc>,
        apply: bool,
    ) -> Result<crate::returns::ReturnReport> {
        crate::returns::import_return(&mut self.conn, sealed, now, apply)
    }

    /// Checks (`apply` false) or applies every return saved in `folder`, each on its own; why
    /// any file was refused is said in `lang`.
    pub fn import_returns_in(
        &mut self,
        folder: &Path,
        now: DateTime<Utc>,
        apply: bool,
        lang: Lang,
        progress: &mut dyn FnMut(u8),
    ) -> Result<crate::returns::FolderReport> {
        crate::returns::import_folder(
            &mut self.conn,
            folder,
            now,
            apply,
            crate::i18n::Messages::for_lang(lang),
            progress,
        )
    }

    /// [`Session::import_return`], saying how far through its records it is (0–100).
    pub fn import_return_with(
        &mut self,
        sealed: &[u8],
        now: DateTime<Utc>,
        apply: bool,
        progress: &mut dyn FnMut(u8),
    ) -> Result<crate::returns::ReturnReport> {
        crate::returns::import_return_with(&mut self.conn, sealed, now, apply, progress)
    }

    /// Writes the hub's next reference pack for every department.
    pub fn export_pack(&mut self, now: DateTime<Utc>) -> Result<(Vec<u8>, crate::returns::pack::PackWritten)> {
        self.sealed(None, |conn| crate::returns::pack::export_pack(conn, now))
    }

    /// Saves the hub's next reference pack to `out`, a new file; its number is taken only once
    /// the file is saved.
    pub fn write_pack(&mut self, out: &Path, now: DateTime<Utc>) -> Result<crate::returns::pack::PackWritten> {
        self.exported(out, crate::files::Access::Owner, now, |conn| {
            let (bytes, w) = crate::returns::pack::export_pack(conn, now)?;
            let export = audit::Export {
                kind: "reference-pack",
                register: None,
                format: "cofrestr",
                records: Some(w.records),
                place: String::new(),
            };
            Ok((bytes, w, export))
        })
    }

    /// Checks (`apply` false) or applies the hub's reference pack on a department.
    pub fn import_pack(
        &mut self,
        sealed: &[u8],
        now: DateTime<Utc>,
        apply: bool,
    ) -> Result<crate::returns::pack::PackReport> {
        let report = crate::returns::pack::import_pack(&mut self.conn, sealed, now, apply)?;
        if report.applied {
            // The officer may now be the hub's record of them.
            self.installation.user_person_id =
                self.conn.query_row("SELECT user_person_id FROM installation", [], |r| r.get(0))?;
        }
        Ok(report)
    }

    /// Where this installation stands with the hub.
    pub fn returns_status(&self, now: DateTime<Utc>, lang: Lang) -> Result<crate::returns::Status> {
        crate::returns::status(&self.conn, crate::time::london_date(now), lang)
    }

    /// Conflicts waiting for a decision on the hub.
    pub fn conflicts(&self, lang: Lang) -> Result<Vec<crate::returns::conflicts::Waiting>> {
        crate::returns::conflicts::waiting_list(&self.conn, lang, &self.wording_shown()?)
    }

    /// One conflict's two versions, field by field.
    pub fn conflict(&self, id: i64, lang: Lang) -> Result<crate::returns::conflicts::Detail> {
        crate::returns::conflicts::detail(&self.conn, id, lang, &self.wording_shown()?)
    }

    /// Decides a conflict, as this installation's user.
    pub fn resolve_conflict(
        &mut self,
        id: i64,
        decision: &crate::returns::conflicts::Decision,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let actor = self.actor(now);
        crate::returns::conflicts::resolve(&mut self.conn, id, decision, &actor)
    }

    /// Open risks on the 5×5 grid by residual likelihood and impact.
    pub fn heat_map(&self, lang: Lang) -> Result<registers::risks::HeatMap> {
        registers::risks::heat_map(&self.conn, lang)
    }

    /// What is due (running clocks, open requests), each marked urgent or not: what the window
    /// raises as desktop notifications.
    pub fn due(&self, now: DateTime<Utc>, lang: Lang) -> Result<Vec<crate::dashboard::DueItem>> {
        crate::dashboard::due(&self.conn, now, lang)
    }

    pub fn dashboard(&self, now: DateTime<Utc>, lang: Lang) -> Result<crate::dashboard::Dashboard> {
        crate::dashboard::build(&self.conn, now, lang)
    }

    /// The dashboard's charts: the pack's headline measures for the quarter so far against the
    /// last, and eight quarters of requests answered on time and breaches (see
    /// [`crate::reports::pack::headline`]).
    pub fn headline(&self, now: DateTime<Utc>, lang: Lang) -> Result<crate::reports::pack::Headline> {
        let today = crate::time::london_date(now);
        crate::reports::pack::headline(&self.conn, crate::time::Quarter::containing(today), today, lang)
    }

    /// A register as a CSV file or Excel workbook (see [`crate::transfer`]): the bytes and how
    /// many records they hold.
    pub fn export(
        &self,
        name: &str,
        format: transfer::Format,
        lang: Lang,
        progress: &mut dyn FnMut(u8),
    ) -> Result<(Vec<u8>, usize)> {
        transfer::export(&self.conn, Self::register(name)?, format, lang, progress)
    }

    /// Checks a spreadsheet against a register and, when `apply` is true and every row is
    /// good, writes it in one transaction. Columns the user matched by hand are remembered
    /// for the register's next import once applied.
    #[allow(clippy::too_many_arguments)]
    pub fn import(
        &mut self,
        name: &str,
        sheet: &transfer::Sheet,
        opts: &transfer::ImportOptions,
        apply: bool,
        now: DateTime<Utc>,
        lang: Lang,
        progress: &mut dyn FnMut(u8),
    ) -> Result<transfer::ImportReport> {
        let def = Self::register(name)?;
        let mut opts = opts.clone();
        let saved = self.import_mapping(name)?;
        for (header, field) in saved {
            opts.mapping.entry(header).or_insert(field);
        }
        let actor = self.actor(now);
        let report = transfer::import(&mut self.conn, def, sheet, &opts, &actor, lang, apply, progress)?;
        // Columns matched for a file with no rows have matched nothing: not remembered.
        if report.applied && !sheet.rows.is_empty() {
            let mut saved = self.import_mapping(name)?;
            saved.extend(opts.mapping);
            self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![format!("import-mapping:{name}"), serde_json::to_string(&saved).expect("mapping serialises")],
            )?;
        }
        Ok(report)
    }

    /// Reads a CSV file or Excel workbook (by its name's ending) and imports it as [`Self::import`].
    #[allow(clippy::too_many_arguments)]
    pub fn import_file(
        &mut self,
        name: &str,
        path: &Path,
        opts: &transfer::ImportOptions,
        apply: bool,
        now: DateTime<Utc>,
        lang: Lang,
        progress: &mut dyn FnMut(u8),
    ) -> Result<transfer::ImportReport> {
        Self::register(name)?;
        let sheet = transfer::read_file(path)?;
        self.import(name, &sheet, opts, apply, now, lang, progress)
    }

    /// How the user last matched a register's columns by hand: header → field ("" = left out).
    pub fn import_mapping(&self, name: &str) -> Result<BTreeMap<String, String>> {
        let raw: Option<String> = self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [format!("import-mapping:{name}")], |r| r.get(0))
            .optional()?;
        Ok(raw.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
    }

    /// Training compliance on `day` against the council's target.
    pub fn training_compliance(&self, day: NaiveDate, lang: Lang) -> Result<crate::training::Compliance> {
        crate::training::compliance(&self.conn, day, self.settings()?.training_target_pct, lang)
    }

    /// Who needs chasing for mandatory training on `day`, optionally in one department.
    pub fn training_chase(
        &self,
        day: NaiveDate,
        department: Option<&str>,
        lang: Lang,
    ) -> Result<Vec<crate::training::Chase>> {
        crate::training::chase_list(&self.conn, day, department, lang)
    }

    /// The chase list as a CSV file or Excel workbook for an IAO.
    pub fn export_chase(
        &self,
        day: NaiveDate,
        department: Option<&str>,
        format: transfer::Format,
        lang: Lang,
    ) -> Result<Vec<u8>> {
        let list = self.training_chase(day, department, lang)?;
        crate::training::chase_sheet(&list, format, lang)
    }

    /// Raises an action in the action plan from a site audit finding or an accountability
    /// rating that falls short, and links it back; returns the action.
    pub fn raise_action(&mut self, register: &str, id: Uuid, now: DateTime<Utc>, lang: Lang) -> Result<Record> {
        let actor = self.actor(now);
        let tx = self.conn.transaction()?;
        let action = registers::actions::raise_from(&tx, &actor, register, id, lang)?;
        tx.commit()?;
        Ok(action)
    }

    /// Messages for the window in one language.
    pub fn messages(lang: Lang) -> BTreeMap<String, String> {
        Messages::for_lang(lang).all()
    }
}

fn json_map(pairs: &[(&str, &str)]) -> BTreeMap<String, serde_json::Value> {
    pairs.iter().map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string()))).collect()
}
