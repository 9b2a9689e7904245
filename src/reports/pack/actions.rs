//! The action plan, by approach area, with this quarter's RAG and commentary.

use std::collections::BTreeMap;

use crate::pdf::{Cell, Column, Doc};
use crate::reference::Wording;
use crate::register::store;
use crate::registers;

use super::{arg, Page, Scope};
use crate::reports::pack::*;
use crate::reports::*;

/// The action plan with this quarter's updates, and how many actions were overdue.
pub(super) struct Gathered {
    pub rows: Vec<ActionRow>,
    pub overdue: i64,
    pub overdue_before: i64,
}

pub(super) fn gather(s: &Scope) -> crate::Result<Gathered> {
    let (lang, wording, period) = (s.lang, &s.wording, s.period);
    // The action plan, by approach area, with this quarter's update.
    let q_text = s.quarter.to_string();
    let mut updates: BTreeMap<String, (String, String)> = BTreeMap::new();
    for u in store::all(s.conn, &registers::action_updates::DEF)? {
        if u.get("quarter").as_str() == Some(q_text.as_str()) {
            updates.insert(
                u.get("action_id").as_str().unwrap_or_default().to_string(),
                (
                    u.get("rag").as_str().unwrap_or_default().to_string(),
                    u.get("commentary").as_str().unwrap_or_default().to_string(),
                ),
            );
        }
    }
    let adef = &registers::actions::DEF;
    let mut rows = vec![];
    for rec in store::all_in(s.conn, adef, lang)? {
        let status = rec.get("status").as_str().unwrap_or_default().to_string();
        let completed_before = rec.get("completed_on").as_str().is_some_and(|c| c < period.first.to_string().as_str());
        if status == "cancelled" || completed_before {
            continue;
        }
        let f = |name: &str| store::display_value(&rec, adef.field(name).expect("field"), lang, wording);
        let (rag, commentary) = updates.get(&rec.id.to_string()).cloned().unwrap_or_default();
        rows.push(ActionRow {
            area: rec.get("area").as_str().unwrap_or_default().to_string(),
            reference: f("reference"),
            title: f("title"),
            owner: f("owner_id"),
            due_on: rec.get("due_on").as_date().map(short_date).unwrap_or_default(),
            status: f("status"),
            rag: (!rag.is_empty()).then_some(rag),
            commentary,
        });
    }
    let area_order: Vec<&str> = crate::reference::list("approach_area").iter().map(|c| c.value.as_str()).collect();
    rows.sort_by_key(|a| (area_order.iter().position(|x| *x == a.area).unwrap_or(99), a.reference.clone()));
    Ok(Gathered {
        rows,
        overdue: actions_overdue_at(s.conn, s.state_day, None)?,
        overdue_before: actions_overdue_at(s.conn, s.prev.last, None)?,
    })
}

impl Gathered {
    /// Actions overdue: the target is none.
    pub fn kpis(&self) -> Vec<Kpi> {
        vec![Kpi {
            id: "pack-kpi-actions-overdue",
            value: Some(self.overdue as f64),
            previous: Some(self.overdue_before as f64),
            percent: false,
            target: Target::Zero,
            higher_is_better: false,
        }]
    }
}

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    let lang = p.lang;
    doc.heading(1, &m.get("pack-actions"));
    if fig.actions.is_empty() {
        doc.note(&m.get("pack-actions-none"));
    }
    let wording = Wording::shipped();
    for area in crate::reference::list("approach_area") {
        let rows: Vec<&ActionRow> = fig.actions.iter().filter(|a| a.area == area.value).collect();
        if rows.is_empty() {
            continue;
        }
        let count = |rag: &str| rows.iter().filter(|a| a.rag.as_deref() == Some(rag)).count().to_string();
        doc.heading(2, &wording.label("approach_area", &area.value, lang));
        doc.note(&m.fmt(
            "pack-actions-area-summary",
            &arg(&[
                ("n", rows.len().to_string()),
                ("red", count("red")),
                ("amber", count("amber")),
                ("green", count("green")),
            ]),
        ));
        let table: Vec<Vec<Cell>> = rows
            .iter()
            .map(|a| {
                let rag = match a.rag.as_deref() {
                    Some(r) => {
                        let fill = match r {
                            "red" => Rag::Red.fill(),
                            "amber" => Rag::Amber.fill(),
                            _ => Rag::Green.fill(),
                        };
                        Cell::filled(m.get(&format!("pack-rag-{r}")), fill)
                    }
                    None => Cell::new(m.get("pack-no-update")),
                };
                vec![
                    Cell::new(a.reference.as_str()),
                    Cell::new(a.title.as_str()),
                    Cell::new(a.owner.as_str()),
                    Cell::new(a.due_on.as_str()),
                    Cell::new(a.status.as_str()),
                    rag,
                    Cell::new(a.commentary.as_str()),
                ]
            })
            .collect();
        doc.table(
            &[
                Column::left(m.get("pack-col-reference"), 1.3),
                Column::left(m.get("pack-col-action"), 2.6),
                Column::left(m.get("pack-col-owner"), 1.4),
                Column::left(m.get("pack-col-due"), 1.4),
                Column::left(m.get("pack-col-status"), 1.2),
                Column::left(m.get("pack-col-rag"), 0.9),
                Column::left(m.get("pack-col-commentary"), 3.2),
            ],
            &table,
        );
    }
}
