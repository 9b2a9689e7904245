//! The figures for the packs, against a small hand-built dataset whose answers were worked out
//! by hand (the working is in the comments). Quarter under test: 2026-27-Q2, July to September.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use cofrestr::figures::{self, Quarter};
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use serde_json::{json, Value as Json};

const PASS: &str = "heather harbour lantern 42";

fn m(pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

struct Data {
    _dir: tempfile::TempDir,
    s: Session,
    hsg: String,
    fin: String,
    env: String,
}

fn dataset() -> Data {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let mut s = Session::create(
        &dir.path().join("f.db"),
        PASS,
        PASS,
        &NewDatabase {
            council: "Wrexham".into(),
            user_name: "IMG Secretary".into(),
            department: "Housing and Communities".into(),
        },
        now,
    )
    .unwrap();
    let hsg = s.all("departments").unwrap()[0].id.to_string();
    let mut dept = |name: &str, code: &str| {
        s.save("departments", None, None, &m(&[("name", json!(name)), ("code", json!(code))]), now)
            .unwrap()
            .id
            .to_string()
    };
    let fin = dept("Finance and ICT", "FIN");
    let env = dept("Environment and Technical", "ENV");
    let mut req = |pairs: &[(&str, Json)]| {
        let mut f = m(&[("summary", json!("A request"))]);
        for (k, v) in pairs {
            f.insert(k.to_string(), v.clone());
        }
        s.save("requests", None, None, &f, now).unwrap()
    };
    // A: FOI received 1 Jul, answered 20 Jul (due 29 Jul): on time, granted in full. Housing.
    req(&[
        ("request_type", json!("foi")),
        ("received_on", json!("2026-07-01")),
        ("responded_on", json!("2026-07-20")),
        ("outcome", json!("granted-full")),
        ("department_ids", json!([hsg])),
    ]);
    // B: FOI received Mon 6 Jul. Day 20 would be Mon 3 Aug, Scotland's summer holiday, so
    // Tue 4 Aug. Answered 20 Aug: late. Part granted under s40(2) and s43. Housing and Finance.
    // Internal review asked Tue 25 Aug, due Wed 23 Sep (31 Aug is a bank holiday), done 15 Sep: upheld.
    req(&[
        ("request_type", json!("foi")),
        ("received_on", json!("2026-07-06")),
        ("responded_on", json!("2026-08-20")),
        ("outcome", json!("granted-part")),
        ("exemptions", json!(["foi-s40-2", "foi-s43"])),
        ("department_ids", json!([hsg, fin])),
        ("review_requested_on", json!("2026-08-25")),
        ("review_completed_on", json!("2026-09-15")),
        ("review_outcome", json!("upheld")),
    ]);
    // C: EIR received 10 Aug, extended under reg 7 (told 20 Aug), answered 30 Sep: within the
    // permitted extension. Environment.
    req(&[
        ("request_type", json!("eir")),
        ("received_on", json!("2026-08-10")),
        ("extended", json!(true)),
        ("extension_kind", json!("reg7")),
        ("extension_reason", json!("Complex and voluminous")),
        ("extension_notified_on", json!("2026-08-20")),
        ("responded_on", json!("2026-09-30")),
        ("outcome", json!("granted-full")),
        ("department_ids", json!([env])),
    ]);
    // D: FOI received 25 Sep, still open at the end of the quarter. Housing.
    req(&[("request_type", json!("foi")), ("received_on", json!("2026-09-25")), ("department_ids", json!([hsg]))]);
    // E: FOI received Sat 20 Jun (Q1). Day 1 Mon 22 Jun; Mon 13 Jul (the Boyne substitute in
    // Northern Ireland) is skipped, so due Mon 20 Jul. Answered 10 Jul (Q2): on time, not held.
    req(&[
        ("request_type", json!("foi")),
        ("received_on", json!("2026-06-20")),
        ("responded_on", json!("2026-07-10")),
        ("outcome", json!("not-held")),
        ("department_ids", json!([fin])),
    ]);
    // G: FOI received 3 Aug, withdrawn 5 Aug: closed, but not in the timeliness figures.
    req(&[
        ("request_type", json!("foi")),
        ("received_on", json!("2026-08-03")),
        ("responded_on", json!("2026-08-05")),
        ("outcome", json!("withdrawn")),
        ("department_ids", json!([hsg])),
    ]);
    // F: SAR received 15 Jul, due Mon 17 Aug (15 Aug is a Saturday), answered 10 Aug.
    req(&[
        ("request_type", json!("sar")),
        ("received_on", json!("2026-07-15")),
        ("responded_on", json!("2026-08-10")),
        ("outcome", json!("granted-full")),
    ]);
    // H: DP complaint received 1 Jul, acknowledged 20 Jul (within 30 days), outcome 15 Aug.
    req(&[
        ("request_type", json!("dp-complaint")),
        ("received_on", json!("2026-07-01")),
        ("acknowledged_on", json!("2026-07-20")),
        ("responded_on", json!("2026-08-15")),
        ("outcome", json!("complaint-partly")),
    ]);

    let mut breach = |pairs: &[(&str, Json)]| {
        let mut f = m(&[("title", json!("Incident")), ("what_happened", json!("Details"))]);
        for (k, v) in pairs {
            f.insert(k.to_string(), v.clone());
        }
        s.save("breaches", None, None, &f, now).unwrap()
    };
    // B1: 10 Jul, email to the wrong person, risk, reported next day (in time). Housing.
    breach(&[
        ("aware_at", json!("2026-07-10 10:00")),
        ("breach_types", json!(["confidentiality"])),
        ("cause", json!("misdirected-email")),
        ("risk", json!("risk")),
        ("notify_ico", json!("yes")),
        ("reported_at", json!("2026-07-11 09:00")),
        ("tell_subjects", json!("no")),
        ("department_id", json!(hsg)),
    ]);
    // B2: 1 Aug, lost laptop, confidentiality and availability, high risk, reported 5 Aug (late), people told.
    breach(&[
        ("aware_at", json!("2026-08-01 08:00")),
        ("breach_types", json!(["confidentiality", "availability"])),
        ("cause", json!("lost-device")),
        ("risk", json!("high-risk")),
        ("notify_ico", json!("yes")),
        ("reported_at", json!("2026-08-05 09:00")),
        ("late_reason", json!("Extent unknown")),
        ("tell_subjects", json!("yes")),
        ("cyber", json!("no")),
    ]);
    // B3: 2 Sep, integrity, system error, no risk, not notified.
    breach(&[
        ("aware_at", json!("2026-09-02 14:00")),
        ("breach_types", json!(["integrity"])),
        ("cause", json!("system-error")),
        ("risk", json!("no-risk")),
        ("notify_ico", json!("no")),
        ("notify_ico_reason", json!("Corrected within the hour")),
        ("cyber", json!("yes")),
    ]);
    // B4: a near miss on 10 Sep.
    breach(&[
        ("aware_at", json!("2026-09-10 11:00")),
        ("near_miss", json!(true)),
        ("cause", json!("misdirected-post")),
    ]);
    // B5: 00:30 BST on 1 July (23:30 UTC on 30 June): in Q2 by the UK calendar.
    breach(&[
        ("aware_at", json!("2026-06-30T23:30:00Z")),
        ("breach_types", json!(["confidentiality"])),
        ("cause", json!("misdirected-post")),
        ("department_id", json!(hsg)),
    ]);
    Data { _dir: dir, s, hsg, fin, env }
}

fn q2() -> figures::Period {
    "2026-27-Q2".parse::<Quarter>().unwrap().period()
}

#[test]
fn foi_figures_for_the_quarter() {
    let d = dataset();
    let c = d.s.connection();
    let foi = figures::requests(c, "foi", q2(), None).unwrap();
    assert_eq!(foi.received, 4, "A, B, D, G (E came in Q1)");
    assert_eq!(foi.closed, 4, "A, B, E, G");
    assert_eq!((foi.on_time, foi.on_time_extended, foi.late, foi.withdrawn), (2, 0, 1, 1));
    assert_eq!(foi.still_open, 1, "D");
    let pct = foi.percent_on_time().unwrap();
    assert!((pct - 200.0 / 3.0).abs() < 1e-9, "{pct}");
    let outcomes: Vec<(&str, i64)> = foi.outcomes.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(outcomes, [("granted-full", 1), ("granted-part", 1), ("not-held", 1), ("withdrawn", 1)]);
    let exemptions: Vec<(&str, i64)> = foi.exemptions.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(exemptions, [("foi-s40-2", 1), ("foi-s43", 1)]);
    assert_eq!((foi.reviews_requested, foi.reviews_completed, foi.reviews_on_time), (1, 1, 1));
    assert_eq!(foi.review_outcomes.get("upheld"), Some(&1));

    let q1 = figures::requests(c, "foi", "2026-27-Q1".parse::<Quarter>().unwrap().period(), None).unwrap();
    assert_eq!((q1.received, q1.closed, q1.still_open), (1, 0, 1), "E was open at the end of June");
}

#[test]
fn eir_sar_and_complaint_figures() {
    let d = dataset();
    let c = d.s.connection();
    let eir = figures::requests(c, "eir", q2(), None).unwrap();
    assert_eq!(
        (eir.received, eir.closed, eir.on_time, eir.on_time_extended, eir.late, eir.extended),
        (1, 1, 0, 1, 0, 1)
    );
    assert_eq!(eir.percent_on_time(), Some(100.0));
    let sar = figures::requests(c, "sar", q2(), None).unwrap();
    assert_eq!((sar.received, sar.closed, sar.on_time), (1, 1, 1));
    let complaints = figures::requests(c, "dp-complaint", q2(), None).unwrap();
    assert_eq!((complaints.received, complaints.acknowledged_in_time), (1, 1));
    assert_eq!(figures::requests(c, "rights", q2(), None).unwrap(), Default::default());
}

#[test]
fn request_figures_by_department() {
    let d = dataset();
    let c = d.s.connection();
    let by = figures::requests_by_department(c, &["foi", "eir"], q2()).unwrap();
    assert_eq!(by.get(&d.hsg), Some(&4), "A, B, D and the withdrawn G");
    assert_eq!(by.get(&d.fin), Some(&1), "B");
    assert_eq!(by.get(&d.env), Some(&1), "C");
    let housing = figures::requests(c, "foi", q2(), Some(&d.hsg)).unwrap();
    assert_eq!((housing.received, housing.on_time, housing.late), (4, 1, 1));
}

#[test]
fn breach_figures_for_the_quarter() {
    let d = dataset();
    let c = d.s.connection();
    let b = figures::breaches(c, q2(), None).unwrap();
    assert_eq!((b.incidents, b.near_misses), (4, 1), "B1, B2, B3 and B5; B4 is a near miss");
    let types: Vec<(&str, i64)> = b.by_type.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(types, [("availability", 1), ("confidentiality", 3), ("integrity", 1)]);
    let causes: Vec<(&str, i64)> = b.by_cause.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(causes, [("lost-device", 1), ("misdirected-email", 1), ("misdirected-post", 1), ("system-error", 1)]);
    assert_eq!((b.reported_to_ico, b.reported_within_72h, b.people_told, b.cyber), (2, 1, 1, 1));
    assert_eq!(b.percent_within_72h(), Some(50.0));
    let housing = figures::breaches(c, q2(), Some(&d.hsg)).unwrap();
    assert_eq!(housing.incidents, 2, "B1 and B5");
    let q1 = figures::breaches(c, "2026-27-Q1".parse::<Quarter>().unwrap().period(), None).unwrap();
    assert_eq!(q1, Default::default(), "B5 belongs to July in UK time");
}
