//! The IMG quarterly pack (docs/domain.md §11), a list of sections ([`SECTIONS`]): each
//! module below gathers what it prints and draws it. The figures are gathered whole first
//! ([`pack_figures`], which can be tested on its own), then laid out by [`render_pack`].
//!
//! Figures that describe events (requests, breaches, actions falling overdue) are counted by
//! their own dates, so any past quarter can be reported. Figures that describe a state (risks
//! above the escalation score, reviews overdue) are as the pack is generated, and for the
//! previous quarter's column are rebuilt from the audit trail as at that quarter's end; when
//! the audit trail does not reach back that far the pack says "not recorded" rather than
//! guess.

mod access;
mod actions;
mod appendix;
mod breaches;
mod cover;
mod health;
mod risks;
mod summary;
mod training;

use super::*;
use crate::error::Result;
use crate::figures::{BreachFigures, Period, Quarter, RequestFigures};
use crate::i18n::{Lang, Messages};
use crate::pdf::{Cell, Column, Doc};
use crate::reference::Wording;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct PackOptions {
    pub quarter: Quarter,
    pub lang: Lang,
    pub marking: Marking,
    pub meeting: Option<NaiveDate>,
    pub version: String,
}

impl PackOptions {
    /// The options as a person gives them, on the Reports screen or to `cofrestr report pack`:
    /// read here, once, for both faces. A blank meeting date is none; a date is UK or ISO.
    pub fn parse(
        quarter: &str,
        lang: Lang,
        marking: &str,
        meeting: Option<&str>,
        version: &str,
    ) -> Result<PackOptions> {
        let meeting = match meeting.map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => Some(
                crate::time::parse_date(m).ok_or_else(|| crate::Error::bad_input_with("err-date", &[("value", m)]))?,
            ),
            None => None,
        };
        Ok(PackOptions {
            quarter: quarter.parse()?,
            lang,
            marking: marking.parse()?,
            meeting,
            version: version.trim().to_string(),
        })
    }
}

/// One quarter of the eight-quarter trend.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub quarter: Quarter,
    pub foi_eir_received: i64,
    pub foi_eir_on_time: Option<f64>,
    pub sar_received: i64,
    pub sar_on_time: Option<f64>,
}

