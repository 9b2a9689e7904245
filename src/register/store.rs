//! Reading and writing any register through its [`RegisterDef`].
//!
//! Every write runs inside the caller's transaction and, in that same transaction, bumps the
//! record's revision, writes its audit entry (hash-chained, see [`crate::audit`]) and refreshes
//! its row in the free-text search index. A write either does all of that or nothing.
//!
//! Free-text search uses one FTS5 table with the trigram tokenizer, so any substring of three
//! or more characters is found through the index and stays fast at 100,000 rows.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{ToSqlOutput, Value as SqlValue};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{parse_input, Context, FieldDef, FieldKind, Fields, Record, RegisterDef, Value};
use crate::audit;
use crate::error::{Error, FieldError, Result};
use crate::i18n::Lang;
use crate::registers;
use crate::registers::views::{self, View};

pub use crate::audit::Actor;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub from: Value,
    pub to: Value,
}

/// The hash of a record's identity, revision and fields: what the latest audit entry says the
/// row must be.
pub fn record_hash(rec: &Record) -> String {
    use sha2::Digest;
    let fields = hashed_fields(&rec.fields);
    let body = serde_json::to_string(&(rec.id.to_string(), rec.revision, &*fields)).expect("record serialises");
    hex::encode(sha2::Sha256::digest(body.as_bytes()))
}

/// Fields a migration added to a register after records were written (their names are found
/// in no other register). While empty they are left out of a record's hashes — its audit
/// entry's and the one departmental returns compare — so a record written before the field
/// existed keeps the hashes it was given, nothing has to be re-stamped, and a value put there
/// outside Cofrestr still changes the hash and is caught.
pub const ADDED_LATER: &[&str] = &[
    // 0019_asset_function_cy
    "business_function_cy",
];

/// A record's fields as they are hashed: without the [`ADDED_LATER`] fields left empty.
pub fn hashed_fields(fields: &Fields) -> std::borrow::Cow<'_, Fields> {
    if ADDED_LATER.iter().any(|f| fields.get(*f) == Some(&Value::Null)) {
        let mut kept = fields.clone();
        kept.retain(|k, v| !(ADDED_LATER.contains(&k.as_str()) && *v == Value::Null));
        std::borrow::Cow::Owned(kept)
    } else {
        std::borrow::Cow::Borrowed(fields)
    }
}

/// Chains the audit entry for a change to `rec` (see [`crate::audit::append`]).
fn audit_change(
    conn: &Connection,
    actor: &Actor,
    def: &RegisterDef,
    rec: &Record,
    action: audit::Action,
    changes: &BTreeMap<String, Change>,
) -> Result<()> {
    let json = serde_json::to_string(changes).expect("changes serialise");
    audit::append(conn, actor, def.name, &rec.id.to_string(), action, &json, &record_hash(rec))
}

/// A page of a register's table.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Free text: every word must appear somewhere in the record's searchable fields.
    pub search: Option<String>,
    /// Field name → value. Choice, yes/no and reference fields match exactly; multiple
    /// choice fields match when the list contains the value. The key `due` with `overdue`
    /// or `soon` filters on the register's review date.
    pub filters: BTreeMap<String, String>,
    pub sort: Option<String>,
    pub descending: bool,
    pub offset: usize,
    pub limit: Option<usize>,
    /// The language reference labels are shown in.
    pub lang: Lang,
    /// Rows without their labels at a glance (a picker's or the search's keystrokes), which
    /// spares reading the settings and the holiday calendar.
    pub plain: bool,
}

#[derive(Debug, Serialize)]
pub struct ListPage {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<Record>,
}

const META: &str = "t.id, t.revision, t.created_at, t.updated_at, t.changed_by";

fn sql_value(f: &FieldDef, v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(*b as i64),
        Value::Int(n) => SqlValue::Integer(*n),
        Value::Text(s) => SqlValue::Text(s.clone()),
        Value::List(items) => {
            debug_assert!(f.kind.is_list());
            SqlValue::Text(serde_json::to_string(items).expect("list serialises"))
        }
    }
}

fn read_value(f: &FieldDef, row: &Row, idx: usize) -> rusqlite::Result<Value> {
    Ok(match f.kind {
        FieldKind::YesNo => Value::Bool(row.get::<_, Option<i64>>(idx)?.unwrap_or(0) != 0),
        FieldKind::Number { .. } => row.get::<_, Option<i64>>(idx)?.map(Value::Int).unwrap_or(Value::Null),
        k if k.is_list() => match row.get::<_, Option<String>>(idx)? {
            Some(s) => {
                let items: Vec<String> = serde_json::from_str(&s).unwrap_or_default();
                if items.is_empty() {
                    Value::Null
                } else {
                    Value::List(items)
                }
            }
            None => Value::Null,
        },
        _ => row.get::<_, Option<String>>(idx)?.map(Value::Text).unwrap_or(Value::Null),
    })
}

fn target(register: &str) -> &'static RegisterDef {
    registers::by_name(register).unwrap_or_else(|| panic!("register description names unknown register {register}"))
}

/// The SQL expression naming a record of `d` (alias `x`) in a language.
pub fn title_sql(d: &RegisterDef, lang: Lang) -> String {
    match (lang, d.title_field_cy) {
        (Lang::Cy, Some(cy)) => format!("coalesce(nullif(x.{cy}, ''), x.{})", d.title_field),
        _ => format!("x.{}", d.title_field),
    }
}

