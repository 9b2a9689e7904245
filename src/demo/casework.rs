//! Casework on the clocks: FOI, EIR and subject access requests, complaints and breaches, over
//! the years the scale asks for.

use super::*;
use crate::error::Result;
use crate::register::store::{self, Actor};
use crate::registers;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

pub(super) const FOI_TOPICS: &[&str] = &[
    "Number of potholes reported on the {place} road network since {year}",
    "Spending on agency and interim staff in {year}",
    "Council tax arrears by band and ward",
    "Contracts held with {supplier} and their value",
    "Number of children looked after by age group",
    "Fly-tipping incidents recorded in {place}",
    "Correspondence about the planning application for land at {place}",
    "Home-to-school transport costs",
    "Cyber attacks on council systems and the cost of recovery",
    "Staff sickness absence by department",
    "Penalty charge notices issued in {place} car parks",
    "Waiting times for housing repairs",
    "Hackney carriage and private hire licences issued",
    "Closure of public toilets in {place}",
    "Councillors' expenses claimed in {year}",
    "Empty homes brought back into use",
    "Air quality monitoring results for {place}",
    "Use of consultants on the town centre regeneration scheme",
    "Number of Welsh-medium school places",
    "Gritting routes and salt stocks",
];

pub(super) const EIR_TOPICS: &[&str] = &[
    "Flood risk assessments for {place}",
    "Tree preservation orders in {place}",
    "Contaminated land register entries",
    "Noise complaints about the industrial estate",
    "Waste and recycling tonnages for {year}",
];

pub(super) const SAR_TOPICS: &[&str] = &[
    "Copy of my social care records",
    "All information held about me by Housing",
    "My council tax account history",
    "My employment and HR file",
    "CCTV footage of an incident on {place} high street",
    "Records of my time in foster care",
];

pub(super) const SUPPLIERS: &[&str] =
    &["Civica", "Capita", "Northgate", "Microsoft", "Servelec", "Idox", "Kier", "Biffa"];

pub(super) const BREACH_TITLES: &[(&str, &str)] = &[
    ("misdirected-email", "Email with case details sent to the wrong recipient"),
    ("misdirected-email", "Spreadsheet of tenants sent to an external contact"),
    ("misdirected-post", "Letter posted to a previous address"),
    ("misdirected-post", "Two residents' letters in one envelope"),
    ("email-addresses", "Group email sent without Bcc"),
    ("lost-paper", "Case file left on a train"),
    ("lost-device", "Unencrypted USB stick lost at the depot"),
    ("lost-device", "Work mobile stolen from a car"),
    ("verbal-disclosure", "Details discussed in a public reception area"),
    ("unauthorised-access", "Staff member viewed a relative's record"),
    ("inappropriate-disposal", "Confidential papers found in general waste"),
    ("phishing", "Credentials entered on a phishing page"),
    ("published-in-error", "Unredacted report published on the website"),
    ("system-error", "Portal showed another customer's account"),
    ("cyber-attack", "Ransomware on a supplier's system"),
];

pub(super) fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1].0
}

pub(super) fn fill_topic(rng: &mut ChaCha8Rng, template: &str, year: i32) -> String {
    template
        .replace(
            "{place}",
            pick::<&str>(
                rng,
                &[
                    "Wrexham",
                    "Rhosllanerchrugog",
                    "Gwersyllt",
                    "Cefn Mawr",
                    "Chirk",
                    "Llay",
                    "Gresford",
                    "Brymbo",
                    "Coedpoeth",
                ],
            ),
        )
        .replace("{year}", &(year - 1).to_string())
        .replace("{supplier}", pick::<&str>(rng, SUPPLIERS))
}

