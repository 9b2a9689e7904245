//! The publication scheme: the classes of information the council publishes (after the ICO's
//! model scheme), where each is published, the owning department and Link Officer, and when it
//! was last checked. The next check is the last one plus the check interval (12 months by
//! default); never checked means due now.

use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "publication",
    table: "publication",
    title_field: "title",
    title_field_cy: None,
    fields: &[
        choice("class", "publication_class").required().in_table().filterable(),
        text("title").required().in_table().searchable(),
        long_text("description").searchable(),
        text("published_at").searchable(),
        reference("department_id", "departments").in_table().filterable(),
        reference("link_officer_id", "people"),
        date("last_checked").in_table(),
        number("check_months", 1, 60).default_value("12"),
        date("next_check").computed().in_table(),
    ],
    default_sort: "title",
    review_field: Some("next_check"),
    review: ReviewRule { missing_is_overdue: true, active_statuses: None },
    validate: no_rules,
    compute,
    after_write: None,
    deletable: true,
    import_key: &["title"],
};

fn compute(f: &mut Fields, _: &Context) {
    let months = f.get("check_months").and_then(Value::as_int).unwrap_or(12);
    f.insert("check_months".into(), Value::Int(months));
    let next = f
        .get("last_checked")
        .and_then(Value::as_date)
        .map(|d| Value::Text(add_months(d, months as u32).to_string()))
        .unwrap_or(Value::Null);
    f.insert("next_check".into(), next);
}
