//! A record at a glance: the labels the window shows beside it, in tables and in its page's
//! header, each a tone and words (never colour alone): its status, RAG or risk band, and its
//! clock or review ("Overdue by 3 days", "Review due in 12 days", "Report to the ICO within
//! 20 hours"). Computed from the same fields and rules as the dashboard and the registers'
//! "due" filter, with "now" passed in.
//!
//! Architecture invariant: a reader (layer 4); it changes nothing.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::deadlines::Calendar;
use crate::i18n::{Lang, Messages};
use crate::reference::Wording;
use crate::register::store::ListPage;
use crate::register::{FieldKind, Fields, Record, RegisterDef, Value};

/// How urgent a label is; the window colours it and the words say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// Past a deadline, red, high or extreme.
    Urgent,
    /// Close to one, amber, moderate.
    Warning,
    /// Met, green, low.
    Good,
    /// Only information (a status).
    Neutral,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// What it says: `status`, `rag` or `band` (the field of that name, shown in its column),
    /// `clock` (a deadline or review) or `outcome` (answered or reported in time, or not).
    pub kind: &'static str,
    pub tone: Tone,
    pub text: String,
}

/// What a review or deadline within this many days is shown as coming up (the "due soon"
/// view's window).
pub use crate::registers::views::SOON_DAYS;

/// A request's statutory clock within this many working days is urgent (as on the dashboard).
const CLOCK_URGENT_WORKING_DAYS: i64 = 2;

fn text<'a>(f: &'a Fields, name: &str) -> Option<&'a str> {
    f.get(name).and_then(Value::as_str).filter(|s| !s.is_empty())
}

fn date(f: &Fields, name: &str) -> Option<NaiveDate> {
    f.get(name).and_then(Value::as_date)
}

fn choice_label(def: &RegisterDef, f: &Fields, name: &str, lang: Lang, wording: &Wording) -> Option<String> {
    let field = def.field(name)?;
    let FieldKind::Choice(list) = field.kind else { return None };
    text(f, name).map(|v| wording.label(list, v, lang))
}

/// The tone of a status value: ended work is neutral, stopped clocks and drafts a warning.
fn status_tone(value: &str) -> Tone {
    match value {
        "awaiting-clarification" | "awaiting-fee" | "draft" | "under-review" | "in-progress" | "not-started" => {
            Tone::Warning
        }
        "complete" | "approved" | "signed" | "live" | "quality-assured" | "reported" => Tone::Good,
        "expired" => Tone::Urgent,
        _ => Tone::Neutral,
    }
}

/// Days until `due` as words: "Due in 3 days", "Due today", "Overdue by 2 days".
fn clock(m: &Messages, prefix: &str, due: NaiveDate, today: NaiveDate, soon: i64) -> Label {
    let days = (due - today).num_days();
    let d = |id: &str, n: i64| m.fmt(&format!("glance-{prefix}-{id}"), &vec![("days".to_string(), n.to_string())]);
    if days < 0 {
        Label { kind: "clock", tone: Tone::Urgent, text: d("overdue", -days) }
    } else if days == 0 {
        Label { kind: "clock", tone: Tone::Urgent, text: m.get(&format!("glance-{prefix}-today")) }
    } else {
        Label { kind: "clock", tone: if days <= soon { Tone::Warning } else { Tone::Neutral }, text: d("in", days) }
    }
}

/// A record as the window shows it: the record, its labels and, for a case, the section of the
/// stage it has reached ([`crate::registers::pages::stage`]).
#[derive(Debug, Serialize)]
pub struct Shown {
    #[serde(flatten)]
    pub record: Record,
    pub glance: Vec<Label>,
    pub stage: Option<&'static str>,
}

/// A page of a register's list, each row with its labels.
#[derive(Debug, Serialize)]
pub struct ShownPage {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<Shown>,
}

/// One record with its labels and stage.
pub fn shown(
    def: &RegisterDef,
    record: Record,
    now: DateTime<Utc>,
    lang: Lang,
    wording: &Wording,
    cal: &Calendar,
) -> Shown {
    Shown {
        glance: labels(def, &record.fields, now, lang, wording, cal),
        stage: crate::registers::pages::stage(def.name, &record.fields),
        record,
    }
}

