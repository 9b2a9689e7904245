//! Reading returns on the hub: opening and checking each file, finding a forked history, and
//! merging record by record against what the two sides last agreed, a record changed on both
//! sides held as a conflict for a person to decide.

use super::*;
use crate::audit;
use crate::error::{Error, Result};
use crate::register::store::{self, Actor, Hooks};
use crate::register::{Fields, Record};
use crate::trail::{self, HistoryEntry};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use uuid::Uuid;

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

pub(super) enum Outcome {
    Added,
    Changed,
    Deleted,
    Unchanged,
    Stale,
    Conflict(&'static str),
}

/// A return opened: signed, sealed to this hub, of a format this version reads; who signed it
/// and what it is known by. Whether the hub takes that signer is [`apply_return`]'s to say.
pub(super) struct Opened {
    pub(super) env: Envelope,
    pub(super) signer: ed25519_dalek::VerifyingKey,
    pub(super) digest: String,
}

/// A return opened and checked: sealed to this hub, signed, unaltered, of a format this
/// version reads.
pub(super) fn open_return(key: &age::x25519::Identity, hub_id: &str, sealed: &[u8]) -> Result<Opened> {
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
pub(super) fn read_envelope(payload: &[u8]) -> Result<Envelope> {
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
pub(super) fn forked_from_shape(env: &Envelope) -> Result<()> {
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
    pub(super) fn of(files: Vec<FileReport>) -> Self {
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
pub(super) struct Head {
    pub(super) source: String,
    pub(super) source_name: String,
    pub(super) seq: i64,
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
pub(super) fn apply_return(
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
pub(super) enum Mode {
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
pub(super) fn forked_from(conn: &Connection, env: &Envelope) -> Result<Vec<i64>> {
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
pub(super) fn merge_items(
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
pub(super) fn check_merged(
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
pub(super) fn prepared(
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
pub(super) struct TrailShape {
    pub(super) seq: i64,
    pub(super) at: String,
    pub(super) actor: String,
    pub(super) register: String,
    pub(super) record_id: String,
    pub(super) action: String,
    pub(super) changes: serde::de::IgnoredAny,
}

/// The department's trail as the hub keeps it: the JSON array deflate-compressed, and how many
/// entries it holds. A trail whose entries are not audit entries is refused with the return,
/// so the history that reads it later always can.
pub(super) fn pack_trail(json: &str) -> Result<(Vec<u8>, usize)> {
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
pub(super) fn trail_of(conn: &Connection, id: i64) -> Result<Vec<TrailEntry>> {
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
pub(super) fn merge_one(
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
pub(super) fn clash_or(written: Result<()>, done: Outcome) -> Result<Outcome> {
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
