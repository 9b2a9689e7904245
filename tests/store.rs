//! The encrypted store, the generic register store and the audit trail, on real database
//! files in temporary folders, with a fixed "now".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use cofrestr::error::Error;
use cofrestr::register::store::ListQuery;
use cofrestr::register::Value;
use cofrestr::session::NewDatabase;
use cofrestr::store::Secret;
use cofrestr::trail;
use cofrestr::{store, Session};
use serde_json::{json, Value as Json};

const PASS: &str = "heather harbour lantern 42";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 30, 0).unwrap()
}

fn new_db(dir: &Path) -> (PathBuf, Session) {
    let path = dir.join("cofrestr.db");
    let s = Session::create(
        &path,
        PASS,
        PASS,
        &NewDatabase {
            council: "Wrexham County Borough Council".into(),
            user_name: "Siân Hughes".into(),
            department: "Corporate and Customer Services".into(),
        },
        now(),
    )
    .expect("create");
    (path, s)
}

fn input(pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn first_id(s: &Session, register: &str) -> String {
    s.all(register).unwrap()[0].id.to_string()
}

fn asset_input(s: &Session, reference: &str, name: &str) -> BTreeMap<String, Json> {
    input(&[
        ("reference", json!(reference)),
        ("name", json!(name)),
        ("purpose", json!("Managing council tenancies")),
        ("department_id", json!(first_id(s, "departments"))),
        ("iao_id", json!(first_id(s, "people"))),
        ("format", json!("electronic")),
        ("personal_data", json!(true)),
        ("lawful_bases", json!(["public-task"])),
        ("data_subjects", json!(["tenants"])),
        ("data_categories", json!(["basic-identifiers", "housing"])),
        ("classification", json!("official")),
        ("last_reviewed", json!("2026-01-31")),
    ])
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_file_is_encrypted_and_holds_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = new_db(dir.path());
    let a = asset_input(&s, "IA-1", "Zebrafinch tenancy ledger");
    s.save("assets", None, None, &a, now()).unwrap();
    s.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    drop(s);
    let bytes = file_bytes(&path);
    assert!(!bytes.starts_with(b"SQLite format 3"));
    assert!(!contains(&bytes, b"Zebrafinch"));
    assert!(!contains(&bytes, b"Wrexham"));
}

#[test]
fn a_wrong_passphrase_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, s) = new_db(dir.path());
    s.connection().execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
    drop(s);
    let before = file_bytes(&path);
    let err = Session::open(&path, "not the passphrase at all").err().expect("refused");
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
    assert!(err.to_report(cofrestr::i18n::Lang::En).message.starts_with("Wrong passphrase, or the file is damaged."));
    assert!(err
        .to_report(cofrestr::i18n::Lang::Cy)
        .message
        .starts_with("Cyfrinymadrodd anghywir, neu mae'r ffeil wedi'i difrodi."));
    assert_eq!(file_bytes(&path), before, "the file must be untouched");
    Session::open(&path, PASS).expect("the right passphrase still opens it");
}

#[test]
fn a_damaged_or_foreign_file_gets_the_same_clear_message_and_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.db");
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();
    let err = Session::open(&path, PASS).err().unwrap();
    assert!(matches!(err, Error::WrongPassphrase));
    assert_eq!(file_bytes(&path), vec![0x5a; 8192]);
    let missing = Session::open(&dir.path().join("nothing.db"), PASS).err().unwrap();
    assert!(matches!(missing, Error::DatabaseMissing(_)));
    assert!(!dir.path().join("nothing.db").exists(), "opening must not create a file");
}

#[test]
fn weak_or_mismatched_passphrases_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.db");
    let new = NewDatabase { council: "Cyngor".into(), user_name: "Dafydd".into(), department: "Housing".into() };
    assert!(matches!(Session::create(&path, "password123", "password123", &new, now()), Err(Error::PassphraseTooWeak)));
    assert!(matches!(
        Session::create(&path, "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", &new, now()),
        Err(Error::PassphraseTooWeak)
    ));
    assert!(matches!(Session::create(&path, PASS, "something else", &new, now()), Err(Error::PassphraseMismatch)));
    let blank = NewDatabase { council: " ".into(), ..new.clone() };
    match Session::create(&path, PASS, PASS, &blank, now()) {
        Err(Error::Validation(errs)) => assert_eq!(errs[0].field, "council"),
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("a blank council name was accepted"),
    }
    assert!(!path.exists());
    Session::create(&path, PASS, PASS, &new, now()).unwrap();
    assert!(matches!(Session::create(&path, PASS, PASS, &new, now()), Err(Error::DatabaseExists(_))));
}