/// A page of a list with the labels of each row.
pub fn shown_page(
    def: &RegisterDef,
    page: ListPage,
    now: DateTime<Utc>,
    lang: Lang,
    wording: &Wording,
    cal: &Calendar,
) -> ShownPage {
    ShownPage {
        total: page.total,
        offset: page.offset,
        rows: page.rows.into_iter().map(|r| shown(def, r, now, lang, wording, cal)).collect(),
    }
}

impl ShownPage {
    /// A page whose rows carry no labels (for a picker or the search).
    pub fn plain(page: ListPage) -> ShownPage {
        ShownPage {
            total: page.total,
            offset: page.offset,
            rows: page.rows.into_iter().map(|record| Shown { glance: vec![], stage: None, record }).collect(),
        }
    }
}

/// The labels of one record of `def`, at `now`, in `lang`.
///
/// A request's clock is counted in working days on `cal`, as the dashboard counts it; reviews
/// in calendar days.
pub fn labels(
    def: &RegisterDef,
    f: &Fields,
    now: DateTime<Utc>,
    lang: Lang,
    wording: &Wording,
    cal: &Calendar,
) -> Vec<Label> {
    let m = Messages::for_lang(lang);
    let today = crate::time::london_date(now);
    let mut out = vec![];
    if let Some(status) = text(f, "status").filter(|_| def.field("status").is_some()) {
        if let Some(label) = choice_label(def, f, "status", lang, wording) {
            out.push(Label { kind: "status", tone: status_tone(status), text: label });
        }
    }
    for (name, tones) in [
        ("rag", [("red", Tone::Urgent), ("amber", Tone::Warning), ("green", Tone::Good)]),
        ("band", [("extreme", Tone::Urgent), ("high", Tone::Urgent), ("moderate", Tone::Warning)]),
    ] {
        if let (Some(v), Some(label)) = (text(f, name), choice_label(def, f, name, lang, wording)) {
            let tone = tones.iter().find(|(x, _)| *x == v).map_or(Tone::Good, |(_, t)| *t);
            let text = if name == "rag" { m.fmt("glance-rag", &vec![("rag".into(), label)]) } else { label };
            out.push(Label { kind: name, tone, text });
        }
    }
    match def.name {
        "requests" => request(f, today, m, cal, &mut out),
        "breaches" => breach(f, now, m, &mut out),
        _ => review(def, f, today, m, &mut out),
    }
    out
}

/// A statutory clock in working days: "Due in 3 working days", "Due today", "Overdue by 2
/// working days"; two working days or fewer is urgent, as on the dashboard.
fn working_clock(m: &Messages, prefix: &str, due: NaiveDate, today: NaiveDate, cal: &Calendar) -> Label {
    let d = |id: &str, n: i64| m.fmt(&format!("glance-{prefix}-{id}"), &vec![("days".to_string(), n.to_string())]);
    if due < today {
        Label {
            kind: "clock",
            tone: Tone::Urgent,
            text: d("overdue-working", cal.working_days_between(due, today).max(1)),
        }
    } else if due == today {
        Label { kind: "clock", tone: Tone::Urgent, text: m.get(&format!("glance-{prefix}-today")) }
    } else {
        let days = cal.working_days_between(today, due);
        let tone = if days <= CLOCK_URGENT_WORKING_DAYS { Tone::Urgent } else { Tone::Neutral };
        Label { kind: "clock", tone, text: d("in-working", days) }
    }
}

