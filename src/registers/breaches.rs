//! The breach and incident register, laid out like the ICO's breach report form so a record can
//! be copied straight into it (docs/domain.md §1). Every breach is recorded, notified or not, and
//! near misses too (Art 33(5)).
//!
//! The guided decision: assess the risk (the ICO's scheme: no risk / risk / high risk), then
//! decide whether to notify the ICO (a reason is required for "no", and a breach likely to
//! result in a risk must be notified), then whether to tell the people affected (a reason is
//! required for "no" when the risk is high: the Art 34(3) exceptions). The ICO deadline is
//! awareness + 72 clock hours; a report after it needs the reasons for the delay.

use chrono::{DateTime, Utc};

use crate::deadlines;
use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "breaches",
    table: "breaches",
    fields: &[
        text("reference").unique().in_table().searchable(),
        text("title").required().in_table().searchable(),
        yes_no("near_miss").filterable(),
        reference("department_id", "departments").in_table().filterable(),
        choice("cause", "breach_cause").in_table().filterable(),
        long_text("what_happened").required().searchable(),
        long_text("how_discovered").searchable(),
        instant("occurred_at"),
        instant("discovered_at"),
        instant("aware_at").required().in_table(),
        choice("cyber", "yes_no_unknown").filterable(),
        multi_choice("breach_types", "breach_type").filterable(),
        multi_choice("data_categories", "data_category"),
        multi_choice("special_categories", "special_category").filterable(),
        number("people_affected", 0, 100_000_000),
        number("records_affected", 0, 1_000_000_000),
        multi_choice("subject_categories", "data_subject").filterable(),
        long_text("consequences"),
        choice("consequence_likelihood", "likelihood"),
        yes_no("staff_involved"),
        choice("staff_training", "staff_training"),
        long_text("containment"),
        long_text("preventive_measures"),
        number("likelihood_score", 1, 5),
        number("impact_score", 1, 5),
        choice("risk", "breach_risk").in_table().filterable(),
        choice("notify_ico", "decision").filterable().default_value("pending"),
        long_text("notify_ico_reason"),
        choice("tell_subjects", "decision").default_value("pending"),
        long_text("tell_subjects_reason"),
        reference("decided_by", "people"),
        instant("ico_deadline").computed().in_table(),
        instant("reported_at"),
        text("ico_reference").searchable(),
        long_text("late_reason"),
        choice("reported_in_time", "yes_no_unknown").computed().filterable(),
        choice("severity", "severity").filterable(),
        long_text("lessons").searchable(),
        long_text("follow_up"),
        date("closed_on"),
        choice("status", "breach_status").computed().in_table().filterable(),
    ],
    title_field: "title",
    title_field_cy: None,
    default_sort: "aware_at",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &[],
};

