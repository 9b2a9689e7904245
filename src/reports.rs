//! The IMG quarterly pack (domain.md §11): the figures gathered from the registers by the
//! same queries the dashboard uses ([`crate::figures`], the register store), then laid out as
//! a committee paper in English or Welsh by [`crate::pdf`].
//!
//! Figures that describe events (requests, breaches, actions falling overdue) are counted by
//! their own dates, so any past quarter can be reported. Figures that describe a state (risks
//! above the escalation score, reviews overdue) are as the pack is generated, and for the
//! previous quarter's column are rebuilt from the audit trail as at that quarter's end; when
//! the audit trail does not reach back that far the pack says "not recorded" rather than
//! guess.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::figures::{self, BreachFigures, Period, Quarter, RequestFigures};
use crate::i18n::{Lang, Messages};
use crate::pdf::{self, Bar, Cell, Column, Doc, Rgb, Series, Weight};
use crate::reference::Wording;
use crate::register::{store, Value};
use crate::registers;

pub mod annual;
pub mod list;
pub mod recovery;

/// The protective marking printed on every page (GSCP: councils use OFFICIAL and
/// OFFICIAL-SENSITIVE; domain.md §8).
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

#[derive(Debug, Clone)]
pub struct PackOptions {
    pub quarter: Quarter,
    pub lang: Lang,
    pub marking: Marking,
    pub meeting: Option<NaiveDate>,
    pub version: String,
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
    fn value(self) -> &'static str {
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
    /// 90%, red below (domain.md §2.2).
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

/// One quarter of the eight-quarter trend.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    pub quarter: Quarter,
    pub foi_eir_received: i64,
    pub foi_eir_on_time: Option<f64>,
    pub sar_received: i64,
    pub sar_on_time: Option<f64>,
}