#[test]
fn a_database_written_by_the_previous_schema_is_upgraded_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let previous = store::MIGRATIONS.len() - 1;
    {
        // What the previous release wrote: every migration but the last, and its data.
        let mut conn = store::open_keyed(&path, PASS, true).unwrap();
        store::migrate(&mut conn, previous).unwrap();
        assert_eq!(store::user_version(&conn).unwrap(), previous as i64);
        conn.execute(
            "INSERT INTO installation (singleton, id, council_name, user_name, created_at)
             VALUES (1, '00000000-0000-4000-8000-000000000001', 'Cyngor Bwrdeistref Sirol Wrecsam', 'Gwen', '2026-01-01T09:00:00Z')",
            [],
        )
        .unwrap();
        let actor = cofrestr::register::store::Actor { installation: "old".into(), name: "Gwen".into(), now: now() };
        cofrestr::register::store::create(
            &conn,
            &cofrestr::registers::departments::DEF,
            &actor,
            &input(&[("name", json!("Housing")), ("code", json!("HSG"))]),
        )
        .unwrap();
    }
    let mut s = Session::open(&path, PASS).expect("upgrade on open");
    assert_eq!(store::user_version(s.connection()).unwrap(), store::schema_version());
    assert_eq!(s.installation().council_name, "Cyngor Bwrdeistref Sirol Wrecsam");
    let depts = s.all("departments").unwrap();
    assert_eq!(depts.len(), 1);
    assert_eq!(depts[0].get("code"), &Value::Text("HSG".into()));
    // The upgraded file works for the new register and its audit trail is still whole.
    let person = s
        .save(
            "people",
            None,
            None,
            &input(&[("name", json!("Gwen")), ("department_id", json!(depts[0].id.to_string()))]),
            now(),
        )
        .unwrap();
    let mut a = asset_input(&s, "IA-9", "Housing register");
    a.insert("iao_id".into(), json!(person.id.to_string()));
    s.save("assets", None, None, &a, now()).unwrap();
    assert!(s.verify_audit().unwrap().problem.is_none());
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, s) = new_db(dir.path());
    s.connection().pragma_update(None, "user_version", 999).unwrap();
    drop(s);
    assert!(matches!(Session::open(&path, PASS), Err(Error::SchemaTooNew { found: 999, .. })));
}

#[test]
fn invalid_input_names_each_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let entries = s.verify_audit().unwrap().entries;
    let mut a = asset_input(&s, "", "Tenancy files");
    a.insert("last_reviewed".into(), json!("2026-02-30"));
    a.insert("special_categories".into(), json!(["health"]));
    a.insert("iao_id".into(), json!("0c9a4f6e-0000-4000-8000-000000000000"));
    let err = s.save("assets", None, None, &a, now()).unwrap_err();
    let Error::Validation(fields) = err else { panic!("{err:?}") };
    let named: Vec<(&str, &str)> = fields.iter().map(|f| (f.field.as_str(), f.message_id.as_str())).collect();
    assert!(named.contains(&("reference", "err-required-enter")), "{named:?}");
    // A required field says what to give, by its label, in the user's language.
    let reference = fields.iter().find(|f| f.field == "reference").unwrap();
    assert_eq!(reference.message(cofrestr::i18n::Messages::for_lang(cofrestr::i18n::Lang::En)), "Enter reference.");
    assert_eq!(
        reference.message(cofrestr::i18n::Messages::for_lang(cofrestr::i18n::Lang::Cy)),
        "Mae angen nodi cyfeirnod."
    );
    assert!(named.contains(&("last_reviewed", "err-date")), "{named:?}");
    assert!(named.contains(&("iao_id", "err-reference")), "{named:?}");
    assert_eq!(s.all("assets").unwrap().len(), 0);
    assert_eq!(s.verify_audit().unwrap().entries, entries);

    // Once each field is well formed, the cross-field rules speak.
    let mut a = asset_input(&s, "IA-1", "Tenancy files");
    a.insert("special_categories".into(), json!(["health"]));
    a.insert("international_transfers".into(), json!(true));
    let Error::Validation(fields) = s.save("assets", None, None, &a, now()).unwrap_err() else { panic!() };
    let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(named, ["art9_conditions", "transfer_safeguards"]);
}

#[test]
fn references_must_be_unique_and_edits_must_start_from_the_current_revision() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let a = s.save("assets", None, None, &asset_input(&s, "IA-1", "Tenancy files"), now()).unwrap();
    let dup = s.save("assets", None, None, &asset_input(&s, "ia-1", "Other"), now()).unwrap_err();
    assert!(
        matches!(&dup, Error::Validation(f) if f[0].field == "reference" && f[0].message_id == "err-unique"),
        "{dup:?}"
    );

    let mut changed = asset_input(&s, "IA-1", "Tenancy files (all areas)");
    let b = s.save("assets", Some(a.id), Some(a.revision), &changed, now()).unwrap();
    assert_eq!(b.revision, 2);
    // Someone still holding revision 1 cannot overwrite revision 2.
    changed.insert("name".into(), json!("Stale edit"));
    let err = s.save("assets", Some(a.id), Some(1), &changed, now()).unwrap_err();
    assert!(matches!(err, Error::Conflict { current: 2 }));
    assert_eq!(s.get("assets", a.id).unwrap().get("name"), &Value::Text("Tenancy files (all areas)".into()));
}

#[test]
fn a_record_still_referred_to_cannot_be_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let dept = s.all("departments").unwrap().remove(0);
    let err = s.delete("departments", dept.id, dept.revision, now()).unwrap_err();
    assert!(matches!(&err, Error::InUse { register, .. } if register == "people"), "{err:?}");
    assert_eq!(s.all("departments").unwrap().len(), 1);
    // A record nobody uses goes, leaving a tombstone and an audit entry.
    let spare = s
        .save("departments", None, None, &input(&[("name", json!("Archives")), ("code", json!("ARC"))]), now())
        .unwrap();
    s.delete("departments", spare.id, spare.revision, now()).unwrap();
    let tomb: i64 = s
        .connection()
        .query_row("SELECT revision FROM tombstones WHERE record_id = ?1", [spare.id.to_string()], |r| r.get(0))
        .unwrap();
    assert_eq!(tomb, 2);
    assert!(s.verify_audit().unwrap().problem.is_none());
}

