//! Developer tool: builds (once) a 100,000-asset database at /tmp/plan100k.db and prints the
//! query plan and timing of the register list queries. `cargo run --release --example plan`.
use std::time::Instant;

use cofrestr::register::store::ListQuery;
use cofrestr::Session;

fn main() {
    let path = std::path::Path::new("/tmp/plan100k.db");
    let pass = "heather harbour lantern 42";
    if !path.exists() {
        
        panic!("create /tmp/plan100k.db first with the bench setup");
    }
    let s = Session::open(path, pass).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let dept = s.all("departments").unwrap()[1].id.to_string();
    let mut filtered = ListQuery { sort: Some("name".into()), ..Default::default() };
    filtered.filters.insert("department_id".into(), dept);
    let mut overdue = ListQuery::default();
    overdue.filters.insert("due".into(), "overdue".into());
    let search = |q: &str| ListQuery { search: Some(q.into()), ..Default::default() };
    let cases = [
        ("first-page", ListQuery::default()),
        ("filter-department-sort-name", filtered),
        ("search-common-word", search("tenancy")),
        ("search-rare", search("IA-054321")),
        ("filter-review-overdue", overdue),
        ("page-50000-sort-desc", ListQuery { offset: 50_000, sort: Some("reference".into()), descending: true, ..Default::default() }),
    ];
    let c = s.connection();
    let fts = "SELECT s.record_id FROM search_rows s WHERE s.id IN (SELECT rowid FROM search_index WHERE body LIKE '%ia-054321%' ESCAPE '\\') AND s.register = 'assets'";
    raw(c, "rare fts escape", "SELECT rowid FROM search_index WHERE body LIKE '%ia-054321%' ESCAPE '\\'");
    raw(c, "rare fts noescape", "SELECT rowid FROM search_index WHERE body LIKE '%ia-054321%'");
    raw(c, "rare rows", &fts);
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
