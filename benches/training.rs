//! Training at council scale (issue 5): HR's roster of 6,000 staff and a learning system's
//! 30,000 completions imported from CSV through the core call the window and the CLI use, and
//! compliance worked out for every department. Targets, release build: both imports together
//! under 2 s; compliance for every department under 50 ms.
//!
//! Each import is timed into a database that has never seen the file (a fresh copy made before
//! the clock starts), so every row is a real insert with its audit entry and the commit, not an
//! "unchanged" pass over rows already there.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, TimeZone, Utc};
use cofrestr::i18n::Lang;
use cofrestr::session::NewDatabase;
use cofrestr::transfer::{self, Format, ImportOptions};
use cofrestr::Session;
use criterion::{criterion_group, criterion_main, Criterion};

const PASS: &str = "heather harbour lantern 42";
const STAFF: usize = 6_000;
const COMPLETIONS: usize = 30_000;
const DEPARTMENTS: &[&str] = &[
    "Adult Social Care",
    "Children's Services",
    "Education and Early Intervention",
    "Environment and Technical",
    "Finance and ICT",
    "Housing and Communities",
    "Corporate and Customer Services",
    "Economy and Planning",
    "Governance and Customer",
    "Social Care Commissioning",
];
const COURSES: &[&str] = &[
    "Data protection essentials",
    "Cyber security awareness",
    "Freedom of information basics",
    "Records management",
    "Information sharing (WASPI)",
];

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

fn csv(text: &str) -> transfer::Sheet {
    transfer::read(text.as_bytes(), Format::Csv).unwrap()
}

fn import(s: &mut Session, register: &str, sheet: &transfer::Sheet) {
    let r = s.import(register, sheet, &ImportOptions::default(), true, now(), Lang::En, &mut |_| {}).unwrap();
    assert!(r.applied && r.error_count == 0, "{register}: {:?}", r.errors.first());
}

fn roster() -> transfer::Sheet {
    let mut text = String::from("staff_number,name,job_title,department_id,start_date,elected_member\n");
    for i in 0..STAFF {
        let start = NaiveDate::from_ymd_opt(2010, 1, 4).unwrap() + Days::new((i * 37 % 6000) as u64);
        let _ = writeln!(text, "E{i:05},Person {i},Officer,{},{start},No", DEPARTMENTS[i % DEPARTMENTS.len()]);
    }
    csv(&text)
}

fn completions() -> transfer::Sheet {
    let mut text = String::from("person_id,course_id,completed_on,score,source\n");
    for i in 0..COMPLETIONS {
        let person = i % STAFF;
        let course = (i / STAFF) % COURSES.len();
        let day = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap() + Days::new((i * 13 % 1000) as u64);
        let _ = writeln!(text, "E{person:05},{},{day},{},lms", COURSES[course], 60 + i % 41);
    }
    csv(&text)
}

/// A database with the council's departments and courses and nobody in it, kept as a file so
/// every timed import starts from a copy of it.
fn template(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("template.db");
    let new = NewDatabase { council: "Bench".into(), user_name: "Bench".into(), department: DEPARTMENTS[0].into() };
    let mut s = Session::create(&path, PASS, PASS, &new, now()).unwrap();
    let mut depts = String::from("code,name\n");
    for (i, d) in DEPARTMENTS[1..].iter().enumerate() {
        let _ = writeln!(depts, "D{i:02},{d}");
    }
    import(&mut s, "departments", &csv(&depts));
    let mut courses = String::from("name,mandatory,audience,refresh_months,induction_months\n");
    for c in COURSES {
        let _ = writeln!(courses, "{c},yes,all-staff,24,3");
    }
    import(&mut s, "courses", &csv(&courses));
    path
}

fn fresh(template: &Path, dir: &Path, n: usize) -> Session {
    let path = dir.join(format!("run-{n}.db"));
    std::fs::copy(template, &path).unwrap();
    Session::open(&path, PASS).unwrap()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let template = template(dir.path());
    let (roster, completions) = (roster(), completions());
    let mut n = 0;

    let mut g = c.benchmark_group("training_council");
    g.sample_size(10);
    g.bench_function("import_6000_staff_and_30000_completions", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let mut s = fresh(&template, dir.path(), n);
                let start = Instant::now();
                import(&mut s, "people", &roster);
                import(&mut s, "completions", &completions);
                total += start.elapsed();
                drop(s);
                let _ = std::fs::remove_file(dir.path().join(format!("run-{n}.db")));
            }
            total
        })
    });

    let mut s = fresh(&template, dir.path(), 0);
    import(&mut s, "people", &roster);
    import(&mut s, "completions", &completions);
    let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let check = s.training_compliance(day, Lang::En).unwrap();
    assert_eq!(check.departments.len(), DEPARTMENTS.len(), "every department has staff");
    g.bench_function("compliance_every_department", |b| {
        b.iter(|| black_box(s.training_compliance(day, Lang::En).unwrap().departments.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
