//! Instants are stored in UTC and shown in Europe/London time. Nothing here reads the clock:
//! callers pass "now" in.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Europe::London;

/// The calendar date in the UK at an instant (what "today" means to a council officer).
pub fn london_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&London).date_naive()
}

/// An instant as people in the UK read it, e.g. `2026-11-24 20:15`.
pub fn london_display(at: DateTime<Utc>) -> String {
    at.with_timezone(&London).format("%Y-%m-%d %H:%M").to_string()
}

pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
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
        assert_eq!(london_display(t), "2026-07-01 00:30");
    }
}
