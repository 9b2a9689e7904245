//! Data-sharing agreements (WASPI ISPs and DDAs) with their partners.

use super::*;
use crate::error::Result;
use crate::register::store::{self, Actor};
use crate::registers;
use chrono::Days;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

/// An agreement: (type, title, purpose, direction, partners, statutory power, data subjects).
pub(super) type SharingTemplate =
    (&'static str, &'static str, &'static str, &'static str, &'static [&'static str], &'static str, &'static str);

pub(super) const SHARING: &[SharingTemplate] = &[
    (
        "isp",
        "Hospital discharge and community care",
        "Planning safe, timely discharge from hospital to care at home",
        "reciprocal",
        &["Betsi Cadwaladr University Health Board"],
        "Social Services and Well-being (Wales) Act 2014 ss162–164",
        "service-users",
    ),
    (
        "isp",
        "Multi-agency risk assessment conference (MARAC)",
        "Protecting high-risk victims of domestic abuse",
        "reciprocal",
        &["North Wales Police", "Betsi Cadwaladr University Health Board", "Probation Service Wales"],
        "Crime and Disorder Act 1998 s115",
        "vulnerable-adults",
    ),
    (
        "isp",
        "Multi-agency safeguarding hub",
        "Sharing concerns about children and adults at risk",
        "reciprocal",
        &["North Wales Police", "Betsi Cadwaladr University Health Board"],
        "Children Act 2004 s28; Social Services and Well-being (Wales) Act 2014 s130",
        "children",
    ),
    (
        "isp",
        "Integrated family support service",
        "Supporting families where parents misuse substances",
        "reciprocal",
        &["Betsi Cadwaladr University Health Board", "Flintshire County Council"],
        "Children and Families (Wales) Measure 2010",
        "children",
    ),
    (
        "isp",
        "Youth justice service referrals",
        "Assessing and supervising young people who offend",
        "reciprocal",
        &["North Wales Police", "Probation Service Wales", "Careers Wales"],
        "Crime and Disorder Act 1998 s39",
        "children",
    ),
    (
        "isp",
        "Anti-social behaviour perpetrator referrals",
        "Tackling anti-social behaviour in council housing",
        "reciprocal",
        &["North Wales Police", "Clwyd Alyn Housing", "Wales & West Housing"],
        "Anti-social Behaviour, Crime and Policing Act 2014",
        "tenants",
    ),
    (
        "isp",
        "Team around the family",
        "Coordinating early help for families",
        "reciprocal",
        &["Coleg Cambria", "Careers Wales", "Betsi Cadwaladr University Health Board"],
        "Children Act 2004 s25",
        "children",
    ),
    (
        "isp",
        "Flying Start health visiting",
        "Delivering Flying Start support to families with young children",
        "reciprocal",
        &["Betsi Cadwaladr University Health Board"],
        "Education Act 1996; Children Act 2004",
        "children",
    ),
    (
        "isp",
        "Community safety partnership",
        "Reducing crime and disorder in Wrexham",
        "reciprocal",
        &["North Wales Police", "North Wales Fire and Rescue Service"],
        "Crime and Disorder Act 1998 s115",
        "residents",
    ),
    (
        "isp",
        "Supporting people housing support",
        "Arranging housing-related support for vulnerable people",
        "reciprocal",
        &["Clwyd Alyn Housing", "Citizens Advice Wrexham"],
        "Housing (Wales) Act 2014 s95",
        "vulnerable-adults",
    ),
    (
        "dda",
        "Housing benefit data matching",
        "Preventing and detecting fraud and error in benefit claims",
        "one-way",
        &["Department for Work and Pensions"],
        "Social Security Administration Act 1992 s122C",
        "residents",
    ),
    (
        "dda",
        "National Fraud Initiative",
        "Data matching to prevent and detect fraud",
        "one-way",
        &["Cabinet Office"],
        "Local Audit and Accountability Act 2014 Sch 9",
        "residents",
    ),
    (
        "dda",
        "Council tax single person discount review",
        "Checking entitlement to single person discount",
        "one-way",
        &["HM Revenue and Customs"],
        "Local Government Finance Act 1992 Sch 2",
        "residents",
    ),
    (
        "dda",
        "Pupil level annual school census",
        "Statutory return of pupil data to Welsh Government",
        "one-way",
        &["Welsh Government"],
        "Education Act 1996 s537A",
        "pupils",
    ),
    (
        "dda",
        "School nursing and immunisation lists",
        "Offering immunisations to pupils",
        "one-way",
        &["Betsi Cadwaladr University Health Board", "Public Health Wales"],
        "Education Act 1996 s520",
        "pupils",
    ),
    (
        "dda",
        "Electoral register supply to credit reference agencies",
        "Supplying the full register as the regulations require",
        "one-way",
        &["Experian", "Equifax", "TransUnion"],
        "Representation of the People (England and Wales) Regulations 2001 reg 114",
        "residents",
    ),
    (
        "dda",
        "Disabled facilities grant referrals",
        "Referring occupational therapy assessments for adaptations",
        "one-way",
        &["Care and Repair North East Wales"],
        "Housing Grants, Construction and Regeneration Act 1996",
        "service-users",
    ),
    (
        "dda",
        "Blue badge eligibility checks",
        "Confirming eligibility for blue badges",
        "one-way",
        &["Department for Work and Pensions"],
        "Chronically Sick and Disabled Persons Act 1970 s21",
        "residents",
    ),
    (
        "jca",
        "Regional partnership board data",
        "Joint planning of health and social care services",
        "reciprocal",
        &[
            "Betsi Cadwaladr University Health Board",
            "Flintshire County Council",
            "Denbighshire County Council",
            "Conwy County Borough Council",
        ],
        "Social Services and Well-being (Wales) Act 2014 Part 9",
        "service-users",
    ),
    (
        "jca",
        "North Wales adoption service",
        "Running the regional adoption service",
        "reciprocal",
        &["Gwynedd Council", "Isle of Anglesey County Council", "Conwy County Borough Council"],
        "Adoption and Children Act 2002",
        "children",
    ),
    (
        "processor",
        "Payroll and HR system hosting",
        "Hosting the HR and payroll system",
        "one-way",
        &["Civica"],
        "UK GDPR Art 28",
        "employees",
    ),
    (
        "processor",
        "Confidential waste collection",
        "Collecting and destroying confidential waste",
        "one-way",
        &["North Wales Secure Shredding"],
        "UK GDPR Art 28",
        "residents",
    ),
    (
        "processor",
        "Revenues and benefits print and post",
        "Printing and posting council tax bills",
        "one-way",
        &["Adare SEC"],
        "UK GDPR Art 28",
        "residents",
    ),
    (
        "processor",
        "Occupational health service",
        "Providing occupational health assessments",
        "one-way",
        &["Health Management Ltd"],
        "UK GDPR Art 28",
        "employees",
    ),
    (
        "mou",
        "Emergency planning contacts",
        "Sharing contact lists for civil contingencies",
        "reciprocal",
        &["North Wales Fire and Rescue Service", "North Wales Police", "Welsh Ambulance Services NHS Trust"],
        "Civil Contingencies Act 2004",
        "employees",
    ),
    (
        "mou",
        "Citizens Advice referrals",
        "Referring residents for debt and benefits advice with consent",
        "one-way",
        &["Citizens Advice Wrexham"],
        "Consent (Art 6(1)(a))",
        "residents",
    ),
    (
        "isp",
        "Regulated care provider concerns",
        "Sharing concerns about regulated care services",
        "reciprocal",
        &["Care Inspectorate Wales", "Betsi Cadwaladr University Health Board"],
        "Regulation and Inspection of Social Care (Wales) Act 2016",
        "service-users",
    ),
    (
        "isp",
        "Learning disability transition",
        "Planning transition from children's to adult services",
        "reciprocal",
        &["Coleg Cambria", "Careers Wales", "Betsi Cadwaladr University Health Board"],
        "Additional Learning Needs and Education Tribunal (Wales) Act 2018",
        "children",
    ),
    (
        "dda",
        "Food hygiene ratings",
        "Publishing food hygiene ratings",
        "one-way",
        &["Food Standards Agency"],
        "Food Hygiene Rating (Wales) Act 2013",
        "suppliers",
    ),
    (
        "isp",
        "Homelessness prevention",
        "Preventing homelessness for prison leavers",
        "reciprocal",
        &["Probation Service Wales", "HM Prison Berwyn", "Clwyd Alyn Housing"],
        "Housing (Wales) Act 2014 s95",
        "vulnerable-adults",
    ),
];

