//! The retention schedule (docs/domain.md §7): classes of record grouped by function and activity,
//! IRMS style, each kept for a period after a trigger event and then destroyed, reviewed,
//! transferred to the archives or kept permanently. Assets link to a class; with the trigger
//! date of an asset's oldest records that gives the "due for disposal" list.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::{FieldError, Result};
use crate::i18n::Lang;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "retention",
    table: "retention_classes",
    title_field: "description",
    title_field_cy: Some("description_cy"),
    fields: &[
        text("reference").required().unique().in_table().searchable(),
        choice("function", "retention_function").required().in_table().filterable(),
        text("activity").required().searchable(),
        text("activity_cy").searchable(),
        long_text("description").required().in_table().searchable(),
        long_text("description_cy").searchable(),
        choice("trigger_event", "retention_trigger").required().in_table().filterable(),
        text("trigger_note"),
        number("period_years", 0, 150).in_table().default_value("0"),
        number("period_months", 0, 11).in_table().default_value("0"),
        choice("action", "disposal_action").required().in_table().filterable(),
        text("authority").searchable(),
        long_text("notes").searchable(),
    ],
    default_sort: "reference",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &[],
};

fn int(f: &Fields, name: &str) -> i64 {
    f.get(name).and_then(Value::as_int).unwrap_or(0)
}

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let permanent = f.get("action").and_then(Value::as_str) == Some("keep-permanently");
    if !permanent && int(f, "period_years") == 0 && int(f, "period_months") == 0 {
        errors.push(FieldError::new("period_years", "err-retention-period"));
    }
    if f.get("trigger_event").and_then(Value::as_str) == Some("other")
        && f.get("trigger_note").is_none_or(Value::is_empty)
    {
        errors.push(FieldError::new("trigger_note", "err-retention-trigger-note"));
    }
    errors
}

fn compute(f: &mut Fields, _: &Context) {
    for name in ["period_years", "period_months"] {
        let n = int(f, name);
        f.insert(name.into(), Value::Int(n));
    }
}

/// The trigger a class's clock starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Counted from the date itself (closure of a case, end of a contract, last action, birth).
    Date,
    /// Counted from the end of the financial year (31 March) that the date falls in.
    FinancialYearEnd,
    /// Counted from the end of the calendar year the date falls in ("current year + n").
    CalendarYearEnd,
}

impl Trigger {
    pub fn of(code: &str) -> Trigger {
        match code {
            "end-of-financial-year" => Trigger::FinancialYearEnd,
            "current-year" => Trigger::CalendarYearEnd,
            _ => Trigger::Date,
        }
    }
}

/// When records whose trigger event happened on `trigger` fall due for their end-of-life
/// action: the start point for the trigger kind plus the period (month ends clamp).
pub fn due_on(trigger_kind: Trigger, trigger: NaiveDate, years: i64, months: i64) -> NaiveDate {
    let start = match trigger_kind {
        Trigger::Date => trigger,
        Trigger::CalendarYearEnd => NaiveDate::from_ymd_opt(trigger.year(), 12, 31).expect("31 December"),
        Trigger::FinancialYearEnd => {
            let year = if trigger.month() >= 4 { trigger.year() + 1 } else { trigger.year() };
            NaiveDate::from_ymd_opt(year, 3, 31).expect("31 March")
        }
    };
    add_months(start, (years * 12 + months).max(0) as u32)
}

/// An asset whose oldest records have reached (or will soon reach) the end of their retention.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DueDisposal {
    pub asset_id: String,
    pub asset_reference: String,
    pub asset_name: String,
    pub department: String,
    pub class_reference: String,
    pub class_description: String,
    /// The end-of-life action code (`destroy`, `review`, `transfer-archives`).
    pub action: String,
    pub action_label: String,
    pub oldest_trigger: NaiveDate,
    pub due: NaiveDate,
    pub overdue: bool,
    /// One line for people, e.g. "Personnel files (IA-HR-0012): Destroy due 30 June 2026 under …".
    pub message: String,
}

