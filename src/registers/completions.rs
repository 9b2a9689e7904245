//! Who completed which course, when: from the learning system's export or entered by hand. The
//! expiry is worked out from the course's refresh period. A person's compliance with a course
//! is their latest completion's expiry (see [`crate::training`]).

use rusqlite::OptionalExtension;

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "completions",
    table: "completions",
    fields: &[
        reference("person_id", "people").required().in_table().filterable(),
        reference("course_id", "courses").required().in_table().filterable(),
        date("completed_on").required().in_table(),
        number("score", 0, 100).in_table(),
        date("expires_on").computed().in_table(),
        choice("source", "completion_source").filterable().default_value("manual"),
        long_text("notes").searchable(),
    ],
    title_field: "completed_on",
    title_field_cy: None,
    default_sort: "completed_on",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &["person_id", "course_id", "completed_on"],
};

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    if f.get("completed_on").and_then(Value::as_date).is_some_and(|d| d > ctx.today) {
        errors.push(FieldError::new("completed_on", "err-completed-future"));
    }
    errors
}

fn compute(f: &mut Fields, ctx: &Context) {
    let months: Option<i64> = f.get("course_id").and_then(Value::as_str).and_then(|course| {
        ctx.conn
            .query_row("SELECT refresh_months FROM courses WHERE id = ?1", [course], |r| r.get(0))
            .optional()
            .ok()
            .flatten()
    });
    let expires = match (f.get("completed_on").and_then(Value::as_date), months) {
        (Some(d), Some(m)) if m > 0 => Value::Text(add_months(d, m as u32).to_string()),
        _ => Value::Null,
    };
    f.insert("expires_on".into(), expires);
}
