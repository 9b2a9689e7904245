//! Training compliance on a hand-built dataset (who counts, valid, expiring, expired, never,
//! new starters, elected members apart, roles), the chase list and its spreadsheet; then site
//! audits (items copied from the checklist, score and RAG, completing needs every answer,
//! raising an action) and accountability self-assessments (a rating per expectation, score,
//! progress).

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeZone, Utc};
use cofrestr::i18n::Lang;
use cofrestr::session::NewDatabase;
use cofrestr::training::Standing;
use cofrestr::transfer::Format;
use cofrestr::Session;
use serde_json::{json, Value as Json};
use uuid::Uuid;

const PASS: &str = "heather harbour lantern 42";

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn m(pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

struct Council {
    s: Session,
    housing: String,
    _dir: tempfile::TempDir,
}

fn council() -> Council {
    let dir = tempfile::tempdir().unwrap();
    let s = Session::create(
        &dir.path().join("t.db"),
        PASS,
        PASS,
        &NewDatabase {
            council: "Wrexham County Borough Council".into(),
            user_name: "IMG Secretary".into(),
            department: "Housing".into(),
        },
        now(),
    )
    .unwrap();
    let housing = s.all("departments").unwrap()[0].id.to_string();
    Council { s, housing, _dir: dir }
}

impl Council {
    fn add(&mut self, register: &str, pairs: &[(&str, Json)]) -> String {
        self.s
            .save(register, None, None, &m(pairs), now())
            .unwrap_or_else(|e| panic!("{register}: {e:?}"))
            .id
            .to_string()
    }
    fn person(&mut self, name: &str, number: &str, start: &str, dept: Option<&str>) -> String {
        let mut p = vec![("name", json!(name)), ("staff_number", json!(number)), ("start_date", json!(start))];
        match dept {
            Some(d) => p.push(("department_id", json!(d))),
            None => p.push(("elected_member", json!(true))),
        }
        self.add("people", &p)
    }
    fn done(&mut self, person: &str, course: &str, on: &str) {
        self.add(
            "completions",
            &[("person_id", json!(person)), ("course_id", json!(course)), ("completed_on", json!(on))],
        );
    }
}

#[test]
fn compliance_counts_current_staff_holding_a_valid_completion_with_members_apart() {
    let mut c = council();
    let h = c.housing.clone();
    let gdpr = c.add(
        "courses",
        &[("name", json!("GDPR e-learning")), ("audience", json!("all-staff")), ("refresh_months", json!(12))],
    );
    let members_course =
        c.add("courses", &[("name", json!("Members' data protection")), ("audience", json!("elected-members"))]);
    let valid = c.person("Valid Val", "S1", "2020-01-01", Some(&h));
    let soon = c.person("Soon Sam", "S2", "2020-01-01", Some(&h));
    let expired = c.person("Lapsed Lowri", "S3", "2020-01-01", Some(&h));
    let _never = c.person("Never Ned", "S4", "2020-01-01", Some(&h));
    let _new = c.person("New Nia", "S5", "2026-11-10", Some(&h));
    let left = c.person("Gone Gareth", "S6", "2020-01-01", Some(&h));
    let cllr = c.person("Cllr Mair", "", "2022-05-09", None);
    c.done(&valid, &gdpr, "2026-06-01");
    c.done(&soon, &gdpr, "2025-12-10"); // expires 10/12/2026: within 30 days
    c.done(&expired, &gdpr, "2024-01-15");
    c.done(&expired, &gdpr, "2025-10-01"); // the latest counts: expired 01/10/2026
    c.done(&left, &gdpr, "2026-01-01");
    c.done(&cllr, &members_course, "2026-02-01");
    let mut rec = c.s.get("people", Uuid::parse_str(&left).unwrap()).unwrap();
    rec.fields.insert("leaving_date".into(), cofrestr::register::Value::Text("2026-10-31".into()));
    let input: BTreeMap<String, Json> =
        rec.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
    c.s.save("people", Some(rec.id), Some(rec.revision), &input, now()).unwrap();

    let comp = c.s.training_compliance(today(), Lang::En).unwrap();
    assert_eq!(comp.target_pct, 95);
    let course = comp.courses.iter().find(|k| k.name == "GDPR e-learning").unwrap();
    // The first-run user (no start date) counts as staff too: 6 staff, the leaver does not.
    assert_eq!(course.staff.required, 6);
    assert_eq!((course.staff.valid, course.staff.due_soon, course.staff.expired), (1, 1, 1));
    assert_eq!((course.staff.never, course.staff.new_starters), (2, 1));
    assert_eq!(course.staff.pct().map(|p| p.round()), Some(33.0), "2 of 6 hold it");
    assert_eq!(course.members.required, 0, "an all-staff course is not members'");
    assert_eq!(comp.members.required, 1);
    assert_eq!(comp.members.holding(), 1);
    assert_eq!(comp.departments.len(), 1);
    assert_eq!(comp.departments[0].tally.required, 6);

    // Four months ago Lowri was still in date and Gareth was still here.
    let earlier = c.s.training_compliance(NaiveDate::from_ymd_opt(2026, 7, 31).unwrap(), Lang::En).unwrap();
    let course = earlier.courses.iter().find(|k| k.name == "GDPR e-learning").unwrap();
    assert_eq!(course.staff.holding(), 4, "Val, Sam, Lowri and Gareth");
    assert_eq!(course.staff.required, 6, "Nia had not started; Gareth had not left");

    let chase = c.s.training_chase(today(), None, Lang::En).unwrap();
    let who: Vec<(&str, Standing)> = chase.iter().map(|x| (x.name.as_str(), x.standing)).collect();
    assert_eq!(
        who,
        [
            ("IMG Secretary", Standing::Never),
            ("Never Ned", Standing::Never),
            ("Lapsed Lowri", Standing::Expired),
            ("New Nia", Standing::NewStarter),
            ("Soon Sam", Standing::DueSoon)
        ]
    );
    assert_eq!(chase[3].due, NaiveDate::from_ymd_opt(2026, 12, 10), "a month from starting");
    let sheet = c.s.export_chase(today(), Some(&h), Format::Csv, Lang::Cy).unwrap();
    let text = String::from_utf8(sheet).unwrap();
    assert!(text.contains("Enw,Rhif staff,Adran,Cwrs,Sefyllfa"), "{text}");
    assert!(text.contains("Lapsed Lowri,S3,Housing,GDPR e-learning,Wedi dod i ben,01/10/2025,01/10/2026"), "{text}");
}

#[test]
fn the_chase_list_puts_elected_members_after_the_departments() {
    let mut c = council();
    let h = c.housing.clone();
    let gdpr = c.add("courses", &[("name", json!("GDPR e-learning")), ("audience", json!("all-staff"))]);
    let _members_course =
        c.add("courses", &[("name", json!("Members' data protection")), ("audience", json!("elected-members"))]);
    let _anwen = c.person("Anwen Cllr", "", "2022-05-09", None);
    let _zac = c.person("Zac Zephaniah", "S9", "2020-01-01", Some(&h));
    let me =
        c.s.all("people")
            .unwrap()
            .into_iter()
            .find(|p| p.fields.get("name").and_then(|v| v.as_str()) == Some("IMG Secretary"))
            .unwrap();
    c.done(&me.id.to_string(), &gdpr, "2026-01-01");

    for lang in [Lang::En, Lang::Cy] {
        let chase = c.s.training_chase(today(), None, lang).unwrap();
        let who: Vec<(&str, &str, Standing)> =
            chase.iter().map(|x| (x.name.as_str(), x.department.as_str(), x.standing)).collect();
        // "Anwen" sorts before "Zac", and "" before "Housing": by name or by department alone
        // the councillor would come first.
        assert_eq!(
            who,
            [("Zac Zephaniah", "Housing", Standing::Never), ("Anwen Cllr", "", Standing::Never)],
            "{lang:?}"
        );
    }
}

#[test]
fn role_courses_apply_to_role_holders_and_a_new_refresh_period_moves_expiries() {
    let mut c = council();
    let h = c.housing.clone();
    let iao_course = c.add(
        "courses",
        &[
            ("name", json!("IAO training")),
            ("audience", json!("roles")),
            ("roles", json!(["iao"])),
            ("refresh_months", json!(24)),
        ],
    );
    let owner = c.person("Owen Owner", "S1", "2020-01-01", Some(&h));
    c.person("Plain Pat", "S2", "2020-01-01", Some(&h));
    c.add(
        "roles",
        &[
            ("person_id", json!(owner)),
            ("role", json!("iao")),
            ("department_id", json!(h)),
            ("from_date", json!("2024-01-01")),
        ],
    );
    c.done(&owner, &iao_course, "2025-01-10");
    let comp = c.s.training_compliance(today(), Lang::En).unwrap();
    assert_eq!((comp.courses[0].staff.required, comp.courses[0].staff.holding()), (1, 1));

    // The course now lasts 12 months: Owen's completion expired on 10/01/2026.
    let course = c.s.get("courses", Uuid::parse_str(&iao_course).unwrap()).unwrap();
    let mut input: BTreeMap<String, Json> =
        course.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
    input.insert("refresh_months".into(), json!(12));
    c.s.save("courses", Some(course.id), Some(course.revision), &input, now()).unwrap();
    let done = &c.s.all("completions").unwrap()[0];
    assert_eq!(done.get("expires_on").to_plain(), "2026-01-10");
    let comp = c.s.training_compliance(today(), Lang::En).unwrap();
    assert_eq!(comp.courses[0].staff.expired, 1);

    let e =
        c.s.save("courses", None, None, &m(&[("name", json!("Bad")), ("audience", json!("roles"))]), now())
            .unwrap_err();
    assert!(matches!(e, cofrestr::Error::Validation(ref v) if v[0].field == "roles"));
}

#[test]
fn a_site_audit_copies_its_checklist_scores_its_answers_and_raises_actions() {
    let mut c = council();
    let h = c.housing.clone();
    let templates = c.s.all("checklist_templates").unwrap();
    assert_eq!(templates.len(), 1, "a new council has the starter spot check");
    let auditor = c.person("Iona IAA", "S1", "2020-01-01", Some(&h));
    let audit = c.add(
        "site_audits",
        &[
            ("site", json!("Plas Acton depot")),
            ("department_id", json!(h)),
            ("audit_date", json!("2026-11-20")),
            ("auditor_id", json!(auditor)),
            ("template_id", json!(templates[0].id.to_string())),
        ],
    );
    let mut items: Vec<_> = c.s.all("site_audit_items").unwrap();
    items.sort_by_key(|i| i.get("number").as_int());
    assert_eq!(items.len(), 16);
    assert!(items[0].get("item").to_plain().starts_with("Clear desk"));
    assert!(items[0].get("item_cy").to_plain().starts_with("Desg glir"));

    // The same site and date again is refused.
    let again = m(&[
        ("site", json!("plas acton depot")),
        ("audit_date", json!("2026-11-20")),
        ("auditor_id", json!(auditor)),
        ("template_id", json!(templates[0].id.to_string())),
    ]);
    assert!(c.s.save("site_audits", None, None, &again, now()).is_err());

    let answer = |c: &mut Council, i: usize, answer: &str, finding: Option<(&str, &str)>| {
        let rec =
            c.s.all("site_audit_items")
                .unwrap()
                .into_iter()
                .find(|r| r.get("number").as_int() == Some(i as i64))
                .unwrap();
        let mut input: BTreeMap<String, Json> =
            rec.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
        input.insert("answer".into(), json!(answer));
        if let Some((text, rag)) = finding {
            input.insert("finding".into(), json!(text));
            input.insert("finding_rag".into(), json!(rag));
        }
        c.s.save("site_audit_items", Some(rec.id), Some(rec.revision), &input, now()).map(|r| r.id)
    };
    // Fourteen compliant, one not applicable, one partly with an amber finding: 14.5 / 15.
    for i in 1..=14 {
        answer(&mut c, i, "compliant", None).unwrap();
    }
    answer(&mut c, 15, "not-applicable", None).unwrap();
    let e = answer(&mut c, 16, "partly", None).unwrap_err();
    assert!(
        matches!(e, cofrestr::Error::Validation(ref v) if v[0].message_id == "err-audit-explain"),
        "a shortfall must be explained"
    );
    let item16 =
        answer(&mut c, 16, "partly", Some(("Two of five staff asked did not know who to tell", "amber"))).unwrap();
    let a = c.s.get("site_audits", Uuid::parse_str(&audit).unwrap()).unwrap();
    assert_eq!(a.get("score").as_int(), Some(97));
    assert_eq!(a.get("rag").as_str(), Some("amber"), "a 97% score with an amber finding is amber");
    assert!(a.get("reference").to_plain().starts_with("SA-2026-"));

    let action = c.s.raise_action("site_audit_items", item16, now(), Lang::En).unwrap();
    assert_eq!(action.get("source").as_str(), Some("audit-finding"));
    assert_eq!(action.get("area").as_str(), Some("assurance"));
    assert_eq!(
        action.get("title").to_plain(),
        "Site audit at Plas Acton depot: Staff know how to report a data breach straight away, and to whom"
    );
    assert_eq!(action.get("owner_id").to_plain(), auditor);
    assert_eq!(action.get("due_on").to_plain(), "2027-02-24");
    let item = c.s.get("site_audit_items", item16).unwrap();
    assert_eq!(item.get("action_id").to_plain(), action.id.to_string());
    assert!(c.s.raise_action("site_audit_items", item16, now(), Lang::En).is_err(), "only once");
}

#[test]
fn a_site_audit_is_complete_only_when_every_item_is_answered() {
    let mut c = council();
    let h = c.housing.clone();
    let template = c.add(
        "checklist_templates",
        &[("name", json!("Two-item check")), ("items", json!("Desk clear | Desg glir\nBins locked"))],
    );
    let auditor = c.person("Iona IAA", "S1", "2020-01-01", Some(&h));
    let audit = c.add(
        "site_audits",
        &[
            ("site", json!("Ysgol Bryn Alyn")),
            ("audit_date", json!("2026-11-20")),
            ("auditor_id", json!(auditor)),
            ("template_id", json!(template)),
        ],
    );
    let rec = c.s.get("site_audits", Uuid::parse_str(&audit).unwrap()).unwrap();
    let mut input: BTreeMap<String, Json> =
        rec.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
    input.insert("status".into(), json!("complete"));
    let e = c.s.save("site_audits", Some(rec.id), Some(rec.revision), &input, now()).unwrap_err();
    let msg = e.to_report(Lang::Cy).fields[0].message.clone();
    assert!(msg.contains("Nid yw 2 eitem wedi'u hateb"), "{msg}");
    let items = c.s.all("site_audit_items").unwrap();
    assert_eq!(items.iter().filter(|i| i.get("item_cy").is_empty()).count(), 1, "the Welsh is optional per line");
}

#[test]
fn an_accountability_assessment_rates_every_expectation_and_scores_progress() {
    let mut c = council();
    let first = c.add(
        "accountability_assessments",
        &[("title", json!("2025 self-assessment")), ("assessed_on", json!("2025-11-01"))],
    );
    let ratings: Vec<_> = c.s.all("accountability_ratings").unwrap();
    let expectations = cofrestr::reference::list("accountability_expectation").len();
    assert_eq!(ratings.len(), expectations);
    assert!(expectations >= 40);
    let categories: std::collections::BTreeSet<String> = ratings.iter().map(|r| r.get("category").to_plain()).collect();
    assert_eq!(categories.len(), 10);
    let first_id = Uuid::parse_str(&first).unwrap();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, r) in ratings.iter().enumerate() {
        let mut input: BTreeMap<String, Json> =
            r.fields.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap())).collect();
        let rating = match i % 4 {
            0 => "not-met",
            1 => "partly-met",
            2 => "not-applicable",
            _ => "met",
        };
        *counts.entry(rating).or_default() += 1;
        input.insert("rating".into(), json!(rating));
        input.insert("evidence".into(), json!("Seen"));
        c.s.save("accountability_ratings", Some(r.id), Some(r.revision), &input, now()).unwrap();
    }
    let a = c.s.get("accountability_assessments", first_id).unwrap();
    // Met counts whole, partly met half, not applicable is left out.
    let (met, partly, not) = (counts["met"] as f64, counts["partly-met"] as f64, counts["not-met"] as f64);
    let expected = ((met + partly / 2.0) * 100.0 / (met + partly + not)).round() as i64;
    assert_eq!(a.get("score").as_int(), Some(expected));
    let not_met =
        c.s.all("accountability_ratings")
            .unwrap()
            .into_iter()
            .find(|r| r.get("rating").as_str() == Some("not-met"))
            .unwrap();
    let action = c.s.raise_action("accountability_ratings", not_met.id, now(), Lang::Cy).unwrap();
    assert!(action.get("title").to_plain().starts_with("Atebolrwydd: "), "{}", action.get("title").to_plain());
    let met =
        c.s.all("accountability_ratings")
            .unwrap()
            .into_iter()
            .find(|r| r.get("rating").as_str() == Some("met"))
            .unwrap();
    assert!(c.s.raise_action("accountability_ratings", met.id, now(), Lang::En).is_err(), "nothing to act on");
}
