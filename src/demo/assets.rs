//! Information assets from each department's templates, with their retention classes, and
//! the disposals of their records.

use super::*;
use crate::error::Result;
use crate::register::store::{self, Actor};
use crate::registers;
use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde_json::json;

/// An asset template: name, purpose, system, format, storage, data subjects, data categories,
/// special categories, lawful bases, Art 9 conditions, classification, retention.
pub(super) struct AssetTemplate {
    pub(super) name: &'static str,
    pub(super) purpose: &'static str,
    pub(super) system: &'static str,
    pub(super) format: &'static str,
    pub(super) storage: &'static str,
    pub(super) subjects: &'static [&'static str],
    pub(super) categories: &'static [&'static str],
    pub(super) special: &'static [&'static str],
    pub(super) bases: &'static [&'static str],
    pub(super) art9: &'static [&'static str],
    pub(super) sensitive: bool,
    pub(super) retention: &'static str,
}

macro_rules! asset {
    ($name:expr, $purpose:expr, $system:expr, $format:expr, $storage:expr, [$($s:expr),*], [$($c:expr),*], [$($sp:expr),*], [$($b:expr),*], [$($a:expr),*], $sens:expr, $ret:expr) => {
        AssetTemplate { name: $name, purpose: $purpose, system: $system, format: $format, storage: $storage,
            subjects: &[$($s),*], categories: &[$($c),*], special: &[$($sp),*], bases: &[$($b),*], art9: &[$($a),*],
            sensitive: $sens, retention: $ret }
    };
}

