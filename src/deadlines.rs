//! Statutory clocks under UK rules (docs/domain.md §1–3).
//!
//! - **Working day** (FOIA s10(6), EIR reg 2(1)): not a Saturday or Sunday, Christmas Day, Good
//!   Friday, or a bank holiday under the Banking and Financial Dealings Act 1971 in *any* part of
//!   the UK. So Scottish-only and Northern-Irish-only bank holidays stop a Welsh council's FOI
//!   and EIR clocks too (St Andrew's Day, 2 January, 12 July, ...).
//! - **FOI** (s10(1)): the 20th working day following the date of receipt. Day 1 is the first
//!   working day after the day it arrived, whatever day that was (the stricter reading, as
//!   docs/domain.md asks). A public-interest extension adds up to 20 working days (40 in all).
//! - **EIR** (reg 5(2)): 20 working days, 40 with a reg 7 extension; reconsideration (reg 11):
//!   40 working days from receipt of the representations.
//! - **Internal review of FOI** (s45 Code): 20 working days, 40 if complex.
//! - **SAR** (UK GDPR Art 12(3), ICO rule): from the latest of receipt, ID and fee, the
//!   corresponding date next month, or that month's last day when there is none; on a weekend
//!   or an England and Wales bank holiday, the next working day. An extension makes it three
//!   months. Paused days (DUAA stop-the-clock for clarification) are added before rolling over.
//! - **DP complaints** (DPA 2018 s164A, DUAA): acknowledge within 30 calendar days.
//! - **Breach** (UK GDPR Art 33): awareness + 72 clock hours, weekends and holidays included.
//!
//! Nothing here reads the clock: every function takes its dates.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::time::add_months;

/// Which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Clock {
    Foi,
    Eir,
    Sar,
    FoiReview,
    EirReview,
    ComplaintAck,
}

impl std::str::FromStr for Clock {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Clock> {
        Ok(match s {
            "foi" => Clock::Foi,
            "eir" => Clock::Eir,
            "sar" => Clock::Sar,
            "foi-review" => Clock::FoiReview,
            "eir-review" => Clock::EirReview,
            "complaint-ack" => Clock::ComplaintAck,
            _ => return Err(crate::Error::bad_input_with("err-bad-clock", &[("value", s)])),
        })
    }
}

/// The UK bank holidays Cofrestr knows, plus any days proclaimed since it was built.
#[derive(Debug, Clone)]
pub struct Calendar {
    england_wales: BTreeSet<NaiveDate>,
    elsewhere_in_uk: BTreeSet<NaiveDate>,
    first_year: i32,
    last_year: i32,
}

#[derive(Deserialize)]
struct Shipped {
    first_year: i32,
    last_year: i32,
    #[serde(rename = "england-and-wales")]
    england_wales: Vec<NaiveDate>,
    #[serde(rename = "scotland-only")]
    scotland: Vec<NaiveDate>,
    #[serde(rename = "northern-ireland-only")]
    northern_ireland: Vec<NaiveDate>,
}

/// Where a proclaimed day is a bank holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    EnglandAndWales,
    Scotland,
    NorthernIreland,
}

