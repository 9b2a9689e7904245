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

use rusqlite::Connection;

use sha2::{Digest, Sha256};

use uuid::Uuid;

use crate::error::{Error, Result};

use crate::register::Fields;

pub mod conflicts;

pub mod identity;

pub mod pack;

mod export;
mod keys;
mod merge;
mod status;
pub use self::{export::*, keys::*, merge::*, status::*};

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
    // A field added since the hash was agreed, still empty, leaves it as it was.
    let fields = crate::register::store::hashed_fields(fields);
    let body = serde_json::to_string(&(id.to_string(), &*fields)).expect("fields serialise");
    hex::encode(Sha256::digest(body.as_bytes()))
}
