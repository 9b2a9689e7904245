//! What the dashboard shows on opening: how many records each register holds, and what needs
//! attention (no current SIRO, a department with no Information Asset Owner, asset reviews
//! overdue or never done). Later issues add statutory clocks here.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::i18n::{Args, Lang, Messages};
use crate::registers;

#[derive(Debug, Serialize)]
pub struct Count {
    pub register: &'static str,
    pub label: String,
    pub count: i64,
}

#[derive(Debug, Serialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Notice,
}

#[derive(Debug, Serialize)]
pub struct Attention {
    /// Stable code for tests and the front end.
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Where the window should go to deal with it: a register and filters.
    pub register: Option<&'static str>,
    pub filter: Option<(&'static str, &'static str)>,
}

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub council: String,
    pub counts: Vec<Count>,
    pub attention: Vec<Attention>,
}

pub fn build(conn: &Connection, today: NaiveDate, lang: Lang) -> Result<Dashboard> {
    let msgs = Messages::for_lang(lang);
    let council: String = conn.query_row("SELECT council_name FROM installation", [], |r| r.get(0))?;
    let mut counts = vec![];
    for def in registers::all() {
        let count: i64 = conn.query_row(&format!("SELECT count(*) FROM {}", def.table), [], |r| r.get(0))?;
        counts.push(Count { register: def.name, label: msgs.get(&format!("register-{}", def.name)), count });
    }
    let mut attention = vec![];
    if !registers::roles::is_filled(conn, "siro", None, today)? {
        attention.push(Attention {
            code: "no-siro",
            severity: Severity::Warning,
            message: msgs.get("dash-no-siro"),
            register: Some("roles"),
            filter: Some(("role", "siro")),
        });
    }
    for name in registers::roles::departments_without_iao(conn, today)? {
        let args: Args = vec![("department".into(), name)];
        attention.push(Attention {
            code: "no-iao",
            severity: Severity::Warning,
            message: msgs.fmt("dash-no-iao", &args),
            register: Some("roles"),
            filter: Some(("role", "iao")),
        });
    }
    let (overdue, never): (i64, i64) = conn.query_row(
        "SELECT count(*) FILTER (WHERE next_review < ?1), count(*) FILTER (WHERE next_review IS NULL) FROM assets",
        [today.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if overdue + never > 0 {
        let args: Args = vec![("overdue".into(), overdue.to_string()), ("never".into(), never.to_string())];
        attention.push(Attention {
            code: "assets-review-overdue",
            severity: Severity::Notice,
            message: msgs.fmt("dash-assets-overdue", &args),
            register: Some("assets"),
            filter: Some(("due", "overdue")),
        });
    }
    Ok(Dashboard { council, counts, attention })
}
