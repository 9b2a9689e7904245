//! ICO Accountability Framework self-assessments (docs/domain.md §4): one per date, each expectation
//! of the ten categories rated in `accountability_ratings`, which a new assessment gets one of
//! per expectation. The score is the share of rated expectations met (partly met counts half,
//! not applicable is left out), so progress between assessments can be read at a glance.

use rusqlite::OptionalExtension;

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "accountability_assessments",
    table: "accountability_assessments",
    fields: &[
        text("title").required().in_table().searchable(),
        date("assessed_on").required().unique().in_table(),
        reference("assessor_id", "people").in_table(),
        number("score", 0, 100).computed().in_table(),
        long_text("notes").searchable(),
    ],
    title_field: "title",
    title_field_cy: None,
    default_sort: "assessed_on",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute,
    after_write: Some(after_write),
    deletable: true,
    import_key: &[],
};

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    match f.get("assessed_on").and_then(Value::as_date) {
        Some(d) if d > ctx.today => vec![FieldError::new("assessed_on", "err-date-in-future")],
        _ => vec![],
    }
}

/// The score of an assessment's ratings: `None` until one is rated.
pub fn score(conn: &rusqlite::Connection, assessment_id: &str) -> Option<i64> {
    let (points, rated): (f64, i64) = conn
        .query_row(
            "SELECT coalesce(sum(CASE rating WHEN 'met' THEN 1.0 WHEN 'partly-met' THEN 0.5 ELSE 0 END), 0),
                    count(*) FILTER (WHERE rating IN ('met', 'partly-met', 'not-met'))
               FROM accountability_ratings WHERE assessment_id = ?1",
            [assessment_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()?;
    (rated > 0).then(|| (points * 100.0 / rated as f64).round() as i64)
}

fn compute(f: &mut Fields, ctx: &Context) {
    let s = ctx.record.and_then(|id| score(ctx.conn, &id.to_string()));
    f.insert("score".into(), s.map(Value::Int).unwrap_or(Value::Null));
}

/// A new assessment gets a rating to fill in for every expectation of the framework.
fn after_write(conn: &rusqlite::Connection, actor: &store::Actor, f: &Fields) -> crate::Result<()> {
    let Some(day) = f.get("assessed_on").and_then(Value::as_str) else { return Ok(()) };
    let Some(id): Option<String> = conn
        .query_row("SELECT id FROM accountability_assessments WHERE assessed_on = ?1", [day], |r| r.get(0))
        .optional()?
    else {
        return Ok(());
    };
    let has: bool =
        conn.query_row("SELECT count(*) FROM accountability_ratings WHERE assessment_id = ?1", [&id], |r| {
            r.get::<_, i64>(0)
        })? > 0;
    if has {
        return Ok(());
    }
    let def = &super::accountability_ratings::DEF;
    for e in crate::reference::list("accountability_expectation") {
        let mut fields = Fields::new();
        fields.insert("assessment_id".into(), Value::Text(id.clone()));
        fields.insert("expectation".into(), Value::Text(e.value.clone()));
        fields.insert("category".into(), Value::Text(super::accountability_ratings::category_of(&e.value)));
        store::insert(conn, def, actor, store::new_id(), &fields)?;
    }
    Ok(())
}
