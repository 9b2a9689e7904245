//! One expectation of the ICO Accountability Framework, rated in one self-assessment: met,
//! partly met, not met or not applicable, with the evidence (notes and links to policies and
//! information assets) and the action raised where it falls short. The ICO's own tracker
//! works the same way (docs/domain.md §4). The expectations shipped for category 10 follow the
//! ICO's headings as recalled, which docs/domain.md marks unverified: they name what the law
//! requires (log, assess, notify within 72 hours, record reasons), so rating against them is
//! never laxer than the ICO's wording.

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "accountability_ratings",
    table: "accountability_ratings",
    fields: &[
        reference("assessment_id", "accountability_assessments").required().in_table().filterable(),
        choice("category", "accountability_category").computed().in_table().filterable(),
        choice("expectation", "accountability_expectation").required().in_table().filterable(),
        choice("rating", "accountability_rating").in_table().filterable(),
        long_text("evidence").searchable(),
        references("evidence_policies", "policies"),
        references("evidence_assets", "assets"),
        reference("action_id", "actions").in_table().filterable(),
    ],
    title_field: "expectation",
    title_field_cy: None,
    default_sort: "expectation",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute,
    after_write: Some(after_write),
    deletable: true,
    import_key: &["assessment_id", "expectation"],
};

/// The category an expectation belongs to: its code starts with the category's number.
pub fn category_of(expectation: &str) -> String {
    format!("c{}", expectation.get(..2).unwrap_or_default())
}

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let rated_short = matches!(f.get("rating").and_then(Value::as_str), Some("partly-met" | "not-met"));
    if rated_short && f.get("evidence").is_none_or(Value::is_empty) {
        return vec![FieldError::new("evidence", "err-rating-explain")];
    }
    vec![]
}

fn compute(f: &mut Fields, _: &Context) {
    let category = f.get("expectation").and_then(Value::as_str).map(category_of);
    f.insert("category".into(), category.map(Value::Text).unwrap_or(Value::Null));
}

fn after_write(conn: &rusqlite::Connection, actor: &store::Actor, f: &Fields) -> crate::Result<()> {
    match f.get("assessment_id").and_then(Value::as_str) {
        Some(a) => store::recompute(conn, &super::accountability_assessments::DEF, actor, a),
        None => Ok(()),
    }
}
