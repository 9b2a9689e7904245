//! A deterministic synthetic council for screenshots, benchmarks and end-to-end tests.
//!
//! The same seed and scale always give the same council: departments with their Welsh names,
//! staff with plausible Welsh and English names and job titles, the governance roles filled
//! (one department's Information Asset Owner has left, so the dashboard has something real to
//! warn about), and information assets with purposes, lawful bases and review dates.
//! Everything goes through the register store, so the demo has a complete audit trail.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};

use rand::seq::IndexedRandom;

use rand::{Rng, SeedableRng};

use rand_chacha::ChaCha8Rng;

use serde_json::{json, Value as Json};

use uuid::Uuid;

use crate::error::{Error, Result};

use crate::register::store::{self, Actor};

use crate::registers;

use crate::session::Session;

mod assets;
mod assurance;
mod casework;
mod people;
mod policies;
mod risks;
mod sharing;
mod training;
use self::{assets::*, assurance::*, casework::*, people::*, policies::*, risks::*, sharing::*, training::*};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Four departments, about 60 people and 30 assets: for quick looks and tests.
    Small,
    /// About 12 departments, 6,000 people and 400 assets.
    Council,
}

impl std::str::FromStr for Scale {
    type Err = Error;
    fn from_str(s: &str) -> Result<Scale> {
        match s {
            "small" => Ok(Scale::Small),
            "council" => Ok(Scale::Council),
            _ => Err(Error::bad_input_with("err-bad-scale", &[("value", s)])),
        }
    }
}

#[derive(Debug, Default, serde::Serialize)]
pub struct DemoSummary {
    pub departments: usize,
    pub people: usize,
    pub roles: usize,
    pub assets: usize,
    pub requests: usize,
    pub breaches: usize,
    pub risks: usize,
    pub actions: usize,
    pub policies: usize,
    pub publication: usize,
    pub sharing: usize,
    pub disposals: usize,
    pub completions: usize,
    pub site_audits: usize,
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    items.choose(rng).expect("non-empty list")
}