/// SQL giving the display label of a reference field for row alias `t`.
fn label_sql(f: &FieldDef, lang: Lang) -> Option<String> {
    match f.kind {
        FieldKind::Ref(r) => {
            let d = target(r);
            Some(format!("(SELECT {} FROM {} x WHERE x.id = t.{})", title_sql(d, lang), d.table, f.name))
        }
        FieldKind::RefMany(r) => {
            let d = target(r);
            Some(format!(
                "(SELECT group_concat({}, '; ') FROM json_each(t.{}) j JOIN {} x ON x.id = j.value)",
                title_sql(d, lang),
                f.name,
                d.table
            ))
        }
        _ => None,
    }
}

fn select_sql(def: &RegisterDef, lang: Lang) -> String {
    let mut cols = vec![META.to_string()];
    for f in def.fields {
        cols.push(format!("t.{}", f.name));
    }
    for f in def.fields {
        if let Some(l) = label_sql(f, lang) {
            cols.push(format!("{l} AS {}__label", f.name));
        }
    }
    format!("SELECT {} FROM {} t", cols.join(", "), def.table)
}

/// A register's statements, written once from its description: building them on every call
/// cost more than running them when a return or an import writes tens of thousands of rows.
struct Statements {
    /// One record with its reference labels, in English and in Welsh.
    get: [String; 2],
    /// One record without labels: what writes read back and merges compare.
    read: String,
    insert: String,
    update: String,
}

impl Statements {
    fn of(def: &RegisterDef) -> Self {
        let names: Vec<&str> = def.fields.iter().map(|f| f.name).collect();
        let mut cols = vec!["id", "revision", "created_at", "updated_at", "changed_by"];
        cols.extend(&names);
        let plain: Vec<String> = cols.iter().map(|c| format!("t.{c}")).collect();
        let sets: Vec<String> = names.iter().map(|n| format!("{n} = ?")).collect();
        Statements {
            get: [Lang::En, Lang::Cy].map(|lang| format!("{} WHERE t.id = ?1", select_sql(def, lang))),
            read: format!("SELECT {} FROM {} t WHERE t.id = ?1", plain.join(", "), def.table),
            insert: format!("INSERT INTO {} ({}) VALUES ({})", def.table, cols.join(", "), vec!["?"; cols.len()].join(", ")),
            update: format!(
                "UPDATE {} SET revision = revision + 1, updated_at = ?, changed_by = ?, {} WHERE id = ? AND revision = ?",
                def.table,
                sets.join(", ")
            ),
        }
    }
}

fn statements(def: &RegisterDef) -> &'static Statements {
    static ALL: std::sync::OnceLock<std::collections::HashMap<&'static str, Statements>> = std::sync::OnceLock::new();
    let all = ALL.get_or_init(|| registers::all().iter().map(|d| (d.name, Statements::of(d))).collect());
    all.get(def.name).unwrap_or_else(|| panic!("register {} is not in registers::all()", def.name))
}

fn row_to_record(def: &RegisterDef, row: &Row) -> rusqlite::Result<Record> {
    let id: String = row.get(0)?;
    let mut fields = Fields::new();
    let mut idx = 5;
    for f in def.fields {
        fields.insert(f.name.to_string(), read_value(f, row, idx)?);
        idx += 1;
    }
    let mut labels = BTreeMap::new();
    let labelled = row.as_ref().column_count() > idx;
    for f in def.fields.iter().filter(|_| labelled) {
        if matches!(f.kind, FieldKind::Ref(_) | FieldKind::RefMany(_)) {
            if let Some(l) = row.get::<_, Option<String>>(idx)? {
                labels.insert(f.name.to_string(), l);
            }
            idx += 1;
        }
    }
    Ok(Record {
        id: Uuid::parse_str(&id).unwrap_or_default(),
        revision: row.get(1)?,
        created_at: row.get(2)?,
        updated_at: row.get(3)?,
        changed_by: row.get(4)?,
        fields,
        labels,
    })
}

pub fn get(conn: &Connection, def: &RegisterDef, id: Uuid) -> Result<Record> {
    get_in(conn, def, id, Lang::En)
}

/// A record with its reference labels in `lang`.
pub fn get_in(conn: &Connection, def: &RegisterDef, id: Uuid, lang: Lang) -> Result<Record> {
    let sql = &statements(def).get[usize::from(lang == Lang::Cy)];
    conn.prepare_cached(sql)?
        .query_row([id.to_string()], |r| row_to_record(def, r))
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("{} {id}", def.name)))
}

/// A record as stored, without reference labels (none: there is no such record). Cheaper than
/// [`get`]: for comparing and hashing, not for showing.
pub fn read(conn: &Connection, def: &RegisterDef, id: Uuid) -> Result<Option<Record>> {
    Ok(conn.prepare_cached(&statements(def).read)?.query_row([id.to_string()], |r| row_to_record(def, r)).optional()?)
}

fn read_back(conn: &Connection, def: &RegisterDef, id: Uuid) -> Result<Record> {
    read(conn, def, id)?.ok_or_else(|| Error::NotFound(format!("{} {id}", def.name)))
}

/// A GLOB pattern matching `s` anywhere. GLOB rather than LIKE: FTS5's trigram index serves
/// both, but not LIKE with an ESCAPE clause, and the indexed text is already lower-cased, so
/// GLOB's case-sensitivity costs nothing. Its wildcards in the search text are bracketed.
fn glob_anywhere(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('*');
    for c in s.chars() {
        match c {
            '*' => out.push_str("[*]"),
            '?' => out.push_str("[?]"),
            '[' => out.push_str("[[]"),
            c => out.push(c),
        }
    }
    out.push('*');
    out
}

