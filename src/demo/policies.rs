//! Policies with their versions, and the publication scheme.

use super::*;
use crate::error::Result;
use crate::register::store::{self, Actor};
use crate::registers;
use chrono::Days;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

pub(super) const POLICIES: &[(&str, &str)] = &[
    ("policy", "Data Protection Policy"),
    ("policy", "Information Security Policy"),
    ("policy", "Records Management Policy"),
    ("policy", "Freedom of Information Policy"),
    ("policy", "Acceptable Use Policy"),
    ("policy", "Clear Desk and Clear Screen Policy"),
    ("policy", "Information Sharing Policy"),
    ("policy", "Appropriate Policy Document (special category and criminal offence data)"),
    ("policy", "CCTV Policy"),
    ("policy", "Remote and Mobile Working Policy"),
    ("procedure", "Personal Data Breach Procedure"),
    ("procedure", "Subject Access Request Procedure"),
    ("procedure", "FOI and EIR Request Handling Procedure"),
    ("procedure", "Internal Review Procedure"),
    ("procedure", "Data Protection Impact Assessment Procedure"),
    ("procedure", "Secure Disposal of Records Procedure"),
    ("procedure", "Data Protection Complaints Procedure"),
    ("guidance", "Guidance on Redaction"),
    ("guidance", "Guidance on Sending Personal Data by Email"),
    ("guidance", "Guidance for Link Officers"),
    ("guidance", "Guidance on Retention and Disposal"),
    ("guidance", "Guidance on WASPI Information Sharing Protocols"),
    ("framework", "Information Governance Framework"),
    ("framework", "Information Risk Management Framework"),
    ("strategy", "ICT Strategy"),
];

pub(super) fn fill_policies(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    council: bool,
) -> Result<usize> {
    let today = actor.today();
    let def = &registers::policies::DEF;
    let versions = &registers::policy_versions::DEF;
    let owner: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
        "SELECT person_id FROM roles WHERE role = 'corporate-information-manager' LIMIT 1",
        [],
        |r| r.get(0),
    ))?;
    let add = |f: Vec<(&str, serde_json::Value)>, history: &[(&str, &str, &str, &str)]| -> Result<String> {
        let fields = store::prepare(conn, def, &map(f), None, today)?;
        let rec = store::insert(conn, def, actor, store::new_id(), &fields)?;
        for (version, dated, description, comments) in history {
            let v = vec![
                ("policy_id", json!(rec.id.to_string())),
                ("version", json!(version)),
                ("dated", json!(dated)),
                ("description", json!(description)),
                ("comments", json!(comments)),
            ];
            let vf = store::prepare(conn, versions, &map(v), None, today)?;
            store::insert(conn, versions, actor, store::new_id(), &vf)?;
        }
        Ok(rec.id.to_string())
    };
    // The strategy this application serves, with its own control sheet.
    let mut f = vec![
        ("title", json!("Information Management Strategy 2016-2019")),
        ("doc_type", json!("strategy")),
        ("approved_by", json!("Executive Board")),
        ("approved_on", json!("2016-06-21")),
        ("version", json!("V2.0")),
        ("location", json!("SAM (staff intranet)")),
        ("review_date", json!("2018-06-30")),
        ("status", json!("superseded")),
    ];
    if let Some(o) = &owner {
        f.push(("owner_id", json!(o)));
    }
    let old = add(
        f,
        &[
            ("V1.0", "2016-06-21", "No changes", "Approved by Executive Board"),
            (
                "V1.5",
                "2016-07-19",
                "Minor changes",
                "Version number and page numbers at bottom of page; text aligned; sub-titles on contents page",
            ),
            ("V2.0", "2017-06-15", "Update: Re-use of Public Sector Information Regulations", "From 2005 to 2015"),
        ],
    )?;
    let mut f = vec![
        ("title", json!("Information Management Strategy 2024-2027")),
        ("doc_type", json!("strategy")),
        ("approved_by", json!("Executive Board")),
        ("approved_on", json!("2024-06-18")),
        ("version", json!("V1.0")),
        ("supersedes_id", json!(old)),
        ("location", json!("Staff intranet")),
        ("review_date", json!("2027-06-30")),
        ("status", json!("approved")),
    ];
    if let Some(o) = &owner {
        f.push(("owner_id", json!(o)));
    }
    add(f, &[("V1.0", "2024-06-18", "New strategy for 2024-2027", "Approved by Executive Board")])?;
    let mut n = 2;
    let count = if council { POLICIES.len() * 2 } else { 8 };
    for i in 0..count {
        let (doc_type, title) = POLICIES[i % POLICIES.len()];
        let title = if i < POLICIES.len() {
            title.to_string()
        } else {
            format!("{title}: service annex {}", i / POLICIES.len())
        };
        let approved = today - Days::new(rng.random_range(60..1400));
        let major = rng.random_range(1..4);
        let review = approved + Days::new(if doc_type == "guidance" { 730 } else { 1095 });
        let mut f = vec![
            ("title", json!(title)),
            ("doc_type", json!(doc_type)),
            (
                "approved_by",
                json!(*pick(
                    rng,
                    &[
                        "Executive Board",
                        "Information Management Group",
                        "Senior Information Risk Owner",
                        "Corporate Management Team"
                    ]
                )),
            ),
            ("approved_on", json!(approved.to_string())),
            ("version", json!(format!("V{major}.0"))),
            ("location", json!("Staff intranet")),
            ("review_date", json!(review.to_string())),
            ("status", json!("approved")),
        ];
        if let Some(o) = &owner {
            f.push(("owner_id", json!(o)));
        }
        let history: Vec<(String, String)> = (1..=major)
            .map(|v| (format!("V{v}.0"), (approved - Days::new(365 * (major - v) as u64)).to_string()))
            .collect();
        let history: Vec<(&str, &str, &str, &str)> = history
            .iter()
            .map(|(v, d)| {
                (
                    v.as_str(),
                    d.as_str(),
                    if v == "V1.0" { "First issue" } else { "Annual review: legislation and roles updated" },
                    "Approved",
                )
            })
            .collect();
        add(f, &history)?;
        n += 1;
    }
    Ok(n)
}

