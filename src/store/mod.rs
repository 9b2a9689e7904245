//! The encrypted database file: opening under a passphrase, migrations, rekey, backups,
//! restore and health checks.
//!
//! The file is SQLCipher (AES-256, PBKDF2-SHA512 key derivation): without the passphrase a
//! lost laptop's copy is unreadable. `PRAGMA key` is always the first statement on a
//! connection. A wrong passphrase and a damaged file look the same to SQLCipher, so both come
//! back as [`Error::WrongPassphrase`] ("wrong passphrase, or the file is damaged"), and
//! nothing is written to the file before the key has been proved.
//!
//! Migrations are the `.sql` files in `migrations/`, embedded in the binary and applied in
//! order under `PRAGMA user_version`, each in one transaction.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};
use crate::keys::{DatabaseKey, KeyFile, RecoveryKey};

/// Every migration, in order. The schema version is the number applied.
pub const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_core", include_str!("migrations/0001_core.sql")),
    ("0002_organisation", include_str!("migrations/0002_organisation.sql")),
    ("0003_assets", include_str!("migrations/0003_assets.sql")),
    ("0004_requests_breaches", include_str!("migrations/0004_requests_breaches.sql")),
    ("0005_breach_scheme", include_str!("migrations/0005_breach_scheme.sql")),
    ("0006_risks", include_str!("migrations/0006_risks.sql")),
    ("0007_actions", include_str!("migrations/0007_actions.sql")),
    ("0008_policies_publication", include_str!("migrations/0008_policies_publication.sql")),
    ("0009_sharing_retention", include_str!("migrations/0009_sharing_retention.sql")),
    ("0010_report_texts", include_str!("migrations/0010_report_texts.sql")),
    ("0011_training_assurance", include_str!("migrations/0011_training_assurance.sql")),
    ("0012_completions_latest", include_str!("migrations/0012_completions_latest.sql")),
    ("0013_returns", include_str!("migrations/0013_returns.sql")),
    ("0014_reference_packs", include_str!("migrations/0014_reference_packs.sql")),
    ("0015_returns_lighter", include_str!("migrations/0015_returns_lighter.sql")),
    ("0016_returns_identity", include_str!("migrations/0016_returns_identity.sql")),
    ("0017_audit_exports", include_str!("migrations/0017_audit_exports.sql")),
    ("0018_recovery", include_str!("migrations/0018_recovery.sql")),
    ("0019_asset_function_cy", include_str!("migrations/0019_asset_function_cy.sql")),
];

pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Opens an encrypted database with its passphrase (see [`unlock`]), or, with `create`, makes
/// one keyed by the passphrase itself as files were before recovery keys (what tests use to
/// make an older file; [`crate::session::Session::create`] makes new ones under a database
/// key). Does not migrate.
///
/// Opening never writes to a file before its key is proved and it is known to be a Cofrestr
/// database: an empty file (a copy cut short) is refused, since SQLite would take any key for
/// it and write a new schema into it, and so is a file that opens but holds no Cofrestr schema.
pub fn open_keyed(path: &Path, passphrase: &str, create: bool) -> Result<Connection> {
    if create {
        return open_with(path, Key::Passphrase(passphrase), true);
    }
    Ok(unlock(path, passphrase)?.conn)
}

