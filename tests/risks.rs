//! The information risk register: computed scores, band and escalation, validation, the heat
//! map and the dashboard notice.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use cofrestr::error::Error;
use cofrestr::i18n::Lang;
use cofrestr::register::Value;
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use serde_json::{json, Value as Json};

fn risk(pairs: &[(&str, Json)]) -> BTreeMap<String, Json> {
    let mut m: BTreeMap<String, Json> = [
        ("title", json!("Laptops taken to remote sites unencrypted")),
        ("inherent_likelihood", json!(4)),
        ("inherent_impact", json!(5)),
        ("residual_likelihood", json!(3)),
        ("residual_impact", json!(5)),
        ("review_date", json!("2027-03-31")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    for (k, v) in pairs {
        m.insert(k.to_string(), v.clone());
    }
    m
}

fn session(dir: &tempfile::TempDir, now: chrono::DateTime<Utc>) -> Session {
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "SIRO".into(),
        department: "Corporate and Customer Services".into(),
    };
    Session::create(&dir.path().join("r.db"), "heather harbour lantern 42", "heather harbour lantern 42", &new, now)
        .unwrap()
}

#[test]
fn scores_bands_escalation_and_the_heat_map() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "SIRO".into(),
        department: "Corporate and Customer Services".into(),
    };
    let mut s = Session::create(
        &dir.path().join("r.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now,
    )
    .unwrap();

    let r = s.save("risks", None, None, &risk(&[]), now).unwrap();
    assert_eq!(r.get("reference"), &Value::Text("RISK-0001".into()));
    assert_eq!((r.get("inherent_score"), r.get("residual_score")), (&Value::Int(20), &Value::Int(15)));
    assert_eq!(r.get("band"), &Value::Text("extreme".into()));
    assert_eq!(r.get("escalated"), &Value::Bool(true));
    let low = s
        .save("risks", None, None, &risk(&[("residual_likelihood", json!(2)), ("residual_impact", json!(2))]), now)
        .unwrap();
    assert_eq!((low.get("band"), low.get("escalated")), (&Value::Text("moderate".into()), &Value::Bool(false)));

    // Controls cannot make a risk worse, scores stay within 1 to 5, open risks need a review date.
    let worse = risk(&[("inherent_likelihood", json!(1)), ("inherent_impact", json!(1))]);
    assert!(
        matches!(s.save("risks", None, None, &worse, now), Err(Error::Validation(f)) if f[0].field == "residual_likelihood")
    );
    assert!(
        matches!(s.save("risks", None, None, &risk(&[("residual_impact", json!(6))]), now), Err(Error::Validation(f)) if f[0].field == "residual_impact")
    );
    let mut undated = risk(&[]);
    undated.remove("review_date");
    assert!(
        matches!(s.save("risks", None, None, &undated, now), Err(Error::Validation(f)) if f[0].field == "review_date")
    );
    // A closed risk leaves the heat map.
    s.save("risks", None, None, &risk(&[("status", json!("closed"))]), now).unwrap();

    let grid = s.heat_map(Lang::En).unwrap().grid;
    assert_eq!(grid[2][4].count, 1, "likelihood 3, impact 5");
    assert_eq!(grid[1][1].count, 1, "likelihood 2, impact 2");
    assert_eq!(grid.iter().flatten().map(|c| c.count).sum::<i64>(), 2);
    assert_eq!(
        (grid[2][4].band, grid[1][1].band, grid[0][0].band, grid[1][3].band),
        ("extreme", "moderate", "low", "high")
    );

    let d = s.dashboard(now, cofrestr::i18n::Lang::En).unwrap();
    let escalated = d.attention.iter().find(|a| a.code == "risks-escalated").expect("escalation notice");
    assert!(escalated.message.ends_with(": 1. They go to the SIRO."), "{}", escalated.message);
}