fn request(f: &Fields, today: NaiveDate, m: &Messages, cal: &Calendar, out: &mut Vec<Label>) {
    match (text(f, "status"), date(f, "review_due_on"), date(f, "due_on")) {
        (Some("under-review"), Some(due), _) if date(f, "review_completed_on").is_none() => {
            out.push(working_clock(m, "review", due, today, cal));
        }
        (Some("open"), _, Some(due)) => out.push(working_clock(m, "due", due, today, cal)),
        _ => {}
    }
    match text(f, "timeliness") {
        Some("on-time") => {
            out.push(Label { kind: "outcome", tone: Tone::Good, text: m.get("glance-answered-on-time") })
        }
        Some("on-time-extended") => {
            out.push(Label { kind: "outcome", tone: Tone::Good, text: m.get("glance-answered-extended") })
        }
        Some("late") => out.push(Label { kind: "outcome", tone: Tone::Urgent, text: m.get("glance-answered-late") }),
        _ => {}
    }
}

fn breach(f: &Fields, now: DateTime<Utc>, m: &Messages, out: &mut Vec<Label>) {
    let deadline = text(f, "ico_deadline").and_then(crate::time::parse_instant);
    if text(f, "status") == Some("open") {
        if let Some(deadline) = deadline {
            // Under an hour, in minutes: never "within 0 hours".
            let span = |d: chrono::Duration, id: &str| {
                let (unit, n) =
                    if d.num_hours() >= 1 { ("hours", d.num_hours()) } else { ("minutes", d.num_minutes().max(1)) };
                m.fmt(&format!("glance-ico-{id}-{unit}"), &vec![("n".to_string(), n.to_string())])
            };
            out.push(if deadline < now {
                Label { kind: "clock", tone: Tone::Urgent, text: span(now - deadline, "passed") }
            } else {
                let tone = if (deadline - now).num_hours() < 24 { Tone::Urgent } else { Tone::Warning };
                Label { kind: "clock", tone, text: span(deadline - now, "within") }
            });
        }
    }
    match text(f, "reported_in_time") {
        Some("yes") => out.push(Label { kind: "outcome", tone: Tone::Good, text: m.get("glance-reported-in-time") }),
        Some("no") => out.push(Label { kind: "outcome", tone: Tone::Urgent, text: m.get("glance-reported-late") }),
        _ => {}
    }
}

