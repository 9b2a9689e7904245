//! The vocabulary every report shares: the protective marking, RAG and KPI judgements, dates
//! and percentages as tables print them, the cover and the last page, and the figures and
//! drawings the IMG pack and the SIRO's annual report both use.

use crate::error::{Error, Result};
use crate::figures::Period;
use crate::i18n::{Lang, Messages};
use crate::pdf::{self, Bar, Cell, Column, Doc, Rgb, Series, Weight};
use crate::reference::Wording;
use crate::register::store;
use crate::registers;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;
use std::collections::BTreeMap;

/// The protective marking printed on every page (GSCP: councils use OFFICIAL and
/// OFFICIAL-SENSITIVE; docs/domain.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Marking {
    Official,
    OfficialSensitive,
}

impl std::str::FromStr for Marking {
    type Err = Error;
    fn from_str(s: &str) -> Result<Marking> {
        match s.trim().to_ascii_lowercase().as_str() {
            "official" => Ok(Marking::Official),
            "official-sensitive" => Ok(Marking::OfficialSensitive),
            _ => Err(Error::bad_input_with("err-bad-marking", &[("value", s)])),
        }
    }
}

impl Marking {
    pub(crate) fn message_id(self) -> &'static str {
        match self {
            Marking::Official => "pack-marking-official",
            Marking::OfficialSensitive => "pack-marking-official-sensitive",
        }
    }
}

/// Red, amber or green, as printed beside a KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Red,
    Amber,
    Green,
}

impl Rag {
    pub(crate) fn fill(self) -> Rgb {
        match self {
            Rag::Red => Rgb(0xf4, 0xc7, 0xc3),
            Rag::Amber => Rgb(0xff, 0xe0, 0xb2),
            Rag::Green => Rgb(0xc8, 0xe6, 0xc9),
        }
    }
    pub(crate) fn value(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }
}

/// How a KPI is judged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Target {
    /// A percentage judged on the ICO's timeliness bands: green at 95% or more, amber from
    /// 90%, red below (docs/domain.md §2.2).
    IcoBands,
    /// Every ICO report within 72 hours: green at 100%, red below.
    All,
    /// A count whose target is nought: green at nought; amber above it but no worse than last
    /// quarter; red above it and rising.
    Zero,
    /// A percentage against the council's own target, judged by [`crate::training::rag`].
    AtLeast(u32),
    /// Reported for information only.
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    /// Message id of the KPI's name.
    pub id: &'static str,
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub percent: bool,
    pub target: Target,
    /// True when a higher figure is better.
    pub higher_is_better: bool,
}

impl Kpi {
    pub fn rag(&self) -> Option<Rag> {
        let v = self.value?;
        Some(match self.target {
            Target::IcoBands if v >= 95.0 => Rag::Green,
            Target::IcoBands if v >= 90.0 => Rag::Amber,
            Target::IcoBands => Rag::Red,
            Target::All if v >= 100.0 => Rag::Green,
            Target::All => Rag::Red,
            Target::Zero if v <= 0.0 => Rag::Green,
            Target::Zero if self.previous.is_some_and(|p| v > p) => Rag::Red,
            Target::Zero => Rag::Amber,
            Target::AtLeast(t) => match crate::training::rag(Some(v), t) {
                Some("green") => Rag::Green,
                Some("amber") => Rag::Amber,
                _ => Rag::Red,
            },
            Target::None => return None,
        })
    }

    /// Better, worse or the same as last quarter; `None` when either is missing.
    pub fn direction(&self) -> Option<std::cmp::Ordering> {
        let (v, p) = (self.value?, self.previous?);
        let d = v.partial_cmp(&p)?;
        Some(if self.higher_is_better { d } else { d.reverse() })
    }
}

/// One line of the requests-by-department table.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DepartmentRequests {
    pub department: String,
    pub foi_eir: i64,
    pub sar: i64,
    pub answered: i64,
    pub on_time: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskRow {
    pub reference: String,
    pub title: String,
    pub owner: String,
    pub score: i64,
    pub band: String,
    pub treatment: String,
}

/// A date in a table: DD/MM/YYYY, the UK form, in both languages.
pub(crate) fn short_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub(crate) fn pct(on_time: i64, answered: i64) -> Option<f64> {
    (answered > 0).then(|| 100.0 * on_time as f64 / answered as f64)
}

