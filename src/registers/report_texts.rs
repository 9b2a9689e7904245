//! The words of the SIRO's annual report that no register holds: the foreword, the statement
//! of assurance and next year's priorities, one record per financial year and section, in
//! English and Welsh. Kept as a register so every change is in the audit trail.

use rusqlite::{params, OptionalExtension};

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "report_texts",
    table: "report_texts",
    title_field: "year",
    title_field_cy: None,
    fields: &[
        text("year").required().in_table().filterable(),
        choice("section", "report_section").required().in_table().filterable(),
        long_text("body_en").in_table().searchable(),
        long_text("body_cy").in_table().searchable(),
    ],
    default_sort: "year",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
    import_key: &["year", "section"],
};

/// `2025-26` as the year it starts, if it is one.
pub fn parse_year(s: &str) -> Option<i32> {
    crate::time::parse_financial_year(s)
}

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let year = f.get("year").and_then(Value::as_str).unwrap_or_default();
    if parse_year(year).is_none() {
        errors.push(FieldError::new("year", "err-bad-year").with("value", year));
    }
    let blank = |name: &str| f.get(name).and_then(Value::as_str).is_none_or(|s| s.trim().is_empty());
    if blank("body_en") && blank("body_cy") {
        errors.push(FieldError::new("body_en", "err-required"));
    }
    if let Some(section) = f.get("section").and_then(Value::as_str) {
        let me = ctx.record.map(|u| u.to_string()).unwrap_or_default();
        let taken: Option<String> = ctx
            .conn
            .query_row(
                "SELECT id FROM report_texts WHERE year = ?1 AND section = ?2 AND id <> ?3",
                params![year.trim(), section, me],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten();
        if taken.is_some() {
            errors.push(FieldError::new("section", "err-report-text-taken").with("value", year));
        }
    }
    errors
}