#[test]
fn history_shows_each_change_with_labels_before_and_after() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let a = s.save("assets", None, None, &asset_input(&s, "IA-1", "Tenancy files"), now()).unwrap();
    let mut changed = asset_input(&s, "IA-1", "Tenancy files");
    changed.insert("classification".into(), json!("official-sensitive"));
    s.save("assets", Some(a.id), Some(1), &changed, now()).unwrap();
    let h = s.history("assets", a.id, cofrestr::i18n::Lang::Cy).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].action_label, "Crëwyd");
    assert_eq!(h[1].action_label, "Newidiwyd");
    assert_eq!(h[1].actor, "Siân Hughes");
    assert_eq!(h[1].at, "24/11/2026 10:30", "shown in London time (GMT in November), day first");
    let c = &h[1].changes;
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].label, "Dosbarthiad diogelwch");
    assert_eq!((c[0].from.as_str(), c[0].to.as_str()), ("SWYDDOGOL", "SWYDDOGOL-SENSITIF"));
}

fn tamper(path: &Path, sql: &str) {
    let conn = store::open_keyed(path, PASS, false).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn problem(path: &Path) -> trail::Problem {
    let s = Session::open(path, PASS).unwrap();
    s.verify_audit().unwrap().problem.expect("tampering must be found")
}

fn tampering_fixture() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = new_db(dir.path());
    let a = s.save("assets", None, None, &asset_input(&s, "IA-1", "Tenancy files"), now()).unwrap();
    s.save("assets", None, None, &asset_input(&s, "IA-2", "Rent accounts"), now()).unwrap();
    assert!(s.check().unwrap().ok());
    (dir, path, a.id.to_string())
}

#[test]
fn audit_verify_names_a_register_row_changed_behind_the_application() {
    let (_d, path, id) = tampering_fixture();
    tamper(&path, &format!("UPDATE assets SET classification = 'secret' WHERE id = '{id}'"));
    let p = problem(&path);
    assert_eq!((p.kind, p.record_id.as_deref()), ("audit-record-altered", Some(id.as_str())));
    assert!(p.message(cofrestr::i18n::Lang::En).contains("changed outside Cofrestr"));
}

#[test]
fn audit_verify_names_an_altered_audit_entry() {
    let (_d, path, _) = tampering_fixture();
    tamper(&path, "UPDATE audit SET actor = 'Someone Else' WHERE seq = 3");
    let p = problem(&path);
    assert_eq!((p.kind, p.seq), ("audit-entry-altered", Some(3)));
}

#[test]
fn audit_verify_names_a_deleted_audit_entry_and_a_truncated_tail() {
    let (_d, path, _) = tampering_fixture();
    tamper(&path, "DELETE FROM audit WHERE seq = 2");
    assert_eq!(problem(&path).kind, "audit-entry-missing");
    let (_d, path, _) = tampering_fixture();
    tamper(&path, "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)");
    assert_eq!(problem(&path).kind, "audit-entries-removed");
}

#[test]
fn audit_verify_names_rows_deleted_or_inserted_behind_the_application() {
    let (_d, path, id) = tampering_fixture();
    tamper(&path, &format!("DELETE FROM assets WHERE id = '{id}'"));
    let p = problem(&path);
    assert_eq!((p.kind, p.record_id.as_deref()), ("audit-record-removed", Some(id.as_str())));

    let (_d, path, id) = tampering_fixture();
    tamper(
        &path,
        &format!(
            "INSERT INTO assets (id, revision, created_at, updated_at, changed_by, reference, name, purpose, department_id, iao_id, format)
             SELECT '11111111-1111-4111-8111-111111111111', 1, created_at, updated_at, changed_by, 'IA-X', 'Smuggled', purpose, department_id, iao_id, format
             FROM assets WHERE id = '{id}'"
        ),
    );
    let p = problem(&path);
    assert_eq!(p.kind, "audit-record-unlogged");
    assert_eq!(p.record_id.as_deref(), Some("11111111-1111-4111-8111-111111111111"));
}

#[test]
fn the_passphrase_can_be_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = new_db(dir.path());
    let new = "otter meadow copper kettle";
    assert!(matches!(s.change_passphrase("wrong one entirely", new, new, now()), Err(Error::WrongPassphrase)));
    assert!(matches!(s.change_passphrase(PASS, "short", "short", now()), Err(Error::PassphraseTooWeak)));
    s.change_passphrase(PASS, new, new, now()).unwrap();
    drop(s);
    assert!(matches!(Session::open(&path, PASS), Err(Error::WrongPassphrase)));
    assert_eq!(Session::open(&path, new).unwrap().all("people").unwrap().len(), 1);
}

#[test]
fn backups_are_encrypted_kept_to_a_limit_and_restore_safely() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = new_db(dir.path());
    s.save("assets", None, None, &asset_input(&s, "IA-1", "Tenancy files"), now()).unwrap();
    let copy = dir.path().join("usb/copy.db");
    s.backup(&copy).unwrap();
    assert!(matches!(s.backup(&copy), Err(Error::BadInput { .. })), "never overwrites");
    // Nor the key file that would go beside a new copy: someone's file of that name is kept.
    let other = dir.path().join("usb/other.db");
    let stranger = cofrestr::keys::key_file(&other);
    std::fs::write(&stranger, b"not ours").unwrap();
    assert!(matches!(s.backup(&other), Err(Error::BadInput { .. })), "refused");
    assert_eq!(std::fs::read(&stranger).unwrap(), b"not ours", "untouched, not removed");
    assert!(!other.exists());
    assert!(!file_bytes(&copy).starts_with(b"SQLite format 3"));
    s.set_settings(
        &cofrestr::settings::Settings { idle_lock_minutes: 5, backups_keep: 3, ..Default::default() },
        now(),
    )
    .unwrap();
    for minute in 0..5 {
        s.backup_on_unlock(now() + chrono::Duration::minutes(minute)).unwrap();
    }
    let kept = store::list_backups(&path).unwrap();
    assert_eq!(kept.len(), 3);
    assert!(kept[0].to_string_lossy().contains("20261124T103200Z"), "{kept:?}");

    // Work after the backup, then restore it.
    s.save("assets", None, None, &asset_input(&s, "IA-2", "Rent accounts"), now()).unwrap();
    drop(s);
    assert!(matches!(
        Session::restore(&path, &copy, Secret::Passphrase("wrong passphrase here"), now()),
        Err(Error::WrongPassphrase)
    ));
    assert_eq!(
        Session::open(&path, PASS).unwrap().all("assets").unwrap().len(),
        2,
        "a refused restore changes nothing"
    );
    Session::restore(&path, &copy, Secret::Passphrase(PASS), now()).unwrap();
    let s = Session::open(&path, PASS).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 1);
    assert!(s.check().unwrap().ok());
    let before: Vec<_> = std::fs::read_dir(store::backups_dir(&path))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name().to_string_lossy().contains("before-restore")
                && e.file_name().to_string_lossy().ends_with(".db")
        })
        .collect();
    assert_eq!(before.len(), 1, "the replaced file is kept");
}