/// A filter value meaning "not filled in" (no choice or code can be spelt like it).
pub const NONE_FILTER: &str = "!none";

/// The WHERE clause and its parameters for a query. `plus` ("+" or "") goes before each
/// indexed column: "+" stops SQLite using that column's index (see `list`).
fn where_clause(def: &RegisterDef, q: &ListQuery, now: DateTime<Utc>, plus: &str) -> Result<(String, Vec<SqlValue>)> {
    let mut conds = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    if let Some(s) = q.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let words: Vec<String> = crate::text::normalise(s).split_whitespace().map(str::to_string).collect();
        let mut likes = Vec::new();
        for w in words.iter().take(8) {
            likes.push("body GLOB ?".to_string());
            params.push(SqlValue::Text(glob_anywhere(w)));
        }
        params.push(SqlValue::Text(def.name.to_string()));
        conds.push(format!(
            "{plus}t.id IN (SELECT s.record_id FROM search_rows s WHERE s.id IN (SELECT rowid FROM search_index WHERE {}) AND s.register = ?)",
            likes.join(" AND ")
        ));
    }
    for (name, value) in &q.filters {
        if value.is_empty() {
            continue;
        }
        // `due` (the dashboard's links) and `view` (the list's saved views) read the
        // register's views (crate::registers::views).
        if name == "due" || name == "view" {
            let bad = || Error::bad_input_with("err-bad-filter", &[("field", name), ("value", value)]);
            let view = View::parse(value).ok_or_else(bad)?;
            if name == "due" && !matches!(view, View::Overdue | View::Soon) {
                return Err(bad());
            }
            let spec = views::spec(def);
            if !spec.views().contains(&view) {
                // The dashboard's old links to a register without a review date showed it all.
                if name == "due" {
                    continue;
                }
                return Err(bad());
            }
            let open = spec.open_sql();
            let due = spec.due_sql();
            let today = crate::time::london_date(now);
            let instant = matches!(spec.due, Some(views::Due::Instant(_)));
            // Dates compare with today, instants with now; within 30 days means before the
            // 31st day from today begins.
            let (from, until) = if instant {
                let end = today + chrono::Days::new(views::SOON_DAYS as u64 + 1);
                (crate::time::stamp(now), crate::time::stamp(crate::time::london_midnight(end)))
            } else {
                (today.to_string(), (today + chrono::Days::new(views::SOON_DAYS as u64)).to_string())
            };
            let until_op = if instant { "<" } else { "<=" };
            match view {
                View::All => {}
                View::Open => conds.extend(open),
                View::Mine => conds.extend(spec.mine_sql(def)),
                View::Overdue | View::Soon => {
                    let due = due.expect("offered only with a due date");
                    conds.extend(open.map(|o| format!("({o})")));
                    if view == View::Overdue {
                        conds.push(if spec.missing_is_overdue {
                            format!("({plus}{due} IS NULL OR {plus}{due} < ?)")
                        } else {
                            format!("{plus}{due} < ?")
                        });
                        params.push(SqlValue::Text(from));
                    } else {
                        conds.push(format!("({plus}{due} >= ? AND {plus}{due} {until_op} ?)"));
                        params.push(SqlValue::Text(from));
                        params.push(SqlValue::Text(until));
                    }
                }
            }
            continue;
        }
        let f = def
            .field(name)
            .filter(|f| f.filterable)
            .ok_or_else(|| Error::bad_input_with("err-bad-filter", &[("field", name), ("value", value)]))?;
        if value == NONE_FILTER {
            conds.push(if f.kind.is_list() {
                format!("(t.{0} IS NULL OR t.{0} = '[]')", f.name)
            } else {
                format!("t.{} IS NULL", f.name)
            });
            continue;
        }
        match f.kind {
            FieldKind::MultiChoice(_) | FieldKind::RefMany(_) => {
                conds.push(format!("EXISTS (SELECT 1 FROM json_each(t.{}) WHERE value = ?)", f.name));
                params.push(SqlValue::Text(value.clone()));
            }
            FieldKind::YesNo => {
                conds.push(format!("{plus}t.{} = ?", f.name));
                params.push(SqlValue::Integer(matches!(value.as_str(), "yes" | "true" | "1") as i64));
            }
            _ => {
                conds.push(format!("{plus}t.{} = ?", f.name));
                params.push(SqlValue::Text(value.clone()));
            }
        }
    }
    let clause = if conds.is_empty() { String::new() } else { format!(" WHERE {}", conds.join(" AND ")) };
    Ok((clause, params))
}

/// One page of a register, filtered, searched and sorted.
/// What a required field left empty asks for, by how it is filled in: "Enter …" for what is
/// typed, "Choose …" for what is picked, "Choose at least one …" for a list.
fn required_message(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Choice(_) | FieldKind::Ref(_) | FieldKind::YesNo => "err-required-choose",
        FieldKind::MultiChoice(_) | FieldKind::RefMany(_) => "err-required-choose-some",
        _ => "err-required-enter",
    }
}

pub fn list(conn: &Connection, def: &RegisterDef, q: &ListQuery, today: NaiveDate) -> Result<ListPage> {
    list_at(conn, def, q, crate::time::london_midnight(today))
}

