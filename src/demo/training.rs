//! Courses and completions: staff and elected members, some overdue.

use super::*;
use crate::error::Result;
use crate::register::store::{self, Actor};
use crate::registers;
use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use std::collections::BTreeMap;

/// name, Welsh name, audience, roles, refresh months, induction months, mandatory.
pub(super) type CourseSeed = (&'static str, &'static str, &'static str, &'static [&'static str], i64, i64, bool);

pub(super) const COURSES: &[CourseSeed] = &[
    ("Data protection and UK GDPR e-learning", "E-ddysgu diogelu data a GDPR y DU", "all-staff", &[], 12, 1, true),
    ("Cyber security awareness", "Ymwybyddiaeth seiberddiogelwch", "all-staff", &[], 12, 1, true),
    ("Data protection for elected members", "Diogelu data i aelodau etholedig", "elected-members", &[], 12, 3, true),
    (
        "Information Asset Owner training",
        "Hyfforddiant Perchnogion Asedau Gwybodaeth",
        "roles",
        &["iao", "deputy-iao", "iaa"],
        24,
        1,
        true,
    ),
    ("Records management essentials", "Hanfodion rheoli cofnodion", "all-staff", &[], 36, 3, false),
];

/// Elected members, the training courses and a history of completions: each department with
/// its own habits, so the compliance chart has something to say.
pub(super) fn fill_training(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    members: usize,
) -> Result<usize> {
    let today = actor.today();
    let people_def = &registers::people::DEF;
    for i in 0..members {
        let name = format!("Cllr {} {}", pick(rng, FIRST), pick(rng, LAST));
        let start = NaiveDate::from_ymd_opt(2022, 5, 9).expect("valid date");
        let fields = map(vec![
            ("name", json!(name)),
            ("elected_member", json!(true)),
            ("start_date", json!(start.to_string())),
            ("job_title", json!(if i == 0 { "Leader of the Council" } else { "Councillor" })),
        ]);
        store::create(conn, people_def, actor, &fields)?;
    }
    let mut courses = vec![];
    for (name, cy, audience, roles, refresh, induction, mandatory) in COURSES {
        let mut f = vec![
            ("name", json!(name)),
            ("name_cy", json!(cy)),
            ("audience", json!(audience)),
            ("refresh_months", json!(refresh)),
            ("induction_months", json!(induction)),
            ("mandatory", json!(mandatory)),
        ];
        if !roles.is_empty() {
            f.push(("roles", json!(roles)));
        }
        let rec = store::create(conn, &registers::courses::DEF, actor, &map(f))?;
        courses.push((rec.id.to_string(), *audience, *refresh));
    }
    // Department habits: the share of staff keeping each course up to date.
    let depts = ids(conn, "SELECT id FROM departments ORDER BY code")?;
    let habit: BTreeMap<String, f64> = depts.iter().map(|d| (d.clone(), rng.random_range(0.78..0.995))).collect();
    let mut stmt = conn.prepare(
        "SELECT p.id, p.department_id, p.elected_member, p.start_date,
                EXISTS (SELECT 1 FROM roles r WHERE r.person_id = p.id AND r.role IN ('iao', 'deputy-iao', 'iaa'))
           FROM people p WHERE p.leaving_date IS NULL ORDER BY p.staff_number, p.name",
    )?;
    let people = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, i64>(2)? != 0,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let def = &registers::completions::DEF;
    let mut n = 0;
    for (person, dept, elected, start, holds_role) in people {
        let start = start.as_deref().and_then(crate::register::parse_date).unwrap_or(today - Days::new(3000));
        let keeps = dept.as_ref().and_then(|d| habit.get(d)).copied().unwrap_or(0.9);
        for (course, audience, refresh) in &courses {
            let applies = match *audience {
                "all-staff" => !elected,
                "elected-members" => elected,
                "roles" => holds_role,
                _ => false,
            };
            if !applies || today - start < chrono::Duration::days(20) {
                continue;
            }
            let period = (*refresh * 30) as u64;
            // The latest completion: in date for most, lapsed for some, never for a few.
            let roll: f64 = rng.random();
            let latest = if roll < keeps {
                today - Days::new(rng.random_range(1..period.saturating_sub(5).max(2)))
            } else if roll < keeps + (1.0 - keeps) * 0.7 {
                today - Days::new(rng.random_range(period + 5..period + 400))
            } else {
                continue;
            };
            let mut day = latest;
            let mut history = vec![];
            while day >= start && history.len() < 4 {
                history.push(day);
                day = day - Days::new(period + rng.random_range(0..40));
            }
            for done in history {
                let source = if rng.random_bool(0.9) { "lms" } else { "classroom" };
                let f = map(vec![
                    ("person_id", json!(person)),
                    ("course_id", json!(course)),
                    ("completed_on", json!(done.to_string())),
                    ("score", json!(rng.random_range(70..101))),
                    ("source", json!(source)),
                ]);
                let fields = store::prepare(conn, def, &f, None, today)?;
                store::insert(conn, def, actor, store::new_id(), &fields)?;
                n += 1;
            }
        }
    }
    Ok(n)
}
