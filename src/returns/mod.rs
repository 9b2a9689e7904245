//! Departmental returns: laptops that keep a department's registers offline send what changed
//! to the IMG secretary's copy (the hub), encrypted so only the hub can read it, and the hub
//! merges them without losing anyone's edit.
//!
//! - The hub makes an age X25519 key pair and an Ed25519 signing key (`hub_init`). For each
//!   laptop the IMG secretary adds, it writes that laptop's own join file; the laptop `join`s
//!   with it and makes its own signing key. Who may send what is [`identity`]'s: returns are
//!   signed by the laptop, reference packs by the hub, and a laptop the hub never added or has
//!   withdrawn is refused. A join file is a secret for setting up one laptop, like a passphrase,
//!   and is written readable by its owner only.
//! - A **return** holds every record of the operational registers created, changed or deleted
//!   since the audit position the hub last acknowledged (everything the first time), each with
//!   the content the department last agreed with the hub, and the department's audit entries
//!   with the hash of each, so the hub records the laptop's trail head with the return. It is
//!   JSON, signed, then sealed with age to the hub's public key: confidential, and any change
//!   to the file (tampering, truncation) makes it unreadable, so it is refused whole.
//! - A return is known by its digest (SHA-256 of what was signed), not only its number: a
//!   laptop restored from a backup numbers its returns again, and what it writes next is new.
//!   The hub compares the laptop's audit entries in the return with those of the returns it
//!   applied before; where they part, the laptop was restored (its history **forked**): the
//!   returns of the abandoned history are marked superseded, and the new one is merged against
//!   what the laptop last agreed with the hub, every record changed on both sides held for a
//!   person. Nothing it brings is dropped as "applied before" or "older".
//! - The hub applies a return in one transaction. For each record it compares three contents:
//!   the hub's now, the department's now, and what the two last agreed (the department says
//!   what it last had from the hub; the hub remembers what it last took from that department).
//!   Changed on one side only: the newer applies. Changed on both: a **conflict**, kept with
//!   both versions for a person to decide; nothing is overwritten. Every record a return brings
//!   passes the same checks as one typed in the window (`store::prepare`), and its computed
//!   fields (due dates, timeliness, scores) are worked out again on the hub: one that fails is
//!   held as a conflict (`invalid`), never written. Deletions travel as
//!   tombstones and follow the same rule. The same return twice changes nothing; a return
//!   older than one already applied never undoes the newer one.
//! - Reference registers (organisation, people, roles, retention, courses, checklists, bank
//!   holidays) belong to the hub and travel the other way.
//!
//! Contents are compared by a hash of the record's id and fields, never its revision, which
//! each database counts for itself.

use std::io::{Read, Write};
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::audit;
use crate::error::{Error, Result};
use crate::register::store::{self, Actor, Hooks};
use crate::register::{Fields, Record};
use crate::trail::{self, HistoryEntry};

pub mod conflicts;
pub mod identity;
pub mod pack;

/// Registers the hub keeps and sends to departments in reference packs.
pub const REFERENCE: &[&str] =
    &["departments", "people", "roles", "retention", "courses", "checklist_templates", "holidays"];
/// Registers only the hub writes (the SIRO's report texts): never in a return.
const HUB_ONLY: &[&str] = &["report_texts"];
/// Returns and packs: 2 is signed (format 1, unsigned, is refused).
const FORMAT: u32 = 2;

/// What a hub restored from a backup must change before it is used again: it may have written
/// reference packs after the backup, which laptops took; its next would carry a number they
/// have seen, and they would take it for one applied before and miss the council's reference
/// data. So its numbering jumps well past any it could have reached since (a hub writes a pack
/// a month or so, never a thousand between backups). A laptop restored changes nothing: its
/// returns are known by their digests.
pub fn on_restore(conn: &Connection) -> Result<()> {
    conn.execute("UPDATE sync_keys SET pack_seq = pack_seq + 1000 WHERE hub_secret IS NOT NULL", [])?;
    Ok(())
}

/// The largest return or pack read: a council's whole history as first returns is some tens
/// of megabytes. A larger file is refused before it is read, so a file made to exhaust the
/// memory cannot.
pub const MAX_SEALED_BYTES: u64 = 512 << 20;
/// The largest join file read: a real one is under 2 KB.
pub const MAX_JOIN_BYTES: u64 = 64 << 10;

fn read_capped(path: &std::path::Path, max: u64, too_large: &str) -> Result<Vec<u8>> {
    let size = std::fs::metadata(path)?.len();
    if size > max {
        return Err(Error::bad_input_with(too_large, &[("path", &path.display().to_string())]));
    }
    Ok(std::fs::read(path)?)
}

/// A return or a reference pack read from `path` (see [`MAX_SEALED_BYTES`]).
pub fn read_sealed(path: &std::path::Path) -> Result<Vec<u8>> {
    read_capped(path, MAX_SEALED_BYTES, "err-return-too-large")
}

/// A join file read from `path` (see [`MAX_JOIN_BYTES`]).
pub fn read_join(path: &std::path::Path) -> Result<Vec<u8>> {
    read_capped(path, MAX_JOIN_BYTES, "err-join-unreadable")
}

fn travels_in_returns(register: &str) -> bool {
    !REFERENCE.contains(&register) && !HUB_ONLY.contains(&register)
}

/// The hash returns compare: a record's id and fields, not its revision.
pub fn content_hash(id: Uuid, fields: &Fields) -> String {
    let body = serde_json::to_string(&(id.to_string(), fields)).expect("fields serialise");
    hex::encode(Sha256::digest(body.as_bytes()))
}

pub(crate) struct Keys {
    pub hub_id: String,
    pub hub_public: String,
    pub hub_secret: Option<String>,
}

pub(crate) fn keys(conn: &Connection) -> Result<Option<Keys>> {
    Ok(conn
        .query_row("SELECT hub_id, hub_public, hub_secret FROM sync_keys", [], |r| {
            Ok(Keys { hub_id: r.get(0)?, hub_public: r.get(1)?, hub_secret: r.get(2)? })
        })
        .optional()?)
}

pub(crate) fn installation(conn: &Connection) -> Result<(String, String, String)> {
    Ok(conn.query_row("SELECT id, council_name, user_name FROM installation", [], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
    })?)
}

/// Makes this installation the hub: an age key pair for returns and a signing key for packs,
/// kept in the (encrypted) database. Refused if it is already a hub or has joined one. Laptops
/// are then added one by one ([`identity::add_laptop`]), each with its own join file.
pub fn hub_init(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    if keys(conn)?.is_some() {
        return Err(Error::bad_input("err-hub-already"));
    }
    let (id, _, _) = installation(conn)?;
    let hub = age::x25519::Identity::generate();
    let signing = identity::new_signing_key();
    conn.execute(
        "INSERT INTO sync_keys (singleton, hub_id, hub_public, hub_secret, pack_secret, joined_at, hub_verify, hub_signing)
         VALUES (1, ?1, ?2, ?3, '', ?4, ?5, ?6)",
        params![
            id,
            hub.to_public().to_string(),
            hub.to_string().expose_secret(),
            crate::time::stamp(now),
            hex::encode(signing.verifying_key().as_bytes()),
            hex::encode(signing.to_bytes())
        ],
    )?;
    conn.execute("UPDATE installation SET role = 'hub'", [])?;
    Ok(())
}