/// [`list`] at an instant: a breach is overdue from the minute its ICO deadline passes.
pub fn list_at(conn: &Connection, def: &RegisterDef, q: &ListQuery, now: DateTime<Utc>) -> Result<ListPage> {
    let (clause, params) = where_clause(def, q, now, "")?;
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {} t{clause}", def.table),
        params_from_iter(params.iter()),
        |r| r.get(0),
    )?;
    let sort_name = q.sort.as_deref().unwrap_or(def.default_sort);
    // `due`: the register's due date (crate::registers::views), soonest first, none last.
    let due_key = if sort_name == "due" { views::spec(def).due_sql() } else { None };
    let (key, collate, nulls_last) = if let Some(key) = due_key {
        let nulls = format!("({key} IS NULL), ");
        (key, "", nulls)
    } else {
        let sort =
            def.field(sort_name).ok_or_else(|| Error::bad_input_with("err-bad-sort", &[("field", sort_name)]))?;
        let key = label_sql(sort, q.lang).unwrap_or_else(|| format!("t.{}", sort.name));
        let collate = match sort.kind {
            FieldKind::Number { .. } | FieldKind::YesNo => "",
            // Welsh text in Welsh order: a record named in Welsh, or a field's Welsh twin. No
            // index serves either sort, so the collation costs no index walk.
            FieldKind::Ref(_) | FieldKind::RefMany(_) if q.lang == Lang::Cy => " COLLATE cy",
            _ if sort.name.ends_with("_cy") => " COLLATE cy",
            _ => " COLLATE NOCASE",
        };
        // Empty values sort last. A required field has none, and leaving the test out lets
        // SQLite walk the field's index instead of sorting the whole table.
        let nulls_last = if sort.required && !matches!(sort.kind, FieldKind::Ref(_) | FieldKind::RefMany(_)) {
            String::new()
        } else {
            format!("({key} IS NULL), ")
        };
        (key, collate, nulls_last)
    };
    let dir = if q.descending { "DESC" } else { "ASC" };
    let limit = q.limit.unwrap_or(50).min(1000);
    // Two ways to find a page, and the count says which reads fewer encrypted rows:
    // - walk the sort key's index from the start, reading each row to test the filters, until
    //   the page is full: about (offset + limit) × rows / matches reads;
    // - look up every match through the filters' indexes and sort them: `matches` reads.
    // A unary + on the filter columns forces the first, on the sort key the second.
    let rows: i64 = if clause.is_empty() {
        total
    } else {
        conn.query_row(&format!("SELECT count(*) FROM {}", def.table), [], |r| r.get(0))?
    };
    let matches = total.max(1) as f64;
    let walk = clause.is_empty() || (q.offset + limit) as f64 * rows as f64 / matches < matches;
    let (clause, params) = if walk && !clause.is_empty() { where_clause(def, q, now, "+")? } else { (clause, params) };
    let sort_plus = if walk { "" } else { "+" };
    let order = format!("{nulls_last}{sort_plus}{key}{collate} {dir}, t.rowid {dir}");
    // Choose the page's rowids first, then read just those rows: an encrypted 100,000-row
    // register is never read whole to show 50 of it.
    let sql = format!(
        "{} WHERE t.rowid IN (SELECT t.rowid FROM {} t{clause} ORDER BY {order} LIMIT {limit} OFFSET {}) ORDER BY {order}",
        select_sql(def, q.lang),
        def.table,
        q.offset
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(params.iter()), |r| row_to_record(def, r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ListPage { total: total as usize, offset: q.offset, rows })
}

/// Every record of a register, in its default order (for exports).
pub fn all(conn: &Connection, def: &RegisterDef) -> Result<Vec<Record>> {
    all_in(conn, def, Lang::En)
}

/// Every record, with reference labels in `lang`.
pub fn all_in(conn: &Connection, def: &RegisterDef, lang: Lang) -> Result<Vec<Record>> {
    let sql = format!("{} ORDER BY t.{} COLLATE NOCASE, t.id", select_sql(def, lang), def.default_sort);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| row_to_record(def, r))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Parses, computes and validates input for a register. Returns the typed fields or every
/// problem found, each naming its field.
pub fn prepare(
    conn: &Connection,
    def: &RegisterDef,
    input: &BTreeMap<String, serde_json::Value>,
    existing: Option<Uuid>,
    today: NaiveDate,
) -> Result<Fields> {
    let (mut fields, mut errors) = parse_input(def, input);
    let settings = super::SettingsOnce::from(conn);
    let ctx = Context { conn, today, record: existing, settings: &settings };
    (def.compute)(&mut fields, &ctx);
    for f in def.fields {
        let v = fields.get(f.name).unwrap_or(&Value::Null);
        if f.required && v.is_empty() && !errors.iter().any(|e| e.field == f.name) {
            errors.push(FieldError::new(f.name, required_message(f.kind)).labelled(def.label_id(f.name)));
        }
    }
    errors.extend(check_references(conn, def, &fields)?);
    errors.extend(check_unique(conn, def, &fields, existing)?);
    // Cross-field rules only make sense once every field is well formed.
    if errors.is_empty() {
        errors.extend((def.validate)(&fields, &ctx));
    }
    settings.check()?;
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(Error::Validation(errors))
    }
}

