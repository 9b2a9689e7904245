//! The SIRO's annual report for a financial year (docs/domain.md §11): the foreword and statement
//! of assurance written in the window, governance and roles from the roles register, the
//! year's figures beside the previous year's with the quarters of the year, significant
//! incidents and contact with the ICO, requests, risks, action-plan outcomes and next year's
//! priorities. Figures come from the same queries as the quarterly pack.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;

use super::{
    actions_overdue_at, department_requests, draw_cover, draw_departments, draw_risks, escalated_risks, finish, pct,
    short_date, timeliness, DepartmentRequests, Marking, RiskRow,
};
use crate::error::Result;
use crate::figures::{self, BreachFigures, Period, Quarter, RequestFigures};
use crate::i18n::{Lang, Messages};
use crate::pdf::{self, Bar, Cell, Column, Doc, Series};
use crate::reference::Wording;
use crate::register::store;
use crate::registers;

#[derive(Debug, Clone)]
pub struct AnnualOptions {
    /// The year the financial year starts (2025 for 2025-26).
    pub year: i32,
    pub lang: Lang,
    pub marking: Marking,
}

impl AnnualOptions {
    /// The options as a person gives them (`2025-26`, a marking), on the Reports screen or to
    /// `cofrestr report annual`: read here, once, for both faces.
    pub fn parse(year: &str, lang: Lang, marking: &str) -> crate::Result<AnnualOptions> {
        let year = crate::time::parse_financial_year(year)
            .ok_or_else(|| crate::Error::bad_input_with("err-bad-year", &[("value", year)]))?;
        Ok(AnnualOptions { year, lang, marking: marking.parse()? })
    }
}

