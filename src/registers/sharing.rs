//! The data-sharing register (docs/domain.md §5): WASPI Information Sharing Protocols, Data
//! Disclosure Agreements, joint controller agreements, processor contracts and memoranda of
//! understanding, with the ICO Data Sharing Code's fields. Each agreement's partners and
//! their sign-off are kept in `sharing_partners`.
//!
//! Lifecycle: draft → with QA → quality assured → signed → live → under review, and finally
//! expired or withdrawn. An agreement cannot be quality assured without its QA group and date,
//! nor signed or live until every partner has signed. The review date is the last review (or
//! the start date) plus the agreement's interval, which starts at the settings' default.

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "sharing",
    table: "sharing",
    title_field: "title",
    title_field_cy: None,
    fields: &[
        text("reference").unique().in_table().searchable(),
        text("title").required().in_table().searchable(),
        choice("agreement_type", "sharing_type").required().in_table().filterable(),
        long_text("purpose").required().searchable(),
        text("lead_organisation").searchable(),
        text("partners_signed").computed().in_table(),
        choice("direction", "sharing_direction").required().filterable(),
        multi_choice("data_subjects", "data_subject").filterable(),
        multi_choice("data_categories", "data_category").filterable(),
        multi_choice("special_categories", "special_category").filterable(),
        yes_no("criminal_offence_data").filterable(),
        multi_choice("lawful_bases", "lawful_basis").required().filterable(),
        multi_choice("art9_conditions", "art9_condition"),
        long_text("statutory_power").searchable(),
        choice("frequency", "sharing_frequency").filterable(),
        choice("transfer_method", "transfer_method").filterable(),
        long_text("security"),
        long_text("retention_deletion"),
        references("asset_ids", "assets"),
        text("dpia_ref").searchable(),
        yes_no("privacy_notice_updated"),
        choice("status", "sharing_status").required().in_table().filterable().default_value("draft"),
        text("qa_group").searchable(),
        date("qa_date"),
        date("start_date"),
        date("last_reviewed"),
        number("review_months", 1, 60),
        date("review_date").computed().in_table(),
        reference("department_id", "departments").required().in_table().filterable(),
        reference("iao_id", "people").required().filterable(),
        reference("iaa_id", "people"),
    ],
    default_sort: "reference",
    review_field: Some("review_date"),
    review: ReviewRule { missing_is_overdue: false, active_statuses: Some(&["signed", "live", "under-review"]) },
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &[],
};

/// What each status needs: a QA group and date once quality assured (and ever after), every
/// partner's signature while signed or live, and a start date once in force.
fn needs(status: &str) -> (bool, bool, bool) {
    let qa = matches!(status, "quality-assured" | "signed" | "live" | "under-review" | "expired");
    let signatures = matches!(status, "signed" | "live");
    let start = matches!(status, "live" | "under-review" | "expired");
    (qa, signatures, start)
}

/// (partners, partners signed) for an agreement already saved.
pub fn signatures(conn: &rusqlite::Connection, sharing_id: &str) -> (i64, i64) {
    conn.query_row("SELECT count(*), count(signed_on) FROM sharing_partners WHERE sharing_id = ?1", [sharing_id], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .unwrap_or((0, 0))
}

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let (needs_qa, needs_signatures, needs_start) = needs(f["status"].as_str().unwrap_or("draft"));
    if !f["special_categories"].is_empty() && f["art9_conditions"].is_empty() {
        errors.push(FieldError::new("art9_conditions", "err-asset-art9"));
    }
    if needs_qa {
        for name in ["qa_group", "qa_date"] {
            if f[name].is_empty() {
                errors.push(FieldError::new(name, "err-sharing-qa-needed"));
            }
        }
    }
    if needs_signatures {
        let (partners, signed) = ctx.record.map(|id| signatures(ctx.conn, &id.to_string())).unwrap_or((0, 0));
        if partners == 0 || signed < partners {
            errors.push(
                FieldError::new("status", "err-sharing-unsigned").with("signed", signed).with("partners", partners),
            );
        }
    }
    if needs_start && f["start_date"].is_empty() {
        errors.push(FieldError::new("start_date", "err-sharing-start-needed"));
    }
    for name in ["qa_date", "last_reviewed"] {
        if f[name].as_date().is_some_and(|d| d > ctx.today) {
            errors.push(FieldError::new(name, "err-date-in-future"));
        }
    }
    errors
}

fn compute(f: &mut Fields, ctx: &Context) {
    if f["reference"].is_empty() {
        f.insert("reference".into(), Value::Text(store::reference_for(ctx, "sharing", "DSA-")));
    }
    if f["status"].is_empty() {
        f.insert("status".into(), Value::Text("draft".into()));
    }
    let months = f["review_months"].as_int().unwrap_or_else(|| i64::from(ctx.settings.get().sharing_review_months));
    f.insert("review_months".into(), Value::Int(months));
    let from = f["last_reviewed"].as_date().or(f["start_date"].as_date());
    f.insert(
        "review_date".into(),
        from.map(|d| Value::Text(add_months(d, months as u32).to_string())).unwrap_or(Value::Null),
    );
    let (partners, signed) = ctx.record.map(|id| signatures(ctx.conn, &id.to_string())).unwrap_or((0, 0));
    f.insert("partners_signed".into(), Value::Text(format!("{signed}/{partners}")));
}

/// Keeps an agreement's "signed" count in step after a partner is added, signs or is removed.
pub fn refresh_signatures(conn: &rusqlite::Connection, actor: &store::Actor, sharing_id: &str) -> crate::Result<()> {
    let Ok(id) = uuid::Uuid::parse_str(sharing_id) else { return Ok(()) };
    let Some(rec) = store::get(conn, &DEF, id).map(Some).or_else(|e| match e {
        crate::Error::NotFound(_) => Ok(None),
        e => Err(e),
    })?
    else {
        return Ok(());
    };
    let (partners, signed) = signatures(conn, sharing_id);
    // A signed or live agreement must stay fully signed: a new or unsigned partner means
    // putting it under review first. Refusing here rolls the partner's change back.
    if needs(rec.get("status").as_str().unwrap_or_default()).1 && (partners == 0 || signed < partners) {
        return Err(crate::Error::Validation(vec![FieldError::new("sharing_id", "err-partner-agreement-signed")]));
    }
    let now = format!("{signed}/{partners}");
    if rec.get("partners_signed").as_str() == Some(now.as_str()) {
        return Ok(());
    }
    let mut fields = rec.fields.clone();
    fields.insert("partners_signed".into(), Value::Text(now));
    store::rewrite(conn, &DEF, actor, &rec, &fields)
}