/// Fields that came from elsewhere (a departmental return) checked for their kinds, choices and
/// text as a typed-in record's are, computed fields kept as they came but checked likewise: for
/// writing before [`prepare`] can run with every record they depend on in place.
pub fn shape(def: &RegisterDef, fields: &Fields) -> Result<Fields> {
    let input: BTreeMap<String, serde_json::Value> =
        fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).expect("values serialise"))).collect();
    let (mut parsed, mut errors) = parse_input(def, &input);
    for f in def.fields.iter().filter(|f| f.computed) {
        match crate::register::parse_value(f, input.get(f.name).unwrap_or(&serde_json::Value::Null)) {
            Ok(v) => {
                parsed.insert(f.name.to_string(), v);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(Error::Validation(errors))
    }
}

fn check_references(conn: &Connection, def: &RegisterDef, fields: &Fields) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    for f in def.fields {
        let ids: Vec<&str> = match (f.kind, fields.get(f.name)) {
            (FieldKind::Ref(_), Some(Value::Text(id))) => vec![id.as_str()],
            (FieldKind::RefMany(_), Some(Value::List(ids))) => ids.iter().map(String::as_str).collect(),
            _ => continue,
        };
        let (FieldKind::Ref(r) | FieldKind::RefMany(r)) = f.kind else { continue };
        let t = target(r);
        for id in ids {
            let found: Option<i64> = conn
                .prepare_cached(&format!("SELECT 1 FROM {} WHERE id = ?1", t.table))?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if found.is_none() {
                errors.push(FieldError::new(f.name, "err-reference"));
                break;
            }
        }
    }
    Ok(errors)
}

fn check_unique(
    conn: &Connection,
    def: &RegisterDef,
    fields: &Fields,
    existing: Option<Uuid>,
) -> Result<Vec<FieldError>> {
    let mut errors = Vec::new();
    let me = existing.map(|u| u.to_string()).unwrap_or_default();
    for f in def.fields.iter().filter(|f| f.unique) {
        let Some(Value::Text(v)) = fields.get(f.name) else { continue };
        let clash: Option<String> = conn
            .prepare_cached(&format!(
                "SELECT id FROM {} WHERE {} = ?1 COLLATE NOCASE AND id <> ?2 LIMIT 1",
                def.table, f.name
            ))?
            .query_row(params![v, me], |r| r.get(0))
            .optional()?;
        if clash.is_some() {
            errors.push(FieldError::new(f.name, "err-unique").with("value", v));
        }
    }
    Ok(errors)
}

fn search_body(def: &RegisterDef, fields: &Fields) -> String {
    let parts: Vec<String> = def
        .fields
        .iter()
        .filter(|f| f.searchable)
        .filter_map(|f| fields.get(f.name))
        .map(Value::to_plain)
        .filter(|s| !s.is_empty())
        .collect();
    crate::text::normalise(&parts.join(" \u{1f} "))
}

/// Keeps a record's row in the free-text index in step with its searchable fields. A record
/// with nothing to search (most training completions: only their notes are searchable) has no
/// row at all, and loses the one it had when its searchable fields are emptied.
fn index(conn: &Connection, def: &RegisterDef, id: &str, fields: &Fields) -> Result<()> {
    let body = search_body(def, fields);
    let existing: Option<i64> = conn
        .prepare_cached("SELECT id FROM search_rows WHERE register = ?1 AND record_id = ?2")?
        .query_row(params![def.name, id], |r| r.get(0))
        .optional()?;
    let sid = match existing {
        Some(sid) => {
            conn.prepare_cached("DELETE FROM search_index WHERE rowid = ?1")?.execute([sid])?;
            if body.is_empty() {
                conn.prepare_cached("DELETE FROM search_rows WHERE id = ?1")?.execute([sid])?;
                return Ok(());
            }
            sid
        }
        None if body.is_empty() => return Ok(()),
        None => {
            conn.prepare_cached("INSERT INTO search_rows (register, record_id) VALUES (?1, ?2)")?
                .execute(params![def.name, id])?;
            conn.last_insert_rowid()
        }
    };
    conn.prepare_cached("INSERT INTO search_index (rowid, body) VALUES (?1, ?2)")?.execute(params![sid, body])?;
    Ok(())
}

fn unindex(conn: &Connection, def: &RegisterDef, id: &str) -> Result<()> {
    if let Some(sid) = conn
        .query_row("SELECT id FROM search_rows WHERE register = ?1 AND record_id = ?2", params![def.name, id], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
    {
        conn.execute("DELETE FROM search_index WHERE rowid = ?1", [sid])?;
        conn.execute("DELETE FROM search_rows WHERE id = ?1", [sid])?;
    }
    Ok(())
}

fn changes(def: &RegisterDef, before: Option<&Fields>, after: Option<&Fields>) -> BTreeMap<String, Change> {
    let mut out = BTreeMap::new();
    for f in def.fields {
        let b = before.and_then(|m| m.get(f.name)).cloned().unwrap_or(Value::Null);
        let a = after.and_then(|m| m.get(f.name)).cloned().unwrap_or(Value::Null);
        let same = b == a || (b.is_empty() && a.is_empty());
        if !same {
            out.insert(f.name.to_string(), Change { from: b, to: a });
        }
    }
    out
}

/// Adds a record. The caller commits the transaction.
/// A field the input leaves out altogether (not one sent blank) starts with its default, as it
/// would in the window's form.
pub fn create(
    conn: &Connection,
    def: &RegisterDef,
    actor: &Actor,
    input: &BTreeMap<String, serde_json::Value>,
) -> Result<Record> {
    let mut input = input.clone();
    for f in def.fields {
        if let Some(d) = f.default {
            input.entry(f.name.to_string()).or_insert_with(|| d.into());
        }
    }
    let fields = prepare(conn, def, &input, None, actor.today())?;
    insert(conn, def, actor, new_id(), &fields)
}

/// The id of a new record: a UUID whose leading bits are its creation time (version 7), so
/// records made one after another sit side by side in every index keyed by id. Random ids
/// (version 4) scatter each insert over the whole index, and a departmental return or an import
/// then rewrites, re-encrypts and re-authenticates most of the index's pages in each
/// transaction. Ids stay opaque: nothing reads the time back out of them.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// Adds a record with a given id and already prepared fields (demo data, imports).
pub fn insert(conn: &Connection, def: &RegisterDef, actor: &Actor, id: Uuid, fields: &Fields) -> Result<Record> {
    insert_with(conn, def, actor, id, fields, Hooks::Run)
}

/// Whether a write runs the register's `after_write` hook. A change merged from a departmental
/// return arrives with everything the hook made on the laptop, so it must not run again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hooks {
    Run,
    Skip,
}

