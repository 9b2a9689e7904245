//! The organisation: departments with their Welsh names, and staff with plausible Welsh and
//! English names and job titles.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub(super) const DEPARTMENTS: &[(&str, &str, &str)] = &[
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

pub(super) const FIRST: &[&str] = &[
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

pub(super) const LAST: &[&str] = &[
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

pub(super) const TITLES: &[&str] = &[
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

pub(super) fn dept_titles(code: &str) -> &'static [&'static str] {
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

/// Social care, education, housing and environment employ most council staff.
pub(super) fn weighted_dept(rng: &mut ChaCha8Rng, n: usize) -> usize {
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
