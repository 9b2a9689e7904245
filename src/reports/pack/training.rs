//! Training: staff and members holding each mandatory course.

use crate::pdf::Doc;

use super::{Page, Scope};
use crate::reports::pack::*;
use crate::reports::*;

/// Training compliance at the quarter's end (or today, if sooner) and at last quarter's end.
pub(super) struct Gathered {
    pub now: crate::training::Compliance,
    pub previous: crate::training::Compliance,
    pub target: u32,
}

pub(super) fn gather(s: &Scope) -> crate::Result<Gathered> {
    let target = s.settings.training_target_pct;
    Ok(Gathered {
        now: crate::training::compliance(s.conn, s.state_day, target, s.lang)?,
        previous: crate::training::compliance(s.conn, s.prev.last, target, s.lang)?,
        target,
    })
}

impl Gathered {
    /// Staff holding their mandatory courses, against the council's target.
    pub fn kpis(&self) -> Vec<Kpi> {
        vec![Kpi {
            id: "pack-kpi-training",
            value: self.now.staff.pct(),
            previous: self.previous.staff.pct(),
            percent: true,
            target: Target::AtLeast(self.target),
            higher_is_better: true,
        }]
    }
}

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    let lang = p.lang;
    doc.heading(1, &m.get("pack-training"));
    draw_training(doc, m, &fig.training, lang);
}
