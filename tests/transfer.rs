//! Registers in and out of CSV and Excel: every register round-trips unchanged in both formats,
//! a whole council moves to a new database through spreadsheets, an HR roster re-import updates
//! by staff number and marks leavers, and bad files are refused row by row with nothing written.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{TimeZone, Utc};
use cofrestr::demo::{self, Scale};
use cofrestr::i18n::Lang;
use cofrestr::session::NewDatabase;
use cofrestr::transfer::{self, Format, ImportOptions, RowChange};
use cofrestr::Session;

const PASS: &str = "heather harbour lantern 42";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

fn new_db(dir: &std::path::Path, name: &str, department: &str) -> Session {
    // Each database's first-run user has a name of their own, as two people would.
    let user = format!("Zed Tester of {name}");
    Session::create(
        &dir.join(name),
        PASS,
        PASS,
        &NewDatabase {
            council: "Wrexham County Borough Council".into(),
            user_name: user,
            department: department.into(),
        },
        now(),
    )
    .unwrap()
}

fn demo_db(dir: &std::path::Path) -> Session {
    let mut s = new_db(dir, "a.db", "Corporate and Customer Services");
    demo::fill(&mut s, Scale::Small, 3, now()).unwrap();
    s
}

fn sheet_of(s: &Session, register: &str, format: Format) -> transfer::Sheet {
    let (bytes, _) = s.export(register, format, Lang::En, &mut |_| {}).unwrap();
    transfer::read(&bytes, format).unwrap()
}

fn csv_sheet(text: &str) -> transfer::Sheet {
    transfer::read(text.as_bytes(), Format::Csv).unwrap()
}

fn import(
    s: &mut Session,
    register: &str,
    sheet: &transfer::Sheet,
    opts: &ImportOptions,
    apply: bool,
) -> transfer::ImportReport {
    s.import(register, sheet, opts, apply, now(), Lang::En, &mut |_| {}).unwrap()
}

#[test]
fn every_register_comes_back_from_its_own_export_unchanged_in_both_formats() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_db(dir.path());
    let audit_before = s.verify_audit().unwrap().entries;
    for def in cofrestr::registers::all() {
        let count = s.all(def.name).unwrap().len();
        for format in [Format::Csv, Format::Xlsx] {
            let sheet = sheet_of(&s, def.name, format);
            assert_eq!(sheet.rows.len(), count, "{} {format:?}", def.name);
            let r = import(&mut s, def.name, &sheet, &ImportOptions::default(), true);
            assert_eq!(r.error_count, 0, "{} {format:?}: {:?}", def.name, r.errors);
            assert_eq!((r.unchanged, r.added, r.updated), (count, 0, 0), "{} {format:?}: {:?}", def.name, r.preview);
        }
    }
    assert_eq!(s.verify_audit().unwrap().entries, audit_before, "an unchanged import writes nothing");
}

/// Every register's records as their export shows them, without ids: what a person would
/// compare between two databases.
fn contents(s: &Session) -> BTreeMap<String, BTreeSet<Vec<String>>> {
    cofrestr::registers::all()
        .iter()
        .map(|def| {
            let sheet = sheet_of(s, def.name, Format::Csv);
            let rows = sheet.rows.into_iter().map(|r| r.cells[2..].to_vec()).collect();
            (def.name.to_string(), rows)
        })
        .collect()
}

#[test]
fn a_whole_council_moves_to_a_new_database_through_excel_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo_db(dir.path());
    let mut b = new_db(dir.path(), "b.db", "Temporary Department");
    // A signed agreement needs its partners' sign-off, and partners need their agreement:
    // agreements go in first without their status (so as drafts), then the partners, then
    // the agreements again with it.
    let mut order: Vec<(&str, ImportOptions)> = vec![];
    for def in cofrestr::registers::all() {
        if def.name == "sharing" {
            let without_status = [("status".to_string(), String::new())].into();
            order.push(("sharing", ImportOptions { mapping: without_status, ..Default::default() }));
        }
        order.push((def.name, ImportOptions::default()));
        if def.name == "sharing_partners" {
            // Leaving the column out was remembered, so it is matched again by hand.
            let with_status = [("status".to_string(), "status".to_string())].into();
            order.push(("sharing", ImportOptions { mapping: with_status, ..Default::default() }));
        }
    }
    for (register, opts) in &order {
        let sheet = sheet_of(&a, register, Format::Xlsx);
        let r = import(&mut b, register, &sheet, opts, true);
        assert_eq!(r.error_count, 0, "{register}: {:?}", r.errors);
        assert!(r.applied);
    }
    let (from, to) = (contents(&a), contents(&b));
    for (register, rows) in &from {
        let missing: Vec<_> = rows.difference(&to[register]).collect();
        let twin = missing.first().and_then(|m| to[register].iter().find(|r| r[0] == m[0]));
        assert!(
            missing.is_empty(),
            "{register}: {} rows differ, first {:?}\nbecame {twin:?}",
            missing.len(),
            missing.first()
        );
    }
    assert!(b.verify_audit().unwrap().problem.is_none());
}