#[test]
fn search_filter_sort_and_page_a_register() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    for (i, name) in ["Gŵyl Dewi volunteers", "Tenancy files", "Rent accounts", "Tenancy audit"].iter().enumerate() {
        let mut a = asset_input(&s, &format!("IA-{i}"), name);
        if i == 3 {
            a.insert("last_reviewed".into(), json!("2025-01-01"));
        }
        s.save("assets", None, None, &a, now()).unwrap();
    }
    let q = |search: &str| ListQuery { search: Some(search.into()), ..Default::default() };
    let names = |page: cofrestr::register::store::ListPage| -> Vec<String> {
        page.rows.iter().map(|r| r.get("name").as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(s.list("assets", &q("gwyl"), today).unwrap()), ["Gŵyl Dewi volunteers"]);
    assert_eq!(names(s.list("assets", &q("GŴYL"), today).unwrap()), ["Gŵyl Dewi volunteers"]);
    assert_eq!(s.list("assets", &q("tenancy"), today).unwrap().total, 2);
    assert_eq!(names(s.list("assets", &q("tenancy audit"), today).unwrap()), ["Tenancy audit"]);
    assert_eq!(s.list("assets", &q("50%_"), today).unwrap().total, 0, "wildcards are literal");
    assert_eq!(s.list("assets", &q("*"), today).unwrap().total, 0, "so is a star");
    assert_eq!(s.list("assets", &q("t?nancy"), today).unwrap().total, 0, "and a question mark");
    let sorted =
        ListQuery { sort: Some("name".into()), descending: true, limit: Some(2), offset: 1, ..Default::default() };
    let page = s.list("assets", &sorted, today).unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(names(page), ["Tenancy audit", "Rent accounts"]);
    let mut overdue = ListQuery::default();
    overdue.filters.insert("due".into(), "overdue".into());
    assert_eq!(names(s.list("assets", &overdue, today).unwrap()), ["Tenancy audit"]);
    let mut by_subject = ListQuery::default();
    by_subject.filters.insert("data_subjects".into(), "tenants".into());
    assert_eq!(s.list("assets", &by_subject, today).unwrap().total, 4);
    by_subject.filters.insert("data_subjects".into(), "children".into());
    assert_eq!(s.list("assets", &by_subject, today).unwrap().total, 0);
    let mut bad = ListQuery::default();
    bad.filters.insert("purpose".into(), "x".into());
    assert!(s.list("assets", &bad, today).is_err(), "only filterable fields filter");
    // Reference fields carry their labels for the table.
    let rec = &s.list("assets", &q("rent"), today).unwrap().rows[0];
    assert_eq!(rec.labels["iao_id"], "Siân Hughes");
    assert_eq!(rec.get("next_review"), &Value::Text("2027-01-31".into()));
}

#[test]
fn a_record_with_nothing_to_search_has_no_row_in_the_search_index() {
    // Training completions are searched only by their notes, which most leave empty: a council
    // has tens of thousands, and an empty row each would be written and encrypted for nothing.
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let course =
        s.save("courses", None, None, &input(&[("name", json!("Data protection essentials"))]), now()).unwrap();
    let person = first_id(&s, "people");
    let fields = |notes: &str| {
        input(&[
            ("person_id", json!(person)),
            ("course_id", json!(course.id.to_string())),
            ("completed_on", json!("2026-10-01")),
            ("notes", json!(notes)),
        ])
    };
    let indexed = |s: &Session| -> (i64, i64) {
        let rows = s
            .connection()
            .query_row("SELECT count(*) FROM search_rows WHERE register = 'completions'", [], |r| r.get(0))
            .unwrap();
        let orphans = s
            .connection()
            .query_row("SELECT count(*) FROM search_index WHERE rowid NOT IN (SELECT id FROM search_rows)", [], |r| {
                r.get(0)
            })
            .unwrap();
        (rows, orphans)
    };
    let found = |s: &Session, text: &str| {
        s.list("completions", &ListQuery { search: Some(text.into()), ..Default::default() }, today).unwrap().total
    };

    let done = s.save("completions", None, None, &fields(""), now()).unwrap();
    assert_eq!(indexed(&s), (0, 0));
    // Notes written later are found; emptied again, the row goes with them.
    let done = s
        .save("completions", Some(done.id), Some(done.revision), &fields("Completed at the Ruthin depot"), now())
        .unwrap();
    assert_eq!(indexed(&s), (1, 0));
    assert_eq!(found(&s, "ruthin"), 1);
    let done = s.save("completions", Some(done.id), Some(done.revision), &fields(""), now()).unwrap();
    assert_eq!(indexed(&s), (0, 0));
    assert_eq!(found(&s, "ruthin"), 0);
    s.save("completions", Some(done.id), Some(done.revision), &fields("Refresher booked at Ruthin"), now()).unwrap();
    assert_eq!((indexed(&s), found(&s, "ruthin")), ((1, 0), 1));
    assert!(s.verify_audit().unwrap().problem.is_none());
}

