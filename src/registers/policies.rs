//! The policy and document register (the seed strategy's document hierarchy and control sheet):
//! strategies, policies, procedures, guidance and frameworks, who owns and approved them, the
//! version in force, what they supersede and when they are next reviewed. Each version's change
//! is recorded in `policy_versions`.

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "policies",
    table: "policies",
    title_field: "title",
    title_field_cy: None,
    fields: &[
        text("title").required().in_table().searchable(),
        choice("doc_type", "doc_type").required().in_table().filterable().default_value("policy"),
        reference("owner_id", "people").in_table(),
        reference("department_id", "departments").filterable(),
        text("approved_by").searchable(),
        date("approved_on"),
        text("version").in_table(),
        reference("supersedes_id", "policies"),
        text("location").searchable(),
        date("review_date").in_table(),
        choice("status", "doc_status").required().in_table().filterable().default_value("draft"),
    ],
    default_sort: "title",
    review_field: Some("review_date"),
    review: ReviewRule { missing_is_overdue: false, active_statuses: Some(&["approved", "consultation"]) },
    validate,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
    import_key: &["title"],
};

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    if f.get("status").and_then(Value::as_str) == Some("approved") {
        for name in ["approved_by", "approved_on", "review_date"] {
            if f.get(name).is_none_or(Value::is_empty) {
                errors.push(FieldError::new(name, "err-policy-approved-needs"));
            }
        }
    }
    if f.get("approved_on").and_then(Value::as_date).is_some_and(|d| d > ctx.today) {
        errors.push(FieldError::new("approved_on", "err-date-in-future"));
    }
    if let (Some(me), Some(old)) = (ctx.record.map(|u| u.to_string()), f.get("supersedes_id").and_then(Value::as_str)) {
        if me == old {
            errors.push(FieldError::new("supersedes_id", "err-policy-supersedes-itself"));
        }
    }
    errors
}
