//! The two file formats, read and written: CSV (a byte-order mark, cells Excel would run as
//! formulas guarded) and Excel .xlsx (real dates, a second sheet explaining the columns), with
//! the limits a file must keep to before any of it is read.

use crate::error::{Error, Result};
use crate::i18n::{Lang, Messages};
use crate::reference::{self, Wording};
use crate::register::{FieldKind, RegisterDef};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;

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
pub(super) const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell, behind any quotes, starts like a formula. Such cells get one more leading
/// quote on the way out and lose one on the way in (Excel's own convention), so text comes
/// back exactly as it was.
pub(super) fn formula_like(s: &str) -> bool {
    s.trim_start_matches('\'').starts_with(FORMULA_START)
}

pub(super) fn guard_formula(s: &str) -> String {
    if formula_like(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

pub(super) fn unguard_formula(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if formula_like(rest) => rest,
        _ => s,
    }
}

pub(super) enum Cell {
    Empty,
    Text(String),
    Number(i64),
    Date(NaiveDate),
}

pub(super) fn write_csv(header: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>> {
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

pub(super) fn csv_err(e: csv::Error) -> Error {
    Error::bad_input_with("err-csv", &[("detail", &e.to_string())])
}

pub(super) fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::bad_input_with("err-xlsx", &[("detail", &e.to_string())])
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub(super) fn sheet_name(s: &str) -> String {
    s.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

pub(super) fn write_xlsx(def: &RegisterDef, header: &[&str], rows: &[Vec<Cell>], lang: Lang) -> Result<Vec<u8>> {
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

pub(super) fn too_many_rows() -> Error {
    Error::bad_input_with("err-transfer-too-many-rows", &[("max", &limits::ROWS.to_string())])
}

pub(super) fn too_many_columns(line: usize) -> Error {
    Error::bad_input_with(
        "err-transfer-too-many-columns",
        &[("max", &limits::COLUMNS.to_string()), ("line", &line.to_string())],
    )
}

pub(super) fn too_many_cells() -> Error {
    Error::bad_input_with("err-transfer-too-many-cells", &[("max", &limits::CELLS.to_string())])
}

pub(super) fn cell_too_long(line: usize, column: usize) -> Error {
    Error::bad_input_with(
        "err-transfer-cell-too-long",
        &[("line", &line.to_string()), ("column", &column.to_string()), ("max", &limits::CELL_CHARS.to_string())],
    )
}

pub(super) fn check_cell(cell: &str, line: usize, column: usize) -> Result<()> {
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

pub(super) fn read_csv(bytes: &[u8]) -> Result<Sheet> {
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
pub(super) fn unclosed_quote(text: &str) -> Option<usize> {
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
pub(super) fn check_unpacked(bytes: &[u8]) -> Result<()> {
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

pub(super) fn read_xlsx(bytes: &[u8]) -> Result<Sheet> {
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