/// What SQLCipher is given to open a file.
#[derive(Clone, Copy)]
pub enum Key<'a> {
    /// A file from before recovery keys (or a test's "older" file): SQLCipher derives the key
    /// from the passphrase (PBKDF2-SHA512).
    Passphrase(&'a str),
    /// The database key (see [`crate::keys`]).
    Raw(&'a DatabaseKey),
}

/// An unlocked file and the key that opened it (`None`: the passphrase itself, a file from
/// before recovery keys).
pub struct Unlocked {
    pub conn: Connection,
    pub key: Option<DatabaseKey>,
}

/// Opens `path` with a passphrase: through the key file beside it (each slot the passphrase
/// unseals), else as a file from before recovery keys. Reads the key file, never writes it.
pub fn unlock(path: &Path, passphrase: &str) -> Result<Unlocked> {
    if passphrase.is_empty() {
        return Err(Error::bad_input("err-passphrase-empty"));
    }
    let (keys, key_file_problem) = match KeyFile::read(path) {
        Ok(Some(k)) => (k.unseal(passphrase), None),
        Ok(None) => (vec![], None),
        Err(e) => (vec![], Some(e)),
    };
    for key in keys {
        match open_with(path, Key::Raw(&key), false) {
            Ok(conn) => return Ok(Unlocked { conn, key: Some(key) }),
            Err(Error::WrongPassphrase) => continue,
            Err(e) => return Err(e),
        }
    }
    match open_with(path, Key::Passphrase(passphrase), false) {
        Ok(conn) => Ok(Unlocked { conn, key: None }),
        // The passphrase opens nothing: if the key file is damaged, that is the likelier cause.
        Err(Error::WrongPassphrase) => Err(key_file_problem.unwrap_or(Error::WrongPassphrase)),
        Err(e) => Err(e),
    }
}

/// Opens `path` with a recovery key. A key that does not open it is refused as such, and
/// nothing is written.
pub fn unlock_with_recovery(path: &Path, key: &RecoveryKey) -> Result<Unlocked> {
    let key = key.database_key();
    match open_with(path, Key::Raw(&key), false) {
        Ok(conn) => Ok(Unlocked { conn, key: Some(key) }),
        Err(Error::WrongPassphrase) => Err(Error::bad_input("err-recovery-key-wrong")),
        Err(e) => Err(e),
    }
}

/// Opens (or, with `create`, makes) a file under `key`. Does not migrate.
pub fn open_with(path: &Path, key: Key, create: bool) -> Result<Connection> {
    if matches!(key, Key::Passphrase(p) if p.is_empty()) {
        return Err(Error::bad_input("err-passphrase-empty"));
    }
    let exists = path.exists();
    // Making one, the file may be there only empty: the temporary file a new database is made
    // in before it takes its name (see `Session::create`).
    if create && exists && std::fs::metadata(path)?.len() > 0 {
        return Err(Error::DatabaseExists(path.display().to_string()));
    }
    if !create && !exists {
        return Err(Error::DatabaseMissing(path.display().to_string()));
    }
    // Empty, with no write-ahead log holding its pages either (a database killed before its
    // first checkpoint has an empty file and a log that SQLite reads it from).
    let log_holds_it = std::fs::metadata(sidecar(path, "-wal")).is_ok_and(|m| m.len() > 0);
    if !create && std::fs::metadata(path)?.len() == 0 && !log_holds_it {
        return Err(Error::bad_input_with("err-db-empty", &[("path", &path.display().to_string())]));
    }
    if create {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
    }
    let flags = if create {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let mut conn = Connection::open_with_flags(path, flags)?;
    // Enough cached statements for a record's write (insert, audit, search index, unique and
    // reference checks) across the registers an import or a merge touches at once.
    conn.set_prepared_statement_cache_capacity(64);
    match key {
        Key::Passphrase(p) => conn.pragma_update(None, "key", p)?,
        Key::Raw(k) => conn.pragma_update(None, "key", k.pragma().as_str())?,
    }
    conn.execute_batch(&format!("PRAGMA cipher_log_level = NONE; PRAGMA busy_timeout = {BUSY_TIMEOUT_MS};"))?;
    // The first read proves the key (or finds the file is not ours).
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    if !create && user_version(&conn)? == 0 {
        // It opened under this passphrase, but Cofrestr never made it (every Cofrestr file has
        // its schema version set in the transaction that made it).
        return Err(Error::bad_input_with("err-db-not-ours", &[("path", &path.display().to_string())]));
    }
    // Welsh text in Welsh order (`ORDER BY … COLLATE cy`): see text::compare.
    conn.create_collation("cy", |a: &str, b: &str| crate::text::compare(crate::i18n::Lang::Cy, a, b))?;
    // Every transaction takes the write lock when it begins, waiting up to the busy timeout
    // for another writer (another window, the CLI) to finish. A deferred transaction that
    // reads first and writes later cannot wait: SQLite refuses it at once, mid-way through.
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    // synchronous = FULL: in WAL mode, NORMAL can lose the last transactions acknowledged to
    // the user if the power fails; FULL syncs the WAL at every commit, so a record the window
    // said was saved is still there after a power cut (ARCHITECTURE.md, Durability).
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA cache_size = -32000;",
    )?;
    Ok(conn)
}

/// How long a write waits for another Cofrestr writing to the same file before it gives up
/// with [`Error::Busy`].
pub const BUSY_TIMEOUT_MS: u32 = 5000;

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the migrations after the file's version, up to `up_to` (normally all of them),
/// each in its own transaction. The version is read inside each transaction, so two
/// Cofrestrs opening an older file at once apply each migration once.
pub fn migrate(conn: &mut Connection, up_to: usize) -> Result<()> {
    loop {
        let tx = conn.transaction()?;
        let current = user_version(&tx)?;
        if current > schema_version() {
            return Err(Error::SchemaTooNew { found: current, supported: schema_version() });
        }
        let Some((_, sql)) = MIGRATIONS.get(current as usize).filter(|_| (current as usize) < up_to) else {
            return Ok(());
        };
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
    }
}

/// Writes an encrypted copy (same key) of the open database to `out`, which must not exist:
/// `VACUUM INTO` a temporary file beside it, flushed to the disk and then moved into place
/// (see [`crate::files`]). SQLite does not sync what `VACUUM INTO` writes; we do.
///
/// The key file beside `db` (if any) is copied beside the backup first (`<backup>.key`), so the
/// backup opens with the passphrase of the day it was made, as well as with the recovery key and
/// with any later passphrase of the same recovery key.
pub fn backup_to(conn: &Connection, db: &Path, out: &Path) -> Result<()> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    if out.exists() {
        return Err(Error::bad_input_with("err-file-exists", &[("path", &out.display().to_string())]));
    }
    let keys = KeyFile::read(db)?;
    // Its key file goes beside it: a file already there of that name is never written over
    // (nor, should the backup fail, removed).
    let key_path = crate::keys::key_file(out);
    if keys.is_some() && key_path.exists() {
        return Err(Error::bad_input_with("err-file-exists", &[("path", &key_path.display().to_string())]));
    }
    if let Some(keys) = &keys {
        keys.write(out)?;
    }
    let made = crate::files::make_new(out, crate::files::Access::Owner, |tmp| {
        // VACUUM INTO writes only into a file that is absent or empty: ours is empty.
        let written = conn.execute("VACUUM INTO ?1", [tmp.to_string_lossy()]);
        // SQLite's own journal beside the copy, if a failure left one.
        let _ = std::fs::remove_file(sidecar(tmp, "-journal"));
        written?;
        Ok(())
    });
    // Ours, and no backup of that name was made by another meanwhile.
    if made.is_err() && keys.is_some() && !out.exists() {
        let _ = std::fs::remove_file(&key_path);
    }
    made
}

