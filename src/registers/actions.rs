//! The action plan the IMG monitors every quarter: actions grouped by the strategy's six
//! approach areas, each with an owner and a due date, where it came from (the strategy, an
//! audit finding, a breach's lessons, a risk) with a link back to that record, and its
//! quarterly progress updates (the `action_updates` register). The action's current RAG is
//! its latest update's.

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "actions",
    table: "actions",
    title_field: "title",
    title_field_cy: None,
    fields: &[
        text("reference").unique().in_table().searchable(),
        text("title").required().in_table().searchable(),
        long_text("description").searchable(),
        choice("area", "approach_area").required().in_table().filterable(),
        reference("owner_id", "people").in_table(),
        reference("department_id", "departments").filterable(),
        date("due_on").in_table(),
        choice("source", "action_source").required().filterable().default_value("strategy"),
        reference("risk_id", "risks"),
        reference("breach_id", "breaches"),
        choice("status", "action_status").required().in_table().filterable().default_value("not-started"),
        date("completed_on"),
        choice("rag", "rag").computed().in_table().filterable(),
    ],
    default_sort: "reference",
    review_field: Some("due_on"),
    review: ReviewRule {
        missing_is_overdue: false,
        active_statuses: Some(&["not-started", "in-progress", "deferred"]),
    },
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &[],
};

fn s<'a>(f: &'a Fields, name: &str) -> Option<&'a str> {
    f.get(name).and_then(Value::as_str)
}

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    match s(f, "source") {
        Some("risk") if f.get("risk_id").is_none_or(Value::is_empty) => {
            errors.push(FieldError::new("risk_id", "err-action-source-link"))
        }
        Some("breach-lesson") if f.get("breach_id").is_none_or(Value::is_empty) => {
            errors.push(FieldError::new("breach_id", "err-action-source-link"))
        }
        _ => {}
    }
    let done = s(f, "status") == Some("complete");
    match (done, f.get("completed_on").and_then(Value::as_date)) {
        (true, None) => errors.push(FieldError::new("completed_on", "err-required")),
        (false, Some(_)) => errors.push(FieldError::new("status", "err-action-not-complete")),
        (_, Some(d)) if d > ctx.today => errors.push(FieldError::new("completed_on", "err-date-in-future")),
        _ => {}
    }
    errors
}

fn compute(f: &mut Fields, ctx: &Context) {
    if f.get("reference").is_none_or(Value::is_empty) {
        f.insert("reference".into(), Value::Text(store::reference_for(ctx, "actions", "ACT-")));
    }
    // The RAG is the latest quarterly update's, kept here so tables and packs can sort and
    // count by it; writing an update refreshes it (`action_updates::refresh_rag`).
    let latest: Option<String> = ctx.record.and_then(|id| {
        ctx.conn
            .query_row(
                "SELECT rag FROM action_updates WHERE action_id = ?1 ORDER BY quarter DESC LIMIT 1",
                [id.to_string()],
                |r| r.get(0),
            )
            .ok()
    });
    f.insert("rag".into(), latest.map(Value::Text).unwrap_or(Value::Null));
}

/// Raises an action from a site audit finding or an accountability rating that falls short,
/// owned by the auditor or assessor, due in three months, and links it back to its source.
pub fn raise_from(
    conn: &rusqlite::Connection,
    actor: &store::Actor,
    register: &str,
    id: uuid::Uuid,
    lang: crate::i18n::Lang,
) -> crate::Result<Record> {
    let msgs = crate::i18n::Messages::for_lang(lang);
    let source_def =
        crate::registers::by_name(register).ok_or_else(|| crate::Error::UnknownRegister(register.into()))?;
    if !super::RAISE_ACTIONS.contains(&source_def.name) {
        return Err(crate::Error::bad_input("err-raise-not-here"));
    }
    let rec = store::get(conn, source_def, id)?;
    if !rec.get("action_id").is_empty() {
        return Err(crate::Error::bad_input("err-action-already-raised"));
    }
    let text = |r: &Record, f: &str| r.get(f).as_str().unwrap_or_default().to_string();
    let (title, description, owner, department, from) = match register {
        "site_audit_items" => {
            if rec.get("finding").is_empty() {
                return Err(crate::Error::bad_input("err-raise-needs-finding"));
            }
            let audit_id = uuid::Uuid::parse_str(&text(&rec, "audit_id"))
                .map_err(|_| crate::Error::NotFound("site audit".into()))?;
            let audit = store::get(conn, &super::site_audits::DEF, audit_id)?;
            let args = vec![("site".to_string(), text(&audit, "site")), ("item".to_string(), text(&rec, "item"))];
            let from = audit.get("audit_date").as_date();
            (
                msgs.fmt("action-from-audit", &args),
                text(&rec, "finding"),
                text(&audit, "auditor_id"),
                text(&audit, "department_id"),
                from,
            )
        }
        "accountability_ratings" => {
            if !matches!(rec.get("rating").as_str(), Some("partly-met" | "not-met")) {
                return Err(crate::Error::bad_input("err-raise-needs-shortfall"));
            }
            let expectation = crate::reference::label("accountability_expectation", &text(&rec, "expectation"), lang);
            let assessment_id = uuid::Uuid::parse_str(&text(&rec, "assessment_id"))
                .map_err(|_| crate::Error::NotFound("assessment".into()))?;
            let assessment = store::get(conn, &super::accountability_assessments::DEF, assessment_id)?;
            let args = vec![("expectation".to_string(), expectation)];
            let from = assessment.get("assessed_on").as_date();
            (
                msgs.fmt("action-from-accountability", &args),
                text(&rec, "evidence"),
                text(&assessment, "assessor_id"),
                String::new(),
                from,
            )
        }
        _ => return Err(crate::Error::bad_input("err-raise-not-here")),
    };
    let due = add_months(from.unwrap_or(actor.today()).max(actor.today()), 3);
    let mut input: std::collections::BTreeMap<String, serde_json::Value> = [
        ("title", title.chars().take(200).collect::<String>()),
        ("description", description),
        ("area", "assurance".to_string()),
        ("source", "audit-finding".to_string()),
        ("status", "not-started".to_string()),
        ("due_on", due.to_string()),
        ("owner_id", owner),
        ("department_id", department),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_string(), serde_json::Value::String(v)))
    .collect();
    input.retain(|_, v| !v.is_null());
    let action = store::create(conn, &DEF, actor, &input)?;
    let mut fields = rec.fields.clone();
    fields.insert("action_id".into(), Value::Text(action.id.to_string()));
    store::rewrite(conn, source_def, actor, &rec, &fields)?;
    Ok(action)
}
