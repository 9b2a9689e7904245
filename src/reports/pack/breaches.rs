//! Incidents and breaches: the quarter's figures, each breach, causes, types and lessons.

use std::collections::BTreeMap;

use crate::pdf::{Bar, Cell, Column, Doc, Rgb, Weight};
use crate::reference::Wording;
use crate::register::store;
use crate::registers;

use super::{arg, Page, Scope};
use crate::reports::pack::*;
use crate::reports::*;

/// The quarter's breach figures and last quarter's, and each breach (near misses aside).
pub(super) struct Gathered {
    pub now: crate::figures::BreachFigures,
    pub previous: crate::figures::BreachFigures,
    pub rows: Vec<BreachRow>,
}

pub(super) fn gather(s: &Scope) -> crate::Result<Gathered> {
    let (lang, msgs, wording) = (s.lang, s.msgs, &s.wording);
    // Breaches this quarter, in the order the council became aware of them.
    let (start, end) = (s.period.start_instant(), s.period.end_instant());
    let mut rows = vec![];
    for rec in store::all_in(s.conn, &registers::breaches::DEF, lang)? {
        let aware = rec.get("aware_at").as_str().unwrap_or_default().to_string();
        if aware < start || aware >= end || rec.get("near_miss").as_bool() {
            continue;
        }
        let f = |name: &str| {
            store::display_value(&rec, registers::breaches::DEF.field(name).expect("field"), lang, wording)
        };
        let ico = if rec.get("reported_at").is_empty() {
            msgs.get("pack-ico-not-reported")
        } else if rec.get("reported_in_time").as_str() == Some("yes") {
            msgs.get("pack-ico-in-time")
        } else {
            msgs.get("pack-ico-late")
        };
        rows.push((
            aware,
            BreachRow {
                reference: f("reference"),
                title: f("title"),
                department: f("department_id"),
                cause: f("cause"),
                types: f("breach_types"),
                severity: f("severity"),
                ico,
                lessons: f("lessons"),
            },
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Gathered {
        now: crate::figures::breaches(s.conn, s.period, None)?,
        previous: crate::figures::breaches(s.conn, s.prev, None)?,
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    })
}

impl Gathered {
    /// Incidents (for information), and ICO reports made within 72 hours (all of them).
    pub fn kpis(&self) -> Vec<Kpi> {
        vec![
            Kpi {
                id: "pack-kpi-breaches",
                value: Some(self.now.incidents as f64),
                previous: Some(self.previous.incidents as f64),
                percent: false,
                target: Target::None,
                higher_is_better: false,
            },
            Kpi {
                id: "pack-kpi-72h",
                value: self.now.percent_within_72h(),
                previous: self.previous.percent_within_72h(),
                percent: true,
                target: Target::All,
                higher_is_better: true,
            },
        ]
    }
}

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    let lang = p.lang;
    doc.heading(1, &m.get("pack-breaches"));
    let b = &fig.breaches;
    doc.body(&m.fmt(
        "pack-breaches-intro",
        &arg(&[
            ("incidents", b.incidents.to_string()),
            ("near", b.near_misses.to_string()),
            ("ico", b.reported_to_ico.to_string()),
            ("in_time", b.reported_within_72h.to_string()),
            ("told", b.people_told.to_string()),
        ]),
    ));
    if fig.breach_rows.is_empty() {
        doc.note(&m.get("pack-breaches-none"));
    } else {
        let cols = [
            Column::left(m.get("pack-col-reference"), 1.6),
            Column::left(m.get("pack-col-incident"), 2.8),
            Column::left(m.get("pack-col-department"), 2.0),
            Column::left(m.get("pack-col-cause"), 1.8),
            Column::left(m.get("pack-col-cia"), 1.6),
            Column::left(m.get("pack-col-severity"), 1.3),
            Column::left(m.get("pack-col-ico"), 1.3),
        ];
        let rows: Vec<Vec<Cell>> = fig
            .breach_rows
            .iter()
            .map(|r| {
                [&r.reference, &r.title, &r.department, &r.cause, &r.types, &r.severity, &r.ico]
                    .map(|s| Cell::new(s.as_str()))
                    .to_vec()
            })
            .collect();
        doc.table(&cols, &rows);
        let wording = Wording::shipped();
        let bars = |counts: &BTreeMap<String, i64>, list: &str| -> Vec<Bar> {
            let mut v: Vec<Bar> = counts
                .iter()
                .map(|(k, n)| Bar { label: wording.label(list, k, lang), value: *n as f64, shown: n.to_string() })
                .collect();
            v.sort_by(|a, b| b.value.partial_cmp(&a.value).unwrap_or(std::cmp::Ordering::Equal));
            v
        };
        let cause = bars(&b.by_cause, "breach_cause");
        let max = cause.iter().map(|b| b.value).fold(0.0, f64::max);
        doc.ensure(Doc::bar_chart_height(cause.len()) + 30.0);
        doc.heading(2, &m.get("pack-breaches-by-cause"));
        doc.bar_chart("", &cause, max, None);
        let cia = bars(&b.by_type, "breach_type");
        let max = cia.iter().map(|b| b.value).fold(0.0, f64::max);
        doc.ensure(Doc::bar_chart_height(cia.len()) + 30.0);
        doc.heading(2, &m.get("pack-breaches-by-cia"));
        doc.bar_chart("", &cia, max, None);
        let lessons: Vec<&BreachRow> = fig.breach_rows.iter().filter(|r| !r.lessons.trim().is_empty()).collect();
        doc.heading(2, &m.get("pack-lessons"));
        if lessons.is_empty() {
            doc.note(&m.get("pack-lessons-none"));
        }
        for r in lessons {
            doc.paragraph(&format!("{} — {}", r.reference, r.title), Weight::Bold, 9.5, Rgb::INK);
            doc.body(&r.lessons);
        }
    }
}