/// Joins a department installation to the hub with the join file the hub made for this laptop.
/// The laptop makes its own signing key here; joining again with the same file keeps it, and a
/// laptop joined to this hub before (by an earlier version, or added again after a lost key)
/// may join with a new file and keeps everything the hub has already taken from it.
pub fn join(conn: &mut Connection, bytes: &[u8], now: DateTime<Utc>) -> Result<String> {
    let file = identity::read_join_file(bytes)?;
    match keys(conn)? {
        Some(k) if k.hub_secret.is_some() => return Err(Error::bad_input("err-join-is-hub")),
        Some(k) if k.hub_id != file.hub_id => return Err(Error::bad_input("err-join-other-hub")),
        _ => {}
    }
    let existing: Option<(Option<String>, Option<String>)> = conn
        .query_row("SELECT laptop_id, signing_secret FROM sync_keys", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    // The same join file again keeps the key this laptop already made.
    let signing = match existing {
        Some((Some(laptop), Some(secret))) if laptop == file.laptop_id => secret,
        _ => hex::encode(identity::new_signing_key().to_bytes()),
    };
    let tx = conn.transaction()?;
    tx.execute(
        "INSERT INTO sync_keys (singleton, hub_id, hub_public, hub_secret, pack_secret, joined_at, hub_verify, laptop_id, enrol_token, signing_secret)
         VALUES (1, ?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (singleton) DO UPDATE SET hub_public = excluded.hub_public, pack_secret = excluded.pack_secret,
             hub_verify = excluded.hub_verify, laptop_id = excluded.laptop_id, enrol_token = excluded.enrol_token,
             signing_secret = excluded.signing_secret",
        params![file.hub_id, file.hub_public, file.pack_secret, crate::time::stamp(now), file.hub_verify, file.laptop_id, file.token, signing],
    )?;
    tx.execute("INSERT OR IGNORE INTO sync_out (singleton) VALUES (1)", [])?;
    tx.commit()?;
    Ok(file.council)
}

/// One record in a return: its content now (none: deleted) and what was last agreed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Item {
    register: String,
    id: Uuid,
    fields: Option<Fields>,
    hash: Option<String>,
    base: Option<String>,
}

/// One of the department's own audit entries, as a return carries it and the hub keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrailEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub register: String,
    pub record_id: String,
    pub action: String,
    pub changes: serde_json::Value,
    /// The entry's hash in the department's chain (none: kept by an earlier version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Envelope {
    kind: String,
    format: u32,
    hub_id: String,
    source: String,
    source_name: String,
    seq: i64,
    audit_to: i64,
    /// The last of this department's returns a reference pack acknowledged (0: none, or a full
    /// return), and its digest as the laptop wrote it (none: written by an earlier version).
    #[serde(default)]
    acked_seq: i64,
    #[serde(default)]
    acked_digest: Option<String>,
    written_at: String,
    /// The department the laptop keeps: its officer's (none: not recorded, or written by an
    /// earlier version).
    #[serde(default)]
    department_id: Option<String>,
    /// The laptop's id at the hub (from its join file) and its proof of the join file's
    /// enrolment token (see [`identity`]).
    laptop_id: String,
    enrol_proof: String,
    /// The hash of the department's audit entry `audit_to`: its trail's head as it wrote this.
    audit_head: String,
    /// The first audit entry this return's trail could hold (the one after the position the hub
    /// acknowledged). Its trail entries carry their hashes: where two returns' trails both
    /// cover an entry, they must agree on it, or the laptop was restored (see the module notes).
    audit_from: i64,
    items: Vec<Item>,
    /// The department's audit entries (a JSON array of [`TrailEntry`]): the hub keeps it as it
    /// came, compressed, and never needs to read into it while merging.
    audit: Box<serde_json::value::RawValue>,
    /// The laptop's recovery key, sealed again to the hub's key, for the hub to hold in escrow
    /// (none: written by an earlier version, or the laptop has no recovery key yet).
    #[serde(default)]
    escrow: Option<Escrow>,
}

/// A laptop's recovery key as a return carries it: its id, and the key sealed (age, base64) to
/// the hub's key, which the hub keeps sealed until a person opens it ([`open_escrow`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Escrow {
    id: String,
    sealed: String,
}

/// What a return holds, said to the person who wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub seq: i64,
    pub records: usize,
    pub deletions: usize,
}

/// Writes the next return: every operational record changed since the hub last acknowledged
/// (everything the first time), sealed to the hub's key. Department installations only. Takes
/// the return's number in the caller's transaction, to commit once the file is saved.
pub fn export_return(conn: &Connection, now: DateTime<Utc>) -> Result<(Vec<u8>, Written)> {
    export_return_with(conn, now, false, &mut |_| {})
}