/// A file SQLite keeps beside a database (`-wal`, `-shm`, `-journal`).
fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes what SQLite left beside a temporary database of ours once it is closed.
pub fn remove_sidecars(db: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sidecar(db, suffix));
    }
}

/// Where automatic backups of `db` go: a `backups` folder beside it.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent().map(|p| p.join("backups")).unwrap_or_else(|| PathBuf::from("backups"))
}

fn backup_stem(db: &Path) -> String {
    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "cofrestr".into())
}

/// Before a newer Cofrestr migrates a file written by an older one, a copy as it was, kept in
/// the backups folder as `<stem>-before-upgrade-from-schema-<n>.db` (never removed by the
/// rolling backups, whose names it does not match): if the new version must be taken off a
/// laptop, the old one can still open this. `None` when the file needs no migration.
pub fn pre_upgrade_copy(conn: &Connection, db: &Path) -> Result<Option<PathBuf>> {
    let found = user_version(conn)?;
    if found >= schema_version() || found == 0 {
        return Ok(None);
    }
    let dir = backups_dir(db);
    let base = format!("{}-before-upgrade-from-schema-{found}", backup_stem(db));
    let mut out = dir.join(format!("{base}.db"));
    let mut n = 1;
    while out.exists() {
        n += 1;
        out = dir.join(format!("{base}-{n}.db"));
    }
    backup_to(conn, db, &out)?;
    Ok(Some(out))
}

