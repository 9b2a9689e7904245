//! The audit trail read back: a record's history in either language, a register as it stood
//! on a day, the exports and key uses, and [`verify`], which walks the chain and then compares
//! every live register row with the record hash of its latest entry, so it names the first
//! broken link whether someone edited or deleted an audit row or changed a register row behind
//! the application's back.
//!
//! Architecture invariant: a reader, above the registers. The chain it reads is written only by
//! [`crate::audit`], which knows nothing of this module.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::audit::{entry_hash, Action, Anchor, EXPORT_KINDS, GENESIS, STDOUT};
use crate::error::Result;
use crate::i18n::{Lang, Messages};
use crate::register::store::Change;
use crate::register::{FieldKind, RegisterDef, Value};
use crate::registers;

/// One use of the keys, as Settings and `cofrestr recovery-key history` list them.
#[derive(Debug, Clone, Serialize)]
pub struct KeyEvent {
    pub seq: i64,
    /// Europe/London time.
    pub at: String,
    pub actor: String,
    pub key_id: String,
    pub event: String,
    /// The event in words, in the user's language.
    pub said: String,
}

/// The latest `limit` key events, newest first.
pub fn key_events(conn: &Connection, lang: Lang, limit: usize) -> Result<Vec<KeyEvent>> {
    let msgs = Messages::for_lang(lang);
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, record_id, changes FROM audit WHERE action = 'key' ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (seq, at, actor, key_id, changes) = row?;
        let v: serde_json::Value = serde_json::from_str(&changes).unwrap_or_default();
        let event = v.get("event").and_then(|e| e.as_str()).unwrap_or("").to_string();
        let mut args: crate::i18n::Args = vec![("id".into(), key_id.clone())];
        for k in ["previous", "laptop", "from"] {
            if let Some(x) = v.get(k).and_then(|x| x.as_str()) {
                args.push((k.into(), x.to_string()));
            }
        }
        let said = msgs.fmt(&format!("key-event-{event}"), &args);
        let at = chrono::DateTime::parse_from_rfc3339(&at)
            .map(|t| crate::time::london_display(t.with_timezone(&chrono::Utc)))
            .unwrap_or(at);
        out.push(KeyEvent { seq, at, actor, key_id, event, said });
    }
    Ok(out)
}

/// One export, as the window and the CLI list them.
#[derive(Debug, Clone, Serialize)]
pub struct ExportEntry {
    pub seq: i64,
    /// Europe/London time.
    pub at: String,
    pub actor: String,
    pub kind: String,
    /// What it was, in words: the register's name or the report's.
    pub what: String,
    pub format: String,
    pub records: Option<i64>,
    pub place: String,
    /// The SHA-256 of the file written: a copy can be checked against it.
    pub sha256: String,
}

#[derive(Deserialize)]
struct ExportChanges {
    kind: String,
    format: String,
    records: Option<i64>,
    #[serde(rename = "where")]
    place: String,
}

/// The latest `limit` exports, newest first, described in `lang`.
pub fn exports(conn: &Connection, lang: Lang, limit: usize) -> Result<Vec<ExportEntry>> {
    let msgs = Messages::for_lang(lang);
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, register, changes, record_hash FROM audit WHERE action = 'export' ORDER BY seq DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (seq, at, actor, register, changes, sha256) = row?;
        let Ok(c) = serde_json::from_str::<ExportChanges>(&changes) else { continue };
        let what = if registers::by_name(&register).is_some() {
            msgs.fmt(
                &format!("export-kind-{}", c.kind),
                &vec![("register".into(), msgs.get(&format!("register-{register}")))],
            )
        } else {
            msgs.get(&format!("export-kind-{}", c.kind))
        };
        let at = chrono::DateTime::parse_from_rfc3339(&at)
            .map(|t| crate::time::london_display(t.with_timezone(&chrono::Utc)))
            .unwrap_or(at);
        let place = if c.place == STDOUT { msgs.get("export-place-stdout") } else { c.place };
        out.push(ExportEntry {
            seq,
            at,
            actor,
            kind: c.kind,
            what,
            format: c.format,
            records: c.records,
            place,
            sha256,
        });
    }
    Ok(out)
}

/// Exports made in a period, by kind: how many, and how many records they held.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExportCount {
    pub kind: String,
    pub exports: i64,
    pub records: i64,
}