pub(super) fn templates(code: &str) -> Vec<AssetTemplate> {
    let mut t = match code {
        "SCA" => vec![
            asset!("Adult social care case records", "Assessing needs and arranging care and support under the Social Services and Well-being (Wales) Act 2014", "WCCIS", "electronic", "supplier-hosted", ["service-users", "carers", "vulnerable-adults"], ["basic-identifiers", "family-social", "economic-financial"], ["health", "religious-beliefs", "racial-ethnic-origin"], ["public-task", "legal-obligation"], ["health-social-care"], true, "8 years after case closure"),
            asset!("Safeguarding adults referrals", "Receiving and investigating reports of adults at risk", "WCCIS", "electronic", "supplier-hosted", ["vulnerable-adults", "residents"], ["basic-identifiers", "family-social"], ["health"], ["public-task"], ["substantial-public-interest"], true, "25 years after closure"),
            asset!("Residential care home residents' files", "Day-to-day care records for residents of council care homes", "Care home paper files", "paper", "office-files", ["service-users"], ["basic-identifiers", "family-social"], ["health"], ["public-task"], ["health-social-care"], true, "8 years after death or discharge"),
            asset!("Direct payments financial records", "Paying and auditing direct payments to people who arrange their own care", "Finance system", "electronic", "council-network", ["service-users", "carers"], ["basic-identifiers", "economic-financial"], [], ["public-task"], [], true, "6 years after end of financial year"),
        ],
        "SCC" => vec![
            asset!("Looked-after children case files", "Care planning for children looked after by the council", "WCCIS", "hybrid", "supplier-hosted", ["children", "carers"], ["basic-identifiers", "family-social", "education"], ["health", "religious-beliefs"], ["public-task", "legal-obligation"], ["health-social-care"], true, "75 years from date of birth"),
            asset!("Child protection conference minutes", "Recording multi-agency child protection decisions", "WCCIS", "electronic", "supplier-hosted", ["children", "residents"], ["basic-identifiers", "family-social"], ["health", "sex-life"], ["public-task"], ["substantial-public-interest"], true, "35 years after closure"),
            asset!("Foster carer assessments", "Assessing and approving foster carers", "Fostering team files", "hybrid", "council-network", ["carers"], ["basic-identifiers", "family-social", "economic-financial"], ["health"], ["public-task"], ["health-social-care"], true, "10 years after approval ends"),
            asset!("Youth justice case records", "Supervising young people under court orders", "ChildView", "electronic", "supplier-hosted", ["children"], ["basic-identifiers", "family-social", "education"], ["health"], ["public-task", "legal-obligation"], ["substantial-public-interest"], true, "Until age 25 or 6 years after closure"),
        ],
        "EDU" => vec![
            asset!("Pupil admissions applications", "Allocating school places under the School Admissions Code", "Admissions portal", "electronic", "cloud", ["pupils", "residents"], ["basic-identifiers", "family-social"], [], ["public-task", "legal-obligation"], [], false, "Current year + 1 year"),
            asset!("Additional learning needs records", "Preparing and reviewing individual development plans", "ALN case system", "electronic", "supplier-hosted", ["pupils"], ["basic-identifiers", "education"], ["health"], ["public-task", "legal-obligation"], ["substantial-public-interest"], true, "Date of birth + 31 years"),
            asset!("Free school meals eligibility", "Checking eligibility for free school meals and grants", "Revenues system", "electronic", "council-network", ["pupils", "residents"], ["basic-identifiers", "economic-financial"], [], ["public-task"], [], false, "Current year + 6 years"),
            asset!("Education welfare attendance cases", "Improving school attendance and prosecuting non-attendance", "Attendance system", "electronic", "council-network", ["pupils", "residents"], ["basic-identifiers", "education", "family-social"], [], ["public-task", "legal-obligation"], [], true, "Date of birth + 25 years"),
        ],
        "HSG" => vec![
            asset!("Housing register applications", "Allocating social housing under the Housing (Wales) Act 2014", "Housing management system", "electronic", "supplier-hosted", ["residents", "tenants"], ["basic-identifiers", "family-social", "economic-financial", "housing"], ["health"], ["public-task", "legal-obligation"], ["substantial-public-interest"], true, "2 years after application closed"),
            asset!("Tenancy files", "Managing council tenancies, rent and repairs", "Housing management system", "hybrid", "supplier-hosted", ["tenants"], ["basic-identifiers", "housing", "economic-financial"], [], ["contract", "public-task"], [], false, "6 years after tenancy ends"),
            asset!("Homelessness assessments", "Assessing and discharging homelessness duties", "Homelessness case system", "electronic", "cloud", ["residents", "vulnerable-adults"], ["basic-identifiers", "family-social", "housing"], ["health"], ["public-task", "legal-obligation"], ["substantial-public-interest"], true, "6 years after closure"),
            asset!("Anti-social behaviour case files", "Investigating anti-social behaviour with the police", "ASB case log", "electronic", "council-network", ["residents", "tenants"], ["basic-identifiers", "family-social"], [], ["public-task"], [], true, "6 years after closure"),
        ],
        "FIN" => vec![
            asset!("Creditor payments", "Paying suppliers and recording payments", "Financial management system", "electronic", "council-network", ["suppliers"], ["basic-identifiers", "economic-financial"], [], ["contract", "legal-obligation"], [], false, "Current year + 6 years"),
            asset!("ICT service desk tickets", "Handling ICT faults and requests", "Service desk", "electronic", "cloud", ["employees"], ["basic-identifiers", "identification-data"], [], ["contract"], [], false, "2 years"),
            asset!("Network access logs", "Securing council systems and investigating incidents", "Security monitoring", "electronic", "council-network", ["employees"], ["identification-data", "location"], [], ["legitimate-interests", "public-task"], [], true, "1 year"),
        ],
        "HR" => vec![
            asset!("Personnel files", "Managing employment from recruitment to leaving", "HR and payroll system", "electronic", "supplier-hosted", ["employees"], ["basic-identifiers", "employment", "economic-financial"], ["health", "trade-union", "racial-ethnic-origin"], ["contract", "legal-obligation"], ["employment"], true, "Termination + 6 years"),
            asset!("Payroll records", "Paying staff, tax and pension contributions", "HR and payroll system", "electronic", "supplier-hosted", ["employees"], ["basic-identifiers", "economic-financial"], [], ["contract", "legal-obligation"], [], true, "Current year + 6 years"),
            asset!("Recruitment applications", "Shortlisting and appointing staff", "Recruitment portal", "electronic", "cloud", ["job-applicants"], ["basic-identifiers", "employment", "education"], ["racial-ethnic-origin", "health"], ["contract"], ["employment"], false, "6 months after appointment"),
            asset!("Occupational health referrals", "Supporting staff health at work", "Occupational health provider", "electronic", "supplier-hosted", ["employees"], ["basic-identifiers", "employment"], ["health"], ["contract", "legal-obligation"], ["employment", "health-social-care"], true, "Termination + 6 years"),
        ],
        "LDS" => vec![
            asset!("Electoral register", "Preparing the register of electors", "Electoral management system", "electronic", "supplier-hosted", ["residents"], ["basic-identifiers"], [], ["legal-obligation", "public-task"], [], false, "15 years"),
            asset!("Legal case files", "Advising the council and conducting litigation", "Legal case management", "electronic", "council-network", ["residents", "employees"], ["basic-identifiers", "family-social"], ["health"], ["public-task", "legal-obligation"], ["legal-claims"], true, "Closure + 6 years"),
            asset!("Councillors' register of interests", "Publishing members' declared interests", "Committee system", "electronic", "council-network", ["elected-members"], ["basic-identifiers", "economic-financial"], ["political-opinions"], ["legal-obligation"], ["substantial-public-interest"], false, "Term of office + 4 years"),
        ],
        "ENV" => vec![
            asset!("Waste collection requests", "Arranging bulky waste and missed bin collections", "Customer contact system", "electronic", "cloud", ["residents"], ["basic-identifiers", "location"], [], ["public-task"], [], false, "2 years"),
            asset!("Depot vehicle tracking", "Routing and safety of refuse vehicles", "Telematics", "electronic", "supplier-hosted", ["employees"], ["location", "employment"], [], ["legitimate-interests"], [], false, "6 months"),
            asset!("Food hygiene inspections", "Inspecting food businesses", "Environmental health system", "electronic", "council-network", ["suppliers", "residents"], ["basic-identifiers"], [], ["public-task", "legal-obligation"], [], false, "6 years after closure"),
            asset!("Public space CCTV recordings", "Preventing and detecting crime in the town centre", "CCTV control room", "electronic", "council-network", ["residents"], ["images", "location"], [], ["public-task"], [], true, "31 days"),
        ],
        "ECP" => vec![
            asset!("Planning applications", "Determining planning applications", "Planning system", "electronic", "supplier-hosted", ["residents", "customers"], ["basic-identifiers", "location"], [], ["public-task", "legal-obligation"], [], false, "Permanent for decisions; 6 years for working papers"),
            asset!("Licensing applications", "Granting taxi, alcohol and street trading licences", "Licensing system", "electronic", "supplier-hosted", ["customers"], ["basic-identifiers", "official-documents"], [], ["public-task", "legal-obligation"], ["substantial-public-interest"], true, "6 years after licence ends"),
            asset!("Business grants", "Awarding economic development grants", "Grants database", "electronic", "council-network", ["customers"], ["basic-identifiers", "economic-financial"], [], ["public-task"], [], false, "Current year + 6 years"),
        ],
        "REV" => vec![
            asset!("Council tax accounts", "Billing and collecting council tax", "Revenues system", "electronic", "council-network", ["residents"], ["basic-identifiers", "economic-financial", "housing"], [], ["legal-obligation", "public-task"], [], false, "Current year + 6 years"),
            asset!("Housing benefit claims", "Assessing housing benefit and council tax reduction", "Benefits system", "electronic", "council-network", ["residents", "tenants"], ["basic-identifiers", "economic-financial", "family-social"], ["health"], ["legal-obligation", "public-task"], ["substantial-public-interest"], true, "Current year + 6 years"),
            asset!("Business rates accounts", "Billing and collecting non-domestic rates", "Revenues system", "electronic", "council-network", ["customers"], ["basic-identifiers", "economic-financial"], [], ["legal-obligation"], [], false, "Current year + 6 years"),
        ],
        "CCS" => vec![
            asset!("Freedom of information request log", "Handling FOI, EIR and subject access requests", "Request tracker", "electronic", "council-network", ["residents", "customers"], ["basic-identifiers"], [], ["legal-obligation"], [], false, "Closure + 3 years"),
            asset!("Corporate complaints", "Handling complaints under the council's policy", "Complaints system", "electronic", "cloud", ["residents", "customers"], ["basic-identifiers", "family-social"], [], ["public-task"], [], false, "Closure + 6 years"),
            asset!("Contact centre call recordings", "Training and resolving disputes", "Telephony system", "electronic", "supplier-hosted", ["residents", "employees"], ["basic-identifiers", "images"], [], ["public-task"], [], false, "90 days"),
        ],
        _ => vec![
            asset!("Corporate risk register", "Recording and managing corporate risks", "Shared drive", "electronic", "council-network", ["employees"], ["basic-identifiers"], [], ["public-task"], [], false, "Current year + 6 years"),
        ],
    };
    // Every department keeps these too.
    t.push(asset!(
        "Team correspondence",
        "Day-to-day correspondence with residents and partners",
        "Email and shared drive",
        "electronic",
        "council-network",
        ["residents", "employees"],
        ["basic-identifiers"],
        [],
        ["public-task"],
        [],
        false,
        "Current year + 2 years"
    ));
    t.push(asset!(
        "Staff supervision notes",
        "Supervising and supporting staff",
        "Manager files",
        "hybrid",
        "office-files",
        ["employees"],
        ["basic-identifiers", "employment"],
        ["health"],
        ["contract"],
        ["employment"],
        true,
        "Termination + 6 years"
    ));
    t.push(asset!(
        "Budget monitoring workbooks",
        "Monitoring service budgets",
        "Shared drive",
        "electronic",
        "council-network",
        ["employees"],
        ["economic-financial"],
        [],
        ["public-task"],
        [],
        false,
        "Current year + 6 years"
    ));
    t
}