impl Calendar {
    /// The 2016–2030 tables shipped in `assets/reference/bank_holidays.json`.
    pub fn shipped() -> &'static Calendar {
        static CAL: OnceLock<Calendar> = OnceLock::new();
        CAL.get_or_init(|| {
            let s: Shipped = serde_json::from_str(include_str!("../assets/reference/bank_holidays.json"))
                .expect("bank_holidays.json is valid");
            Calendar {
                england_wales: s.england_wales.into_iter().collect(),
                elsewhere_in_uk: s.scotland.into_iter().chain(s.northern_ireland).collect(),
                first_year: s.first_year,
                last_year: s.last_year,
            }
        })
    }

    /// The shipped calendar with days proclaimed under the 1971 Act added by the user.
    pub fn with_proclaimed(days: impl IntoIterator<Item = (NaiveDate, Nation)>) -> Calendar {
        let mut cal = Calendar::shipped().clone();
        for (d, nation) in days {
            match nation {
                Nation::EnglandAndWales => cal.england_wales.insert(d),
                Nation::Scotland | Nation::NorthernIreland => cal.elsewhere_in_uk.insert(d),
            };
        }
        cal
    }

    pub fn last_known_year(&self) -> i32 {
        self.last_year
    }

    fn weekend(d: NaiveDate) -> bool {
        matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// A working day for FOI and EIR: no weekend, Christmas Day, Good Friday or bank holiday
    /// anywhere in the UK.
    pub fn is_uk_working_day(&self, d: NaiveDate) -> bool {
        !(Self::weekend(d)
            || (d.month() == 12 && d.day() == 25)
            || d == good_friday(d.year())
            || self.england_wales.contains(&d)
            || self.elsewhere_in_uk.contains(&d))
    }

    /// A working day for rolling a SAR deadline forward: no weekend or England and Wales bank
    /// holiday (docs/domain.md §2.1 [DESIGN]).
    pub fn is_ew_working_day(&self, d: NaiveDate) -> bool {
        !(Self::weekend(d)
            || (d.month() == 12 && d.day() == 25)
            || d == good_friday(d.year())
            || self.england_wales.contains(&d))
    }

    /// The `n`th UK working day after `from` (day 1 is the first working day after `from`),
    /// skipping any day for which `paused` says the clock stood still.
    pub fn nth_working_day_after(&self, from: NaiveDate, n: u32, paused: impl Fn(NaiveDate) -> bool) -> NaiveDate {
        let mut d = from;
        let mut counted = 0;
        while counted < n {
            d = d.succ_opt().expect("date in range");
            if self.is_uk_working_day(d) && !paused(d) {
                counted += 1;
            }
        }
        d
    }

    /// UK working days from the day after `from` to `to` inclusive (0 when `to` <= `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d.succ_opt().expect("date in range");
            if self.is_uk_working_day(d) {
                n += 1;
            }
        }
        n
    }

    fn roll_to_ew_working_day(&self, mut d: NaiveDate) -> NaiveDate {
        while !self.is_ew_working_day(d) {
            d = d.succ_opt().expect("date in range");
        }
        d
    }

    fn beyond(&self, d: NaiveDate) -> bool {
        d.year() > self.last_year || d.year() < self.first_year
    }
}

/// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), less two days.
pub fn good_friday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date") - Duration::days(2)
}

/// A computed due date, and whether it ran past the years whose bank holidays are known (a
/// holiday proclaimed later could move it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    pub date: NaiveDate,
    pub beyond_known_holidays: bool,
}

/// What a clock needs to know.
#[derive(Debug, Clone, Default)]
pub struct ClockInput {
    pub received: Option<NaiveDate>,
    /// SAR: when the ID reasonably asked for arrived.
    pub id_received: Option<NaiveDate>,
    /// SAR: when a fee (manifestly unfounded or excessive requests only) arrived.
    pub fee_received: Option<NaiveDate>,
    pub extended: bool,
    /// Periods (inclusive) when the clock stood still: clarification awaited, fees notice
    /// unpaid.
    pub pauses: Vec<(NaiveDate, NaiveDate)>,
    /// Calendar days the clock stood still, when the periods themselves are not known (CLI).
    pub paused_days: u32,
}

/// The due date for a clock.
pub fn due(clock: Clock, input: &ClockInput, cal: &Calendar) -> Option<Due> {
    let received = input.received?;
    let paused = |d: NaiveDate| input.pauses.iter().any(|(a, b)| d >= *a && d <= *b);
    // With only a count of paused calendar days, treat the clock as starting that many days
    // later: for clarification (s1(3)) that is exactly the law, since the request is received
    // when the clarification is; for a fees notice it can differ by a weekend, and the register
    // (which keeps the actual dates) is exact.
    let start = received + Duration::days(input.paused_days as i64);
    let working = |n: u32| cal.nth_working_day_after(start, n, paused);
    let date = match clock {
        Clock::Foi => working(if input.extended { 40 } else { 20 }),
        Clock::Eir => working(if input.extended { 40 } else { 20 }),
        Clock::FoiReview => working(if input.extended { 40 } else { 20 }),
        Clock::EirReview => working(40),
        Clock::Sar => {
            let start = [Some(received), input.id_received, input.fee_received].into_iter().flatten().max()?;
            let months = if input.extended { 3 } else { 1 };
            let paused_days: i64 =
                input.pauses.iter().map(|(a, b)| (*b - *a).num_days() + 1).sum::<i64>() + input.paused_days as i64;
            // Corresponding date (clamped to month end), plus the inclusive paused days, then
            // the next England and Wales working day.
            cal.roll_to_ew_working_day(add_months(start, months) + Duration::days(paused_days))
        }
        // Calendar days, no roll-forward: acknowledging on day 30 even at a weekend is the
        // safer reading of "within 30 days".
        Clock::ComplaintAck => received + Duration::days(30),
    };
    Some(Due { date, beyond_known_holidays: cal.beyond(date) || cal.beyond(received) })
}