/// [`insert`], choosing whether the register's hook runs.
pub fn insert_with(
    conn: &Connection,
    def: &RegisterDef,
    actor: &Actor,
    id: Uuid,
    fields: &Fields,
    hooks: Hooks,
) -> Result<Record> {
    let stamp = actor.stamp();
    let mut vals: Vec<SqlValue> = Vec::with_capacity(def.fields.len() + 5);
    vals.extend([
        SqlValue::Text(id.to_string()),
        SqlValue::Integer(1),
        SqlValue::Text(stamp.clone()),
        SqlValue::Text(stamp),
        SqlValue::Text(actor.installation.clone()),
    ]);
    for f in def.fields {
        vals.push(sql_value(f, fields.get(f.name).unwrap_or(&Value::Null)));
    }
    conn.prepare_cached(&statements(def).insert)?.execute(params_from_iter(vals.iter()))?;
    // What was stored, read back: the audit entry hashes the record as the database holds it.
    let rec = read_back(conn, def, id)?;
    index(conn, def, &rec.id.to_string(), &rec.fields)?;
    audit_change(conn, actor, def, &rec, audit::Action::Create, &changes(def, None, Some(&rec.fields)))?;
    if let Some(hook) = def.after_write.filter(|_| hooks == Hooks::Run) {
        hook(conn, actor, &rec.fields)?;
    }
    Ok(rec)
}

/// Changes a record. `revision` is the revision the user started from: if someone else has
/// changed the record since, nothing is written and [`Error::Conflict`] comes back.
pub fn update(
    conn: &Connection,
    def: &RegisterDef,
    actor: &Actor,
    id: Uuid,
    revision: i64,
    input: &BTreeMap<String, serde_json::Value>,
) -> Result<Record> {
    let before = get(conn, def, id)?;
    if before.revision != revision {
        return Err(Error::Conflict { current: before.revision });
    }
    let fields = prepare(conn, def, input, Some(id), actor.today())?;
    rewrite(conn, def, actor, &before, &fields)?;
    get(conn, def, id)
}

/// Writes already prepared fields over a record read in this transaction (no parsing: for
/// values the application works out itself), with its audit entry and search index.
pub fn rewrite(conn: &Connection, def: &RegisterDef, actor: &Actor, before: &Record, fields: &Fields) -> Result<()> {
    rewrite_with(conn, def, actor, before, fields, Hooks::Run)
}

/// [`rewrite`], choosing whether the register's hook runs.
pub fn rewrite_with(
    conn: &Connection,
    def: &RegisterDef,
    actor: &Actor,
    before: &Record,
    fields: &Fields,
    hooks: Hooks,
) -> Result<()> {
    let (id, revision) = (before.id, before.revision);
    let diff = changes(def, Some(&before.fields), Some(fields));
    if diff.is_empty() {
        return Ok(());
    }
    let mut vals: Vec<SqlValue> = vec![SqlValue::Text(actor.stamp()), SqlValue::Text(actor.installation.clone())];
    for f in def.fields {
        vals.push(sql_value(f, fields.get(f.name).unwrap_or(&Value::Null)));
    }
    vals.push(SqlValue::Text(id.to_string()));
    vals.push(SqlValue::Integer(revision));
    let n = conn.prepare_cached(&statements(def).update)?.execute(params_from_iter(vals.iter()))?;
    if n != 1 {
        return Err(Error::Conflict { current: before.revision });
    }
    let rec = read_back(conn, def, id)?;
    index(conn, def, &rec.id.to_string(), &rec.fields)?;
    audit_change(conn, actor, def, &rec, audit::Action::Update, &diff)?;
    if let Some(hook) = def.after_write.filter(|_| hooks == Hooks::Run) {
        hook(conn, actor, &rec.fields)?;
    }
    Ok(())
}

