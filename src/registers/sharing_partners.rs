//! The partner organisations of a data-sharing agreement and each one's sign-off: who signed
//! for them and when. The agreement's "signed" count follows these records.

use rusqlite::{params, OptionalExtension};

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "sharing_partners",
    table: "sharing_partners",
    title_field: "organisation",
    title_field_cy: None,
    fields: &[
        reference("sharing_id", "sharing").required().in_table().filterable(),
        text("organisation").required().in_table().searchable(),
        choice("role", "partner_role").required().in_table().filterable().default_value("partner"),
        text("contact").searchable(),
        text("signed_by").in_table().searchable(),
        date("signed_on").in_table(),
    ],
    default_sort: "organisation",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: Some(after_write),
    deletable: true,
    import_key: &["sharing_id", "organisation"],
};

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    match (f["signed_by"].is_empty(), f["signed_on"].is_empty()) {
        (false, true) => errors.push(FieldError::new("signed_on", "err-partner-sign-both")),
        (true, false) => errors.push(FieldError::new("signed_by", "err-partner-sign-both")),
        _ => {}
    }
    if f["signed_on"].as_date().is_some_and(|d| d > ctx.today) {
        errors.push(FieldError::new("signed_on", "err-date-in-future"));
    }
    if let (Some(sharing), Some(org)) = (f["sharing_id"].as_str(), f["organisation"].as_str()) {
        let me = ctx.record.map(|u| u.to_string()).unwrap_or_default();
        let clash: Option<i64> = ctx
            .conn
            .query_row(
                "SELECT 1 FROM sharing_partners WHERE sharing_id = ?1 AND organisation = ?2 COLLATE NOCASE AND id <> ?3",
                params![sharing, org.trim(), me],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten();
        if clash.is_some() {
            errors.push(FieldError::new("organisation", "err-unique").with("value", org));
        }
    }
    errors
}

fn after_write(conn: &rusqlite::Connection, actor: &store::Actor, f: &Fields) -> crate::Result<()> {
    // An agreement that no longer exists is skipped inside `refresh_signatures`.
    match f["sharing_id"].as_str() {
        Some(id) => super::sharing::refresh_signatures(conn, actor, id),
        None => Ok(()),
    }
}