#[test]
fn an_hr_roster_is_matched_by_staff_number_and_marks_leavers() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = new_db(dir.path(), "r.db", "Housing and Communities");
    let roster = "Employee No,Full name,Post,Dept,Start,Leaving,Councillor,Payroll grade\n\
                  E001,Gwenllian Ŵyn,Housing Officer,Housing and Communities,01/04/2020,,No,G5\n\
                  E002,Dai Jones,Caretaker,Housing and Communities,2019-09-02,,No,G2\n\
                  ,Cllr Mari Evans,,,,,Yes,\n";
    let mapping: BTreeMap<String, String> = [
        ("Employee No", "staff_number"),
        ("Full name", "name"),
        ("Post", "job_title"),
        ("Dept", "department_id"),
        ("Start", "start_date"),
        ("Leaving", "leaving_date"),
        ("Councillor", "elected_member"),
        ("Payroll grade", ""),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let opts = ImportOptions { mapping, full_roster: true };
    let preview = import(&mut s, "people", &csv_sheet(roster), &opts, false);
    assert_eq!((preview.added, preview.error_count, preview.applied), (3, 0, false));
    assert_eq!(s.all("people").unwrap().len(), 1, "a preview writes nothing");
    assert_eq!(preview.apply_label, "Import 3 changes");
    assert!(preview.summary.starts_with("Checked 3 rows, all good: 3 to add"), "{}", preview.summary);
    let first = import(&mut s, "people", &csv_sheet(roster), &opts, true);
    assert!(first.applied);
    assert!(first.summary.starts_with("Imported: 3 added"), "{}", first.summary);
    assert_eq!(s.all("people").unwrap().len(), 4);

    // Next month: E002 is gone from HR's file, E001 has a new post, E003 has joined. The
    // mapping was remembered, so this import names no columns.
    let next = "Employee No,Full name,Post,Dept,Start,Leaving,Councillor,Payroll grade\n\
                E001,Gwenllian Ŵyn,Senior Housing Officer,Housing and Communities,01/04/2020,,No,G6\n\
                E003,Alun Roberts,Surveyor,Housing and Communities,2026-11-02,,No,G4\n";
    let r =
        import(&mut s, "people", &csv_sheet(next), &ImportOptions { full_roster: true, ..Default::default() }, true);
    assert_eq!(r.error_count, 0, "{:?}", r.errors);
    assert_eq!((r.added, r.updated, r.left), (1, 1, 1));
    assert!(r.preview.iter().any(|p| p.change == RowChange::Left && p.label == "Dai Jones"));
    let people = s.all("people").unwrap();
    assert_eq!(people.len(), 5, "nobody duplicated");
    let by = |name: &str| people.iter().find(|p| p.get("name").to_plain() == name).unwrap().clone();
    assert_eq!(by("Gwenllian Ŵyn").get("job_title").to_plain(), "Senior Housing Officer");
    assert_eq!(by("Dai Jones").get("leaving_date").to_plain(), "2026-11-24");
    assert!(by("Cllr Mari Evans").get("leaving_date").is_empty(), "elected members are not on HR's roster");
    assert!(by("Zed Tester of r.db").get("leaving_date").is_empty(), "people without a staff number are left alone");
}