#[test]
fn a_new_risk_scale_rebands_every_risk_and_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "IMG Secretary".into(),
        department: "Corporate and Customer Services".into(),
    };
    let mut s = Session::create(
        &dir.path().join("b.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now,
    )
    .unwrap();
    // Residual 3 × 4 = 12: high and not escalated on the default scale.
    let r = s
        .save("risks", None, None, &risk(&[("residual_likelihood", json!(3)), ("residual_impact", json!(4))]), now)
        .unwrap();
    assert_eq!((r.get("band").as_str(), r.get("escalated").as_bool()), (Some("high"), false));

    // A bad scale is refused whole and changes nothing.
    let mut settings = s.settings().unwrap();
    settings.risks.high_from = 3;
    settings.risks.colours[2] = "#123456".into();
    let Err(Error::Validation(errs)) = s.set_settings(&settings, now) else { panic!("accepted a bad scale") };
    let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["high_from", "colour_high"]);
    assert_eq!(s.settings().unwrap().risks, cofrestr::registers::risks::RiskScale::default());

    // A stricter council: extreme from 12, escalate from 12, a darker amber that still reads.
    let mut settings = s.settings().unwrap();
    settings.risks.extreme_from = 12;
    settings.risks.escalate_at = 12;
    settings.risks.colours[2] = "#f0a050".into();
    s.set_settings(&settings, now).unwrap();
    let after = s.get("risks", r.id).unwrap();
    assert_eq!((after.get("band").as_str(), after.get("escalated").as_bool()), (Some("extreme"), true));
    assert_eq!(after.revision, r.revision + 1, "re-banding is a recorded change");
    let history = s.history("risks", r.id, cofrestr::i18n::Lang::En).unwrap();
    assert_eq!(history.len(), 2);
    let map = s.heat_map(Lang::En).unwrap();
    assert_eq!(map.grid[2][3].band, "extreme");
    assert_eq!(map.colours["high"], "#f0a050");
    assert!(s.verify_audit().unwrap().problem.is_none());
}