/// The backup taken on every unlock; keeps the newest `keep` and removes older ones, and what
/// a kill left half-written in the backups folder.
pub fn rolling_backup(conn: &Connection, db: &Path, keep: usize, now: DateTime<Utc>) -> Result<PathBuf> {
    let dir = backups_dir(db);
    let stem = backup_stem(db);
    let mut out = dir.join(format!("{stem}-{}.db", now.format("%Y%m%dT%H%M%SZ")));
    let mut n = 1;
    while out.exists() {
        n += 1;
        out = dir.join(format!("{stem}-{}-{n}.db", now.format("%Y%m%dT%H%M%SZ")));
    }
    backup_to(conn, db, &out)?;
    remove_partials(&dir);
    let mut existing = list_backups(db)?;
    existing.sort();
    while existing.len() > keep.max(1) {
        let old = existing.remove(0);
        std::fs::remove_file(&old)?;
        let _ = std::fs::remove_file(crate::keys::key_file(&old));
    }
    Ok(out)
}

/// Removes the temporary files a killed backup left in the backups folder (only ours, by
/// name: see [`crate::files::is_partial`]). One being written right now by another Cofrestr
/// is younger than a minute and kept.
fn remove_partials(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 60);
        if crate::files::is_partial(&name) && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The other copies of `db` in its backups folder: before an upgrade, before a restore.