/// Assets whose oldest records are due for disposal on or before `today + horizon_days`,
/// most overdue first. Classes kept permanently never fall due. An asset with a class but
/// no trigger date cannot be worked out and is counted by [`missing_trigger`] instead.
pub fn due_for_disposal(
    conn: &Connection,
    today: NaiveDate,
    horizon_days: u64,
    lang: Lang,
) -> Result<Vec<DueDisposal>> {
    let dept = if lang == Lang::Cy { "coalesce(nullif(d.name_cy, ''), d.name)" } else { "d.name" };
    let desc = if lang == Lang::Cy { "coalesce(nullif(c.description_cy, ''), c.description)" } else { "c.description" };
    let sql = format!(
        "SELECT a.id, a.reference, a.name, {dept}, c.reference, {desc}, c.action, c.trigger_event, c.period_years, c.period_months, a.oldest_trigger
         FROM assets a JOIN retention_classes c ON c.id = a.retention_class_id JOIN departments d ON d.id = a.department_id
         WHERE a.oldest_trigger IS NOT NULL AND c.action <> 'keep-permanently'"
    );
    let horizon = today + chrono::Days::new(horizon_days);
    let msgs = crate::i18n::Messages::for_lang(lang);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
            r.get::<_, String>(7)?,
            r.get::<_, i64>(8)?,
            r.get::<_, i64>(9)?,
            r.get::<_, String>(10)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (
            asset_id,
            asset_reference,
            asset_name,
            department,
            class_reference,
            class_description,
            action,
            trigger,
            years,
            months,
            oldest,
        ) = row?;
        let Ok(oldest_trigger) = NaiveDate::parse_from_str(&oldest, "%Y-%m-%d") else { continue };
        let due = due_on(Trigger::of(&trigger), oldest_trigger, years, months);
        if due > horizon {
            continue;
        }
        let args: crate::i18n::Args = vec![
            ("asset".into(), asset_name.clone()),
            ("reference".into(), asset_reference.clone()),
            ("action".into(), crate::reference::label("disposal_action", &action, lang)),
            ("due".into(), crate::i18n::long_date(lang, due)),
            ("class".into(), class_reference.clone()),
        ];
        out.push(DueDisposal {
            message: msgs.fmt("dash-disposal-due", &args),
            asset_id,
            asset_reference,
            asset_name,
            department,
            class_reference,
            class_description,
            action_label: crate::reference::label("disposal_action", &action, lang),
            action,
            oldest_trigger,
            due,
            overdue: due < today,
        });
    }
    out.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.asset_reference.cmp(&b.asset_reference)));
    Ok(out)
}

/// Assets with no retention class, and assets with a class whose action
/// ends their records but no trigger date: neither can appear on the disposal list.
pub fn gaps(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE a.retention_class_id IS NULL),
                count(*) FILTER (WHERE a.retention_class_id IS NOT NULL AND a.oldest_trigger IS NULL
                                 AND c.action <> 'keep-permanently')
         FROM assets a LEFT JOIN retention_classes c ON c.id = a.retention_class_id",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn due_dates_follow_the_trigger_kind() {
        // Closure of case + 6 years.
        assert_eq!(due_on(Trigger::Date, d("2020-05-14"), 6, 0), d("2026-05-14"));
        // End of financial year + 6: a payment on 14 May 2020 is in 2020-21, which ends 31 March 2021.
        assert_eq!(due_on(Trigger::FinancialYearEnd, d("2020-05-14"), 6, 0), d("2027-03-31"));
        // ... and one on 31 March 2020 is in 2019-20.
        assert_eq!(due_on(Trigger::FinancialYearEnd, d("2020-03-31"), 6, 0), d("2026-03-31"));
        // Current year + 2.
        assert_eq!(due_on(Trigger::CalendarYearEnd, d("2024-02-01"), 2, 0), d("2026-12-31"));
        // Months, with the month end clamped: 31 August + 6 months is 28 February.
        assert_eq!(due_on(Trigger::Date, d("2025-08-31"), 0, 6), d("2026-02-28"));
        // Date of birth + 25 years (children's records), across 29 February.
        assert_eq!(due_on(Trigger::Date, d("2004-02-29"), 25, 0), d("2029-02-28"));
    }

    #[test]
    fn the_starter_template_is_complete_in_both_languages() {
        let t: Template = serde_json::from_str(include_str!("../../assets/reference/retention_template.json")).unwrap();
        assert!(t.classes.len() >= 40, "about 40 classes");
        let mut refs = std::collections::HashSet::new();
        for c in &t.classes {
            let get = |k: &str| c.get(k).and_then(serde_json::Value::as_str).unwrap_or_default();
            assert!(refs.insert(get("reference")), "repeated {}", get("reference"));
            for k in ["activity", "activity_cy", "description", "description_cy", "authority"] {
                assert!(!get(k).trim().is_empty(), "{} lacks {k}", get("reference"));
            }
            assert!(crate::reference::is_choice("retention_function", get("function")), "{}", get("reference"));
            assert!(crate::reference::is_choice("retention_trigger", get("trigger_event")), "{}", get("reference"));
            assert!(crate::reference::is_choice("disposal_action", get("action")), "{}", get("reference"));
        }
    }
}

/// The starter schedule shipped in `assets/reference/retention_template.json`.
#[derive(Debug, serde::Deserialize)]
struct Template {
    classes: Vec<BTreeMap<String, serde_json::Value>>,
}

/// Adds the starter classes whose reference the schedule does not have yet, through the
/// register store (validated and audited). Returns how many were added. The caller commits.
pub fn load_template(conn: &Connection, actor: &store::Actor) -> Result<usize> {
    let template: Template = serde_json::from_str(include_str!("../../assets/reference/retention_template.json"))
        .expect("retention template is valid");
    let mut added = 0;
    for class in &template.classes {
        let reference = class.get("reference").and_then(serde_json::Value::as_str).unwrap_or_default();
        let exists: Option<i64> = conn
            .query_row("SELECT 1 FROM retention_classes WHERE reference = ?1 COLLATE NOCASE", [reference], |r| r.get(0))
            .optional()?;
        if exists.is_none() {
            store::create(conn, &DEF, actor, class)?;
            added += 1;
        }
    }
    Ok(added)
}
