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

const DEPARTMENTS: &[(&str, &str, &str)] = &[
    ("Chief Executive's Office", "Swyddfa'r Prif Weithredwr", "CEX"),
    ("Corporate and Customer Services", "Gwasanaethau Corfforaethol a Chwsmeriaid", "CCS"),
    ("Social Care – Adults", "Gofal Cymdeithasol – Oedolion", "SCA"),
    ("Education and Early Intervention", "Addysg ac Ymyrraeth Gynnar", "EDU"),
    ("Social Care – Children", "Gofal Cymdeithasol – Plant", "SCC"),
    ("Housing and Communities", "Tai a Chymunedau", "HSG"),
    ("Finance and ICT", "Cyllid a TGCh", "FIN"),
    ("Human Resources", "Adnoddau Dynol", "HR"),
    ("Legal and Democratic Services", "Gwasanaethau Cyfreithiol a Democrataidd", "LDS"),
    ("Environment and Technical", "Amgylchedd a Thechnegol", "ENV"),
    ("Economy and Planning", "Economi a Chynllunio", "ECP"),
    ("Revenues and Benefits", "Refeniw a Budd-daliadau", "REV"),
];

const FIRST: &[&str] = &[
    "Aled",
    "Alun",
    "Angharad",
    "Bethan",
    "Bryn",
    "Carys",
    "Catrin",
    "Cerys",
    "Dafydd",
    "Delyth",
    "Dewi",
    "Dylan",
    "Eleri",
    "Elin",
    "Emyr",
    "Ffion",
    "Gareth",
    "Geraint",
    "Gwen",
    "Gwenllian",
    "Huw",
    "Ieuan",
    "Iwan",
    "Llinos",
    "Lowri",
    "Mared",
    "Meinir",
    "Mererid",
    "Nia",
    "Non",
    "Osian",
    "Rhian",
    "Rhodri",
    "Rhys",
    "Sian",
    "Siôn",
    "Tomos",
    "Owain",
    "Glenys",
    "Eirlys",
    "Andrew",
    "Claire",
    "David",
    "Emma",
    "Helen",
    "James",
    "Karen",
    "Laura",
    "Mark",
    "Michelle",
    "Paul",
    "Rachel",
    "Richard",
    "Sarah",
    "Stephen",
    "Susan",
    "Thomas",
    "Victoria",
    "Joanne",
    "Lee",
    "Natalie",
    "Craig",
    "Amy",
    "Daniel",
    "Hannah",
    "Jason",
    "Kelly",
    "Lisa",
    "Matthew",
    "Nicola",
    "Gemma",
    "Wyn",
];

const LAST: &[&str] = &[
    "Jones",
    "Williams",
    "Davies",
    "Evans",
    "Thomas",
    "Roberts",
    "Hughes",
    "Lewis",
    "Morgan",
    "Griffiths",
    "Edwards",
    "Owen",
    "Price",
    "Rees",
    "Pritchard",
    "Parry",
    "Lloyd",
    "Ellis",
    "Powell",
    "Morris",
    "Jenkins",
    "James",
    "Phillips",
    "Vaughan",
    "Bowen",
    "Pugh",
    "Prosser",
    "Humphreys",
    "Wynne",
    "Gruffydd",
    "Llywelyn",
    "ap Siôn",
    "Smith",
    "Brown",
    "Taylor",
    "Wilson",
    "Walker",
    "Wright",
    "Hall",
    "Green",
    "Clarke",
    "Baker",
    "Turner",
    "Foulkes",
    "Bellis",
    "Kendrick",
    "Peters",
    "Tudor",
    "Meredith",
    "Gittins",
];

const TITLES: &[&str] = &[
    "Administrative Officer",
    "Business Support Officer",
    "Team Leader",
    "Senior Officer",
    "Project Officer",
    "Customer Services Adviser",
    "Service Manager",
    "Assistant Officer",
    "Data Officer",
    "Performance Officer",
];

fn dept_titles(code: &str) -> &'static [&'static str] {
    match code {
        "SCA" => &[
            "Social Worker",
            "Care Co-ordinator",
            "Occupational Therapist",
            "Reablement Support Worker",
            "Residential Care Officer",
        ],
        "SCC" => &[
            "Social Worker",
            "Family Support Worker",
            "Fostering Officer",
            "Youth Justice Officer",
            "Senior Practitioner",
        ],
        "EDU" => &[
            "Education Welfare Officer",
            "Additional Learning Needs Officer",
            "School Admissions Officer",
            "Inclusion Officer",
        ],
        "HSG" => &[
            "Housing Officer",
            "Repairs Surveyor",
            "Tenancy Support Officer",
            "Homelessness Officer",
            "Estate Officer",
        ],
        "FIN" => &["Accountant", "ICT Analyst", "Service Desk Analyst", "Payments Officer", "Procurement Officer"],
        "HR" => &["HR Adviser", "Payroll Officer", "Recruitment Officer", "Learning and Development Officer"],
        "LDS" => &["Solicitor", "Democratic Services Officer", "Electoral Services Officer", "Paralegal"],
        "ENV" => &[
            "Waste Operative",
            "Highways Inspector",
            "Environmental Health Officer",
            "Street Scene Officer",
            "Depot Supervisor",
        ],
        "ECP" => {
            &["Planning Officer", "Building Control Surveyor", "Economic Development Officer", "Licensing Officer"]
        }
        "REV" => &["Benefits Assessor", "Council Tax Officer", "Recovery Officer", "Business Rates Officer"],
        "CCS" => {
            &["Information Governance Officer", "Records Manager", "Contact Centre Adviser", "Communications Officer"]
        }
        _ => &["Policy Officer", "Executive Assistant", "Strategy Officer"],
    }
}