fn map(pairs: Vec<(&str, Json)>) -> BTreeMap<String, Json> {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// Fills an empty database (apart from what first run created) with a synthetic council.
pub fn fill(session: &mut Session, scale: Scale, seed: u64, now: DateTime<Utc>) -> Result<DemoSummary> {
    let existing: i64 = session.connection().query_row("SELECT count(*) FROM assets", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(Error::bad_input("err-demo-not-empty"));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let actor = session.actor(now);
    let today = actor.today();
    let (n_depts, n_people, assets_per_template) = match scale {
        Scale::Small => (4, 60, 1),
        Scale::Council => (12, 6000, 5),
    };
    let conn = session.connection();
    // Taking the write lock at once, as every transaction does (see `store::open_keyed`).
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = fill_inner(conn, &actor, &mut rng, today, n_depts, n_people, assets_per_template).and_then(|mut s| {
        let (years, per_year) = match scale {
            Scale::Small => (1, 120),
            Scale::Council => (10, 1400),
        };
        let (r, b) = fill_clocks(conn, &actor, &mut rng, years, per_year)?;
        s.requests = r;
        s.breaches = b;
        s.risks = fill_risks(conn, &actor, &mut rng, if years > 1 { 60 } else { 12 })?;
        s.actions = fill_actions(conn, &actor, &mut rng, if years > 1 { 80 } else { 12 })?;
        s.policies = fill_policies(conn, &actor, &mut rng, years > 1)?;
        s.publication = fill_publication(conn, &actor, &mut rng, years > 1)?;
        s.sharing = fill_sharing(conn, &actor, &mut rng, if years > 1 { 150 } else { 15 })?;
        s.disposals = fill_disposals(conn, &actor, &mut rng, if years > 1 { 200 } else { 20 })?;
        s.completions = fill_training(conn, &actor, &mut rng, if years > 1 { 56 } else { 6 })?;
        s.site_audits = fill_assurance(conn, &actor, &mut rng, if years > 1 { 30 } else { 4 })?;
        Ok(s)
    });
    match result {
        Ok(s) => {
            conn.execute_batch("COMMIT")?;
            Ok(s)
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn fill_inner(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    today: NaiveDate,
    n_depts: usize,
    n_people: usize,
    assets_per_template: usize,
) -> Result<DemoSummary> {
    let mut summary = DemoSummary::default();
    let dept_def = &registers::departments::DEF;
    let people_def = &registers::people::DEF;
    let roles_def = &registers::roles::DEF;
    let assets_def = &registers::assets::DEF;

    // Departments: reuse one with the same name (first run made the user's own).
    let mut depts: Vec<(String, &str)> = vec![];
    for (name, cy, code) in DEPARTMENTS.iter().take(n_depts) {
        let found: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT id FROM departments WHERE name = ?1 COLLATE NOCASE OR code = ?2 COLLATE NOCASE",
            [name, code],
            |r| r.get(0),
        ))?;
        let id = match found {
            Some(id) => {
                // The department first run made: give it its Welsh name and code if it lacks them.
                let uuid = Uuid::parse_str(&id).expect("stored ids are UUIDs");
                let existing = store::get(conn, dept_def, uuid)?;
                if existing.get("name_cy").is_empty() {
                    let input = map(vec![("name", json!(name)), ("name_cy", json!(cy)), ("code", json!(code))]);
                    store::update(conn, dept_def, actor, uuid, existing.revision, &input)?;
                }
                id
            }
            None => {
                let rec = store::create(
                    conn,
                    dept_def,
                    actor,
                    &map(vec![("name", json!(name)), ("name_cy", json!(cy)), ("code", json!(code))]),
                )?;
                summary.departments += 1;
                rec.id.to_string()
            }
        };
        depts.push((id, code));
    }

    // People, spread across departments, the larger services getting more.
    let mut by_dept: Vec<Vec<String>> = vec![vec![]; depts.len()];
    let mut used = std::collections::HashSet::new();
    for i in 0..n_people {
        let d = if i < depts.len() * 3 { i % depts.len() } else { weighted_dept(rng, depts.len()) };
        let (dept_id, code) = &depts[d];
        let first = *pick(rng, FIRST);
        let last = *pick(rng, LAST);
        let name = format!("{first} {last}");
        let mut local = format!("{}.{}", first.to_lowercase(), last.to_lowercase().replace(' ', "")).replace('ô', "o");
        if !used.insert(local.clone()) {
            local = format!("{local}{}", i);
            used.insert(local.clone());
        }
        let title = if rng.random_bool(0.55) { *pick(rng, dept_titles(code)) } else { *pick(rng, TITLES) };
        let start = today - Days::new(rng.random_range(30..9000));
        let mut fields = vec![
            ("name", json!(name)),
            ("job_title", json!(title)),
            ("email", json!(format!("{local}@example-council.gov.uk"))),
            ("staff_number", json!(format!("{:06}", 100000 + i))),
            ("department_id", json!(dept_id)),
            ("start_date", json!(start.to_string())),
        ];
        if rng.random_bool(0.04) {
            let left = start + Days::new(rng.random_range(20..3000));
            if left < today {
                fields.push(("leaving_date", json!(left.to_string())));
            }
        }
        let fields = store::prepare(conn, people_def, &map(fields), None, today)?;
        let rec = store::insert(conn, people_def, actor, store::new_id(), &fields)?;
        by_dept[d].push(rec.id.to_string());
        summary.people += 1;
    }

    // Roles.
    let role_start = NaiveDate::from_ymd_opt(today.year() - 3, 4, 1).expect("valid date");
    let mut add_role =
        |person: &str, role: &str, dept: Option<&str>, from: NaiveDate, to: Option<NaiveDate>| -> Result<()> {
            let mut f =
                vec![("person_id", json!(person)), ("role", json!(role)), ("from_date", json!(from.to_string()))];
            if let Some(d) = dept {
                f.push(("department_id", json!(d)));
            }
            if let Some(t) = to {
                f.push(("to_date", json!(t.to_string())));
            }
            store::create(conn, roles_def, actor, &map(f))?;
            summary.roles += 1;
            Ok(())
        };
    let first_of = |d: usize, k: usize| -> String { by_dept[d][k % by_dept[d].len()].clone() };
    add_role(&first_of(0, 0), "chief-executive", None, role_start, None)?;
    let ccs = 1.min(depts.len() - 1);
    add_role(&first_of(ccs, 0), "siro", None, role_start, None)?;
    add_role(&first_of(ccs, 1), "deputy-siro", None, role_start, None)?;
    add_role(&first_of(ccs, 2), "dpo", None, role_start, None)?;
    add_role(&first_of(ccs, 2), "corporate-information-manager", None, role_start, None)?;
    for (d, (dept_id, _)) in depts.iter().enumerate() {
        let last_dept = d == depts.len() - 1 && depts.len() > 2;
        // In the last department the IAO left last month and nobody has been appointed yet.
        let iao_to = last_dept.then(|| today - Days::new(30));
        add_role(&first_of(d, 0), "iao", Some(dept_id), role_start, iao_to)?;
        add_role(&first_of(d, 1), "deputy-iao", Some(dept_id), role_start, None)?;
        add_role(&first_of(d, 2), "iaa", Some(dept_id), role_start, None)?;
        add_role(&first_of(d, 3), "link-officer", Some(dept_id), role_start, None)?;
        add_role(&first_of(d, 4), "deputy-link-officer", Some(dept_id), role_start, None)?;
        add_role(&first_of(d, 0), "img-member", Some(dept_id), role_start, None)?;
    }

    // Retention classes of the starter schedule first run loaded: id and period in days.
    let mut classes: BTreeMap<String, (String, i64, bool)> = BTreeMap::new();
    {
        let mut stmt = conn
            .prepare("SELECT reference, id, period_years * 365 + period_months * 30, action FROM retention_classes")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, String>(3)?))
        })?;
        for row in rows {
            let (reference, id, days, action) = row?;
            classes.insert(reference, (id, days, action == "keep-permanently"));
        }
    }

    // Information assets.
    let mut n = 0;
    for (d, (dept_id, code)) in depts.iter().enumerate() {
        for t in templates(code) {
            for k in 0..assets_per_template {
                n += 1;
                let name = if assets_per_template == 1 || k == 0 {
                    t.name.to_string()
                } else {
                    format!("{} ({})", t.name, AREAS[(k - 1) % AREAS.len()])
                };
                let reviewed =
                    if rng.random_bool(0.08) { None } else { Some(today - Days::new(rng.random_range(10..560))) };
                let mut f = vec![
                    ("reference", json!(format!("IA-{code}-{n:04}"))),
                    ("name", json!(name)),
                    ("description", json!(format!("{} kept by {}.", t.name, DEPARTMENTS[d].0))),
                    ("purpose", json!(t.purpose)),
                    ("business_function", json!(DEPARTMENTS[d].0)),
                    ("business_function_cy", json!(DEPARTMENTS[d].1)),
                    ("department_id", json!(dept_id)),
                    ("iao_id", json!(first_of(d, 0))),
                    ("iaa_ids", json!([first_of(d, 2)])),
                    ("users", json!("Service staff")),
                    ("format", json!(t.format)),
                    ("storage", json!(t.storage)),
                    ("system_location", json!(t.system)),
                    ("personal_data", json!(true)),
                    ("data_subjects", json!(t.subjects)),
                    ("data_categories", json!(t.categories)),
                    ("special_categories", json!(t.special)),
                    ("lawful_bases", json!(t.bases)),
                    ("art9_conditions", json!(t.art9)),
                    (
                        "recipients",
                        json!("Partner organisations under a signed sharing agreement; regulators on request"),
                    ),
                    ("retention", json!(t.retention)),
                    ("disposal_action", json!("destroy")),
                    ("classification", json!(if t.sensitive { "official-sensitive" } else { "official" })),
                    ("criticality", json!(if t.sensitive { "high" } else { *pick(rng, &["medium", "low"]) })),
                    ("access_controls", json!("Role-based access; leavers removed within one working day")),
                    (
                        "security_measures",
                        json!("Encrypted at rest and in transit; annual penetration test; audit logging"),
                    ),
                ];
                if t.storage == "supplier-hosted" || t.storage == "cloud" {
                    f.push((
                        "supplier",
                        json!(*pick(rng, &["Civica", "Capita", "Northgate", "Microsoft", "Servelec", "Idox"])),
                    ));
                }
                if let Some(r) = reviewed {
                    f.push(("last_reviewed", json!(r.to_string())));
                }
                if let Some((class_id, days, permanent)) = retention_class_for(t.name).and_then(|c| classes.get(c)) {
                    f.push(("retention_class_id", json!(class_id)));
                    // The oldest records held fall due mostly in the coming years; about one
                    // asset in ten is past its date and one in twelve has no trigger date yet.
                    let oldest = if *permanent {
                        Some(NaiveDate::from_ymd_opt(1996, 4, 1).expect("date"))
                    } else if rng.random_bool(0.08) {
                        None
                    } else {
                        // Every ninth asset is past its date, so each council has some to act on.
                        let ahead: i64 = if n % 9 == 4 { -rng.random_range(1..400) } else { rng.random_range(1..1200) };
                        today.checked_sub_signed(chrono::Duration::days(days - ahead)).filter(|d| *d <= today)
                    };
                    if let Some(o) = oldest {
                        f.push(("oldest_trigger", json!(o.to_string())));
                    }
                }
                if t.sensitive {
                    f.push(("dpia_ref", json!(format!("DPIA-{}-{:03}", code, n % 1000))));
                }
                let fields = store::prepare(conn, assets_def, &map(f), None, today)?;
                store::insert(conn, assets_def, actor, store::new_id(), &fields)?;
                summary.assets += 1;
            }
        }
    }
    Ok(summary)
}

/// The ids a query returns, in its order.
fn ids(conn: &rusqlite::Connection, sql: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(ids)
}

/// Each department's id with its Link Officer's, if it has one.
fn departments_with_link_officers(conn: &rusqlite::Connection) -> Result<Vec<(String, Option<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT d.id, (SELECT r.person_id FROM roles r WHERE r.department_id = d.id AND r.role = 'link-officer' LIMIT 1)
         FROM departments d ORDER BY d.code",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