/// The starter retention class each demo asset follows; `None` leaves a gap for the dashboard.
pub(super) fn retention_class_for(asset: &str) -> Option<&'static str> {
    Some(match asset {
        "Adult social care case records"
        | "Safeguarding adults referrals"
        | "Residential care home residents' files" => "ASC-01",
        "Direct payments financial records" | "Creditor payments" | "Budget monitoring workbooks" => "FIN-02",
        "Looked-after children case files" => "CS-01",
        "Child protection conference minutes" | "Youth justice case records" => "CS-03",
        "Pupil admissions applications" => "EDU-03",
        "Additional learning needs records" => "EDU-02",
        "Free school meals eligibility" | "Housing benefit claims" => "FIN-06",
        "Housing register applications" | "Homelessness assessments" => "HOU-02",
        "Tenancy files" => "HOU-01",
        "Personnel files" | "Occupational health referrals" | "Staff supervision notes" => "HR-01",
        "Payroll records" => "HR-06",
        "Recruitment applications" => "HR-02",
        "Electoral register" => "DEM-03",
        "Legal case files" => "LEG-01",
        "Councillors' register of interests" => "DEM-04",
        "Public space CCTV recordings" => "ICT-01",
        "Planning applications" => "PLA-01",
        "Licensing applications" => "LIC-01",
        "Business grants" => "FIN-04",
        "Council tax accounts" | "Business rates accounts" => "FIN-05",
        "Freedom of information request log" => "IG-01",
        "Corporate complaints" => "CUS-01",
        "Corporate risk register" => "GOV-02",
        _ => return None,
    })
}

