//! The retention schedule, the disposal log and the "due for disposal" list, worked out with a
//! fixed "today" (24 November 2026).

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use cofrestr::dashboard::Severity;
use cofrestr::error::Error;
use cofrestr::i18n::Lang;
use cofrestr::register::store::{ListQuery, NONE_FILTER};
use cofrestr::register::Value;
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use serde_json::{json, Value as Json};
use uuid::Uuid;

fn m(pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn with(base: &BTreeMap<String, Json>, pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    let mut out = base.clone();
    for (k, v) in pairs {
        out.insert(k.to_string(), v.clone());
    }
    out
}

fn fields_of(e: Error) -> Vec<String> {
    match e {
        Error::Validation(f) => f.into_iter().map(|f| f.field).collect(),
        other => panic!("{other:?}"),
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn class_id(s: &Session, reference: &str) -> String {
    let rec = s.all("retention").unwrap().into_iter().find(|r| r.get("reference").as_str() == Some(reference)).unwrap();
    rec.id.to_string()
}

struct Council {
    s: Session,
    dept: String,
    me: String,
    _dir: tempfile::TempDir,
}

fn council() -> Council {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "Head of HR".into(),
        department: "Corporate and Customer Services".into(),
    };
    let s = Session::create(
        &dir.path().join("r.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now,
    )
    .unwrap();
    let dept = s.all("departments").unwrap()[0].id.to_string();
    let me = s.all("people").unwrap()[0].id.to_string();
    Council { s, dept, me, _dir: dir }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

fn asset(c: &mut Council, reference: &str, class: Option<&str>, oldest: Option<&str>) -> Uuid {
    let mut f = m(&[
        ("reference", json!(reference)),
        ("name", json!(format!("Records {reference}"))),
        ("purpose", json!("Running the service")),
        ("department_id", json!(c.dept)),
        ("iao_id", json!(c.me)),
        ("personal_data", json!(false)),
        ("classification", json!("official")),
        ("format", json!("paper")),
    ]);
    if let Some(class) = class {
        f.insert("retention_class_id".into(), json!(class));
    }
    if let Some(o) = oldest {
        f.insert("oldest_trigger".into(), json!(o));
    }
    c.s.save("assets", None, None, &f, now()).unwrap().id
}

#[test]
fn a_new_council_starts_with_the_starter_schedule_in_both_languages() {
    let mut c = council();
    let classes = c.s.all("retention").unwrap();
    assert!(classes.len() >= 40, "{}", classes.len());
    let welsh = c.s.all_in("retention", Lang::Cy).unwrap();
    assert!(welsh.iter().all(|r| !r.get("description_cy").is_empty()), "every starter class has its Welsh description");
    // Loading again adds nothing; a class removed comes back.
    let now = now();
    assert_eq!(c.s.load_starter("retention", now).unwrap(), 0);
    let cctv = classes.iter().find(|r| r.get("reference").as_str() == Some("ICT-01")).unwrap();
    c.s.delete("retention", cctv.id, cctv.revision, now).unwrap();
    assert_eq!(c.s.load_starter("retention", now).unwrap(), 1);

    // A period is needed unless the records are kept permanently; "other" is explained.
    let class = m(&[
        ("reference", json!("LOC-01")),
        ("function", json!("environment")),
        ("activity", json!("Waste")),
        ("description", json!("Bulky waste collection bookings")),
        ("trigger_event", json!("last-action")),
        ("action", json!("destroy")),
    ]);
    assert_eq!(fields_of(c.s.save("retention", None, None, &class, now).unwrap_err()), ["period_years"]);
    assert_eq!(
        fields_of(
            c.s.save(
                "retention",
                None,
                None,
                &with(&class, &[("period_months", json!(6)), ("trigger_event", json!("other"))]),
                now
            )
            .unwrap_err()
        ),
        ["trigger_note"]
    );
    assert_eq!(
        fields_of(c.s.save("retention", None, None, &with(&class, &[("period_months", json!(12))]), now).unwrap_err()),
        ["period_months"],
        "months run 0 to 11"
    );
    c.s.save("retention", None, None, &with(&class, &[("period_months", json!(6))]), now).unwrap();
    c.s.save(
        "retention",
        None,
        None,
        &with(&class, &[("reference", json!("LOC-02")), ("action", json!("keep-permanently"))]),
        now,
    )
    .unwrap();
}

#[test]
fn assets_fall_due_for_disposal_from_their_class_and_oldest_records() {
    let mut c = council();
    let today = d("2026-11-24");
    let hr = class_id(&c.s, "HR-01"); // termination of employment + 6 years, destroy
    let pay = class_id(&c.s, "HR-06"); // end of financial year + 6 years, destroy
    let minutes = class_id(&c.s, "DEM-01"); // kept permanently
    let cctv = class_id(&c.s, "ICT-01"); // last action + 1 month
    let leavers = asset(&mut c, "A-1", Some(&hr), Some("2020-06-30")); // due 2026-06-30: overdue
    asset(&mut c, "A-2", Some(&pay), Some("2020-05-14")); // 2020-21 ends 31 March 2021: due 2027-03-31
    asset(&mut c, "A-3", Some(&pay), Some("2020-11-01")); // same financial year: due 2027-03-31
    asset(&mut c, "A-4", Some(&minutes), Some("1974-04-01")); // permanent: never due
    asset(&mut c, "A-5", Some(&cctv), Some("2026-11-01")); // due 2026-12-01: within 30 days
    asset(&mut c, "A-6", Some(&hr), None); // no trigger date: cannot be worked out
    asset(&mut c, "A-7", None, None); // no class at all

    let due = c.s.due_for_disposal(today, 30, Lang::En).unwrap();
    let got: Vec<(&str, NaiveDate, bool)> =
        due.iter().map(|x| (x.asset_reference.as_str(), x.due, x.overdue)).collect();
    assert_eq!(got, [("A-1", d("2026-06-30"), true), ("A-5", d("2026-12-01"), false)]);
    let within_half_year = c.s.due_for_disposal(today, 183, Lang::En).unwrap();
    assert_eq!(
        within_half_year.iter().map(|x| x.asset_reference.as_str()).collect::<Vec<_>>(),
        ["A-1", "A-5", "A-2", "A-3"]
    );
    assert_eq!(due[0].action_label, "Destroy");
    let welsh = c.s.due_for_disposal(today, 30, Lang::Cy).unwrap();
    assert_eq!(welsh[0].action_label, "Dinistrio");
    assert!(welsh[0].class_description.starts_with("Ffeil bersonél"), "{}", welsh[0].class_description);

    // The dashboard carries the list (90 days ahead) and names the gaps, with a filter that works.
    let dash = c.s.dashboard(now(), Lang::En).unwrap();
    assert_eq!(dash.disposals.len(), 2);
    let codes: Vec<&str> = dash.attention.iter().map(|a| a.code).collect();
    assert!(codes.contains(&"disposals-overdue") && codes.contains(&"no-oldest-trigger"), "{codes:?}");
    // What needs doing comes before what is worth knowing, whichever register it is about.
    let warnings = dash.attention.iter().take_while(|a| a.severity == Severity::Warning).count();
    assert!(warnings > 0 && dash.attention[warnings..].iter().all(|a| a.severity == Severity::Notice), "{codes:?}");
    let no_class = dash.attention.iter().find(|a| a.code == "no-retention-class").unwrap();
    assert_eq!(no_class.message, "Information assets with no retention class: 1.");
    let mut q = ListQuery::default();
    q.filters.insert("retention_class_id".into(), NONE_FILTER.into());
    let page = c.s.list("assets", &q, today).unwrap();
    assert_eq!(page.total, 1, "the dashboard's link shows exactly the assets it counts");

    // The class shows its assets, and the asset its class: links go both ways.
    let links = c.s.links("retention", Uuid::parse_str(&hr).unwrap(), Lang::En).unwrap();
    assert_eq!(links.iter().filter(|l| l.register == "assets" && !l.outgoing).count(), 2);
    let links = c.s.links("assets", leavers, Lang::Cy).unwrap();
    let class = links.iter().find(|l| l.register == "retention").expect("the asset links to its class");
    assert!(class.outgoing && class.label.starts_with("Ffeil bersonél"), "{class:?}");
    assert_eq!(class.field_label, "Dosbarth cadw");

    // Recording the disposal of leavers' files up to the end of 2020 moves the asset on.
    let disposal = m(&[
        ("description", json!("Leavers' personnel files, 2019–20")),
        ("asset_id", json!(leavers.to_string())),
        ("retention_class_id", json!(hr)),
        ("format", json!("paper")),
        ("volume", json!("14 boxes")),
        ("records_from", json!("2019-04-01")),
        ("records_to", json!("2020-12-31")),
        ("disposal_date", json!("2026-11-20")),
        ("method", json!("contractor")),
        ("authorised_by_id", json!(c.me)),
        ("carried_out_by", json!("Shred-it Wrexham")),
        ("certificate_ref", json!("COD-88213")),
        ("no_legal_hold", json!(true)),
        ("no_open_request", json!(true)),
        ("all_copies", json!(true)),
    ]);
    let rec = c.s.save("disposals", None, None, &disposal, now()).unwrap();
    assert_eq!(rec.get("reference").as_str(), Some("DISP-2026-0001"));
    assert_eq!(rec.get("department_id").as_str(), Some(c.dept.as_str()), "the department follows the asset");
    let a1 = c.s.get("assets", leavers).unwrap();
    assert_eq!(a1.get("oldest_trigger"), &Value::Text("2021-01-01".into()));
    let due = c.s.due_for_disposal(today, 30, Lang::En).unwrap();
    assert_eq!(due.iter().map(|x| x.asset_reference.as_str()).collect::<Vec<_>>(), ["A-5"]);
    assert!(c.s.verify_audit().unwrap().problem.is_none(), "the asset's change is audited");

    // The record of a destruction is evidence: it can be corrected but never deleted.
    match c.s.delete("disposals", rec.id, rec.revision, now()) {
        Err(e @ Error::BadInput { .. }) => assert!(e.to_report(Lang::Cy).message.contains("byth eu dileu"), "{e:?}"),
        other => panic!("a disposal record was deleted: {other:?}"),
    }
    assert_eq!(c.s.get("disposals", rec.id).unwrap().revision, rec.revision);
    assert!(!cofrestr::Session::register("disposals").unwrap().deletable);
}

#[test]
fn a_disposal_needs_its_checks_certificate_and_an_owner_to_authorise_it() {
    let mut c = council();
    let hr = class_id(&c.s, "HR-01");
    let a = asset(&mut c, "A-1", Some(&hr), Some("2019-01-31"));
    // Someone who is neither the asset's IAO nor holds an owner's role.
    let clerk = c
        .s
        .save("people", None, None, &m(&[("name", json!("Records clerk")), ("department_id", json!(c.dept))]), now())
        .unwrap()
        .id
        .to_string();
    let base = m(&[
        ("description", json!("Leavers' files")),
        ("asset_id", json!(a.to_string())),
        ("retention_class_id", json!(hr)),
        ("format", json!("paper")),
        ("volume", json!("3 boxes")),
        ("records_from", json!("2018-01-01")),
        ("records_to", json!("2019-01-31")),
        ("disposal_date", json!("2026-11-20")),
        ("method", json!("cross-cut-shredding")),
        ("authorised_by_id", json!(c.me)),
        ("carried_out_by", json!("Records clerk")),
        ("no_legal_hold", json!(true)),
        ("no_open_request", json!(true)),
        ("all_copies", json!(true)),
    ]);
    let before = c.s.get("assets", a).unwrap();
    for (change, field) in [
        (vec![("all_copies", json!(false))], "all_copies"),
        (vec![("no_legal_hold", json!(false))], "no_legal_hold"),
        (vec![("method", json!("contractor"))], "certificate_ref"),
        (vec![("disposal_date", json!("2026-12-01"))], "disposal_date"),
        (vec![("records_from", json!("2019-02-01"))], "records_to"),
        (vec![("records_to", json!("2026-11-21"))], "records_to"),
        (vec![("authorised_by_id", json!(clerk))], "authorised_by_id"),
        (vec![("disposal_date", json!("2026-13-01"))], "disposal_date"),
    ] {
        let bad = with(&base, &change);
        assert_eq!(fields_of(c.s.save("disposals", None, None, &bad, now()).unwrap_err()), [field], "{change:?}");
    }
    // Without an asset: the series is needed, and the asset's IAO no longer counts as an owner
    // (the creator holds no role).
    assert_eq!(
        fields_of(c.s.save("disposals", None, None, &with(&base, &[("asset_id", json!(null))]), now()).unwrap_err()),
        ["series", "authorised_by_id"]
    );
    assert_eq!(c.s.all("disposals").unwrap().len(), 0, "nothing written");
    assert_eq!(c.s.get("assets", a).unwrap().revision, before.revision, "the asset is untouched");

    // The clerk may authorise once they hold the IAO role on the disposal date.
    c.s.save(
        "roles",
        None,
        None,
        &m(&[
            ("person_id", json!(clerk)),
            ("role", json!("iao")),
            ("department_id", json!(c.dept)),
            ("from_date", json!("2026-01-01")),
        ]),
        now(),
    )
    .unwrap();
    c.s.save("disposals", None, None, &with(&base, &[("authorised_by_id", json!(clerk))]), now()).unwrap();
    // A series not held as an asset can be logged too.
    c.s.save(
        "disposals",
        None,
        None,
        &with(
            &base,
            &[("asset_id", json!(null)), ("series", json!("Old timesheets")), ("authorised_by_id", json!(clerk))],
        ),
        now(),
    )
    .unwrap();
}
