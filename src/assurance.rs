//! Assurance figures for the packs: the site audits carried out in a period and the progress of
//! the ICO Accountability Framework self-assessments.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::Result;
use crate::figures::Period;
use crate::i18n::Lang;

/// One site audit, as a pack lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRow {
    pub reference: String,
    pub site: String,
    pub department: String,
    pub date: chrono::NaiveDate,
    pub score: Option<i64>,
    pub rag: Option<String>,
    pub findings: i64,
    pub red_findings: i64,
    pub actions: i64,
}

/// The site audits dated within a period, oldest first.
pub fn audits_in(conn: &Connection, period: Period, lang: Lang) -> Result<Vec<AuditRow>> {
    let names = crate::registers::departments::names(conn, lang)?;
    let mut stmt = conn.prepare(
        "SELECT a.reference, a.site, a.department_id, a.audit_date, a.score, a.rag,
                (SELECT count(*) FROM site_audit_items i WHERE i.audit_id = a.id AND i.finding IS NOT NULL AND i.finding <> ''),
                (SELECT count(*) FROM site_audit_items i WHERE i.audit_id = a.id AND i.finding_rag = 'red'),
                (SELECT count(*) FROM site_audit_items i WHERE i.audit_id = a.id AND i.action_id IS NOT NULL)
           FROM site_audits a WHERE a.audit_date BETWEEN ?1 AND ?2 ORDER BY a.audit_date, a.reference",
    )?;
    let rows = stmt
        .query_map(params![period.first.to_string(), period.last.to_string()], |r| {
            let dept: Option<String> = r.get(2)?;
            let date: String = r.get(3)?;
            Ok(AuditRow {
                reference: r.get(0)?,
                site: r.get(1)?,
                department: dept.and_then(|d| names.get(&d).cloned()).unwrap_or_default(),
                date: crate::register::parse_date(&date).unwrap_or(period.first),
                score: r.get(4)?,
                rag: r.get(5)?,
                findings: r.get(6)?,
                red_findings: r.get(7)?,
                actions: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// One self-assessment's headline.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub title: String,
    pub assessed_on: chrono::NaiveDate,
    pub score: Option<i64>,
}

/// Ratings of one category: counts by rating.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Ratings {
    pub met: i64,
    pub partly: i64,
    pub not_met: i64,
    pub not_applicable: i64,
    pub unrated: i64,
}

/// The latest self-assessment on or before a day, the one before it, and each category's
/// ratings in both.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    pub latest: Assessment,
    pub previous: Option<Assessment>,
    /// Category label → (latest, previous).
    pub categories: Vec<(String, Ratings, Option<Ratings>)>,
}

fn ratings(conn: &Connection, assessment: &str) -> Result<BTreeMap<String, Ratings>> {
    let mut stmt = conn.prepare(
        "SELECT category, rating, count(*) FROM accountability_ratings WHERE assessment_id = ?1 GROUP BY 1, 2",
    )?;
    let mut out: BTreeMap<String, Ratings> = BTreeMap::new();
    for row in stmt.query_map([assessment], |r| {
        Ok((r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, i64>(2)?))
    })? {
        let (cat, rating, n) = row?;
        let e = out.entry(cat.unwrap_or_default()).or_default();
        match rating.as_deref() {
            Some("met") => e.met += n,
            Some("partly-met") => e.partly += n,
            Some("not-met") => e.not_met += n,
            Some("not-applicable") => e.not_applicable += n,
            _ => e.unrated += n,
        }
    }
    Ok(out)
}

/// Progress against the framework as at `day`; `None` before the first self-assessment.
pub fn progress(conn: &Connection, day: chrono::NaiveDate, lang: Lang) -> Result<Option<Progress>> {
    let mut stmt = conn.prepare(
        "SELECT id, title, assessed_on, score FROM accountability_assessments WHERE assessed_on <= ?1 ORDER BY assessed_on DESC LIMIT 2",
    )?;
    let found = stmt
        .query_map([day.to_string()], |r| {
            let d: String = r.get(2)?;
            Ok((
                r.get::<_, String>(0)?,
                Assessment {
                    title: r.get(1)?,
                    assessed_on: crate::register::parse_date(&d).unwrap_or(day),
                    score: r.get(3)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut found = found.into_iter();
    let Some((latest_id, latest)) = found.next() else { return Ok(None) };
    let previous = found.next();
    let now = ratings(conn, &latest_id)?;
    let before = match &previous {
        Some((id, _)) => Some(ratings(conn, id)?),
        None => None,
    };
    let categories = crate::reference::list("accountability_category")
        .iter()
        .map(|c| {
            let label = crate::reference::label("accountability_category", &c.value, lang);
            (
                label,
                now.get(&c.value).cloned().unwrap_or_default(),
                before.as_ref().map(|b| b.get(&c.value).cloned().unwrap_or_default()),
            )
        })
        .collect();
    Ok(Some(Progress { latest, previous: previous.map(|(_, a)| a), categories }))
}