#[test]
fn new_records_take_ids_in_the_order_they_were_made() {
    // Time-ordered ids (UUID version 7) keep a batch of new records side by side in every index
    // keyed by id, which is what makes a department's return cheap to merge.
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let ids: Vec<uuid::Uuid> =
        ["Data protection essentials", "Cyber security", "Records management", "FOI for Link Officers"]
            .iter()
            .map(|name| s.save("courses", None, None, &input(&[("name", json!(name))]), now()).unwrap().id)
            .collect();
    assert!(ids.iter().all(|id| id.get_version_num() == 7), "{ids:?}");
    let mut sorted = ids.clone();
    sorted.sort_by_key(|id| id.to_string());
    assert_eq!(sorted, ids, "their text sorts in the order they were made");
}

#[test]
fn the_dashboard_warns_until_roles_are_filled() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let codes = |s: &Session| -> Vec<&'static str> {
        s.dashboard(now(), cofrestr::i18n::Lang::En).unwrap().attention.iter().map(|a| a.code).collect()
    };
    assert_eq!(codes(&s), ["no-siro", "no-iao"]);
    let person = first_id(&s, "people");
    let dept = first_id(&s, "departments");
    let role = |r: &str, d: Option<&str>, to: Option<&str>| {
        let mut m = input(&[("person_id", json!(person)), ("role", json!(r)), ("from_date", json!("2024-04-01"))]);
        if let Some(d) = d {
            m.insert("department_id".into(), json!(d));
        }
        if let Some(t) = to {
            m.insert("to_date".into(), json!(t));
        }
        m
    };
    // A departmental role without its department is refused.
    let err = s.save("roles", None, None, &role("iao", None, None), now()).unwrap_err();
    assert!(matches!(&err, Error::Validation(f) if f[0].field == "department_id"));
    s.save("roles", None, None, &role("siro", None, Some("2026-11-23")), now()).unwrap();
    assert_eq!(codes(&s), ["no-siro", "no-iao"], "a SIRO who left yesterday is not a SIRO today");
    s.save("roles", None, None, &role("siro", None, None), now()).unwrap();
    s.save("roles", None, None, &role("iao", Some(&dept), None), now()).unwrap();
    assert!(codes(&s).is_empty());
    let cy = s.dashboard(now(), cofrestr::i18n::Lang::Cy).unwrap();
    assert_eq!(cy.counts.iter().find(|c| c.register == "roles").unwrap().label, "Rolau");
}

#[test]
fn the_demo_council_is_deterministic_and_its_audit_trail_whole() {
    let names = |seed: u64| -> Vec<(String, String)> {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut s) = new_db(dir.path());
        let sum = cofrestr::demo::fill(&mut s, cofrestr::demo::Scale::Small, seed, now()).unwrap();
        assert_eq!(sum.people, 60);
        assert!(s.check().unwrap().ok());
        assert!(matches!(
            cofrestr::demo::fill(&mut s, cofrestr::demo::Scale::Small, seed, now()),
            Err(Error::BadInput { .. })
        ));
        let mut v: Vec<_> = s
            .all("people")
            .unwrap()
            .into_iter()
            .map(|r| (r.get("staff_number").to_plain(), r.get("name").to_plain()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(7), names(7));
    assert_ne!(names(7), names(8));
}

#[test]
fn csv_export_has_a_header_of_field_names_and_a_row_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    s.save("assets", None, None, &asset_input(&s, "IA-1", "Tenancy files, \"north\""), now()).unwrap();
    let (out, n) = s.export("assets", cofrestr::transfer::Format::Csv, cofrestr::i18n::Lang::En, &mut |_| {}).unwrap();
    assert_eq!(n, 1);
    let out = out.strip_prefix("\u{feff}".as_bytes()).expect("starts with a byte-order mark for Excel");
    let mut r = csv::Reader::from_reader(out);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&header[..4], ["id", "revision", "reference", "name"]);
    let row = r.records().next().unwrap().unwrap();
    assert_eq!(&row[3], "Tenancy files, \"north\"");
    let col = header.iter().position(|h| h == "data_categories").unwrap();
    assert_eq!(&row[col], "basic-identifiers; housing");
}

