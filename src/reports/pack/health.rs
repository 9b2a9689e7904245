//! The registers' health: reviews overdue and due, disposals, returns, exports, audits and the
//! accountability framework.

use std::collections::BTreeMap;

use crate::pdf::{Cell, Column, Doc};
use crate::register::store;
use crate::registers;

use super::{arg, Page, Scope};
use crate::reports::pack::*;
use crate::reports::*;

/// Reviews overdue and due soon in every register with a review date (and, rebuilt from the
/// audit trail, how many were overdue at last quarter's end), with the assurance figures the
/// section prints: audits, the accountability framework, returns and exports.
pub(super) struct Gathered {
    pub reviews: Vec<ReviewLine>,
    pub overdue: i64,
    /// `None` when the audit trail does not reach back to last quarter's end.
    pub overdue_before: Option<i64>,
    pub audits: Vec<crate::assurance::AuditRow>,
    pub accountability: Option<crate::assurance::Progress>,
    pub returns: Vec<crate::returns::Laptop>,
    pub exports: Vec<crate::trail::ExportCount>,
}

pub(super) fn gather(s: &Scope) -> crate::Result<Gathered> {
    let mut overdue = 0;
    let mut overdue_before = Some(0);
    let mut reviews = vec![];
    for def in registers::all() {
        if let Some((o, due_soon)) = store::review_counts(s.conn, def, s.today)? {
            overdue += o;
            reviews.push(ReviewLine { register: s.msgs.get(&format!("register-{}", def.name)), overdue: o, due_soon });
            overdue_before = match (overdue_before, crate::trail::as_of(s.conn, def, s.prev.last)?) {
                (Some(n), Some(recs)) => Some(n + reviews_overdue_in(&recs, def, s.prev.last)),
                _ => None,
            };
        }
    }
    Ok(Gathered {
        reviews,
        overdue,
        overdue_before,
        audits: crate::assurance::audits_in(s.conn, s.period, s.lang)?,
        accountability: crate::assurance::progress(s.conn, s.state_day, s.lang)?,
        returns: crate::returns::laptops(s.conn, s.quarter.last_day() + chrono::Days::new(1), s.lang)?,
        exports: crate::trail::export_counts(s.conn, s.period)?,
    })
}

impl Gathered {
    /// Reviews overdue: the target is none.
    pub fn kpis(&self) -> Vec<Kpi> {
        vec![Kpi {
            id: "pack-kpi-reviews-overdue",
            value: Some(self.overdue as f64),
            previous: self.overdue_before.map(|n| n as f64),
            percent: false,
            target: Target::Zero,
            higher_is_better: false,
        }]
    }
}

/// Reviews overdue across every register with a review date, at the end of `day`.
fn reviews_overdue_in(
    records: &[BTreeMap<String, crate::register::Value>],
    def: &crate::register::RegisterDef,
    day: chrono::NaiveDate,
) -> i64 {
    let Some(field) = def.review_field else { return 0 };
    let day = day.to_string();
    records
        .iter()
        .filter(|r| def.review.is_active(r))
        .filter(|r| match r.get(field).and_then(crate::register::Value::as_str) {
            Some(d) => d < day.as_str(),
            None => def.review.missing_is_overdue,
        })
        .count() as i64
}

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    let lang = p.lang;
    doc.heading(1, &m.get("pack-health"));
    doc.body(&m.fmt("pack-health-intro", &arg(&[("date", crate::i18n::long_date(lang, fig.generated_on))])));
    let rows: Vec<Vec<Cell>> = fig
        .reviews
        .iter()
        .map(|r| {
            let overdue =
                if r.overdue > 0 { Cell::filled(r.overdue.to_string(), Rag::Red.fill()) } else { Cell::new("0") };
            vec![Cell::new(r.register.as_str()), overdue, Cell::new(r.due_soon.to_string())]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-register"), 3.0),
            Column::right(m.get("pack-col-overdue"), 1.2),
            Column::right(m.get("pack-col-due-soon"), 1.2),
        ],
        &rows,
    );
    doc.body(&m.fmt(
        "pack-health-disposals",
        &arg(&[("due", fig.disposals_due.to_string()), ("done", fig.disposals_done.to_string())]),
    ));
    draw_returns(doc, m, fig, lang);
    draw_exports(doc, m, &m.get("pack-exports-quarter"), &fig.exports, None);
    doc.heading(2, &m.get("pack-audits"));
    draw_audits(doc, m, &fig.audits);
    doc.heading(2, &m.get("annual-accountability"));
    draw_accountability(doc, m, fig.accountability.as_ref(), lang);
}
