//! Information risks: the heat map, the risks escalated to the SIRO, the quarter's changes.

use std::collections::BTreeMap;

use crate::pdf::{Cell, Column, Doc};
use crate::register::store;
use crate::registers;

use super::{Page, Scope};
use crate::reports::pack::*;
use crate::reports::*;

/// The heat map and the escalated risks now, the quarter's changes, and how many risks were
/// escalated now and (rebuilt from the audit trail) at last quarter's end.
pub(super) struct Gathered {
    pub heat: crate::registers::risks::HeatMap,
    pub escalated: Vec<RiskRow>,
    pub changes: Vec<RiskChange>,
    pub escalated_now: i64,
    /// `None` when the audit trail does not reach back to last quarter's end.
    pub escalated_before: Option<i64>,
}

pub(super) fn gather(s: &Scope) -> crate::Result<Gathered> {
    let def = &registers::risks::DEF;
    let now: Vec<BTreeMap<String, crate::register::Value>> =
        store::all(s.conn, def)?.into_iter().map(|r| r.fields).collect();
    Ok(Gathered {
        heat: registers::risks::heat_map(s.conn, s.lang)?,
        escalated: escalated_risks(s.conn, s.lang, &s.wording)?,
        changes: risk_changes(s.conn, s.period)?,
        escalated_now: escalated_count(&now),
        escalated_before: crate::trail::as_of(s.conn, def, s.prev.last)?.map(|r| escalated_count(&r)),
    })
}

impl Gathered {
    /// Risks escalated to the SIRO, for information.
    pub fn kpis(&self) -> Vec<Kpi> {
        vec![Kpi {
            id: "pack-kpi-risks-escalated",
            value: Some(self.escalated_now as f64),
            previous: self.escalated_before.map(|n| n as f64),
            percent: false,
            target: Target::None,
            higher_is_better: false,
        }]
    }
}

fn escalated_count(records: &[BTreeMap<String, crate::register::Value>]) -> i64 {
    records
        .iter()
        .filter(|r| {
            r.get("escalated").is_some_and(crate::register::Value::as_bool)
                && r.get("status").and_then(crate::register::Value::as_str) != Some("closed")
        })
        .count() as i64
}

/// Risks added, closed or rescored during the period, from the audit trail.
fn risk_changes(conn: &rusqlite::Connection, period: crate::figures::Period) -> Result<Vec<RiskChange>> {
    let mut stmt = conn.prepare(
        "SELECT a.record_id, a.action, a.changes, coalesce(r.reference, ''), coalesce(r.title, '')
         FROM audit a LEFT JOIN risks r ON r.id = a.record_id
         WHERE a.register = 'risks' AND a.action <> 'export' AND a.at >= ?1 AND a.at < ?2 ORDER BY a.seq",
    )?;
    let rows = stmt.query_map(rusqlite::params![period.start_instant(), period.end_instant()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    // One line per risk: its first and last score in the period, and what happened.
    let mut by_risk: BTreeMap<String, RiskChange> = BTreeMap::new();
    let mut order = vec![];
    for row in rows {
        let (id, action, changes, reference, title) = row?;
        let changes: BTreeMap<String, crate::register::store::Change> =
            serde_json::from_str(&changes).unwrap_or_default();
        let score = changes.get("residual_score");
        let closed = changes.get("status").is_some_and(|c| c.to.as_str() == Some("closed"));
        let entry = by_risk.entry(id.clone()).or_insert_with(|| {
            order.push(id.clone());
            RiskChange {
                reference,
                title,
                what: "pack-risk-rescored",
                from: score.and_then(|c| c.from.as_int()),
                to: None,
            }
        });
        if action == "create" {
            entry.what = "pack-risk-new";
        }
        if let Some(c) = score {
            entry.to = c.to.as_int();
        }
        if closed {
            entry.what = "pack-risk-closed";
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|id| by_risk.remove(&id))
        .filter(|c| c.what != "pack-risk-rescored" || (c.from.is_some() && c.to.is_some() && c.from != c.to))
        .collect())
}

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    doc.heading(1, &m.get("pack-risks"));
    draw_risks(doc, m, &fig.heat, &fig.escalated, fig.generated_on);
    doc.heading(2, &m.get("pack-risks-changes"));
    if fig.risk_changes.is_empty() {
        doc.note(&m.get("pack-risks-changes-none"));
    } else {
        let rows: Vec<Vec<Cell>> = fig
            .risk_changes
            .iter()
            .map(|c| {
                let score = |s: Option<i64>| s.map(|s| s.to_string()).unwrap_or_else(|| "—".into());
                vec![
                    Cell::new(c.reference.as_str()),
                    Cell::new(c.title.as_str()),
                    Cell::new(m.get(c.what)),
                    Cell::new(score(c.from)),
                    Cell::new(score(c.to)),
                ]
            })
            .collect();
        doc.table(
            &[
                Column::left(m.get("pack-col-reference"), 1.1),
                Column::left(m.get("pack-col-risk"), 4.0),
                Column::left(m.get("pack-col-change"), 1.4),
                Column::right(m.get("pack-col-score-from"), 1.0),
                Column::right(m.get("pack-col-score-to"), 1.0),
            ],
            &rows,
        );
    }
}