/// The exports made from `first` to `last` (UK dates), by kind in a fixed order.
pub fn export_counts(conn: &Connection, period: crate::figures::Period) -> Result<Vec<ExportCount>> {
    let mut stmt = conn.prepare(
        "SELECT json_extract(changes, '$.kind'), count(*), coalesce(sum(json_extract(changes, '$.records')), 0)
         FROM audit WHERE action = 'export' AND at >= ?1 AND at < ?2 GROUP BY 1",
    )?;
    let start = crate::figures::Period { first: period.first, last: period.first }.start_instant();
    let end = period.end_instant();
    let found: HashMap<String, (i64, i64)> = stmt
        .query_map(params![start, end], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(EXPORT_KINDS
        .iter()
        .map(|k| {
            let (exports, records) = found.get(*k).copied().unwrap_or((0, 0));
            ExportCount { kind: k.to_string(), exports, records }
        })
        .collect())
}

/// One entry of a record's history, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub seq: i64,
    /// Europe/London time.
    pub at: String,
    /// When, as stored (UTC, RFC 3339): for putting entries in order.
    #[serde(skip)]
    pub stamp: String,
    pub actor: String,
    pub installation: String,
    pub action: Action,
    pub action_label: String,
    pub changes: Vec<HistoryChange>,
    /// Made on a department's own copy and brought to this one by that return (its number):
    /// one of the department's entries kept with the return, not part of this copy's chain.
    pub brought_by: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryChange {
    pub field: String,
    pub label: String,
    pub from: String,
    pub to: String,
}

fn display(
    conn: &Connection,
    def: &RegisterDef,
    field: &str,
    v: &Value,
    lang: Lang,
    wording: &crate::reference::Wording,
) -> String {
    let Some(f) = def.field(field) else { return v.to_plain() };
    let ref_label = |register: &str, id: &str| -> String {
        let Some(t) = registers::by_name(register) else { return id.to_string() };
        conn.query_row(&format!("SELECT {} FROM {} WHERE id = ?1", t.title_field, t.table), [id], |r| {
            r.get::<_, Option<String>>(0)
        })
        .ok()
        .flatten()
        .unwrap_or_else(|| id.to_string())
    };
    match (f.kind, v) {
        (FieldKind::Ref(r), Value::Text(id)) => ref_label(r, id),
        (FieldKind::RefMany(r), Value::List(ids)) => {
            ids.iter().map(|id| ref_label(r, id)).collect::<Vec<_>>().join("; ")
        }
        (FieldKind::Choice(l), Value::Text(s)) => wording.label(l, s, lang),
        (FieldKind::MultiChoice(l), Value::List(items)) => {
            items.iter().map(|s| wording.label(l, s, lang)).collect::<Vec<_>>().join("; ")
        }
        (FieldKind::YesNo, Value::Bool(b)) => Messages::for_lang(lang).get(if *b { "ui-yes" } else { "ui-no" }),
        _ => v.to_plain(),
    }
}

/// A register's records as they stood at the end of `day` (UK time), rebuilt from the audit
/// trail by undoing every later change; `None` when the trail does not reach back that far.
pub fn as_of(
    conn: &Connection,
    def: &RegisterDef,
    day: chrono::NaiveDate,
) -> Result<Option<Vec<crate::register::Fields>>> {
    let end = crate::figures::Period { first: day, last: day }.end_instant();
    let first: Option<String> = conn.query_row(
        "SELECT min(at) FROM audit WHERE register = ?1 AND action NOT IN ('export', 'key')",
        [def.name],
        |r| r.get(0),
    )?;
    match first {
        Some(f) if f < end => {}
        _ => return Ok(None),
    }
    let mut records: BTreeMap<String, crate::register::Fields> =
        crate::register::store::all(conn, def)?.into_iter().map(|r| (r.id.to_string(), r.fields)).collect();
    let mut stmt = conn.prepare("SELECT record_id, action, changes FROM audit WHERE register = ?1 AND at >= ?2 AND action NOT IN ('export', 'key') ORDER BY seq DESC")?;
    let rows = stmt.query_map(params![def.name, end], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
    })?;
    for row in rows {
        let (id, action, changes) = row?;
        let changes: BTreeMap<String, Change> = serde_json::from_str(&changes).unwrap_or_default();
        match action.as_str() {
            "create" => {
                records.remove(&id);
            }
            _ => {
                let rec = records.entry(id).or_default();
                for (field, c) in changes {
                    rec.insert(field, c.from);
                }
            }
        }
    }
    Ok(Some(records.into_values().collect()))
}

