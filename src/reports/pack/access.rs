//! Access to information: FOI, EIR, subject access and complaints, by department, over eight quarters.

use std::collections::BTreeMap;

use crate::figures::RequestFigures;
use crate::pdf::{self, Cell, Column, Doc, Series};
use crate::reference::Wording;

use super::{Page, Scope};
use crate::reports::pack::*;
use crate::reports::*;

/// The quarter's requests of each kind, with last quarter's timeliness for the KPIs.
pub(super) struct Gathered {
    pub foi: RequestFigures,
    pub eir: RequestFigures,
    pub sar: RequestFigures,
    pub complaints: RequestFigures,
    /// FOI, EIR and subject access: the share answered on time last quarter.
    pub previous: [Option<f64>; 3],
    pub by_department: Vec<DepartmentRequests>,
    pub trend: Vec<Trend>,
}

pub(super) fn gather(s: &Scope) -> crate::Result<Gathered> {
    let req = |kind: &str, p: crate::figures::Period| crate::figures::requests(s.conn, kind, p, None);
    let previous = [
        req("foi", s.prev)?.percent_on_time(),
        req("eir", s.prev)?.percent_on_time(),
        req("sar", s.prev)?.percent_on_time(),
    ];
    let mut trend = vec![];
    let mut q = s.quarter;
    for _ in 0..7 {
        q = q.previous();
    }
    for _ in 0..8 {
        let (fr, fa, fo) = timeliness(s.conn, &["foi", "eir"], q.period())?;
        let (sr, sa, so) = timeliness(s.conn, &["sar"], q.period())?;
        trend.push(Trend {
            quarter: q,
            foi_eir_received: fr,
            foi_eir_on_time: pct(fo, fa),
            sar_received: sr,
            sar_on_time: pct(so, sa),
        });
        q = q.next();
    }
    Ok(Gathered {
        foi: req("foi", s.period)?,
        eir: req("eir", s.period)?,
        sar: req("sar", s.period)?,
        complaints: req("dp-complaint", s.period)?,
        previous,
        by_department: department_requests(s.conn, s.period, s.lang)?,
        trend,
    })
}

impl Gathered {
    /// On time, judged on the ICO's bands, for FOI, EIR and subject access.
    pub fn kpis(&self) -> Vec<Kpi> {
        [("pack-kpi-foi", &self.foi), ("pack-kpi-eir", &self.eir), ("pack-kpi-sar", &self.sar)]
            .into_iter()
            .zip(self.previous)
            .map(|((id, now), previous)| Kpi {
                id,
                value: now.percent_on_time(),
                previous,
                percent: true,
                target: Target::IcoBands,
                higher_is_better: true,
            })
            .collect()
    }
}