/// [`export_return`], saying how far through the records it is (0–100) as it goes. `full`:
/// every operational record and the whole trail, whatever the hub has acknowledged (for a hub
/// restored from a backup, which no longer has what it acknowledged).
pub fn export_return_with(
    conn: &Connection,
    now: DateTime<Utc>,
    full: bool,
    progress: &mut dyn FnMut(u8),
) -> Result<(Vec<u8>, Written)> {
    let k = keys(conn)?.ok_or_else(|| Error::bad_input("err-return-not-joined"))?;
    if k.hub_secret.is_some() {
        return Err(Error::bad_input("err-return-is-hub"));
    }
    let recipient =
        age::x25519::Recipient::from_str(&k.hub_public).map_err(|_| Error::bad_input("err-join-unreadable"))?;
    // Joined by an earlier version (one join file for every laptop): it has no identity of
    // its own to sign with until it joins again with a file the hub made for it.
    let (laptop_id, token, secret): (Option<String>, Option<String>, Option<String>) =
        conn.query_row("SELECT laptop_id, enrol_token, signing_secret FROM sync_keys", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let (Some(laptop_id), Some(token), Some(secret)) = (laptop_id, token, secret) else {
        return Err(Error::bad_input("err-return-rejoin"));
    };
    let signing = identity::signing_key(&secret)?;
    let enrol_proof = identity::enrol_proof(&token, &laptop_id, &signing.verifying_key())?;
    // Until the laptop has the council's departments and people, its records name its own
    // (typed at first run), which the hub does not have: take the hub's reference pack first.
    let packs: i64 = conn.query_row("SELECT pack_seq FROM sync_keys", [], |r| r.get(0))?;
    if packs == 0 {
        return Err(Error::bad_input("err-return-no-pack"));
    }
    let (source, _, user) = installation(conn)?;
    let (last_seq, acked, acked_seq): (i64, i64, i64) =
        conn.query_row("SELECT last_seq, acked_audit, acked_seq FROM sync_out", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    let (acked, acked_seq) = if full { (0, 0) } else { (acked, acked_seq) };
    // The return the hub acknowledged, as this laptop wrote it: a hub that no longer has it
    // (restored from a backup) refuses this return rather than lose what that one carried.
    let acked_digest: Option<String> =
        conn.query_row("SELECT digest FROM returns_out WHERE seq = ?1", [acked_seq], |r| r.get(0)).optional()?;
    let audit_to: i64 = conn.query_row("SELECT coalesce(max(seq), 0) FROM audit", [], |r| r.get(0))?;

    // Records changed since (an export entry names no record).
    let mut stmt = conn.prepare("SELECT DISTINCT register, record_id FROM audit WHERE seq > ?1 AND action NOT IN ('export', 'key') ORDER BY register, record_id")?;
    let changed: Vec<(String, String)> =
        stmt.query_map([acked], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut items = vec![];
    let total = changed.len().max(1);
    progress(0);
    for (i, (register, record_id)) in changed.into_iter().enumerate().filter(|(_, (r, _))| travels_in_returns(r)) {
        if i % 200 == 199 {
            progress((i * 80 / total) as u8);
        }
        let Some(def) = crate::registers::by_name(&register) else { continue };
        let id = Uuid::parse_str(&record_id).map_err(|_| Error::bad_input("err-return-unreadable"))?;
        let base: Option<String> = conn
            .query_row(
                "SELECT hash FROM sync_agreed WHERE source = ?1 AND register = ?2 AND record_id = ?3",
                params![k.hub_id, register, record_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        match store::get(conn, def, id) {
            Ok(rec) => items.push(Item {
                register,
                id,
                hash: Some(content_hash(id, &rec.fields)),
                fields: Some(rec.fields),
                base,
            }),
            Err(Error::NotFound(_)) => items.push(Item { register, id, fields: None, hash: None, base }),
            Err(e) => return Err(e),
        }
    }
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, register, record_id, action, changes, hash FROM audit WHERE seq > ?1 ORDER BY seq",
    )?;
    let audit: Vec<TrailEntry> = stmt
        .query_map([acked], |r| {
            Ok(TrailEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                register: r.get(3)?,
                record_id: r.get(4)?,
                action: r.get(5)?,
                changes: serde_json::from_str(&r.get::<_, String>(6)?).unwrap_or(serde_json::Value::Null),
                hash: Some(r.get(7)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|a| travels_in_returns(&a.register))
        .collect();
    let audit_head = audit_head_at(conn, audit_to)?;
    progress(85);
    let audit = serde_json::value::to_raw_value(&audit).expect("audit entries serialise");
    let department_id: Option<String> = conn
        .query_row("SELECT p.department_id FROM installation i JOIN people p ON p.id = i.user_person_id", [], |r| {
            r.get(0)
        })
        .optional()?
        .flatten();
    let seq = last_seq + 1;
    let written = Written {
        seq,
        records: items.iter().filter(|i| i.fields.is_some()).count(),
        deletions: items.iter().filter(|i| i.fields.is_none()).count(),
    };
    let envelope = Envelope {
        kind: "return".into(),
        format: FORMAT,
        hub_id: k.hub_id,
        source,
        source_name: user,
        seq,
        audit_to,
        acked_seq,
        acked_digest,
        written_at: crate::time::stamp(now),
        department_id,
        laptop_id,
        enrol_proof,
        audit_head,
        audit_from: acked + 1,
        items,
        audit,
        escrow: escrow_for(conn, &recipient)?,
    };
    let payload = serde_json::to_vec(&envelope).expect("return serialises");
    progress(90);
    let sealed = seal(&[recipient], &identity::sign(&signing, identity::RETURN, &payload))?;
    conn.execute("UPDATE sync_out SET last_seq = ?1", [seq])?;
    // The laptop's own record of what it wrote, to know the hub's acknowledgement of this
    // return (and not of another it numbered the same before it was restored).
    conn.execute(
        "INSERT OR REPLACE INTO returns_out (seq, digest, audit_to, written_at) VALUES (?1, ?2, ?3, ?4)",
        params![seq, digest(&payload), audit_to, crate::time::stamp(now)],
    )?;
    progress(100);
    Ok((sealed, written))
}

/// The recovery key this laptop's file is keyed under, sealed to the hub, if it has one.
fn escrow_for(conn: &Connection, hub: &age::x25519::Recipient) -> Result<Option<Escrow>> {
    let row: Option<(String, Option<String>)> =
        conn.query_row("SELECT key_id, escrow_key FROM recovery", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let Some((key_id, Some(text))) = row else { return Ok(None) };
    let Ok(key) = crate::keys::RecoveryKey::parse(&text) else { return Ok(None) };
    // A key the file is not (yet, or any longer) keyed under is never sent.
    if key.id() != key_id {
        return Ok(None);
    }
    use base64::Engine;
    let sealed = seal(std::slice::from_ref(hub), key.as_str().as_bytes())?;
    Ok(Some(Escrow { id: key_id, sealed: base64::engine::general_purpose::STANDARD.encode(sealed) }))
}

/// One laptop's recovery key held in escrow on the hub.
#[derive(Debug, Clone, Serialize)]
pub struct Escrowed {
    pub laptop_id: String,
    pub laptop: String,
    pub key_id: String,
    /// Europe/London time.
    pub received: String,
    pub return_seq: i64,
}

/// The recovery keys the hub holds in escrow, by laptop name.
pub fn escrowed(conn: &Connection) -> Result<Vec<Escrowed>> {
    let mut stmt = conn.prepare(
        "SELECT e.laptop_id, coalesce(l.name, e.laptop_id), e.key_id, e.received_at, e.return_seq
         FROM key_escrow e LEFT JOIN laptops l ON l.id = e.laptop_id ORDER BY 2 COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (laptop_id, laptop, key_id, at, return_seq) = row?;
        let received = chrono::DateTime::parse_from_rfc3339(&at)
            .map(|t| crate::time::london_display(t.with_timezone(&Utc)))
            .unwrap_or(at);
        out.push(Escrowed { laptop_id, laptop, key_id, received, return_seq });
    }
    Ok(out)
}

/// Opens a laptop's escrowed recovery key with the hub's key (the hub only), for the IMG
/// secretary to give to whoever must open that laptop's database. `laptop` is its name or id.
/// Recorded as a `key` entry (`escrow-opened`) by the caller.
pub fn open_escrow(conn: &Connection, laptop: &str) -> Result<(crate::keys::RecoveryKey, Escrowed)> {
    let (identity, _) = hub_identity(conn)?;
    let all = escrowed(conn)?;
    let entry = all
        .into_iter()
        .find(|e| e.laptop_id == laptop || e.laptop.eq_ignore_ascii_case(laptop.trim()))
        .ok_or_else(|| Error::bad_input_with("err-escrow-none", &[("laptop", laptop)]))?;
    let sealed: Vec<u8> =
        conn.query_row("SELECT sealed FROM key_escrow WHERE laptop_id = ?1", [&entry.laptop_id], |r| r.get(0))?;
    let damaged = || Error::bad_input_with("err-escrow-damaged", &[("laptop", &entry.laptop)]);
    let plain = open_sealed(&identity, &sealed).map_err(|_| damaged())?;
    let key =
        std::str::from_utf8(&plain).ok().and_then(|t| crate::keys::RecoveryKey::parse(t).ok()).ok_or_else(damaged)?;
    if key.id() != entry.key_id {
        return Err(damaged());
    }
    Ok((key, entry))
}

/// What a return is known by: the SHA-256 of what was signed.
fn digest(payload: &[u8]) -> String {
    hex::encode(Sha256::digest(payload))
}

/// The hash of audit entry `seq` (the chain's start before the first entry).
fn audit_head_at(conn: &Connection, seq: i64) -> Result<String> {
    Ok(conn
        .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| crate::audit::GENESIS.to_string()))
}

fn seal(recipients: &[age::x25519::Recipient], plain: &[u8]) -> Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|_| Error::bad_input("err-pack-no-laptops"))?;
    let mut out = vec![];
    let mut w = encryptor
        .wrap_output(&mut out)
        .map_err(|e| Error::bad_input_with("err-return-seal", &[("detail", &e.to_string())]))?;
    w.write_all(plain)?;
    w.finish()?;
    Ok(out)
}

fn open_sealed(key: &age::x25519::Identity, sealed: &[u8]) -> Result<Vec<u8>> {
    let decryptor = age::Decryptor::new(sealed).map_err(|_| Error::bad_input("err-return-unreadable"))?;
    let mut r = decryptor.decrypt(std::iter::once(key as &dyn age::Identity)).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => Error::bad_input("err-return-wrong-hub"),
        _ => Error::bad_input("err-return-unreadable"),
    })?;
    let mut plain = vec![];
    // A truncated or altered file fails its authentication tag here.
    r.read_to_end(&mut plain).map_err(|_| Error::bad_input("err-return-unreadable"))?;
    Ok(plain)
}

/// What importing a return did, or would do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReturnReport {
    pub source: String,
    pub source_name: String,
    pub seq: i64,
    pub written_at: String,
    /// When it was written, Europe/London time.
    pub written: String,
    pub added: usize,
    pub changed: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// Records this return is older about than one already applied from the same source.
    pub stale: usize,
    pub conflicts: Vec<ConflictRow>,
    /// True when this return had been applied before (nothing changes).
    pub already: bool,
    /// True when the laptop's history parted from what the hub had from it (it was restored
    /// from a backup): its earlier returns are superseded and every record it sent was
    /// compared with what the two last agreed, changes on both sides held.
    pub forked: bool,
    /// Records the hub worked out differently (their computed fields) and stored as it did.
    pub recomputed: usize,
    pub applied: bool,
}

/// A record the hub could not simply take; both versions are kept for a person to decide.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictRow {
    pub register: String,
    pub record_id: String,
    /// `changed` (on both sides), `deleted` (there, while changed or still used here),
    /// `clash` (the hub cannot take it as it stands: a reference already used here, or a link
    /// to a record the hub does not have) or `invalid` (it fails the register's checks).
    pub reason: &'static str,
}

enum Outcome {
    Added,
    Changed,
    Deleted,
    Unchanged,
    Stale,
    Conflict(&'static str),
}

/// A return opened: signed, sealed to this hub, of a format this version reads; who signed it
/// and what it is known by. Whether the hub takes that signer is [`apply_return`]'s to say.
struct Opened {
    env: Envelope,
    signer: ed25519_dalek::VerifyingKey,
    digest: String,
}

/// The hub's key for opening returns, and its id.
fn hub_identity(conn: &Connection) -> Result<(age::x25519::Identity, String)> {
    let k = keys(conn)?.filter(|k| k.hub_secret.is_some()).ok_or_else(|| Error::bad_input("err-return-not-hub"))?;
    let identity = age::x25519::Identity::from_str(k.hub_secret.as_deref().unwrap_or_default())
        .map_err(|_| Error::bad_input("err-return-not-hub"))?;
    Ok((identity, k.hub_id))
}

/// A return opened and checked: sealed to this hub, signed, unaltered, of a format this
/// version reads.
fn open_return(key: &age::x25519::Identity, hub_id: &str, sealed: &[u8]) -> Result<Opened> {
    let plain = open_sealed(key, sealed)?;
    let (signer, payload) = identity::open_signed(&plain, identity::RETURN)?;
    let env = read_envelope(payload)?;
    if env.hub_id != hub_id {
        return Err(Error::bad_input("err-return-wrong-hub"));
    }
    Ok(Opened { digest: digest(payload), env, signer })
}

/// A return's contents read and checked for shape: every record's hash is its content's, and
/// the register it names is one. What the records hold is checked as they merge.
fn read_envelope(payload: &[u8]) -> Result<Envelope> {
    let unreadable = || Error::bad_input("err-return-unreadable");
    let env: Envelope = serde_json::from_slice(payload).map_err(|_| unreadable())?;
    if env.kind != "return"
        || env.format != FORMAT
        || env.seq < 1
        || env.audit_from < 1
        || env.audit_to < env.audit_from - 1
    {
        return Err(unreadable());
    }
    // Who sent it is shown and becomes the hub's audit actor: a name as a person would type it.
    let name = env.source_name.trim();
    if name.is_empty()
        || name.chars().count() > 200
        || crate::text::has_control(name)
        || Uuid::parse_str(&env.source).is_err()
        || Uuid::parse_str(&env.laptop_id).is_err()
    {
        return Err(unreadable());
    }
    for item in &env.items {
        if crate::registers::by_name(&item.register).is_none()
            || item.hash != item.fields.as_ref().map(|f| content_hash(item.id, f))
        {
            return Err(unreadable());
        }
    }
    Ok(env)
}

/// What the hub reads of a return before any database is touched, for the fuzz targets
/// ([`crate::fuzzing`]): the signed framing, the contents' shape, the trail.
pub(crate) fn read_return_payload(plain: &[u8]) -> Result<()> {
    let (_, payload) = identity::open_signed(plain, identity::RETURN)?;
    read_unsigned_payload(payload)
}

/// [`read_return_payload`] past the signature (which a fuzzer cannot forge).
pub(crate) fn read_unsigned_payload(payload: &[u8]) -> Result<()> {
    let env = read_envelope(payload)?;
    pack_trail(env.audit.get())?;
    forked_from_shape(&env)
}

/// The trail hashes [`forked_from`] reads, read as it reads them.
fn forked_from_shape(env: &Envelope) -> Result<()> {
    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Hashed {
        seq: i64,
        hash: Option<String>,
    }
    serde_json::from_str::<Vec<Hashed>>(env.audit.get()).map_err(|_| Error::bad_input("err-return-unreadable"))?;
    Ok(())
}

/// Reads a return on the hub: refuses what cannot be trusted, then applies it in one
/// transaction (or, with `apply` false, works out what it would do and writes nothing).
pub fn import_return(conn: &mut Connection, sealed: &[u8], now: DateTime<Utc>, apply: bool) -> Result<ReturnReport> {
    import_return_with(conn, sealed, now, apply, &mut |_| {})
}

/// [`import_return`], saying how far through its records it is (0–100) as it goes.
pub fn import_return_with(
    conn: &mut Connection,
    sealed: &[u8],
    now: DateTime<Utc>,
    apply: bool,
    progress: &mut dyn FnMut(u8),
) -> Result<ReturnReport> {
    let (key, hub_id) = hub_identity(conn)?;
    let opened = open_return(&key, &hub_id, sealed)?;
    apply_return(conn, opened, now, apply, &mut |done| progress((done * 100.0) as u8))
}

/// One file from a folder of returns: what reading it did, or why it was refused.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    /// The file's name within the folder.
    pub file: String,
    pub report: Option<ReturnReport>,
    /// Why it was refused, in the user's language; nothing it held was taken.
    pub error: Option<String>,
}

/// What reading a folder of returns did (or, checked, would do): each file, and the sums the
/// screen and the command line say.
#[derive(Debug, Clone, Serialize)]
pub struct FolderReport {
    pub files: Vec<FileReport>,
    /// Returns with something to apply: not applied before.
    pub ready: usize,
    pub applied: usize,
    pub refused: usize,
    /// Conflicts the ready returns hold (applied: held for a decision).
    pub conflicts: usize,
}

impl FolderReport {
    fn of(files: Vec<FileReport>) -> Self {
        let ready: Vec<&ReturnReport> = files.iter().filter_map(|f| f.report.as_ref()).filter(|r| !r.already).collect();
        FolderReport {
            ready: ready.len(),
            applied: ready.iter().filter(|r| r.applied).count(),
            refused: files.iter().filter(|f| f.error.is_some()).count(),
            conflicts: ready.iter().map(|r| r.conflicts.len()).sum(),
            files,
        }
    }
}

/// A return's header: enough to put returns in order without reading their records.
#[derive(Deserialize)]
struct Head {
    source: String,
    source_name: String,
    seq: i64,
}

/// Every return in `folder` (its `.cofrestr` files), checked or applied as [`import_return`]
/// does one: the IMG secretary saves a quarter's returns in one place and reads them together.
/// Each is applied in its own transaction, each laptop's in the order it wrote them; a file
/// that is refused (tampered, for another hub, not a return) is reported and changes nothing,
/// and the others still apply. The next return is opened on a second thread while one merges.
/// `progress` hears how far through the folder's records it is (0–100).
pub fn import_folder(
    conn: &mut Connection,
    folder: &std::path::Path,
    now: DateTime<Utc>,
    apply: bool,
    msgs: &crate::i18n::Messages,
    progress: &mut dyn FnMut(u8),
) -> Result<FolderReport> {
    let (key, hub_id) = hub_identity(conn)?;
    if !folder.is_dir() {
        return Err(Error::bad_input_with("err-returns-no-folder", &[("path", &folder.display().to_string())]));
    }
    let mut files = vec![];
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("cofrestr")) {
            files.push(path);
        }
    }
    if files.is_empty() {
        return Err(Error::bad_input_with("err-returns-folder-empty", &[("path", &folder.display().to_string())]));
    }
    files.sort();
    let name = |p: &std::path::Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let refused = |file: String, e: Error| FileReport { file, report: None, error: Some(e.message(msgs)) };

    // Who wrote each and its number, from the header alone.
    let mut ready = vec![];
    let mut out = vec![];
    for path in files {
        let head = read_sealed(&path).and_then(|sealed| {
            let plain = open_sealed(&key, &sealed)?;
            let (_, payload) = identity::open_signed(&plain, identity::RETURN)?;
            serde_json::from_slice::<Head>(payload).map_err(|_| Error::bad_input("err-return-unreadable"))
        });
        match head {
            Ok(head) => ready.push(((head.source_name, head.source, head.seq), name(&path), path)),
            Err(e) => out.push(refused(name(&path), e)),
        }
    }
    // By who wrote them (the officer's name, then the installation), each laptop's in order.
    ready.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));

    let mut done = Vec::with_capacity(ready.len());
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let (key, hub_id, ready) = (&key, &hub_id, &ready);
        scope.spawn(move || {
            // Read again rather than all held at once: a council's first returns are large.
            for (_, file, path) in ready {
                let env = read_sealed(path).and_then(|sealed| open_return(key, hub_id, &sealed));
                if tx.send((file.clone(), env)).is_err() {
                    break;
                }
            }
        });
        let files = ready.len() as f64;
        for (i, (file, env)) in rx.into_iter().enumerate() {
            let mut within = |done: f64| progress(((i as f64 + done) / files * 100.0) as u8);
            // Whatever stops one return (even the disk) is said against its file: the ones
            // before it are applied and stay so.
            match env.and_then(|env| apply_return(conn, env, now, apply, &mut within)) {
                Ok(report) => done.push(FileReport { file, report: Some(report), error: None }),
                Err(e) => done.push(refused(file, e)),
            }
        }
    });
    done.extend(out);
    Ok(FolderReport::of(done))
}