/// A review date or due date, under the register's own rule of which records still count.
fn review(def: &RegisterDef, f: &Fields, today: NaiveDate, m: &Messages, out: &mut Vec<Label>) {
    let Some(field) = def.review_field else { return };
    if !def.review.is_active(f) {
        return;
    }
    let prefix = if def.name == "actions" { "due" } else { "review" };
    match date(f, field) {
        Some(due) => {
            let label = clock(m, prefix, due, today, SOON_DAYS);
            if label.tone != Tone::Neutral {
                out.push(label);
            }
        }
        None if def.review.missing_is_overdue => {
            out.push(Label { kind: "clock", tone: Tone::Urgent, text: m.get("glance-review-never") });
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), Value::Text(v.to_string()))).collect()
    }

    fn at(s: &str) -> DateTime<Utc> {
        crate::time::parse_instant(s).unwrap()
    }

    fn shown(register: &str, f: &Fields, now: &str, lang: Lang) -> Vec<(Tone, String)> {
        let def = crate::registers::by_name(register).unwrap();
        labels(def, f, at(now), lang, &Wording::shipped(), Calendar::shipped())
            .into_iter()
            .map(|l| (l.tone, l.text))
            .collect()
    }

    #[test]
    fn a_request_says_how_long_is_left_on_its_clock_in_words() {
        // Counted in working days, as the dashboard counts them: Monday 7 to Thursday 10.
        let f = fields(&[("status", "open"), ("due_on", "2026-12-10")]);
        assert_eq!(
            shown("requests", &f, "2026-12-07T10:00:00Z", Lang::En),
            vec![(Tone::Neutral, "Open".into()), (Tone::Neutral, "Due in 3 working days".into())]
        );
        assert_eq!(
            shown("requests", &f, "2026-12-08T10:00:00Z", Lang::En)[1],
            (Tone::Urgent, "Due in 2 working days".into())
        );
        assert_eq!(shown("requests", &f, "2026-12-10T10:00:00Z", Lang::En)[1], (Tone::Urgent, "Due today".into()));
        assert_eq!(
            shown("requests", &f, "2026-12-11T10:00:00Z", Lang::En)[1],
            (Tone::Urgent, "Overdue by 1 working day".into())
        );
        // Thursday 10 to Monday 14: Friday and Monday; the weekend is not counted.
        assert_eq!(
            shown("requests", &f, "2026-12-14T10:00:00Z", Lang::Cy)[1],
            (Tone::Urgent, "2 diwrnod gwaith yn hwyr".into())
        );
        let stopped = fields(&[("status", "awaiting-fee")]);
        assert_eq!(shown("requests", &stopped, "2026-12-07T10:00:00Z", Lang::En)[0].0, Tone::Warning);
        let late = fields(&[("status", "closed"), ("timeliness", "late")]);
        assert_eq!(
            shown("requests", &late, "2026-12-07T10:00:00Z", Lang::En)[1],
            (Tone::Urgent, "Answered late".into())
        );
    }

    #[test]
    fn a_breach_counts_the_hours_to_its_ico_deadline_until_reported() {
        let f = fields(&[("status", "open"), ("ico_deadline", "2026-12-08T09:00:00Z")]);
        assert_eq!(
            shown("breaches", &f, "2026-12-07T13:00:00Z", Lang::En)[1],
            (Tone::Urgent, "Report to the ICO within 20 hours".into())
        );
        assert_eq!(
            shown("breaches", &f, "2026-12-08T12:00:00Z", Lang::En)[1],
            (Tone::Urgent, "ICO deadline passed 3 hours ago".into())
        );
        assert_eq!(
            shown("breaches", &f, "2026-12-08T08:35:00Z", Lang::En)[1],
            (Tone::Urgent, "Report to the ICO within 25 minutes".into()),
            "never within 0 hours"
        );
        let reported =
            fields(&[("status", "reported"), ("ico_deadline", "2026-12-08T09:00:00Z"), ("reported_in_time", "yes")]);
        let shown = shown("breaches", &reported, "2026-12-09T12:00:00Z", Lang::En);
        assert_eq!(shown.len(), 2, "{shown:?}");
        assert_eq!(shown[1], (Tone::Good, "Reported within 72 hours".into()));
    }

    #[test]
    fn reviews_follow_the_registers_rule_and_bands_and_rag_carry_words() {
        let never = fields(&[]);
        assert_eq!(
            shown("assets", &never, "2026-12-07T10:00:00Z", Lang::En),
            vec![(Tone::Urgent, "Never reviewed".into())]
        );
        let soon = fields(&[("next_review", "2026-12-27")]);
        assert_eq!(
            shown("assets", &soon, "2026-12-07T10:00:00Z", Lang::En),
            vec![(Tone::Warning, "Review due in 20 days".into())]
        );
        let later = fields(&[("next_review", "2027-06-01")]);
        assert!(shown("assets", &later, "2026-12-07T10:00:00Z", Lang::En).is_empty());
        let risk = fields(&[("status", "open"), ("band", "high"), ("review_date", "2026-12-01")]);
        let risk = shown("risks", &risk, "2026-12-07T10:00:00Z", Lang::En);
        assert_eq!(risk[1], (Tone::Urgent, "High".into()));
        assert_eq!(risk[2], (Tone::Urgent, "Review overdue by 6 days".into()));
        let closed = fields(&[("status", "closed"), ("band", "low"), ("review_date", "2026-12-01")]);
        assert_eq!(
            shown("risks", &closed, "2026-12-07T10:00:00Z", Lang::En).len(),
            2,
            "a closed risk's review is not due"
        );
        let action = fields(&[("status", "in-progress"), ("rag", "amber"), ("due_on", "2026-12-01")]);
        let action = shown("actions", &action, "2026-12-07T10:00:00Z", Lang::En);
        assert_eq!(action[1], (Tone::Warning, "RAG: Amber".into()));
        assert_eq!(action[2], (Tone::Urgent, "Overdue by 6 days".into()));
        let done = fields(&[("status", "complete"), ("rag", "green"), ("due_on", "2026-12-01")]);
        assert_eq!(shown("actions", &done, "2026-12-07T10:00:00Z", Lang::En).len(), 2);
    }
}
