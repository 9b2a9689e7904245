//! Site audits an IAA carries out at a depot, school or care home, offline: one audit per site
//! and date, by an auditor, from a checklist template whose items are copied into the audit's
//! own answers (`site_audit_items`) when it is created. The score is the share of answered
//! items that comply (partly counts half; not applicable is left out); the RAG is the worse of
//! the score's band and the worst finding's RAG, so one red finding is never averaged away.

use rusqlite::{params, OptionalExtension};

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "site_audits",
    table: "site_audits",
    fields: &[
        text("reference").unique().in_table().searchable(),
        text("site").required().in_table().searchable(),
        reference("department_id", "departments").in_table().filterable(),
        date("audit_date").required().in_table(),
        reference("auditor_id", "people").required().in_table(),
        reference("template_id", "checklist_templates").required(),
        choice("status", "site_audit_status").required().in_table().filterable().default_value("in-progress"),
        number("score", 0, 100).computed().in_table(),
        choice("rag", "rag").computed().in_table().filterable(),
        long_text("summary").searchable(),
    ],
    title_field: "site",
    title_field_cy: None,
    default_sort: "audit_date",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute,
    after_write: Some(after_write),
    deletable: true,
    import_key: &["site", "audit_date"],
};

/// Scores at or above these are green and amber; below, red.
pub const GREEN_FROM: i64 = 90;
pub const AMBER_FROM: i64 = 70;

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let date = f.get("audit_date").and_then(Value::as_date);
    if date.is_some_and(|d| d > ctx.today) && f.get("status").and_then(Value::as_str) == Some("complete") {
        errors.push(FieldError::new("status", "err-audit-future-complete"));
    }
    if let (Some(site), Some(date)) = (f.get("site").and_then(Value::as_str), date) {
        let me = ctx.record.map(|u| u.to_string()).unwrap_or_default();
        let taken: Option<String> = ctx
            .conn
            .query_row(
                "SELECT reference FROM site_audits WHERE site = ?1 COLLATE NOCASE AND audit_date = ?2 AND id <> ?3",
                params![site, date.to_string(), me],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten();
        if let Some(r) = taken {
            errors.push(FieldError::new("audit_date", "err-audit-taken").with("reference", r));
        }
    }
    if f.get("status").and_then(Value::as_str) == Some("complete") {
        if let Some(id) = ctx.record {
            let open: i64 = ctx
                .conn
                .query_row(
                    "SELECT count(*) FROM site_audit_items WHERE audit_id = ?1 AND answer IS NULL",
                    [id.to_string()],
                    |r| r.get(0),
                )
                .unwrap_or(0);
            if open > 0 {
                errors.push(FieldError::new("status", "err-audit-unanswered").with("count", open));
            }
        }
    }
    errors
}

/// The score and RAG of an audit's answers: `None` until an item is answered.
pub fn score(conn: &rusqlite::Connection, audit_id: &str) -> (Option<i64>, Option<&'static str>) {
    let row: Option<(f64, i64, Option<i64>)> = conn
        .query_row(
            "SELECT coalesce(sum(CASE answer WHEN 'compliant' THEN 1.0 WHEN 'partly' THEN 0.5 ELSE 0 END), 0),
                    count(*) FILTER (WHERE answer IN ('compliant', 'partly', 'not-compliant')),
                    max(CASE finding_rag WHEN 'red' THEN 3 WHEN 'amber' THEN 2 WHEN 'green' THEN 1 END)
               FROM site_audit_items WHERE audit_id = ?1",
            [audit_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    let Some((points, answered, worst_finding)) = row else { return (None, None) };
    if answered == 0 {
        return (None, None);
    }
    let score = (points * 100.0 / answered as f64).round() as i64;
    let band = if score >= GREEN_FROM {
        1
    } else if score >= AMBER_FROM {
        2
    } else {
        3
    };
    let rag = match band.max(worst_finding.unwrap_or(0)) {
        3 => "red",
        2 => "amber",
        _ => "green",
    };
    (Some(score), Some(rag))
}

fn compute(f: &mut Fields, ctx: &Context) {
    if f.get("reference").is_none_or(Value::is_empty) {
        let year = f.get("audit_date").and_then(Value::as_date).map(|d| d.format("%Y").to_string()).unwrap_or_default();
        f.insert("reference".into(), Value::Text(store::reference_for(ctx, "site_audits", &format!("SA-{year}-"))));
    }
    let (score, rag) = ctx.record.map(|id| score(ctx.conn, &id.to_string())).unwrap_or((None, None));
    f.insert("score".into(), score.map(Value::Int).unwrap_or(Value::Null));
    f.insert("rag".into(), rag.map(|r| Value::Text(r.into())).unwrap_or(Value::Null));
}

/// A new audit gets its own copy of the template's items.
fn after_write(conn: &rusqlite::Connection, actor: &store::Actor, f: &Fields) -> crate::Result<()> {
    let Some(reference) = f.get("reference").and_then(Value::as_str) else { return Ok(()) };
    let Some(audit_id): Option<String> =
        conn.query_row("SELECT id FROM site_audits WHERE reference = ?1", [reference], |r| r.get(0)).optional()?
    else {
        return Ok(()); // deleted
    };
    let has_items: bool =
        conn.query_row("SELECT count(*) FROM site_audit_items WHERE audit_id = ?1", [&audit_id], |r| {
            r.get::<_, i64>(0)
        })? > 0;
    if has_items {
        return Ok(());
    }
    let Some(template) = f.get("template_id").and_then(Value::as_str) else { return Ok(()) };
    let text: String =
        conn.query_row("SELECT items FROM checklist_templates WHERE id = ?1", [template], |r| r.get(0))?;
    let def = &super::site_audit_items::DEF;
    for (i, (en, cy)) in super::checklist_templates::items(&text).into_iter().enumerate() {
        let mut fields = Fields::new();
        fields.insert("audit_id".into(), Value::Text(audit_id.clone()));
        fields.insert("number".into(), Value::Int(i as i64 + 1));
        fields.insert("item".into(), Value::Text(en));
        fields.insert("item_cy".into(), cy.map(Value::Text).unwrap_or(Value::Null));
        store::insert(conn, def, actor, store::new_id(), &fields)?;
    }
    Ok(())
}