#[test]
fn welsh_screens_put_welsh_names_in_welsh_alphabetical_order() {
    // In Welsh dd follows d and ch follows c: Adnoddau before Addysg, Cyllid before Chwaraeon.
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    for (name, cy, code) in [
        ("Education", "Addysg", "ED"),
        ("Leisure", "Chwaraeon a Hamdden", "LEI"),
        ("Human Resources", "Adnoddau Dynol", "HR"),
        ("Finance", "Cyllid", "FIN"),
    ] {
        let dept = s
            .save(
                "departments",
                None,
                None,
                &input(&[("name", json!(name)), ("name_cy", json!(cy)), ("code", json!(code))]),
                now(),
            )
            .unwrap();
        s.save(
            "people",
            None,
            None,
            &input(&[("name", json!(format!("Officer {code}"))), ("department_id", json!(dept.id.to_string()))]),
            now(),
        )
        .unwrap();
    }
    let welsh = ["Adnoddau Dynol", "Addysg", "Cyllid", "Chwaraeon a Hamdden"];
    let sorted = |register: &str, sort: &str, lang| {
        let q = ListQuery { sort: Some(sort.into()), lang, ..Default::default() };
        s.list(register, &q, today).unwrap().rows
    };
    let cy_names: Vec<String> = sorted("departments", "name_cy", cofrestr::i18n::Lang::Cy)
        .iter()
        .filter_map(|r| r.get("name_cy").as_str().map(str::to_string))
        .collect();
    assert_eq!(cy_names, welsh);
    // People by their department, named in Welsh on a Welsh screen.
    let by_dept: Vec<String> = sorted("people", "department_id", cofrestr::i18n::Lang::Cy)
        .iter()
        .map(|r| r.labels["department_id"].clone())
        .filter(|l| welsh.contains(&l.as_str()))
        .collect();
    assert_eq!(by_dept, welsh);
    // English screens keep English order for English names.
    let en: Vec<String> = sorted("people", "department_id", cofrestr::i18n::Lang::En)
        .iter()
        .map(|r| r.labels["department_id"].clone())
        .filter(|l| ["Education", "Finance", "Human Resources", "Leisure"].contains(&l.as_str()))
        .collect();
    assert_eq!(en, ["Education", "Finance", "Human Resources", "Leisure"]);
    // The dashboard's departments without an IAO, in Welsh order.
    let d = s.dashboard(now(), cofrestr::i18n::Lang::Cy).unwrap();
    let named: Vec<&str> = d
        .attention
        .iter()
        .filter(|a| a.code == "no-iao")
        .filter_map(|a| welsh.iter().copied().find(|w| a.message.contains(w)))
        .collect();
    assert_eq!(named, welsh);
}

#[test]
fn welsh_screens_name_departments_by_their_welsh_names() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut s) = new_db(dir.path());
    let dept = s.all("departments").unwrap().remove(0);
    s.save(
        "departments",
        Some(dept.id),
        Some(dept.revision),
        &input(&[
            ("name", json!("Corporate and Customer Services")),
            ("name_cy", json!("Gwasanaethau Corfforaethol a Chwsmeriaid")),
            ("code", json!("CCS")),
        ]),
        now(),
    )
    .unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let q = |lang| ListQuery { lang, ..Default::default() };
    let en = s.list("people", &q(cofrestr::i18n::Lang::En), today).unwrap();
    assert_eq!(en.rows[0].labels["department_id"], "Corporate and Customer Services");
    let cy = s.list("people", &q(cofrestr::i18n::Lang::Cy), today).unwrap();
    assert_eq!(cy.rows[0].labels["department_id"], "Gwasanaethau Corfforaethol a Chwsmeriaid");
    let sorted = ListQuery { sort: Some("department_id".into()), lang: cofrestr::i18n::Lang::Cy, ..Default::default() };
    assert_eq!(s.list("people", &sorted, today).unwrap().total, 1);
    let d = s.dashboard(now(), cofrestr::i18n::Lang::Cy).unwrap();
    let msg = &d.attention.iter().find(|a| a.code == "no-iao").unwrap().message;
    assert_eq!(msg, "Does gan Gwasanaethau Corfforaethol a Chwsmeriaid ddim Perchennog Asedau Gwybodaeth heddiw.");
}

#[test]
fn init_over_an_existing_file_refuses_and_leaves_the_file_and_its_log_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = new_db(dir.path());
    s.save("assets", None, None, &asset_input(&s, "IA-1", "Tenancy files"), now()).unwrap();
    // The session stays open, so the -wal and -shm beside it hold work too.
    let side = |ext: &str| PathBuf::from(format!("{}-{ext}", path.display()));
    let before = (file_bytes(&path), file_bytes(&side("wal")));
    let new = NewDatabase { council: "Another".into(), user_name: "Dafydd".into(), department: "Housing".into() };
    let err = Session::create(&path, PASS, PASS, &new, now()).err().expect("refused");
    assert!(matches!(err, Error::DatabaseExists(_)), "{err:?}");
    assert_eq!((file_bytes(&path), file_bytes(&side("wal"))), before, "the file and its log are untouched");
    assert!(side("shm").exists());
    drop(s);
    assert_eq!(Session::open(&path, PASS).unwrap().all("assets").unwrap().len(), 1);
    // Nothing half-made is left beside it either.
    let names: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");
}

#[test]
fn an_empty_file_opens_under_no_passphrase_and_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    let err = Session::open(&path, PASS).err().expect("refused");
    assert!(matches!(err, Error::BadInput { ref id, .. } if id == "err-db-empty"), "{err:?}");
    assert!(err.to_report(cofrestr::i18n::Lang::Cy).message.contains("yn wag"));
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0, "no schema written into it");
    assert!(!PathBuf::from(format!("{}-wal", path.display())).exists());
    // An empty passphrase is refused before SQLCipher sees it.
    let (db, s) = new_db(&dir.path().join("real"));
    drop(s);
    let err = Session::open(&db, "").err().expect("refused");
    assert!(matches!(err, Error::BadInput { ref id, .. } if id == "err-passphrase-empty"), "{err:?}");
}

#[test]
fn a_file_that_opens_but_is_not_ours_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    {
        // Another program's SQLCipher file under the same passphrase.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "key", PASS).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('theirs');").unwrap();
    }
    let before = file_bytes(&path);
    let err = Session::open(&path, PASS).err().expect("refused");
    assert!(matches!(err, Error::BadInput { ref id, .. } if id == "err-db-not-ours"), "{err:?}");
    assert_eq!(file_bytes(&path), before);
}