/// A record's history, oldest first.
pub fn history(conn: &Connection, def: &RegisterDef, record_id: &str, lang: Lang) -> Result<Vec<HistoryEntry>> {
    let shown = Shown::new(conn, lang)?;
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, installation, action, changes FROM audit WHERE register = ?1 AND record_id = ?2 AND action NOT IN ('export', 'key') ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![def.name, record_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (seq, at, actor, installation, action, changes) = row?;
        let changes: BTreeMap<String, Change> = serde_json::from_str(&changes).unwrap_or_default();
        out.push(shown.entry(def, seq, at, actor, installation, Action::parse(&action), &changes));
    }
    Ok(out)
}

/// Audit entries made ready to show in one language: dates in UK time, fields by their labels
/// in the register's order, values as the person reads them.
pub struct Shown<'c> {
    conn: &'c Connection,
    lang: Lang,
    msgs: &'static Messages,
    wording: crate::reference::Wording,
}

impl<'c> Shown<'c> {
    pub fn new(conn: &'c Connection, lang: Lang) -> Result<Self> {
        Ok(Shown {
            conn,
            lang,
            msgs: Messages::for_lang(lang),
            wording: crate::settings::editable(conn)?.settings.wording(),
        })
    }

    #[allow(clippy::too_many_arguments)]
    pub fn entry(
        &self,
        def: &RegisterDef,
        seq: i64,
        stamp: String,
        actor: String,
        installation: String,
        action: Action,
        changes: &BTreeMap<String, Change>,
    ) -> HistoryEntry {
        let at = chrono::DateTime::parse_from_rfc3339(&stamp)
            .map(|t| crate::time::london_display(t.with_timezone(&chrono::Utc)))
            .unwrap_or_else(|_| stamp.clone());
        // Show changes in the order of the register's fields.
        let changes = def
            .fields
            .iter()
            .filter_map(|f| changes.get(f.name).map(|c| (f, c)))
            .map(|(f, c)| HistoryChange {
                field: f.name.to_string(),
                label: self.msgs.get(&def.label_id(f.name)),
                from: display(self.conn, def, f.name, &c.from, self.lang, &self.wording),
                to: display(self.conn, def, f.name, &c.to, self.lang, &self.wording),
            })
            .collect();
        HistoryEntry {
            seq,
            at,
            stamp,
            actor,
            installation,
            action,
            action_label: self.msgs.get(&format!("audit-action-{}", action.as_str())),
            changes,
            brought_by: None,
        }
    }
}

/// The first thing found wrong by [`verify`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Fluent message id describing the problem.
    pub kind: &'static str,
    pub seq: Option<i64>,
    pub register: Option<String>,
    pub record_id: Option<String>,
}

