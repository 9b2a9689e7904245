//! The action plan: quarterly updates set the action's RAG, one update per quarter, links back
//! to the record an action came from, and links navigating both ways.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use cofrestr::error::Error;
use cofrestr::i18n::Lang;
use cofrestr::register::Value;
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use serde_json::{json, Value as Json};

fn m(pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn field_of(e: Error) -> String {
    match e {
        Error::Validation(f) => f[0].field.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn quarterly_updates_set_the_rag_and_links_go_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "IMG Secretary".into(),
        department: "Corporate and Customer Services".into(),
    };
    let mut s = Session::create(
        &dir.path().join("a.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now,
    )
    .unwrap();
    let risk = s
        .save(
            "risks",
            None,
            None,
            &m(&[
                ("title", json!("Unencrypted laptops")),
                ("inherent_likelihood", json!(4)),
                ("inherent_impact", json!(4)),
                ("residual_likelihood", json!(3)),
                ("residual_impact", json!(4)),
                ("review_date", json!("2027-01-31")),
            ]),
            now,
        )
        .unwrap();
    let action = |extra: &[(&str, Json)]| {
        let mut f = m(&[
            ("title", json!("Encrypt every laptop")),
            ("area", json!("security")),
            ("source", json!("risk")),
            ("status", json!("in-progress")),
        ]);
        for (k, v) in extra {
            f.insert(k.to_string(), v.clone());
        }
        f
    };
    assert_eq!(
        field_of(s.save("actions", None, None, &action(&[]), now).unwrap_err()),
        "risk_id",
        "a risk's action links to it"
    );
    assert_eq!(
        field_of(
            s.save(
                "actions",
                None,
                None,
                &action(&[("risk_id", json!(risk.id.to_string())), ("completed_on", json!("2026-11-01"))]),
                now
            )
            .unwrap_err()
        ),
        "status"
    );
    let a = s.save("actions", None, None, &action(&[("risk_id", json!(risk.id.to_string()))]), now).unwrap();
    assert_eq!(a.get("reference"), &Value::Text("ACT-0001".into()));
    assert_eq!(a.get("rag"), &Value::Null);

    let update = |q: &str, rag: &str| {
        m(&[
            ("action_id", json!(a.id.to_string())),
            ("quarter", json!(q)),
            ("rag", json!(rag)),
            ("commentary", json!("Rollout under way")),
        ])
    };
    s.save("action_updates", None, None, &update("2026-27-Q2", "red"), now).unwrap();
    assert_eq!(s.get("actions", a.id).unwrap().get("rag"), &Value::Text("red".into()));
    let q3 = s.save("action_updates", None, None, &update("2026-27-Q3", "amber"), now).unwrap();
    assert_eq!(s.get("actions", a.id).unwrap().get("rag"), &Value::Text("amber".into()), "the latest quarter's RAG");
    // One update per quarter; re-saving the same update keeps its quarter; bad quarters refused.
    assert_eq!(
        field_of(s.save("action_updates", None, None, &update("2026-27-Q3", "green"), now).unwrap_err()),
        "quarter"
    );
    s.save("action_updates", Some(q3.id), Some(q3.revision), &update("2026-27-Q3", "green"), now).unwrap();
    assert_eq!(s.get("actions", a.id).unwrap().get("rag"), &Value::Text("green".into()));
    assert_eq!(
        field_of(s.save("action_updates", None, None, &update("2026-Q3", "green"), now).unwrap_err()),
        "quarter"
    );
    // Editing the action itself keeps the RAG its updates gave it.
    let a = s.get("actions", a.id).unwrap();
    s.save(
        "actions",
        Some(a.id),
        Some(a.revision),
        &action(&[("risk_id", json!(risk.id.to_string())), ("title", json!("Encrypt all laptops"))]),
        now,
    )
    .unwrap();
    assert_eq!(s.get("actions", a.id).unwrap().get("rag"), &Value::Text("green".into()));
    // Deleting the latest update takes the RAG back to the one before.
    let q3 = s.get("action_updates", q3.id).unwrap();
    s.delete("action_updates", q3.id, q3.revision, now).unwrap();
    assert_eq!(s.get("actions", a.id).unwrap().get("rag"), &Value::Text("red".into()));

    // The risk shows its action; the action shows its updates.
    let from_risk = s.links("risks", risk.id, Lang::En).unwrap();
    assert_eq!(from_risk.len(), 1);
    assert_eq!(
        (from_risk[0].register, from_risk[0].label.as_str(), from_risk[0].field_label.as_str()),
        ("actions", "Encrypt all laptops", "Risk it treats")
    );
    let from_action = s.links("actions", a.id, Lang::Cy).unwrap();
    assert_eq!(from_action.len(), 2, "{from_action:?}");
    // First what the action refers to (its risk), then what refers to it (its update).
    assert!(from_action[0].outgoing && from_action[0].register == "risks");
    assert_eq!(
        (from_action[1].register_label.as_str(), from_action[1].label.as_str()),
        ("Diweddariadau chwarterol", "2026-27-Q2")
    );
    assert!(s.verify_audit().unwrap().problem.is_none(), "the RAG refreshes are audited");
}

#[test]
fn policies_publication_scheme_and_version_history() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "Corporate Information Manager".into(),
        department: "Corporate and Customer Services".into(),
    };
    let mut s = Session::create(
        &dir.path().join("p.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now,
    )
    .unwrap();
    let policy = |extra: &[(&str, Json)]| {
        let mut f = m(&[
            ("title", json!("Records Management Policy")),
            ("doc_type", json!("policy")),
            ("status", json!("approved")),
        ]);
        for (k, v) in extra {
            f.insert(k.to_string(), v.clone());
        }
        f
    };
    let Err(Error::Validation(f)) = s.save("policies", None, None, &policy(&[]), now) else { panic!() };
    let named: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        named,
        ["approved_by", "approved_on", "review_date"],
        "an approved document says who, when and when next"
    );
    let old = s
        .save(
            "policies",
            None,
            None,
            &policy(&[
                ("approved_by", json!("Executive Board")),
                ("approved_on", json!("2023-06-20")),
                ("review_date", json!("2026-06-30")),
            ]),
            now,
        )
        .unwrap();
    assert_eq!(
        field_of(
            s.save(
                "policies",
                Some(old.id),
                Some(old.revision),
                &policy(&[
                    ("approved_by", json!("IMG")),
                    ("approved_on", json!("2023-06-20")),
                    ("review_date", json!("2026-06-30")),
                    ("supersedes_id", json!(old.id.to_string()))
                ]),
                now
            )
            .unwrap_err()
        ),
        "supersedes_id"
    );
    s.save(
        "policy_versions",
        None,
        None,
        &m(&[
            ("policy_id", json!(old.id.to_string())),
            ("version", json!("V1.0")),
            ("dated", json!("2023-06-20")),
            ("description", json!("First issue")),
        ]),
        now,
    )
    .unwrap();
    let links = s.links("policies", old.id, Lang::En).unwrap();
    assert_eq!((links[0].register, links[0].label.as_str()), ("policy_versions", "V1.0"));

    // Publication scheme: next check from the last, never checked is due now.
    let p = s
        .save(
            "publication",
            None,
            None,
            &m(&[
                ("class", json!("what-we-spend")),
                ("title", json!("Payments over £500")),
                ("last_checked", json!("2025-11-30")),
            ]),
            now,
        )
        .unwrap();
    assert_eq!(p.get("next_check"), &Value::Text("2026-11-30".into()));
    s.save("publication", None, None, &m(&[("class", json!("lists")), ("title", json!("Disclosure log"))]), now)
        .unwrap();
    let mut q = cofrestr::register::store::ListQuery::default();
    q.filters.insert("due".into(), "overdue".into());
    assert_eq!(s.list("publication", &q, today).unwrap().total, 1, "never checked");
    q.filters.insert("due".into(), "soon".into());
    assert_eq!(s.list("publication", &q, today).unwrap().total, 1, "due on 30 November");
    // The approved policy is past its review date; the dashboard says so.
    let d = s.dashboard(now, Lang::En).unwrap();
    assert!(d.attention.iter().any(|a| a.message.starts_with("Policies and documents: 1 past")), "{:?}", d.attention);
}