/// About `per_year` requests a year for `years` years (FOI, EIR, SARs, and DP complaints from
/// 19 June 2026), seasonal and some late, and about 50 incidents a year, a few reported.
pub(super) fn fill_clocks(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    years: i32,
    per_year: usize,
) -> Result<(usize, usize)> {
    let today = actor.today();
    let now = actor.now;
    let req_def = &registers::requests::DEF;
    let breach_def = &registers::breaches::DEF;
    let cal = registers::holidays::calendar(conn);
    let depts = departments_with_link_officers(conn)?;
    let complaints_from = NaiveDate::from_ymd_opt(2026, 6, 19).expect("valid date");
    let start = today - Days::new(365 * years as u64);
    let total = per_year * years as usize;
    let mut n_requests = 0;
    // Dates first, in order, so references run in date order as they would at a council.
    let mut dates: Vec<NaiveDate> = (0..total)
        .map(|_| {
            // Fewer requests in August and over Christmas.
            let received = start + Days::new(rng.random_range(0..(today - start).num_days() as u64));
            if matches!(received.month(), 8 | 12) && rng.random_bool(0.3) {
                received - Days::new(40)
            } else {
                received
            }
        })
        .collect();
    dates.sort();
    for received in dates {
        let kind = *weighted(rng, &[("foi", 72), ("eir", 13), ("sar", 13), ("rights", 1), ("dp-complaint", 1)]);
        let kind = if kind == "dp-complaint" && received < complaints_from { "sar" } else { kind };
        let year = received.year();
        let summary = match kind {
            "foi" => {
                let t = *pick(rng, FOI_TOPICS);
                fill_topic(rng, t, year)
            }
            "eir" => {
                let t = *pick(rng, EIR_TOPICS);
                fill_topic(rng, t, year)
            }
            "dp-complaint" => "Complaint about how my personal data was handled".to_string(),
            "rights" => "Request to correct my date of birth on council records".to_string(),
            _ => {
                let t = *pick(rng, SAR_TOPICS);
                fill_topic(rng, t, year)
            }
        };
        let (dept, link) = pick(rng, &depts).clone();
        let mut f = vec![
            ("request_type", json!(kind)),
            ("received_on", json!(received.to_string())),
            ("received_via", json!(*weighted(rng, &[("email", 60), ("web-form", 30), ("post", 7), ("verbal", 3)]))),
            (
                "requester_type",
                json!(*weighted(
                    rng,
                    &[
                        ("public", 55),
                        ("media", 12),
                        ("business", 10),
                        ("campaign", 6),
                        ("solicitor", 5),
                        ("elected-member", 3),
                        ("researcher", 5),
                        ("other", 4)
                    ]
                )),
            ),
            ("summary", json!(summary)),
            ("department_ids", json!([dept])),
        ];
        if let Some(l) = link {
            f.push(("link_officer_id", json!(l)));
        }
        let mut base_received = received;
        if kind == "sar" && rng.random_bool(0.4) {
            let id = received + Days::new(rng.random_range(1..12));
            if id <= today {
                f.push(("id_received_on", json!(id.to_string())));
                base_received = id;
            }
        }
        if matches!(kind, "foi" | "eir") && rng.random_bool(0.05) {
            let sought = received + Days::new(rng.random_range(1..5));
            let back = sought + Days::new(rng.random_range(2..20));
            if sought <= today {
                f.push(("clarification_sought_on", json!(sought.to_string())));
                if back <= today {
                    f.push(("clarification_received_on", json!(back.to_string())));
                    base_received = back;
                }
            }
        }
        let extended = match kind {
            "sar" => rng.random_bool(0.2),
            "foi" => rng.random_bool(0.03),
            "eir" => rng.random_bool(0.05),
            _ => false,
        };
        if extended {
            let (k, reason) = match kind {
                "sar" => ("sar-complex", "Several thousand pages across social care and housing records"),
                "eir" => ("reg7", "Complex and voluminous: records held across three services"),
                _ => ("pit", "Considering the public interest in the commercial interests exemption"),
            };
            let notified = base_received + Days::new(rng.random_range(5..20));
            if notified <= today {
                f.push(("extended", json!(true)));
                f.push(("extension_kind", json!(k)));
                f.push(("extension_reason", json!(reason)));
                f.push(("extension_notified_on", json!(notified.to_string())));
            }
        }
        // Work out the due date to decide when it was answered: mostly in time, some late.
        let probe = store::prepare(conn, req_def, &map(f.clone()), None, today)?;
        if let Some(due) = probe.get("due_on").and_then(crate::register::Value::as_date) {
            let answered = if rng.random_bool(0.09) {
                due + Days::new(rng.random_range(1..30))
            } else {
                let lead = rng.random_range(0..((due - base_received).num_days().max(1)) as u64);
                due - Days::new(lead.min(((due - base_received).num_days() - 1).max(0) as u64))
            };
            if answered <= today && answered >= received {
                let outcome = if kind == "dp-complaint" {
                    *weighted(rng, &[("complaint-upheld", 3), ("complaint-partly", 3), ("complaint-not-upheld", 4)])
                } else {
                    *weighted(
                        rng,
                        &[
                            ("granted-full", 52),
                            ("granted-part", 20),
                            ("refused", 8),
                            ("not-held", 11),
                            ("withdrawn", 4),
                            ("cost-limit", 3),
                            ("vexatious", 1),
                        ],
                    )
                };
                if kind == "dp-complaint" {
                    let ack = received + Days::new(rng.random_range(1..28));
                    f.push(("acknowledged_on", json!(ack.min(answered).to_string())));
                }
                f.push(("responded_on", json!(answered.to_string())));
                f.push(("outcome", json!(outcome)));
                if matches!(outcome, "granted-part" | "refused") {
                    let pool: &[&str] = match kind {
                        "eir" => &["eir-12-4-d", "eir-12-4-e", "eir-12-5-e", "eir-13", "eir-12-5-b"],
                        "sar" | "rights" => &["dpa-s2-p16", "dpa-s3", "dpa-s2-p5", "dpa-s2-p2"],
                        _ => &["foi-s40-2", "foi-s43", "foi-s31", "foi-s21", "foi-s42", "foi-s22", "foi-s36"],
                    };
                    let mut ex = vec![*pick(rng, pool)];
                    if rng.random_bool(0.3) {
                        let second = *pick(rng, pool);
                        if second != ex[0] {
                            ex.push(second);
                        }
                    }
                    f.push(("exemptions", json!(ex)));
                }
                if matches!(kind, "foi" | "eir")
                    && matches!(outcome, "granted-part" | "refused" | "not-held")
                    && rng.random_bool(0.25)
                {
                    let asked = answered + Days::new(rng.random_range(3..30));
                    if asked <= today {
                        f.push(("review_requested_on", json!(asked.to_string())));
                        let done = cal.nth_working_day_after(asked, rng.random_range(8..24), |_| false);
                        if done <= today {
                            f.push(("review_completed_on", json!(done.to_string())));
                            f.push((
                                "review_outcome",
                                json!(*weighted(rng, &[("upheld", 70), ("partly", 18), ("overturned", 12)])),
                            ));
                            if rng.random_bool(0.15) {
                                f.push(("ico_complaint", json!(true)));
                                f.push((
                                    "ico_reference",
                                    json!(format!("IC-{}-{:06}", done.year(), rng.random_range(100000..999999))),
                                ));
                            }
                        }
                    }
                }
            }
        }
        let fields = store::prepare(conn, req_def, &map(f), None, today)?;
        store::insert(conn, req_def, actor, store::new_id(), &fields)?;
        n_requests += 1;
    }

    // Incidents: about 50 a year; most are human error; a few reported to the ICO.
    let mut n_breaches = 0;
    let per_year_breaches = if years > 1 { 50 } else { 12 };
    let count = per_year_breaches * years as usize;
    let mut awareness: Vec<DateTime<Utc>> = (0..count - 1)
        .map(|_| now - chrono::Duration::minutes(rng.random_range(60 * 24 * 5..60 * 24 * 365 * years as i64)))
        .collect();
    awareness.sort();
    // The last one became known a day and a half ago: its ICO clock is still running.
    awareness.push(now - chrono::Duration::hours(30));
    for (i, aware) in awareness.into_iter().enumerate() {
        let (cause, title) = *pick(rng, BREACH_TITLES);
        let (dept, _) = pick(rng, &depts).clone();
        let near_miss = i + 1 != count && rng.random_bool(0.15);
        let mut f = vec![
            ("title", json!(title)),
            ("near_miss", json!(near_miss)),
            ("department_id", json!(dept)),
            ("cause", json!(cause)),
            ("what_happened", json!(format!("{title}. Reported by the team manager the same day."))),
            ("how_discovered", json!("Reported by the recipient")),
            ("discovered_at", json!(crate::time::stamp(aware - chrono::Duration::minutes(rng.random_range(0..240))))),
            ("aware_at", json!(crate::time::stamp(aware))),
            ("cyber", json!(if matches!(cause, "cyber-attack" | "phishing") { "yes" } else { "no" })),
            (
                "breach_types",
                json!(if cause == "cyber-attack" {
                    vec!["availability", "confidentiality"]
                } else {
                    vec!["confidentiality"]
                }),
            ),
            ("data_categories", json!(["basic-identifiers", "family-social"])),
            ("people_affected", json!(rng.random_range(1..40))),
            ("records_affected", json!(rng.random_range(1..60))),
            (
                "subject_categories",
                json!([*pick(rng, &["residents", "service-users", "employees", "children", "tenants"])]),
            ),
            ("staff_involved", json!(!matches!(cause, "cyber-attack" | "system-error"))),
            ("severity", json!(*weighted(rng, &[("low", 60), ("medium", 30), ("high", 9), ("critical", 1)]))),
        ];
        let open = i + 1 == count;
        if !open && !near_miss {
            let risk = *weighted(rng, &[("no-risk", 72), ("risk", 23), ("high-risk", 5)]);
            f.push(("risk", json!(risk)));
            if risk == "no-risk" {
                f.push(("notify_ico", json!("no")));
                f.push((
                    "notify_ico_reason",
                    json!("Recipient confirmed deletion; no sensitive data; unlikely to result in a risk"),
                ));
                f.push(("tell_subjects", json!("no")));
            } else {
                f.push(("notify_ico", json!("yes")));
                let hours = if rng.random_bool(0.2) { rng.random_range(73..120) } else { rng.random_range(4..70) };
                f.push(("reported_at", json!(crate::time::stamp(aware + chrono::Duration::hours(hours)))));
                f.push(("ico_reference", json!(format!("IC-{:06}", rng.random_range(100000..999999)))));
                if hours > 72 {
                    f.push((
                        "late_reason",
                        json!("The full extent was not known until the supplier's investigation reported."),
                    ));
                }
                f.push(("tell_subjects", json!(if risk == "high-risk" { "yes" } else { "no" })));
            }
            f.push(("containment", json!("Recipient asked to delete; deletion confirmed in writing")));
            f.push(("lessons", json!("Team reminded to check recipients; autocomplete turned off")));
            if aware < now - chrono::Duration::days(30) {
                f.push(("closed_on", json!(crate::time::london_date(aware + chrono::Duration::days(rng.random_range(7..28))).to_string())));
            }
        }
        let fields = store::prepare(conn, breach_def, &map(f), None, today)?;
        store::insert(conn, breach_def, actor, store::new_id(), &fields)?;
        n_breaches += 1;
    }
    Ok((n_requests, n_breaches))
}
