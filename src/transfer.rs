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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{Error, FieldError, Result};
use crate::i18n::{Args, Lang, Messages};
use crate::reference::{self, Wording};
use crate::register::store::{self, Actor};
use crate::register::{FieldDef, FieldKind, Fields, Record, RegisterDef, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// The format a file name asks for: `.csv` or `.xlsx`.
    /// The file ending, as the audit trail records it.
    pub fn code(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn from_path(p: &Path) -> Result<Format> {
        match p.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => Ok(Format::Csv),
            Some("xlsx") => Ok(Format::Xlsx),
            _ => Err(Error::bad_input_with("err-transfer-format", &[("path", &p.display().to_string())])),
        }
    }
}

/// Characters that make Excel read a CSV cell as a formula (OWASP "CSV injection").
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell, behind any quotes, starts like a formula. Such cells get one more leading
/// quote on the way out and lose one on the way in (Excel's own convention), so text comes
/// back exactly as it was.
fn formula_like(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(FORMULA_START)
}

fn guard_formula(s: &str) -> String {
    if formula_like(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn unguard_formula(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => s,
    }
}

fn key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// How the records of one register are named in a spreadsheet, both ways.
pub(crate) struct Names {
    /// id → what an export writes for it.
    cell: HashMap<String, String>,
    /// A name, number or e-mail (lower case) → the ids it could mean.
    ids: HashMap<String, Vec<String>>,
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
fn names_for(conn: &Connection, def: &RegisterDef) -> Result<HashMap<&'static str, Names>> {
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

enum Cell {
    Empty,
    Text(String),
    Number(i64),
    Date(NaiveDate),
}

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

fn write_csv(header: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header).map_err(csv_err)?;
        for row in rows {
            let line: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Empty => String::new(),
                    Cell::Text(s) => guard_formula(s),
                    Cell::Number(n) => n.to_string(),
                    Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
                })
                .collect();
            w.write_record(&line).map_err(csv_err)?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn csv_err(e: csv::Error) -> Error {
    Error::bad_input_with("err-csv", &[("detail", &e.to_string())])
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::bad_input_with("err-xlsx", &[("detail", &e.to_string())])
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(s: &str) -> String {
    s.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

fn write_xlsx(def: &RegisterDef, header: &[&str], rows: &[Vec<Cell>], lang: Lang) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format as XFormat, Workbook};
    let msgs = Messages::for_lang(lang);
    let mut book = Workbook::new();
    let bold = XFormat::new().set_bold();
    let date = XFormat::new().set_num_format("dd/mm/yyyy");
    let wrap = XFormat::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&msgs.get(&format!("register-{}", def.name)))).map_err(xlsx_err)?;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(xlsx_err)?;
        sheet.set_column_width(c as u16, if c == 0 { 38 } else { 18 }).map_err(xlsx_err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Cell::Empty => {}
                Cell::Text(s) => {
                    sheet.write_string(r, c, s).map_err(xlsx_err)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n as f64).map_err(xlsx_err)?;
                }
                Cell::Date(d) => {
                    sheet.write_date_with_format(r, c, *d, &date).map_err(xlsx_err)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    sheet.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1).map_err(xlsx_err)?;

    // The second sheet says what each column holds, in the user's language.
    let about = book.add_worksheet();
    about.set_name(sheet_name(&msgs.get("transfer-about-sheet"))).map_err(xlsx_err)?;
    let heads = ["transfer-about-column", "transfer-about-label", "transfer-about-required", "transfer-about-values"];
    for (c, id) in heads.iter().enumerate() {
        about.write_string_with_format(0, c as u16, msgs.get(id), &bold).map_err(xlsx_err)?;
    }
    for (c, w) in [22.0, 34.0, 12.0, 70.0].iter().enumerate() {
        about.set_column_width(c as u16, *w).map_err(xlsx_err)?;
    }
    let wording = Wording::shipped();
    for (r, (name, label, required, values)) in (1u32..).zip(
        [
            ("id".to_string(), msgs.get("transfer-about-id"), false, String::new()),
            ("revision".to_string(), msgs.get("transfer-about-revision"), false, String::new()),
        ]
        .into_iter()
        .chain(def.fields.iter().map(|f| {
            let values = match f.kind {
                FieldKind::Choice(l) | FieldKind::MultiChoice(l) => reference::list(l)
                    .iter()
                    .map(|c| format!("{} = {}", c.value, wording.label(l, &c.value, lang)))
                    .collect::<Vec<_>>()
                    .join("\n"),
                FieldKind::Date => msgs.get("transfer-about-date"),
                FieldKind::YesNo => msgs.get("transfer-about-yes-no"),
                FieldKind::Ref(r) | FieldKind::RefMany(r) => {
                    msgs.fmt("transfer-about-ref", &vec![("register".into(), msgs.get(&format!("register-{r}")))])
                }
                FieldKind::Number { min, max } => format!("{min}–{max}"),
                _ if f.computed => msgs.get("transfer-about-computed"),
                _ => String::new(),
            };
            (f.name.to_string(), msgs.get(&def.label_id(f.name)), f.required, values)
        })),
    ) {
        about.write_string(r, 0, &name).map_err(xlsx_err)?;
        about.write_string(r, 1, &label).map_err(xlsx_err)?;
        about.write_string(r, 2, msgs.get(if required { "ui-yes" } else { "ui-no" })).map_err(xlsx_err)?;
        about.write_string_with_format(r, 3, &values, &wrap).map_err(xlsx_err)?;
    }
    book.save_to_buffer().map_err(xlsx_err)
}