#[test]
fn restore_refuses_an_empty_foreign_or_tampered_backup_naming_why_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = new_db(dir.path());
    s.save("assets", None, None, &asset_input(&s, "IA-1", "Tenancy files"), now()).unwrap();
    let good = dir.path().join("good.db");
    s.backup(&good).unwrap();
    s.save("assets", None, None, &asset_input(&s, "IA-2", "Rent accounts"), now()).unwrap();
    drop(s);
    let assets = || Session::open(&path, PASS).unwrap().all("assets").unwrap().len();
    let refused = |from: &Path| Session::restore(&path, from, Secret::Passphrase(PASS), now()).expect_err("refused");

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(refused(&empty), Error::BadInput { ref id, .. } if id == "err-db-empty"));
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 4096]).unwrap();
    assert!(matches!(refused(&junk), Error::WrongPassphrase));
    let missing = refused(&dir.path().join("nowhere.db"));
    assert!(matches!(missing, Error::BadInput { ref id, .. } if id == "err-backup-missing"), "{missing:?}");
    // Cut short: the first half of a real backup.
    let cut = dir.path().join("cut.db");
    let bytes = file_bytes(&good);
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert!(Session::restore(&path, &cut, Secret::Passphrase(PASS), now()).is_err());
    // A backup whose audit trail was altered: it opens, but `check` fails and says where.
    let tampered = dir.path().join("tampered.db");
    std::fs::copy(&good, &tampered).unwrap();
    std::fs::copy(cofrestr::keys::key_file(&good), cofrestr::keys::key_file(&tampered)).unwrap();
    tamper(&tampered, "UPDATE assets SET name = 'Renamed quietly'");
    let e = refused(&tampered);
    assert!(matches!(e, Error::BadInput { ref id, .. } if id == "err-backup-damaged"), "{e:?}");
    assert!(e.to_report(cofrestr::i18n::Lang::En).message.contains("was changed outside Cofrestr"), "{e:?}");

    assert_eq!(assets(), 2, "every refused restore changed nothing");
    let left: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(left.iter().all(|n| !n.contains("partial")), "nothing half-made left: {left:?}");
    assert!(!store::backups_dir(&path).exists(), "no safety copy taken for a refused restore");

    Session::restore(&path, &good, Secret::Passphrase(PASS), now()).unwrap();
    assert_eq!(assets(), 1);
}

#[test]
fn restore_refuses_while_another_cofrestr_has_the_database_open() {
    let dir = tempfile::tempdir().unwrap();
    let (path, s) = new_db(dir.path());
    let copy = dir.path().join("copy.db");
    s.backup(&copy).unwrap();
    // `s` is still open, as a window would be.
    let e = Session::restore(&path, &copy, Secret::Passphrase(PASS), now()).expect_err("refused");
    assert!(matches!(e, Error::BadInput { ref id, .. } if id == "err-restore-in-use"), "{e:?}");
    drop(s);
    Session::restore(&path, &copy, Secret::Passphrase(PASS), now()).unwrap();
}

#[test]
fn a_backup_from_the_previous_schema_is_restored_and_brought_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let (path, s) = new_db(dir.path());
    drop(s);
    let old = dir.path().join("old.db");
    {
        let mut conn = store::open_keyed(&old, PASS, true).unwrap();
        store::migrate(&mut conn, store::MIGRATIONS.len() - 1).unwrap();
        conn.execute(
            "INSERT INTO installation (singleton, id, council_name, user_name, created_at) VALUES (1, ?1, 'Old council', 'Old officer', '2025-01-01T00:00:00Z')",
            ["00000000-0000-4000-8000-000000000001"],
        )
        .unwrap();
    }
    Session::restore(&path, &old, Secret::Passphrase(PASS), now()).unwrap();
    let s = Session::open(&path, PASS).unwrap();
    assert_eq!(s.installation().council_name, "Old council");
    assert_eq!(store::user_version(s.connection()).unwrap(), store::schema_version());
}

#[test]
fn two_writers_one_waits_then_gets_one_clear_message_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut a) = new_db(dir.path());
    let mut b = Session::open(&path, PASS).unwrap();
    let input = asset_input(&a, "IA-9", "Payroll");
    // `a` holds the write lock, as a long import would.
    a.connection().execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let err = b.save("assets", None, None, &input, now()).expect_err("the second writer is refused");
    assert!(matches!(err, Error::Busy), "{err:?}");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(store::BUSY_TIMEOUT_MS as u64 / 2),
        "it waited for the other writer first"
    );
    assert_eq!(
        err.to_report(cofrestr::i18n::Lang::En).message,
        "Another Cofrestr (a window or the command line) is writing to this file. Nothing was changed: try again in a moment."
    );
    a.connection().execute_batch("ROLLBACK").unwrap();
    assert!(b.all("assets").unwrap().is_empty());
    // Once the first is done, the second saves.
    b.save("assets", None, None, &input, now()).unwrap();
    assert_eq!(a.all("assets").unwrap().len(), 1);
    let _ = &mut a;
}

#[test]
fn a_damaged_database_is_restored_from_its_backup_and_kept_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = new_db(dir.path());
    s.save("assets", None, None, &asset_input(&s, "IA-1", "Tenancy files"), now()).unwrap();
    let copy = dir.path().join("copy.db");
    s.backup(&copy).unwrap();
    drop(s);
    // The file in place is damaged: it no longer opens. Restoring is what it needs.
    let junk = vec![0x42u8; 65536];
    std::fs::write(&path, &junk).unwrap();
    assert!(Session::open(&path, PASS).is_err());
    std::fs::write(format!("{}-wal", path.display()), b"a stale log").unwrap();
    Session::restore(&path, &copy, Secret::Passphrase(PASS), now()).unwrap();
    let s = Session::open(&path, PASS).unwrap();
    assert_eq!(s.all("assets").unwrap().len(), 1);
    assert!(s.check().unwrap().ok());
    // The damaged file is kept byte for byte, with its log, never applied to the backup.
    let kept: Vec<PathBuf> = std::fs::read_dir(store::backups_dir(&path))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("before-restore"))
        .collect();
    let main = kept.iter().find(|p| p.extension().is_some_and(|e| e == "db")).expect("the damaged file kept");
    assert_eq!(std::fs::read(main).unwrap(), junk);
    assert!(kept.iter().any(|p| p.to_string_lossy().ends_with("-wal")), "{kept:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600,
            "a restored database is its owner's alone"
        );
    }
}

