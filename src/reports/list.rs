//! A register as a printed list: every record (or those a search and filters pick out, as in
//! the window) in a table of the register's main columns on landscape A4, optionally followed
//! by each record in full, field by field, for an auditor or a file. Protective marking, the
//! council, the date and time produced and "Page N of M" on every page, in English or Welsh.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use uuid::Uuid;

use super::Marking;
use crate::error::Result;
use crate::i18n::{Lang, Messages};
use crate::pdf::{self, Cell, Column, Doc};
use crate::reference::Wording;
use crate::register::store::{self, ListQuery};
use crate::register::{FieldDef, FieldKind, Record, RegisterDef};

#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ListOptions {
    pub lang: Lang,
    pub marking: Option<Marking>,
    /// Each record in full after the table.
    pub details: bool,
    pub search: Option<String>,
    pub filters: BTreeMap<String, String>,
    pub sort: Option<String>,
    pub descending: bool,
}

/// How much of the table's width a column of this kind gets.
fn weight(f: &FieldDef) -> f32 {
    match f.kind {
        FieldKind::LongText => 3.0,
        FieldKind::Text | FieldKind::Email | FieldKind::Ref(_) | FieldKind::RefMany(_) | FieldKind::MultiChoice(_) => {
            2.0
        }
        FieldKind::Choice(_) => 1.8,
        FieldKind::Date | FieldKind::Instant => 1.1,
        FieldKind::Number { .. } | FieldKind::YesNo => 0.8,
    }
}

const PAGE: usize = 1000;

/// Filters on a reference given by name (as on the command line, "department_id=Housing")
/// turned into the record's id, the way a spreadsheet's cells are; a name that picks out no
/// single record is refused.
fn resolve_filters(
    conn: &Connection,
    def: &RegisterDef,
    filters: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (name, value) in filters {
        let value = match def.field(name).map(|f| f.kind) {
            Some(FieldKind::Ref(r) | FieldKind::RefMany(r)) => {
                let target = crate::registers::by_name(r).expect("references name registers");
                crate::transfer::Names::load(conn, target)?
                    .resolve(name, value)
                    .map_err(|e| crate::error::Error::bad_input_with(&e.message_id, &[("value", value.trim())]))?
            }
            _ => value.clone(),
        };
        out.insert(name.clone(), value);
    }
    Ok(out)
}

/// The records the options pick out, in their order, with labels in the options' language.
fn records(conn: &Connection, def: &RegisterDef, opts: &ListOptions, now: DateTime<Utc>) -> Result<Vec<Record>> {
    let mut out = vec![];
    loop {
        let q = ListQuery {
            search: opts.search.clone(),
            filters: opts.filters.clone(),
            sort: opts.sort.clone(),
            descending: opts.descending,
            offset: out.len(),
            limit: Some(PAGE),
            lang: opts.lang,
            plain: true,
        };
        // At `now`, as the window lists them: a breach is overdue from the minute its deadline passes.
        let page = store::list_at(conn, def, &q, now)?;
        let n = page.rows.len();
        out.extend(page.rows);
        if n < PAGE || out.len() >= page.total {
            return Ok(out);
        }
    }
}

/// "Department: Housing; review overdue; words “tenancy”": what the list is limited to.
fn limits(conn: &Connection, def: &RegisterDef, opts: &ListOptions, wording: &Wording, m: &Messages) -> Vec<String> {
    let mut out = vec![];
    for (name, value) in &opts.filters {
        if name == "due" {
            out.push(m.get(if value == "overdue" { "list-due-overdue" } else { "list-due-soon" }));
            continue;
        }
        if name == "view" {
            match value.as_str() {
                "mine" => {
                    let person: String = conn
                        .query_row(
                            "SELECT p.name FROM installation i JOIN people p ON p.id = i.user_person_id",
                            [],
                            |r| r.get(0),
                        )
                        .unwrap_or_default();
                    out.push(m.fmt("list-view-mine", &vec![("person".into(), person)]));
                }
                "open" => out.push(m.get(&format!("list-view-{}", crate::registers::views::spec(def).open_word(def)))),
                "overdue" | "soon" => out.push(m.get(&format!("list-view-{value}"))),
                _ => {}
            }
            continue;
        }
        let Some(f) = def.field(name) else { continue };
        let shown = match f.kind {
            FieldKind::Choice(l) | FieldKind::MultiChoice(l) => wording.label(l, value, opts.lang),
            FieldKind::YesNo => m.get(if matches!(value.as_str(), "yes" | "true" | "1") { "ui-yes" } else { "ui-no" }),
            FieldKind::Ref(r) | FieldKind::RefMany(r) => crate::registers::by_name(r)
                .zip(Uuid::parse_str(value).ok())
                .and_then(|(t, id)| store::get_in(conn, t, id, opts.lang).ok().map(|rec| (t, rec)))
                .map(|(t, rec)| store::title_of(t, &rec, opts.lang, wording))
                .unwrap_or_else(|| value.clone()),
            _ => value.clone(),
        };
        out.push(format!("{}: {shown}", m.get(&def.label_id(name))));
    }
    if let Some(s) = opts.search.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        out.push(m.fmt("list-search", &vec![("text".into(), s.to_string())]));
    }
    out
}

