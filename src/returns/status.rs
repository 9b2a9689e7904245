//! Where returns stand: the Returns screen's summary on a laptop and on the hub, each laptop's
//! last return, and the conflicts waiting.

use super::*;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

/// Where this installation stands with the hub, for the Returns screen.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// `alone` (not joined), `department` or `hub`.
    pub role: &'static str,
    /// Department: returns written, the last acknowledged, reference packs applied. Hub: packs
    /// written.
    pub returns_written: i64,
    pub acknowledged: i64,
    pub packs: i64,
    /// Department: records the next return would carry.
    pub pending: i64,
    /// Hub: returns applied, newest first.
    pub received: Vec<Received>,
    /// Hub: conflicts waiting for a decision.
    pub waiting: i64,
    /// Hub: the latest return from each laptop, the longest without one first.
    pub laptops: Vec<Laptop>,
    /// The day the current financial quarter began, in words.
    pub quarter_began: String,
}

/// Hub: the latest return from one laptop.
#[derive(Debug, Clone, Serialize)]
pub struct Laptop {
    pub source_name: String,
    /// The department the laptop keeps, named in the screen's language.
    pub department: Option<String>,
    pub seq: i64,
    /// Europe/London time.
    pub written: String,
    pub applied: String,
    /// Written on or after the day it was measured from: the Returns screen's, the day the
    /// current quarter began; the IMG pack's, the day after its quarter ended.
    pub current: bool,
}

/// A return the hub has applied.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub source_name: String,
    pub seq: i64,
    /// Europe/London time.
    pub written: String,
    pub applied: String,
    /// Who applied it here (none: applied by a version that did not record it).
    pub applied_by: Option<String>,
    pub added: i64,
    pub changed: i64,
    pub deleted: i64,
    pub conflicts: i64,
    /// The department's own audit entries it brought, kept with it (see [`trail`]).
    pub entries: i64,
}

pub(super) fn london(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| crate::time::london_display(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| stamp.to_string())
}

/// Where this installation stands with the hub on `today`, named in `lang`.
pub fn status(conn: &Connection, today: chrono::NaiveDate, lang: crate::i18n::Lang) -> Result<Status> {
    let k = keys(conn)?;
    let role = match &k {
        None => "alone",
        Some(k) if k.hub_secret.is_some() => "hub",
        Some(_) => "department",
    };
    let packs: i64 = conn.query_row("SELECT coalesce(max(pack_seq), 0) FROM sync_keys", [], |r| r.get(0))?;
    let began = crate::figures::Quarter::containing(today).first_day();
    let mut st = Status {
        role,
        returns_written: 0,
        acknowledged: 0,
        packs,
        pending: 0,
        received: vec![],
        waiting: 0,
        laptops: vec![],
        quarter_began: crate::i18n::long_date(lang, began),
    };
    if role == "department" {
        let (last, acked_seq, acked): (i64, i64, i64) =
            conn.query_row("SELECT last_seq, acked_seq, acked_audit FROM sync_out", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        st.returns_written = last;
        st.acknowledged = acked_seq;
        let mut stmt = conn.prepare(
            "SELECT DISTINCT register, record_id FROM audit WHERE seq > ?1 AND action NOT IN ('export', 'key')",
        )?;
        st.pending = stmt
            .query_map([acked], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .iter()
            .filter(|r| travels_in_returns(r))
            .count() as i64;
    }
    if role == "hub" {
        let mut stmt = conn.prepare(
            "SELECT source_name, seq, written_at, applied_at, summary, trail_lines, applied_by FROM returns_in
             ORDER BY applied_at DESC, source, seq DESC LIMIT 100",
        )?;
        st.received = stmt
            .query_map([], |r| {
                let summary: serde_json::Value = serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default();
                let n = |k: &str| summary.get(k).and_then(serde_json::Value::as_i64).unwrap_or(0);
                Ok(Received {
                    source_name: r.get(0)?,
                    seq: r.get(1)?,
                    written: london(&r.get::<_, String>(2)?),
                    applied: london(&r.get::<_, String>(3)?),
                    applied_by: r.get(6)?,
                    added: n("added"),
                    changed: n("changed"),
                    deleted: n("deleted"),
                    conflicts: n("conflicts"),
                    entries: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        st.waiting =
            conn.query_row("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL", [], |r| r.get(0))?;
        st.laptops = laptops(conn, began, lang)?;
    }
    Ok(st)
}

/// Hub: the latest return from each laptop, the longest without one first, each `current` when
/// it was written on or after `since`; departments named in `lang`.
pub fn laptops(conn: &Connection, since: chrono::NaiveDate, lang: crate::i18n::Lang) -> Result<Vec<Laptop>> {
    let department = crate::register::store::title_sql(&crate::registers::departments::DEF, lang);
    let mut stmt = conn.prepare(&format!(
        "SELECT r.source_name, (SELECT {department} FROM departments x WHERE x.id = r.department_id), r.seq, r.written_at, r.applied_at
         FROM returns_in r WHERE r.seq = (SELECT max(seq) FROM returns_in WHERE source = r.source)
         ORDER BY r.written_at, r.source_name"
    ))?;
    let rows = stmt
        .query_map([], |r| {
            let written: String = r.get(3)?;
            let on =
                DateTime::parse_from_rfc3339(&written).map(|t| crate::time::london_date(t.with_timezone(&Utc))).ok();
            Ok(Laptop {
                source_name: r.get(0)?,
                department: r.get(1)?,
                seq: r.get(2)?,
                written: london(&written),
                applied: london(&r.get::<_, String>(4)?),
                current: on.is_some_and(|d| d >= since),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// Conflicts not yet decided.
pub fn open_conflicts(conn: &Connection) -> Result<Vec<(i64, String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, source_name, register, record_id FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY id",
    )?;
    let rows =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
