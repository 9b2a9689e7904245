//! The figures the IMG quarterly pack, the SIRO's annual report and the dashboard share:
//! plain SQL over typed columns, per financial-year quarter (Q1 = April to June) and per
//! department.
//!
//! Definitions (after the s45 Code statistics, docs/domain.md §11):
//! - *received*: received in the period; *closed*: answered (or withdrawn) in the period;
//! - *on time*: answered by the due date, with *within a permitted extension* counted apart;
//!   withdrawn or lapsed requests are left out of the timeliness figures;
//! - *still open*: received by the period's end and not answered by then;
//! - breaches belong to the period in which the council became aware of them, by the UK
//!   calendar date (an incident at 00:30 BST on 1 July is in Q2); near misses are counted apart.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::Result;

pub use crate::time::{report_periods, Period, Quarter, QuarterChoice, ReportPeriods};

/// Request figures for one kind of request (and optionally one department).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RequestFigures {
    pub received: i64,
    pub closed: i64,
    /// Answered by the due date without an extension.
    pub on_time: i64,
    /// Answered within a permitted extension.
    pub on_time_extended: i64,
    pub late: i64,
    pub withdrawn: i64,
    pub still_open: i64,
    pub extended: i64,
    pub clarification_sought: i64,
    pub outcomes: BTreeMap<String, i64>,
    pub exemptions: BTreeMap<String, i64>,
    pub reviews_requested: i64,
    pub reviews_completed: i64,
    pub reviews_on_time: i64,
    pub review_outcomes: BTreeMap<String, i64>,
    pub ico_complaints: i64,
    /// DP complaints acknowledged within 30 days.
    pub acknowledged_in_time: i64,
}

impl RequestFigures {
    /// Percentage answered on time (an extension permitted by law counts as on time), of those
    /// answered; `None` when nothing was answered.
    pub fn percent_on_time(&self) -> Option<f64> {
        let answered = self.on_time + self.on_time_extended + self.late;
        (answered > 0).then(|| 100.0 * (self.on_time + self.on_time_extended) as f64 / answered as f64)
    }
}