/// Everything the pack prints, gathered before any layout so it can be tested on its own.
#[derive(Debug, Clone, Serialize)]
pub struct PackFigures {
    pub quarter: Quarter,
    pub generated_on: NaiveDate,
    pub kpis: Vec<Kpi>,
    pub foi: RequestFigures,
    pub eir: RequestFigures,
    pub sar: RequestFigures,
    pub complaints: RequestFigures,
    pub by_department: Vec<DepartmentRequests>,
    pub trend: Vec<Trend>,
    pub breaches: BreachFigures,
    pub breach_rows: Vec<BreachRow>,
    pub actions: Vec<ActionRow>,
    pub heat: crate::registers::risks::HeatMap,
    pub escalated: Vec<RiskRow>,
    pub risk_changes: Vec<RiskChange>,
    pub reviews: Vec<ReviewLine>,
    pub disposals_due: usize,
    pub disposals_done: i64,
    pub disposal_rows: Vec<Vec<String>>,
    /// Training compliance at the quarter's end (or today, if sooner).
    pub training: crate::training::Compliance,
    pub audits: Vec<crate::assurance::AuditRow>,
    pub accountability: Option<crate::assurance::Progress>,
    /// On the hub: the latest return from each laptop, `current` when written after the quarter
    /// ended (so what it sent covers the whole quarter). Empty on any other copy.
    pub returns: Vec<crate::returns::Laptop>,
    /// What left the registers during the quarter, by kind.
    pub exports: Vec<crate::trail::ExportCount>,
    /// The audit trail the pack was made from (its length and head), printed so that a trail
    /// rewritten afterwards is caught.
    pub anchor: crate::audit::Anchor,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreachRow {
    pub reference: String,
    pub title: String,
    pub department: String,
    pub cause: String,
    pub types: String,
    pub severity: String,
    pub ico: String,
    pub lessons: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionRow {
    pub area: String,
    pub reference: String,
    pub title: String,
    pub owner: String,
    pub due_on: String,
    pub status: String,
    pub rag: Option<String>,
    pub commentary: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct RiskChange {
    pub reference: String,
    pub title: String,
    /// Message id: new, closed, rescored.
    pub what: &'static str,
    pub from: Option<i64>,
    pub to: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewLine {
    pub register: String,
    pub overdue: i64,
    pub due_soon: i64,
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

fn escalated_count(records: &[BTreeMap<String, Value>]) -> i64 {
    records
        .iter()
        .filter(|r| {
            r.get("escalated").is_some_and(Value::as_bool) && r.get("status").and_then(Value::as_str) != Some("closed")
        })
        .count() as i64
}

/// Reviews overdue across every register with a review date, at the end of `day`.
fn reviews_overdue_in(records: &[BTreeMap<String, Value>], def: &crate::register::RegisterDef, day: NaiveDate) -> i64 {
    let Some(field) = def.review_field else { return 0 };
    let day = day.to_string();
    records
        .iter()
        .filter(|r| def.review.is_active(r))
        .filter(|r| match r.get(field).and_then(Value::as_str) {
            Some(d) => d < day.as_str(),
            None => def.review.missing_is_overdue,
        })
        .count() as i64
}

/// Gathers every figure of the pack for `quarter`, as generated on `today`.
pub fn pack_figures(conn: &Connection, quarter: Quarter, today: NaiveDate, lang: Lang) -> Result<PackFigures> {
    let wording: Wording = crate::settings::load(conn)?.wording();
    let period = quarter.period();
    let prev = quarter.previous().period();
    let req = |kind: &str, p: Period| figures::requests(conn, kind, p, None);
    let (foi, eir, sar, complaints) =
        (req("foi", period)?, req("eir", period)?, req("sar", period)?, req("dp-complaint", period)?);
    let (foi_p, eir_p, sar_p) = (req("foi", prev)?, req("eir", prev)?, req("sar", prev)?);
    let breaches = figures::breaches(conn, period, None)?;
    let breaches_p = figures::breaches(conn, prev, None)?;

    // State figures: now for this quarter (or its end, if it has ended), rebuilt for the last.
    let state_day = today.min(period.last);
    let risks_now =
        escalated_count(&store::all(conn, &registers::risks::DEF)?.into_iter().map(|r| r.fields).collect::<Vec<_>>());
    let risks_prev = crate::trail::as_of(conn, &registers::risks::DEF, prev.last)?.map(|r| escalated_count(&r));
    let mut reviews_now = 0;
    let mut reviews_prev = Some(0);
    let mut reviews = vec![];
    let msgs = Messages::for_lang(lang);
    for def in registers::all() {
        if let Some((overdue, due_soon)) = store::review_counts(conn, def, today)? {
            reviews_now += overdue;
            reviews.push(ReviewLine { register: msgs.get(&format!("register-{}", def.name)), overdue, due_soon });
            reviews_prev = match (reviews_prev, crate::trail::as_of(conn, def, prev.last)?) {
                (Some(n), Some(recs)) => Some(n + reviews_overdue_in(&recs, def, prev.last)),
                _ => None,
            };
        }
    }
    let due = registers::retention::due_for_disposal(conn, today, 90, lang)?;
    let disposals_due = due.iter().filter(|d| d.overdue).count();
    let disposals_done: i64 = conn.query_row(
        "SELECT count(*) FROM disposals WHERE disposal_date BETWEEN ?1 AND ?2",
        params![period.first.to_string(), period.last.to_string()],
        |r| r.get(0),
    )?;

    let target = crate::settings::load(conn)?.training_target_pct;
    let training = crate::training::compliance(conn, state_day, target, lang)?;
    let training_prev = crate::training::compliance(conn, prev.last, target, lang)?;
    let kpis = vec![
        Kpi {
            id: "pack-kpi-foi",
            value: foi.percent_on_time(),
            previous: foi_p.percent_on_time(),
            percent: true,
            target: Target::IcoBands,
            higher_is_better: true,
        },
        Kpi {
            id: "pack-kpi-eir",
            value: eir.percent_on_time(),
            previous: eir_p.percent_on_time(),
            percent: true,
            target: Target::IcoBands,
            higher_is_better: true,
        },
        Kpi {
            id: "pack-kpi-sar",
            value: sar.percent_on_time(),
            previous: sar_p.percent_on_time(),
            percent: true,
            target: Target::IcoBands,
            higher_is_better: true,
        },
        Kpi {
            id: "pack-kpi-breaches",
            value: Some(breaches.incidents as f64),
            previous: Some(breaches_p.incidents as f64),
            percent: false,
            target: Target::None,
            higher_is_better: false,
        },
        Kpi {
            id: "pack-kpi-72h",
            value: breaches.percent_within_72h(),
            previous: breaches_p.percent_within_72h(),
            percent: true,
            target: Target::All,
            higher_is_better: true,
        },
        Kpi {
            id: "pack-kpi-training",
            value: training.staff.pct(),
            previous: training_prev.staff.pct(),
            percent: true,
            target: Target::AtLeast(target),
            higher_is_better: true,
        },
        Kpi {
            id: "pack-kpi-actions-overdue",
            value: Some(actions_overdue_at(conn, state_day, None)? as f64),
            previous: Some(actions_overdue_at(conn, prev.last, None)? as f64),
            percent: false,
            target: Target::Zero,
            higher_is_better: false,
        },
        Kpi {
            id: "pack-kpi-risks-escalated",
            value: Some(risks_now as f64),
            previous: risks_prev.map(|n| n as f64),
            percent: false,
            target: Target::None,
            higher_is_better: false,
        },
        Kpi {
            id: "pack-kpi-reviews-overdue",
            value: Some(reviews_now as f64),
            previous: reviews_prev.map(|n| n as f64),
            percent: false,
            target: Target::Zero,
            higher_is_better: false,
        },
        Kpi {
            id: "pack-kpi-disposals-due",
            value: Some(disposals_due as f64),
            previous: None,
            percent: false,
            target: Target::Zero,
            higher_is_better: false,
        },
    ];

    let by_department = department_requests(conn, period, lang)?;

    let mut trend = vec![];
    let mut q = quarter;
    for _ in 0..7 {
        q = q.previous();
    }
    for _ in 0..8 {
        let (fr, fa, fo) = timeliness(conn, &["foi", "eir"], q.period())?;
        let (sr, sa, so) = timeliness(conn, &["sar"], q.period())?;
        trend.push(Trend {
            quarter: q,
            foi_eir_received: fr,
            foi_eir_on_time: pct(fo, fa),
            sar_received: sr,
            sar_on_time: pct(so, sa),
        });
        q = q.next();
    }

    // Breaches this quarter, in the order the council became aware of them.
    let (start, end) = (period.start_instant(), period.end_instant());
    let mut breach_rows = vec![];
    for rec in store::all_in(conn, &registers::breaches::DEF, lang)? {
        let aware = rec.get("aware_at").as_str().unwrap_or_default().to_string();
        if aware < start || aware >= end || rec.get("near_miss").as_bool() {
            continue;
        }
        let f = |name: &str| {
            store::display_value(&rec, registers::breaches::DEF.field(name).expect("field"), lang, &wording)
        };
        let ico = if rec.get("reported_at").is_empty() {
            msgs.get("pack-ico-not-reported")
        } else if rec.get("reported_in_time").as_str() == Some("yes") {
            msgs.get("pack-ico-in-time")
        } else {
            msgs.get("pack-ico-late")
        };
        breach_rows.push((
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
    breach_rows.sort_by(|a, b| a.0.cmp(&b.0));
    let breach_rows = breach_rows.into_iter().map(|(_, r)| r).collect();

    // The action plan, by approach area, with this quarter's update.
    let q_text = quarter.to_string();
    let mut updates: BTreeMap<String, (String, String)> = BTreeMap::new();
    for u in store::all(conn, &registers::action_updates::DEF)? {
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
    let mut actions = vec![];
    for rec in store::all_in(conn, adef, lang)? {
        let status = rec.get("status").as_str().unwrap_or_default().to_string();
        let completed_before = rec.get("completed_on").as_str().is_some_and(|c| c < period.first.to_string().as_str());
        if status == "cancelled" || completed_before {
            continue;
        }
        let f = |name: &str| store::display_value(&rec, adef.field(name).expect("field"), lang, &wording);
        let (rag, commentary) = updates.get(&rec.id.to_string()).cloned().unwrap_or_default();
        actions.push(ActionRow {
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
    actions.sort_by_key(|a| (area_order.iter().position(|x| *x == a.area).unwrap_or(99), a.reference.clone()));

    // Risks: the heat map and those above the escalation score, now; changes in the quarter.
    let heat = registers::risks::heat_map(conn, lang)?;
    let escalated = escalated_risks(conn, lang, &wording)?;
    let risk_changes = risk_changes(conn, period)?;

    let mut disposal_rows = vec![];
    for d in due.iter().take(40) {
        disposal_rows.push(vec![
            d.asset_reference.clone(),
            d.asset_name.clone(),
            d.department.clone(),
            short_date(d.due),
        ]);
    }

    Ok(PackFigures {
        quarter,
        generated_on: today,
        kpis,
        foi,
        eir,
        sar,
        complaints,
        by_department,
        trend,
        breaches,
        breach_rows,
        actions,
        heat,
        escalated,
        risk_changes,
        reviews,
        disposals_due,
        disposals_done,
        disposal_rows,
        training,
        audits: crate::assurance::audits_in(conn, period, lang)?,
        accountability: crate::assurance::progress(conn, state_day, lang)?,
        returns: crate::returns::laptops(conn, quarter.last_day() + chrono::Days::new(1), lang)?,
        exports: crate::trail::export_counts(conn, period)?,
        anchor: crate::audit::anchor(conn)?,
    })
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

/// Risks added, closed or rescored during the period, from the audit trail.
fn risk_changes(conn: &Connection, period: Period) -> Result<Vec<RiskChange>> {
    let mut stmt = conn.prepare(
        "SELECT a.record_id, a.action, a.changes, coalesce(r.reference, ''), coalesce(r.title, '')
         FROM audit a LEFT JOIN risks r ON r.id = a.record_id
         WHERE a.register = 'risks' AND a.action <> 'export' AND a.at >= ?1 AND a.at < ?2 ORDER BY a.seq",
    )?;
    let rows = stmt.query_map(params![period.start_instant(), period.end_instant()], |r| {
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

/// Lays the pack out and returns the PDF.
pub fn render_pack(
    fig: &PackFigures,
    opts: &PackOptions,
    council: &str,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u8),
) -> Vec<u8> {
    let lang = opts.lang;
    let m = Messages::for_lang(lang);
    let arg = |pairs: &[(&str, String)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Vec<_>>();
    let q = fig.quarter;
    let period = q.period();
    let quarter_name = m.fmt("pack-quarter-name", &arg(&[("q", q.q.to_string()), ("fy", q.financial_year())]));
    let dates = m.fmt(
        "pack-quarter-dates",
        &arg(&[
            ("from", crate::i18n::long_date(lang, period.first)),
            ("to", crate::i18n::long_date(lang, period.last)),
        ]),
    );
    let title = m.fmt("pack-title", &arg(&[("quarter", quarter_name.clone())]));
    let marking = m.get(opts.marking.message_id());
    let mut doc = Doc::new(&title);
    let pc = |v: Option<f64>| v.map(|v| format!("{v:.1}%")).unwrap_or_else(|| m.get("pack-none"));

    // 1. Cover.
    let cover_lines = [
        (m.get("pack-cover-quarter"), format!("{quarter_name} ({dates})")),
        (
            m.get("pack-cover-meeting"),
            opts.meeting.map(|d| crate::i18n::long_date(lang, d)).unwrap_or_else(|| m.get("pack-none")),
        ),
        (m.get("pack-cover-marking"), marking.clone()),
        (m.get("pack-cover-version"), opts.version.clone()),
        (m.get("pack-cover-generated"), crate::i18n::long_date(lang, fig.generated_on)),
    ];
    draw_cover(&mut doc, council, &m.get("pack-cover-group"), &m.get("pack-cover-kind"), &cover_lines);
    doc.note(&m.get("pack-cover-note"));
    progress(10);

    // 2. Summary of KPIs.
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
    progress(25);

    // 3. Incidents and breaches.
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
    progress(40);

    // 4. Access to information.
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
    draw_departments(&mut doc, m, &fig.by_department);
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
    progress(60);

    // 5. Training.
    doc.heading(1, &m.get("pack-training"));
    draw_training(&mut doc, m, &fig.training, lang);

    // 6. Action plan.
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
    progress(75);

    // 7. Information risks.
    doc.heading(1, &m.get("pack-risks"));
    draw_risks(&mut doc, m, &fig.heat, &fig.escalated, fig.generated_on);
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
    progress(85);

    // 8. Registers health.
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
    draw_returns(&mut doc, m, fig, lang);
    draw_exports(&mut doc, m, &m.get("pack-exports-quarter"), &fig.exports, None);
    doc.heading(2, &m.get("pack-audits"));
    draw_audits(&mut doc, m, &fig.audits);
    doc.heading(2, &m.get("annual-accountability"));
    draw_accountability(&mut doc, m, fig.accountability.as_ref(), lang);

    // 9. Appendix: records due for disposal.
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
    draw_anchor(&mut doc, m, &fig.anchor);
    progress(95);
    let bytes = finish(doc, m, &marking, &title, council, &m.get("pack-cover-group"), now);
    progress(100);
    bytes
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

/// On the hub: how complete the figures are, laptop by laptop (whether each had sent a return
/// written after the quarter ended). Nothing on any other copy.
fn draw_returns(doc: &mut Doc, m: &Messages, fig: &PackFigures, lang: Lang) {
    if fig.returns.is_empty() {
        return;
    }
    doc.heading(2, &m.get("pack-returns"));
    let current = fig.returns.iter().filter(|l| l.current).count();
    let args: crate::i18n::Args = vec![
        ("current".into(), current.to_string()),
        ("total".into(), fig.returns.len().to_string()),
        ("date".into(), crate::i18n::long_date(lang, fig.quarter.last_day())),
    ];
    doc.body(&m.fmt("pack-returns-intro", &args));
    let rows: Vec<Vec<Cell>> = fig
        .returns
        .iter()
        .map(|l| {
            let covers = if l.current {
                Cell::new(m.get("pack-covers-yes"))
            } else {
                Cell::filled(m.get("pack-covers-no"), Rag::Amber.fill())
            };
            vec![
                Cell::new(l.source_name.as_str()),
                Cell::new(l.department.clone().unwrap_or_else(|| m.get("pack-returns-department-unknown"))),
                Cell::new(l.seq.to_string()),
                Cell::new(l.written.as_str()),
                covers,
            ]
        })
        .collect();
    doc.table(
        &[
            Column::left(m.get("pack-col-laptop"), 2.0),
            Column::left(m.get("pack-col-department"), 2.6),
            Column::right(m.get("pack-col-latest-return"), 1.1),
            Column::left(m.get("pack-col-written"), 1.6),
            Column::left(m.get("pack-col-covers"), 1.3),
        ],
        &rows,
    );
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
fn pct_text(p: Option<f64>) -> String {
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