/// FOI and EIR together on time, of those answered in the period.
pub(crate) fn timeliness(conn: &Connection, kinds: &[&str], period: Period) -> Result<(i64, i64, i64)> {
    let kinds_json = serde_json::to_string(kinds).expect("kinds");
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE received_on BETWEEN ?2 AND ?3),
                count(*) FILTER (WHERE responded_on BETWEEN ?2 AND ?3 AND timeliness IS NOT NULL AND coalesce(outcome, '') <> 'withdrawn'),
                count(*) FILTER (WHERE responded_on BETWEEN ?2 AND ?3 AND timeliness IN ('on-time', 'on-time-extended') AND coalesce(outcome, '') <> 'withdrawn')
         FROM requests WHERE request_type IN (SELECT value FROM json_each(?1))",
        params![kinds_json, period.first.to_string(), period.last.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// Actions overdue at the end of a day (in one approach area, or all): due before it and still
/// open then, by the action register's own review rule (as the dashboard counts them), or
/// completed only after it.
pub(crate) fn actions_overdue_at(conn: &Connection, day: NaiveDate, area: Option<&str>) -> Result<i64> {
    let active = registers::actions::DEF.review.active_sql().unwrap_or_else(|| "1".into());
    Ok(conn.query_row(
        &format!(
            "SELECT count(*) FROM actions t WHERE t.due_on < ?1 AND (?2 IS NULL OR t.area = ?2)
               AND (({active}) OR (t.status = 'complete' AND t.completed_on > ?1))"
        ),
        params![day.to_string(), area],
        |r| r.get(0),
    )?)
}

/// FOI, EIR and SAR requests received in a period, and FOI and EIR answered and on time, per
/// department (a request for several departments counts for each).
pub(crate) fn department_requests(conn: &Connection, period: Period, lang: Lang) -> Result<Vec<DepartmentRequests>> {
    let dept_names: BTreeMap<String, String> = registers::departments::names(conn, lang)?;
    let mut by_dept: BTreeMap<String, DepartmentRequests> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT d.value, r.request_type, r.received_on BETWEEN ?1 AND ?2,
                r.responded_on BETWEEN ?1 AND ?2 AND r.timeliness IS NOT NULL AND coalesce(r.outcome, '') <> 'withdrawn',
                r.timeliness IN ('on-time', 'on-time-extended')
         FROM requests r, json_each(r.department_ids) d
         WHERE r.request_type IN ('foi', 'eir', 'sar') AND (r.received_on BETWEEN ?1 AND ?2 OR r.responded_on BETWEEN ?1 AND ?2)",
    )?;
    let rows = stmt.query_map(params![period.first.to_string(), period.last.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, Option<bool>>(3)?,
            r.get::<_, Option<bool>>(4)?,
        ))
    })?;
    for row in rows {
        let (dept, kind, received, answered, on_time) = row?;
        let e = by_dept.entry(dept.clone()).or_insert_with(|| DepartmentRequests {
            department: dept_names.get(&dept).cloned().unwrap_or(dept),
            ..Default::default()
        });
        if received {
            if kind == "sar" {
                e.sar += 1
            } else {
                e.foi_eir += 1
            }
        }
        if kind != "sar" && answered == Some(true) {
            e.answered += 1;
            if on_time == Some(true) {
                e.on_time += 1;
            }
        }
    }
    let mut by_department: Vec<DepartmentRequests> = by_dept.into_values().collect();
    by_department.sort_by(|a, b| crate::text::compare(lang, &a.department, &b.department));
    Ok(by_department)
}

/// Open risks at or above the escalation score, highest first.
pub(crate) fn escalated_risks(conn: &Connection, lang: Lang, wording: &Wording) -> Result<Vec<RiskRow>> {
    let rdef = &registers::risks::DEF;
    let mut escalated = vec![];
    for rec in store::all_in(conn, rdef, lang)? {
        if rec.get("escalated").as_bool() && rec.get("status").as_str() != Some("closed") {
            let f = |name: &str| store::display_value(&rec, rdef.field(name).expect("field"), lang, wording);
            escalated.push(RiskRow {
                reference: f("reference"),
                title: f("title"),
                owner: f("owner_id"),
                score: rec.get("residual_score").as_int().unwrap_or(0),
                band: f("band"),
                treatment: f("treatment"),
            });
        }
    }
    escalated.sort_by(|a, b| b.score.cmp(&a.score).then(a.reference.cmp(&b.reference)));
    Ok(escalated)
}

