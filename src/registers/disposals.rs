//! The disposal log (docs/domain.md §7): what was destroyed or transferred, under which retention
//! class, when, how, who authorised it and who carried it out, the contractor's certificate,
//! and the checks the s46 Records Management Code expects before anything goes: no legal
//! hold, no open request, litigation or investigation, and every copy (backups included).
//!
//! Recording a disposal against an asset moves the asset's oldest trigger date past the
//! records destroyed, so the asset leaves the "due for disposal" list until its next records
//! fall due.

use rusqlite::{params, OptionalExtension};

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "disposals",
    table: "disposals",
    title_field: "description",
    title_field_cy: None,
    fields: &[
        text("reference").unique().in_table().searchable(),
        long_text("description").required().in_table().searchable(),
        reference("asset_id", "assets").filterable(),
        text("series").searchable(),
        reference("retention_class_id", "retention").required().filterable(),
        reference("department_id", "departments").in_table().filterable(),
        choice("format", "asset_format").required().filterable().default_value("paper"),
        text("volume").required(),
        date("records_from"),
        date("records_to"),
        date("disposal_date").required().in_table(),
        choice("method", "disposal_method").required().in_table().filterable(),
        reference("authorised_by_id", "people").required().in_table(),
        text("carried_out_by").required().searchable(),
        text("certificate_ref").searchable(),
        yes_no("no_legal_hold"),
        yes_no("no_open_request"),
        yes_no("all_copies"),
        long_text("notes").searchable(),
    ],
    default_sort: "disposal_date",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute,
    after_write: Some(after_write),
    // The record of a destruction is itself kept: the s46 Code of Practice expects evidence of
    // what was destroyed, when and on whose authority. Mistakes are corrected by editing, which
    // the audit trail keeps.
    deletable: false,
    import_key: &[],
};

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    // The three confirmations are what makes a disposal defensible: refuse one without them.
    for check in ["no_legal_hold", "no_open_request", "all_copies"] {
        if !f[check].as_bool() {
            errors.push(FieldError::new(check, "err-disposal-check"));
        }
    }
    if f.get("method").and_then(Value::as_str) == Some("contractor") && f["certificate_ref"].is_empty() {
        errors.push(FieldError::new("certificate_ref", "err-disposal-certificate"));
    }
    if f["asset_id"].is_empty() && f["series"].is_empty() {
        errors.push(FieldError::new("series", "err-disposal-what"));
    }
    let disposed = f["disposal_date"].as_date();
    if disposed.is_some_and(|d| d > ctx.today) {
        errors.push(FieldError::new("disposal_date", "err-date-in-future"));
    }
    if let (Some(from), Some(to)) = (f["records_from"].as_date(), f["records_to"].as_date()) {
        if from > to {
            errors.push(FieldError::new("records_to", "err-date-order"));
        }
    }
    if let (Some(to), Some(d)) = (f["records_to"].as_date(), disposed) {
        if to > d {
            errors.push(FieldError::new("records_to", "err-disposal-records-after"));
        }
    }
    errors.extend(authoriser_is_an_owner(f, ctx));
    errors
}

/// The authoriser must be the asset's IAO, or hold the IAO (or deputy), SIRO or Deputy SIRO
/// role on the disposal date: destruction is an owner's decision, not an administrator's.
fn authoriser_is_an_owner(f: &Fields, ctx: &Context) -> Option<FieldError> {
    let person = f["authorised_by_id"].as_str()?;
    let on = f["disposal_date"].as_date()?.to_string();
    if let Some(asset) = f["asset_id"].as_str() {
        let iao: Option<String> = ctx
            .conn
            .query_row("SELECT iao_id FROM assets WHERE id = ?1", [asset], |r| r.get(0))
            .optional()
            .ok()
            .flatten();
        if iao.as_deref() == Some(person) {
            return None;
        }
    }
    let holds: Option<i64> = ctx
        .conn
        .query_row(
            "SELECT 1 FROM roles WHERE person_id = ?1 AND role IN ('iao', 'deputy-iao', 'siro', 'deputy-siro')
               AND from_date <= ?2 AND (to_date IS NULL OR to_date >= ?2) LIMIT 1",
            params![person, on],
            |r| r.get(0),
        )
        .optional()
        .ok()
        .flatten();
    match holds {
        Some(_) => None,
        None => Some(FieldError::new("authorised_by_id", "err-disposal-authoriser")),
    }
}

fn compute(f: &mut Fields, ctx: &Context) {
    if f["reference"].is_empty() {
        let year = f["disposal_date"]
            .as_date()
            .map(|d| chrono::Datelike::year(&d))
            .unwrap_or(chrono::Datelike::year(&ctx.today));
        f.insert("reference".into(), Value::Text(store::reference_for(ctx, "disposals", &format!("DISP-{year}-"))));
    }
    // The department follows the asset when one is named.
    if let Some(asset) = f["asset_id"].as_str() {
        if let Ok(Some(dept)) = ctx
            .conn
            .query_row("SELECT department_id FROM assets WHERE id = ?1", [asset], |r| r.get::<_, Option<String>>(0))
            .optional()
            .map(Option::flatten)
        {
            f.insert("department_id".into(), Value::Text(dept));
        }
    }
}

/// Moves the asset's oldest trigger date to the day after the last records destroyed, when
/// that is later than what it holds now. Audited through the register store.
fn after_write(conn: &rusqlite::Connection, actor: &store::Actor, f: &Fields) -> crate::Result<()> {
    let (Some(asset), Some(to)) = (f["asset_id"].as_str(), f["records_to"].as_date()) else { return Ok(()) };
    let def = &super::assets::DEF;
    let Ok(id) = uuid::Uuid::parse_str(asset) else { return Ok(()) };
    let rec = store::get(conn, def, id)?;
    let next = to.succ_opt().expect("date in range");
    if rec.get("oldest_trigger").as_date().is_some_and(|d| d >= next) {
        return Ok(());
    }
    let mut fields = rec.fields.clone();
    fields.insert("oldest_trigger".into(), Value::Text(next.to_string()));
    store::rewrite(conn, def, actor, &rec, &fields)
}
