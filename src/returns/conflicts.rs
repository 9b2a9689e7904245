//! Conflicts held when a return was merged: both versions side by side, field by field, and a
//! person's decision — keep the hub's, take the department's, or take some fields from each.
//! Nothing is decided silently, and the department's version stays in `sync_conflicts` after
//! the decision, so it is never lost either way.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::content_hash;
use crate::error::{Error, Result};
use crate::i18n::{Lang, Messages};
use crate::reference::Wording;
use crate::register::store::{self, Actor, Hooks};
use crate::register::{FieldKind, Fields, Record, RegisterDef};

/// One conflict waiting for a decision, as the list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    pub id: i64,
    pub source_name: String,
    pub seq: i64,
    pub register: String,
    pub register_label: String,
    pub record_id: String,
    /// What the record is called (the hub's version, or theirs if the hub has none).
    pub title: String,
    pub reason: String,
    /// Why it was held, in words.
    pub reason_label: String,
    /// When the return arrived, Europe/London time.
    pub received: String,
}

/// One field of both versions.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub name: String,
    pub label: String,
    pub ours: String,
    pub theirs: String,
    pub differs: bool,
}

/// A conflict in full.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    #[serde(flatten)]
    pub waiting: Waiting,
    /// The hub has the record (false: theirs is new here, or the hub deleted it).
    pub ours_exists: bool,
    /// The department still has it (false: it deleted it).
    pub theirs_exists: bool,
    pub fields: Vec<Side>,
}

/// What a person decided.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "keep", content = "fields")]
pub enum Decision {
    /// The hub's version stands.
    Ours,
    /// The department's version replaces it (or its deletion applies).
    Theirs,
    /// Each named field from the side given (`"theirs"`); the rest stay as the hub has them.
    Merged(BTreeMap<String, String>),
}

struct Row {
    id: i64,
    source: String,
    source_name: String,
    seq: i64,
    register: String,
    record_id: String,
    reason: String,
    theirs: Option<String>,
    received_at: String,
    resolved_at: Option<String>,
}

const COLUMNS: &str = "id, source, source_name, seq, register, record_id, reason, theirs, received_at, resolved_at";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok(Row {
        id: r.get(0)?,
        source: r.get(1)?,
        source_name: r.get(2)?,
        seq: r.get(3)?,
        register: r.get(4)?,
        record_id: r.get(5)?,
        reason: r.get(6)?,
        theirs: r.get(7)?,
        received_at: r.get(8)?,
        resolved_at: r.get(9)?,
    })
}

fn parts(
    conn: &Connection,
    row: &Row,
    lang: Lang,
) -> Result<(&'static RegisterDef, Uuid, Option<Record>, Option<Fields>)> {
    let def = crate::registers::by_name(&row.register).ok_or_else(|| Error::NotFound(row.register.clone()))?;
    let id = Uuid::parse_str(&row.record_id).map_err(|_| Error::NotFound(row.record_id.clone()))?;
    let ours = match store::get_in(conn, def, id, lang) {
        Ok(r) => Some(r),
        Err(Error::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let theirs = row
        .theirs
        .as_deref()
        .map(serde_json::from_str::<Fields>)
        .transpose()
        .map_err(|_| Error::bad_input("err-return-unreadable"))?;
    Ok((def, id, ours, theirs))
}

/// Their version as a record, its links named as this copy names them; a link to a record
/// this copy does not have says so.
fn as_record(conn: &Connection, def: &RegisterDef, id: Uuid, fields: &Fields, lang: Lang) -> Result<Record> {
    let m = Messages::for_lang(lang);
    let mut labels = BTreeMap::new();
    for f in def.fields {
        let (FieldKind::Ref(target) | FieldKind::RefMany(target)) = f.kind else { continue };
        let tdef = crate::registers::by_name(target).expect("reference targets exist");
        let ids: Vec<String> = match fields.get(f.name) {
            Some(crate::register::Value::Text(s)) => vec![s.clone()],
            Some(crate::register::Value::List(l)) => l.clone(),
            _ => continue,
        };
        let names: Vec<String> = ids
            .iter()
            .map(|s| match Uuid::parse_str(s).ok().map(|u| store::get_in(conn, tdef, u, lang)) {
                Some(Ok(r)) => store::title_of(tdef, &r, lang, &Wording::shipped()),
                _ => m.fmt("conflict-missing-link", &vec![("id".into(), s.clone())]),
            })
            .collect();
        labels.insert(f.name.to_string(), names.join("; "));
    }
    Ok(Record {
        id,
        revision: 0,
        created_at: String::new(),
        updated_at: String::new(),
        changed_by: String::new(),
        fields: fields.clone(),
        labels,
    })
}

fn waiting(conn: &Connection, row: &Row, lang: Lang, wording: &Wording) -> Result<Waiting> {
    let m = Messages::for_lang(lang);
    let (def, id, ours, theirs) = parts(conn, row, lang)?;
    let title = match (&ours, &theirs) {
        (Some(r), _) => store::title_of(def, r, lang, wording),
        (None, Some(f)) => store::title_of(def, &as_record(conn, def, id, f, lang)?, lang, wording),
        (None, None) => row.record_id.clone(),
    };
    Ok(Waiting {
        id: row.id,
        source_name: row.source_name.clone(),
        seq: row.seq,
        register: row.register.clone(),
        register_label: m.get(&format!("register-{}", row.register)),
        record_id: row.record_id.clone(),
        title,
        reason: row.reason.clone(),
        reason_label: m.get(&format!("conflict-reason-{}", row.reason)),
        received: chrono::DateTime::parse_from_rfc3339(&row.received_at)
            .map(|t| crate::time::london_display(t.with_timezone(&chrono::Utc)))
            .unwrap_or_else(|_| row.received_at.clone()),
    })
}

/// Conflicts not yet decided, oldest first.
pub fn waiting_list(conn: &Connection, lang: Lang, wording: &Wording) -> Result<Vec<Waiting>> {
    let mut stmt =
        conn.prepare(&format!("SELECT {COLUMNS} FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id"))?;
    let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.iter().map(|r| waiting(conn, r, lang, wording)).collect()
}

fn load(conn: &Connection, id: i64) -> Result<Row> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM sync_conflicts WHERE id = ?1"), [id], row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("conflict {id}")))
}

/// Both versions of one conflict, field by field.
pub fn detail(conn: &Connection, id: i64, lang: Lang, wording: &Wording) -> Result<Detail> {
    let row = load(conn, id)?;
    let (def, rid, ours, theirs) = parts(conn, &row, lang)?;
    let theirs_rec = theirs.as_ref().map(|f| as_record(conn, def, rid, f, lang)).transpose()?;
    let fields = def
        .fields
        .iter()
        .map(|f| {
            let show =
                |r: &Option<Record>| r.as_ref().map(|r| store::display_value(r, f, lang, wording)).unwrap_or_default();
            let raw =
                |r: &Option<Record>| r.as_ref().map(|r| r.get(f.name).clone()).unwrap_or(crate::register::Value::Null);
            let (a, b) = (raw(&ours), raw(&theirs_rec));
            Side {
                name: f.name.to_string(),
                label: Messages::for_lang(lang).get(&def.label_id(f.name)),
                ours: show(&ours),
                theirs: show(&theirs_rec),
                differs: a != b && !(a.is_empty() && b.is_empty()),
            }
        })
        .collect();
    Ok(Detail {
        waiting: waiting(conn, &row, lang, wording)?,
        ours_exists: ours.is_some(),
        theirs_exists: theirs.is_some(),
        fields,
    })
}

fn to_input(fields: &Fields) -> BTreeMap<String, serde_json::Value> {
    fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).expect("value"))).collect()
}

