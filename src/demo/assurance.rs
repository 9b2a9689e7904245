//! Assurance: site audits with their answers, and accountability assessments.

use super::*;
use crate::error::Result;
use crate::register::store::{self, Actor};
use crate::registers;
use chrono::Days;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use uuid::Uuid;

pub(super) const SITES: &[&str] = &[
    "Plas Acton depot",
    "Ysgol Bryn Alyn",
    "Llys Mieri care home",
    "Guildhall post room",
    "Crown Buildings",
    "Ruthin Road depot",
    "Ysgol Clywedog",
    "Bodlondeb care home",
    "Tŷ Pawb",
    "Lambpit Street offices",
    "Rhosddu recycling centre",
    "Llangollen Road library",
];

/// Site audits from the starter spot check, most compliant, some with findings and actions;
/// and two accountability self-assessments a year apart, the later one better.
pub(super) fn fill_assurance(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    audits: usize,
) -> Result<usize> {
    let today = actor.today();
    let template: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT id FROM checklist_templates ORDER BY created_at LIMIT 1",
        [],
        |r| r.get(0),
    ))?;
    let Some(template) = template else { return Ok(0) };
    let iaas = ids(conn, "SELECT person_id FROM roles WHERE role = 'iaa' ORDER BY person_id")?;
    let depts = departments_with_link_officers(conn)?;
    let audit_def = &registers::site_audits::DEF;
    let item_def = &registers::site_audit_items::DEF;
    let mut n = 0;
    for i in 0..audits {
        let day = today - Days::new(((audits - i) as u64) * 330 / audits as u64 + rng.random_range(0..6));
        let site = SITES[i % SITES.len()];
        let (dept, _) = &depts[i % depts.len()];
        let auditor = &iaas[i % iaas.len()];
        let f = map(vec![
            ("site", json!(site)),
            ("department_id", json!(dept)),
            ("audit_date", json!(day.to_string())),
            ("auditor_id", json!(auditor)),
            ("template_id", json!(template)),
            ("status", json!("in-progress")),
        ]);
        let audit = store::create(conn, audit_def, actor, &f)?;
        let items =
            ids(conn, &format!("SELECT id FROM site_audit_items WHERE audit_id = '{}' ORDER BY number", audit.id))?;
        let careful: f64 = rng.random_range(0.7..0.98);
        for id in items {
            let id = Uuid::parse_str(&id).expect("uuid");
            let rec = store::get(conn, item_def, id)?;
            let roll: f64 = rng.random();
            let mut fields = rec.fields.clone();
            let answer = if roll < careful {
                "compliant"
            } else if roll < careful + 0.04 {
                "not-applicable"
            } else if rng.random_bool(0.6) {
                "partly"
            } else {
                "not-compliant"
            };
            fields.insert("answer".into(), crate::register::Value::Text(answer.into()));
            if matches!(answer, "partly" | "not-compliant") {
                let finding = *pick(
                    rng,
                    &[
                        "Unlocked cabinet holding case files in the open-plan office",
                        "Documents left on the shared printer overnight",
                        "Confidential waste bag left open beside the general bins",
                        "Visitor book not used at reception",
                        "Screen left unlocked while the officer was away from the desk",
                        "Boxes of paper records stored on the floor of a damp store room",
                    ],
                );
                fields.insert("finding".into(), crate::register::Value::Text(finding.into()));
                let rag = if answer == "not-compliant" { "red" } else { "amber" };
                fields.insert("finding_rag".into(), crate::register::Value::Text(rag.into()));
            }
            store::rewrite(conn, item_def, actor, &rec, &fields)?;
            if answer == "not-compliant" && rng.random_bool(0.7) {
                registers::actions::raise_from(conn, actor, "site_audit_items", id, crate::i18n::Lang::En)?;
            }
        }
        let rec = store::get(conn, audit_def, audit.id)?;
        let mut fields = rec.fields.clone();
        fields.insert("status".into(), crate::register::Value::Text("complete".into()));
        fields.insert(
            "summary".into(),
            crate::register::Value::Text(format!("Spot check at {site} with the site manager.")),
        );
        store::rewrite(conn, audit_def, actor, &rec, &fields)?;
        n += 1;
    }
    let assessor = iaas.first().cloned();
    for (k, (back, good)) in [(400u64, 0.55), (60, 0.75)].into_iter().enumerate() {
        let day = today - Days::new(back);
        let mut f = vec![
            ("title", json!(format!("Accountability Framework self-assessment {}", day.format("%Y")))),
            ("assessed_on", json!(day.to_string())),
        ];
        if let Some(a) = &assessor {
            f.push(("assessor_id", json!(a)));
        }
        let assessment = store::create(conn, &registers::accountability_assessments::DEF, actor, &map(f))?;
        let ratings = ids(
            conn,
            &format!(
                "SELECT id FROM accountability_ratings WHERE assessment_id = '{}' ORDER BY expectation",
                assessment.id
            ),
        )?;
        let def = &registers::accountability_ratings::DEF;
        for id in ratings {
            let rec = store::get(conn, def, Uuid::parse_str(&id).expect("uuid"))?;
            let roll: f64 = rng.random();
            let rating = if roll < good {
                "met"
            } else if roll < good + 0.25 {
                "partly-met"
            } else {
                "not-met"
            };
            let mut fields = rec.fields.clone();
            fields.insert("rating".into(), crate::register::Value::Text(rating.into()));
            let evidence = if rating == "met" {
                "Evidence held by the Corporate Information Manager"
            } else {
                "Gaps found in the evidence; see the action plan"
            };
            fields.insert("evidence".into(), crate::register::Value::Text(evidence.into()));
            store::rewrite(conn, def, actor, &rec, &fields)?;
            if k == 1 && rating == "not-met" {
                registers::actions::raise_from(conn, actor, "accountability_ratings", rec.id, crate::i18n::Lang::En)?;
            }
        }
    }
    Ok(n)
}
