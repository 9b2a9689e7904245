//! The information risk register and the action plan.

use super::*;
use crate::error::Result;
use crate::register::store::{self, Actor};
use crate::registers;
use chrono::Days;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

pub(super) const RISKS: &[(&str, &str, &str)] = &[
    (
        "Laptops used at remote sites are lost or stolen",
        "security",
        "Full-disk encryption; remote wipe; Cofrestr's encrypted store",
    ),
    (
        "Emails with personal data sent to the wrong recipient",
        "data-protection",
        "Autocomplete off; delay on send; training",
    ),
    ("FOI requests answered late in the busiest services", "access", "Link Officer network; weekly due list"),
    ("Subject access requests for social care exceed one month", "access", "Redaction software; extension procedure"),
    ("Records kept beyond their retention period", "records", "Retention schedule; annual disposal review"),
    ("Information sharing without a signed agreement", "data-sharing", "WASPI templates; ISP register"),
    ("Staff not completing mandatory data protection training", "people", "Monthly compliance reports to IAOs"),
    ("Supplier-hosted system suffers a ransomware attack", "systems", "Contract security schedule; supplier assurance"),
    ("Paper files stored in damp conditions at the depot", "records", "Off-site store with environmental monitoring"),
    (
        "Phishing leads to compromise of council accounts",
        "security",
        "Multi-factor authentication; phishing simulations",
    ),
    ("Loss of access to the case management system", "continuity", "Business continuity plan; tested restore"),
    ("Privacy notices out of date after service changes", "data-protection", "Annual privacy notice review"),
];

pub(super) fn fill_risks(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    count: usize,
) -> Result<usize> {
    let today = actor.today();
    let def = &registers::risks::DEF;
    let depts = ids(conn, "SELECT id FROM departments ORDER BY code")?;
    let owners = ids(conn, "SELECT person_id FROM roles WHERE role = 'iao' ORDER BY person_id")?;
    for i in 0..count {
        let (title, category, controls) = RISKS[i % RISKS.len()];
        let title = if i < RISKS.len() { title.to_string() } else { format!("{title} ({})", i / RISKS.len() + 1) };
        let il = rng.random_range(2..=5);
        let ii = rng.random_range(2..=5);
        let rl = rng.random_range(1..=il);
        let ri = rng.random_range(1..=ii);
        let f = vec![
            ("title", json!(title)),
            ("description", json!("Identified at the Information Management Group's risk workshop.")),
            ("category", json!(category)),
            ("owner_id", json!(pick(rng, &owners))),
            ("department_id", json!(pick(rng, &depts))),
            ("inherent_likelihood", json!(il)),
            ("inherent_impact", json!(ii)),
            ("controls", json!(controls)),
            ("residual_likelihood", json!(rl)),
            ("residual_impact", json!(ri)),
            ("target_score", json!((rl * ri).clamp(1, 6))),
            ("treatment", json!(*pick(rng, &["treat", "treat", "tolerate", "transfer"]))),
            ("last_reviewed", json!((today - Days::new(rng.random_range(10..300))).to_string())),
            ("review_date", json!((today + Days::new(rng.random_range(1..200)) - Days::new(40)).to_string())),
            ("status", json!(if i % 9 == 8 { "closed" } else { "open" })),
        ];
        let fields = store::prepare(conn, def, &map(f), None, today)?;
        store::insert(conn, def, actor, store::new_id(), &fields)?;
    }
    Ok(count)
}

pub(super) const ACTIONS: &[(&str, &str)] = &[
    ("training", "Refresh mandatory data protection e-learning for all staff"),
    ("training", "Deliver Link Officer training on FOI and EIR exemptions"),
    ("training", "Induction session on information handling for new starters"),
    ("data-protection", "Review privacy notices across all services"),
    ("data-protection", "Embed DPIA screening in the project management framework"),
    ("data-protection", "Update the subject access procedure for the DUAA changes"),
    ("records", "Apply the retention schedule to the shared drives"),
    ("records", "Move paper records from the depot to the off-site store"),
    ("records", "Complete the information asset register review"),
    ("waspi", "Review information sharing protocols due for renewal"),
    ("waspi", "Train ISP facilitators in each department"),
    ("security", "Encrypt all laptops and removable media"),
    ("security", "Roll out multi-factor authentication to remote users"),
    ("security", "Run a phishing simulation and follow-up training"),
    ("assurance", "Carry out information handling spot checks at remote sites"),
    ("assurance", "Complete the ICO Accountability Framework self-assessment"),
];

pub(super) fn fill_actions(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    count: usize,
) -> Result<usize> {
    let today = actor.today();
    let def = &registers::actions::DEF;
    let updates = &registers::action_updates::DEF;
    let owners = ids(
        conn,
        "SELECT person_id FROM roles WHERE role IN ('iao', 'corporate-information-manager', 'dpo') ORDER BY person_id",
    )?;
    let risks = ids(conn, "SELECT id FROM risks ORDER BY reference")?;
    let this_quarter = crate::figures::Quarter::containing(today);
    for i in 0..count {
        let (area, title) = ACTIONS[i % ACTIONS.len()];
        let title =
            if i < ACTIONS.len() { title.to_string() } else { format!("{title} (phase {})", i / ACTIONS.len() + 1) };
        // Started up to three years ago; updated every quarter since.
        let start_q = (0..rng.random_range(1..12)).fold(this_quarter, |q, _| q.previous());
        let due = start_q.last_day() + Days::new(rng.random_range(90..700));
        let done = due < today && rng.random_bool(0.7);
        let mut f = vec![
            ("title", json!(title)),
            ("area", json!(area)),
            ("owner_id", json!(pick(rng, &owners))),
            ("due_on", json!(due.to_string())),
            (
                "status",
                json!(if done {
                    "complete"
                } else {
                    *pick(rng, &["in-progress", "in-progress", "not-started", "deferred"])
                }),
            ),
        ];
        if done {
            f.push(("completed_on", json!((due - Days::new(rng.random_range(0..60))).min(today).to_string())));
        }
        if !risks.is_empty() && i % 4 == 3 {
            f.push(("source", json!("risk")));
            f.push(("risk_id", json!(pick(rng, &risks))));
        } else {
            f.push(("source", json!("strategy")));
        }
        let fields = store::prepare(conn, def, &map(f), None, today)?;
        let action = store::insert(conn, def, actor, store::new_id(), &fields)?;
        let mut q = start_q;
        let mut rag = *pick(rng, &["amber", "green", "red"]);
        while q <= this_quarter && q.first_day() <= today {
            let last = done && q >= crate::figures::Quarter::containing(due);
            if last {
                rag = "green";
            } else if rng.random_bool(0.3) {
                rag = *pick(rng, &["amber", "green", "green", "red"]);
            }
            let commentary = match rag {
                "green" => "On track; milestones for the quarter met.",
                "amber" => "Some slippage; recovery plan agreed with the owner.",
                _ => "Behind schedule; escalated to the IMG for a decision.",
            };
            let u = vec![
                ("action_id", json!(action.id.to_string())),
                ("quarter", json!(q.to_string())),
                ("rag", json!(rag)),
                ("commentary", json!(commentary)),
            ];
            let uf = store::prepare(conn, updates, &map(u), None, today)?;
            store::insert(conn, updates, actor, store::new_id(), &uf)?;
            if last {
                break;
            }
            q = q.next();
        }
    }
    Ok(count)
}
