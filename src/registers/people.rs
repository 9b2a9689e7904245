//! People: staff and elected members. Staff numbers are unique, so an HR roster can be
//! re-imported to update people without duplicating them.

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "people",
    table: "people",
    fields: &[
        text("name").required().in_table().searchable(),
        text("job_title").in_table().searchable(),
        email("email").in_table().searchable(),
        text("staff_number").unique().in_table().searchable(),
        reference("department_id", "departments").in_table().filterable(),
        date("start_date"),
        date("leaving_date"),
        yes_no("elected_member").filterable(),
    ],
    title_field: "name",
    title_field_cy: None,
    default_sort: "name",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
};

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    if let (Some(start), Some(left)) = (f["start_date"].as_date(), f["leaving_date"].as_date()) {
        if left < start {
            errors.push(FieldError::new("leaving_date", "err-leaving-before-start"));
        }
    }
    if !f["elected_member"].as_bool() && f["department_id"].is_empty() {
        errors.push(FieldError::new("department_id", "err-staff-need-department"));
    }
    errors
}