pub fn other_backups(db: &Path) -> Result<Vec<PathBuf>> {
    let dir = backups_dir(db);
    let stem = backup_stem(db);
    let mut out = vec![];
    if dir.is_dir() {
        for e in std::fs::read_dir(&dir)? {
            let p = e?.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let ours = [format!("{stem}-before-upgrade-"), format!("{stem}-before-restore-")]
                .iter()
                .any(|pre| name.starts_with(pre.as_str()));
            if ours && name.ends_with(".db") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The automatic backups of `db`, oldest first.
pub fn list_backups(db: &Path) -> Result<Vec<PathBuf>> {
    let dir = backups_dir(db);
    let prefix = format!("{}-", backup_stem(db));
    let mut out = vec![];
    if dir.is_dir() {
        for e in std::fs::read_dir(&dir)? {
            let p = e?.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if is_rolling_backup(&name, &prefix) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether `name` is one of the rolling backups named by [`rolling_backup`] for the stem in
/// `prefix`: `<stem>-YYYYMMDDTHHMMSSZ.db` or `<stem>-YYYYMMDDTHHMMSSZ-N.db`. Another database's
/// backups in the same folder (`council-hub-….db` beside `council-….db`) are not, and are never
/// removed as this one's.
fn is_rolling_backup(name: &str, prefix: &str) -> bool {
    let Some(rest) = name.strip_prefix(prefix).and_then(|r| r.strip_suffix(".db")) else { return false };
    let (stamp, n) = rest.split_once('-').unwrap_or((rest, "1"));
    stamp.len() == 16
        && stamp.as_bytes()[8] == b'T'
        && stamp.ends_with('Z')
        && stamp[..8].bytes().chain(stamp[9..15].bytes()).all(|b| b.is_ascii_digit())
        && !n.is_empty()
        && n.bytes().all(|b| b.is_ascii_digit())
}

/// What a person gives to open a backup being restored.
#[derive(Clone, Copy)]
pub enum Secret<'a> {
    /// Tried through the backup's own key file (the passphrase of the day it was made), the
    /// database's key file (today's passphrase), then as a file from before recovery keys.
    Passphrase(&'a str),
    Recovery(&'a RecoveryKey),
}

/// What a restore did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restored {
    /// The database opens as it did, with the same passphrase.
    Done,
    /// The copy is under an earlier recovery key that today's passphrase does not open: the
    /// passphrase of the backup's day may, and that recovery key does (and sets a new one).
    NeedsRecoveryKey,
}

/// Replaces `db` with the backup `from`, or changes nothing and says why.
///
/// The backup is first copied beside `db` and that copy (the very bytes that will take the
/// database's place) must open under `secret`, be a Cofrestr database this version can
/// read, and pass a whole check: integrity, links, and the audit trail (`verify_trail`, which
/// names the trail's first problem: reading the trail back is a layer above the store). An older backup is
/// brought up to this version's schema in the copy. Then, if no other Cofrestr has `db` open,
/// the current file is kept in the backups folder (so a restore can itself be undone) and the
/// checked copy is moved into place, the key file beside it first gaining the backup's slots.
/// Then `adjust` runs on the checked copy (in its own transaction) before it takes the
/// database's place: what being restored means to layers above the store (see
/// `Session::restore`, the one caller).
pub(crate) fn restore_with(
    db: &Path,
    from: &Path,
    secret: Secret,
    now: DateTime<Utc>,
    verify_trail: impl FnOnce(&Connection) -> Result<Option<String>>,
    adjust: impl FnOnce(&Connection) -> Result<()>,
) -> Result<Restored> {
    if !from.is_file() {
        return Err(Error::bad_input_with("err-backup-missing", &[("path", &from.display().to_string())]));
    }
    if let Secret::Passphrase("") = secret {
        return Err(Error::bad_input("err-passphrase-empty"));
    }
    // No restore under a session that has the file open (it would go on writing to the file
    // being replaced, or lose its log): every session holds the lock file shared.
    let Some(_alone) = hold_exclusive(db)? else { return Err(Error::bad_input("err-restore-in-use")) };
    // Every key the secret gives, for the backup: read, never written, until the end.
    let backup_keys = KeyFile::read(from).ok().flatten();
    let live_keys = KeyFile::read(db).ok().flatten();
    // The key the database is under today, when the secret tells it: the restored copy is
    // put under it, so today's recovery key and passphrase open what takes its place.
    let mut live_key: Option<DatabaseKey> = None;
    let candidates: Vec<Option<DatabaseKey>> = match secret {
        Secret::Recovery(rk) => vec![Some(rk.database_key())],
        Secret::Passphrase(p) => {
            let live: Vec<DatabaseKey> = live_keys.iter().flat_map(|f| f.unseal(p)).collect();
            live_key = live.first().cloned();
            let mut keys: Vec<Option<DatabaseKey>> = vec![];
            for k in backup_keys.iter().flat_map(|f| f.unseal(p)).chain(live) {
                if !keys.contains(&Some(k.clone())) {
                    keys.push(Some(k));
                }
            }
            keys.push(None);
            keys
        }
    };
    let mut tmp_rekeyed: Option<tempfile::TempPath> = None;
    let tmp = crate::files::temp_beside(db, crate::files::Access::Owner)?;
    let mut opened_with: Option<DatabaseKey> = None;
    let checked = (|| -> Result<()> {
        std::fs::copy(from, &tmp)?;
        // A copy takes the backup's permissions (a USB stick's may be anyone's): the database
        // is its owner's alone.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
        }
        let mut last = Error::WrongPassphrase;
        let mut opened = None;
        for key in &candidates {
            let tried = match (key, secret) {
                (Some(k), _) => open_with(&tmp, Key::Raw(k), false),
                (None, Secret::Passphrase(p)) => open_with(&tmp, Key::Passphrase(p), false),
                (None, Secret::Recovery(_)) => unreachable!("a recovery key gives a database key"),
            };
            match tried {
                Ok(c) => {
                    opened = Some(c);
                    opened_with = key.clone();
                    break;
                }
                Err(e) => last = e,
            }
        }
        // Said of the backup the user named, not of the copy being checked.
        let mut candidate = opened.ok_or(last).map_err(|e| match e {
            Error::BadInput { id, .. } if id == "err-db-empty" || id == "err-db-not-ours" => {
                Error::bad_input_with(&id, &[("path", &from.display().to_string())])
            }
            Error::WrongPassphrase if matches!(secret, Secret::Recovery(_)) => {
                Error::bad_input("err-recovery-key-wrong")
            }
            e => e,
        })?;
        let v = user_version(&candidate)?;
        if v > schema_version() {
            return Err(Error::SchemaTooNew { found: v, supported: schema_version() });
        }
        migrate(&mut candidate, MIGRATIONS.len())?;
        let mut why: Vec<String> = integrity_problems(&candidate)?;
        why.extend(foreign_key_problems(&candidate)?);
        why.extend(verify_trail(&candidate)?);
        if !why.is_empty() {
            return Err(Error::bad_input_with("err-backup-damaged", &[("detail", &why.join("; "))]));
        }
        let tx = candidate.transaction()?;
        adjust(&tx)?;
        tx.commit()?;
        // Leave it as one file, with nothing in a write-ahead log beside it.
        let mode: String = candidate.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(Error::Busy);
        }
        // A backup under an earlier key (or from before recovery keys) is put under today's.
        if let Some(live) = live_key.as_ref().filter(|l| opened_with.as_ref() != Some(*l)) {
            let again = crate::files::temp_beside(db, crate::files::Access::Owner)?;
            export_under(&candidate, &again, live)?;
            tmp_rekeyed = Some(again);
            opened_with = Some(live.clone());
        }
        drop(candidate);
        crate::files::sync_file(&tmp)
    })();
    remove_sidecars(&tmp);
    checked?;
    let tmp = tmp_rekeyed.unwrap_or(tmp);
    let safety =
        backups_dir(db).join(format!("{}-before-restore-{}.db", backup_stem(db), now.format("%Y%m%dT%H%M%SZ")));
    if db.exists() {
        // The log beside the file, as it is now: opening a damaged file may discard it.
        let wal = sidecar(db, "-wal");
        let safety_wal = sidecar(&safety, "-wal");
        let wal_copy = if wal.exists() {
            std::fs::create_dir_all(backups_dir(db))?;
            let t = crate::files::temp_beside(&safety_wal, crate::files::Access::Owner)?;
            std::fs::copy(&wal, &t)?;
            Some(t)
        } else {
            None
        };
        let current = match secret {
            Secret::Passphrase(p) => unlock(db, p).map(|u| u.conn),
            Secret::Recovery(rk) => unlock_with_recovery(db, rk).map(|u| u.conn),
        };
        match current {
            Ok(current) => {
                // Leaving WAL mode needs every other connection closed: if a window or another
                // command has the file open, it would go on writing to the file being replaced.
                let mode: String = current.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).map_err(
                    |e| match Error::from(e) {
                        Error::Busy => Error::bad_input("err-restore-in-use"),
                        e => e,
                    },
                )?;
                if !mode.eq_ignore_ascii_case("delete") {
                    return Err(Error::bad_input("err-restore-in-use"));
                }
                backup_to(&current, db, &safety)?;
            }
            // The file in place does not open (damaged, cut short, or under another
            // passphrase): what a restore is for. It is kept as it is, byte for byte, with the
            // log and key file beside it, and the log is moved away so it is never applied to
            // the backup.
            Err(Error::WrongPassphrase | Error::BadInput { .. }) => {
                std::fs::create_dir_all(backups_dir(db))?;
                if let Some(keys) = &live_keys {
                    keys.write(&safety)?;
                }
                crate::files::make_new(
                    &safety,
                    crate::files::Access::Owner,
                    |t| Ok(std::fs::copy(db, t).map(|_| ())?),
                )?;
                if let Some(t) = wal_copy {
                    crate::files::sync_file(&t)?;
                    crate::files::move_into_place(t, &safety_wal)?;
                }
                for suffix in ["-wal", "-shm", "-journal"] {
                    let side = sidecar(db, suffix);
                    if side.exists() {
                        std::fs::remove_file(side)?;
                    }
                }
            }
            Err(e) => return Err(e),
        }
    }
    // The key file must open what is about to take the database's place: the backup's slots
    // are put first, the database's kept after them (the next unlock drops any that no longer
    // open it), written before the move so that a kill between the two still leaves a key.
    let mut outcome = Restored::Done;
    if let Some(k) = &opened_with {
        let has = |f: &Option<KeyFile>| f.as_ref().is_some_and(|f| f.slots.iter().any(|s| s.id == k.id()));
        if !has(&live_keys) {
            let mut slots: Vec<crate::keys::Slot> =
                backup_keys.iter().flat_map(|f| f.slots.iter().filter(|s| s.id == k.id()).cloned()).collect();
            // Today's passphrase does not open it: its own day's may, and its recovery key does.
            outcome = Restored::NeedsRecoveryKey;
            slots.extend(live_keys.iter().flat_map(|f| f.slots.iter().cloned()));
            slots.truncate(crate::keys::MAX_SLOTS);
            if !slots.is_empty() {
                KeyFile::new(slots).write(db)?;
            }
        }
    }
    crate::files::move_over(tmp, db)?;
    Ok(outcome)
}

pub fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// What `PRAGMA foreign_key_check` finds: each row whose reference points nowhere.
pub fn foreign_key_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt
        .query_map([], |r| {
            Ok(format!("{} row {} → {}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Changes the passphrase of an open database.
pub fn rekey(conn: &Connection, new_passphrase: &str) -> Result<()> {
    conn.pragma_update(None, "rekey", new_passphrase)?;
    Ok(())
}

/// The lock file beside a database, `<database>.lock`: every open session holds it shared, and
/// what must be alone with the file (a restore, a change of key) holds it exclusively. It is an
/// empty file, never removed; the lock is the operating system's (released if a process dies).
pub fn lock_file(db: &Path) -> PathBuf {
    sidecar(db, ".lock")
}

/// A lock held on the lock file; released when dropped.
#[derive(Debug)]
pub struct Hold {
    _file: Option<std::fs::File>,
}

fn open_lock(db: &Path) -> Result<std::fs::File> {
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    Ok(std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(lock_file(db))?)
}

/// Holds the lock shared, as every open session does; [`Error::Busy`] while something holds it
/// exclusively (a restore or a change of key in another Cofrestr). A file system with no locks
/// (some network shares) gives a hold that locks nothing: the journal-mode checks still apply.
pub fn hold_shared(db: &Path) -> Result<Hold> {
    let file = open_lock(db)?;
    match file.try_lock_shared() {
        Ok(()) => Ok(Hold { _file: Some(file) }),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Busy),
        Err(std::fs::TryLockError::Error(_)) => Ok(Hold { _file: None }),
    }
}

/// Holds the lock exclusively, or `None` when another session holds it.
pub fn hold_exclusive(db: &Path) -> Result<Option<Hold>> {
    let file = open_lock(db)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Hold { _file: Some(file) })),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(_)) => Ok(Some(Hold { _file: None })),
    }
}

/// Writes a copy of the open database to `out` (a new, empty temporary file) encrypted under
/// `key`, with its schema version, then proves the copy opens under that key and holds what the
/// database does. The database is read, never written.
pub fn export_under(conn: &Connection, out: &Path, key: &DatabaseKey) -> Result<()> {
    let version = user_version(conn)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
        rusqlite::params![out.to_string_lossy(), key.pragma().as_str()],
    )?;
    let exported = (|| -> Result<()> {
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        conn.execute_batch(&format!("PRAGMA rekeyed.user_version = {version}"))?;
        Ok(())
    })();
    conn.execute("DETACH DATABASE rekeyed", [])?;
    exported?;
    remove_sidecars(out);
    crate::files::sync_file(out)?;
    let copy = open_with(out, Key::Raw(key), false)?;
    let count = |c: &Connection| -> Result<(i64, i64)> {
        Ok(c.query_row("SELECT (SELECT count(*) FROM audit), (SELECT count(*) FROM sqlite_master)", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?)
    };
    if user_version(&copy)? != version || count(&copy)? != count(conn)? || !integrity_problems(&copy)?.is_empty() {
        return Err(Error::bad_input("err-rekey-copy"));
    }
    drop(copy);
    remove_sidecars(out);
    Ok(())
}

/// Re-encrypts the database at `path` under `new`, whole or not at all: a copy under the new
/// key is made beside it and checked ([`export_under`]), the connection is closed, the copy
/// takes the file's name in one step, and `conn` is opened again on it. A failure before the
/// move leaves the file as it was and `conn` on it (opened again under `old`); a kill at any
/// moment leaves the old file or the new one, each whole. The caller holds the lock file
/// exclusively ([`hold_exclusive`]).
pub fn rekey_by_copy(conn: &mut Connection, path: &Path, old: Key, new: &DatabaseKey) -> Result<()> {
    // Everything in the write-ahead log into the file first, and no log left beside it.
    let mode: String =
        conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0)).map_err(|e| match Error::from(e) {
            Error::Busy => Error::bad_input("err-rekey-in-use"),
            e => e,
        })?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::bad_input("err-rekey-in-use"));
    }
    let tmp = crate::files::temp_beside(path, crate::files::Access::Owner)?;
    let made = export_under(conn, &tmp, new);
    if let Err(e) = made {
        remove_sidecars(&tmp);
        conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))?;
        return Err(e);
    }
    // Closed before the move: Windows renames nothing over an open file.
    drop(std::mem::replace(conn, Connection::open_in_memory()?));
    match crate::files::move_over(tmp, path) {
        Ok(()) => {
            *conn = open_with(path, Key::Raw(new), false)?;
            Ok(())
        }
        Err(e) => {
            *conn = open_with(path, old, false)?;
            Err(e)
        }
    }
}