/// The list as a PDF, and how many records it holds.
#[allow(clippy::too_many_arguments)]
pub fn render(
    conn: &Connection,
    def: &RegisterDef,
    opts: &ListOptions,
    council: &str,
    wording: &Wording,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u8),
) -> Result<(Vec<u8>, usize)> {
    let lang = opts.lang;
    let m = Messages::for_lang(lang);
    progress(0);
    let opts = &ListOptions { filters: resolve_filters(conn, def, &opts.filters)?, ..opts.clone() };
    let rows = records(conn, def, opts, now)?;
    progress(20);
    let register = m.get(&format!("register-{}", def.name));
    let title = m.fmt("list-title", &vec![("register".into(), register.clone())]);
    let marking = m.get(opts.marking.unwrap_or(Marking::Official).message_id());
    let mut doc = Doc::landscape(&title).without_cover();

    doc.heading(1, &register);
    let count = rows.len().to_string();
    let when = crate::time::london_display(now);
    doc.body(&m.fmt(
        "list-produced",
        &vec![("council".into(), council.to_string()), ("count".into(), count), ("when".into(), when)],
    ));
    let limited = limits(conn, def, opts, wording, m);
    doc.note(&if limited.is_empty() {
        m.get("list-everything")
    } else {
        m.fmt("list-limited", &vec![("what".into(), limited.join("; "))])
    });

    // The table: the register's title field first, then the columns the window shows.
    let title_field = def.field(def.title_field).expect("a register's title is one of its fields");
    let mut cols: Vec<&FieldDef> = vec![title_field];
    cols.extend(def.fields.iter().filter(|f| f.in_table && f.name != def.title_field));
    let columns: Vec<Column> = cols
        .iter()
        .map(|f| {
            let header = m.get(&def.label_id(f.name));
            if matches!(f.kind, FieldKind::Number { .. }) {
                Column::right(header, weight(f))
            } else {
                Column::left(header, weight(f))
            }
        })
        .collect();
    if rows.is_empty() {
        doc.note(&m.get("list-none"));
    } else {
        let cells: Vec<Vec<Cell>> = rows
            .iter()
            .map(|rec| cols.iter().map(|f| Cell::new(shown(rec, f, def, lang, wording))).collect())
            .collect();
        doc.table(&columns, &cells);
    }
    progress(50);

    if opts.details && !rows.is_empty() {
        doc.heading(1, &m.get("list-details"));
        let columns = [Column::left(m.get("list-field"), 1.0), Column::left(m.get("list-value"), 3.0)];
        for (i, rec) in rows.iter().enumerate() {
            doc.heading(3, &shown(rec, title_field, def, lang, wording));
            let cells: Vec<Vec<Cell>> = def
                .fields
                .iter()
                .filter_map(|f| {
                    let v = shown(rec, f, def, lang, wording);
                    (!v.is_empty()).then(|| vec![Cell::bold(m.get(&def.label_id(f.name))), Cell::new(v)])
                })
                .collect();
            doc.table(&columns, &cells);
            if i % 50 == 0 {
                progress((50 + i * 45 / rows.len()) as u8);
            }
        }
    }
    let page_of = |n: usize, total: usize| {
        m.fmt("pack-page-of", &vec![("n".to_string(), n.to_string()), ("total".to_string(), total.to_string())])
    };
    let bytes = doc.finish(&pdf::Finish {
        marking: &marking,
        title: &title,
        page_of: &page_of,
        contents: None,
        created: now,
        author: council,
        subject: &register,
    });
    progress(100);
    Ok((bytes, rows.len()))
}

/// A field as printed: the window's wording, and in Welsh a field's Welsh twin where it has one
/// filled in (a title, an asset's business function), as the window shows it.
fn shown(rec: &Record, f: &FieldDef, def: &RegisterDef, lang: Lang, wording: &Wording) -> String {
    if f.name == def.title_field {
        return store::title_of(def, rec, lang, wording);
    }
    if lang == Lang::Cy {
        let twin = format!("{}_cy", f.name);
        if def.field(&twin).is_some_and(|t| !t.in_table) {
            if let Some(cy) = rec.get(&twin).as_str().filter(|s| !s.trim().is_empty()) {
                return cy.to_string();
            }
        }
    }
    store::display_value(rec, f, lang, wording)
}