#[test]
fn bad_rows_are_reported_by_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = new_db(dir.path(), "e.db", "Housing and Communities");
    let before = s.all("people").unwrap();
    let audit_before = s.verify_audit().unwrap().entries;
    let file = "staff_number,name,department_id,start_date,leaving_date\n\
                E001,Good Person,Housing and Communities,2020-04-01,\n\
                E002,Bad Date,Housing and Communities,31/02/2020,\n\
                E003,Nowhere,Department of Mysteries,2020-04-01,\n\
                E001,Same Number,Housing and Communities,2020-04-01,\n\
                E004,Short row\n\
                E005,Left Early,Housing and Communities,2020-04-01,2019-01-01\n";
    let r = import(&mut s, "people", &csv_sheet(file), &ImportOptions::default(), true);
    assert!(!r.applied);
    let found: Vec<(usize, Option<&str>)> = r.errors.iter().map(|e| (e.line, e.column.as_deref())).collect();
    assert_eq!(
        found,
        [(3, Some("start_date")), (4, Some("department_id")), (5, None), (6, None), (7, Some("leaving_date"))]
    );
    assert!(r.errors[1].message.contains("Department of Mysteries"), "{}", r.errors[1].message);
    assert!(r.errors[2].message.contains("Another row of the file is for the same record"), "{}", r.errors[2].message);
    assert!(r.errors[3].message.contains("2 cells but the header has 5"), "{}", r.errors[3].message);
    assert_eq!(s.all("people").unwrap(), before, "nothing written");
    assert_eq!(s.verify_audit().unwrap().entries, audit_before);
    assert!(
        r.summary.starts_with("5 problems in 6 rows: nothing can be imported until they are corrected."),
        "{}",
        r.summary
    );

    // The same problems in Welsh.
    let r =
        s.import("people", &csv_sheet(file), &ImportOptions::default(), true, now(), Lang::Cy, &mut |_| {}).unwrap();
    assert!(r.errors[1].message.starts_with("Ni chafwyd hyd i gofnod"), "{}", r.errors[1].message);
}

#[test]
fn a_changed_cell_updates_only_that_record_and_a_stale_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = demo_db(dir.path());
    let mut sheet = sheet_of(&s, "departments", Format::Xlsx);
    let name_col = sheet.headers.iter().position(|h| h == "name").unwrap();
    let old = sheet.rows[0].cells[name_col].clone();
    sheet.rows[0].cells[name_col] = format!("{old} (renamed)");
    let r = import(&mut s, "departments", &sheet, &ImportOptions::default(), true);
    assert_eq!((r.updated, r.unchanged), (1, sheet.rows.len() - 1));
    assert!(s.all("departments").unwrap().iter().any(|d| d.get("name").to_plain() == format!("{old} (renamed)")));
    // The same file again: its revision is now behind the record's.
    sheet.rows[0].cells[name_col] = format!("{old} (again)");
    let r = import(&mut s, "departments", &sheet, &ImportOptions::default(), true);
    assert_eq!(r.error_count, 1);
    assert!(r.errors[0].message.contains("changed in Cofrestr since the file was exported"), "{}", r.errors[0].message);
}

#[test]
fn spreadsheet_cells_that_excel_would_run_are_guarded_and_come_back_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = new_db(dir.path(), "f.db", "Housing and Communities");
    let dept = s.all("departments").unwrap()[0].id.to_string();
    let input: BTreeMap<String, serde_json::Value> =
        [("name", "=HYPERLINK(\"http://x\")"), ("department_id", dept.as_str()), ("job_title", "-Head")]
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
            .collect();
    s.save("people", None, None, &input, now()).unwrap();
    let (bytes, _) = s.export("people", Format::Csv, Lang::En, &mut |_| {}).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with('\u{feff}'), "a byte-order mark so Excel reads UTF-8");
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\")\"") && text.contains(",'-Head,"), "{text}");
    let r = import(&mut s, "people", &transfer::read(&bytes, Format::Csv).unwrap(), &ImportOptions::default(), true);
    assert_eq!((r.unchanged, r.error_count), (2, 0), "{:?}", r.errors);
}