fn count(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<i64> {
    Ok(conn.query_row(sql, p, |r| r.get(0))?)
}

fn tally(conn: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<BTreeMap<String, i64>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(p, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Figures for requests of `kind` (`foi`, `eir`, `sar`, `rights`, `dp-complaint`) in a period,
/// for one department (by id) or all.
pub fn requests(conn: &Connection, kind: &str, period: Period, department: Option<&str>) -> Result<RequestFigures> {
    let (a, b) = (period.first.to_string(), period.last.to_string());
    // Every query shares the same base: requests of this kind, in this department if given.
    let base = "FROM requests r WHERE r.request_type = ?1
        AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(r.department_ids) WHERE value = ?4))";
    let q = |cond: &str| format!("SELECT count(*) {base} AND {cond}");
    let p = params![kind, a, b, department];
    let closed_cond = "r.responded_on BETWEEN ?2 AND ?3";
    let answered = "r.responded_on BETWEEN ?2 AND ?3 AND coalesce(r.outcome, '') <> 'withdrawn'";
    Ok(RequestFigures {
        received: count(conn, &q("r.received_on BETWEEN ?2 AND ?3"), p)?,
        closed: count(conn, &q(closed_cond), p)?,
        on_time: count(conn, &q(&format!("{answered} AND r.timeliness = 'on-time'")), p)?,
        on_time_extended: count(conn, &q(&format!("{answered} AND r.timeliness = 'on-time-extended'")), p)?,
        late: count(conn, &q(&format!("{answered} AND r.timeliness = 'late'")), p)?,
        withdrawn: count(conn, &q("r.responded_on BETWEEN ?2 AND ?3 AND r.outcome = 'withdrawn'"), p)?,
        still_open: count(
            conn,
            &q("r.received_on <= ?3 AND (r.responded_on IS NULL OR r.responded_on > ?3) AND coalesce(r.outcome, '') <> 'withdrawn'"),
            p,
        )?,
        extended: count(conn, &q(&format!("{closed_cond} AND r.extended = 1")), p)?,
        clarification_sought: count(conn, &q("r.clarification_sought_on BETWEEN ?2 AND ?3"), p)?,
        outcomes: tally(conn, &format!("SELECT r.outcome, count(*) {base} AND {closed_cond} AND r.outcome IS NOT NULL GROUP BY r.outcome"), p)?,
        exemptions: tally(
            conn,
            &(format!("SELECT e.value, count(*) {base} AND {closed_cond}")
                .replace("FROM requests r", "FROM requests r, json_each(r.exemptions) e")
                + " GROUP BY e.value"),
            p,
        )?,
        reviews_requested: count(conn, &q("r.review_requested_on BETWEEN ?2 AND ?3"), p)?,
        reviews_completed: count(conn, &q("r.review_completed_on BETWEEN ?2 AND ?3"), p)?,
        reviews_on_time: count(conn, &q("r.review_completed_on BETWEEN ?2 AND ?3 AND r.review_completed_on <= r.review_due_on"), p)?,
        review_outcomes: tally(
            conn,
            &format!("SELECT r.review_outcome, count(*) {base} AND r.review_completed_on BETWEEN ?2 AND ?3 AND r.review_outcome IS NOT NULL GROUP BY r.review_outcome"),
            p,
        )?,
        ico_complaints: count(conn, &q("r.ico_complaint = 1 AND coalesce(r.review_completed_on, r.responded_on) BETWEEN ?2 AND ?3"), p)?,
        acknowledged_in_time: count(
            conn,
            &q("r.received_on BETWEEN ?2 AND ?3 AND min(coalesce(r.acknowledged_on, '9999'), coalesce(r.responded_on, '9999')) <= r.due_on"),
            p,
        )?,
    })
}

/// Requests received in a period, per department (id → count), for the tables and charts.
pub fn requests_by_department(conn: &Connection, kinds: &[&str], period: Period) -> Result<BTreeMap<String, i64>> {
    let kinds_json = serde_json::to_string(kinds).expect("kinds serialise");
    tally(
        conn,
        "SELECT d.value, count(*) FROM requests r, json_each(r.department_ids) d
         WHERE r.request_type IN (SELECT value FROM json_each(?1)) AND r.received_on BETWEEN ?2 AND ?3
         GROUP BY d.value",
        params![kinds_json, period.first.to_string(), period.last.to_string()],
    )
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BreachFigures {
    /// Breaches and incidents, near misses apart.
    pub incidents: i64,
    pub near_misses: i64,
    /// confidentiality / integrity / availability → count (one incident can be several).
    pub by_type: BTreeMap<String, i64>,
    pub by_cause: BTreeMap<String, i64>,
    pub reported_to_ico: i64,
    pub reported_within_72h: i64,
    pub people_told: i64,
    pub cyber: i64,
}

impl BreachFigures {
    /// Percentage of ICO reports made within 72 hours; `None` with no reports.
    pub fn percent_within_72h(&self) -> Option<f64> {
        (self.reported_to_ico > 0).then(|| 100.0 * self.reported_within_72h as f64 / self.reported_to_ico as f64)
    }
}

pub fn breaches(conn: &Connection, period: Period, department: Option<&str>) -> Result<BreachFigures> {
    let (start, end) = period.instants();
    let base = "FROM breaches b WHERE b.aware_at >= ?1 AND b.aware_at < ?2 AND (?3 IS NULL OR b.department_id = ?3)";
    let p = params![start, end, department];
    let q = |cond: &str| format!("SELECT count(*) {base} AND {cond}");
    Ok(BreachFigures {
        incidents: count(conn, &q("b.near_miss = 0"), p)?,
        near_misses: count(conn, &q("b.near_miss = 1"), p)?,
        by_type: tally(
            conn,
            &format!("SELECT t.value, count(*) {base} AND b.near_miss = 0 GROUP BY t.value")
                .replace("FROM breaches b", "FROM breaches b, json_each(b.breach_types) t"),
            p,
        )?,
        by_cause: tally(
            conn,
            &format!("SELECT b.cause, count(*) {base} AND b.near_miss = 0 AND b.cause IS NOT NULL GROUP BY b.cause"),
            p,
        )?,
        reported_to_ico: count(conn, &q("b.reported_at IS NOT NULL"), p)?,
        reported_within_72h: count(conn, &q("b.reported_in_time = 'yes'"), p)?,
        people_told: count(conn, &q("b.tell_subjects = 'yes'"), p)?,
        cyber: count(conn, &q("b.cyber = 'yes' AND b.near_miss = 0"), p)?,
    })
}