#[test]
fn band_names_from_the_settings_are_used_wherever_a_band_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let mut s = session(&dir, now);
    let r = s
        .save("risks", None, None, &risk(&[("residual_likelihood", json!(4)), ("residual_impact", json!(4))]), now)
        .unwrap();

    // A name that repeats another band's is refused, with its field, and nothing changes.
    let mut settings = s.settings().unwrap();
    settings.risks.labels[3].en = "Critical".into();
    settings.risks.labels[3].cy = "Critigol".into();
    settings.risks.labels[2].cy = "critigol".into();
    match s.set_settings(&settings, now) {
        Err(Error::Validation(errors)) => {
            assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["label_extreme_cy"])
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(s.settings().unwrap().risks.labels[3].en, "Extreme");

    settings.risks.labels[2].cy = "Uchel".into();
    s.set_settings(&settings, now).unwrap();
    // The stored value is still the band's code; every place a person sees it uses the new name.
    let rec = s.get("risks", r.id).unwrap();
    assert_eq!(rec.get("band").as_str(), Some("extreme"));
    let band_choices = |lang| {
        let view = s.describe("risks", lang).unwrap();
        view.fields
            .iter()
            .find(|f| f.def.name == "band")
            .unwrap()
            .choices
            .iter()
            .map(|c| c.label.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(band_choices(Lang::En), ["Low", "Moderate", "High", "Critical"]);
    assert_eq!(band_choices(Lang::Cy), ["Isel", "Cymedrol", "Uchel", "Critigol"]);
    let band = cofrestr::registers::risks::DEF.field("band").unwrap();
    assert_eq!(cofrestr::register::store::display_value(&rec, band, Lang::Cy, &s.wording().unwrap()), "Critigol");
    let legend = s.heat_map(Lang::Cy).unwrap().legend;
    let named: Vec<(String, i64, i64)> = legend.into_iter().map(|e| (e.label, e.from, e.to)).collect();
    assert_eq!(named[3], ("Critigol".to_string(), 15, 25));
    assert_eq!(named[0], ("Isel".to_string(), 1, 3));

    // Lowering the extreme band re-bands a 12; its history reads in the council's words.
    let twelve = s
        .save("risks", None, None, &risk(&[("residual_likelihood", json!(3)), ("residual_impact", json!(4))]), now)
        .unwrap();
    settings.risks.extreme_from = 12;
    s.set_settings(&settings, now).unwrap();
    let history = s.history("risks", twelve.id, Lang::En).unwrap();
    let change = history.last().unwrap().changes.iter().find(|c| c.field == "band").unwrap();
    assert_eq!((change.from.as_str(), change.to.as_str()), ("High", "Critical"));
}

#[test]
fn overdue_reviews_are_listed_for_every_register_that_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let new = NewDatabase {
        council: "Wrexham".into(),
        user_name: "IMG Secretary".into(),
        department: "Corporate and Customer Services".into(),
    };
    let mut s = Session::create(
        &dir.path().join("v.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now,
    )
    .unwrap();
    // Risks: one open and past its review, one closed and past it (does not count), one due soon.
    s.save("risks", None, None, &risk(&[("review_date", json!("2026-10-01"))]), now).unwrap();
    s.save("risks", None, None, &risk(&[("review_date", json!("2026-10-01")), ("status", json!("closed"))]), now)
        .unwrap();
    s.save("risks", None, None, &risk(&[("review_date", json!("2026-12-10"))]), now).unwrap();
    // Actions: one in progress past due, one complete past due (does not count).
    let action = |status: &str, extra: &[(&str, Json)]| {
        let mut f: BTreeMap<String, Json> = [
            ("title", json!("Encrypt laptops")),
            ("area", json!("security")),
            ("source", json!("strategy")),
            ("status", json!(status)),
            ("due_on", json!("2026-09-30")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        for (k, v) in extra {
            f.insert(k.to_string(), v.clone());
        }
        f
    };
    s.save("actions", None, None, &action("in-progress", &[]), now).unwrap();
    s.save("actions", None, None, &action("complete", &[("completed_on", json!("2026-09-29"))]), now).unwrap();

    let d = s.dashboard(now, cofrestr::i18n::Lang::En).unwrap();
    let reviews: Vec<&str> =
        d.attention.iter().filter(|a| a.code == "review-overdue").map(|a| a.message.as_str()).collect();
    assert_eq!(
        reviews,
        [
            "Information risks: 1 past their review or due date, 1 due in the next 30 days.",
            "Action plan: 1 past their review or due date, 0 due in the next 30 days.",
        ]
    );
    let mut q = cofrestr::register::store::ListQuery::default();
    q.filters.insert("due".into(), "overdue".into());
    assert_eq!(s.list("risks", &q, today).unwrap().total, 1, "the closed risk does not count");
    assert_eq!(s.list("actions", &q, today).unwrap().total, 1, "the complete action does not count");
    q.filters.insert("due".into(), "soon".into());
    assert_eq!(s.list("risks", &q, today).unwrap().total, 1);
}

/// Issue 20: settings that cannot be read are an error, never quietly the defaults. A rule that
/// depends on them refuses the write (the risk's band would come from a scale the council never
/// chose); a register that does not depend on them goes on working; the Settings screen puts
/// the row right, and the risks are banded again on the scale it keeps.
#[test]
fn unreadable_settings_refuse_the_rules_that_need_them_and_settings_put_them_right() {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let mut s = session(&dir, now);
    let mut stricter = s.settings().unwrap();
    stricter.risks.extreme_from = 12;
    s.set_settings(&stricter, now).unwrap();
    let r = s
        .save("risks", None, None, &risk(&[("residual_likelihood", json!(3)), ("residual_impact", json!(4))]), now)
        .unwrap();
    assert_eq!(r.get("band").as_str(), Some("extreme"), "12 is extreme on the council's scale");

    // Damaged behind the application's back (the file is encrypted: a bug, or a hand with the key).
    s.connection().execute("UPDATE settings SET value = '{\"risks\": \"none\"}' WHERE key = 'app'", []).unwrap();
    let unreadable = |e: Error| matches!(e, Error::BadInput { ref id, .. } if id == "err-settings-unreadable");
    assert!(unreadable(s.settings().unwrap_err()));
    assert!(unreadable(s.save("risks", None, None, &risk(&[]), now).unwrap_err()), "no band from the default scale");
    assert_eq!(s.all("risks").unwrap().len(), 1, "the refused risk was not written");
    // The window still opens (nobody is locked out of their registers): the registers are drawn
    // with the shipped band names, the dashboard says what is wrong, and Settings shows the
    // defaults marked unreadable, to be checked and saved.
    let view = s.describe("risks", Lang::En).unwrap();
    let band = view.fields.iter().find(|f| f.def.name == "band").unwrap();
    assert_eq!(
        band.choices.iter().map(|c| c.label.as_str()).collect::<Vec<_>>(),
        ["Low", "Moderate", "High", "Extreme"]
    );
    let editable = s.settings_for_editing().unwrap();
    assert!(editable.unreadable);
    assert_eq!(editable.settings, cofrestr::settings::Settings::default());
    let dash = s.dashboard(now, Lang::Cy).unwrap();
    let notice = dash.attention.iter().find(|a| a.code == "settings-unreadable").expect("the dashboard says so");
    assert_eq!(notice.screen, Some("settings"));
    let message =
        s.save("risks", None, None, &risk(&[]), now).unwrap_err().message(cofrestr::i18n::Messages::for_lang(Lang::Cy));
    assert!(message.starts_with("Nid oes modd darllen gosodiadau'r cyngor"), "{message}");
    // A department has no rule that reads the settings.
    s.save(
        "departments",
        None,
        None,
        &[("name", json!("Housing")), ("code", json!("HSG"))].into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        now,
    )
    .unwrap();

    // Settings saved again: the row is whole, and every risk banded on the scale kept.
    s.set_settings(&cofrestr::settings::Settings::default(), now).unwrap();
    assert!(!s.settings_for_editing().unwrap().unreadable);
    assert!(s.dashboard(now, Lang::En).unwrap().attention.iter().all(|a| a.code != "settings-unreadable"));
    let again = s.all("risks").unwrap();
    assert_eq!(again[0].get("band").as_str(), Some("high"), "12 is high on the default scale: banded again");
    assert_eq!(s.save("risks", None, None, &risk(&[]), now).unwrap().get("band").as_str(), Some("extreme"));
}