/// What left the registers in the period, by kind (and, given, the period before).
pub(crate) fn draw_exports(
    doc: &mut Doc,
    m: &Messages,
    intro: &str,
    exports: &[crate::trail::ExportCount],
    before: Option<(&str, &str, &[crate::trail::ExportCount])>,
) {
    doc.heading(2, &m.get("pack-exports"));
    doc.body(intro);
    let rows: Vec<Vec<Cell>> = exports
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut row = vec![
                Cell::new(m.get(&format!("export-count-{}", e.kind))),
                Cell::new(e.exports.to_string()),
                Cell::new(e.records.to_string()),
            ];
            if let Some((_, _, last)) = before {
                let l = &last[i];
                row.extend([Cell::new(l.exports.to_string()), Cell::new(l.records.to_string())]);
            }
            row
        })
        .collect();
    match before {
        None => doc.table(
            &[
                Column::left(m.get("pack-col-export-kind"), 3.6),
                Column::right(m.get("pack-col-exports"), 1.1),
                Column::right(m.get("pack-col-export-records"), 1.1),
            ],
            &rows,
        ),
        Some((this, last, _)) => doc.table(
            &[
                Column::left(m.get("pack-col-export-kind"), 3.0),
                Column::right(format!("{} {this}", m.get("pack-col-exports")), 1.2),
                Column::right(format!("{} {this}", m.get("pack-col-export-records")), 1.2),
                Column::right(format!("{} {last}", m.get("pack-col-exports")), 1.2),
                Column::right(format!("{} {last}", m.get("pack-col-export-records")), 1.2),
            ],
            &rows,
        ),
    }
}

/// The audit trail the report was made from: its length and head hash, and how to check a
/// trail still holds them.
pub(crate) fn draw_anchor(doc: &mut Doc, m: &Messages, anchor: &crate::audit::Anchor) {
    doc.heading(2, &m.get("pack-anchor"));
    doc.body(&m.fmt("pack-anchor-body", &vec![("entries".into(), anchor.entries.to_string())]));
    doc.table(&[Column::left(m.get("pack-col-anchor"), 1.0)], &[vec![Cell::bold(anchor.text())]]);
    doc.note(&m.fmt("pack-anchor-check", &vec![("anchor".into(), anchor.text())]));
}

/// A report's cover: the council, the document's name and kind on the band, then its details.
pub(crate) fn draw_cover(doc: &mut Doc, council: &str, name: &str, kind: &str, details: &[(String, String)]) {
    doc.rect(0.0, 60.0, pdf::PAGE_W, 150.0, Rgb::BRAND);
    doc.text_at(council, pdf::MARGIN, 84.0, Weight::Bold, 14.0, Rgb::WHITE);
    doc.text_at(name, pdf::MARGIN, 116.0, Weight::Bold, 24.0, Rgb::WHITE);
    doc.text_at(kind, pdf::MARGIN, 152.0, Weight::Regular, 16.0, Rgb::WHITE);
    let mut y = 250.0;
    for (label, value) in details {
        doc.text_at(label, pdf::MARGIN, y, Weight::Bold, 11.0, Rgb::MUTED);
        doc.text_at(value, pdf::MARGIN + 150.0, y, Weight::Regular, 11.0, Rgb::INK);
        y += 24.0;
    }
    doc.set_y(y + 20.0);
}

/// Adds the contents page and the running header and footer in the report's language.
pub(crate) fn finish(
    doc: Doc,
    m: &Messages,
    marking: &str,
    title: &str,
    council: &str,
    subject: &str,
    now: DateTime<Utc>,
) -> Vec<u8> {
    let page_of = |n: usize, total: usize| {
        m.fmt("pack-page-of", &vec![("n".to_string(), n.to_string()), ("total".to_string(), total.to_string())])
    };
    doc.finish(&pdf::Finish {
        marking,
        title,
        page_of: &page_of,
        contents: Some(&m.get("pack-contents")),
        created: now,
        author: council,
        subject,
    })
}

