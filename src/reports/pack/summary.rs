//! The summary: every KPI against its target, with last quarter beside it.

use crate::pdf::{self, Cell, Column, Doc};

use super::{arg, Page};
use crate::reports::pack::*;
use crate::reports::*;

/// The summary's KPIs: each section's own, in the order the sections print.
pub(super) fn gather(sections: &[Vec<Kpi>]) -> Vec<Kpi> {
    sections.concat()
}

/// A KPI in words, as the summary's table prints it and the dashboard shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct WordedKpi {
    pub id: &'static str,
    pub measure: String,
    pub value: String,
    pub previous: String,
    pub change: String,
    pub target: String,
    /// `red`, `amber`, `green`, or none without a target.
    pub rag_value: Option<&'static str>,
    /// The RAG in words ("Green"), or "—".
    pub rag: String,
    /// The figures themselves, for a chart: this quarter, last quarter, and the target line
    /// (none where the target is only for information).
    pub value_num: Option<f64>,
    pub previous_num: Option<f64>,
    pub target_num: Option<f64>,
    pub percent: bool,
}

pub fn worded(m: &crate::i18n::Messages, k: &Kpi) -> WordedKpi {
    let shown = |v: Option<f64>| match v {
        None if k.percent => m.get("pack-none"),
        None => m.get("pack-not-recorded"),
        Some(v) if k.percent => format!("{v:.1}%"),
        Some(v) => pdf::format_count(v),
    };
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
    WordedKpi {
        id: k.id,
        measure: m.get(k.id),
        value: shown(k.value),
        previous: shown(k.previous),
        change,
        target,
        rag_value: k.rag().map(|r| r.value()),
        rag: k.rag().map(|r| m.get(&format!("pack-rag-{}", r.value()))).unwrap_or_else(|| "—".into()),
        value_num: k.value,
        previous_num: k.previous,
        // Green from 95% on the ICO's bands: the line the figure is judged against.
        target_num: match k.target {
            Target::IcoBands => Some(95.0),
            Target::All => Some(100.0),
            Target::Zero => Some(0.0),
            Target::AtLeast(t) => Some(t as f64),
            Target::None => None,
        },
        percent: k.percent,
    }
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
    let rows: Vec<Vec<Cell>> = fig
        .kpis
        .iter()
        .map(|k| {
            let w = worded(m, k);
            let rag = k.rag().map(|r| Cell::filled(w.rag.clone(), r.fill())).unwrap_or_else(|| Cell::new("—"));
            vec![
                Cell::new(w.measure),
                Cell::bold(w.value),
                Cell::new(w.previous),
                Cell::new(w.change),
                Cell::new(w.target),
                rag,
            ]
        })
        .collect();
    doc.table(&cols, &rows);
    doc.note(&m.get("pack-summary-rag-note"));
}