#[test]
fn files_that_cannot_be_read_are_refused_whole_with_a_reason() {
    let latin1 = b"name,code\nCaf\xe9,X\n";
    let e = transfer::read(latin1, Format::Csv).unwrap_err();
    assert!(e.message(cofrestr::i18n::Messages::for_lang(Lang::En)).contains("CSV UTF-8"));
    assert!(transfer::read(b"not a zip", Format::Xlsx).is_err());
    assert!(transfer::read(b"", Format::Csv).is_err());
    let dir = tempfile::tempdir().unwrap();
    let mut s = new_db(dir.path(), "g.db", "Housing and Communities");
    let e = s.import(
        "people",
        &csv_sheet("Colour,Size\nred,9\n"),
        &ImportOptions::default(),
        true,
        now(),
        Lang::Cy,
        &mut |_| {},
    );
    let msg = e.unwrap_err().message(cofrestr::i18n::Messages::for_lang(Lang::Cy));
    assert!(msg.starts_with("Nid yw'r un o golofnau'r ffeil"), "{msg}");

    // A header and nothing else: nothing to import, said so, nothing written (not even the
    // columns matched by hand, which the next import would otherwise take).
    let header_only = dir.path().join("header-only.csv");
    std::fs::write(&header_only, "Full name,Dept\n").unwrap();
    let e = transfer::read_file(&header_only).unwrap_err();
    assert_eq!(
        e.message(cofrestr::i18n::Messages::for_lang(Lang::En)),
        "The file has a header row but no rows under it: there is nothing to import."
    );
    let opts = ImportOptions { mapping: [("Full name".to_string(), "name".to_string())].into(), ..Default::default() };
    assert!(s.import_file("people", &header_only, &opts, true, now(), Lang::En, &mut |_| {}).is_err());
    let r = s.import("people", &csv_sheet("Full name,Dept\n"), &opts, true, now(), Lang::En, &mut |_| {}).unwrap();
    assert_eq!((r.rows, r.added), (0, 0));
    assert!(s.import_mapping("people").unwrap().is_empty(), "no mapping saved");
    // A quote opened and never closed would swallow the rest of the file into one cell: the
    // file is refused, saying where the quote opens. A doubled quote inside a cell is fine.
    let before = s.all("people").unwrap();
    let broken = "name,department_id,job_title\nAna,Housing and Communities,\"Officer \"\"A\"\"\n\nBen,Housing and Communities,Clerk\n";
    let e = transfer::read(broken.as_bytes(), Format::Csv).unwrap_err();
    let msg = e.message(cofrestr::i18n::Messages::for_lang(Lang::En));
    assert!(msg.starts_with("Line 2 of the CSV file opens a quotation mark"), "{msg}");
    let fine = csv_sheet("name,job_title\nAna,\"Officer \"\"A\"\", grade 5\"\n");
    assert_eq!(fine.rows[0].cells[1], "Officer \"A\", grade 5");
    // An enormous cell is refused at its row and column, not stored: beyond Excel's own limit
    // the file is refused as it is read; within it, a cell longer than its field is refused
    // on its row.
    let huge = format!("name,department_id,job_title\nCari,Housing and Communities,{}\n", "x".repeat(2_000_000));
    let e = transfer::read(huge.as_bytes(), Format::Csv).unwrap_err();
    assert_eq!(
        e.message(cofrestr::i18n::Messages::for_lang(Lang::En)),
        "Row 2, column 3 holds more than 32767 characters, more than Excel allows in a cell."
    );
    let long = format!("name,department_id,job_title\nCari,Housing and Communities,{}\n", "x".repeat(30_000));
    let r = import(&mut s, "people", &csv_sheet(&long), &ImportOptions::default(), true);
    assert_eq!(
        r.errors.iter().map(|e| (e.line, e.column.as_deref())).collect::<Vec<_>>(),
        [(2, Some("job_title"))],
        "{:?}",
        r.errors
    );
    assert!(
        r.errors[0].message.contains("too long") || r.errors[0].message.contains("characters"),
        "{}",
        r.errors[0].message
    );
    assert_eq!(s.all("people").unwrap(), before);
}

/// A workbook whose first sheet has the cells given (row, column, text), 0-based.
fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, col, text) in cells {
        sheet.write_string(*row, *col, *text).unwrap();
    }
    book.save_to_buffer().unwrap()
}

fn said(e: cofrestr::Error) -> String {
    e.message(cofrestr::i18n::Messages::for_lang(Lang::En))
}

