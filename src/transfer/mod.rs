//! Registers in and out of spreadsheets: CSV and Excel (.xlsx) for every register, driven by
//! its description, so a new register gets both for nothing.
//!
//! **Export.** A header row of field names (`id`, `revision`, then every field in the
//! register's order) and a row per record. A reference holds the record it names by that
//! record's name when the name picks it out alone (a department's name, a person's name),
//! else by its unique number (a staff number), else by its id: the file reads well in Excel
//! and still comes back to the same records. Choices hold their stable codes
//! (`official-sensitive`), lists are joined with "; ". In Excel, dates are real dates and a
//! second sheet explains every column in the user's language. A CSV starts with a byte-order
//! mark (so Excel shows ŵ and ŷ) and guards cells Excel would run as formulas.
//!
//! **Import.** Columns are matched to fields by field name or by either language's label,
//! or as the user maps them. Every row is checked by the same rules as the window's form
//! (references by name, number, e-mail or id; choices by code or either label; UK or ISO
//! dates), inside one transaction. Rows with an id, or matching an existing record by the
//! register's import key, update that record, keeping the fields the file has no column for;
//! the rest are added. Nothing is written unless every row is good and the caller applies:
//! otherwise the report lists each rejected row by line and column and the transaction is
//! rolled back. Re-importing an unchanged export changes nothing.

use std::collections::HashMap;

use rusqlite::Connection;

use crate::error::Result;

use crate::i18n::Lang;

use crate::register::store::{self};

use crate::register::{FieldDef, FieldKind, RegisterDef, Value};

mod formats;
mod import;
mod naming;
pub(crate) use self::naming::*;
pub use self::{formats::*, import::*};

fn cell(f: &FieldDef, v: &Value, names: &HashMap<&'static str, Names>) -> Cell {
    let named = |r: &str, id: &String| names.get(r).and_then(|n| n.cell.get(id)).cloned().unwrap_or_else(|| id.clone());
    match (f.kind, v) {
        (_, Value::Null) => Cell::Empty,
        (FieldKind::Ref(r), Value::Text(id)) => Cell::Text(named(r, id)),
        (FieldKind::RefMany(r), Value::List(ids)) => {
            Cell::Text(ids.iter().map(|id| named(r, id)).collect::<Vec<_>>().join("; "))
        }
        (FieldKind::Number { .. }, Value::Int(n)) => Cell::Number(*n),
        (FieldKind::Date, v) => v.as_date().map(Cell::Date).unwrap_or_else(|| Cell::Text(v.to_plain())),
        (_, v) => Cell::Text(v.to_plain()),
    }
}

/// Writes every record of a register as CSV or Excel. Returns the file's bytes and how many
/// records it holds.
pub fn export(
    conn: &Connection,
    def: &RegisterDef,
    format: Format,
    lang: Lang,
    progress: &mut dyn FnMut(u8),
) -> Result<(Vec<u8>, usize)> {
    let records = store::all(conn, def)?;
    let names = names_for(conn, def)?;
    let mut header = vec!["id", "revision"];
    header.extend(def.fields.iter().map(|f| f.name));
    let total = records.len().max(1);
    let mut rows = Vec::with_capacity(records.len());
    for (i, rec) in records.iter().enumerate() {
        let mut row = vec![Cell::Text(rec.id.to_string()), Cell::Number(rec.revision)];
        row.extend(def.fields.iter().map(|f| cell(f, rec.get(f.name), &names)));
        rows.push(row);
        if i % 500 == 0 {
            progress((i * 80 / total) as u8);
        }
    }
    let bytes = match format {
        Format::Csv => write_csv(&header, &rows)?,
        Format::Xlsx => write_xlsx(def, &header, &rows, lang)?,
    };
    progress(100);
    Ok((bytes, records.len()))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    use super::*;

    #[test]
    fn formula_guards_round_trip() {
        for s in ["=SUM(A1)", "+44 1978", "-3", "@home", "'=x", "''=y", "plain", "'quoted'", ""] {
            let guarded = guard_formula(s);
            assert!(!guarded.starts_with(FORMULA_START), "{s} → {guarded}");
            assert_eq!(unguard_formula(&guarded), s);
        }
    }

    #[test]
    fn columns_match_by_name_or_either_label_or_as_mapped() {
        let def = &crate::registers::people::DEF;
        let headers: Vec<String> =
            ["Staff number", "ENW", "job_title", "Payroll ref", "email"].map(String::from).to_vec();
        let mut mapping = BTreeMap::new();
        mapping.insert("Payroll ref".to_string(), String::new());
        mapping.insert("email".to_string(), "email".to_string());
        let m: Vec<Option<String>> = match_columns(def, &headers, &mapping).into_iter().map(|c| c.field).collect();
        assert_eq!(
            m,
            [Some("staff_number".into()), Some("name".into()), Some("job_title".into()), None, Some("email".into())]
        );
    }

    #[test]
    fn a_file_name_says_its_format() {
        assert_eq!(Format::from_path(Path::new("a/B.XLSX")).unwrap(), Format::Xlsx);
        assert_eq!(Format::from_path(Path::new("b.csv")).unwrap(), Format::Csv);
        assert!(Format::from_path(Path::new("c.xls")).is_err());
    }
}
