//! Writing a return: every record of the operational registers changed since the hub's last
//! acknowledgement, with the content last agreed and the audit entries, signed and sealed.

use super::*;
use crate::error::{Error, Result};
use crate::register::store::{self};
use crate::register::Fields;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::str::FromStr;
use uuid::Uuid;

/// One record in a return: its content now (none: deleted) and what was last agreed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Item {
    pub(super) register: String,
    pub(super) id: Uuid,
    pub(super) fields: Option<Fields>,
    pub(super) hash: Option<String>,
    pub(super) base: Option<String>,
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
pub(super) struct Envelope {
    pub(super) kind: String,
    pub(super) format: u32,
    pub(super) hub_id: String,
    pub(super) source: String,
    pub(super) source_name: String,
    pub(super) seq: i64,
    pub(super) audit_to: i64,
    /// The last of this department's returns a reference pack acknowledged (0: none, or a full
    /// return), and its digest as the laptop wrote it (none: written by an earlier version).
    #[serde(default)]
    pub(super) acked_seq: i64,
    #[serde(default)]
    pub(super) acked_digest: Option<String>,
    pub(super) written_at: String,
    /// The department the laptop keeps: its officer's (none: not recorded, or written by an
    /// earlier version).
    #[serde(default)]
    pub(super) department_id: Option<String>,
    /// The laptop's id at the hub (from its join file) and its proof of the join file's
    /// enrolment token (see [`identity`]).
    pub(super) laptop_id: String,
    pub(super) enrol_proof: String,
    /// The hash of the department's audit entry `audit_to`: its trail's head as it wrote this.
    pub(super) audit_head: String,
    /// The first audit entry this return's trail could hold (the one after the position the hub
    /// acknowledged). Its trail entries carry their hashes: where two returns' trails both
    /// cover an entry, they must agree on it, or the laptop was restored (see the module notes).
    pub(super) audit_from: i64,
    pub(super) items: Vec<Item>,
    /// The department's audit entries (a JSON array of [`TrailEntry`]): the hub keeps it as it
    /// came, compressed, and never needs to read into it while merging.
    pub(super) audit: Box<serde_json::value::RawValue>,
    /// The laptop's recovery key, sealed again to the hub's key, for the hub to hold in escrow
    /// (none: written by an earlier version, or the laptop has no recovery key yet).
    #[serde(default)]
    pub(super) escrow: Option<Escrow>,
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

/// What a return is known by: the SHA-256 of what was signed.
pub(super) fn digest(payload: &[u8]) -> String {
    hex::encode(Sha256::digest(payload))
}

/// The hash of audit entry `seq` (the chain's start before the first entry).
pub(super) fn audit_head_at(conn: &Connection, seq: i64) -> Result<String> {
    Ok(conn
        .query_row("SELECT hash FROM audit WHERE seq = ?1", [seq], |r| r.get(0))
        .optional()?
        .unwrap_or_else(|| crate::audit::GENESIS.to_string()))
}