/// Carries out a decision in one transaction: the record written (audited as the person who
/// decided), the conflict marked decided, and what the hub now agrees with that department
/// noted, so the department's next return is compared with its version, not the hub's. A
/// decision the register's rules refuse (their reference is already used here) changes nothing
/// and says why.
pub fn resolve(conn: &mut Connection, id: i64, decision: &Decision, actor: &Actor) -> Result<()> {
    let row = load(conn, id)?;
    if row.resolved_at.is_some() {
        return Err(Error::bad_input("err-conflict-decided"));
    }
    let tx = conn.transaction()?;
    let (def, rid, ours, theirs) = parts(&tx, &row, Lang::En)?;
    let today = actor.today();
    let write = |fields: &Fields| -> Result<()> {
        let mut input = to_input(fields);
        let mut prepared = store::prepare(&tx, def, &input, ours.as_ref().map(|r| r.id), today);
        // A record new to the hub whose reference the hub has already given to another takes
        // the next free one; the department's laptop takes the renumbered record with the
        // next reference pack.
        if let (None, Err(Error::Validation(errs))) = (&ours, &prepared) {
            if errs.iter().any(|e| e.field == "reference" && e.message_id == "err-unique") {
                input.remove("reference");
                prepared = store::prepare(&tx, def, &input, None, today);
            }
        }
        let prepared = prepared?;
        match &ours {
            Some(rec) => store::rewrite_with(&tx, def, actor, rec, &prepared, Hooks::Skip),
            None => store::insert_with(&tx, def, actor, rid, &prepared, Hooks::Skip).map(|_| ()),
        }
    };
    let resolution = match decision {
        Decision::Ours => "ours",
        Decision::Theirs => {
            match (&theirs, &ours) {
                (Some(f), _) => write(f)?,
                (None, Some(rec)) => store::delete_with(&tx, def, actor, rec.id, rec.revision, Hooks::Skip)?,
                (None, None) => {}
            }
            "theirs"
        }
        Decision::Merged(choice) => {
            let (Some(rec), Some(t)) = (&ours, &theirs) else {
                return Err(Error::bad_input("err-conflict-merge-both"));
            };
            let mut fields = rec.fields.clone();
            for (name, side) in choice {
                if side == "theirs" && def.field(name).is_some() {
                    fields.insert(name.clone(), t.get(name).cloned().unwrap_or(crate::register::Value::Null));
                }
            }
            write(&fields)?;
            "merged"
        }
    };
    tx.execute(
        "UPDATE sync_conflicts SET resolved_at = ?1, resolution = ?2, resolved_by = ?3 WHERE id = ?4",
        params![crate::time::stamp(actor.now), resolution, actor.name, row.id],
    )?;
    let their_hash = theirs.as_ref().map(|f| content_hash(rid, f));
    tx.execute(
        "INSERT INTO sync_agreed (source, register, record_id, hash, seq) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (source, register, record_id) DO UPDATE SET hash = excluded.hash, seq = max(seq, excluded.seq)",
        params![row.source, row.register, row.record_id, their_hash, row.seq],
    )?;
    tx.commit()?;
    Ok(())
}