#[test]
fn spreadsheets_beyond_what_any_import_needs_are_refused_before_they_take_the_memory() {
    // A cell in the last column of the last row: read as the grid it claims, 17 billion cells.
    let far = workbook(&[(0, 0, "name"), (1, 0, "Ana"), (1_048_575, 16_383, "x")]);
    let e = said(transfer::read(&far, Format::Xlsx).unwrap_err());
    assert_eq!(e, "Row 1048576 reaches beyond column 100: no register has that many fields. Remove the extra columns (or anything far to the right) and import again.");
    let deep = workbook(&[(0, 0, "name"), (300_000, 0, "Ana")]);
    assert_eq!(
        said(transfer::read(&deep, Format::Xlsx).unwrap_err()),
        "The sheet has more than 250000 rows. Split it into smaller files and import them one by one."
    );
    let wide =
        format!("{}\n{}\n", (0..150).map(|i| format!("c{i}")).collect::<Vec<_>>().join(","), "x,".repeat(149) + "x");
    assert!(
        said(transfer::read(wide.as_bytes(), Format::Csv).unwrap_err()).starts_with("Row 1 reaches beyond column 100")
    );

    // A zip bomb: a few hundred kilobytes that unpack to more than 256 MB, whatever sizes the
    // archive declares. Refused by counting as it unpacks.
    let mut bomb = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(&mut bomb);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let block = vec![b' '; 1 << 20];
        for _ in 0..260 {
            zip.write_all(&block).unwrap();
        }
        zip.finish().unwrap();
    }
    let bomb = bomb.into_inner();
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    let e = said(transfer::read(&bomb, Format::Xlsx).unwrap_err());
    assert!(e.starts_with("The workbook unpacks to more than 256 MB"), "{e}");

    // A file larger than any import needs is refused before it is read.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big).unwrap().set_len(transfer::limits::FILE_BYTES + 1).unwrap();
    assert!(said(transfer::read_file(&big).unwrap_err()).starts_with("The file is larger than 64 MB"));
    // What the limits allow still reads: a real workbook, far from the edges.
    let ok = workbook(&[(0, 0, "name"), (0, 1, "job_title"), (1, 0, "Ana"), (1, 1, "Clerk"), (3, 0, "Ben")]);
    let sheet = transfer::read(&ok, Format::Xlsx).unwrap();
    assert_eq!(sheet.headers, ["name", "job_title"]);
    assert_eq!(sheet.rows.iter().map(|r| (r.line, r.cells[0].as_str())).collect::<Vec<_>>(), [(2, "Ana"), (4, "Ben")]);
}

#[test]
fn control_characters_in_cells_are_refused_by_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = new_db(dir.path(), "n.db", "Housing and Communities");
    let before = s.all("people").unwrap();
    let r = import(&mut s, "people", &csv_sheet("name,department_id,job_title\nAna\u{0}Bell,Housing and Communities,Clerk\nBen,Housing and Communities,Cl\u{7}erk\n"), &ImportOptions::default(), true);
    assert_eq!(
        r.errors.iter().map(|e| (e.line, e.column.as_deref())).collect::<Vec<_>>(),
        [(2, Some("name")), (3, Some("job_title"))],
        "{:?}",
        r.errors
    );
    assert!(r.errors[0].message.contains("control character"), "{}", r.errors[0].message);
    assert!(!r.applied);
    assert_eq!(s.all("people").unwrap(), before, "nothing written");
    // Tabs and new lines inside a cell are text, and kept.
    let r = import(
        &mut s,
        "people",
        &csv_sheet("name,department_id,job_title\nCari,Housing and Communities,\"Clerk\tgrade 2\nHousing\"\n"),
        &ImportOptions::default(),
        true,
    );
    assert_eq!((r.added, r.error_count), (1, 0), "{:?}", r.errors);
}

#[test]
fn an_import_while_another_cofrestr_writes_fails_once_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = new_db(dir.path(), "w.db", "Housing and Communities");
    let other = Session::open(&dir.path().join("w.db"), PASS).unwrap();
    let rows: String = (0..500).map(|i| format!("Person {i},Housing and Communities\n")).collect();
    let sheet = csv_sheet(&format!("name,department_id\n{rows}"));
    other.connection().execute_batch("BEGIN IMMEDIATE").unwrap();
    let e = s.import("people", &sheet, &ImportOptions::default(), true, now(), Lang::En, &mut |_| {}).unwrap_err();
    assert!(matches!(e, cofrestr::Error::Busy), "one error for the whole import, not one a row: {e:?}");
    other.connection().execute_batch("ROLLBACK").unwrap();
    assert_eq!(s.all("people").unwrap().len(), 1);
    assert_eq!(import(&mut s, "people", &sheet, &ImportOptions::default(), true).added, 500);
}
