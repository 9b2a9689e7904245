//! The figures the IMG quarterly pack, the SIRO's annual report and the dashboard share:
//! plain SQL over typed columns, per financial-year quarter (Q1 = April to June) and per
//! department.
//!
//! Definitions (after the s45 Code statistics, domain.md §11):
//! - *received*: received in the period; *closed*: answered (or withdrawn) in the period;
//! - *on time*: answered by the due date, with *within a permitted extension* counted apart;
//!   withdrawn or lapsed requests are left out of the timeliness figures;
//! - *still open*: received by the period's end and not answered by then;
//! - breaches belong to the period in which the council became aware of them, by the UK
//!   calendar date (an incident at 00:30 BST on 1 July is in Q2); near misses are counted apart.

use std::collections::BTreeMap;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{Error, Result};

/// A financial-year quarter, e.g. `2026-27-Q2` (July to September 2026).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Quarter {
    /// The calendar year in which the financial year starts (2026 for 2026-27).
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl FromStr for Quarter {
    type Err = Error;
    fn from_str(s: &str) -> Result<Quarter> {
        let bad = || Error::bad_input_with("err-bad-quarter", &[("value", s)]);
        let (fy, q) = s.trim().rsplit_once("-Q").or_else(|| s.trim().rsplit_once("-q")).ok_or_else(bad)?;
        let (start, end) = fy.split_once('-').ok_or_else(bad)?;
        let year: i32 = start.parse().map_err(|_| bad())?;
        let end: i32 = end.parse().map_err(|_| bad())?;
        let q: u8 = q.parse().map_err(|_| bad())?;
        if !(1..=4).contains(&q) || end != (year + 1) % 100 || !(2000..=2100).contains(&year) {
            return Err(bad());
        }
        Ok(Quarter { year, q })
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.financial_year(), self.q)
    }
}

impl Quarter {
    /// The quarter a date falls in.
    pub fn containing(d: NaiveDate) -> Quarter {
        let (year, q) = match d.month() {
            4..=6 => (d.year(), 1),
            7..=9 => (d.year(), 2),
            10..=12 => (d.year(), 3),
            _ => (d.year() - 1, 4),
        };
        Quarter { year, q }
    }

    pub fn first_day(self) -> NaiveDate {
        let (y, m) = match self.q {
            1 => (self.year, 4),
            2 => (self.year, 7),
            3 => (self.year, 10),
            _ => (self.year + 1, 1),
        };
        NaiveDate::from_ymd_opt(y, m, 1).expect("valid date")
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().expect("valid date")
    }

    pub fn next(self) -> Quarter {
        if self.q == 4 { Quarter { year: self.year + 1, q: 1 } } else { Quarter { year: self.year, q: self.q + 1 } }
    }

    pub fn previous(self) -> Quarter {
        if self.q == 1 { Quarter { year: self.year - 1, q: 4 } } else { Quarter { year: self.year, q: self.q - 1 } }
    }

    pub fn period(self) -> Period {
        Period { first: self.first_day(), last: self.last_day() }
    }

    /// The financial year it belongs to, e.g. `2026-27`.
    pub fn financial_year(self) -> String {
        format!("{}-{:02}", self.year, (self.year + 1) % 100)
    }
}

/// What a report can be asked for on `today`: the current quarter and the eight before it,
/// and the current financial year and the four before it, newest first; with the last
/// complete quarter and year, which are what a meeting usually reports.
#[derive(Debug, Clone, Serialize)]
pub struct ReportPeriods {
    pub quarters: Vec<QuarterChoice>,
    pub years: Vec<String>,
    pub default_quarter: String,
    pub default_year: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuarterChoice {
    /// `2026-27-Q2`.
    pub value: String,
    pub q: u8,
    /// `2026-27`.
    pub financial_year: String,
}

pub fn report_periods(today: NaiveDate) -> ReportPeriods {
    let current = Quarter::containing(today);
    let quarters: Vec<Quarter> = std::iter::successors(Some(current), |q| Some(q.previous())).take(9).collect();
    let years: Vec<String> = (0..5).map(|i| Quarter { year: current.year - i, q: 1 }.financial_year()).collect();
    ReportPeriods {
        default_quarter: current.previous().to_string(),
        default_year: years[1].clone(),
        quarters: quarters.into_iter().map(|q| QuarterChoice { value: q.to_string(), q: q.q, financial_year: q.financial_year() }).collect(),
        years,
    }
}

/// An inclusive range of UK calendar dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// A financial year, e.g. 2025 for 2025-26 (April to March).
    pub fn financial_year(year: i32) -> Period {
        Period { first: Quarter { year, q: 1 }.first_day(), last: Quarter { year, q: 4 }.last_day() }
    }