/// A plain table (already worded for people) as CSV or a one-sheet workbook: chase lists and
/// other reports people want in Excel.
pub fn write_table(format: Format, sheet: &str, headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    match format {
        Format::Csv => {
            let header: Vec<&str> = headers.iter().map(String::as_str).collect();
            let cells: Vec<Vec<Cell>> =
                rows.iter().map(|r| r.iter().map(|c| Cell::Text(c.clone())).collect()).collect();
            write_csv(&header, &cells)
        }
        Format::Xlsx => {
            use rust_xlsxwriter::{Format as XFormat, Workbook};
            let mut book = Workbook::new();
            let bold = XFormat::new().set_bold();
            let ws = book.add_worksheet();
            ws.set_name(sheet_name(sheet)).map_err(xlsx_err)?;
            for (c, h) in headers.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, h, &bold).map_err(xlsx_err)?;
                ws.set_column_width(c as u16, 22).map_err(xlsx_err)?;
            }
            for (r, row) in (1u32..).zip(rows) {
                for (c, v) in row.iter().enumerate() {
                    ws.write_string(r, c as u16, v).map_err(xlsx_err)?;
                }
            }
            ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
            if !headers.is_empty() {
                ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1).map_err(xlsx_err)?;
            }
            book.save_to_buffer().map_err(xlsx_err)
        }
    }
}

/// A spreadsheet as read: its header and its rows of cells as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// The line (CSV) or row (Excel) number people see in their spreadsheet.
    pub line: usize,
    pub cells: Vec<String>,
}

/// What a spreadsheet may hold. A small file that unpacks to gigabytes (an .xlsx is a zip
/// archive), or a sheet with a cell in its millionth row and last column, would otherwise take
/// the laptop's memory; each is refused before that, naming the limit. Each limit is far above
/// a council's largest real import: an HR roster has thousands of rows, ten years of training
/// completions some hundreds of thousands, a register a few dozen columns.
pub mod limits {
    /// The file as it is on disk.
    pub const FILE_BYTES: u64 = 64 << 20;
    /// Everything an .xlsx archive holds, unpacked.
    pub const UNPACKED_BYTES: u64 = 256 << 20;
    pub const ROWS: usize = 250_000;
    pub const COLUMNS: usize = 100;
    /// Rows × columns as the sheet is read (each row as wide as its last cell).
    pub const CELLS: usize = 5_000_000;
    /// Excel's own limit for one cell.
    pub const CELL_CHARS: usize = 32_767;
}

fn too_many_rows() -> Error {
    Error::bad_input_with("err-transfer-too-many-rows", &[("max", &limits::ROWS.to_string())])
}

fn too_many_columns(line: usize) -> Error {
    Error::bad_input_with(
        "err-transfer-too-many-columns",
        &[("max", &limits::COLUMNS.to_string()), ("line", &line.to_string())],
    )
}