/// Works a record's computed fields out again (after something they depend on changed, e.g. an
/// audit's answers) and writes them through [`rewrite`], audited. A record gone meanwhile is
/// left alone.
pub fn recompute(conn: &Connection, def: &RegisterDef, actor: &Actor, id: &str) -> Result<()> {
    let Ok(id) = Uuid::parse_str(id) else { return Ok(()) };
    let rec = match get(conn, def, id) {
        Ok(r) => r,
        Err(Error::NotFound(_)) => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut fields = rec.fields.clone();
    let settings = super::SettingsOnce::from(conn);
    (def.compute)(&mut fields, &Context { conn, today: actor.today(), record: Some(id), settings: &settings });
    settings.check()?;
    rewrite(conn, def, actor, &rec, &fields)
}

/// Where a record is still referred to, as (register, label of the referring record).
pub fn referenced_by(conn: &Connection, def: &RegisterDef, id: Uuid) -> Result<Option<(String, String)>> {
    let id = id.to_string();
    for other in registers::all() {
        for f in other.fields {
            let sql = match f.kind {
                FieldKind::Ref(r) if r == def.name => {
                    format!("SELECT {} FROM {} WHERE {} = ?1 LIMIT 1", other.title_field, other.table, f.name)
                }
                FieldKind::RefMany(r) if r == def.name => format!(
                    "SELECT {} FROM {} t WHERE EXISTS (SELECT 1 FROM json_each(t.{}) WHERE value = ?1) LIMIT 1",
                    other.title_field, other.table, f.name
                ),
                _ => continue,
            };
            if let Some(label) = conn.query_row(&sql, [&id], |r| r.get::<_, Option<String>>(0)).optional()? {
                return Ok(Some((other.name.to_string(), label.unwrap_or_default())));
            }
        }
    }
    Ok(None)
}

/// A record linked to this one: one it refers to through its own reference fields
/// (`outgoing`), or one of another register that refers to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub register: &'static str,
    pub register_label: String,
    pub field_label: String,
    pub id: String,
    pub label: String,
    pub outgoing: bool,
}

