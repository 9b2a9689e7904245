//! How a reference is written in a file and read back: by the record's name when that picks it
//! out alone, else by its unique number, else by its id.

use crate::error::{FieldError, Result};
use crate::register::{FieldKind, RegisterDef};
use rusqlite::Connection;
use std::collections::HashMap;
use uuid::Uuid;

pub(super) fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// How the records of one register are named in a spreadsheet, both ways.
pub(crate) struct Names {
    /// id → what an export writes for it.
    pub(super) cell: HashMap<String, String>,
    /// A name, number or e-mail (lower case) → the ids it could mean.
    pub(super) ids: HashMap<String, Vec<String>>,
}

impl Names {
    pub(crate) fn load(conn: &Connection, def: &RegisterDef) -> Result<Names> {
        let mut cols = vec![def.title_field];
        cols.extend(def.title_field_cy);
        let numbers: Vec<&str> = def
            .fields
            .iter()
            .filter(|f| (f.unique && matches!(f.kind, FieldKind::Text)) || f.kind == FieldKind::Email)
            .map(|f| f.name)
            .filter(|n| !cols.contains(n))
            .collect();
        cols.extend(&numbers);
        let sql = format!("SELECT id, {} FROM {}", cols.join(", "), def.table);
        let mut stmt = conn.prepare(&sql)?;
        let rows: Vec<(String, Vec<Option<String>>)> = stmt
            .query_map([], |r| {
                let vals =
                    (1..=cols.len()).map(|i| r.get::<_, Option<String>>(i)).collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((r.get(0)?, vals))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut ids: HashMap<String, Vec<String>> = HashMap::new();
        for (id, vals) in &rows {
            for v in vals.iter().flatten().filter(|v| !v.trim().is_empty()) {
                let e = ids.entry(key(v)).or_default();
                if !e.contains(id) {
                    e.push(id.clone());
                }
            }
        }
        let alone = |v: &Option<String>| {
            v.as_ref()
                .filter(|v| !v.trim().is_empty() && !v.contains(';') && ids.get(&key(v)).is_some_and(|i| i.len() == 1))
                .cloned()
        };
        let title_cols = 1 + usize::from(def.title_field_cy.is_some());
        let cell = rows
            .iter()
            .map(|(id, vals)| {
                let by_name = alone(&vals[0]);
                let by_number = || vals[title_cols..].iter().find_map(alone);
                (id.clone(), by_name.or_else(by_number).unwrap_or_else(|| id.clone()))
            })
            .collect();
        Ok(Names { cell, ids })
    }

    /// The id a cell means: an id, or a name, number or e-mail that picks out one record.
    pub(crate) fn resolve(&self, field: &str, text: &str) -> std::result::Result<String, FieldError> {
        if let Ok(u) = Uuid::parse_str(text.trim()) {
            if self.cell.contains_key(&u.to_string()) {
                return Ok(u.to_string());
            }
        }
        match self.ids.get(&key(text)).map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            Some(_) => Err(FieldError::new(field, "err-transfer-ambiguous-ref").with("value", text.trim())),
            None => Err(FieldError::new(field, "err-transfer-unknown-ref").with("value", text.trim())),
        }
    }
}

/// The registers a register's fields refer to, each named once.
pub(super) fn names_for(conn: &Connection, def: &RegisterDef) -> Result<HashMap<&'static str, Names>> {
    let mut out = HashMap::new();
    for f in def.fields {
        if let FieldKind::Ref(r) | FieldKind::RefMany(r) = f.kind {
            if !out.contains_key(r) {
                let target = crate::registers::by_name(r).expect("references name real registers");
                out.insert(r, Names::load(conn, target)?);
            }
        }
    }
    Ok(out)
}
