//! Reference packs: the hub's organisation, people, roles, retention schedule, courses,
//! checklists, proclaimed holidays and council-wide settings, sent to every department so the
//! laptops name the same departments and people and count deadlines on the same holidays.
//!
//! A pack is the hub's whole reference data (it is small: a council has hundreds of people,
//! not millions), so a department that missed one loses nothing by taking the next. It also
//! carries, for each department, what the hub has **taken** from its returns (the content both
//! now agree, so the department's next return holds only what changed since) and the conflicts
//! a person has **decided** at the hub, so the laptop takes the decided version.
//!
//! On the department the hub's reference records are the council's: they replace the local
//! ones with the same id. A record the laptop made itself before it joined (the department and
//! the officer typed at first run) is matched to the hub's by its code, reference or name;
//! everything on the laptop that pointed at it is pointed at the hub's record instead, so the
//! returns that follow name records the hub has. A record the hub once sent and no longer has
//! is deleted unless something on the laptop still uses it. Records the laptop added that the
//! hub does not know are kept.
//!
//! Packs are signed with the hub's own key, which every join file names, so a laptop takes a
//! pack only from its hub, and sealed with age to each laptop the hub has not withdrawn, so a
//! lost USB stick gives nothing away (see [`super::identity`]). A laptop takes the hub's
//! acknowledgement of a return only when it is of a return this laptop wrote (its digest): a
//! laptop restored from a backup never takes, as its own, the acknowledgement of a return it
//! wrote before it was restored.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{content_hash, identity, installation, keys, open_sealed, seal, REFERENCE};
use crate::error::{Error, Result};
use crate::register::store::{self, Actor, Hooks};
use crate::register::{FieldKind, Fields, Record, RegisterDef, Value};

const FORMAT: u32 = 2;

/// Settings that are the council's, not the laptop's (idle lock and backups stay local).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct CouncilSettings {
    breach_scheme: crate::settings::BreachScheme,
    risks: crate::settings::RiskScale,
    sharing_review_months: u32,
    training_target_pct: u32,
}