#[test]
fn rolling_backups_remove_only_their_own_database_s() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut s) = new_db(dir.path());
    // Another database beside it whose name starts the same way, with a backup of its own.
    let other = dir.path().join("cofrestr-hub.db");
    let new = NewDatabase { council: "Wrexham".into(), user_name: "IMG".into(), department: "Corporate".into() };
    let hub = Session::create(&other, PASS, PASS, &new, now()).unwrap();
    let hubs = hub.backup_on_unlock(now()).unwrap();
    drop(hub);
    s.set_settings(&cofrestr::settings::Settings { backups_keep: 1, ..Default::default() }, now()).unwrap();
    for minute in 0..3 {
        s.backup_on_unlock(now() + chrono::Duration::minutes(minute)).unwrap();
    }
    assert_eq!(store::list_backups(&path).unwrap().len(), 1);
    assert!(hubs.exists(), "the other database's backup is not this one's to remove");
}

/// A database written by an earlier build (`packaging/fixtures/previous-release.db`: the build
/// before the returns' identities and the export trail, schema 15, with the small demo council)
/// opens in this one: a copy as it was is kept first, it is migrated once, and every record,
/// the integrity checks and the audit chain survive. The counts were taken by that build.
#[test]
fn the_previous_release_database_opens_migrates_once_and_keeps_every_record() {
    const PASS: &str = "previous release passphrase";
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/fixtures");
    let counts: std::collections::BTreeMap<String, usize> =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("previous-release.counts.json")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("cofrestr.db");
    std::fs::copy(fixtures.join("previous-release.db"), &db).unwrap();
    let before = std::fs::read(&db).unwrap();

    assert!(matches!(Session::open(&db, "not the passphrase"), Err(cofrestr::Error::WrongPassphrase)));
    assert_eq!(std::fs::read(&db).unwrap(), before, "a wrong passphrase changes nothing");
    assert!(!store::backups_dir(&db).exists(), "and copies nothing");

    let s = Session::open(&db, PASS).unwrap();
    assert_eq!(store::user_version(s.connection()).unwrap(), store::schema_version());
    for (register, n) in &counts {
        assert_eq!(s.all(register).unwrap().len(), *n, "{register}");
    }
    assert!(s.check().unwrap().ok());
    assert!(s.verify_audit().unwrap().problem.is_none());
    drop(s);

    let copy = store::backups_dir(&db).join("cofrestr-before-upgrade-from-schema-15.db");
    let old = store::open_keyed(&copy, PASS, false).unwrap();
    assert_eq!(store::user_version(&old).unwrap(), 15, "the copy is the file as the earlier build left it");
    drop(old);
    let s = Session::open(&db, PASS).unwrap();
    // A field added since (an asset's business function in Welsh) is empty in every record the
    // trail vouches for; filled in outside Cofrestr, it is caught like any other change.
    s.connection()
        .execute("UPDATE assets SET business_function_cy = 'Tai' WHERE rowid = (SELECT min(rowid) FROM assets)", [])
        .unwrap();
    let problem = s.verify_audit().unwrap().problem.expect("caught");
    assert_eq!((problem.kind, problem.register.as_deref()), ("audit-record-altered", Some("assets")));
    drop(s);
    let copies = std::fs::read_dir(store::backups_dir(&db)).unwrap().count();
    assert_eq!(copies, 1, "an upgraded file is not copied again");
}

/// A field a migration added (an asset's business function in Welsh) leaves the hashes of
/// records written before it as they were while it is empty — the audit entry's and the one
/// departmental returns agree on — and changes them once it holds anything.
#[test]
fn a_field_added_later_leaves_old_hashes_alone_until_it_is_filled() {
    use cofrestr::register::{Record, Value};
    let id = uuid::Uuid::now_v7();
    let mut before = cofrestr::register::Fields::new();
    before.insert("name".into(), Value::Text("Housing register".into()));
    let mut after = before.clone();
    after.insert("business_function_cy".into(), Value::Null);
    let mut filled = before.clone();
    filled.insert("business_function_cy".into(), Value::Text("Tai".into()));
    let rec = |fields: &cofrestr::register::Fields| Record {
        id,
        revision: 3,
        created_at: String::new(),
        updated_at: String::new(),
        changed_by: String::new(),
        fields: fields.clone(),
        labels: Default::default(),
    };
    let (h0, h1, h2) = (
        cofrestr::register::store::record_hash(&rec(&before)),
        cofrestr::register::store::record_hash(&rec(&after)),
        cofrestr::register::store::record_hash(&rec(&filled)),
    );
    assert_eq!(h0, h1);
    assert_ne!(h0, h2);
    let c = |f| cofrestr::returns::content_hash(id, f);
    assert_eq!(c(&before), c(&after));
    assert_ne!(c(&before), c(&filled));
    // Any other empty field still counts: nothing else is left out.
    let mut other = before.clone();
    other.insert("description".into(), Value::Null);
    assert_ne!(cofrestr::register::store::record_hash(&rec(&other)), h0);
}