/// One financial year's figures.
#[derive(Debug, Clone, Serialize)]
pub struct YearFigures {
    pub foi: RequestFigures,
    pub eir: RequestFigures,
    pub sar: RequestFigures,
    pub complaints: RequestFigures,
    pub breaches: BreachFigures,
    pub actions_completed: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterLine {
    pub quarter: Quarter,
    pub foi_eir_on_time: Option<f64>,
    pub sar_on_time: Option<f64>,
    pub breaches: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleLine {
    pub role: String,
    pub person: String,
    pub department: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IcoReport {
    pub reference: String,
    pub title: String,
    pub aware: String,
    pub within_72h: String,
    pub ico_reference: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaOutcome {
    pub area: String,
    pub completed: i64,
    pub open: i64,
    pub overdue: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnnualFigures {
    pub year: i32,
    pub generated_on: NaiveDate,
    pub this: YearFigures,
    pub last: YearFigures,
    pub quarters: Vec<QuarterLine>,
    pub roles: Vec<RoleLine>,
    pub ico_reports: Vec<IcoReport>,
    pub decision_notices: i64,
    pub by_department: Vec<DepartmentRequests>,
    pub heat: registers::risks::HeatMap,
    pub escalated: Vec<RiskRow>,
    pub outcomes: Vec<AreaOutcome>,
    /// Section (foreword, assurance, priorities) → its text in the report's language, if written.
    pub texts: BTreeMap<String, String>,
    /// Training compliance at the year's end (or today, if sooner).
    pub training: crate::training::Compliance,
    /// The same a year before.
    pub training_last_year: crate::training::Compliance,
    pub audits: Vec<crate::assurance::AuditRow>,
    pub accountability: Option<crate::assurance::Progress>,
    /// What left the registers in the year, and in the year before, by kind.
    pub exports: Vec<crate::trail::ExportCount>,
    pub exports_last: Vec<crate::trail::ExportCount>,
    /// The audit trail the report was made from (see [`crate::audit::Anchor`]).
    pub anchor: crate::audit::Anchor,
}

fn year_figures(conn: &Connection, period: Period) -> Result<YearFigures> {
    let req = |kind: &str| figures::requests(conn, kind, period, None);
    Ok(YearFigures {
        foi: req("foi")?,
        eir: req("eir")?,
        sar: req("sar")?,
        complaints: req("dp-complaint")?,
        breaches: figures::breaches(conn, period, None)?,
        actions_completed: conn.query_row(
            "SELECT count(*) FROM actions WHERE status = 'complete' AND completed_on BETWEEN ?1 AND ?2",
            params![period.first.to_string(), period.last.to_string()],
            |r| r.get(0),
        )?,
    })
}

/// Council-wide roles the report names, in this order.
const GOVERNANCE_ROLES: [&str; 6] =
    ["chief-executive", "siro", "deputy-siro", "dpo", "corporate-information-manager", "iao"];

pub fn annual_figures(conn: &Connection, year: i32, today: NaiveDate, lang: Lang) -> Result<AnnualFigures> {
    let wording: Wording = crate::settings::load(conn)?.wording();
    let period = Period::financial_year(year);
    let this = year_figures(conn, period)?;
    let target = crate::settings::load(conn)?.training_target_pct;
    let last = year_figures(conn, Period::financial_year(year - 1))?;
    let mut quarters = vec![];
    for q in 1..=4 {
        let quarter = Quarter { year, q };
        let (_, fa, fo) = timeliness(conn, &["foi", "eir"], quarter.period())?;
        let (_, sa, so) = timeliness(conn, &["sar"], quarter.period())?;
        let breaches = figures::breaches(conn, quarter.period(), None)?.incidents;
        quarters.push(QuarterLine { quarter, foi_eir_on_time: pct(fo, fa), sar_on_time: pct(so, sa), breaches });
    }

    // Who held each governance role at the end of the year (or today, if sooner).
    let on = today.min(period.last).to_string();
    let rdef = &registers::roles::DEF;
    let mut roles = vec![];
    for rec in store::all_in(conn, rdef, lang)? {
        let role = rec.get("role").as_str().unwrap_or_default().to_string();
        let from = rec.get("from_date").as_str().unwrap_or_default().to_string();
        let to = rec.get("to_date").as_str().map(str::to_string);
        if !GOVERNANCE_ROLES.contains(&role.as_str())
            || from.as_str() > on.as_str()
            || to.as_deref().is_some_and(|t| t < on.as_str())
        {
            continue;
        }
        let f = |name: &str| store::display_value(&rec, rdef.field(name).expect("field"), lang, &wording);
        roles.push((
            GOVERNANCE_ROLES.iter().position(|r| *r == role).unwrap_or(99),
            RoleLine { role: f("role"), person: f("person_id"), department: f("department_id") },
        ));
    }
    roles.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| crate::text::compare(lang, &a.1.department, &b.1.department)));
    let roles = roles.into_iter().map(|(_, r)| r).collect();

    // Breaches reported to the ICO in the year.
    let bdef = &registers::breaches::DEF;
    let (start, end) = (period.start_instant(), period.end_instant());
    let mut ico_reports = vec![];
    for rec in store::all_in(conn, bdef, lang)? {
        let reported = rec.get("reported_at").as_str().unwrap_or_default().to_string();
        if reported.is_empty() || reported < start || reported >= end {
            continue;
        }
        let f = |name: &str| store::display_value(&rec, bdef.field(name).expect("field"), lang, &wording);
        let aware = rec
            .get("aware_at")
            .as_str()
            .and_then(|a| DateTime::parse_from_rfc3339(a).ok())
            .map(|a| short_date(crate::time::london_date(a.with_timezone(&Utc))));
        ico_reports.push((
            reported,
            IcoReport {
                reference: f("reference"),
                title: f("title"),
                aware: aware.unwrap_or_default(),
                within_72h: f("reported_in_time"),
                ico_reference: f("ico_reference"),
            },
        ));
    }
    ico_reports.sort_by(|a, b| a.0.cmp(&b.0));
    let ico_reports = ico_reports.into_iter().map(|(_, r)| r).collect();
    let decision_notices: i64 = conn.query_row(
        "SELECT count(*) FROM requests WHERE coalesce(decision_notice, '') <> '' AND coalesce(review_completed_on, responded_on) BETWEEN ?1 AND ?2",
        params![period.first.to_string(), period.last.to_string()],
        |r| r.get(0),
    )?;

    // Action plan outcomes by approach area.
    let year_end = period.last.to_string();
    let mut outcomes = vec![];
    for area in crate::reference::list("approach_area") {
        let (completed, open): (i64, i64) = conn.query_row(
            "SELECT count(*) FILTER (WHERE status = 'complete' AND completed_on BETWEEN ?2 AND ?3),
                    count(*) FILTER (WHERE status NOT IN ('complete', 'cancelled'))
             FROM actions WHERE area = ?1",
            params![area.value, period.first.to_string(), year_end],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let overdue = actions_overdue_at(conn, today.min(period.last), Some(&area.value))?;
        outcomes.push(AreaOutcome {
            area: wording.label("approach_area", &area.value, lang),
            completed,
            open,
            overdue,
        });
    }

    let mut texts = BTreeMap::new();
    let fy = Quarter { year, q: 1 }.financial_year();
    let column = if lang == Lang::Cy { "body_cy" } else { "body_en" };
    let mut stmt = conn.prepare(&format!("SELECT section, {column} FROM report_texts WHERE year = ?1"))?;
    let rows = stmt.query_map([fy], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
    for row in rows {
        let (section, body) = row?;
        if let Some(b) = body.filter(|b| !b.trim().is_empty()) {
            texts.insert(section, b);
        }
    }

    Ok(AnnualFigures {
        year,
        generated_on: today,
        this,
        last,
        quarters,
        roles,
        ico_reports,
        decision_notices,
        by_department: department_requests(conn, period, lang)?,
        heat: registers::risks::heat_map(conn, lang)?,
        escalated: escalated_risks(conn, lang, &wording)?,
        outcomes,
        texts,
        training: crate::training::compliance(conn, today.min(period.last), target, lang)?,
        training_last_year: crate::training::compliance(conn, Period::financial_year(year - 1).last, target, lang)?,
        audits: crate::assurance::audits_in(conn, period, lang)?,
        accountability: crate::assurance::progress(conn, today.min(period.last), lang)?,
        exports: crate::trail::export_counts(conn, period)?,
        exports_last: crate::trail::export_counts(conn, Period::financial_year(year - 1))?,
        anchor: crate::audit::anchor(conn)?,
    })
}

/// Lays the annual report out and returns the PDF.
pub fn render_annual(
    fig: &AnnualFigures,
    opts: &AnnualOptions,
    council: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u8),
) -> Vec<u8> {
    let lang = opts.lang;
    let m = Messages::for_lang(lang);
    let arg = |pairs: &[(&str, String)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>();
    let fy = |year: i32| Quarter { year, q: 1 }.financial_year();
    let period = Period::financial_year(fig.year);
    let title = m.fmt("annual-title", &arg(&[("year", fy(fig.year))]));
    let marking = m.get(opts.marking.message_id());
    let mut doc = Doc::new(&title);

    // Cover.
    let dates = m.fmt(
        "pack-quarter-dates",
        &arg(&[
            ("from", crate::i18n::long_date(lang, period.first)),
            ("to", crate::i18n::long_date(lang, period.last)),
        ]),
    );
    let details = [
        (m.get("annual-cover-year"), format!("{} ({dates})", fy(fig.year))),
        (m.get("pack-cover-marking"), marking.clone()),
        (m.get("pack-cover-generated"), crate::i18n::long_date(lang, fig.generated_on)),
    ];
    draw_cover(&mut doc, council, &m.get("annual-cover-title"), &fy(fig.year), &details);
    progress(10);

    let text_section = |doc: &mut Doc, section: &str, heading: &str| {
        doc.heading(1, heading);
        match fig.texts.get(section) {
            Some(body) => {
                for para in body.split("\n\n") {
                    doc.body(para.trim());
                }
            }
            None => doc.note(&m.get("annual-text-missing")),
        }
    };
    text_section(&mut doc, "foreword", &m.get("annual-foreword"));
    text_section(&mut doc, "assurance", &m.get("annual-assurance"));

    // Governance and roles.
    doc.heading(1, &m.get("annual-governance"));
    doc.body(&m.get("annual-governance-intro"));
    if fig.roles.is_empty() {
        doc.note(&m.get("annual-roles-none"));
    } else {
        let rows: Vec<Vec<Cell>> = fig
            .roles
            .iter()
            .map(|r| vec![Cell::new(r.role.as_str()), Cell::new(r.person.as_str()), Cell::new(r.department.as_str())])
            .collect();
        doc.table(
            &[
                Column::left(m.get("annual-col-role"), 2.5),
                Column::left(m.get("annual-col-person"), 2.0),
                Column::left(m.get("pack-col-department"), 2.5),
            ],
            &rows,
        );
    }
    progress(25);

    // The year in figures.
    doc.heading(1, &m.get("annual-figures"));
    let (t, l) = (&fig.this, &fig.last);
    let pc = |v: Option<f64>| v.map(|v| format!("{v:.1}%")).unwrap_or_else(|| m.get("pack-none"));
    let n = |v: i64| v.to_string();
    let rows: Vec<Vec<Cell>> = [
        ("annual-fig-foi-received", n(t.foi.received), n(l.foi.received)),
        ("pack-kpi-foi", pc(t.foi.percent_on_time()), pc(l.foi.percent_on_time())),
        ("annual-fig-eir-received", n(t.eir.received), n(l.eir.received)),
        ("pack-kpi-eir", pc(t.eir.percent_on_time()), pc(l.eir.percent_on_time())),
        ("annual-fig-sar-received", n(t.sar.received), n(l.sar.received)),
        ("pack-kpi-sar", pc(t.sar.percent_on_time()), pc(l.sar.percent_on_time())),
        (
            "annual-fig-reviews",
            n(t.foi.reviews_requested + t.eir.reviews_requested),
            n(l.foi.reviews_requested + l.eir.reviews_requested),
        ),
        (
            "annual-fig-ico-complaints",
            n(t.foi.ico_complaints + t.eir.ico_complaints + t.sar.ico_complaints),
            n(l.foi.ico_complaints + l.eir.ico_complaints + l.sar.ico_complaints),
        ),
        ("annual-fig-complaints", n(t.complaints.received), n(l.complaints.received)),
        ("pack-kpi-breaches", n(t.breaches.incidents), n(l.breaches.incidents)),
        ("annual-fig-near-misses", n(t.breaches.near_misses), n(l.breaches.near_misses)),
        ("annual-fig-reported", n(t.breaches.reported_to_ico), n(l.breaches.reported_to_ico)),
        ("pack-kpi-72h", pc(t.breaches.percent_within_72h()), pc(l.breaches.percent_within_72h())),
        ("annual-fig-actions-completed", n(t.actions_completed), n(l.actions_completed)),
    ]
    .into_iter()
    .map(|(id, a, b)| vec![Cell::new(m.get(id)), Cell::bold(a), Cell::new(b)])
    .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-measure"), 4.0),
            Column::right(fy(fig.year), 1.3),
            Column::right(fy(fig.year - 1), 1.3),
        ],
        &rows,
    );
    let labels: Vec<String> = fig.quarters.iter().map(|q| format!("Q{}", q.quarter.q)).collect();
    doc.ensure(Doc::LINE_CHART_HEIGHT + 30.0);
    doc.heading(2, &m.get("annual-quarters"));
    doc.line_chart(
        &m.get("pack-chart-on-time"),
        &labels,
        &[
            Series {
                name: m.get("pack-req-foi-eir"),
                colour: pdf::PALETTE[0],
                values: fig.quarters.iter().map(|q| q.foi_eir_on_time).collect(),
            },
            Series {
                name: m.get("pack-req-sar"),
                colour: pdf::PALETTE[1],
                values: fig.quarters.iter().map(|q| q.sar_on_time).collect(),
            },
        ],
        100.0,
        "%",
    );
    // The chart's figures as a table, so no figure is only in a picture.
    let rows: Vec<Vec<Cell>> = fig
        .quarters
        .iter()
        .zip(&labels)
        .map(|(q, label)| {
            vec![
                Cell::new(label.clone()),
                Cell::new(pc(q.foi_eir_on_time)),
                Cell::new(pc(q.sar_on_time)),
                Cell::new(q.breaches.to_string()),
            ]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-quarter"), 1.0),
            Column::right(m.get("pack-col-foi-eir-on-time"), 1.6),
            Column::right(m.get("pack-col-sar-on-time"), 1.6),
            Column::right(m.get("annual-col-breaches"), 1.6),
        ],
        &rows,
    );
    let bars: Vec<Bar> = fig
        .quarters
        .iter()
        .map(|q| Bar {
            label: format!("Q{} {}", q.quarter.q, fy(q.quarter.year)),
            value: q.breaches as f64,
            shown: q.breaches.to_string(),
        })
        .collect();
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    doc.bar_chart(&m.get("annual-chart-breaches"), &bars, max, None);
    progress(50);

    // Significant incidents and contact with the ICO.
    doc.heading(1, &m.get("annual-ico"));
    doc.body(&m.fmt(
        "annual-ico-intro",
        &arg(&[
            ("reported", t.breaches.reported_to_ico.to_string()),
            ("complaints", (t.foi.ico_complaints + t.eir.ico_complaints + t.sar.ico_complaints).to_string()),
            ("notices", fig.decision_notices.to_string()),
        ]),
    ));
    if fig.ico_reports.is_empty() {
        doc.note(&m.get("annual-ico-none"));
    } else {
        let rows: Vec<Vec<Cell>> = fig
            .ico_reports
            .iter()
            .map(|r| {
                vec![
                    Cell::new(r.reference.as_str()),
                    Cell::new(r.title.as_str()),
                    Cell::new(r.aware.as_str()),
                    Cell::new(r.within_72h.as_str()),
                    Cell::new(r.ico_reference.as_str()),
                ]
            })
            .collect();
        doc.table(
            &[
                Column::left(m.get("pack-col-reference"), 1.5),
                Column::left(m.get("pack-col-incident"), 3.5),
                Column::left(m.get("annual-col-aware"), 1.3),
                Column::left(m.get("annual-col-in-time"), 1.4),
                Column::left(m.get("annual-col-ico-reference"), 1.4),
            ],
            &rows,
        );
    }

    // Requests by department over the year.
    doc.heading(1, &m.get("annual-requests"));
    draw_departments(&mut doc, m, &fig.by_department);
    progress(65);

    doc.heading(1, &m.get("pack-training"));
    let pct = |p: Option<f64>| p.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "–".into());
    let args: crate::i18n::Args = [
        ("now".to_string(), pct(fig.training.staff.pct())),
        ("before".to_string(), pct(fig.training_last_year.staff.pct())),
        ("members".to_string(), pct(fig.training.members.pct())),
        ("members_before".to_string(), pct(fig.training_last_year.members.pct())),
    ]
    .into();
    doc.body(&m.fmt("annual-training-year", &args));
    super::draw_training(&mut doc, m, &fig.training, lang);
    doc.heading(2, &m.get("pack-audits"));
    super::draw_audits(&mut doc, m, &fig.audits);

    doc.heading(1, &m.get("pack-risks"));
    draw_risks(&mut doc, m, &fig.heat, &fig.escalated, fig.generated_on);
    progress(80);

    doc.heading(1, &m.get("annual-actions"));
    let rows: Vec<Vec<Cell>> = fig
        .outcomes
        .iter()
        .map(|o| {
            let overdue = if o.overdue > 0 {
                Cell::filled(o.overdue.to_string(), super::Rag::Red.fill())
            } else {
                Cell::new("0")
            };
            vec![Cell::new(o.area.as_str()), Cell::new(o.completed.to_string()), Cell::new(o.open.to_string()), overdue]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("annual-col-area"), 3.4),
            Column::right(m.get("annual-col-completed"), 1.3),
            Column::right(m.get("annual-col-open"), 1.3),
            Column::right(m.get("pack-col-overdue"), 1.3),
        ],
        &rows,
    );

    doc.heading(1, &m.get("annual-accountability"));
    super::draw_accountability(&mut doc, m, fig.accountability.as_ref(), lang);

    text_section(&mut doc, "priorities", &m.get("annual-priorities"));

    doc.heading(1, &m.get("annual-record"));
    super::draw_exports(
        &mut doc,
        m,
        &m.get("annual-exports-intro"),
        &fig.exports,
        Some((&fy(fig.year), &fy(fig.year - 1), &fig.exports_last)),
    );
    super::draw_anchor(&mut doc, m, &fig.anchor);
    progress(95);
    let bytes = finish(doc, m, &marking, &title, council, &m.get("annual-cover-title"), now);
    progress(100);
    bytes
}