impl Problem {
    pub fn message(&self, lang: Lang) -> String {
        let msgs = Messages::for_lang(lang);
        let mut args = vec![];
        if let Some(s) = self.seq {
            args.push(("seq".to_string(), s.to_string()));
        }
        if let Some(r) = &self.register {
            args.push(("register".to_string(), msgs.get(&format!("register-{r}"))));
        }
        if let Some(id) = &self.record_id {
            args.push(("record".to_string(), id.clone()));
        }
        msgs.fmt(self.kind, &args)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub entries: usize,
    pub records: usize,
    pub problem: Option<Problem>,
}

impl VerifyReport {
    /// One sentence for people: intact with the counts, or the first problem.
    pub fn summary(&self, lang: Lang) -> String {
        match &self.problem {
            Some(p) => p.message(lang),
            None => Messages::for_lang(lang).fmt(
                "cli-audit-ok",
                &vec![("entries".into(), self.entries.to_string()), ("records".into(), self.records.to_string())],
            ),
        }
    }
}

/// Checks the whole chain and every register row against it.
pub fn verify(conn: &Connection) -> Result<VerifyReport> {
    verify_with(conn, &[])
}

/// [`verify`], and that the trail still holds each anchor a published report printed: its
/// entry, with that hash.
pub fn verify_with(conn: &Connection, anchors: &[Anchor]) -> Result<VerifyReport> {
    let mut prev = GENESIS.to_string();
    let mut expected = 1i64;
    let mut entries = 0usize;
    let problem = |kind, seq: Option<i64>, register: Option<&str>, record: Option<&str>| Problem {
        kind,
        seq,
        register: register.map(str::to_string),
        record_id: record.map(str::to_string),
    };
    {
        let mut stmt = conn.prepare(
            "SELECT seq, at, installation, actor, register, record_id, action, changes, record_hash, prev_hash, hash FROM audit ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let cols: Vec<String> = (1..=10).map(|i| r.get::<_, String>(i)).collect::<rusqlite::Result<_>>()?;
            if seq != expected {
                let p = problem("audit-entry-missing", Some(expected), None, None);
                return Ok(VerifyReport { entries, records: 0, problem: Some(p) });
            }
            if cols[8] != prev {
                let p = problem("audit-link-broken", Some(seq), None, None);
                return Ok(VerifyReport { entries, records: 0, problem: Some(p) });
            }
            let h =
                entry_hash(&prev, seq, &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7]);
            if h != cols[9] {
                let p = problem("audit-entry-altered", Some(seq), Some(&cols[3]), Some(&cols[4]));
                return Ok(VerifyReport { entries, records: 0, problem: Some(p) });
            }
            if anchors.iter().any(|a| a.entries == seq && a.head != h) {
                let p = problem("audit-anchor-differs", Some(seq), None, None);
                return Ok(VerifyReport { entries, records: 0, problem: Some(p) });
            }
            prev = h;
            expected += 1;
            entries += 1;
        }
    }
    let head: Option<(i64, String)> =
        conn.query_row("SELECT seq, hash FROM audit_head", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (head_seq, head_hash) = head.unwrap_or((0, GENESIS.to_string()));
    if head_seq != expected - 1 || head_hash != prev {
        let p = problem("audit-entries-removed", Some(expected), None, None);
        return Ok(VerifyReport { entries, records: 0, problem: Some(p) });
    }
    if let Some(a) = anchors.iter().filter(|a| a.entries > head_seq).min_by_key(|a| a.entries) {
        let p = problem("audit-anchor-beyond", Some(a.entries), None, None);
        return Ok(VerifyReport { entries, records: 0, problem: Some(p) });
    }

    // The latest entry of each record says what its row must be.
    let mut latest: HashMap<(String, String), (i64, String, String)> = HashMap::new();
    {
        let mut stmt = conn.prepare("SELECT register, record_id, seq, action, record_hash FROM audit WHERE action NOT IN ('export', 'key') ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            latest.insert((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?, r.get(4)?));
        }
    }
    let mut records = 0usize;
    let mut found: Vec<(i64, Problem)> = Vec::new();
    for def in registers::all() {
        for rec in crate::register::store::all(conn, def)? {
            records += 1;
            let id = rec.id.to_string();
            match latest.remove(&(def.name.to_string(), id.clone())) {
                None => found.push((i64::MAX, problem("audit-record-unlogged", None, Some(def.name), Some(&id)))),
                Some((seq, action, _)) if action == "delete" => {
                    found.push((seq, problem("audit-record-unlogged", Some(seq), Some(def.name), Some(&id))))
                }
                Some((seq, _, hash)) if hash != crate::register::store::record_hash(&rec) => {
                    found.push((seq, problem("audit-record-altered", Some(seq), Some(def.name), Some(&id))))
                }
                Some(_) => {}
            }
        }
    }
    for ((register, id), (seq, action, _)) in latest {
        if action != "delete" && registers::by_name(&register).is_some() {
            found.push((seq, problem("audit-record-removed", Some(seq), Some(&register), Some(&id))));
        }
    }
    // Name the earliest break, so the report is the same however the tables are ordered.
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.record_id.cmp(&b.1.record_id)));
    Ok(VerifyReport { entries, records, problem: found.into_iter().next().map(|(_, p)| p) })
}

/// The result of `cofrestr check`: the file's integrity, its references, and the trail.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub integrity: Vec<String>,
    pub foreign_keys: Vec<String>,
    pub audit: VerifyReport,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        self.integrity.is_empty() && self.foreign_keys.is_empty() && self.audit.problem.is_none()
    }
}

pub fn check(conn: &Connection) -> Result<CheckReport> {
    let integrity = crate::store::integrity_problems(conn)?;
    let foreign_keys = crate::store::foreign_key_problems(conn)?;
    let audit = verify(conn)?;
    Ok(CheckReport { integrity, foreign_keys, audit })
}
