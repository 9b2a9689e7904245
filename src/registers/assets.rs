//! The information asset register (IAR), which also carries the Article 30 record of
//! processing activities: purposes, categories of data subjects and personal data,
//! recipients, transfers and their safeguards, retention, and security measures. The
//! controller's and DPO's details come from the installation and the roles register.
//!
//! Rules (docs/domain.md §6): an asset holding personal data must state its lawful basis, data
//! subjects and data categories; special-category data needs an Article 9 condition;
//! international transfers need their safeguards. The next review is computed from the last
//! review and the review interval (12 months by default); never reviewed means due now.

use crate::error::FieldError;
use crate::register::*;

pub const DEFAULT_REVIEW_MONTHS: i64 = 12;

pub static DEF: RegisterDef = RegisterDef {
    name: "assets",
    table: "assets",
    fields: &[
        text("reference").required().unique().in_table().searchable(),
        text("name").required().in_table().searchable(),
        long_text("description").searchable(),
        long_text("purpose").required().searchable(),
        text("business_function").searchable().in_table(),
        text("business_function_cy").searchable(),
        reference("department_id", "departments").required().in_table().filterable(),
        reference("iao_id", "people").required().in_table().filterable(),
        references("iaa_ids", "people"),
        text("users").searchable(),
        choice("format", "asset_format").required().filterable().default_value("electronic"),
        choice("storage", "storage").filterable(),
        text("system_location").searchable(),
        text("supplier").searchable(),
        yes_no("personal_data").filterable().default_value("true"),
        multi_choice("data_subjects", "data_subject").filterable(),
        multi_choice("data_categories", "data_category").filterable(),
        multi_choice("special_categories", "special_category").filterable(),
        yes_no("criminal_offence_data").filterable(),
        multi_choice("lawful_bases", "lawful_basis").filterable(),
        multi_choice("art9_conditions", "art9_condition"),
        text("schedule1_condition"),
        long_text("recipients").searchable(),
        yes_no("international_transfers").filterable(),
        long_text("transfer_safeguards"),
        text("privacy_notice"),
        reference("retention_class_id", "retention").filterable(),
        date("oldest_trigger"),
        text("retention").searchable(),
        choice("disposal_action", "disposal_action"),
        choice("classification", "classification").required().in_table().filterable().default_value("official"),
        yes_no("vital_record").filterable(),
        choice("criticality", "criticality").filterable(),
        long_text("access_controls"),
        long_text("security_measures"),
        text("dpia_ref").searchable(),
        yes_no("in_publication_scheme"),
        date("last_reviewed").in_table(),
        number("review_months", 1, 60).default_value("12"),
        date("next_review").computed().in_table(),
    ],
    title_field: "name",
    title_field_cy: None,
    default_sort: "reference",
    review_field: Some("next_review"),
    review: ReviewRule { missing_is_overdue: true, active_statuses: None },
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &[],
};

fn validate(f: &Fields, ctx: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let personal = f["personal_data"].as_bool();
    if personal {
        for (field, id) in [
            ("lawful_bases", "err-asset-lawful-basis"),
            ("data_subjects", "err-asset-data-subjects"),
            ("data_categories", "err-asset-data-categories"),
        ] {
            if f[field].is_empty() {
                errors.push(FieldError::new(field, id));
            }
        }
        if !f["special_categories"].is_empty() && f["art9_conditions"].is_empty() {
            errors.push(FieldError::new("art9_conditions", "err-asset-art9"));
        }
    } else {
        for field in ["special_categories", "data_subjects", "lawful_bases"] {
            if !f[field].is_empty() {
                errors.push(FieldError::new(field, "err-asset-not-personal"));
            }
        }
        if f["criminal_offence_data"].as_bool() {
            errors.push(FieldError::new("criminal_offence_data", "err-asset-not-personal"));
        }
    }
    if f["international_transfers"].as_bool() && f["transfer_safeguards"].is_empty() {
        errors.push(FieldError::new("transfer_safeguards", "err-asset-safeguards"));
    }
    for name in ["last_reviewed", "oldest_trigger"] {
        if f[name].as_date().is_some_and(|d| d > ctx.today) {
            errors.push(FieldError::new(name, "err-date-in-future"));
        }
    }
    errors
}

fn compute(f: &mut Fields, _: &Context) {
    let months = f.get("review_months").and_then(Value::as_int).unwrap_or(DEFAULT_REVIEW_MONTHS);
    f.insert("review_months".into(), Value::Int(months));
    let next = f
        .get("last_reviewed")
        .and_then(Value::as_date)
        .map(|d| Value::Text(add_months(d, months as u32).to_string()))
        .unwrap_or(Value::Null);
    f.insert("next_review".into(), next);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn ctx_today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    #[test]
    fn next_review_is_computed_from_the_last_review_and_interval() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let settings = SettingsOnce::given(crate::settings::Settings::default());
        let ctx = Context { conn: &conn, today: ctx_today(), record: None, settings: &settings };
        let mut f = Fields::new();
        f.insert("last_reviewed".into(), Value::Text("2026-01-31".into()));
        f.insert("review_months".into(), Value::Null);
        compute(&mut f, &ctx);
        assert_eq!(f["review_months"], Value::Int(12));
        assert_eq!(f["next_review"], Value::Text("2027-01-31".into()));
        f.insert("review_months".into(), Value::Int(1));
        compute(&mut f, &ctx);
        assert_eq!(f["next_review"], Value::Text("2026-02-28".into()), "clamped to the month's end");
        f.insert("last_reviewed".into(), Value::Null);
        compute(&mut f, &ctx);
        assert_eq!(f["next_review"], Value::Null, "never reviewed: due now, no invented date");
    }
}