fn t(f: &Fields, name: &str) -> Option<DateTime<Utc>> {
    f.get(name)
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc))
}
fn s<'a>(f: &'a Fields, name: &str) -> Option<&'a str> {
    f.get(name).and_then(Value::as_str)
}
fn empty(f: &Fields, name: &str) -> bool {
    f.get(name).is_none_or(Value::is_empty)
}

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let risk = s(f, "risk");
    match s(f, "notify_ico") {
        Some("no") if matches!(risk, Some("risk" | "high-risk")) => {
            errors.push(FieldError::new("notify_ico", "err-breach-must-notify"))
        }
        Some("no") if empty(f, "notify_ico_reason") => {
            errors.push(FieldError::new("notify_ico_reason", "err-breach-reason-no"))
        }
        Some("yes" | "no") if risk.is_none() => errors.push(FieldError::new("risk", "err-breach-assess-first")),
        _ => {}
    }
    if s(f, "tell_subjects") == Some("no") && risk == Some("high-risk") && empty(f, "tell_subjects_reason") {
        errors.push(FieldError::new("tell_subjects_reason", "err-breach-reason-no"));
    }
    if let Some(reported) = t(f, "reported_at") {
        if s(f, "notify_ico") != Some("yes") {
            errors.push(FieldError::new("notify_ico", "err-breach-reported-not-decided"));
        }
        if let Some(aware) = t(f, "aware_at") {
            if reported < aware {
                errors.push(FieldError::new("reported_at", "err-before-aware"));
            } else if reported > deadlines::breach_deadline(aware) && empty(f, "late_reason") {
                errors.push(FieldError::new("late_reason", "err-breach-late-reason"));
            }
        }
    }
    if let (Some(aware), Some(found)) = (t(f, "aware_at"), t(f, "discovered_at")) {
        if aware < found {
            errors.push(FieldError::new("aware_at", "err-aware-before-discovered"));
        }
    }
    if let (Some(happened), Some(found)) = (t(f, "occurred_at"), t(f, "discovered_at")) {
        if found < happened {
            errors.push(FieldError::new("discovered_at", "err-to-before-from"));
        }
    }
    if f.get("closed_on").and_then(Value::as_date).is_some_and(|d| d > ctx.today) {
        errors.push(FieldError::new("closed_on", "err-date-in-future"));
    }
    errors
}

/// The NHS DSPT grid's verdict from likelihood (1 not occurred … 5 occurred) and impact (1 no
/// adverse effect … 5 catastrophic). Reportable to the ICO when likelihood is at least 3
/// ("likely") and impact at least 2 ("minor"), as an NHS Digital webinar confirms. The grid's
/// labels are from memory and its high-risk threshold was cut off in the source
/// (docs/domain.md §1, UNVERIFIED): impact 4 or more ("pain and suffering or financial loss") is
/// taken as high risk, the safer reading, since it means telling the people affected.
pub fn nhs_grid_risk(likelihood: i64, impact: i64) -> &'static str {
    if likelihood >= 3 && impact >= 2 {
        if impact >= 4 {
            "high-risk"
        } else {
            "risk"
        }
    } else {
        "no-risk"
    }
}

fn compute(f: &mut Fields, ctx: &Context) {
    if ctx.settings.get().breach_scheme == crate::settings::BreachScheme::NhsDspt {
        if let (Some(l), Some(i)) =
            (f.get("likelihood_score").and_then(Value::as_int), f.get("impact_score").and_then(Value::as_int))
        {
            f.insert("risk".into(), Value::Text(nhs_grid_risk(l, i).into()));
        }
    }
    let aware = t(f, "aware_at");
    let deadline = aware.map(deadlines::breach_deadline);
    f.insert("ico_deadline".into(), deadline.map(|d| Value::Text(crate::time::stamp(d))).unwrap_or(Value::Null));
    let in_time = match (t(f, "reported_at"), deadline) {
        (Some(r), Some(d)) => Value::Text(if r <= d { "yes" } else { "no" }.into()),
        _ => Value::Null,
    };
    f.insert("reported_in_time".into(), in_time);
    if f.get("reference").is_none_or(Value::is_empty) {
        if let Some(aware) = aware {
            let prefix = format!("BR-{}-", crate::time::london_date(aware).format("%Y"));
            f.insert("reference".into(), Value::Text(store::reference_for(ctx, "breaches", &prefix)));
        }
    }
    let status = if f.get("closed_on").is_some_and(|v| !v.is_empty()) {
        "closed"
    } else if t(f, "reported_at").is_some() {
        "reported"
    } else if f.get("near_miss").is_some_and(Value::as_bool) || s(f, "notify_ico") == Some("no") {
        "open-not-notifiable"
    } else {
        "open"
    };
    f.insert("status".into(), Value::Text(status.into()));
}

/// Whether a breach's ICO clock is still running: not a near miss, not decided as
/// not notifiable, not yet reported, not closed.
pub fn clock_running(f: &Fields) -> bool {
    s(f, "status") == Some("open")
}
