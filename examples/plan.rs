//! Developer tool: prints the query plans and timings of the register list queries on the
//! 100,000-asset database the benchmark leaves behind with
//! `COFRESTR_BENCH_KEEP=/tmp/plan100k.db cargo bench -p cofrestr`; then
//! `cargo run --release --example plan`.
use std::time::Instant;

use cofrestr::Session;

#[path = "../benches/common/mod.rs"]
mod common;

fn main() {
    let path = std::path::Path::new("/tmp/plan100k.db");
    let pass = "heather harbour lantern 42";
    if !path.exists() {
        panic!("create /tmp/plan100k.db first with the bench setup");
    }
    let s = Session::open(path, pass).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let cases = common::cases(&s);
    let c = s.connection();
    let fts = "SELECT s.record_id FROM search_rows s WHERE s.id IN (SELECT rowid FROM search_index WHERE body LIKE '%ia-054321%' ESCAPE '\\') AND s.register = 'assets'";
    raw(c, "rare fts escape", "SELECT rowid FROM search_index WHERE body LIKE '%ia-054321%' ESCAPE '\\'");
    raw(c, "rare fts noescape", "SELECT rowid FROM search_index WHERE body LIKE '%ia-054321%'");
    raw(c, "rare rows", fts);
    raw(c, "rare count", &format!("SELECT count(*) FROM assets t WHERE t.id IN ({fts})"));
    for (name, q) in &cases {
        let mut times = vec![];
        for _ in 0..7 {
            let t = Instant::now();
            let n = s.list("assets", q, today).unwrap().total;
            times.push((t.elapsed().as_secs_f64() * 1000.0, n));
        }
        times.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
        println!("{name:32} median {:7.1} ms  max {:7.1} ms  total {}", times[3].0, times[6].0, times[0].1);
    }
}

#[allow(dead_code)]
pub fn raw(conn: &rusqlite::Connection, label: &str, sql: &str) {
    let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
    let steps: Vec<String> = plan.query_map([], |r| r.get::<_, String>(3)).unwrap().map(|r| r.unwrap()).collect();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.query_map([], |_| Ok(())).unwrap().count();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        let _ = n;
    }
    println!("{label:40} {best:8.1} ms   {}", steps.join(" | "));
}