/// Merges an opened return (see [`import_return`]), telling `progress` the share of its
/// records done (0 to 1).
fn apply_return(
    conn: &mut Connection,
    opened: Opened,
    now: DateTime<Utc>,
    apply: bool,
    progress: &mut dyn FnMut(f64),
) -> Result<ReturnReport> {
    let Opened { env, signer, digest } = opened;
    let mut report = ReturnReport {
        source: env.source.clone(),
        source_name: env.source_name.clone(),
        seq: env.seq,
        written_at: env.written_at.clone(),
        written: london(&env.written_at),
        ..Default::default()
    };
    let tx = conn.transaction()?;
    let admitted = identity::admit(&tx, &env.laptop_id, &env.source, &signer, &env.enrol_proof)?;
    // This very return (what was signed, byte for byte) applied before: nothing to do.
    let seen: bool =
        tx.query_row("SELECT 1 FROM returns_in WHERE source = ?1 AND digest = ?2", params![env.source, digest], |_| {
            Ok(())
        })
        .optional()?
        .is_some();
    if seen {
        report.already = true;
        report.unchanged = env.items.len();
        return Ok(report);
    }
    // This return carries only what changed since the return the hub acknowledged: the hub
    // must still hold that one, or what it carried would be lost (a hub restored from a
    // backup). A full return carries everything and needs none.
    if env.acked_seq > 0 {
        let holds: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM returns_in WHERE source = ?1 AND seq = ?2 AND (digest = ?3 OR digest IS NULL OR ?3 IS NULL))",
            params![env.source, env.acked_seq, env.acked_digest],
            |r| r.get(0),
        )?;
        if !holds {
            return Err(Error::bad_input_with("err-return-hub-behind", &[("seq", &env.acked_seq.to_string())]));
        }
    }
    if admitted == identity::Admitted::Binding {
        identity::bind(&tx, &env.laptop_id, &env.source, &signer, now)?;
    }
    let abandoned = forked_from(&tx, &env)?;
    report.forked = !abandoned.is_empty();
    if report.forked {
        // The history the laptop left behind: the returns whose entries part from this one's,
        // and every return it numbered from this one's number on (a restored laptop numbers
        // again from where its backup stood). They no longer stand for the laptop, and what
        // they recorded as agreed is forgotten: a record they touched is the laptop's to send
        // again, and one it changes is held for a person, never taken over the hub's copy.
        let mut stmt = tx.prepare("SELECT id, seq FROM returns_in WHERE source = ?1 AND superseded = 0")?;
        let standing: Vec<(i64, i64)> =
            stmt.query_map([&env.source], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        let left: Vec<(i64, i64)> =
            standing.into_iter().filter(|(id, seq)| abandoned.contains(id) || *seq >= env.seq).collect();
        let from = left.iter().map(|(_, seq)| *seq).min().unwrap_or(env.seq);
        for (id, _) in &left {
            tx.execute("UPDATE returns_in SET superseded = 1 WHERE id = ?1", [id])?;
        }
        tx.execute("DELETE FROM sync_agreed WHERE source = ?1 AND seq >= ?2", params![env.source, from])?;
    }
    let actor =
        Actor { installation: env.source.clone(), name: format!("{} (return {})", env.source_name, env.seq), now };
    let order = |register: &str| crate::registers::all().iter().position(|d| d.name == register).unwrap_or(usize::MAX);
    let mut items: Vec<&Item> = env.items.iter().filter(|i| travels_in_returns(&i.register)).collect();
    // New and changed records in the order registers refer to one another; deletions after,
    // the other way round, so nothing is removed while something still points at it.
    items.sort_by_key(
        |i| if i.fields.is_some() { (0, order(&i.register)) } else { (1, usize::MAX - order(&i.register)) },
    );

    let mode = if report.forked { Mode::Forked } else { Mode::InOrder };
    // The department's trail is compressed on a second thread while this one merges.
    let (merged, trail) = std::thread::scope(|scope| {
        let trail = scope.spawn(|| pack_trail(env.audit.get()));
        let merged = merge_items(&tx, &items, &env, &actor, mode, now, &mut report, progress);
        (merged, trail.join().expect("compressing the trail does not panic"))
    });
    merged?;
    let (trail, trail_lines) = trail?;
    let summary = serde_json::json!({
        "added": report.added, "changed": report.changed, "deleted": report.deleted,
        "unchanged": report.unchanged, "stale": report.stale, "conflicts": report.conflicts.len(),
        "recomputed": report.recomputed, "forked": report.forked,
    });
    tx.execute(
        "INSERT INTO returns_in (source, source_name, seq, audit_to, acked_seq, written_at, applied_at, applied_by, summary, trail, trail_lines,
                                 department_id, digest, audit_head, laptop_id, audit_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            env.source,
            env.source_name,
            env.seq,
            env.audit_to,
            env.acked_seq,
            env.written_at,
            crate::time::stamp(now),
            installation(&tx)?.2,
            summary.to_string(),
            trail,
            trail_lines as i64,
            env.department_id,
            digest,
            env.audit_head,
            env.laptop_id,
            env.audit_from
        ],
    )?;
    // The laptop's recovery key, kept sealed to the hub (a newer return's replaces an older's).
    if let Some(e) = &env.escrow {
        use base64::Engine;
        let sealed = base64::engine::general_purpose::STANDARD.decode(&e.sealed).ok().filter(|_| e.id.len() == 9);
        if let Some(sealed) = sealed {
            tx.execute(
                "INSERT INTO key_escrow (laptop_id, key_id, sealed, received_at, return_seq) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (laptop_id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed,
                     received_at = excluded.received_at, return_seq = excluded.return_seq
                 WHERE excluded.return_seq >= key_escrow.return_seq",
                params![env.laptop_id, e.id, sealed, crate::time::stamp(now), env.seq],
            )?;
        }
    }
    // A council's first return holds tens of thousands of records: freeing them is work the
    // commit need not wait for. (Should no thread start, they are freed here.)
    let _ = std::thread::Builder::new().spawn(move || drop(env));
    if apply {
        tx.commit()?;
        report.applied = true;
    }
    Ok(report)
}

