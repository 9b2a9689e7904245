//! One checklist item of one site audit: the answer (compliant, partly, not compliant, not
//! applicable), notes, a finding with its RAG and, once raised, the action in the action plan
//! that deals with it. Answers re-score their audit.

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "site_audit_items",
    table: "site_audit_items",
    fields: &[
        reference("audit_id", "site_audits").required().in_table().filterable(),
        number("number", 1, 999).required().in_table(),
        item_field("item").required().in_table().searchable(),
        item_field("item_cy").searchable(),
        choice("answer", "audit_answer").in_table().filterable(),
        long_text("notes").searchable(),
        long_text("finding").in_table().searchable(),
        choice("finding_rag", "rag").in_table().filterable(),
        reference("action_id", "actions").in_table().filterable(),
    ],
    title_field: "item",
    title_field_cy: Some("item_cy"),
    default_sort: "number",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: Some(after_write),
    deletable: true,
    import_key: &["audit_id", "number"],
};

const fn item_field(name: &'static str) -> FieldDef {
    let mut f = text(name);
    f.max_len = super::checklist_templates::ITEM_MAX;
    f
}

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let finding = !f.get("finding").is_none_or(Value::is_empty);
    let rag = !f.get("finding_rag").is_none_or(Value::is_empty);
    if finding && !rag {
        errors.push(FieldError::new("finding_rag", "err-finding-rag"));
    }
    if rag && !finding {
        errors.push(FieldError::new("finding", "err-required"));
    }
    let answer = f.get("answer").and_then(Value::as_str);
    if matches!(answer, Some("partly" | "not-compliant")) && !finding && f.get("notes").is_none_or(Value::is_empty) {
        errors.push(FieldError::new("notes", "err-audit-explain"));
    }
    errors
}

fn after_write(conn: &rusqlite::Connection, actor: &store::Actor, f: &Fields) -> crate::Result<()> {
    match f.get("audit_id").and_then(Value::as_str) {
        Some(audit) => store::recompute(conn, &super::site_audits::DEF, actor, audit),
        None => Ok(()),
    }
}
