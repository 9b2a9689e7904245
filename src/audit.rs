//! The tamper-evident audit chain: the low half of the audit trail, which the store calls.
//!
//! Every create, update and delete writes one entry in the same transaction as the change:
//! who, when, which register and record, the before and after of each changed field, and a
//! hash of the record as it now stands. Entries are hash-chained (each entry's hash covers
//! the previous entry's hash), and the head of the chain is kept in `audit_head`.
//!
//! Exports are in the same chain: every register exported, list printed, report made and
//! return or pack written appends an `export` entry ([`record_export`]: who, what, how many
//! records, where, and the SHA-256 of the file), so what left the database is as hard to
//! hide as a change. So are the uses of the recovery keys ([`record_key`]).
//!
//! Anyone holding the passphrase could rewrite the whole chain and its head consistently, so
//! the chain alone proves only that nothing changed behind the application's back. An
//! [`Anchor`] (the entry count and head hash) is printed in every IMG pack and SIRO report:
//! [`crate::trail::verify_with`] proves the trail still holds that entry, so a trail
//! rewritten after a report was published is caught.
//!
//! Architecture invariant: this module knows nothing of registers. It chains what it is given
//! (a register's name, a record id, the changes as JSON, the record's hash); reading the trail
//! back (history, as of a day, verification) is [`crate::trail`]'s, a layer above the registers.
//! Nothing writes to a register table except through `register::store`, which always calls
//! [`append`].

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::Result;

/// Who is writing, and when. Business logic never reads the clock itself.
#[derive(Debug, Clone)]
pub struct Actor {
    pub installation: String,
    pub name: String,
    pub now: DateTime<Utc>,
}

impl Actor {
    pub fn today(&self) -> NaiveDate {
        crate::time::london_date(self.now)
    }

    /// When, as the trail and the registers' `updated_at` store it (UTC, RFC 3339, seconds).
    pub fn stamp(&self) -> String {
        self.now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Update,
    Delete,
    /// Something left the database (see [`record_export`]).
    Export,
    /// A recovery key made, confirmed, used or replaced, or its escrow opened (see
    /// [`record_key`]): about the file's keys, not a record.
    Key,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Export => "export",
            Action::Key => "key",
        }
    }
    pub fn parse(s: &str) -> Action {
        match s {
            "create" => Action::Create,
            "delete" => Action::Delete,
            "export" => Action::Export,
            "key" => Action::Key,
            _ => Action::Update,
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    installation: &str,
    actor: &str,
    register: &str,
    record_id: &str,
    action: &str,
    changes: &str,
    record_hash: &str,
) -> String {
    let body =
        serde_json::to_string(&(seq, at, installation, actor, register, record_id, action, changes, record_hash))
            .expect("entry serialises");
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(body.as_bytes());
    hex::encode(h.finalize())
}

/// Chains one entry on to the trail's head and moves the head to it, in the caller's
/// transaction: `changes` is the entry's JSON, `rh` the hash of the record as it now stands
/// (empty when the entry is about no record).
pub fn append(
    conn: &Connection,
    actor: &Actor,
    register: &str,
    id: &str,
    action: Action,
    changes: &str,
    rh: &str,
) -> Result<()> {
    let (last_seq, prev): (i64, String) = conn
        .prepare_cached("SELECT seq, hash FROM audit_head")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    let seq = last_seq + 1;
    let at = crate::time::stamp(actor.now);
    let hash =
        entry_hash(&prev, seq, &at, &actor.installation, &actor.name, register, id, action.as_str(), changes, rh);
    conn.prepare_cached(
        "INSERT INTO audit (seq, at, installation, actor, register, record_id, action, changes, record_hash, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![seq, at, actor.installation, actor.name, register, id, action.as_str(), changes, rh, prev, hash])?;
    conn.prepare_cached(
        "INSERT INTO audit_head (singleton, seq, hash) VALUES (1, ?1, ?2)
         ON CONFLICT (singleton) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )?
    .execute(params![seq, hash])?;
    Ok(())
}

/// What left the database: a register exported, a list printed, a report made, a return or
/// a reference pack written.
#[derive(Debug, Clone)]
pub struct Export<'a> {
    /// `register` (CSV or Excel), `list` (a register's PDF list), `pack` (the IMG pack),
    /// `annual` (the SIRO's report), `chase` (the training chase list), `return`,
    /// `reference-pack`, `print` (a register to the CLI's standard output).
    pub kind: &'a str,
    /// The register it holds, if one.
    pub register: Option<&'a str>,
    /// `csv`, `xlsx`, `pdf`, `json` or `cofrestr`.
    pub format: &'a str,
    /// How many records it holds (none: figures, not records).
    pub records: Option<usize>,
    /// Where it went: the file's path.
    pub place: String,
}

/// Appends an `export` entry for `bytes` written to `export.place`, in the caller's transaction
/// (which commits once the file is saved). The entry's record hash is the file's SHA-256.
pub fn record_export(conn: &Connection, actor: &Actor, export: &Export, bytes: &[u8]) -> Result<()> {
    let changes = serde_json::json!({
        "kind": export.kind, "format": export.format, "records": export.records, "where": export.place,
    })
    .to_string();
    let register = export.register.unwrap_or(export.kind);
    append(
        conn,
        actor,
        register,
        &uuid::Uuid::new_v4().to_string(),
        Action::Export,
        &changes,
        &hex::encode(Sha256::digest(bytes)),
    )
}

/// Appends a `key` entry (register `recovery`, the record id the recovery key's id): `event` is
/// `made`, `confirmed`, `used`, `replaced` or `escrow-opened`, with what else says what happened.
pub fn record_key(
    conn: &Connection,
    actor: &Actor,
    key_id: &str,
    event: &str,
    detail: serde_json::Value,
) -> Result<()> {
    let mut changes = serde_json::json!({ "event": event });
    if let (Some(map), serde_json::Value::Object(more)) = (changes.as_object_mut(), detail) {
        map.extend(more);
    }
    append(conn, actor, "recovery", key_id, Action::Key, &changes.to_string(), "")
}

/// Where a register listed to the command line's output went, as recorded.
pub const STDOUT: &str = "stdout";

/// Every kind of export, in the order reports list them.
pub const EXPORT_KINDS: [&str; 8] =
    ["register", "print", "list", "chase", "pack", "annual", "return", "reference-pack"];

/// The trail's length and head hash: printed in published reports, so a trail rewritten
/// afterwards can be caught ([`crate::trail::verify_with`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchor {
    pub entries: i64,
    pub head: String,
}

impl Anchor {
    /// `ENTRIES:HASH`, as printed and as `cofrestr audit verify --anchor` takes it.
    pub fn text(&self) -> String {
        format!("{}:{}", self.entries, self.head)
    }

    /// Reads `ENTRIES:HASH` as a report prints it (spaces, as a PDF copy may add, ignored).
    pub fn parse(s: &str) -> crate::error::Result<Anchor> {
        let bad = || crate::error::Error::bad_input_with("err-anchor", &[("value", s.trim())]);
        let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let (n, hash) = compact.split_once(':').ok_or_else(bad)?;
        let entries: i64 = n.parse().map_err(|_| bad())?;
        let head = hash.to_ascii_lowercase();
        if entries < 1 || head.len() != 64 || !head.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(Anchor { entries, head })
    }
}

/// The trail's anchor now.
pub fn anchor(conn: &Connection) -> Result<Anchor> {
    let (entries, head) = conn
        .query_row("SELECT seq, hash FROM audit_head", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .unwrap_or((0, GENESIS.to_string()));
    Ok(Anchor { entries, head })
}