/// Everything the pack prints, gathered before any layout so it can be tested on its own.
#[derive(Debug, Clone, Serialize)]
pub struct PackFigures {
    pub quarter: Quarter,
    pub generated_on: NaiveDate,
    pub kpis: Vec<Kpi>,
    pub foi: RequestFigures,
    pub eir: RequestFigures,
    pub sar: RequestFigures,
    pub complaints: RequestFigures,
    pub by_department: Vec<DepartmentRequests>,
    pub trend: Vec<Trend>,
    pub breaches: BreachFigures,
    pub breach_rows: Vec<BreachRow>,
    pub actions: Vec<ActionRow>,
    pub heat: crate::registers::risks::HeatMap,
    pub escalated: Vec<RiskRow>,
    pub risk_changes: Vec<RiskChange>,
    pub reviews: Vec<ReviewLine>,
    pub disposals_due: usize,
    pub disposals_done: i64,
    pub disposal_rows: Vec<Vec<String>>,
    /// Training compliance at the quarter's end (or today, if sooner).
    pub training: crate::training::Compliance,
    pub audits: Vec<crate::assurance::AuditRow>,
    pub accountability: Option<crate::assurance::Progress>,
    /// On the hub: the latest return from each laptop, `current` when written after the quarter
    /// ended (so what it sent covers the whole quarter). Empty on any other copy.
    pub returns: Vec<crate::returns::Laptop>,
    /// What left the registers during the quarter, by kind.
    pub exports: Vec<crate::trail::ExportCount>,
    /// The audit trail the pack was made from (its length and head), printed so that a trail
    /// rewritten afterwards is caught.
    pub anchor: crate::audit::Anchor,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreachRow {
    pub reference: String,
    pub title: String,
    pub department: String,
    pub cause: String,
    pub types: String,
    pub severity: String,
    pub ico: String,
    pub lessons: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub area: String,
    pub reference: String,
    pub title: String,
    pub owner: String,
    pub due_on: String,
    pub status: String,
    pub rag: Option<String>,
    pub commentary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskChange {
    pub reference: String,
    pub title: String,
    /// Message id: new, closed, rescored.
    pub what: &'static str,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewLine {
    pub register: String,
    pub overdue: i64,
    pub due_soon: i64,
}

/// What every section's gathering is given.
pub(super) struct Scope<'a> {
    pub conn: &'a Connection,
    pub quarter: Quarter,
    /// This quarter, and the one before (the KPIs' "last quarter" column).
    pub period: Period,
    pub prev: Period,
    /// The day the pack is made.
    pub today: NaiveDate,
    /// The day state figures are taken: today, or the quarter's end if it has ended.
    pub state_day: NaiveDate,
    pub lang: Lang,
    pub msgs: &'a Messages,
    pub wording: Wording,
    pub settings: crate::settings::Settings,
}

impl<'a> Scope<'a> {
    /// What the sections gather `quarter` with, as the pack is made on `today`.
    fn new(conn: &'a Connection, quarter: Quarter, today: NaiveDate, lang: Lang) -> Result<Scope<'a>> {
        let settings = crate::settings::load(conn)?;
        let period = quarter.period();
        Ok(Scope {
            conn,
            quarter,
            period,
            prev: quarter.previous().period(),
            today,
            state_day: today.min(period.last),
            lang,
            msgs: Messages::for_lang(lang),
            wording: settings.wording(),
            settings,
        })
    }
}

/// Gathers every figure of the pack for `quarter`, as generated on `today`: each section its
/// own, then the summary's KPIs from them.
pub fn pack_figures(conn: &Connection, quarter: Quarter, today: NaiveDate, lang: Lang) -> Result<PackFigures> {
    let s = Scope::new(conn, quarter, today, lang)?;
    let access = access::gather(&s)?;
    let breaches = breaches::gather(&s)?;
    let training = training::gather(&s)?;
    let actions = actions::gather(&s)?;
    let risks = risks::gather(&s)?;
    let health = health::gather(&s)?;
    let appendix = appendix::gather(&s)?;
    let kpis = summary::gather(&[
        access.kpis(),
        breaches.kpis(),
        training.kpis(),
        actions.kpis(),
        risks.kpis(),
        health.kpis(),
        appendix.kpis(),
    ]);
    Ok(PackFigures {
        quarter,
        generated_on: today,
        kpis,
        foi: access.foi,
        eir: access.eir,
        sar: access.sar,
        complaints: access.complaints,
        by_department: access.by_department,
        trend: access.trend,
        breaches: breaches.now,
        breach_rows: breaches.rows,
        actions: actions.rows,
        heat: risks.heat,
        escalated: risks.escalated,
        risk_changes: risks.changes,
        reviews: health.reviews,
        disposals_due: appendix.due,
        disposals_done: appendix.done,
        disposal_rows: appendix.rows,
        training: training.now,
        audits: health.audits,
        accountability: health.accountability,
        returns: health.returns,
        exports: health.exports,
        anchor: crate::audit::anchor(conn)?,
    })
}

/// One quarter of the dashboard's charts: requests answered on time (FOI and EIR together,
/// subject access apart) and breaches, as the pack counts them.
#[derive(Debug, Clone, Serialize)]
pub struct HeadlinePoint {
    /// "Q3 2025-26".
    pub label: String,
    pub foi_eir_on_time: Option<f64>,
    pub sar_on_time: Option<f64>,
    /// Breaches and incidents (near misses apart), reported to the ICO, and of those within
    /// 72 hours.
    pub breaches: i64,
    pub reported: i64,
    pub within_72h: i64,
}

/// What the dashboard charts (issue 21): the pack's headline measures for a quarter against
/// the one before, in words, and eight quarters of the trend ending with it. Gathered by the
/// pack's own sections, so the dashboard and the pack never disagree; the sections the charts
/// do not show (reviews, audits, the appendix, the trail's anchor) are left out.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub quarter: String,
    pub kpis: Vec<summary::WordedKpi>,
    pub trend: Vec<HeadlinePoint>,
    /// The share of requests to answer on time (the ICO's expectation, 90%).
    pub on_time_target: f64,
}

pub use summary::{worded, WordedKpi};

pub fn headline(conn: &Connection, quarter: Quarter, today: NaiveDate, lang: Lang) -> Result<Headline> {
    let m = Messages::for_lang(lang);
    let s = Scope::new(conn, quarter, today, lang)?;
    let access = access::gather(&s)?;
    let kpis = summary::gather(&[
        access.kpis(),
        breaches::gather(&s)?.kpis(),
        training::gather(&s)?.kpis(),
        actions::gather(&s)?.kpis(),
        risks::gather(&s)?.kpis(),
    ]);
    let short = |q: Quarter| m.fmt("dash-quarter-short", &arg(&[("q", q.q.to_string()), ("fy", q.financial_year())]));
    let trend = access
        .trend
        .iter()
        .map(|t| {
            let b = crate::figures::breaches(conn, t.quarter.period(), None)?;
            Ok(HeadlinePoint {
                label: short(t.quarter),
                foi_eir_on_time: t.foi_eir_on_time,
                sar_on_time: t.sar_on_time,
                breaches: b.incidents,
                reported: b.reported_to_ico,
                within_72h: b.reported_within_72h,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Headline {
        quarter: m.fmt("pack-quarter-name", &arg(&[("q", quarter.q.to_string()), ("fy", quarter.financial_year())])),
        kpis: kpis.iter().map(|k| worded(m, k)).collect(),
        trend,
        on_time_target: 90.0,
    })
}

/// The pack in the order it prints: each section draws from the gathered figures, and says how
/// far through the pack it is when done (for the progress bar).
const SECTIONS: [Section; 9] = [
    Section { draw: cover::draw, done: Some(10) },
    Section { draw: summary::draw, done: Some(25) },
    Section { draw: breaches::draw, done: Some(40) },
    Section { draw: access::draw, done: Some(60) },
    Section { draw: training::draw, done: None },
    Section { draw: actions::draw, done: Some(75) },
    Section { draw: risks::draw, done: Some(85) },
    Section { draw: health::draw, done: None },
    Section { draw: appendix::draw, done: Some(95) },
];

struct Section {
    draw: fn(&mut Doc, &Page, &PackFigures),
    done: Option<u8>,
}

/// What every section's drawing is given besides the figures.
pub(super) struct Page<'a> {
    pub m: &'a Messages,
    pub lang: Lang,
    pub opts: &'a PackOptions,
    /// "Quarter 3, 2025-26".
    pub quarter_name: String,
    /// The quarter's first and last days, in words.
    pub dates: String,
    /// The protective marking, in words.
    pub marking: String,
    /// The council's name, on the cover.
    pub council: &'a str,
}

impl Page<'_> {
    /// A percentage as tables print it, or "none".
    pub fn pc(&self, v: Option<f64>) -> String {
        v.map(|v| format!("{v:.1}%")).unwrap_or_else(|| self.m.get("pack-none"))
    }
}

/// Message arguments from pairs.
pub(super) fn arg(pairs: &[(&str, String)]) -> crate::i18n::Args {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// Lays the pack out and returns the PDF.
pub fn render_pack(
    fig: &PackFigures,
    opts: &PackOptions,
    council: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u8),
) -> Vec<u8> {
    let lang = opts.lang;
    let m = Messages::for_lang(lang);
    let q = fig.quarter;
    let period = q.period();
    let quarter_name = m.fmt("pack-quarter-name", &arg(&[("q", q.q.to_string()), ("fy", q.financial_year())]));
    let dates = m.fmt(
        "pack-quarter-dates",
        &arg(&[
            ("from", crate::i18n::long_date(lang, period.first)),
            ("to", crate::i18n::long_date(lang, period.last)),
        ]),
    );
    let title = m.fmt("pack-title", &arg(&[("quarter", quarter_name.clone())]));
    let marking = m.get(opts.marking.message_id());
    let page = Page { m, lang, opts, quarter_name, dates, marking, council };
    let mut doc = Doc::new(&title);
    for section in &SECTIONS {
        (section.draw)(&mut doc, &page, fig);
        if let Some(done) = section.done {
            progress(done);
        }
    }
    let bytes = finish(doc, m, &page.marking, &title, council, &m.get("pack-cover-group"), now);
    progress(100);
    bytes
}

/// On the hub: how complete the figures are, laptop by laptop (whether each had sent a return
/// written after the quarter ended). Nothing on any other copy.
pub(crate) fn draw_returns(doc: &mut Doc, m: &Messages, fig: &PackFigures, lang: Lang) {
    if fig.returns.is_empty() {
        return;
    }
    doc.heading(2, &m.get("pack-returns"));
    let current = fig.returns.iter().filter(|l| l.current).count();
    let args: crate::i18n::Args = vec![
        ("current".into(), current.to_string()),
        ("total".into(), fig.returns.len().to_string()),
        ("date".into(), crate::i18n::long_date(lang, fig.quarter.last_day())),
    ];
    doc.body(&m.fmt("pack-returns-intro", &args));
    let rows: Vec<Vec<Cell>> = fig
        .returns
        .iter()
        .map(|l| {
            let covers = if l.current {
                Cell::new(m.get("pack-covers-yes"))
            } else {
                Cell::filled(m.get("pack-covers-no"), Rag::Amber.fill())
            };
            vec![
                Cell::new(l.source_name.as_str()),
                Cell::new(l.department.clone().unwrap_or_else(|| m.get("pack-returns-department-unknown"))),
                Cell::new(l.seq.to_string()),
                Cell::new(l.written.as_str()),
                covers,
            ]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-laptop"), 2.0),
            Column::left(m.get("pack-col-department"), 2.6),
            Column::right(m.get("pack-col-latest-return"), 1.1),
            Column::left(m.get("pack-col-written"), 1.6),
            Column::left(m.get("pack-col-covers"), 1.3),
        ],
        &rows,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::annual::AnnualOptions;

    fn code(e: crate::Error) -> String {
        match e {
            crate::Error::BadInput { id, .. } => id,
            other => format!("{other:?}"),
        }
    }

    /// The Reports screen and `cofrestr report` hand over what a person typed; it is read here
    /// once, and refused with the same message from either.
    #[test]
    fn the_options_a_person_gives_are_read_once_for_both_faces() {
        let o =
            PackOptions::parse("2025-26-Q3", Lang::Cy, "official-sensitive", Some(" 12/02/2026 "), " 2.1 ").unwrap();
        assert_eq!((o.quarter.year, o.quarter.q), (2025, 3));
        assert_eq!(o.marking, Marking::OfficialSensitive);
        assert_eq!(o.meeting, NaiveDate::from_ymd_opt(2026, 2, 12));
        assert_eq!(o.version, "2.1");
        assert_eq!(PackOptions::parse("2025-26-Q3", Lang::En, "official", Some("  "), "1.0").unwrap().meeting, None);
        let bad = |q: &str, m: &str, d: Option<&str>| code(PackOptions::parse(q, Lang::En, m, d, "1.0").unwrap_err());
        assert_eq!(bad("2025-Q3", "official", None), "err-bad-quarter");
        assert_eq!(bad("2025-26-Q5", "official", None), "err-bad-quarter");
        assert_eq!(bad("2025-26-Q3", "secret", None), "err-bad-marking");
        assert_eq!(bad("2025-26-Q3", "official", Some("31/02/2026")), "err-date");
        assert_eq!(bad("2025-26-Q3", "official", Some("02/12/26")), "err-date");

        let a = AnnualOptions::parse(" 2025-26 ", Lang::En, "official").unwrap();
        assert_eq!(a.year, 2025);
        assert_eq!(code(AnnualOptions::parse("2025-27", Lang::En, "official").unwrap_err()), "err-bad-year");
        let marked = AnnualOptions::parse("2025-26", Lang::En, "OFFICIAL-SENSITIVE ").unwrap();
        assert_eq!(marked.marking, Marking::OfficialSensitive, "markings are read without regard to case or spaces");
    }
}
