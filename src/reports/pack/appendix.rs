//! The appendix: records due for disposal.

use crate::pdf::{Cell, Column, Doc};
use crate::registers;

use super::{Page, Scope};
use crate::reports::pack::*;
use crate::reports::*;

/// Records due for disposal within 90 days or overdue (the first 40 listed), and disposals
/// done in the quarter.
pub(super) struct Gathered {
    /// Overdue now.
    pub due: usize,
    pub done: i64,
    pub rows: Vec<Vec<String>>,
}

pub(super) fn gather(s: &Scope) -> crate::Result<Gathered> {
    let due = registers::retention::due_for_disposal(s.conn, s.today, 90, s.lang)?;
    let done: i64 = s.conn.query_row(
        "SELECT count(*) FROM disposals WHERE disposal_date BETWEEN ?1 AND ?2",
        rusqlite::params![s.period.first.to_string(), s.period.last.to_string()],
        |r| r.get(0),
    )?;
    let rows = due
        .iter()
        .take(40)
        .map(|d| vec![d.asset_reference.clone(), d.asset_name.clone(), d.department.clone(), short_date(d.due)])
        .collect();
    Ok(Gathered { due: due.iter().filter(|d| d.overdue).count(), done, rows })
}

impl Gathered {
    /// Records overdue for disposal: the target is none. (Not rebuilt for last quarter.)
    pub fn kpis(&self) -> Vec<Kpi> {
        vec![Kpi {
            id: "pack-kpi-disposals-due",
            value: Some(self.due as f64),
            previous: None,
            percent: false,
            target: Target::Zero,
            higher_is_better: false,
        }]
    }
}

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    doc.heading(1, &m.get("pack-appendix"));
    doc.heading(2, &m.get("pack-appendix-disposals"));
    if fig.disposal_rows.is_empty() {
        doc.note(&m.get("pack-appendix-disposals-none"));
    } else {
        let rows: Vec<Vec<Cell>> =
            fig.disposal_rows.iter().map(|r| r.iter().map(|s| Cell::new(s.as_str())).collect()).collect();
        doc.table(
            &[
                Column::left(m.get("pack-col-reference"), 1.2),
                Column::left(m.get("pack-col-asset"), 3.5),
                Column::left(m.get("pack-col-department"), 2.5),
                Column::left(m.get("pack-col-due"), 1.2),
            ],
            &rows,
        );
    }
    draw_anchor(doc, m, &fig.anchor);
}
