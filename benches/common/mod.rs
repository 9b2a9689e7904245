//! The register list queries the benchmark times and `examples/plan.rs` explains: one list,
//! so the numbers and the query plans always describe the same queries.

use cofrestr::register::store::ListQuery;
use cofrestr::Session;

pub fn cases(s: &Session) -> Vec<(&'static str, ListQuery)> {
    let dept = s.all("departments").unwrap()[1].id.to_string();
    let mut filtered = ListQuery { sort: Some("name".into()), ..Default::default() };
    filtered.filters.insert("department_id".into(), dept);
    let mut overdue = ListQuery::default();
    overdue.filters.insert("due".into(), "overdue".into());
    let search = |q: &str| ListQuery { search: Some(q.into()), ..Default::default() };
    vec![
        ("first-page", ListQuery::default()),
        ("filter-department-sort-name", filtered),
        ("search-common-word", search("tenancy")),
        ("search-two-words", search("payroll gresford")),
        ("search-rare", search("IA-054321")),
        ("filter-review-overdue", overdue),
        (
            "page-50000-sort-desc",
            ListQuery { offset: 50_000, sort: Some("reference".into()), descending: true, ..Default::default() },
        ),
    ]
}