/// How a return's records are compared with the hub's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The laptop's history goes on from what the hub had: a record a later return already
    /// brought is not undone, and what the hub took from the laptop last counts as agreed.
    InOrder,
    /// The laptop was restored from a backup: only what the laptop says it last agreed counts.
    Forked,
}

/// The returns the hub applied from this laptop whose histories part from this return's (the
/// ids of their rows; none: the laptop's history goes on from them). Where two returns'
/// trails both cover an audit position, the same chain has the same entry there (the same
/// hash, or in neither trail, when it was not an entry that travels); a laptop restored from a
/// backup numbers new entries as the old ones were, with other hashes.
fn forked_from(conn: &Connection, env: &Envelope) -> Result<Vec<i64>> {
    #[derive(Deserialize)]
    struct Hashed {
        seq: i64,
        hash: Option<String>,
    }
    let ours: std::collections::BTreeMap<i64, String> = serde_json::from_str::<Vec<Hashed>>(env.audit.get())
        .map_err(|_| Error::bad_input("err-return-unreadable"))?
        .into_iter()
        .filter_map(|e| Some((e.seq, e.hash?)))
        .collect();
    let mut stmt = conn.prepare(
        "SELECT id, audit_from, audit_to FROM returns_in
         WHERE source = ?1 AND superseded = 0 AND audit_from IS NOT NULL AND audit_from <= ?3 AND audit_to >= ?2
         ORDER BY seq",
    )?;
    let overlapping: Vec<(i64, i64, i64)> = stmt
        .query_map(params![env.source, env.audit_from, env.audit_to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut abandoned = vec![];
    for (id, from, to) in overlapping {
        let (lo, hi) = (from.max(env.audit_from), to.min(env.audit_to));
        if lo > hi {
            continue;
        }
        let theirs: std::collections::BTreeMap<i64, String> = trail_of(conn, id)?
            .into_iter()
            .filter(|e| (lo..=hi).contains(&e.seq))
            .filter_map(|e| Some((e.seq, e.hash?)))
            .collect();
        let mine: std::collections::BTreeMap<i64, String> = ours.range(lo..=hi).map(|(k, v)| (*k, v.clone())).collect();
        if theirs != mine {
            abandoned.push(id);
        }
    }
    Ok(abandoned)
}

/// Merges a return's records in order, counting each outcome in `report` and keeping every
/// conflict with the department's version.
/// Merges a return's records in order, counting each outcome in `report` and keeping every
/// conflict with the department's version.
///
/// Every record written must then pass the same checks as one typed in the window
/// (`store::prepare`), with every other record of the return in place, since a record's rules
/// can depend on others (an agreement is live only once its partners, which come after it,
/// have signed; a site audit's score comes from its items): the records are written, then
/// checked and their computed fields worked out. Should any fail, the merge is undone to a
/// savepoint and done again with those held as `invalid`, until every record written passes.
#[allow(clippy::too_many_arguments)]
fn merge_items(
    tx: &Connection,
    items: &[&Item],
    env: &Envelope,
    actor: &Actor,
    mode: Mode,
    now: DateTime<Utc>,
    report: &mut ReturnReport,
    progress: &mut dyn FnMut(f64),
) -> Result<()> {
    let mut invalid: std::collections::HashMap<(String, Uuid), &'static str> = std::collections::HashMap::new();
    let base = report.clone();
    loop {
        tx.execute_batch("SAVEPOINT merge")?;
        *report = base.clone();
        let mut merged: Vec<(&'static crate::register::RegisterDef, &Item)> = vec![];
        for (i, &item) in items.iter().enumerate() {
            if i % 500 == 0 {
                progress(i as f64 / items.len() as f64);
            }
            let def =
                crate::registers::by_name(&item.register).ok_or_else(|| Error::bad_input("err-return-unreadable"))?;
            let outcome = match invalid.get(&(item.register.clone(), item.id)) {
                Some(reason) => Outcome::Conflict(reason),
                None => merge_one(tx, def, item, env, actor, mode)?,
            };
            if matches!(outcome, Outcome::Added | Outcome::Changed) {
                merged.push((def, item));
            }
            match outcome {
                Outcome::Added => report.added += 1,
                Outcome::Changed => report.changed += 1,
                Outcome::Deleted => report.deleted += 1,
                Outcome::Unchanged => report.unchanged += 1,
                Outcome::Stale => report.stale += 1,
                Outcome::Conflict(reason) => {
                    report.conflicts.push(ConflictRow {
                        register: item.register.clone(),
                        record_id: item.id.to_string(),
                        reason,
                    });
                    // A later return's version replaces an earlier one still waiting.
                    tx.execute(
                        "DELETE FROM sync_conflicts WHERE source = ?1 AND register = ?2 AND record_id = ?3 AND resolved_at IS NULL",
                        params![env.source, item.register, item.id.to_string()],
                    )?;
                    tx.execute(
                        "INSERT OR IGNORE INTO sync_conflicts (source, source_name, seq, register, record_id, reason, theirs, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                        params![
                            env.source,
                            env.source_name,
                            env.seq,
                            item.register,
                            item.id.to_string(),
                            reason,
                            item.fields.as_ref().map(|f| serde_json::to_string(f).expect("fields serialise")),
                            crate::time::stamp(now)
                        ],
                    )?;
                }
            }
        }
        let (failed, recomputed) = check_merged(tx, &merged, env, actor)?;
        if failed.is_empty() {
            tx.execute_batch("RELEASE merge")?;
            report.recomputed = recomputed;
            break;
        }
        tx.execute_batch("ROLLBACK TO merge; RELEASE merge")?;
        invalid.extend(failed);
    }
    progress(1.0);
    Ok(())
}

/// Checks every merged record with the whole return in place and works its computed fields out
/// here (written over what the laptop sent, audited, if they differ). Returns the records that
/// fail, each with why, and how many of the rest the hub holds worked out differently from
/// the laptop's own.
#[allow(clippy::type_complexity)]
fn check_merged(
    conn: &Connection,
    merged: &[(&'static crate::register::RegisterDef, &Item)],
    env: &Envelope,
    actor: &Actor,
) -> Result<(Vec<((String, Uuid), &'static str)>, usize)> {
    let mut failed = vec![];
    let mut recomputed = 0;
    for (def, item) in merged {
        let Some(rec) = store::read(conn, def, item.id)? else { continue };
        match prepared(conn, def, item.id, &rec.fields, actor.today())? {
            Err(reason) => failed.push(((def.name.to_string(), item.id), reason)),
            Ok(fields) => {
                let hash = content_hash(item.id, &fields);
                if hash != content_hash(item.id, &rec.fields) {
                    store::rewrite_with(conn, def, actor, &rec, &fields, Hooks::Skip)?;
                    conn.prepare_cached(
                        "UPDATE sync_agreed SET hash = ?4 WHERE source = ?1 AND register = ?2 AND record_id = ?3",
                    )?
                    .execute(params![env.source, def.name, item.id.to_string(), hash])?;
                }
                recomputed += (Some(hash) != item.hash) as usize;
            }
        }
    }
    Ok((failed, recomputed))
}

/// `fields` through the same checks as a record typed in the window (`store::prepare`), its
/// computed fields worked out here: the fields the hub would hold, or why it cannot (`clash`:
/// a reference number already used here or a link to a record the hub does not have;
/// `invalid`: anything else).
fn prepared(
    conn: &Connection,
    def: &crate::register::RegisterDef,
    id: Uuid,
    fields: &Fields,
    today: chrono::NaiveDate,
) -> Result<std::result::Result<Fields, &'static str>> {
    let input: std::collections::BTreeMap<String, serde_json::Value> =
        fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).expect("values serialise"))).collect();
    match store::prepare(conn, def, &input, Some(id), today) {
        Ok(f) => Ok(Ok(f)),
        Err(Error::Validation(errors)) => {
            let clash = errors.iter().all(|e| e.message_id == "err-unique" || e.message_id == "err-reference");
            Ok(Err(if clash { "clash" } else { "invalid" }))
        }
        Err(e) => Err(e),
    }
}

/// A trail entry's shape, checked without building its changes.
#[derive(Deserialize)]
#[allow(dead_code)]
struct TrailShape {
    seq: i64,
    at: String,
    actor: String,
    register: String,
    record_id: String,
    action: String,
    changes: serde::de::IgnoredAny,
}

/// The department's trail as the hub keeps it: the JSON array deflate-compressed, and how many
/// entries it holds. A trail whose entries are not audit entries is refused with the return,
/// so the history that reads it later always can.
fn pack_trail(json: &str) -> Result<(Vec<u8>, usize)> {
    let lines: Vec<TrailShape> = serde_json::from_str(json).map_err(|_| Error::bad_input("err-return-unreadable"))?;
    let mut z = flate2::write::DeflateEncoder::new(Vec::with_capacity(json.len() / 4), flate2::Compression::fast());
    z.write_all(json.as_bytes())?;
    Ok((z.finish()?, lines.len()))
}

/// The department's own audit entries that came with one of its returns (hub only), oldest
/// first.
/// Of two returns with one number (a laptop restored from a backup numbers again), the one
/// that stands.
pub fn trail(conn: &Connection, source: &str, seq: i64) -> Result<Vec<TrailEntry>> {
    let id: Option<i64> = conn
        .query_row(
            "SELECT id FROM returns_in WHERE source = ?1 AND seq = ?2 ORDER BY superseded, id DESC LIMIT 1",
            params![source, seq],
            |r| r.get(0),
        )
        .optional()?;
    match id {
        Some(id) => trail_of(conn, id),
        None => Err(Error::NotFound(format!("return {seq} from {source}"))),
    }
}

/// The trail kept with the return applied as row `id` of `returns_in`.
fn trail_of(conn: &Connection, id: i64) -> Result<Vec<TrailEntry>> {
    let kept: Option<rusqlite::types::Value> =
        conn.query_row("SELECT trail FROM returns_in WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    let json = match kept {
        None => return Err(Error::NotFound(format!("return {id}"))),
        Some(rusqlite::types::Value::Null) => return Ok(vec![]),
        // Entries an earlier version kept one row each, gathered as plain JSON by migration 0015.
        Some(rusqlite::types::Value::Text(text)) => text,
        Some(rusqlite::types::Value::Blob(bytes)) => {
            let mut text = String::new();
            flate2::read::DeflateDecoder::new(bytes.as_slice()).read_to_string(&mut text)?;
            text
        }
        Some(_) => return Err(Error::bad_input("err-return-unreadable")),
    };
    serde_json::from_str(&json).map_err(|_| Error::bad_input("err-return-unreadable"))
}

/// Merges one record and says what came of it.
fn merge_one(
    conn: &Connection,
    def: &'static crate::register::RegisterDef,
    item: &Item,
    env: &Envelope,
    actor: &Actor,
    mode: Mode,
) -> Result<Outcome> {
    let agreed: Option<(Option<String>, i64)> = conn
        .prepare_cached("SELECT hash, seq FROM sync_agreed WHERE source = ?1 AND register = ?2 AND record_id = ?3")?
        .query_row(params![env.source, item.register, item.id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if mode == Mode::InOrder && agreed.as_ref().is_some_and(|(_, seq)| *seq > env.seq) {
        return Ok(Outcome::Stale);
    }
    let ours: Option<Record> = store::read(conn, def, item.id)?;
    let our_hash = ours.as_ref().map(|r| content_hash(r.id, &r.fields));
    // A laptop changes only what it has agreed with the hub before: a record it sent, or one
    // whose conflict a person at the hub decided (a conflict still waiting does not count). A
    // change to any other record the hub holds (another department's, or one the laptop's
    // abandoned history agreed) is for a person to decide, whatever the laptop says it last
    // agreed.
    let known_here = agreed.is_some()
        || conn
            .prepare_cached(
                "SELECT 1 FROM sync_conflicts WHERE source = ?1 AND register = ?2 AND record_id = ?3 AND resolved_at IS NOT NULL LIMIT 1",
            )?
            .query_row(params![env.source, item.register, item.id.to_string()], |_| Ok(()))
            .optional()?
            .is_some();
    // The hub has not changed it since the two last agreed: their change can apply. A laptop
    // restored from a backup last agreed only what it says it did.
    let untouched_here = |h: &Option<String>| {
        known_here
            && h.is_some()
            && (*h == item.base || (mode == Mode::InOrder && agreed.as_ref().is_some_and(|(a, _)| a == h)))
    };
    // Written as they came once their kinds are right; checked whole, with the return's other
    // records in place, by `check_merged`.
    let mut stored_hash = item.hash.clone();
    let outcome = match (&item.fields, &ours) {
        (Some(fields), None) => {
            if store::is_tombstoned(conn, def, item.id)? {
                Outcome::Conflict("deleted")
            } else {
                match store::shape(def, fields) {
                    Err(_) => Outcome::Conflict("invalid"),
                    Ok(fields) => {
                        stored_hash = Some(content_hash(item.id, &fields));
                        clash_or(
                            store::insert_with(conn, def, actor, item.id, &fields, Hooks::Skip).map(|_| ()),
                            Outcome::Added,
                        )?
                    }
                }
            }
        }
        (Some(fields), Some(rec)) => {
            if our_hash == item.hash {
                Outcome::Unchanged
            } else if untouched_here(&our_hash) {
                match store::shape(def, fields) {
                    Err(_) => Outcome::Conflict("invalid"),
                    Ok(fields) => {
                        stored_hash = Some(content_hash(item.id, &fields));
                        clash_or(store::rewrite_with(conn, def, actor, rec, &fields, Hooks::Skip), Outcome::Changed)?
                    }
                }
            } else {
                Outcome::Conflict("changed")
            }
        }
        (None, Some(rec)) => {
            // Something at the hub still points at it: deleting would break that, so a person decides.
            if untouched_here(&our_hash) && store::referenced_by(conn, def, rec.id)?.is_none() {
                store::delete_with(conn, def, actor, rec.id, rec.revision, Hooks::Skip)?;
                Outcome::Deleted
            } else {
                Outcome::Conflict("deleted")
            }
        }
        (None, None) => Outcome::Unchanged,
    };
    if !matches!(outcome, Outcome::Conflict(_)) {
        // What the two now agree: what the hub holds (worked out here, if differently).
        conn.prepare_cached(
            "INSERT INTO sync_agreed (source, register, record_id, hash, seq) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (source, register, record_id) DO UPDATE SET hash = excluded.hash, seq = excluded.seq",
        )?
        .execute(params![env.source, item.register, item.id.to_string(), stored_hash, env.seq])?;
    }
    Ok(outcome)
}

/// A write the database's own constraints refuse (a reference number already used here, a
/// link to a record the hub does not have) becomes a clash for a person to settle; SQLite
/// undoes just the failed statement, so the rest of the return still applies.
fn clash_or(written: Result<()>, done: Outcome) -> Result<Outcome> {
    match written {
        Ok(()) => Ok(done),
        Err(Error::Storage(rusqlite::Error::SqliteFailure(e, _)))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Ok(Outcome::Conflict("clash"))
        }
        Err(e) => Err(e),
    }
}

/// On the hub: what departments did to a record on their own copies, from the entries their
/// returns brought (see [`trail`]), oldest first and each marked with the return that brought
/// it. Only the returns of departments that sent the record are read.
pub fn brought_history(
    conn: &Connection,
    def: &crate::register::RegisterDef,
    record_id: &str,
    lang: crate::i18n::Lang,
) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, source, seq FROM returns_in
         WHERE trail IS NOT NULL AND source IN (
             SELECT source FROM sync_agreed WHERE register = ?1 AND record_id = ?2
             UNION SELECT source FROM sync_conflicts WHERE register = ?1 AND record_id = ?2)
         ORDER BY source, seq, id",
    )?;
    let returns: Vec<(i64, String, i64)> = stmt
        .query_map(params![def.name, record_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let shown = trail::Shown::new(conn, lang)?;
    // A return carries every entry since the last one the hub acknowledged, so two may both
    // hold it; a laptop restored from a backup numbers its entries again, so the entry's own
    // hash tells them apart.
    let mut seen = std::collections::HashSet::new();
    let mut out = vec![];
    for (id, source, seq) in returns {
        for e in trail_of(conn, id)? {
            if e.register != def.name
                || e.record_id != record_id
                || !seen.insert((source.clone(), e.seq, e.hash.clone()))
            {
                continue;
            }
            let changes: std::collections::BTreeMap<String, crate::register::store::Change> =
                serde_json::from_value(e.changes).unwrap_or_default();
            let mut entry =
                shown.entry(def, e.seq, e.at, e.actor, source.clone(), audit::Action::parse(&e.action), &changes);
            entry.brought_by = Some(seq);
            out.push(entry);
        }
    }
    out.sort_by(|a, b| a.stamp.cmp(&b.stamp));
    Ok(out)
}

/// Where this installation stands with the hub, for the Returns screen.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// `alone` (not joined), `department` or `hub`.
    pub role: &'static str,
    /// Department: returns written, the last acknowledged, reference packs applied. Hub: packs
    /// written.
    pub returns_written: i64,
    pub acknowledged: i64,
    pub packs: i64,
    /// Department: records the next return would carry.
    pub pending: i64,
    /// Hub: returns applied, newest first.
    pub received: Vec<Received>,
    /// Hub: conflicts waiting for a decision.
    pub waiting: i64,
    /// Hub: the latest return from each laptop, the longest without one first.
    pub laptops: Vec<Laptop>,
    /// The day the current financial quarter began, in words.
    pub quarter_began: String,
}

/// Hub: the latest return from one laptop.
#[derive(Debug, Clone, Serialize)]
pub struct Laptop {
    pub source_name: String,
    /// The department the laptop keeps, named in the screen's language.
    pub department: Option<String>,
    pub seq: i64,
    /// Europe/London time.
    pub written: String,
    pub applied: String,
    /// Written on or after the day it was measured from: the Returns screen's, the day the
    /// current quarter began; the IMG pack's, the day after its quarter ended.
    pub current: bool,
}

/// A return the hub has applied.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub source_name: String,
    pub seq: i64,
    /// Europe/London time.
    pub written: String,
    pub applied: String,
    /// Who applied it here (none: applied by a version that did not record it).
    pub applied_by: Option<String>,
    pub added: i64,
    pub changed: i64,
    pub deleted: i64,
    pub conflicts: i64,
    /// The department's own audit entries it brought, kept with it (see [`trail`]).
    pub entries: i64,
}