/// The date by which an extension must be notified: within the first 20 working days (FOI
/// public-interest, EIR reg 7) or within the first month (SAR).
pub fn extension_notice_by(clock: Clock, input: &ClockInput, cal: &Calendar) -> Option<NaiveDate> {
    let base = ClockInput { extended: false, ..input.clone() };
    match clock {
        Clock::Foi | Clock::Eir | Clock::Sar => due(clock, &base, cal).map(|d| d.date),
        _ => None,
    }
}

/// The ICO must hear of a notifiable breach within 72 clock hours of awareness.
pub fn breach_deadline(aware: DateTime<Utc>) -> DateTime<Utc> {
    aware + Duration::hours(72)
}

/// Time left on a breach clock (negative: overdue).
pub fn breach_time_left(aware: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    breach_deadline(aware) - now
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn cal() -> &'static Calendar {
        Calendar::shipped()
    }
    fn due_on(clock: Clock, received: NaiveDate) -> NaiveDate {
        due(clock, &ClockInput { received: Some(received), ..Default::default() }, cal()).unwrap().date
    }
    fn due_ext(clock: Clock, received: NaiveDate) -> NaiveDate {
        due(clock, &ClockInput { received: Some(received), extended: true, ..Default::default() }, cal()).unwrap().date
    }

    #[test]
    fn easter_dates() {
        assert_eq!(good_friday(2026), d(2026, 4, 3));
        assert_eq!(good_friday(2024), d(2024, 3, 29));
        assert_eq!(good_friday(2030), d(2030, 4, 19));
        assert_eq!(good_friday(2035), d(2035, 3, 23));
    }

    #[test]
    fn the_domain_worked_example_counts_st_andrews_day() {
        // Received Fri 20 Nov 2026: E&W holidays alone would give Fri 18 Dec; St Andrew's Day
        // (Mon 30 Nov, Scotland) is not a working day, so Mon 21 Dec.
        assert_eq!(due_on(Clock::Foi, d(2026, 11, 20)), d(2026, 12, 21));
        assert_eq!(due_on(Clock::Eir, d(2026, 11, 20)), d(2026, 12, 21));
    }

    #[test]
    fn a_weekend_receipt_counts_from_the_next_working_day() {
        // Sat 21 and Sun 22 Nov 2026: day 1 is Mon 23 Nov, as for a Friday receipt's Monday.
        assert_eq!(due_on(Clock::Foi, d(2026, 11, 21)), d(2026, 12, 21));
        assert_eq!(due_on(Clock::Foi, d(2026, 11, 22)), d(2026, 12, 21));
        // Received Mon 23 Nov: day 1 is Tue 24, so one working day later.
        assert_eq!(due_on(Clock::Foi, d(2026, 11, 23)), d(2026, 12, 22));
    }

    #[test]
    fn a_receipt_on_a_bank_holiday_starts_the_next_working_day() {
        // Good Friday 3 Apr 2026 and Easter Monday 6 Apr: day 1 is Tue 7 Apr; no holidays until
        // Mon 4 May (Early May), so day 20 is Tue 5 May.
        assert_eq!(due_on(Clock::Foi, d(2026, 4, 3)), d(2026, 5, 5));
    }

    #[test]
    fn christmas_and_new_year() {
        // Received Fri 18 Dec 2026. Not working: Fri 25 Dec, Mon 28 Dec (Boxing Day
        // substitute), Fri 1 Jan, and Mon 4 Jan 2027 (Scotland's substitute for 2 January).
        // Counted: 21-24 Dec (4), 29-31 Dec (7), 5-8 Jan (11), 11-15 Jan (16), 18-21 Jan (20).
        assert_eq!(due_on(Clock::Foi, d(2026, 12, 18)), d(2027, 1, 21));
        // 2027: Christmas on a Saturday, substitutes Mon 27 and Tue 28 Dec.
        // Received Thu 23 Dec 2027: day 1 Fri 24; 29,30,31 (4); 1 Jan 2028 is a Saturday, the
        // E&W substitute Mon 3 Jan and Scotland's Tue 4 Jan are both non-working; 5,6,7 (7),
        // 10-14 (12), 17-21 (17), 24,25,26 (20).
        assert_eq!(due_on(Clock::Foi, d(2027, 12, 23)), d(2028, 1, 26));
    }

    #[test]
    fn scottish_and_northern_irish_days_stop_the_foi_clock_but_not_the_sar_roll() {
        // 12 July 2027 (Mon, Boyne, NI only) is not an FOI working day.
        assert!(!cal().is_uk_working_day(d(2027, 7, 12)));
        assert!(cal().is_ew_working_day(d(2027, 7, 12)));
        // Scotland's summer holiday, Mon 3 Aug 2026.
        assert!(!cal().is_uk_working_day(d(2026, 8, 3)));
        // St Patrick's Day, Tue 17 Mar 2026.
        assert!(!cal().is_uk_working_day(d(2026, 3, 17)));
        // A SAR whose month ends on St Andrew's Day (Mon 30 Nov 2026) is due that day.
        assert_eq!(due_on(Clock::Sar, d(2026, 10, 30)), d(2026, 11, 30));
    }

    #[test]
    fn the_one_off_bank_holidays() {
        for day in [d(2020, 5, 8), d(2022, 6, 2), d(2022, 6, 3), d(2022, 9, 19), d(2023, 5, 8)] {
            assert!(!cal().is_uk_working_day(day), "{day}");
            assert!(!cal().is_ew_working_day(day), "{day}");
        }
        // The usual Early May Monday was a working day in 2020 (moved to VE Day).
        assert!(cal().is_uk_working_day(d(2020, 5, 4)));
        // FOI received Wed 1 Jun 2022: Thu 2 and Fri 3 (Jubilee) skipped; day 1 Mon 6 Jun,
        // day 20 Fri 1 Jul.
        assert_eq!(due_on(Clock::Foi, d(2022, 6, 1)), d(2022, 7, 1));
        // A SAR received 19 Aug 2022 falls due on Mon 19 Sep, the Queen's funeral: Tue 20 Sep.
        assert_eq!(due_on(Clock::Sar, d(2022, 8, 19)), d(2022, 9, 20));
    }

    #[test]
    fn sar_month_rules_from_the_ico() {
        assert_eq!(due_on(Clock::Sar, d(2025, 9, 3)), d(2025, 10, 3));
        // 31 Jan 2027 → 28 Feb 2027, a Sunday → Mon 1 Mar 2027 (docs/domain.md's example).
        assert_eq!(due_on(Clock::Sar, d(2027, 1, 31)), d(2027, 3, 1));
        // 29 February: a leap-year receipt has a corresponding date; 31 Jan 2028 → 29 Feb 2028 (Tue).
        assert_eq!(due_on(Clock::Sar, d(2028, 1, 31)), d(2028, 2, 29));
        assert_eq!(due_on(Clock::Sar, d(2028, 2, 29)), d(2028, 3, 29));
        // Received 30 Nov 2026 → 30 Dec 2026 (Wed).
        assert_eq!(due_on(Clock::Sar, d(2026, 11, 30)), d(2026, 12, 30));
        // Received 25 Nov 2026 → 25 Dec (Christmas, Fri) → Mon 28 is the Boxing Day
        // substitute → Tue 29 Dec.
        assert_eq!(due_on(Clock::Sar, d(2026, 11, 25)), d(2026, 12, 29));
        // Extension: three months from the start, same rules. 31 Jan 2027 → 30 Apr 2027 (Fri).
        assert_eq!(due_ext(Clock::Sar, d(2027, 1, 31)), d(2027, 4, 30));
    }

    #[test]
    fn sar_starts_at_the_latest_of_receipt_id_and_fee_and_pauses_add_days() {
        let input = ClockInput {
            received: Some(d(2026, 9, 1)),
            id_received: Some(d(2026, 9, 14)),
            fee_received: Some(d(2026, 9, 10)),
            ..Default::default()
        };
        assert_eq!(due(Clock::Sar, &input, cal()).unwrap().date, d(2026, 10, 14));
        // Clarification asked 20 Sep, answered 24 Sep: five inclusive days → Mon 19 Oct.
        let paused = ClockInput { pauses: vec![(d(2026, 9, 20), d(2026, 9, 24))], ..input.clone() };
        assert_eq!(due(Clock::Sar, &paused, cal()).unwrap().date, d(2026, 10, 19));
        let counted = ClockInput { paused_days: 5, ..input };
        assert_eq!(due(Clock::Sar, &counted, cal()).unwrap().date, d(2026, 10, 19));
    }

    #[test]
    fn foi_pauses_and_extensions() {
        // Extension: 40 working days from Fri 20 Nov 2026. After day 20 (Mon 21 Dec): 22,23,24
        // (23), 29,30,31 Dec (26), 5-8 Jan (30), 11-15 (35), 18-22 (40) → Fri 22 Jan 2027.
        assert_eq!(due_ext(Clock::Foi, d(2026, 11, 20)), d(2027, 1, 22));
        assert_eq!(due_ext(Clock::Eir, d(2026, 11, 20)), d(2027, 1, 22));
        assert_eq!(due_on(Clock::EirReview, d(2026, 11, 20)), d(2027, 1, 22));
        assert_eq!(due_ext(Clock::FoiReview, d(2026, 11, 20)), d(2027, 1, 22));
        assert_eq!(due_on(Clock::FoiReview, d(2026, 11, 20)), d(2026, 12, 21));
        // A fees notice given Wed 25 Nov, paid Tue 1 Dec: the working days 25, 26, 27 Nov and
        // 1 Dec are disregarded (30 Nov is St Andrew's Day anyway), so four more days.
        let input = ClockInput {
            received: Some(d(2026, 11, 20)),
            pauses: vec![(d(2026, 11, 25), d(2026, 12, 1))],
            ..Default::default()
        };
        assert_eq!(due(Clock::Foi, &input, cal()).unwrap().date, d(2026, 12, 29));
        // Clarification as a count: the request counts as received 10 days later (Mon 30 Nov):
        // day 1 Tue 1 Dec; 1-4 (4), 7-11 (9), 14-18 (14), 21-24 (18), then 25 and 28 Dec are
        // holidays, so 29 (19) and Wed 30 Dec (20).
        let input = ClockInput { received: Some(d(2026, 11, 20)), paused_days: 10, ..Default::default() };
        assert_eq!(due(Clock::Foi, &input, cal()).unwrap().date, d(2026, 12, 30));
        assert_eq!(extension_notice_by(Clock::Foi, &input, cal()), Some(d(2026, 12, 30)));
    }

    #[test]
    fn complaint_acknowledgement_is_thirty_calendar_days() {
        assert_eq!(due_on(Clock::ComplaintAck, d(2026, 11, 24)), d(2026, 12, 24));
        assert_eq!(due_on(Clock::ComplaintAck, d(2026, 12, 2)), d(2027, 1, 1));
    }

    #[test]
    fn deadlines_past_the_known_holidays_are_flagged() {
        let inside =
            due(Clock::Foi, &ClockInput { received: Some(d(2030, 11, 1)), ..Default::default() }, cal()).unwrap();
        assert!(!inside.beyond_known_holidays);
        let past =
            due(Clock::Foi, &ClockInput { received: Some(d(2030, 12, 10)), ..Default::default() }, cal()).unwrap();
        assert!(past.beyond_known_holidays, "{past:?}");
        // Christmas Day and Good Friday are known by rule even beyond the table.
        assert!(!cal().is_uk_working_day(d(2031, 12, 25)));
        assert!(!cal().is_uk_working_day(good_friday(2031)));
    }

    #[test]
    fn proclaimed_days_count() {
        let extra = Calendar::with_proclaimed([(d(2027, 6, 7), Nation::EnglandAndWales)]);
        assert!(!extra.is_ew_working_day(d(2027, 6, 7)));
        assert!(cal().is_ew_working_day(d(2027, 6, 7)));
    }

    #[test]
    fn the_breach_clock_is_72_clock_hours_weekends_included() {
        // Aware Friday 17:00 (GMT) → Monday 17:00.
        let aware = Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0).unwrap();
        assert_eq!(breach_deadline(aware), Utc.with_ymd_and_hms(2026, 11, 23, 17, 0, 0).unwrap());
        let later = aware + Duration::hours(71);
        assert_eq!(breach_time_left(aware, later), Duration::hours(1));
        assert_eq!(breach_time_left(aware, aware + Duration::hours(80)), Duration::hours(-8));
    }
}