pub(super) fn draw(doc: &mut Doc, p: &Page, fig: &PackFigures) {
    let m = p.m;
    let lang = p.lang;
    let pc = |v: Option<f64>| p.pc(v);
    doc.heading(1, &m.get("pack-requests"));
    let cols = [
        Column::left(m.get("pack-col-measure"), 3.0),
        Column::right(m.get("pack-req-foi"), 1.0),
        Column::right(m.get("pack-req-eir"), 1.0),
        Column::right(m.get("pack-req-sar"), 1.0),
        Column::right(m.get("pack-req-complaints"), 1.3),
    ];
    let all = [&fig.foi, &fig.eir, &fig.sar, &fig.complaints];
    let line = |id: &str, f: &dyn Fn(&RequestFigures) -> String| -> Vec<Cell> {
        let mut v = vec![Cell::new(m.get(id))];
        v.extend(all.iter().map(|r| Cell::new(f(r))));
        v
    };
    let sum = |map: &BTreeMap<String, i64>, keys: &[&str]| {
        keys.iter().map(|k| map.get(*k).copied().unwrap_or(0)).sum::<i64>().to_string()
    };
    let rows = vec![
        line("pack-req-received", &|r| r.received.to_string()),
        line("pack-req-closed", &|r| r.closed.to_string()),
        line("pack-req-on-time", &|r| (r.on_time + r.on_time_extended).to_string()),
        line("pack-req-on-time-extended", &|r| r.on_time_extended.to_string()),
        line("pack-req-late", &|r| r.late.to_string()),
        line("pack-req-percent", &|r| pc(r.percent_on_time())),
        line("pack-req-still-open", &|r| r.still_open.to_string()),
        line("pack-req-withdrawn", &|r| r.withdrawn.to_string()),
        line("pack-req-granted", &|r| sum(&r.outcomes, &["granted-full"])),
        line("pack-req-part", &|r| sum(&r.outcomes, &["granted-part"])),
        line("pack-req-refused", &|r| sum(&r.outcomes, &["refused", "vexatious", "cost-limit"])),
        line("pack-req-not-held", &|r| sum(&r.outcomes, &["not-held"])),
        line("pack-req-reviews", &|r| r.reviews_requested.to_string()),
        line("pack-req-reviews-done", &|r| r.reviews_completed.to_string()),
        line("pack-req-reviews-upheld", &|r| sum(&r.review_outcomes, &["upheld"])),
        line("pack-req-ico", &|r| r.ico_complaints.to_string()),
    ];
    doc.table(&cols, &rows);
    // Exemptions used.
    let mut exemptions: BTreeMap<String, i64> = BTreeMap::new();
    for r in [&fig.foi, &fig.eir] {
        for (k, n) in &r.exemptions {
            *exemptions.entry(k.clone()).or_default() += n;
        }
    }
    doc.heading(2, &m.get("pack-exemptions"));
    if exemptions.is_empty() {
        doc.note(&m.get("pack-exemptions-none"));
    } else {
        let wording = Wording::shipped();
        let mut rows: Vec<(String, i64)> =
            exemptions.into_iter().map(|(k, n)| (wording.label("exemption", &k, lang), n)).collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        doc.table(
            &[Column::left(m.get("pack-col-exemption"), 5.0), Column::right(m.get("pack-col-times"), 1.0)],
            &rows.into_iter().map(|(k, n)| vec![Cell::new(k), Cell::new(n.to_string())]).collect::<Vec<_>>(),
        );
    }
    doc.heading(2, &m.get("pack-by-department"));
    draw_departments(doc, m, &fig.by_department);
    doc.ensure(Doc::LINE_CHART_HEIGHT + 30.0);
    doc.heading(2, &m.get("pack-trend"));
    let labels: Vec<String> = fig
        .trend
        .iter()
        .map(|t| format!("{}/{:02} Q{}", t.quarter.year % 100, (t.quarter.year + 1) % 100, t.quarter.q))
        .collect();
    let received_max = fig.trend.iter().map(|t| t.foi_eir_received.max(t.sar_received)).max().unwrap_or(0) as f64;
    doc.line_chart(
        &m.get("pack-chart-received"),
        &labels,
        &[
            Series {
                name: m.get("pack-col-foi-eir-received"),
                colour: pdf::PALETTE[0],
                values: fig.trend.iter().map(|t| Some(t.foi_eir_received as f64)).collect(),
            },
            Series {
                name: m.get("pack-col-sar-received"),
                colour: pdf::PALETTE[1],
                values: fig.trend.iter().map(|t| Some(t.sar_received as f64)).collect(),
            },
        ],
        received_max,
        "",
    );
    doc.line_chart(
        &m.get("pack-chart-on-time"),
        &labels,
        &[
            Series {
                name: m.get("pack-req-foi-eir"),
                colour: pdf::PALETTE[0],
                values: fig.trend.iter().map(|t| t.foi_eir_on_time).collect(),
            },
            Series {
                name: m.get("pack-req-sar"),
                colour: pdf::PALETTE[1],
                values: fig.trend.iter().map(|t| t.sar_on_time).collect(),
            },
        ],
        100.0,
        "%",
    );
    // The charts' figures as a table, so no figure is only in a picture.
    let rows: Vec<Vec<Cell>> = fig
        .trend
        .iter()
        .zip(&labels)
        .map(|(t, label)| {
            vec![
                Cell::new(label.clone()),
                Cell::new(t.foi_eir_received.to_string()),
                Cell::new(pc(t.foi_eir_on_time)),
                Cell::new(t.sar_received.to_string()),
                Cell::new(pc(t.sar_on_time)),
            ]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-quarter"), 1.2),
            Column::right(m.get("pack-col-foi-eir-received"), 1.4),
            Column::right(m.get("pack-col-foi-eir-on-time"), 1.4),
            Column::right(m.get("pack-col-sar-received"), 1.2),
            Column::right(m.get("pack-col-sar-on-time"), 1.2),
        ],
        &rows,
    );
}