fn too_many_cells() -> Error {
    Error::bad_input_with("err-transfer-too-many-cells", &[("max", &limits::CELLS.to_string())])
}

fn cell_too_long(line: usize, column: usize) -> Error {
    Error::bad_input_with(
        "err-transfer-cell-too-long",
        &[("line", &line.to_string()), ("column", &column.to_string()), ("max", &limits::CELL_CHARS.to_string())],
    )
}

fn check_cell(cell: &str, line: usize, column: usize) -> Result<()> {
    if cell.len() > limits::CELL_CHARS && cell.chars().count() > limits::CELL_CHARS {
        return Err(cell_too_long(line, column));
    }
    Ok(())
}

/// Reads a spreadsheet file a person chose to import (by its name's ending) as [`read`] does,
/// refusing one larger than [`limits::FILE_BYTES`] before reading it, and one with nothing
/// under its header: there is nothing to import (an export of an empty register reads back
/// empty through [`read`]).
pub fn read_file(path: &Path) -> Result<Sheet> {
    let format = Format::from_path(path)?;
    let size = std::fs::metadata(path)?.len();
    if size > limits::FILE_BYTES {
        return Err(Error::bad_input_with(
            "err-transfer-too-large",
            &[("max", &(limits::FILE_BYTES >> 20).to_string())],
        ));
    }
    let sheet = read(&std::fs::read(path)?, format)?;
    if sheet.rows.is_empty() {
        return Err(Error::bad_input("err-transfer-no-rows"));
    }
    Ok(sheet)
}

/// Reads the first sheet of a CSV or Excel file. A file that cannot be read at all is refused
/// whole, as is one beyond [`limits`]; rows are checked later, one by one.
pub fn read(bytes: &[u8], format: Format) -> Result<Sheet> {
    let mut sheet = match format {
        Format::Csv => read_csv(bytes)?,
        Format::Xlsx => read_xlsx(bytes)?,
    };
    if let Some(first) = sheet.headers.first_mut() {
        *first = first.trim_start_matches('\u{feff}').to_string();
    }
    sheet.headers.iter_mut().for_each(|h| *h = h.trim().to_string());
    if sheet.headers.iter().all(String::is_empty) {
        return Err(Error::bad_input("err-transfer-empty"));
    }
    sheet.rows.retain(|r| r.cells.iter().any(|c| !c.trim().is_empty()));
    Ok(sheet)
}

fn read_csv(bytes: &[u8]) -> Result<Sheet> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(Error::bad_input("err-transfer-encoding"));
    };
    // The csv reader takes a quote that is never closed to run to the end of the file, which
    // would fold every later row into one cell; refuse the file and say where it opened.
    if let Some(line) = unclosed_quote(text) {
        return Err(Error::bad_input_with("err-transfer-quote", &[("line", &line.to_string())]));
    }
    let mut r = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes);
    let mut rows = vec![];
    let mut headers = None;
    let mut cells_read = 0usize;
    for rec in r.records() {
        let rec = rec.map_err(|e| Error::bad_input_with("err-transfer-unreadable", &[("detail", &e.to_string())]))?;
        let line = rec.position().map(|p| p.line() as usize).unwrap_or(0);
        if rows.len() >= limits::ROWS {
            return Err(too_many_rows());
        }
        if rec.len() > limits::COLUMNS {
            return Err(too_many_columns(line));
        }
        cells_read += rec.len();
        if cells_read > limits::CELLS {
            return Err(too_many_cells());
        }
        for (i, cell) in rec.iter().enumerate() {
            check_cell(cell, line, i + 1)?;
        }
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        if headers.is_none() {
            headers = Some(cells);
        } else {
            rows.push(SheetRow { line, cells });
        }
    }
    Ok(Sheet { headers: headers.unwrap_or_default(), rows })
}

/// The line on which a quoted cell opens and never closes, if one does.
fn unclosed_quote(text: &str) -> Option<usize> {
    let (mut line, mut open_at, mut quoted) = (1, 0, false);
    for c in text.chars() {
        match c {
            '"' => {
                // A doubled quote inside a quoted cell closes and reopens: the state is kept.
                quoted = !quoted;
                if quoted {
                    open_at = line;
                }
            }
            '\n' => line += 1,
            _ => {}
        }
    }
    quoted.then_some(open_at)
}