fn london(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| crate::time::london_display(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| stamp.to_string())
}

/// Where this installation stands with the hub on `today`, named in `lang`.
pub fn status(conn: &Connection, today: chrono::NaiveDate, lang: crate::i18n::Lang) -> Result<Status> {
    let k = keys(conn)?;
    let role = match &k {
        None => "alone",
        Some(k) if k.hub_secret.is_some() => "hub",
        Some(_) => "department",
    };
    let packs: i64 = conn.query_row("SELECT coalesce(max(pack_seq), 0) FROM sync_keys", [], |r| r.get(0))?;
    let began = crate::figures::Quarter::containing(today).first_day();
    let mut st = Status {
        role,
        returns_written: 0,
        acknowledged: 0,
        packs,
        pending: 0,
        received: vec![],
        waiting: 0,
        laptops: vec![],
        quarter_began: crate::i18n::long_date(lang, began),
    };
    if role == "department" {
        let (last, acked_seq, acked): (i64, i64, i64) =
            conn.query_row("SELECT last_seq, acked_seq, acked_audit FROM sync_out", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        st.returns_written = last;
        st.acknowledged = acked_seq;
        let mut stmt = conn.prepare(
            "SELECT DISTINCT register, record_id FROM audit WHERE seq > ?1 AND action NOT IN ('export', 'key')",
        )?;
        st.pending = stmt
            .query_map([acked], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .iter()
            .filter(|r| travels_in_returns(r))
            .count() as i64;
    }
    if role == "hub" {
        let mut stmt = conn.prepare(
            "SELECT source_name, seq, written_at, applied_at, summary, trail_lines, applied_by FROM returns_in
             ORDER BY applied_at DESC, source, seq DESC LIMIT 100",
        )?;
        st.received = stmt
            .query_map([], |r| {
                let summary: serde_json::Value = serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default();
                let n = |k: &str| summary.get(k).and_then(serde_json::Value::as_i64).unwrap_or(0);
                Ok(Received {
                    source_name: r.get(0)?,
                    seq: r.get(1)?,
                    written: london(&r.get::<_, String>(2)?),
                    applied: london(&r.get::<_, String>(3)?),
                    applied_by: r.get(6)?,
                    added: n("added"),
                    changed: n("changed"),
                    deleted: n("deleted"),
                    conflicts: n("conflicts"),
                    entries: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        st.waiting =
            conn.query_row("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL", [], |r| r.get(0))?;
        st.laptops = laptops(conn, began, lang)?;
    }
    Ok(st)
}

/// Hub: the latest return from each laptop, the longest without one first, each `current` when
/// it was written on or after `since`; departments named in `lang`.
pub fn laptops(conn: &Connection, since: chrono::NaiveDate, lang: crate::i18n::Lang) -> Result<Vec<Laptop>> {
    let department = crate::register::store::title_sql(&crate::registers::departments::DEF, lang);
    let mut stmt = conn.prepare(&format!(
        "SELECT r.source_name, (SELECT {department} FROM departments x WHERE x.id = r.department_id), r.seq, r.written_at, r.applied_at
         FROM returns_in r WHERE r.seq = (SELECT max(seq) FROM returns_in WHERE source = r.source)
         ORDER BY r.written_at, r.source_name"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            let written: String = r.get(3)?;
            let on =
                DateTime::parse_from_rfc3339(&written).map(|t| crate::time::london_date(t.with_timezone(&Utc))).ok();
            Ok(Laptop {
                source_name: r.get(0)?,
                department: r.get(1)?,
                seq: r.get(2)?,
                written: london(&written),
                applied: london(&r.get::<_, String>(4)?),
                current: on.is_some_and(|d| d >= since),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Conflicts not yet decided.
pub fn open_conflicts(conn: &Connection) -> Result<Vec<(i64, String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, source_name, register, record_id FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id",
    )?;
    let rows =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