pub(super) const PUBLICATION: &[(&str, &str, &str)] = &[
    ("who-we-are", "Council constitution", "Constitution and standing orders"),
    ("who-we-are", "Organisation structure", "Senior management structure chart"),
    ("who-we-are", "Councillors and their wards", "Contact details of elected members"),
    ("what-we-spend", "Payments over £500", "Monthly list of payments to suppliers"),
    ("what-we-spend", "Statement of accounts", "Audited annual accounts"),
    ("what-we-spend", "Senior salaries", "Pay of chief officers"),
    ("what-we-spend", "Contracts register", "Contracts over £5,000"),
    ("what-we-spend", "Councillors' allowances and expenses", "Annual statement"),
    ("priorities", "Council Plan", "Priorities and well-being objectives"),
    ("priorities", "Annual performance report", "Self-assessment of performance"),
    ("priorities", "Audit Wales reports", "External audit and inspection reports"),
    ("decisions", "Committee agendas, reports and minutes", "Published on the democracy pages"),
    ("decisions", "Record of officer decisions", "Delegated decisions"),
    ("decisions", "Planning decisions", "Planning applications and decisions"),
    ("policies", "Information governance policies", "Data protection, FOI and records policies"),
    ("policies", "Complaints policy", "How to complain and what happens next"),
    ("policies", "Welsh Language Standards compliance", "Annual report on the Standards"),
    ("lists", "Register of councillors' interests", "Declarations of interest"),
    ("lists", "Licensing registers", "Premises licences and taxi licences"),
    ("lists", "Disclosure log", "Responses to FOI requests of wider interest"),
    ("lists", "Asset register", "Land and buildings owned by the council"),
    ("services", "Council tax and business rates", "Bands, charges and how to pay"),
    ("services", "Bins and recycling", "Collection days and what goes in which bin"),
    ("services", "School admissions", "Admission arrangements and catchment areas"),
    ("services", "Social care services", "How to get help and what it costs"),
    ("services", "Housing services", "Applying for a home and reporting repairs"),
];

pub(super) fn fill_publication(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    council: bool,
) -> Result<usize> {
    let today = actor.today();
    let def = &registers::publication::DEF;
    let depts = departments_with_link_officers(conn)?;
    let count = if council { 40 } else { 10 };
    for i in 0..count {
        let (class, title, description) = PUBLICATION[i % PUBLICATION.len()];
        let title = if i < PUBLICATION.len() { title.to_string() } else { format!("{title} (archive)") };
        let (dept, link) = pick(rng, &depts).clone();
        let mut f = vec![
            ("class", json!(class)),
            ("title", json!(title)),
            ("description", json!(description)),
            ("published_at", json!("Council website")),
            ("department_id", json!(dept)),
        ];
        if let Some(l) = link {
            f.push(("link_officer_id", json!(l)));
        }
        if rng.random_bool(0.92) {
            f.push(("last_checked", json!((today - Days::new(rng.random_range(5..500))).to_string())));
        }
        let fields = store::prepare(conn, def, &map(f), None, today)?;
        store::insert(conn, def, actor, store::new_id(), &fields)?;
    }
    Ok(count)
}
