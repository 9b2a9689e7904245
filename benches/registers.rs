//! The asset register at 100,000 rows through the core call the window uses
//! (`Session::list`): first page, filter, free-text search, sort and a deep page.
//! Target (issue 2): p95 under 30 ms for each. Run with `cargo bench -p cofrestr`.

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::{TimeZone, Utc};
use cofrestr::register::store as rstore;
use cofrestr::session::NewDatabase;
use cofrestr::Session;
use criterion::{criterion_group, criterion_main, Criterion};

mod common;
use serde_json::json;

const ROWS: usize = 100_000;
const WORDS: &[&str] = &[
    "Tenancy",
    "Housing",
    "Planning",
    "Licensing",
    "Payroll",
    "Pupil",
    "Waste",
    "Council tax",
    "Benefits",
    "CCTV",
    "Safeguarding",
    "Fostering",
    "Grants",
    "Complaints",
    "Electoral",
    "Highways",
    "Recruitment",
    "Parking",
];
const PLACES: &[&str] =
    &["Wrexham", "Rhosllanerchrugog", "Gwersyllt", "Cefn Mawr", "Chirk", "Llay", "Gresford", "Brymbo"];

fn setup() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let new = NewDatabase {
        council: "Bench".into(),
        user_name: "Bench".into(),
        department: "Corporate and Customer Services".into(),
    };
    let mut s = Session::create(
        &dir.path().join("bench.db"),
        "heather harbour lantern 42",
        "heather harbour lantern 42",
        &new,
        now,
    )
    .unwrap();
    cofrestr::demo::fill(&mut s, cofrestr::demo::Scale::Small, 1, now).unwrap();
    let depts: Vec<String> = s.all("departments").unwrap().iter().map(|r| r.id.to_string()).collect();
    let people: Vec<String> = s.all("people").unwrap().iter().map(|r| r.id.to_string()).collect();
    let actor = s.actor(now);
    let conn = s.connection();
    let def = &cofrestr::registers::assets::DEF;
    conn.execute_batch("BEGIN").unwrap();
    for i in 0..ROWS {
        let word = WORDS[i % WORDS.len()];
        let place = PLACES[(i / WORDS.len()) % PLACES.len()];
        let input: BTreeMap<String, serde_json::Value> = [
            ("reference", json!(format!("IA-{i:06}"))),
            ("name", json!(format!("{word} records {place} {i}"))),
            ("purpose", json!(format!("Delivering {} services in {place}", word.to_lowercase()))),
            ("department_id", json!(depts[i % depts.len()])),
            ("iao_id", json!(people[i % people.len()])),
            ("format", json!(["electronic", "paper", "hybrid"][i % 3])),
            ("personal_data", json!(true)),
            ("lawful_bases", json!(["public-task"])),
            ("data_subjects", json!(["residents"])),
            ("data_categories", json!(["basic-identifiers"])),
            ("classification", json!(if i % 5 == 0 { "official-sensitive" } else { "official" })),
            ("last_reviewed", json!(format!("2025-{:02}-{:02}", i % 12 + 1, i % 28 + 1))),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let fields = rstore::prepare(conn, def, &input, None, actor.today()).unwrap();
        rstore::insert(conn, def, &actor, rstore::new_id(), &fields).unwrap();
    }
    conn.execute_batch("COMMIT; ANALYZE;").unwrap();
    if let Some(keep) = std::env::var_os("COFRESTR_BENCH_KEEP") {
        let _ = std::fs::remove_file(&keep);
        s.backup(std::path::Path::new(&keep)).unwrap();
    }
    (dir, s)
}

fn bench(c: &mut Criterion) {
    let (_dir, s) = setup();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let cases = common::cases(&s);
    let mut g = c.benchmark_group("assets-100k");
    g.sample_size(30);
    for (name, q) in &cases {
        g.bench_function(*name, |b| b.iter(|| black_box(s.list("assets", q, today).unwrap().total)));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
