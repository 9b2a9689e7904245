//! The summary: every KPI against its target, with last quarter beside it.

use crate::pdf::{self, Cell, Column, Doc};

use super::{arg, Page};
use crate::reports::pack::*;
use crate::reports::*;

/// The summary's KPIs: each section's own, in the order the sections print.
pub(super) fn gather(sections: &[Vec<Kpi>]) -> Vec<Kpi> {
    sections.concat()
}

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    let lang = p.lang;
    doc.heading(1, &m.get("pack-summary"));
    doc.body(&m.fmt("pack-summary-intro", &arg(&[("date", crate::i18n::long_date(lang, fig.generated_on))])));
    let cols = [
        Column::left(m.get("pack-col-measure"), 3.4),
        Column::right(m.get("pack-col-this-quarter"), 1.3),
        Column::right(m.get("pack-col-last-quarter"), 1.3),
        Column::left(m.get("pack-col-change"), 1.2),
        Column::left(m.get("pack-col-target"), 1.8),
        Column::left(m.get("pack-col-rag"), 1.0),
    ];
    let shown = |k: &Kpi, v: Option<f64>| match v {
        None if k.percent => m.get("pack-none"),
        None => m.get("pack-not-recorded"),
        Some(v) if k.percent => format!("{v:.1}%"),
        Some(v) => pdf::format_count(v),
    };
    let rows: Vec<Vec<Cell>> = fig
        .kpis
        .iter()
        .map(|k| {
            let change = match k.direction() {
                Some(std::cmp::Ordering::Greater) => m.get("pack-better"),
                Some(std::cmp::Ordering::Less) => m.get("pack-worse"),
                Some(std::cmp::Ordering::Equal) => m.get("pack-same"),
                None => String::new(),
            };
            let target = match k.target {
                Target::IcoBands => m.get("pack-target-ico"),
                Target::All => m.get("pack-target-all"),
                Target::Zero => m.get("pack-target-zero"),
                Target::AtLeast(t) => m.fmt("pack-target-at-least", &arg(&[("target", t.to_string())])),
                Target::None => m.get("pack-target-none"),
            };
            let rag = k
                .rag()
                .map(|r| Cell::filled(m.get(&format!("pack-rag-{}", r.value())), r.fill()))
                .unwrap_or_else(|| Cell::new("—"));
            vec![
                Cell::new(m.get(k.id)),
                Cell::bold(shown(k, k.value)),
                Cell::new(shown(k, k.previous)),
                Cell::new(change),
                Cell::new(target),
                rag,
            ]
        })
        .collect();
    doc.table(&cols, &rows);
    doc.note(&m.get("pack-summary-rag-note"));
}