    /// The UK midnight that starts the period, as stored RFC 3339 text.
    pub fn start_instant(self) -> String {
        self.instants().0
    }

    /// The UK midnight that ends the period (the start of the day after), as stored text.
    pub fn end_instant(self) -> String {
        self.instants().1
    }

    /// The period as UTC instants [start, end) matching stored RFC 3339 text: UK midnight at
    /// each end, whatever the clocks are doing.
    fn instants(self) -> (String, String) {
        let midnight = |d: NaiveDate| {
            chrono_tz::Europe::London
                .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
                .earliest()
                .expect("UK midnight exists")
                .with_timezone(&Utc)
        };
        (crate::time::stamp(midnight(self.first)), crate::time::stamp(midnight(self.last.succ_opt().expect("date"))))
    }
}

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
        by_cause: tally(conn, &format!("SELECT b.cause, count(*) {base} AND b.near_miss = 0 AND b.cause IS NOT NULL GROUP BY b.cause"), p)?,
        reported_to_ico: count(conn, &q("b.reported_at IS NOT NULL"), p)?,
        reported_within_72h: count(conn, &q("b.reported_in_time = 'yes'"), p)?,
        people_told: count(conn, &q("b.tell_subjects = 'yes'"), p)?,
        cyber: count(conn, &q("b.cyber = 'yes' AND b.near_miss = 0"), p)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_follow_the_financial_year() {
        let q: Quarter = "2026-27-Q2".parse().unwrap();
        assert_eq!((q.first_day(), q.last_day()), (NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap()));
        let q4: Quarter = "2025-26-Q4".parse().unwrap();
        assert_eq!((q4.first_day(), q4.last_day()), (NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()));
        assert_eq!(q4.next().to_string(), "2026-27-Q1");
        assert_eq!(Quarter { year: 2026, q: 1 }.previous().to_string(), "2025-26-Q4");
        assert_eq!(Quarter::containing(NaiveDate::from_ymd_opt(2027, 2, 28).unwrap()).to_string(), "2026-27-Q4");
        for bad in ["2026-28-Q1", "2026-27-Q5", "2026-Q1", "Q2", "2026-27-Q0", ""] {
            assert!(bad.parse::<Quarter>().is_err(), "{bad}");
        }
        let p = report_periods(NaiveDate::from_ymd_opt(2026, 4, 2).unwrap());
        assert_eq!((p.quarters[0].value.as_str(), p.quarters[8].value.as_str()), ("2026-27-Q1", "2024-25-Q1"));
        assert_eq!((p.default_quarter.as_str(), p.default_year.as_str()), ("2025-26-Q4", "2025-26"));
        assert_eq!(p.years, ["2026-27", "2025-26", "2024-25", "2023-24", "2022-23"]);
        let fy = Period::financial_year(2025);
        assert_eq!((fy.first.to_string(), fy.last.to_string()), ("2025-04-01".into(), "2026-03-31".into()));
    }

    #[test]
    fn period_instants_are_uk_midnights() {
        let p = "2026-27-Q2".parse::<Quarter>().unwrap().period();
        // 1 July is in British Summer Time: UK midnight is 23:00 UTC the day before.
        assert_eq!(p.instants(), ("2026-06-30T23:00:00Z".into(), "2026-09-30T23:00:00Z".into()));
        let w = "2026-27-Q3".parse::<Quarter>().unwrap().period();
        assert_eq!(w.instants(), ("2026-09-30T23:00:00Z".into(), "2027-01-01T00:00:00Z".into()));
    }
}
