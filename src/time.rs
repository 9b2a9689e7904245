//! Dates and times: UK calendar dates, financial quarters and years, and the parsing of what
//! people type. Instants are stored in UTC and shown in Europe/London time. Nothing here reads the clock:
//! callers pass "now" in.

use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, TimeZone, Utc};
use serde::Serialize;

use crate::error::{Error, Result};
use chrono_tz::Europe::London;

/// The calendar date in the UK at an instant (what "today" means to a council officer).
pub fn london_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&London).date_naive()
}

/// An instant as people in the UK read it, in UK time, day first: `24/11/2026 20:15` (the same
/// in Welsh).
pub fn london_display(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%d/%m/%Y %H:%M").to_string()
}

/// The instant a UK calendar day begins (midnight in London, whatever the clocks are doing).
pub fn london_midnight(d: NaiveDate) -> DateTime<Utc> {
    London
        .from_local_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"))
        .earliest()
        .expect("UK midnight exists")
        .with_timezone(&Utc)
}

pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Accepts ISO dates (`2026-11-24`) and the UK's day-first form (`24/11/2026`), nothing
/// ambiguous. Returns `None` for anything else, including impossible dates (30 February).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
}

/// Accepts RFC 3339 (`2026-11-24T09:30:00Z`), or a UK local time as people type it
/// (`2026-11-24 09:30`, `24/11/2026 09:30`, or the `T` form a datetime input sends), read as
/// Europe/London. In the hour the clocks go back, the earlier instant is taken: for a breach
/// clock that is the safer reading (the deadline comes sooner).
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    let local = ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())?;
    if !(1900..=2200).contains(&chrono::Datelike::year(&local)) {
        return None;
    }
    match chrono_tz::Europe::London.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(earlier, _) => Some(earlier.with_timezone(&Utc)),
        // A time skipped when the clocks go forward: the hour after it.
        chrono::LocalResult::None => chrono_tz::Europe::London
            .from_local_datetime(&(local + chrono::Duration::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc)),
    }
}

/// Adds calendar months, clamping to the last day of a shorter month (31 Jan + 1 month =
/// 28/29 Feb).
pub fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(months)).expect("date in range")
}

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
        if self.q == 4 {
            Quarter { year: self.year + 1, q: 1 }
        } else {
            Quarter { year: self.year, q: self.q + 1 }
        }
    }

    pub fn previous(self) -> Quarter {
        if self.q == 1 {
            Quarter { year: self.year - 1, q: 4 }
        } else {
            Quarter { year: self.year, q: self.q - 1 }
        }
    }

    pub fn period(self) -> Period {
        Period { first: self.first_day(), last: self.last_day() }
    }

    /// The financial year it belongs to, e.g. `2026-27`.
    pub fn financial_year(self) -> String {
        format!("{}-{:02}", self.year, (self.year + 1) % 100)
    }
}

/// A financial year as people write it (`2025-26`): the calendar year it starts.
pub fn parse_financial_year(s: &str) -> Option<i32> {
    format!("{}-Q1", s.trim()).parse::<Quarter>().ok().map(|q| q.year)
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
        quarters: quarters
            .into_iter()
            .map(|q| QuarterChoice { value: q.to_string(), q: q.q, financial_year: q.financial_year() })
            .collect(),
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
    pub fn instants(self) -> (String, String) {
        (stamp(london_midnight(self.first)), stamp(london_midnight(self.last.succ_opt().expect("date"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn late_evening_in_summer_is_already_tomorrow_in_london() {
        // 23:30 UTC on 30 June is 00:30 BST on 1 July.
        let t = Utc.with_ymd_and_hms(2026, 6, 30, 23, 30, 0).unwrap();
        assert_eq!(london_date(t), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap());
        let w = Utc.with_ymd_and_hms(2026, 12, 31, 23, 30, 0).unwrap();
        assert_eq!(london_date(w), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        assert_eq!(london_display(t), "01/07/2026 00:30");
    }

    #[test]
    fn quarters_follow_the_financial_year() {
        let q: Quarter = "2026-27-Q2".parse().unwrap();
        assert_eq!(
            (q.first_day(), q.last_day()),
            (NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 9, 30).unwrap())
        );
        let q4: Quarter = "2025-26-Q4".parse().unwrap();
        assert_eq!(
            (q4.first_day(), q4.last_day()),
            (NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 3, 31).unwrap())
        );
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