/// Requests by department: the table, and (in the pack) a chart of what each received.
pub(crate) fn draw_departments(doc: &mut Doc, m: &Messages, by_department: &[DepartmentRequests]) {
    let pc = |v: Option<f64>| v.map(|v| format!("{v:.1}%")).unwrap_or_else(|| m.get("pack-none"));
    if by_department.is_empty() {
        doc.note(&m.get("pack-by-department-none"));
        return;
    }
    let rows: Vec<Vec<Cell>> = by_department
        .iter()
        .map(|d| {
            vec![
                Cell::new(d.department.as_str()),
                Cell::new(d.foi_eir.to_string()),
                Cell::new(d.sar.to_string()),
                Cell::new(d.answered.to_string()),
                Cell::new(pc(pct(d.on_time, d.answered))),
            ]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-department"), 3.4),
            Column::right(m.get("pack-col-foi-eir-received"), 1.3),
            Column::right(m.get("pack-col-sar-received"), 1.3),
            Column::right(m.get("pack-col-answered"), 1.3),
            Column::right(m.get("pack-col-on-time"), 1.3),
        ],
        &rows,
    );
    let cats: Vec<String> = by_department.iter().map(|d| d.department.clone()).collect();
    let series = vec![
        Series {
            name: m.get("pack-col-foi-eir-received"),
            colour: pdf::PALETTE[0],
            values: by_department.iter().map(|d| Some(d.foi_eir as f64)).collect(),
        },
        Series {
            name: m.get("pack-col-sar-received"),
            colour: pdf::PALETTE[1],
            values: by_department.iter().map(|d| Some(d.sar as f64)).collect(),
        },
    ];
    doc.stacked_bars(&m.get("pack-chart-by-department"), &cats, &series);
}

/// The heat map of open risks and those at or above the escalation score, as at a date.
pub(crate) fn pct_text(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "–".into())
}

