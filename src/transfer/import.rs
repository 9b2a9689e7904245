//! Reading a file into a register: columns matched to fields, every row checked by the window's
//! rules inside one transaction, rows matched to records by id or the register's import key,
//! and a report of each rejected row by line and column.

use super::*;
use crate::error::{Error, FieldError, Result};
use crate::i18n::{Args, Lang, Messages};
use crate::reference::{self, Wording};
use crate::register::store::{self, Actor};
use crate::register::{FieldDef, FieldKind, Fields, Record, RegisterDef, Value};
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// Which field a column of the file fills, if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnMatch {
    pub header: String,
    /// A field name, `id` or `revision`; `None`: the column is not imported.
    pub field: Option<String>,
}

/// Matches each column to a field: as `mapping` says (header → field name, or "" to leave the
/// column out), else by field name or by the field's label in either language.
pub fn match_columns(def: &RegisterDef, headers: &[String], mapping: &BTreeMap<String, String>) -> Vec<ColumnMatch> {
    let mut by_name: HashMap<String, &'static str> = HashMap::new();
    by_name.insert("id".into(), "id");
    by_name.insert("revision".into(), "revision");
    for lang in Lang::ALL {
        let msgs = Messages::for_lang(lang);
        for f in def.fields.iter().filter(|f| !f.computed) {
            by_name.insert(key(f.name), f.name);
            by_name.insert(key(&msgs.get(&def.label_id(f.name))), f.name);
        }
    }
    headers
        .iter()
        .map(|h| {
            let field = match mapping.get(h) {
                Some(chosen) if chosen.is_empty() => None,
                Some(chosen) => by_name.values().find(|f| **f == chosen.as_str()).map(|f| f.to_string()),
                None => by_name.get(&key(h)).map(|f| f.to_string()),
            };
            ColumnMatch { header: h.clone(), field }
        })
        .collect()
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ImportOptions {
    /// Header → field name ("" leaves the column out); unmapped headers are matched by name.
    pub mapping: BTreeMap<String, String>,
    /// People only: the file is the whole staff roster, so staff missing from it have left.
    pub full_roster: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RowChange {
    Added,
    Updated,
    Unchanged,
    Left,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    pub line: usize,
    /// The column the problem is in, as headed in the file; `None` for the row as a whole.
    pub column: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PreviewRow {
    pub line: usize,
    pub change: RowChange,
    pub label: String,
}

/// What an import did, or would do.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub register: String,
    pub rows: usize,
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// People marked as having left (a full roster only).
    pub left: usize,
    pub columns: Vec<ColumnMatch>,
    /// Required fields no column fills (labels): new records will be refused without them.
    pub missing_required: Vec<String>,
    /// The first problems, by line; `error_count` says how many there were in all.
    pub errors: Vec<RowError>,
    pub error_count: usize,
    /// The first rows that change something.
    pub preview: Vec<PreviewRow>,
    /// True when the changes were written.
    pub applied: bool,
    /// What happened, or would, in a sentence in the user's language.
    pub summary: String,
    /// The words of the button that applies the changes checked.
    pub apply_label: String,
}

impl ImportReport {
    /// The report's counts as message arguments (rows, added, updated, unchanged, left,
    /// errors, and count: the changes an import makes).
    pub fn counts(&self) -> Args {
        [
            ("rows", self.rows),
            ("added", self.added),
            ("updated", self.updated),
            ("unchanged", self.unchanged),
            ("left", self.left),
            ("errors", self.error_count),
            ("count", self.added + self.updated + self.left),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    pub(super) fn put_into_words(&mut self, msgs: &Messages) {
        let id = if self.applied {
            "import-summary-applied"
        } else if self.error_count > 0 {
            "import-summary-problems"
        } else {
            "import-summary-ready"
        };
        let counts = self.counts();
        self.summary = msgs.fmt(id, &counts);
        self.apply_label = msgs.fmt("import-apply", &counts);
    }
}

pub(super) const MAX_LISTED: usize = 500;

/// Checks every row and, when `apply` is true and every row is good, writes them in one
/// transaction. A file with any bad row writes nothing; the report says what is wrong where.
#[allow(clippy::too_many_arguments)]
pub fn import(
    conn: &mut Connection,
    def: &'static RegisterDef,
    sheet: &Sheet,
    opts: &ImportOptions,
    actor: &Actor,
    lang: Lang,
    apply: bool,
    progress: &mut dyn FnMut(u8),
) -> Result<ImportReport> {
    let msgs = Messages::for_lang(lang);
    let columns = match_columns(def, &sheet.headers, &opts.mapping);
    let mut seen_fields = HashSet::new();
    for c in &columns {
        if let Some(f) = &c.field {
            if !seen_fields.insert(f.clone()) {
                let label = if def.field(f).is_some() { msgs.get(&def.label_id(f)) } else { f.clone() };
                return Err(Error::bad_input_with("err-transfer-column-twice", &[("field", &label)]));
            }
        }
    }
    if !columns.iter().any(|c| c.field.as_deref().is_some_and(|f| def.field(f).is_some())) {
        return Err(Error::bad_input("err-transfer-no-columns"));
    }
    let header_of: HashMap<&str, &str> =
        columns.iter().filter_map(|c| c.field.as_deref().map(|f| (f, c.header.as_str()))).collect();
    let missing_required = def
        .fields
        .iter()
        .filter(|f| f.required && !f.computed && f.default.is_none() && !header_of.contains_key(f.name))
        .map(|f| msgs.get(&def.label_id(f.name)))
        .collect();

    // Labels in the report of rows (a rule that needs the settings still refuses its rows).
    let wording = crate::settings::editable(conn)?.settings.wording();
    let tx = conn.transaction()?;
    let today = actor.today();
    let mut report = ImportReport {
        register: def.name.to_string(),
        rows: sheet.rows.len(),
        added: 0,
        updated: 0,
        unchanged: 0,
        left: 0,
        columns: columns.clone(),
        missing_required,
        errors: vec![],
        error_count: 0,
        preview: vec![],
        applied: false,
        summary: String::new(),
        apply_label: String::new(),
    };
    let mut touched: HashSet<Uuid> = HashSet::new();
    let width = sheet.headers.len();
    let total = sheet.rows.len().max(1);
    let mut failures: Vec<(usize, RowFailure)> = vec![];
    let mut pending: Vec<&SheetRow> = vec![];
    for row in &sheet.rows {
        if row.cells.len() == width {
            pending.push(row);
        } else {
            let (found, expected) = (row.cells.len().to_string(), width.to_string());
            let e = Error::bad_input_with("err-transfer-row-width", &[("found", &found), ("expected", &expected)]);
            failures.push((row.line, RowFailure::Other(e)));
        }
    }
    // A register that refers to itself (a policy superseding another) may list a record
    // before the one it refers to: rows that fail are tried again once the others are in,
    // for as long as that gets more rows in.
    let self_referring =
        def.fields.iter().any(|f| matches!(f.kind, FieldKind::Ref(r) | FieldKind::RefMany(r) if r == def.name));
    let mut names = names_for(&tx, def)?;
    let mut done = 0usize;
    loop {
        let mut failed = vec![];
        for row in &pending {
            done += 1;
            if done.is_multiple_of(200) {
                progress((done.min(total) * 95 / total) as u8);
            }
            match import_row(&tx, def, &columns, row, &names, &wording, actor, today, &mut touched) {
                Ok((change, label)) => {
                    match change {
                        RowChange::Added => report.added += 1,
                        RowChange::Updated => report.updated += 1,
                        RowChange::Unchanged | RowChange::Left => report.unchanged += 1,
                    }
                    if change != RowChange::Unchanged && report.preview.len() < MAX_LISTED {
                        report.preview.push(PreviewRow { line: row.line, change, label });
                    }
                }
                Err(f) => failed.push((*row, f)),
            }
        }
        if !self_referring || failed.is_empty() || failed.len() == pending.len() {
            failures.extend(failed.into_iter().map(|(r, f)| (r.line, f)));
            break;
        }
        names.insert(def.name, Names::load(&tx, def)?);
        pending = failed.into_iter().map(|(r, _)| r).collect();
    }
    failures.sort_by_key(|(line, _)| *line);
    for (line, failure) in failures {
        let mut fail = |column: Option<&str>, message: String| {
            report.error_count += 1;
            if report.errors.len() < MAX_LISTED {
                report.errors.push(RowError { line, column: column.map(str::to_string), message });
            }
        };
        match failure {
            RowFailure::Fields(errs) => {
                for e in errs {
                    let column = header_of.get(e.field.as_str()).copied();
                    let message = match column {
                        Some(_) => e.message(msgs),
                        // A rule about a field the file has no column for: name the field.
                        None if def.field(&e.field).is_some() => {
                            format!("{}: {}", msgs.get(&def.label_id(&e.field)), e.message(msgs))
                        }
                        None => e.message(msgs),
                    };
                    fail(column, message);
                }
            }
            RowFailure::Other(e) => fail(None, e.message(msgs)),
        }
    }
    if opts.full_roster && crate::registers::takes_full_roster(def.name) && report.error_count == 0 {
        let left = crate::registers::people::mark_leavers(&tx, actor, &touched, today)?;
        report.left = left.len();
        for name in left.into_iter().take(MAX_LISTED.saturating_sub(report.preview.len())) {
            report.preview.push(PreviewRow { line: 0, change: RowChange::Left, label: name });
        }
    }
    if apply && report.error_count == 0 {
        tx.commit()?;
        report.applied = true;
    }
    report.put_into_words(msgs);
    progress(100);
    Ok(report)
}

pub(super) enum RowFailure {
    Fields(Vec<FieldError>),
    Other(Error),
}

impl From<Error> for RowFailure {
    fn from(e: Error) -> Self {
        match e {
            Error::Validation(errs) => RowFailure::Fields(errs),
            other => RowFailure::Other(other),
        }
    }
}

/// A cell's text as the form would send it: references resolved to ids, choice labels to
/// codes.
pub(super) fn input_value(
    f: &FieldDef,
    text: &str,
    names: &HashMap<&'static str, Names>,
    wording: &Wording,
) -> std::result::Result<serde_json::Value, FieldError> {
    let text = text.trim();
    let choice = |l: &str, t: &str| -> String {
        let k = key(t);
        reference::list(l)
            .iter()
            .find(|c| key(&c.value) == k || Lang::ALL.iter().any(|lang| key(&wording.label(l, &c.value, *lang)) == k))
            .map(|c| c.value.clone())
            .unwrap_or_else(|| t.to_string())
    };
    let parts = || text.split(';').map(str::trim).filter(|p| !p.is_empty());
    Ok(match f.kind {
        _ if text.is_empty() => serde_json::Value::Null,
        FieldKind::Ref(r) => names[r].resolve(f.name, text)?.into(),
        FieldKind::RefMany(r) => {
            parts().map(|p| names[r].resolve(f.name, p)).collect::<std::result::Result<Vec<_>, _>>()?.into()
        }
        FieldKind::Choice(l) => choice(l, text).into(),
        FieldKind::MultiChoice(l) => parts().map(|p| choice(l, p)).collect::<Vec<_>>().into(),
        _ => text.into(),
    })
}

pub(super) fn same(def: &RegisterDef, a: &Fields, b: &Fields) -> bool {
    def.fields.iter().all(|f| {
        let (x, y) = (a.get(f.name).unwrap_or(&Value::Null), b.get(f.name).unwrap_or(&Value::Null));
        x == y || (x.is_empty() && y.is_empty())
    })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn import_row(
    conn: &Connection,
    def: &'static RegisterDef,
    columns: &[ColumnMatch],
    row: &SheetRow,
    names: &HashMap<&'static str, Names>,
    wording: &Wording,
    actor: &Actor,
    today: NaiveDate,
    touched: &mut HashSet<Uuid>,
) -> std::result::Result<(RowChange, String), RowFailure> {
    let mut given: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    let mut errors = vec![];
    let (mut id_cell, mut revision_cell) = (None, None);
    for (c, text) in columns.iter().zip(&row.cells) {
        let text = unguard_formula(text);
        match c.field.as_deref() {
            None => {}
            Some("id") => id_cell = Some(text.trim()).filter(|t| !t.is_empty()),
            Some("revision") => revision_cell = Some(text.trim()).filter(|t| !t.is_empty()),
            Some(name) => {
                let f = def.field(name).expect("matched to a field");
                if f.computed {
                    continue;
                }
                match input_value(f, text, names, wording) {
                    Ok(v) => {
                        given.insert(name.to_string(), v);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
    }
    let id = match id_cell.map(Uuid::parse_str) {
        Some(Ok(u)) => Some(u),
        Some(Err(_)) => {
            errors.push(FieldError::new("id", "err-transfer-bad-id").with("value", id_cell.unwrap_or_default()));
            None
        }
        None => None,
    };
    if !errors.is_empty() {
        return Err(RowFailure::Fields(errors));
    }
    // By id; else (no id, or an id from another database) by the register's key.
    let existing: Option<Record> = match id.map(|id| store::get(conn, def, id)) {
        Some(Ok(r)) => Some(r),
        Some(Err(Error::NotFound(_))) | None => find_by_key(conn, def, &given)?,
        Some(Err(e)) => return Err(e.into()),
    };
    if let Some(rec) = &existing {
        if !touched.insert(rec.id) {
            return Err(RowFailure::Other(Error::bad_input("err-transfer-twice")));
        }
    }
    // Start from what the record holds (or a new record's defaults) and lay the file over it,
    // so a column the file lacks never blanks a field.
    let mut input: BTreeMap<String, serde_json::Value> = match &existing {
        Some(rec) => rec.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).expect("value"))).collect(),
        None => def.fields.iter().filter_map(|f| f.default.map(|d| (f.name.to_string(), d.into()))).collect(),
    };
    input.extend(given);
    let fields = store::prepare(conn, def, &input, existing.as_ref().map(|r| r.id), today)?;
    let label = fields.get(def.title_field).map(Value::to_plain).unwrap_or_default();
    match existing {
        Some(rec) if same(def, &rec.fields, &fields) => Ok((RowChange::Unchanged, label)),
        Some(rec) => {
            if let Some(rev) = revision_cell {
                if rev.parse::<i64>().map_or(true, |r| r < rec.revision) {
                    return Err(RowFailure::Other(Error::bad_input_with("err-transfer-stale", &[("revision", rev)])));
                }
            }
            store::rewrite(conn, def, actor, &rec, &fields)?;
            Ok((RowChange::Updated, label))
        }
        None => {
            let id = id.unwrap_or_else(store::new_id);
            if store::is_tombstoned(conn, def, id)? {
                return Err(RowFailure::Other(Error::bad_input("err-transfer-deleted")));
            }
            touched.insert(id);
            store::insert(conn, def, actor, id, &fields)?;
            Ok((RowChange::Added, label))
        }
    }
}

/// The existing record a row without an id stands for: by the register's import key, or by
/// any one of its unique fields.
pub(super) fn find_by_key(
    conn: &Connection,
    def: &RegisterDef,
    given: &BTreeMap<String, serde_json::Value>,
) -> std::result::Result<Option<Record>, RowFailure> {
    let value = |name: &str| -> Option<Value> {
        let f = def.field(name)?;
        crate::register::parse_value(f, given.get(name)?).ok().filter(|v| !v.is_empty())
    };
    let mut keys: Vec<Vec<&str>> = vec![];
    if !def.import_key.is_empty() {
        keys.push(def.import_key.to_vec());
    }
    keys.extend(def.fields.iter().filter(|f| f.unique).map(|f| vec![f.name]));
    for k in keys {
        // Every field of a key must be in the file; a key field left blank matches blanks.
        if !k.iter().all(|n| given.contains_key(*n)) {
            continue;
        }
        let vals: Vec<Value> = k.iter().map(|n| value(n).unwrap_or(Value::Null)).collect();
        if vals.iter().all(Value::is_empty) {
            continue;
        }
        // Words match whatever their case, as the unique indexes do; ids, dates and numbers
        // match exactly, so the key's own index answers (a NOCASE test on them would read
        // every row, for every row of the file).
        let mut cond = vec![];
        let mut params = vec![];
        for (n, v) in k.iter().zip(&vals) {
            let words =
                matches!(def.field(n).map(|f| f.kind), Some(FieldKind::Text | FieldKind::LongText | FieldKind::Email));
            if v.is_empty() {
                cond.push(format!("{n} IS NULL"));
            } else {
                cond.push(format!("{n} = ?{}", if words { " COLLATE NOCASE" } else { "" }));
                params.push(v);
            }
        }
        let sql = format!("SELECT id FROM {} WHERE {} LIMIT 2", def.table, cond.join(" AND "));
        let mut stmt = conn.prepare_cached(&sql).map_err(Error::from)?;
        let ids: Vec<String> = stmt
            .query_map(rusqlite::params_from_iter(params), |r| r.get(0))
            .map_err(Error::from)?
            .collect::<rusqlite::Result<_>>()
            .map_err(Error::from)?;
        match ids.as_slice() {
            [] => continue,
            [one] => return Ok(Some(store::get(conn, def, Uuid::parse_str(one).expect("stored ids are uuids"))?)),
            _ => return Err(RowFailure::Other(Error::bad_input("err-transfer-key-ambiguous"))),
        }
    }
    Ok(None)
}