/// Every record linked to `id`, so links navigate both ways: an asset shows its retention class
/// (which it refers to) and its sharing agreements and risks (which refer to it); a risk shows
/// its actions, an action its quarterly updates. People and departments are left out of the
/// outgoing side: the form already names them.
pub fn linked_from(conn: &Connection, def: &RegisterDef, id: Uuid, lang: Lang) -> Result<Vec<Link>> {
    let msgs = crate::i18n::Messages::for_lang(lang);
    let rec = get(conn, def, id)?;
    let mut out = vec![];
    for f in def.fields {
        let (FieldKind::Ref(r) | FieldKind::RefMany(r)) = f.kind else { continue };
        if matches!(r, "people" | "departments") {
            continue;
        }
        let t = target(r);
        let ids: Vec<String> = match rec.get(f.name) {
            Value::Text(one) => vec![one.clone()],
            Value::List(many) => many.clone(),
            _ => continue,
        };
        let sql = format!("SELECT {} FROM {} x WHERE x.id = ?1", title_sql(t, lang), t.table);
        for rid in ids {
            let label: Option<Option<String>> = conn.query_row(&sql, [&rid], |r| r.get(0)).optional()?;
            let Some(label) = label else { continue };
            out.push(Link {
                register: t.name,
                register_label: msgs.get(&format!("register-{}", t.name)),
                field_label: msgs.get(&def.label_id(f.name)),
                id: rid,
                label: label.unwrap_or_default(),
                outgoing: true,
            });
        }
    }
    let id = id.to_string();
    for other in registers::all() {
        for f in other.fields {
            let cond = match f.kind {
                FieldKind::Ref(r) if r == def.name => format!("x.{} = ?1", f.name),
                FieldKind::RefMany(r) if r == def.name => {
                    format!("EXISTS (SELECT 1 FROM json_each(x.{}) WHERE value = ?1)", f.name)
                }
                _ => continue,
            };
            let sql = format!(
                "SELECT x.id, {} FROM {} x WHERE {cond} ORDER BY 2 COLLATE {} LIMIT 200",
                title_sql(other, lang),
                other.table,
                crate::text::sql_collation(lang)
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt.query_map([&id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
            for row in rows {
                let (rid, label) = row?;
                out.push(Link {
                    register: other.name,
                    register_label: msgs.get(&format!("register-{}", other.name)),
                    field_label: msgs.get(&other.label_id(f.name)),
                    id: rid,
                    label: label.unwrap_or_default(),
                    outgoing: false,
                });
            }
        }
    }
    Ok(out)
}

/// Whether a record of this register with this id was deleted (its tombstone remains).
pub fn is_tombstoned(conn: &Connection, def: &RegisterDef, id: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM tombstones WHERE register = ?1 AND record_id = ?2")?
        .query_row(params![def.name, id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Deletes a record that nothing refers to, leaving a tombstone for departmental returns.
pub fn delete(conn: &Connection, def: &RegisterDef, actor: &Actor, id: Uuid, revision: i64) -> Result<()> {
    delete_with(conn, def, actor, id, revision, Hooks::Run)
}

/// [`delete`], choosing whether the register's hook runs.
pub fn delete_with(
    conn: &Connection,
    def: &RegisterDef,
    actor: &Actor,
    id: Uuid,
    revision: i64,
    hooks: Hooks,
) -> Result<()> {
    let before = get(conn, def, id)?;
    if !def.deletable {
        return Err(Error::bad_input("err-never-deleted"));
    }
    if before.revision != revision {
        return Err(Error::Conflict { current: before.revision });
    }
    if let Some((register, label)) = referenced_by(conn, def, id)? {
        return Err(Error::InUse { register, label });
    }
    unindex(conn, def, &id.to_string())?;
    conn.execute(&format!("DELETE FROM {} WHERE id = ?1", def.table), [id.to_string()])?;
    conn.execute(
        "INSERT OR REPLACE INTO tombstones (register, record_id, revision, deleted_at, changed_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![def.name, id.to_string(), revision + 1, actor.stamp(), actor.installation],
    )?;
    let mut gone = before.clone();
    gone.revision = revision + 1;
    audit_change(conn, actor, def, &gone, audit::Action::Delete, &changes(def, Some(&before.fields), None))?;
    if let Some(hook) = def.after_write.filter(|_| hooks == Hooks::Run) {
        hook(conn, actor, &before.fields)?;
    }
    Ok(())
}

/// How many records of a register are past their review (or due) date on `today`, and how
/// many fall due within 30 days, counting only the records that still count.
pub fn review_counts(conn: &Connection, def: &RegisterDef, today: NaiveDate) -> Result<Option<(i64, i64)>> {
    let Some(review) = def.review_field else { return Ok(None) };
    let active = def.review.active_sql().map(|a| format!(" AND ({a})")).unwrap_or_default();
    let overdue = if def.review.missing_is_overdue {
        format!("(t.{review} IS NULL OR t.{review} < ?1)")
    } else {
        format!("t.{review} < ?1")
    };
    let sql = format!(
        "SELECT count(*) FILTER (WHERE {overdue}), count(*) FILTER (WHERE t.{review} >= ?1 AND t.{review} <= ?2) FROM {} t WHERE 1 = 1{active}",
        def.table
    );
    let soon = today + chrono::Days::new(30);
    Ok(Some(conn.query_row(&sql, params![today.to_string(), soon.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?))
}

/// The reference for a record saved without one: the one it already has when it is being
/// changed (a blanked or omitted reference never renumbers a record), otherwise the next in
/// the series.
pub fn reference_for(ctx: &crate::register::Context, table: &str, prefix: &str) -> String {
    if let Some(id) = ctx.record {
        let existing: Option<String> = ctx
            .conn
            .query_row(&format!("SELECT reference FROM {table} WHERE id = ?1"), [id.to_string()], |r| r.get(0))
            .optional()
            .ok()
            .flatten();
        if let Some(r) = existing.filter(|r| !r.is_empty()) {
            return r;
        }
    }
    next_reference(ctx.conn, table, &departmental(ctx.conn, prefix))
}

/// On a department's laptop a series carries the department's code after its kind
/// (`FOI-HC-2026-0001`), so laptops numbering offline never give two records one reference when
/// their returns meet at the hub. The hub and a council's single copy keep the plain series.
fn departmental(conn: &Connection, prefix: &str) -> String {
    let code: Option<String> = conn
        .prepare_cached(
            "SELECT d.code FROM installation i JOIN sync_keys k ON k.hub_secret IS NULL
             JOIN people p ON p.id = i.user_person_id JOIN departments d ON d.id = p.department_id",
        )
        .and_then(|mut s| s.query_row([], |r| r.get(0)).optional())
        .ok()
        .flatten();
    let code: String =
        code.unwrap_or_default().chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_uppercase();
    match prefix.split_once('-') {
        Some((kind, rest)) if !code.is_empty() => format!("{kind}-{code}-{rest}"),
        _ => prefix.to_string(),
    }
}

/// The next reference in a series such as `FOI-2026-0042`: one more than the highest number
/// after `prefix` in `table.reference`.
pub fn next_reference(conn: &Connection, table: &str, prefix: &str) -> String {
    let next: i64 = conn
        .query_row(
            &format!(
                "SELECT coalesce(max(CAST(substr(reference, length(?1) + 1) AS INTEGER)), 0) + 1 FROM {table} WHERE reference LIKE ?1 || '%'"
            ),
            [prefix],
            |r| r.get(0),
        )
        .unwrap_or(1);
    format!("{prefix}{next:04}")
}

/// What a record is called: its title field, in Welsh its Welsh twin where it has one.
pub fn title_of(
    def: &RegisterDef,
    rec: &Record,
    lang: crate::i18n::Lang,
    wording: &crate::reference::Wording,
) -> String {
    if let (crate::i18n::Lang::Cy, Some(cy)) = (lang, def.title_field_cy) {
        let v = rec.get(cy).to_plain();
        if !v.trim().is_empty() {
            return v;
        }
    }
    def.field(def.title_field).map(|f| display_value(rec, f, lang, wording)).unwrap_or_default()
}

/// A field's value as it should appear to people, choices worded as `wording` says.
pub fn display_value(
    rec: &Record,
    f: &FieldDef,
    lang: crate::i18n::Lang,
    wording: &crate::reference::Wording,
) -> String {
    let v = rec.get(f.name);
    match f.kind {
        FieldKind::Ref(_) | FieldKind::RefMany(_) => rec.labels.get(f.name).cloned().unwrap_or_default(),
        FieldKind::Choice(l) => v.as_str().map(|s| wording.label(l, s, lang)).unwrap_or_default(),
        FieldKind::MultiChoice(l) => {
            v.as_list().iter().map(|s| wording.label(l, s, lang)).collect::<Vec<_>>().join("; ")
        }
        FieldKind::YesNo => crate::i18n::Messages::for_lang(lang).get(if v.as_bool() { "ui-yes" } else { "ui-no" }),
        FieldKind::Instant => v
            .as_str()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .map(|t| crate::time::london_display(t.with_timezone(&Utc)))
            .unwrap_or_default(),
        _ => v.to_plain(),
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Owned(SqlValue::Null),
            Value::Bool(b) => ToSqlOutput::Owned(SqlValue::Integer(*b as i64)),
            Value::Int(n) => ToSqlOutput::Owned(SqlValue::Integer(*n)),
            Value::Text(s) => ToSqlOutput::Borrowed(rusqlite::types::ValueRef::Text(s.as_bytes())),
            Value::List(v) => ToSqlOutput::Owned(SqlValue::Text(serde_json::to_string(v).expect("list"))),
        })
    }
}