/// Training compliance: all mandatory courses by department against the target (chart and
/// table), elected members apart, then each course.
pub(crate) fn draw_training(doc: &mut Doc, m: &Messages, t: &crate::training::Compliance, lang: Lang) {
    let arg = |pairs: &[(&str, String)]| -> crate::i18n::Args {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    };
    if t.courses.iter().all(|c| !c.mandatory) {
        doc.note(&m.get("pack-training-no-courses"));
        return;
    }
    doc.body(&m.fmt(
        "pack-training-intro",
        &arg(&[
            ("date", crate::i18n::long_date(lang, t.as_at)),
            ("target", t.target_pct.to_string()),
            ("staff", pct_text(t.staff.pct())),
            ("members", pct_text(t.members.pct())),
        ]),
    ));
    let bars: Vec<Bar> = t
        .departments
        .iter()
        .map(|d| Bar { label: d.name.clone(), value: d.tally.pct().unwrap_or(0.0), shown: pct_text(d.tally.pct()) })
        .chain((t.members.required > 0).then(|| Bar {
            label: m.get("training-elected-members"),
            value: t.members.pct().unwrap_or(0.0),
            shown: pct_text(t.members.pct()),
        }))
        .collect();
    let target_label = m.fmt("pack-training-target", &arg(&[("target", t.target_pct.to_string())]));
    doc.bar_chart(&m.get("pack-chart-training"), &bars, 100.0, Some((t.target_pct as f64, &target_label)));
    let row = |name: &str, tally: &crate::training::Tally| -> Vec<Cell> {
        let p = tally.percent;
        let fill = match tally.rag {
            Some("green") => Rag::Green.fill(),
            Some("amber") => Rag::Amber.fill(),
            _ => Rag::Red.fill(),
        };
        vec![
            Cell::new(name),
            Cell::new(tally.required.to_string()),
            Cell::new(tally.holding().to_string()),
            Cell::filled(pct_text(p), fill),
            Cell::new(tally.due_soon.to_string()),
            Cell::new(tally.overdue().to_string()),
            Cell::new(tally.new_starters.to_string()),
        ]
    };
    let columns = || {
        vec![
            Column::left(m.get("pack-col-department"), 3.0),
            Column::right(m.get("pack-col-required"), 1.1),
            Column::right(m.get("pack-col-holding"), 1.1),
            Column::right(m.get("pack-col-pct"), 0.9),
            Column::right(m.get("pack-col-expiring"), 1.1),
            Column::right(m.get("pack-col-overdue"), 1.1),
            Column::right(m.get("pack-col-new-starters"), 1.1),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = t.departments.iter().map(|d| row(&d.name, &d.tally)).collect();
    let mut total = row(&m.get("pack-training-all-staff"), &t.staff);
    total[0].bold = true;
    rows.push(total);
    if t.members.required > 0 {
        rows.push(row(&m.get("training-elected-members"), &t.members));
    }
    doc.table(&columns(), &rows);
    doc.heading(2, &m.get("pack-training-courses"));
    let rows: Vec<Vec<Cell>> = t
        .courses
        .iter()
        .filter(|c| c.mandatory)
        .map(|c| {
            vec![
                Cell::new(c.name.as_str()),
                Cell::new(if c.staff.required > 0 {
                    format!("{} ({}/{})", pct_text(c.staff.pct()), c.staff.holding(), c.staff.required)
                } else {
                    "–".into()
                }),
                Cell::new(if c.members.required > 0 {
                    format!("{} ({}/{})", pct_text(c.members.pct()), c.members.holding(), c.members.required)
                } else {
                    "–".into()
                }),
            ]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-course"), 3.0),
            Column::left(m.get("pack-col-staff"), 1.6),
            Column::left(m.get("training-elected-members"), 1.6),
        ],
        &rows,
    );
}

/// The site audits of the period: score, RAG, findings and actions raised.
pub(crate) fn draw_audits(doc: &mut Doc, m: &Messages, audits: &[crate::assurance::AuditRow]) {
    if audits.is_empty() {
        doc.note(&m.get("pack-audits-none"));
        return;
    }
    let rows: Vec<Vec<Cell>> = audits
        .iter()
        .map(|a| {
            let rag = match a.rag.as_deref() {
                Some("red") => Some(Rag::Red),
                Some("amber") => Some(Rag::Amber),
                Some("green") => Some(Rag::Green),
                _ => None,
            };
            let score = a.score.map(|s| format!("{s}%")).unwrap_or_else(|| "–".into());
            vec![
                Cell::new(a.reference.as_str()),
                Cell::new(a.site.as_str()),
                Cell::new(a.department.as_str()),
                Cell::new(short_date(a.date)),
                match rag {
                    Some(r) => Cell::filled(score, r.fill()),
                    None => Cell::new(score),
                },
                Cell::new(format!("{} ({})", a.findings, a.red_findings)),
                Cell::new(a.actions.to_string()),
            ]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-reference"), 1.3),
            Column::left(m.get("pack-col-site"), 2.2),
            Column::left(m.get("pack-col-department"), 2.0),
            Column::left(m.get("pack-col-date"), 1.1),
            Column::right(m.get("pack-col-score"), 0.9),
            Column::right(m.get("pack-col-findings"), 1.2),
            Column::right(m.get("pack-col-actions"), 0.9),
        ],
        &rows,
    );
}

/// The latest accountability self-assessment against the one before, category by category.
pub(crate) fn draw_accountability(doc: &mut Doc, m: &Messages, p: Option<&crate::assurance::Progress>, lang: Lang) {
    let Some(p) = p else {
        doc.note(&m.get("annual-accountability-none"));
        return;
    };
    let arg = |pairs: &[(&str, String)]| -> crate::i18n::Args {
        pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
    };
    let score = |s: Option<i64>| s.map(|s| format!("{s}%")).unwrap_or_else(|| "–".into());
    let text = match &p.previous {
        Some(prev) => m.fmt(
            "pack-accountability-progress",
            &arg(&[
                ("date", crate::i18n::long_date(lang, p.latest.assessed_on)),
                ("score", score(p.latest.score)),
                ("previous_date", crate::i18n::long_date(lang, prev.assessed_on)),
                ("previous", score(prev.score)),
            ]),
        ),
        None => m.fmt(
            "pack-accountability-first",
            &arg(&[("date", crate::i18n::long_date(lang, p.latest.assessed_on)), ("score", score(p.latest.score))]),
        ),
    };
    doc.body(&text);
    let rows: Vec<Vec<Cell>> = p
        .categories
        .iter()
        .map(|(label, now, before)| {
            let met_before = before.as_ref().map(|b| b.met.to_string()).unwrap_or_else(|| "–".into());
            vec![
                Cell::new(label.as_str()),
                Cell::new(now.met.to_string()),
                Cell::new(now.partly.to_string()),
                if now.not_met > 0 { Cell::filled(now.not_met.to_string(), Rag::Red.fill()) } else { Cell::new("0") },
                Cell::new(now.not_applicable.to_string()),
                Cell::new(met_before),
                Cell::new(now.unrated.to_string()),
            ]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-category"), 3.4),
            Column::right(m.get("pack-col-met"), 0.9),
            Column::right(m.get("pack-col-partly"), 0.9),
            Column::right(m.get("pack-col-not-met"), 0.9),
            Column::right(m.get("pack-col-na"), 0.9),
            Column::right(m.get("pack-col-met-before"), 1.1),
            Column::right(m.get("pack-col-unrated"), 1.0),
        ],
        &rows,
    );
}

pub(crate) fn draw_risks(
    doc: &mut Doc,
    m: &Messages,
    heat: &crate::registers::risks::HeatMap,
    escalated: &[RiskRow],
    generated_on: NaiveDate,
) {
    let lang = m.lang();
    let arg = |pairs: &[(&str, String)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>();
    doc.body(&m.fmt("pack-risks-intro", &arg(&[("date", crate::i18n::long_date(lang, generated_on))])));
    let mut counts = [[0i64; 5]; 5];
    let mut fills = [[Rgb::WHITE; 5]; 5];
    for l in 0..5 {
        for i in 0..5 {
            counts[l][i] = heat.grid[l][i].count;
            fills[l][i] = Rgb::hex(heat.colours.get(heat.grid[l][i].band).map(String::as_str).unwrap_or("#cccccc"));
        }
    }
    let key: Vec<(Rgb, String)> = heat
        .legend
        .iter()
        .map(|e| {
            (
                Rgb::hex(&e.colour),
                m.fmt(
                    "pack-heat-key",
                    &arg(&[("label", e.label.clone()), ("from", e.from.to_string()), ("to", e.to.to_string())]),
                ),
            )
        })
        .collect();
    doc.heat_map(
        &m.get("pack-heat-map"),
        &counts,
        &fills,
        (&m.get("pack-heat-likelihood"), &m.get("pack-heat-impact")),
        &key,
    );
    doc.heading(2, &m.get("pack-risks-escalated"));
    if escalated.is_empty() {
        doc.note(&m.get("pack-risks-escalated-none"));
    } else {
        let rows: Vec<Vec<Cell>> = escalated
            .iter()
            .map(|r| {
                vec![
                    Cell::new(r.reference.as_str()),
                    Cell::new(r.title.as_str()),
                    Cell::new(r.owner.as_str()),
                    Cell::new(r.score.to_string()),
                    Cell::new(r.band.as_str()),
                    Cell::new(r.treatment.as_str()),
                ]
            })
            .collect();
        doc.table(
            &[
                Column::left(m.get("pack-col-reference"), 1.1),
                Column::left(m.get("pack-col-risk"), 3.6),
                Column::left(m.get("pack-col-owner"), 1.6),
                Column::right(m.get("pack-col-score"), 0.8),
                Column::left(m.get("pack-col-band"), 1.1),
                Column::left(m.get("pack-col-treatment"), 1.2),
            ],
            &rows,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kpis_are_judged_on_their_targets() {
        let k = |v: Option<f64>, p: Option<f64>, target| Kpi {
            id: "x",
            value: v,
            previous: p,
            percent: true,
            target,
            higher_is_better: true,
        };
        assert_eq!(k(Some(95.0), None, Target::IcoBands).rag(), Some(Rag::Green));
        assert_eq!(k(Some(94.9), None, Target::IcoBands).rag(), Some(Rag::Amber));
        assert_eq!(k(Some(89.9), None, Target::IcoBands).rag(), Some(Rag::Red));
        assert_eq!(k(None, None, Target::IcoBands).rag(), None);
        assert_eq!(k(Some(100.0), None, Target::All).rag(), Some(Rag::Green));
        assert_eq!(k(Some(66.7), None, Target::All).rag(), Some(Rag::Red));
        let z = |v, p| Kpi {
            id: "x",
            value: Some(v),
            previous: Some(p),
            percent: false,
            target: Target::Zero,
            higher_is_better: false,
        };
        assert_eq!(z(0.0, 3.0).rag(), Some(Rag::Green));
        assert_eq!(z(2.0, 3.0).rag(), Some(Rag::Amber));
        assert_eq!(z(4.0, 3.0).rag(), Some(Rag::Red));
        assert_eq!(z(2.0, 3.0).direction(), Some(std::cmp::Ordering::Greater), "fewer overdue is better");
        assert_eq!(k(Some(80.0), Some(90.0), Target::IcoBands).direction(), Some(std::cmp::Ordering::Less));
    }
}
