//! Requests and breaches: computed due dates, status, timeliness, the guided breach decision
//! and the dashboard's due list, with a fixed "now".

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, TimeZone, Utc};
use cofrestr::error::Error;
use cofrestr::i18n::Lang;
use cofrestr::register::Value;
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use serde_json::{json, Value as Json};

const PASS: &str = "heather harbour lantern 42";

fn now() -> DateTime<Utc> {
    // Tuesday 24 November 2026, 10:30 GMT.
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 30, 0).unwrap()
}

fn db() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::create(
        &dir.path().join("c.db"),
        PASS,
        PASS,
        &NewDatabase {
            council: "Wrexham".into(),
            user_name: "Siân Hughes".into(),
            department: "Corporate and Customer Services".into(),
        },
        now(),
    )
    .unwrap();
    (dir, s)
}

fn input(pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn request(s: &mut Session, extra: &[(&str, Json)]) -> Result<cofrestr::register::Record, Error> {
    let mut m = input(&[
        ("request_type", json!("foi")),
        ("received_on", json!("2026-11-20")),
        ("summary", json!("Pothole repairs 2025")),
    ]);
    for (k, v) in extra {
        m.insert(k.to_string(), v.clone());
    }
    s.save("requests", None, None, &m, now())
}

fn fields_of(err: Error) -> Vec<String> {
    match err {
        Error::Validation(f) => f.into_iter().map(|e| e.field).collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn foi_due_date_reference_and_status_are_computed() {
    let (_d, mut s) = db();
    let r = request(&mut s, &[]).unwrap();
    assert_eq!(text(r.get("due_on")), "2026-12-21", "St Andrew's Day is not a working day");
    assert_eq!(text(r.get("reference")), "FOI-2026-0001");
    assert_eq!(text(r.get("status")), "open");
    assert_eq!(r.get("timeliness"), &Value::Null);
    let r2 = request(&mut s, &[]).unwrap();
    assert_eq!(text(r2.get("reference")), "FOI-2026-0002");
    // A typed due date is ignored: it is computed, never typed.
    let r3 = request(&mut s, &[("due_on", json!("2027-06-01"))]).unwrap();
    assert_eq!(text(r3.get("due_on")), "2026-12-21");
}

#[test]
fn clarification_stops_the_clock_until_it_arrives() {
    let (_d, mut s) = db();
    let r = request(&mut s, &[("clarification_sought_on", json!("2026-11-23"))]).unwrap();
    assert_eq!(r.get("due_on"), &Value::Null);
    assert_eq!(text(r.get("status")), "awaiting-clarification");
    let mut m = input(&[
        ("request_type", json!("foi")),
        ("received_on", json!("2026-11-20")),
        ("summary", json!("Pothole repairs 2025")),
        ("reference", json!(text(r.get("reference")))),
        ("clarification_sought_on", json!("2026-11-23")),
        ("clarification_received_on", json!("2026-11-24")),
    ]);
    // Counts as received Tue 24 Nov: 25-27 Nov (3), 30 Nov is St Andrew's Day, 1-4 Dec (7),
    // 7-11 (12), 14-18 (17), 21-23 (20) → Wed 23 Dec.
    let r = s.save("requests", Some(r.id), Some(r.revision), &m, now()).unwrap();
    assert_eq!(text(r.get("due_on")), "2026-12-23");
    assert_eq!(text(r.get("status")), "open");
    // A received date without a sought date is refused, and so is one before it.
    m.remove("clarification_sought_on");
    assert_eq!(
        fields_of(s.save("requests", Some(r.id), Some(r.revision), &m, now()).unwrap_err()),
        ["clarification_sought_on"]
    );
}

#[test]
fn fees_notice_days_are_disregarded() {
    let (_d, mut s) = db();
    let r = request(&mut s, &[("fee_notice_on", json!("2026-11-20"))]).unwrap();
    assert_eq!(text(r.get("status")), "awaiting-fee");
    assert_eq!(r.get("due_on"), &Value::Null);
}

#[test]
fn answered_requests_are_on_time_or_late_and_closed() {
    let (_d, mut s) = db();
    assert_eq!(fields_of(request(&mut s, &[("responded_on", json!("2026-11-23"))]).unwrap_err()), ["outcome"]);
    let on_time =
        request(&mut s, &[("responded_on", json!("2026-11-23")), ("outcome", json!("granted-full"))]).unwrap();
    assert_eq!(text(on_time.get("timeliness")), "on-time");
    assert_eq!(text(on_time.get("status")), "closed");
    let late = s
        .save(
            "requests",
            None,
            None,
            &input(&[
                ("request_type", json!("foi")),
                ("received_on", json!("2026-09-01")),
                ("summary", json!("Agency staff costs")),
                ("responded_on", json!("2026-10-14")),
                ("outcome", json!("granted-part")),
                ("exemptions", json!(["foi-s43", "foi-s40-2"])),
            ]),
            now(),
        )
        .unwrap();
    // 1 Sep 2026: day 20 is Tue 29 Sep; answered 14 Oct.
    assert_eq!(text(late.get("due_on")), "2026-09-29");
    assert_eq!(text(late.get("timeliness")), "late");
    // Extension: needs its kind, reason and notice date; then 40 working days.
    let err = request(&mut s, &[("extended", json!(true))]).unwrap_err();
    assert_eq!(fields_of(err), ["extension_kind", "extension_reason", "extension_notified_on"]);
    let ext = request(
        &mut s,
        &[
            ("extended", json!(true)),
            ("extension_kind", json!("pit")),
            ("extension_reason", json!("Considering the public interest in s43")),
            ("extension_notified_on", json!("2026-12-10")),
            ("responded_on", json!("2026-11-24")),
            ("outcome", json!("refused")),
        ],
    )
    .unwrap();
    assert_eq!(text(ext.get("due_on")), "2027-01-22");
    assert_eq!(text(ext.get("timeliness")), "on-time-extended");
    // Told of the extension after the first 20 working days (due 21 Dec): no extension, so the
    // original deadline stands and a January answer is late.
    let told_late = s
        .save(
            "requests",
            None,
            None,
            &input(&[
                ("request_type", json!("foi")),
                ("received_on", json!("2026-09-01")),
                ("summary", json!("Consultants' fees")),
                ("extended", json!(true)),
                ("extension_kind", json!("pit")),
                ("extension_reason", json!("Public interest in s43")),
                ("extension_notified_on", json!("2026-10-02")),
                ("responded_on", json!("2026-10-20")),
                ("outcome", json!("refused")),
            ]),
            now(),
        )
        .unwrap();
    assert_eq!(text(told_late.get("due_on")), "2026-09-29", "the notice came after day 20 (29 Sep)");
    assert_eq!(text(told_late.get("timeliness")), "late");
}

#[test]
fn sar_complaint_and_internal_review_clocks() {
    let (_d, mut s) = db();
    let sar = s
        .save(
            "requests",
            None,
            None,
            &input(&[
                ("request_type", json!("sar")),
                ("received_on", json!("2026-10-20")),
                ("id_received_on", json!("2026-10-30")),
                ("summary", json!("All social care records")),
            ]),
            now(),
        )
        .unwrap();
    // From the ID (30 Oct): 30 Nov, St Andrew's Day, is an E&W working day for the SAR roll.
    assert_eq!(text(sar.get("due_on")), "2026-11-30");
    assert_eq!(text(sar.get("reference")), "SAR-2026-0001");
    let c = s
        .save(
            "requests",
            None,
            None,
            &input(&[
                ("request_type", json!("dp-complaint")),
                ("received_on", json!("2026-11-02")),
                ("summary", json!("Letter sent to old address")),
            ]),
            now(),
        )
        .unwrap();
    assert_eq!(text(c.get("due_on")), "2026-12-02", "acknowledge within 30 days");
    let err = request(&mut s, &[("id_received_on", json!("2026-11-21"))]).unwrap_err();
    assert_eq!(fields_of(err), ["id_received_on"], "ID is for subject access only");
    let reviewed = request(
        &mut s,
        &[
            ("responded_on", json!("2026-11-23")),
            ("outcome", json!("refused")),
            ("review_requested_on", json!("2026-11-24")),
        ],
    )
    .unwrap();
    assert_eq!(text(reviewed.get("status")), "under-review");
    assert_eq!(text(reviewed.get("review_due_on")), "2026-12-23");
}

#[test]
fn a_proclaimed_bank_holiday_moves_new_deadlines() {
    let (_d, mut s) = db();
    s.save(
        "holidays",
        None,
        None,
        &input(&[("day", json!("2026-12-01")), ("nation", json!("scotland")), ("name", json!("Proclaimed day"))]),
        now(),
    )
    .unwrap();
    let r = request(&mut s, &[]).unwrap();
    assert_eq!(text(r.get("due_on")), "2026-12-22");
}

fn breach(extra: &[(&str, Json)]) -> BTreeMap<String, Json> {
    let mut m = input(&[
        ("title", json!("Care plan emailed to wrong family")),
        ("what_happened", json!("A care plan was emailed to a namesake.")),
        ("aware_at", json!("2026-11-21 11:30")),
        ("cause", json!("misdirected-email")),
        ("breach_types", json!(["confidentiality"])),
    ]);
    for (k, v) in extra {
        m.insert(k.to_string(), v.clone());
    }
    m
}

#[test]
fn the_breach_decision_is_guided_and_recorded() {
    let (_d, mut s) = db();
    let b = s.save("breaches", None, None, &breach(&[]), now()).unwrap();
    assert_eq!(text(b.get("reference")), "BR-2026-0001");
    assert_eq!(text(b.get("ico_deadline")), "2026-11-24T11:30:00Z", "aware 21 Nov 11:30 GMT + 72 h");
    assert_eq!(text(b.get("status")), "open");
    // Deciding before assessing, refusing to notify a risky breach, or saying no without a reason.
    assert_eq!(
        fields_of(s.save("breaches", None, None, &breach(&[("notify_ico", json!("yes"))]), now()).unwrap_err()),
        ["risk"]
    );
    let risky = breach(&[("risk", json!("risk")), ("notify_ico", json!("no")), ("notify_ico_reason", json!("small"))]);
    assert_eq!(fields_of(s.save("breaches", None, None, &risky, now()).unwrap_err()), ["notify_ico"]);
    let no_reason = breach(&[("risk", json!("no-risk")), ("notify_ico", json!("no"))]);
    assert_eq!(fields_of(s.save("breaches", None, None, &no_reason, now()).unwrap_err()), ["notify_ico_reason"]);
    let high = breach(&[("risk", json!("high-risk")), ("notify_ico", json!("yes")), ("tell_subjects", json!("no"))]);
    assert_eq!(fields_of(s.save("breaches", None, None, &high, now()).unwrap_err()), ["tell_subjects_reason"]);
    // Reported after the deadline: the reasons for the delay are required.
    let late =
        breach(&[("risk", json!("risk")), ("notify_ico", json!("yes")), ("reported_at", json!("2026-11-24 12:00"))]);
    assert_eq!(fields_of(s.save("breaches", None, None, &late, now()).unwrap_err()), ["late_reason"]);
    let mut late = late;
    late.insert("late_reason".into(), json!("The DPO was on leave and the deputy was not told."));
    let r = s.save("breaches", None, None, &late, now()).unwrap();
    assert_eq!(text(r.get("reported_in_time")), "no");
    assert_eq!(text(r.get("status")), "reported");
    let in_time =
        breach(&[("risk", json!("risk")), ("notify_ico", json!("yes")), ("reported_at", json!("2026-11-22 09:00"))]);
    assert_eq!(text(s.save("breaches", None, None, &in_time, now()).unwrap().get("reported_in_time")), "yes");
    // Awareness typed in British Summer Time is stored in UTC.
    let summer = s.save("breaches", None, None, &breach(&[("aware_at", json!("2026-07-01 09:00"))]), now()).unwrap();
    assert_eq!(text(summer.get("aware_at")), "2026-07-01T08:00:00Z");
}

#[test]
fn the_dashboard_lists_what_is_due_soonest_first() {
    let (_d, mut s) = db();
    // Aware 71 hours ago: one hour left.
    let aware = (now() - Duration::hours(71)).to_rfc3339();
    s.save("breaches", None, None, &breach(&[("aware_at", json!(aware)), ("title", json!("Lost laptop"))]), now())
        .unwrap();
    // A near miss and a decided not-notifiable breach run no clock.
    s.save("breaches", None, None, &breach(&[("near_miss", json!(true))]), now()).unwrap();
    s.save(
        "breaches",
        None,
        None,
        &breach(&[
            ("risk", json!("no-risk")),
            ("notify_ico", json!("no")),
            ("notify_ico_reason", json!("Encrypted attachment")),
        ]),
        now(),
    )
    .unwrap();
    request(&mut s, &[]).unwrap(); // due 21 Dec
    request(&mut s, &[("received_on", json!("2026-10-20"))]).unwrap(); // due 17 Nov: overdue
    request(&mut s, &[("received_on", json!("2026-10-27"))]).unwrap(); // due 24 Nov: today
    request(&mut s, &[("clarification_sought_on", json!("2026-11-21"))]).unwrap();
    let d = s.dashboard(now(), Lang::En).unwrap();
    let codes: Vec<&str> = d.due.iter().map(|i| i.code).collect();
    assert_eq!(codes, ["request-overdue", "breach-clock", "request-due", "request-due", "request-stopped"]);
    assert!(d.due[1].urgent);
    assert_eq!(d.due[1].message, "BR-2026-0001 Lost laptop: 1 h 0 min left to tell the ICO (by 24/11/2026 11:30).");
    assert_eq!(
        d.due[0].message,
        "FOI-2026-0002 (Freedom of information (FOI)) was due 17 November 2026: 5 working days late."
    );
    assert_eq!(d.due[2].message, "FOI-2026-0003 (Freedom of information (FOI)) due 24 November 2026: due today.");
    assert!(d.due[2].urgent && !d.due[3].urgent);
    let cy = s.dashboard(now(), Lang::Cy).unwrap();
    assert_eq!(
        cy.due[1].message,
        "BR-2026-0001 Lost laptop: 1 awr 0 munud ar ôl i roi gwybod i'r ICO (erbyn 24/11/2026 11:30)."
    );
    // Two hours on, the same breach is overdue.
    let later = s.dashboard(now() + Duration::hours(2), Lang::En).unwrap();
    assert!(later.due.iter().any(|i| i.code == "breach-overdue" && i.message.contains("passed 1 h 0 min ago")));
}

#[test]
fn the_dashboard_warns_as_the_known_bank_holidays_run_out() {
    let (_d, s) = db();
    let codes = |now: DateTime<Utc>| -> Vec<&'static str> {
        s.dashboard(now, Lang::En).unwrap().attention.iter().map(|a| a.code).collect()
    };
    assert!(!codes(now()).contains(&"holidays-ending"));
    let late_2030 = Utc.with_ymd_and_hms(2030, 11, 1, 9, 0, 0).unwrap();
    assert!(codes(late_2030).contains(&"holidays-ending"));
    let msg = s
        .dashboard(late_2030, Lang::Cy)
        .unwrap()
        .attention
        .into_iter()
        .find(|a| a.code == "holidays-ending")
        .unwrap()
        .message;
    assert!(msg.contains("hyd at ddiwedd 2030"), "{msg}");
}

#[test]
fn the_breach_scheme_is_configurable() {
    let (_d, mut s) = db();
    // The ICO's scheme by default: the scores are recorded but the assessor chooses the risk.
    let b = s
        .save("breaches", None, None, &breach(&[("likelihood_score", json!(5)), ("impact_score", json!(5))]), now())
        .unwrap();
    assert_eq!(b.get("risk"), &Value::Null);
    let mut settings = s.settings().unwrap();
    settings.breach_scheme = cofrestr::settings::BreachScheme::NhsDspt;
    s.set_settings(&settings, now()).unwrap();
    let grid = |l: i64, i: i64| cofrestr::registers::breaches::nhs_grid_risk(l, i);
    assert_eq!(
        (grid(2, 5), grid(3, 1), grid(3, 2), grid(5, 3), grid(3, 4)),
        ("no-risk", "no-risk", "risk", "risk", "high-risk")
    );
    let b = s
        .save("breaches", None, None, &breach(&[("likelihood_score", json!(4)), ("impact_score", json!(2))]), now())
        .unwrap();
    assert_eq!(text(b.get("risk")), "risk", "likely and minor: reportable");
    // The grid's verdict drives the decision rules: a reportable breach must be notified.
    let refuse = breach(&[
        ("likelihood_score", json!(4)),
        ("impact_score", json!(2)),
        ("notify_ico", json!("no")),
        ("notify_ico_reason", json!("Small")),
    ]);
    assert_eq!(fields_of(s.save("breaches", None, None, &refuse, now()).unwrap_err()), ["notify_ico"]);
    let scored = s
        .save(
            "breaches",
            None,
            None,
            &breach(&[("likelihood_score", json!(2)), ("impact_score", json!(4)), ("risk", json!("high-risk"))]),
            now(),
        )
        .unwrap();
    assert_eq!(text(scored.get("risk")), "no-risk", "under the grid the scores decide");
    assert!(matches!(
        s.save("breaches", None, None, &breach(&[("impact_score", json!(6))]), now()),
        Err(Error::Validation(_))
    ));
}

/// The saved views of the casework lists (issue 21): open cases soonest due first, overdue,
/// due within 30 days, and the signed-in officer's own.
#[test]
fn casework_views_find_open_overdue_due_and_mine_soonest_first() {
    use cofrestr::register::store::ListQuery;
    let (_d, mut s) = db();
    let me = s.installation().user_person_id.clone().unwrap();
    let overdue = request(&mut s, &[("received_on", json!("2026-10-01")), ("summary", json!("Overdue"))]).unwrap();
    let soon = request(&mut s, &[("summary", json!("Soon"))]).unwrap();
    let stopped =
        request(&mut s, &[("clarification_sought_on", json!("2026-11-21")), ("summary", json!("Stopped"))]).unwrap();
    request(
        &mut s,
        &[("responded_on", json!("2026-11-23")), ("outcome", json!("granted-full")), ("summary", json!("Done"))],
    )
    .unwrap();
    let mine = request(
        &mut s,
        &[("received_on", json!("2026-11-23")), ("link_officer_id", json!(me)), ("summary", json!("Mine"))],
    )
    .unwrap();
    let titles = |s: &Session, view: &str, sort: Option<&str>, at: DateTime<Utc>| -> Vec<String> {
        let mut q = ListQuery { sort: sort.map(str::to_string), ..Default::default() };
        q.filters.insert("view".into(), view.into());
        let page = s.list_shown("requests", &q, at).unwrap();
        assert_eq!(page.total, page.rows.len());
        page.rows.iter().map(|r| text(r.record.get("summary")).to_string()).collect()
    };
    assert_eq!(titles(&s, "all", None, now()).len(), 5);
    assert_eq!(
        titles(&s, "open", Some("due"), now()),
        ["Overdue", "Soon", "Mine", "Stopped"],
        "soonest first, no due date last"
    );
    assert_eq!(titles(&s, "overdue", Some("due"), now()), ["Overdue"]);
    assert_eq!(titles(&s, "soon", Some("due"), now()), ["Soon", "Mine"]);
    assert_eq!(titles(&s, "mine", None, now()), ["Mine"]);
    assert!(text(overdue.get("due_on")) < "2026-11-24" && text(soon.get("due_on")) > "2026-11-24");
    assert_eq!(stopped.get("due_on"), &Value::Null);
    assert_eq!(text(mine.get("status")), "open");
    // Under internal review, a request is due when the review is, not at its answered due date.
    let review = request(
        &mut s,
        &[
            ("received_on", json!("2026-09-01")),
            ("responded_on", json!("2026-09-25")),
            ("outcome", json!("refused")),
            ("exemptions", json!(["foi-s43"])),
            ("review_requested_on", json!("2026-11-20")),
            ("summary", json!("Review")),
        ],
    )
    .unwrap();
    assert_eq!(text(review.get("status")), "under-review");
    assert!(text(review.get("due_on")) < "2026-11-24" && text(review.get("review_due_on")) > "2026-11-24");
    assert_eq!(titles(&s, "overdue", Some("due"), now()), ["Overdue"]);
    assert!(titles(&s, "soon", Some("due"), now()).contains(&"Review".to_string()));
    // A breach is overdue from the minute its ICO deadline passes (24/11 11:30 GMT), not the
    // next day; once reported it is due no more.
    s.save("breaches", None, None, &breach(&[]), now()).unwrap();
    s.save(
        "breaches",
        None,
        None,
        &breach(&[("risk", json!("risk")), ("notify_ico", json!("yes")), ("reported_at", json!("2026-11-22 09:00"))]),
        now(),
    )
    .unwrap();
    let breaches = |view: &str, at: DateTime<Utc>| {
        let mut q = ListQuery::default();
        q.filters.insert("view".into(), view.into());
        s.list_shown("breaches", &q, at).unwrap().total
    };
    assert_eq!((breaches("open", now()), breaches("overdue", now()), breaches("soon", now())), (2, 0, 1));
    let later = now() + Duration::minutes(61);
    assert_eq!((breaches("overdue", later), breaches("soon", later)), (1, 0), "past 11:30 it is overdue");
    // A view a register does not have, or a made-up one, is refused, not ignored.
    let mut q = ListQuery::default();
    q.filters.insert("view".into(), "overdue".into());
    assert!(matches!(s.list("departments", &q, now().date_naive()), Err(Error::BadInput { .. })));
    q.filters.insert("view".into(), "everything".into());
    assert!(matches!(s.list("requests", &q, now().date_naive()), Err(Error::BadInput { .. })));
}