/// An asset template: name, purpose, system, format, storage, data subjects, data categories,
/// special categories, lawful bases, Art 9 conditions, classification, retention.
struct AssetTemplate {
    name: &'static str,
    purpose: &'static str,
    system: &'static str,
    format: &'static str,
    storage: &'static str,
    subjects: &'static [&'static str],
    categories: &'static [&'static str],
    special: &'static [&'static str],
    bases: &'static [&'static str],
    art9: &'static [&'static str],
    sensitive: bool,
    retention: &'static str,
}

macro_rules! asset {
    ($name:expr, $purpose:expr, $system:expr, $format:expr, $storage:expr, [$($s:expr),*], [$($c:expr),*], [$($sp:expr),*], [$($b:expr),*], [$($a:expr),*], $sens:expr, $ret:expr) => {
        AssetTemplate { name: $name, purpose: $purpose, system: $system, format: $format, storage: $storage,
            subjects: &[$($s),*], categories: &[$($c),*], special: &[$($sp),*], bases: &[$($b),*], art9: &[$($a),*],
            sensitive: $sens, retention: $ret }
    };
}

fn templates(code: &str) -> Vec<AssetTemplate> {
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
fn retention_class_for(asset: &str) -> Option<&'static str> {
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

const AREAS: &[&str] = &["North", "South", "East", "West", "Central", "Rural", "Town Centre", "Archive"];

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

/// Social care, education, housing and environment employ most council staff.
fn weighted_dept(rng: &mut ChaCha8Rng, n: usize) -> usize {
    const WEIGHTS: [u32; 12] = [1, 4, 16, 18, 10, 8, 5, 3, 3, 14, 5, 4];
    let w = &WEIGHTS[..n];
    let total: u32 = w.iter().sum();
    let mut x = rng.random_range(0..total);
    for (i, wi) in w.iter().enumerate() {
        if x < *wi {
            return i;
        }
        x -= wi;
    }
    n - 1
}

const FOI_TOPICS: &[&str] = &[
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
const EIR_TOPICS: &[&str] = &[
    "Flood risk assessments for {place}",
    "Tree preservation orders in {place}",
    "Contaminated land register entries",
    "Noise complaints about the industrial estate",
    "Waste and recycling tonnages for {year}",
];
const SAR_TOPICS: &[&str] = &[
    "Copy of my social care records",
    "All information held about me by Housing",
    "My council tax account history",
    "My employment and HR file",
    "CCTV footage of an incident on {place} high street",
    "Records of my time in foster care",
];
const SUPPLIERS: &[&str] = &["Civica", "Capita", "Northgate", "Microsoft", "Servelec", "Idox", "Kier", "Biffa"];
const BREACH_TITLES: &[(&str, &str)] = &[
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

fn weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
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

fn fill_topic(rng: &mut ChaCha8Rng, template: &str, year: i32) -> String {
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
fn fill_clocks(
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

const RISKS: &[(&str, &str, &str)] = &[
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

fn fill_risks(conn: &rusqlite::Connection, actor: &Actor, rng: &mut ChaCha8Rng, count: usize) -> Result<usize> {
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

const ACTIONS: &[(&str, &str)] = &[
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

fn fill_actions(conn: &rusqlite::Connection, actor: &Actor, rng: &mut ChaCha8Rng, count: usize) -> Result<usize> {
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

const POLICIES: &[(&str, &str)] = &[
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

fn fill_policies(conn: &rusqlite::Connection, actor: &Actor, rng: &mut ChaCha8Rng, council: bool) -> Result<usize> {
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

const PUBLICATION: &[(&str, &str, &str)] = &[
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

fn fill_publication(conn: &rusqlite::Connection, actor: &Actor, rng: &mut ChaCha8Rng, council: bool) -> Result<usize> {
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

/// An agreement: (type, title, purpose, direction, partners, statutory power, data subjects).
type SharingTemplate =
    (&'static str, &'static str, &'static str, &'static str, &'static [&'static str], &'static str, &'static str);

const SHARING: &[SharingTemplate] = &[
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

const SHARING_STATUSES: &[(&str, u32)] = &[
    ("live", 55),
    ("under-review", 10),
    ("signed", 4),
    ("quality-assured", 4),
    ("with-qa", 5),
    ("draft", 8),
    ("expired", 8),
    ("withdrawn", 6),
];

fn fill_sharing(conn: &rusqlite::Connection, actor: &Actor, rng: &mut ChaCha8Rng, count: usize) -> Result<usize> {
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

const CONTRACTORS: &[&str] = &["North Wales Secure Shredding", "Datashred Cymru Ltd", "Restore Records Management"];

fn fill_disposals(conn: &rusqlite::Connection, actor: &Actor, rng: &mut ChaCha8Rng, count: usize) -> Result<usize> {
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

/// name, Welsh name, audience, roles, refresh months, induction months, mandatory.
type CourseSeed = (&'static str, &'static str, &'static str, &'static [&'static str], i64, i64, bool);

const COURSES: &[CourseSeed] = &[
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
fn fill_training(conn: &rusqlite::Connection, actor: &Actor, rng: &mut ChaCha8Rng, members: usize) -> Result<usize> {
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

const SITES: &[&str] = &[
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
fn fill_assurance(conn: &rusqlite::Connection, actor: &Actor, rng: &mut ChaCha8Rng, audits: usize) -> Result<usize> {
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
