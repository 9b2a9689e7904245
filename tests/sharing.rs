//! The WASPI data-sharing register: the lifecycle's requirements, partners' sign-off, the
//! review date from the configurable default, and links to information assets both ways.

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

fn fields_of(e: Error) -> Vec<String> {
    match e {
        Error::Validation(f) => f.into_iter().map(|f| f.field).collect(),
        other => panic!("{other:?}"),
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

#[test]
fn an_agreement_moves_through_its_lifecycle_only_with_what_each_stage_needs() {
    let dir = tempfile::tempdir().unwrap();
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "Head of Adult Social Care".into(),
        department: "Social Care".into(),
    };
    let mut s = Session::create(
        &dir.path().join("s.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now(),
    )
    .unwrap();
    let dept = s.all("departments").unwrap()[0].id.to_string();
    let me = s.all("people").unwrap()[0].id.to_string();
    let asset = s
        .save(
            "assets",
            None,
            None,
            &m(&[
                ("reference", json!("SC-001")),
                ("name", json!("Adult social care case management system")),
                ("purpose", json!("Assessing and meeting care needs")),
                ("department_id", json!(dept)),
                ("iao_id", json!(me)),
                ("personal_data", json!(false)),
                ("classification", json!("official-sensitive")),
                ("format", json!("electronic")),
            ]),
            now(),
        )
        .unwrap();

    let mut isp = m(&[
        ("title", json!("Hospital discharge to community care")),
        ("agreement_type", json!("isp")),
        ("purpose", json!("Planning safe discharge from hospital")),
        ("direction", json!("reciprocal")),
        ("lawful_bases", json!(["public-task"])),
        ("special_categories", json!(["health"])),
        ("department_id", json!(dept)),
        ("iao_id", json!(me)),
        ("asset_ids", json!([asset.id.to_string()])),
        ("start_date", json!("2025-04-01")),
    ]);
    // Health data needs its Article 9 condition.
    assert_eq!(fields_of(s.save("sharing", None, None, &isp, now()).unwrap_err()), ["art9_conditions"]);
    isp.insert("art9_conditions".into(), json!(["health-social-care"]));
    let draft = s.save("sharing", None, None, &isp, now()).unwrap();
    assert_eq!(draft.get("reference").as_str(), Some("DSA-0001"));
    assert_eq!(draft.get("status").as_str(), Some("draft"));
    assert_eq!(draft.get("review_months"), &Value::Int(24), "the settings' default");
    assert_eq!(draft.get("review_date").as_str(), Some("2027-04-01"), "start date + 24 months");
    assert_eq!(draft.get("partners_signed").as_str(), Some("0/0"));

    // Quality assured needs the WASPI QA group and date; signed needs every partner signed.
    let mut qa = isp.clone();
    qa.insert("status".into(), json!("quality-assured"));
    assert_eq!(
        fields_of(s.save("sharing", Some(draft.id), Some(draft.revision), &qa, now()).unwrap_err()),
        ["qa_group", "qa_date"]
    );
    qa.insert("qa_group".into(), json!("North Wales QA group"));
    qa.insert("qa_date".into(), json!("2026-10-15"));
    let r = s.save("sharing", Some(draft.id), Some(draft.revision), &qa, now()).unwrap();
    let mut signed = qa.clone();
    signed.insert("status".into(), json!("signed"));
    assert_eq!(
        fields_of(s.save("sharing", Some(r.id), Some(r.revision), &signed, now()).unwrap_err()),
        ["status"],
        "no partners yet"
    );

    let partner = |org: &str, signed_on: Option<&str>| {
        let mut p =
            m(&[("sharing_id", json!(draft.id.to_string())), ("organisation", json!(org)), ("role", json!("partner"))]);
        if let Some(d) = signed_on {
            p.insert("signed_by".into(), json!("Director"));
            p.insert("signed_on".into(), json!(d));
        }
        p
    };
    s.save("sharing_partners", None, None, &partner("Wrexham County Borough Council", Some("2026-11-01")), now())
        .unwrap();
    let bcuhb = s
        .save("sharing_partners", None, None, &partner("Betsi Cadwaladr University Health Board", None), now())
        .unwrap();
    assert_eq!(
        fields_of(
            s.save("sharing_partners", None, None, &partner("betsi cadwaladr university health board", None), now())
                .unwrap_err()
        ),
        ["organisation"]
    );
    let mut half = partner("Betsi Cadwaladr University Health Board", None);
    half.insert("signed_by".into(), json!("Medical Director"));
    assert_eq!(
        fields_of(s.save("sharing_partners", Some(bcuhb.id), Some(bcuhb.revision), &half, now()).unwrap_err()),
        ["signed_on"]
    );
    let r = s.get("sharing", draft.id).unwrap();
    assert_eq!(r.get("partners_signed").as_str(), Some("1/2"));
    assert_eq!(fields_of(s.save("sharing", Some(r.id), Some(r.revision), &signed, now()).unwrap_err()), ["status"]);

    s.save(
        "sharing_partners",
        Some(bcuhb.id),
        Some(bcuhb.revision),
        &partner("Betsi Cadwaladr University Health Board", Some("2026-11-10")),
        now(),
    )
    .unwrap();
    let r = s.get("sharing", draft.id).unwrap();
    assert_eq!(r.get("partners_signed").as_str(), Some("2/2"));
    let mut live = signed.clone();
    live.insert("status".into(), json!("live"));
    live.insert("start_date".into(), json!(null));
    assert_eq!(fields_of(s.save("sharing", Some(r.id), Some(r.revision), &live, now()).unwrap_err()), ["start_date"]);
    live.insert("start_date".into(), json!("2026-11-15"));
    live.insert("review_months".into(), json!(12));
    let r = s.save("sharing", Some(r.id), Some(r.revision), &live, now()).unwrap();
    assert_eq!(r.get("review_date").as_str(), Some("2027-11-15"), "its own shorter interval");

    // A live agreement stays fully signed: an unsigned new partner is refused and nothing changes.
    let before = s.all("sharing_partners").unwrap().len();
    let err = s.save("sharing_partners", None, None, &partner("North Wales Police", None), now()).unwrap_err();
    assert_eq!(fields_of(err), ["sharing_id"]);
    assert_eq!(s.all("sharing_partners").unwrap().len(), before);
    assert_eq!(s.get("sharing", draft.id).unwrap().revision, r.revision);

    // Links both ways: the asset shows the agreement; the agreement's partners link to it.
    let links = s.links("assets", asset.id, Lang::En).unwrap();
    assert!(
        links.iter().any(|l| l.register == "sharing" && l.label == "Hospital discharge to community care"),
        "{links:?}"
    );
    let links = s.links("sharing", draft.id, Lang::Cy).unwrap();
    assert_eq!(links.iter().filter(|l| l.register == "sharing_partners").count(), 2);
    assert!(links.iter().filter(|l| !l.outgoing).all(|l| l.register_label == "Partneriaid rhannu"));
    let asset_link = links.iter().find(|l| l.outgoing).expect("the agreement links to its asset");
    assert_eq!(
        (asset_link.register_label.as_str(), asset_link.field_label.as_str()),
        ("Asedau gwybodaeth", "Asedau gwybodaeth a rennir")
    );

    // A new default interval applies to agreements saved afterwards without their own.
    let mut settings = s.settings().unwrap();
    settings.sharing_review_months = 12;
    s.set_settings(&settings, now()).unwrap();
    let mut dda = isp.clone();
    dda.insert("title".into(), json!("Disclosure to the Department for Work and Pensions"));
    dda.insert("agreement_type".into(), json!("dda"));
    dda.insert("direction".into(), json!("one-way"));
    let r = s.save("sharing", None, None, &dda, now()).unwrap();
    assert_eq!((r.get("reference").as_str(), r.get("review_date").as_str()), (Some("DSA-0002"), Some("2026-04-01")));

    // Reviews due: the live agreement is not yet due; the draft DDA does not count.
    let dash = s.dashboard(now(), Lang::En).unwrap();
    assert!(!dash.attention.iter().any(|a| a.register == Some("sharing")), "drafts do not count");
    assert!(s.verify_audit().unwrap().problem.is_none());
}