pub(super) const AREAS: &[&str] = &["North", "South", "East", "West", "Central", "Rural", "Town Centre", "Archive"];

pub(super) const CONTRACTORS: &[&str] =
    &["North Wales Secure Shredding", "Datashred Cymru Ltd", "Restore Records Management"];

pub(super) fn fill_disposals(
    conn: &rusqlite::Connection,
    actor: &Actor,
    rng: &mut ChaCha8Rng,
    count: usize,
) -> Result<usize> {
    let today = actor.today();
    let def = &registers::disposals::DEF;
    // Assets whose class ends in destruction or review, with their class, IAO, period and oldest records.
    let mut stmt = conn.prepare(
        "SELECT a.id, a.name, a.format, a.iao_id, c.id, c.period_years * 365 + c.period_months * 30, a.oldest_trigger, c.action
         FROM assets a JOIN retention_classes c ON c.id = a.retention_class_id
         WHERE a.oldest_trigger IS NOT NULL AND c.action IN ('destroy', 'review') ORDER BY a.reference",
    )?;
    let candidates = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if candidates.is_empty() {
        return Ok(0);
    }
    let mut batches = vec![];
    let mut tries = 0;
    while batches.len() < count && tries < count * 10 {
        tries += 1;
        let (asset, name, format, iao, class, days, oldest) = pick(rng, &candidates).clone();
        let oldest = NaiveDate::parse_from_str(&oldest, "%Y-%m-%d").expect("stored date");
        // Earlier batches: records older than those the asset still holds, disposed of once due.
        let years_back = rng.random_range(1..6u64);
        let to = oldest - Days::new(365 * years_back);
        let from = to - Days::new(364);
        let disposed = to + Days::new(days.max(0) as u64 + rng.random_range(10..150));
        if disposed > today {
            continue;
        }
        let method = *pick(rng, &["contractor", "contractor", "cross-cut-shredding", "secure-deletion"]);
        let method = if format == "electronic" && method != "contractor" { "secure-deletion" } else { method };
        let mut f = vec![
            ("description", json!(format!("{name}: records dated {} to {}", from.format("%b %Y"), to.format("%b %Y")))),
            ("asset_id", json!(asset)),
            ("retention_class_id", json!(class)),
            ("format", json!(format)),
            (
                "volume",
                json!(if format == "electronic" {
                    format!("{} records", rng.random_range(200..20000))
                } else {
                    format!("{} boxes", rng.random_range(1..40))
                }),
            ),
            ("records_from", json!(from.to_string())),
            ("records_to", json!(to.to_string())),
            ("disposal_date", json!(disposed.to_string())),
            ("method", json!(method)),
            ("authorised_by_id", json!(iao)),
            (
                "carried_out_by",
                json!(if method == "contractor" { *pick(rng, CONTRACTORS) } else { "Service records officer" }),
            ),
            ("no_legal_hold", json!(true)),
            ("no_open_request", json!(true)),
            ("all_copies", json!(true)),
        ];
        if method == "contractor" {
            f.push(("certificate_ref", json!(format!("COD-{}", 40000 + batches.len() * 7 + rng.random_range(0..7)))));
        }
        batches.push((disposed, f));
    }
    // Logged in the order they happened, so references run with the dates.
    batches.sort_by_key(|(d, _)| *d);
    for (_, f) in &batches {
        store::create(conn, def, actor, &map(f.clone()))?;
    }
    Ok(batches.len())
}
