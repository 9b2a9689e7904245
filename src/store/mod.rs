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
use serde::Serialize;

use crate::error::{Error, Result};

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
];

pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Opens (or, with `create`, makes) an encrypted database and proves the passphrase.
/// Does not migrate.
pub fn open_keyed(path: &Path, passphrase: &str, create: bool) -> Result<Connection> {
    let exists = path.exists();
    if create && exists {
        return Err(Error::DatabaseExists(path.display().to_string()));
    }
    if !create && !exists {
        return Err(Error::DatabaseMissing(path.display().to_string()));
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
    let conn = Connection::open_with_flags(path, flags)?;
    // Enough cached statements for a record's write (insert, audit, search index, unique and
    // reference checks) across the registers an import or a merge touches at once.
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "key", passphrase)?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    // The first read proves the key (or finds the file is not ours).
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
    // Welsh text in Welsh order (`ORDER BY … COLLATE cy`): see text::compare.
    conn.create_collation("cy", |a: &str, b: &str| crate::text::compare(crate::i18n::Lang::Cy, a, b))?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA cache_size = -32000;
         PRAGMA busy_timeout = 5000;",
    )?;
    Ok(conn)
}

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the migrations after the file's version, up to `up_to` (normally all of them).
pub fn migrate(conn: &mut Connection, up_to: usize) -> Result<()> {
    let current = user_version(conn)?;
    if current > schema_version() {
        return Err(Error::SchemaTooNew { found: current, supported: schema_version() });
    }
    for (i, (_, sql)) in MIGRATIONS.iter().enumerate().take(up_to).skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Writes an encrypted copy (same key) of the open database to `out`, which must not exist.
pub fn backup_to(conn: &Connection, out: &Path) -> Result<()> {
    if out.exists() {
        return Err(Error::bad_input_with("err-file-exists", &[("path", &out.display().to_string())]));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    conn.execute("VACUUM INTO ?1", [out.to_string_lossy()])?;
    Ok(())
}

/// Where automatic backups of `db` go: a `backups` folder beside it.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent().map(|p| p.join("backups")).unwrap_or_else(|| PathBuf::from("backups"))
}

fn backup_stem(db: &Path) -> String {
    db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "cofrestr".into())
}

/// The backup taken on every unlock; keeps the newest `keep` and removes older ones.
pub fn rolling_backup(conn: &Connection, db: &Path, keep: usize, now: DateTime<Utc>) -> Result<PathBuf> {
    let dir = backups_dir(db);
    let stem = backup_stem(db);
    let mut out = dir.join(format!("{stem}-{}.db", now.format("%Y%m%dT%H%M%SZ")));
    let mut n = 1;
    while out.exists() {
        n += 1;
        out = dir.join(format!("{stem}-{}-{n}.db", now.format("%Y%m%dT%H%M%SZ")));
    }
    backup_to(conn, &out)?;
    let mut existing = list_backups(db)?;
    existing.sort();
    while existing.len() > keep.max(1) {
        let old = existing.remove(0);
        std::fs::remove_file(&old)?;
    }
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
            if name.starts_with(&prefix) && name.ends_with(".db") && !name.contains("before-restore") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Replaces `db` with the backup `from`. The backup must open under `passphrase` and pass
/// the integrity check; the current file is first copied to the backups folder, so a restore
/// can itself be undone. Nothing changes if any check fails.
pub fn restore(db: &Path, from: &Path, passphrase: &str, now: DateTime<Utc>) -> Result<()> {
    {
        let candidate = open_keyed(from, passphrase, false)?;
        let v = user_version(&candidate)?;
        if v > schema_version() {
            return Err(Error::SchemaTooNew { found: v, supported: schema_version() });
        }
        let problems = integrity_problems(&candidate)?;
        if !problems.is_empty() {
            return Err(Error::bad_input_with("err-backup-damaged", &[("detail", &problems.join("; "))]));
        }
    }
    if db.exists() {
        let current = open_keyed(db, passphrase, false)?;
        let safety = backups_dir(db).join(format!("{}-before-restore-{}.db", backup_stem(db), now.format("%Y%m%dT%H%M%SZ")));
        backup_to(&current, &safety)?;
        current.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        drop(current);
    }
    let tmp = db.with_extension("restoring");
    std::fs::copy(from, &tmp)?;
    for ext in ["db-wal", "db-shm"] {
        let side = db.with_extension(ext);
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&tmp, db)?;
    Ok(())
}

fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}

/// The result of `cofrestr check`.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub audit: crate::audit::VerifyReport,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.foreign_keys.is_empty() && self.audit.problem.is_none()
    }
}

pub fn check(conn: &Connection) -> Result<CheckReport> {
    let integrity = integrity_problems(conn)?;
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let foreign_keys = stmt
        .query_map([], |r| Ok(format!("{} row {} → {}", r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let audit = crate::audit::verify(conn)?;
    Ok(CheckReport { integrity, foreign_keys, audit })
}

/// Changes the passphrase of an open database.
pub fn rekey(conn: &Connection, new_passphrase: &str) -> Result<()> {
    conn.pragma_update(None, "rekey", new_passphrase)?;
    Ok(())
}
