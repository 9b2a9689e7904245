//! Quarterly progress on an action: the financial-year quarter (e.g. 2026-27-Q2), a RAG
//! rating and the commentary the IMG reads. One update per action per quarter.

use rusqlite::{params, OptionalExtension};

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "action_updates",
    table: "action_updates",
    title_field: "quarter",
    title_field_cy: None,
    fields: &[
        reference("action_id", "actions").required().in_table().filterable(),
        text("quarter").required().in_table().searchable(),
        choice("rag", "rag").required().in_table().filterable(),
        long_text("commentary").required().in_table().searchable(),
    ],
    default_sort: "quarter",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: Some(after_write),
    deletable: true,
    import_key: &["action_id", "quarter"],
};

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let quarter = f.get("quarter").and_then(Value::as_str).unwrap_or_default();
    if quarter.parse::<crate::time::Quarter>().is_err() {
        errors.push(FieldError::new("quarter", "err-bad-quarter").with("value", quarter));
    }
    errors.extend(one_per_quarter(f, ctx));
    errors
}

fn one_per_quarter(f: &Fields, ctx: &Context) -> Option<FieldError> {
    let action = f.get("action_id").and_then(Value::as_str)?;
    let quarter = f.get("quarter").and_then(Value::as_str)?;
    let me = ctx.record.map(|u| u.to_string()).unwrap_or_default();
    let existing: Option<String> = ctx
        .conn
        .query_row(
            "SELECT id FROM action_updates WHERE action_id = ?1 AND quarter = ?2 AND id <> ?3",
            params![action, quarter, me],
            |r| r.get(0),
        )
        .optional()
        .ok()
        .flatten();
    existing.map(|_| FieldError::new("quarter", "err-action-quarter-taken").with("value", quarter))
}

fn after_write(conn: &rusqlite::Connection, actor: &store::Actor, f: &Fields) -> crate::Result<()> {
    match f.get("action_id").and_then(Value::as_str) {
        Some(action) => refresh_rag(conn, actor, action),
        None => Ok(()),
    }
}

/// Sets each action's current RAG from its latest quarterly update. Runs in the caller's
/// transaction after an update is written, through the register store so it is audited.
pub fn refresh_rag(conn: &rusqlite::Connection, actor: &store::Actor, action_id: &str) -> crate::Result<()> {
    let latest: Option<String> = conn
        .query_row(
            "SELECT rag FROM action_updates WHERE action_id = ?1 ORDER BY quarter DESC LIMIT 1",
            [action_id],
            |r| r.get(0),
        )
        .optional()?;
    let def = &super::actions::DEF;
    let id = uuid::Uuid::parse_str(action_id).map_err(|_| crate::Error::NotFound(action_id.into()))?;
    let rec = store::get(conn, def, id)?;
    let current = rec.get("rag").as_str().map(str::to_string);
    if current == latest {
        return Ok(());
    }
    let mut fields = rec.fields.clone();
    fields.insert("rag".into(), latest.map(Value::Text).unwrap_or(Value::Null));
    store::rewrite(conn, def, actor, &rec, &fields)
}