#[derive(Debug, Serialize, Deserialize)]
struct Taken {
    register: String,
    id: Uuid,
    hash: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Decided {
    register: String,
    id: Uuid,
    /// The department's version the conflict was about (its hash; none: it had deleted it).
    theirs: Option<String>,
    /// What the hub decided (none: the record is gone).
    fields: Option<Fields>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Ack {
    source: String,
    seq: i64,
    /// The digest of the return acknowledged (none: applied by an earlier version).
    digest: Option<String>,
    audit_to: i64,
    taken: Vec<Taken>,
    decided: Vec<Decided>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Pack {
    kind: String,
    format: u32,
    hub_id: String,
    council: String,
    seq: i64,
    written_at: String,
    settings: CouncilSettings,
    registers: Vec<(String, Vec<(Uuid, Fields)>)>,
    /// Each department's acknowledgement, sealed to its laptop alone: what the hub took from it
    /// and the conflicts decided about its records are that department's business.
    acks: Vec<SealedAck>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SealedAck {
    source: String,
    /// The [`Ack`] as JSON, sealed with age to the laptop's pack key, base64.
    sealed: String,
}

/// What a pack holds, said to the IMG secretary who wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct PackWritten {
    pub seq: i64,
    pub records: usize,
    pub departments: usize,
}

/// A laptop's key for opening the packs sealed to it.
fn pack_recipient(conn: &Connection) -> Result<age::x25519::Identity> {
    let secret: String = conn
        .query_row("SELECT pack_secret FROM sync_keys", [], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::bad_input("err-return-not-joined"))?;
    age::x25519::Identity::from_str(&secret).map_err(|_| Error::bad_input("err-join-unreadable"))
}

/// Writes the next reference pack. Hub only.
pub fn export_pack(conn: &Connection, now: DateTime<Utc>) -> Result<(Vec<u8>, PackWritten)> {
    let k = keys(conn)?.filter(|k| k.hub_secret.is_some()).ok_or_else(|| Error::bad_input("err-return-not-hub"))?;
    let signing = identity::hub_signing_key(conn)?;
    let recipients = identity::pack_recipients(conn)?;
    if recipients.is_empty() {
        return Err(Error::bad_input("err-pack-no-laptops"));
    }
    let (_, council, _) = installation(conn)?;
    let s = crate::settings::load(conn)?;
    let settings = CouncilSettings {
        breach_scheme: s.breach_scheme,
        risks: s.risks,
        sharing_review_months: s.sharing_review_months,
        training_target_pct: s.training_target_pct,
    };
    let mut registers: Vec<(String, Vec<(Uuid, Fields)>)> = vec![];
    for name in REFERENCE {
        let def = crate::registers::by_name(name).expect("reference registers exist");
        registers.push((name.to_string(), store::all(conn, def)?.into_iter().map(|r| (r.id, r.fields)).collect()));
    }
    let acks = seal_acks(conn, acknowledgements(conn)?)?;
    let seq: i64 = conn.query_row("SELECT pack_seq + 1 FROM sync_keys", [], |r| r.get(0))?;
    let written = PackWritten { seq, records: registers.iter().map(|(_, r)| r.len()).sum(), departments: acks.len() };
    let pack = Pack {
        kind: "reference-pack".into(),
        format: FORMAT,
        hub_id: k.hub_id,
        council,
        seq,
        written_at: crate::time::stamp(now),
        settings,
        registers,
        acks,
    };
    let payload = serde_json::to_vec(&pack).expect("pack serialises");
    let sealed = seal(&recipients, &identity::sign(&signing, identity::PACK, &payload))?;
    conn.execute("UPDATE sync_keys SET pack_seq = ?1", [seq])?;
    Ok((sealed, written))
}

/// Seals each acknowledgement to the laptop whose it is (the laptop bound to that installation
/// and not withdrawn). An installation with no such laptop (one an earlier version joined, not
/// yet added again) gets none until it is.
fn seal_acks(conn: &Connection, acks: Vec<Ack>) -> Result<Vec<SealedAck>> {
    use base64::Engine;
    let mut out = vec![];
    for ack in acks {
        let recipient: Option<String> = conn
            .query_row("SELECT pack_public FROM laptops WHERE source = ?1 AND revoked_at IS NULL", [&ack.source], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(recipient) = recipient else { continue };
        let recipient: age::x25519::Recipient =
            recipient.parse().map_err(|_| Error::bad_input("err-join-unreadable"))?;
        let sealed = seal(&[recipient], &serde_json::to_vec(&ack).expect("acknowledgement serialises"))?;
        out.push(SealedAck { source: ack.source, sealed: base64::engine::general_purpose::STANDARD.encode(sealed) });
    }
    Ok(out)
}

/// For each department the hub has had returns from: its latest return, what the hub took
/// since the department last heard, and the conflicts decided about its records.
fn acknowledgements(conn: &Connection) -> Result<Vec<Ack>> {
    let mut stmt = conn.prepare(
        "SELECT r.source, r.seq, r.digest, r.audit_to, r.acked_seq FROM returns_in r
         WHERE r.id = (SELECT id FROM returns_in WHERE source = r.source AND superseded = 0 ORDER BY seq DESC, id DESC LIMIT 1)
         ORDER BY r.source",
    )?;
    let latest: Vec<(String, i64, Option<String>, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut acks = vec![];
    for (source, seq, digest, audit_to, acked_seq) in latest {
        let mut stmt =
            conn.prepare_cached("SELECT register, record_id, hash FROM sync_agreed WHERE source = ?1 AND seq > ?2")?;
        let taken = stmt
            .query_map(params![source, acked_seq], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(register, id, hash)| Some(Taken { register, id: Uuid::parse_str(&id).ok()?, hash }))
            .collect();
        let mut stmt = conn.prepare_cached(
            "SELECT register, record_id, theirs FROM sync_conflicts WHERE source = ?1 AND resolved_at IS NOT NULL ORDER BY id",
        )?;
        let rows: Vec<(String, String, Option<String>)> =
            stmt.query_map([&source], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut decided = vec![];
        for (register, record_id, theirs) in rows {
            let (Some(def), Ok(id)) = (crate::registers::by_name(&register), Uuid::parse_str(&record_id)) else {
                continue;
            };
            let theirs: Option<Fields> = theirs.and_then(|t| serde_json::from_str(&t).ok());
            let fields = match store::get(conn, def, id) {
                Ok(r) => Some(r.fields),
                Err(Error::NotFound(_)) => None,
                Err(e) => return Err(e),
            };
            decided.push(Decided { register, id, theirs: theirs.map(|t| content_hash(id, &t)), fields });
        }
        acks.push(Ack { source, seq, digest, audit_to, taken, decided });
    }
    Ok(acks)
}

/// What applying a pack did, or would do.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PackReport {
    pub seq: i64,
    pub council: String,
    pub written_at: String,
    pub added: usize,
    pub changed: usize,
    pub deleted: usize,
    /// The laptop's own records matched to the hub's (its first-run department and officer).
    pub matched: usize,
    /// Records the hub no longer has, kept because something here still uses them.
    pub kept_in_use: usize,
    /// This department's last return the hub acknowledged (0: none yet).
    pub acknowledged: i64,
    /// Conflicts decided at the hub whose outcome this laptop took.
    pub decided: usize,
    /// True when this pack, or a newer one, had been applied before (nothing changes).
    pub already: bool,
    pub applied: bool,
}

/// Applies a reference pack on a department installation in one transaction (with `apply`
/// false, works out what it would do and writes nothing).
pub fn import_pack(conn: &mut Connection, sealed: &[u8], now: DateTime<Utc>, apply: bool) -> Result<PackReport> {
    let k = keys(conn)?.ok_or_else(|| Error::bad_input("err-return-not-joined"))?;
    if k.hub_secret.is_some() {
        return Err(Error::bad_input("err-pack-is-hub"));
    }
    let key = pack_recipient(conn)?;
    let plain = open_sealed(&key, sealed)?;
    let (signer, payload) = identity::open_signed(&plain, identity::PACK)?;
    // Only the hub this laptop joined signs its packs.
    let hub_verify: Option<String> = conn.query_row("SELECT hub_verify FROM sync_keys", [], |r| r.get(0))?;
    match hub_verify {
        Some(v) if v == hex::encode(signer.as_bytes()) => {}
        Some(_) => return Err(Error::bad_input("err-pack-wrong-signer")),
        None => return Err(Error::bad_input("err-return-rejoin")),
    }
    let pack = read_pack(payload)?;
    if pack.hub_id != k.hub_id {
        return Err(Error::bad_input("err-return-wrong-hub"));
    }
    let mut report = PackReport {
        seq: pack.seq,
        council: pack.council.clone(),
        written_at: pack.written_at.clone(),
        ..Default::default()
    };
    let last: i64 = conn.query_row("SELECT pack_seq FROM sync_keys", [], |r| r.get(0))?;
    if pack.seq <= last {
        report.already = true;
        return Ok(report);
    }
    let (me, _, _) = installation(conn)?;
    let actor = Actor {
        installation: pack.hub_id.clone(),
        name: format!("{} (reference pack {})", pack.council, pack.seq),
        now,
    };

    let tx = conn.transaction()?;
    // Again under the write lock: two imports at once must not apply an older pack after a newer.
    let last: i64 = tx.query_row("SELECT pack_seq FROM sync_keys", [], |r| r.get(0))?;
    if pack.seq <= last {
        report.already = true;
        return Ok(report);
    }
    // A laptop record is pointed at the hub's twin before that twin is written: the links are
    // checked when the transaction commits, not statement by statement.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let incoming: HashMap<&str, &Vec<(Uuid, Fields)>> = pack.registers.iter().map(|(n, r)| (n.as_str(), r)).collect();
    for name in REFERENCE {
        let def = crate::registers::by_name(name).expect("reference registers exist");
        let records = incoming.get(name).map(|r| r.as_slice()).unwrap_or(&[]);
        apply_register(&tx, def, records, &pack, &actor, &mut report)?;
    }
    for name in REFERENCE.iter().rev() {
        let def = crate::registers::by_name(name).expect("reference registers exist");
        let keep: HashSet<Uuid> = incoming.get(name).map(|r| r.iter().map(|(id, _)| *id).collect()).unwrap_or_default();
        remove_withdrawn(&tx, def, &keep, &pack.hub_id, &actor, &mut report)?;
    }
    apply_settings(&tx, &pack.settings, &actor)?;
    if let Some(sealed) = pack.acks.iter().find(|a| a.source == me) {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&sealed.sealed)
            .map_err(|_| Error::bad_input("err-return-unreadable"))?;
        let ack: Ack = serde_json::from_slice(&open_sealed(&key, &bytes)?)
            .map_err(|_| Error::bad_input("err-return-unreadable"))?;
        if ack.source != me {
            return Err(Error::bad_input("err-return-unreadable"));
        }
        let ack = &ack;
        apply_ack(&tx, ack, &pack.hub_id, pack.seq, &actor, &mut report)?;
    }
    report.acknowledged = tx.query_row("SELECT acked_seq FROM sync_out", [], |r| r.get(0)).optional()?.unwrap_or(0);
    tx.execute("UPDATE sync_keys SET pack_seq = ?1", [pack.seq])?;
    let problems: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
    if problems > 0 {
        return Err(Error::bad_input("err-pack-links"));
    }
    if apply {
        tx.commit()?;
        report.applied = true;
    }
    Ok(report)
}

/// A pack's contents read and checked for shape.
fn read_pack(payload: &[u8]) -> Result<Pack> {
    let pack: Pack = serde_json::from_slice(payload).map_err(|_| Error::bad_input("err-return-unreadable"))?;
    if pack.kind != "reference-pack"
        || pack.format != FORMAT
        || pack.registers.iter().any(|(name, _)| !REFERENCE.contains(&name.as_str()))
    {
        return Err(Error::bad_input("err-return-unreadable"));
    }
    Ok(pack)
}

/// What a laptop reads of a pack before any database is touched, for the fuzz targets
/// ([`crate::fuzzing`]): the signed framing, then (past the signature, which a fuzzer cannot
/// forge) the contents' shape.
pub(crate) fn read_pack_payload(plain: &[u8]) -> Result<()> {
    let (_, payload) = identity::open_signed(plain, identity::PACK)?;
    read_pack(payload).map(|_| ())
}

pub(crate) fn read_unsigned_pack(payload: &[u8]) -> Result<()> {
    read_pack(payload).map(|_| ())
}

fn remember(conn: &Connection, hub: &str, register: &str, id: Uuid, hash: Option<&str>, seq: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_agreed (source, register, record_id, hash, seq) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (source, register, record_id) DO UPDATE SET hash = excluded.hash, seq = excluded.seq",
    )?
    .execute(params![hub, register, id.to_string(), hash, seq])?;
    Ok(())
}

fn apply_register(
    conn: &Connection,
    def: &'static RegisterDef,
    records: &[(Uuid, Fields)],
    pack: &Pack,
    actor: &Actor,
    report: &mut PackReport,
) -> Result<()> {
    let ids: HashSet<Uuid> = records.iter().map(|(id, _)| *id).collect();
    let received: HashSet<Uuid> = received(conn, &pack.hub_id, def.name)?;
    // The laptop's own records, made before it joined or since: the only ones that can be
    // twins of a hub record under another id.
    let mut strangers: Vec<Record> =
        store::all(conn, def)?.into_iter().filter(|r| !ids.contains(&r.id) && !received.contains(&r.id)).collect();
    let mut title_counts: HashMap<String, usize> = HashMap::new();
    for (_, f) in records {
        *title_counts
            .entry(f.get(def.title_field).map(Value::to_plain).unwrap_or_default().to_lowercase())
            .or_default() += 1;
    }
    for (id, fields) in records {
        if let Some(pos) = strangers.iter().position(|s| twins(def, &s.fields, fields, &title_counts)) {
            let local = strangers.remove(pos);
            repoint(conn, def, local.id, *id, actor)?;
            store::delete_with(conn, def, actor, local.id, local.revision, Hooks::Skip)?;
            report.matched += 1;
        }
        let hash = content_hash(*id, fields);
        let written = match store::get(conn, def, *id) {
            Ok(rec) if content_hash(rec.id, &rec.fields) == hash => Ok(()),
            Ok(rec) => store::rewrite_with(conn, def, actor, &rec, fields, Hooks::Skip).map(|()| report.changed += 1),
            Err(Error::NotFound(_)) => {
                store::insert_with(conn, def, actor, *id, fields, Hooks::Skip).map(|_| report.added += 1)
            }
            Err(e) => Err(e),
        };
        if let Err(e) = written {
            return Err(match e {
                Error::Storage(rusqlite::Error::SqliteFailure(f, _))
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    let title = fields.get(def.title_field).map(Value::to_plain).unwrap_or_default();
                    Error::bad_input_with("err-pack-clash", &[("register", def.name), ("title", &title)])
                }
                e => e,
            });
        }
        remember(conn, &pack.hub_id, def.name, *id, Some(&hash), pack.seq)?;
    }
    Ok(())
}

/// The records of a register this laptop has had from the hub.
fn received(conn: &Connection, hub: &str, register: &str) -> Result<HashSet<Uuid>> {
    let mut stmt = conn.prepare_cached("SELECT record_id FROM sync_agreed WHERE source = ?1 AND register = ?2")?;
    let ids =
        stmt.query_map(params![hub, register], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids.iter().filter_map(|s| Uuid::parse_str(s).ok()).collect())
}

/// Whether a laptop's own record is the hub's under another id: the same value in a field
/// that must be unique (a department's code, a course's name, a retention reference), the same
/// key for registers that have one (a role: person, role, department and start), or, for
/// departments and people, the same name when the hub has only one of that name.
fn twins(def: &RegisterDef, local: &Fields, theirs: &Fields, title_counts: &HashMap<String, usize>) -> bool {
    let same = |f: &str| {
        let (a, b) = (
            local.get(f).map(Value::to_plain).unwrap_or_default(),
            theirs.get(f).map(Value::to_plain).unwrap_or_default(),
        );
        !a.is_empty() && a.to_lowercase() == b.to_lowercase()
    };
    if !def.import_key.is_empty() {
        return def.import_key.iter().all(|f| {
            same(f) || (local.get(*f).is_none_or(Value::is_empty) && theirs.get(*f).is_none_or(Value::is_empty))
        });
    }
    if def.fields.iter().filter(|f| f.unique).any(|f| same(f.name)) {
        return true;
    }
    if def.name == "holidays" {
        return same("day") && same("nation");
    }
    let title = local.get(def.title_field).map(Value::to_plain).unwrap_or_default().to_lowercase();
    matches!(def.name, "departments" | "people") && same(def.title_field) && title_counts.get(&title) == Some(&1)
}

/// Points everything on the laptop that refers to `from` at `to` instead, audited.
fn repoint(conn: &Connection, def: &RegisterDef, from: Uuid, to: Uuid, actor: &Actor) -> Result<()> {
    let (from_s, to_s) = (from.to_string(), to.to_string());
    for other in crate::registers::all() {
        for f in other.fields {
            let sql = match f.kind {
                FieldKind::Ref(r) if r == def.name => format!("SELECT id FROM {} WHERE {} = ?1", other.table, f.name),
                FieldKind::RefMany(r) if r == def.name => {
                    format!(
                        "SELECT id FROM {} t WHERE EXISTS (SELECT 1 FROM json_each(t.{}) WHERE value = ?1)",
                        other.table, f.name
                    )
                }
                _ => continue,
            };
            let ids: Vec<String> =
                conn.prepare(&sql)?.query_map([&from_s], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for id in ids.iter().filter_map(|i| Uuid::parse_str(i).ok()) {
                let rec = store::get(conn, other, id)?;
                let mut fields = rec.fields.clone();
                let v = match fields.get(f.name) {
                    Some(Value::List(l)) => {
                        Value::List(l.iter().map(|x| if *x == from_s { to_s.clone() } else { x.clone() }).collect())
                    }
                    _ => Value::Text(to_s.clone()),
                };
                fields.insert(f.name.to_string(), v);
                store::rewrite_with(conn, other, actor, &rec, &fields, Hooks::Skip)?;
            }
        }
    }
    if def.name == "people" {
        conn.execute("UPDATE installation SET user_person_id = ?1 WHERE user_person_id = ?2", [&to_s, &from_s])?;
    }
    Ok(())
}

/// Deletes what the hub once sent and no longer has, unless something here still uses it.
fn remove_withdrawn(
    conn: &Connection,
    def: &RegisterDef,
    keep: &HashSet<Uuid>,
    hub: &str,
    actor: &Actor,
    report: &mut PackReport,
) -> Result<()> {
    for id in received(conn, hub, def.name)? {
        if keep.contains(&id) {
            continue;
        }
        let rec = match store::get(conn, def, id) {
            Ok(r) => r,
            Err(Error::NotFound(_)) => {
                conn.execute(
                    "DELETE FROM sync_agreed WHERE source = ?1 AND register = ?2 AND record_id = ?3",
                    params![hub, def.name, id.to_string()],
                )?;
                continue;
            }
            Err(e) => return Err(e),
        };
        if store::referenced_by(conn, def, id)?.is_some() {
            report.kept_in_use += 1;
            continue;
        }
        store::delete_with(conn, def, actor, id, rec.revision, Hooks::Skip)?;
        conn.execute(
            "DELETE FROM sync_agreed WHERE source = ?1 AND register = ?2 AND record_id = ?3",
            params![hub, def.name, id.to_string()],
        )?;
        report.deleted += 1;
    }
    Ok(())
}

/// The council-wide settings the hub sends, kept through the one way settings change
/// ([`crate::settings::apply`]): checked first, so a pack cannot bring settings the window would
/// refuse, and with the risks banded again when the scale changes.
fn apply_settings(conn: &Connection, council: &CouncilSettings, actor: &Actor) -> Result<()> {
    let mut s = crate::settings::load(conn).unwrap_or_default();
    s.breach_scheme = council.breach_scheme;
    s.risks = council.risks.clone();
    s.sharing_review_months = council.sharing_review_months;
    s.training_target_pct = council.training_target_pct;
    crate::settings::apply(conn, &s, |conn| crate::registers::risks::rescore_all(conn, actor))
}

/// Takes the hub's acknowledgement: the next return starts after the audit position the hub
/// has, each record taken becomes what the two last agreed, and a decided conflict's outcome
/// replaces the laptop's version if the laptop has not changed that record again since.
fn apply_ack(
    conn: &Connection,
    ack: &Ack,
    hub: &str,
    pack_seq: i64,
    actor: &Actor,
    report: &mut PackReport,
) -> Result<()> {
    let acked: i64 = conn.query_row("SELECT acked_seq FROM sync_out", [], |r| r.get(0))?;
    // Only an acknowledgement of a return this laptop wrote: one of a return numbered the same
    // in a history the laptop no longer has (it was restored from a backup) is not its own,
    // and taking it would skip changes the hub has never had.
    let ours = match &ack.digest {
        Some(d) => conn
            .query_row("SELECT 1 FROM returns_out WHERE seq = ?1 AND digest = ?2", params![ack.seq, d], |_| Ok(()))
            .optional()?
            .is_some(),
        None => true,
    };
    if ack.seq > acked && ours {
        conn.execute(
            "UPDATE sync_out SET acked_seq = ?1, acked_audit = max(acked_audit, ?2)",
            params![ack.seq, ack.audit_to],
        )?;
        for t in &ack.taken {
            remember(conn, hub, &t.register, t.id, t.hash.as_deref(), pack_seq)?;
        }
    }
    let mut outcomes: BTreeMap<(String, Uuid), &Decided> = BTreeMap::new();
    for d in &ack.decided {
        outcomes.insert((d.register.clone(), d.id), d);
    }
    for d in outcomes.values() {
        let Some(def) = crate::registers::by_name(&d.register) else { continue };
        let ours = match store::get(conn, def, d.id) {
            Ok(r) => Some(r),
            Err(Error::NotFound(_)) => None,
            Err(e) => return Err(e),
        };
        let our_hash = ours.as_ref().map(|r| content_hash(r.id, &r.fields));
        let decided_hash = d.fields.as_ref().map(|f| content_hash(d.id, f));
        if our_hash == decided_hash || our_hash != d.theirs {
            // Already taken, or changed here again since: the next return carries it and the
            // hub holds it as a new conflict rather than lose either side.
            continue;
        }
        match (&d.fields, ours) {
            (Some(f), Some(rec)) => store::rewrite_with(conn, def, actor, &rec, f, Hooks::Skip)?,
            (Some(f), None) => {
                store::insert_with(conn, def, actor, d.id, f, Hooks::Skip)?;
            }
            (None, Some(rec)) => {
                if store::referenced_by(conn, def, rec.id)?.is_some() {
                    continue;
                }
                store::delete_with(conn, def, actor, rec.id, rec.revision, Hooks::Skip)?;
            }
            (None, None) => continue,
        }
        remember(conn, hub, &d.register, d.id, decided_hash.as_deref(), pack_seq)?;
        report.decided += 1;
    }
    Ok(())
}