pub(super) const SHARING_STATUSES: &[(&str, u32)] = &[
    ("live", 55),
    ("under-review", 10),
    ("signed", 4),
    ("quality-assured", 4),
    ("with-qa", 5),
    ("draft", 8),
    ("expired", 8),
    ("withdrawn", 6),
];

pub(super) fn fill_sharing(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    count: usize,
) -> Result<usize> {
    let today = actor.today();
    let def = &registers::sharing::DEF;
    let partners_def = &registers::sharing_partners::DEF;
    // Departments with an owner to sign for them (the user's own department, made on first
    // run, may have none when the demo's departments do not include it).
    let depts = ids(conn, "SELECT DISTINCT d.id FROM departments d JOIN roles r ON r.department_id = d.id AND r.role IN ('iao', 'deputy-iao') ORDER BY d.code")?;
    let council: String = conn.query_row("SELECT council_name FROM installation", [], |r| r.get(0))?;
    let variants = ["", " (Wrexham and Flintshire)", " (North Wales)", " – pilot", " (schools)", " (version 2)"];
    for i in 0..count {
        let (kind, title, purpose, direction, partners, power, subjects) = SHARING[i % SHARING.len()];
        let title = format!("{title}{}", variants[(i / SHARING.len()) % variants.len()]);
        let dept = pick(rng, &depts).clone();
        let iao: String = conn.query_row(
            "SELECT person_id FROM roles WHERE department_id = ?1 AND role IN ('iao', 'deputy-iao') ORDER BY role LIMIT 1",
            [&dept],
            |r| r.get(0),
        )?;
        let iaa: Option<String> = rusqlite::OptionalExtension::optional(conn.query_row(
            "SELECT person_id FROM roles WHERE department_id = ?1 AND role = 'iaa' LIMIT 1",
            [&dept],
            |r| r.get(0),
        ))?;
        let assets =
            ids(conn, &format!("SELECT id FROM assets WHERE department_id = '{dept}' ORDER BY reference LIMIT 3"))?;
        let status = *weighted(rng, SHARING_STATUSES);
        let health = matches!(subjects, "service-users" | "vulnerable-adults" | "children");
        let start = today
            - Days::new(if status == "expired" { rng.random_range(1500..2600) } else { rng.random_range(30..2200) });
        let qa_date = start - Days::new(rng.random_range(20..120));
        let mut f = vec![
            ("title", json!(title)),
            ("agreement_type", json!(kind)),
            ("purpose", json!(purpose)),
            ("lead_organisation", json!(if direction == "one-way" { council.as_str() } else { partners[0] })),
            ("direction", json!(direction)),
            ("data_subjects", json!([subjects])),
            ("data_categories", json!(["basic-identifiers", "family-social"])),
            ("lawful_bases", json!([if kind == "processor" { "contract" } else { "public-task" }])),
            ("statutory_power", json!(power)),
            ("frequency", json!(*pick(rng, &["as-needed", "daily", "weekly", "monthly", "quarterly", "continuous"]))),
            ("transfer_method", json!(*pick(rng, &["secure-email", "sftp", "shared-system", "portal", "api"]))),
            ("security", json!("Encrypted in transit (TLS 1.2+); access limited to named practitioners; audit logging")),
            ("retention_deletion", json!("Each partner keeps shared records under its own retention schedule and deletes duplicates once the purpose is met")),
            ("asset_ids", json!(assets)),
            ("privacy_notice_updated", json!(rng.random_bool(0.85))),
            ("department_id", json!(dept)),
            ("iao_id", json!(iao)),
            ("status", json!("draft")),
        ];
        if health {
            f.push(("special_categories", json!(["health"])));
            f.push(("art9_conditions", json!(["health-social-care"])));
        }
        if kind == "processor" || health {
            f.push(("dpia_ref", json!(format!("DPIA-{:03}", 200 + i))));
        }
        if let Some(iaa) = iaa {
            f.push(("iaa_id", json!(iaa)));
        }
        let rec = store::create(conn, def, actor, &map(f.clone()))?;
        // Partners: the council and the others; all signed once the agreement is signed.
        let signs_all = !matches!(status, "draft" | "with-qa" | "quality-assured" | "withdrawn");
        let mut orgs: Vec<(&str, &str)> =
            vec![(council.as_str(), if direction == "one-way" { "lead" } else { "partner" })];
        for p in partners {
            orgs.push((
                p,
                if kind == "processor" {
                    "processor"
                } else if kind == "jca" {
                    "joint-controller"
                } else if direction == "one-way" {
                    "recipient"
                } else {
                    "partner"
                },
            ));
        }
        for (k, (org, role)) in orgs.iter().enumerate() {
            let mut p = vec![
                ("sharing_id", json!(rec.id.to_string())),
                ("organisation", json!(org)),
                ("role", json!(role)),
                ("contact", json!(if k == 0 { "Information Governance Team" } else { "Data Protection Officer" })),
            ];
            if signs_all || (status == "quality-assured" && k == 0) {
                p.push(("signed_by", json!(if k == 0 { "Chief Officer" } else { "Director" })));
                p.push(("signed_on", json!((start - Days::new(rng.random_range(1..20))).to_string())));
            }
            store::create(conn, partners_def, actor, &map(p))?;
        }
        if status != "draft" {
            let rec = store::get(conn, def, rec.id)?;
            f.retain(|(k, _)| *k != "status");
            f.push(("status", json!(status)));
            if status != "with-qa" && status != "withdrawn" {
                f.push(("qa_group", json!("North Wales WASPI QA group")));
                f.push(("qa_date", json!(qa_date.to_string())));
            }
            if matches!(status, "live" | "under-review" | "expired" | "signed") {
                f.push(("start_date", json!(start.to_string())));
            }
            if matches!(status, "live" | "under-review") && rng.random_bool(0.7) {
                let since = (today - start).num_days().clamp(1, 760) as u64;
                let reviewed = today - Days::new(rng.random_range(0..since));
                f.push(("last_reviewed", json!(reviewed.to_string())));
            }
            store::update(conn, def, actor, rec.id, rec.revision, &map(f))?;
        }
    }
    Ok(count)
}