/// Refuses an .xlsx archive that unpacks to more than [`limits::UNPACKED_BYTES`], by unpacking
/// it (and counting) rather than trusting the sizes it declares.
fn check_unpacked(bytes: &[u8]) -> Result<()> {
    let unreadable =
        |e: &dyn std::fmt::Display| Error::bad_input_with("err-transfer-unreadable", &[("detail", &e.to_string())]);
    let too_large = || {
        Error::bad_input_with(
            "err-transfer-unpacked-too-large",
            &[("max", &(limits::UNPACKED_BYTES >> 20).to_string())],
        )
    };
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let left = limits::UNPACKED_BYTES - total;
        let read = std::io::copy(&mut std::io::Read::take(entry, left + 1), &mut std::io::sink())
            .map_err(|e| unreadable(&e))?;
        total += read;
        if total > limits::UNPACKED_BYTES {
            return Err(too_large());
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet> {
    use calamine::{Data, Reader};
    let unreadable =
        |e: &dyn std::fmt::Display| Error::bad_input_with("err-transfer-unreadable", &[("detail", &e.to_string())]);
    check_unpacked(bytes)?;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let first = book.sheet_names().first().cloned().ok_or_else(|| Error::bad_input("err-transfer-empty"))?;
    let text = |d: &Data| -> String {
        match d {
            Data::Empty => String::new(),
            Data::String(s) => s.clone(),
            Data::Int(n) => n.to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Data::DateTime(dt) => match dt.as_datetime() {
                Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().format("%Y-%m-%d").to_string(),
                Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
                None => dt.to_string(),
            },
            Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            // An error cell (#N/A, #REF!) is shown as Excel shows it, so the row is refused
            // with that value rather than read as blank.
            Data::Error(e) => format!("#{e:?}"),
        }
    };
    // Cell by cell, as the sheet holds them: never a grid as large as the sheet claims to be.
    let mut cells = book.worksheet_cells_reader(&first).map_err(|e| unreadable(&e))?;
    let mut grid: std::collections::BTreeMap<u32, Vec<String>> = std::collections::BTreeMap::new();
    let mut width_total = 0usize;
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let (row, col) = cell.get_position();
        let value = text(&Data::from(cell.get_value().clone()));
        if value.is_empty() {
            continue;
        }
        let (line, column) = (row as usize + 1, col as usize + 1);
        if column > limits::COLUMNS {
            return Err(too_many_columns(line));
        }
        if line > limits::ROWS + 1 {
            return Err(too_many_rows());
        }
        check_cell(&value, line, column)?;
        let cells = grid.entry(row).or_default();
        if cells.len() < column {
            width_total += column - cells.len();
            if width_total > limits::CELLS {
                return Err(too_many_cells());
            }
            cells.resize(column, String::new());
        }
        cells[col as usize] = value;
    }
    // Every row as wide as the widest, as the sheet's grid is.
    let width = grid.values().map(Vec::len).max().unwrap_or(0);
    if grid.len().saturating_mul(width) > limits::CELLS {
        return Err(too_many_cells());
    }
    for cells in grid.values_mut() {
        cells.resize(width, String::new());
    }
    // The first row with anything in it holds the column names, as Excel users lay them out.
    let mut rows = grid.into_iter();
    let headers = rows.next().map(|(_, cells)| cells).unwrap_or_default();
    let rows = rows.map(|(row, cells)| SheetRow { line: row as usize + 1, cells }).collect();
    Ok(Sheet { headers, rows })
}

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

    fn put_into_words(&mut self, msgs: &Messages) {
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

const MAX_LISTED: usize = 500;

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

    let wording = crate::settings::load(conn)?.wording();
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

enum RowFailure {
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
fn input_value(
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

fn same(def: &RegisterDef, a: &Fields, b: &Fields) -> bool {
    def.fields.iter().all(|f| {
        let (x, y) = (a.get(f.name).unwrap_or(&Value::Null), b.get(f.name).unwrap_or(&Value::Null));
        x == y || (x.is_empty() && y.is_empty())
    })
}

#[allow(clippy::too_many_arguments)]
fn import_row(
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
fn find_by_key(
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

#[cfg(test)]
mod tests {
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
