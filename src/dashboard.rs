//! What the dashboard shows on opening: how many records each register holds, and what needs
//! attention (no current SIRO, a department with no Information Asset Owner, asset reviews
//! overdue or never done). Later issues add statutory clocks here.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
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
    /// Where the window should go to deal with it: a register and filters, or another screen
    /// (`returns`).
    pub register: Option<&'static str>,
    pub filter: Option<(&'static str, &'static str)>,
    pub screen: Option<&'static str>,
}

/// Something with a statutory clock: a breach not yet reported, a request not yet answered.
#[derive(Debug, Serialize)]
pub struct DueItem {
    pub register: &'static str,
    pub id: String,
    /// `breach-clock`, `breach-overdue`, `request-due`, `request-overdue`, `request-stopped`.
    pub code: &'static str,
    /// Under 24 hours for a breach, two working days or less for a request, or overdue.
    pub urgent: bool,
    pub message: String,
    #[serde(skip)]
    key: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub council: String,
    pub due: Vec<DueItem>,
    pub counts: Vec<Count>,
    pub attention: Vec<Attention>,
    /// Assets whose oldest records are due for disposal within 90 days, or overdue.
    pub disposals: Vec<crate::registers::retention::DueDisposal>,
}

/// How far ahead the dashboard looks for records falling due for disposal.
pub const DISPOSAL_HORIZON_DAYS: u64 = 90;

fn hours_minutes(msgs: &Messages, d: chrono::Duration) -> String {
    let mins = d.num_minutes().abs();
    let args: Args = vec![("hours".into(), (mins / 60).to_string()), ("minutes".into(), (mins % 60).to_string())];
    msgs.fmt("duration-hours-minutes", &args)
}

/// Everything due or overdue across breaches and requests, soonest first.
pub fn due(conn: &Connection, now: DateTime<Utc>, lang: Lang) -> Result<Vec<DueItem>> {
    due_with(conn, &crate::registers::holidays::calendar(conn), now, lang)
}

fn due_with(
    conn: &Connection,
    cal: &crate::deadlines::Calendar,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<Vec<DueItem>> {
    let msgs = Messages::for_lang(lang);
    let today = crate::time::london_date(now);
    let mut items = vec![];
    let mut stmt = conn.prepare(
        "SELECT id, reference, title, ico_deadline FROM breaches WHERE status = 'open' AND ico_deadline IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    for row in rows {
        let (id, reference, title, deadline) = row?;
        let Ok(deadline) = DateTime::parse_from_rfc3339(&deadline).map(|d| d.with_timezone(&Utc)) else { continue };
        let left = deadline - now;
        let mut args: Args = vec![
            ("reference".into(), reference),
            ("title".into(), title),
            ("deadline".into(), crate::time::london_display(deadline)),
        ];
        let (code, id_msg) = if left >= chrono::Duration::zero() {
            args.push(("left".into(), hours_minutes(msgs, left)));
            ("breach-clock", "dash-breach-clock")
        } else {
            args.push(("over".into(), hours_minutes(msgs, left)));
            ("breach-overdue", "dash-breach-overdue")
        };
        items.push(DueItem {
            register: "breaches",
            id,
            code,
            urgent: left < chrono::Duration::hours(24),
            message: msgs.fmt(id_msg, &args),
            key: deadline,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT id, reference, request_type, status, CASE WHEN status = 'under-review' THEN review_due_on ELSE due_on END
         FROM requests WHERE status <> 'closed'",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    for row in rows {
        let (id, reference, kind, status, due) = row?;
        let type_label = crate::reference::label("request_type", &kind, lang);
        let mut args: Args = vec![("reference".into(), reference), ("type".into(), type_label)];
        let due = due.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let Some(due) = due else {
            args.push(("status".into(), crate::reference::label("request_status", &status, lang).to_lowercase()));
            items.push(DueItem {
                register: "requests",
                id,
                code: "request-stopped",
                urgent: false,
                message: msgs.fmt("dash-request-stopped", &args),
                key: DateTime::<Utc>::MAX_UTC,
            });
            continue;
        };
        args.push(("due".into(), crate::i18n::long_date(lang, due)));
        let key = due.and_hms_opt(23, 59, 0).expect("valid time").and_utc();
        if due >= today {
            let days = cal.working_days_between(today, due);
            args.push(("days".into(), days.to_string()));
            items.push(DueItem {
                register: "requests",
                id,
                code: "request-due",
                urgent: days <= 2,
                message: msgs.fmt("dash-request-due", &args),
                key,
            });
        } else {
            let days = cal.working_days_between(due, today).max(1);
            args.push(("days".into(), days.to_string()));
            items.push(DueItem {
                register: "requests",
                id,
                code: "request-overdue",
                urgent: true,
                message: msgs.fmt("dash-request-overdue", &args),
                key,
            });
        }
    }
    items.sort_by_key(|i| i.key);
    Ok(items)
}

pub fn build(conn: &Connection, now: DateTime<Utc>, lang: Lang) -> Result<Dashboard> {
    let today = crate::time::london_date(now);
    let msgs = Messages::for_lang(lang);
    let first_run_name: String = conn.query_row("SELECT council_name FROM installation", [], |r| r.get(0))?;
    // On Welsh screens, its Welsh name where Settings give one.
    let council =
        crate::settings::editable(conn).map(|e| e.settings).unwrap_or_default().council_name(&first_run_name, lang);
    let mut counts = vec![];
    // Child rows (partners, updates, versions, answers, ratings, completions) are parts of
    // their parents' records, not records held in their own right.
    for def in registers::all().iter().filter(|d| !registers::pages::is_child(d.name)) {
        let count: i64 = conn.query_row(&format!("SELECT count(*) FROM {}", def.table), [], |r| r.get(0))?;
        counts.push(Count { register: def.name, label: msgs.get(&format!("register-{}", def.name)), count });
    }
    let mut attention = vec![];
    if crate::settings::load(conn).is_err() {
        attention.push(Attention {
            code: "settings-unreadable",
            severity: Severity::Warning,
            message: msgs.get("dash-settings-unreadable"),
            register: None,
            filter: None,
            screen: Some("settings"),
        });
    }
    if !registers::roles::is_filled(conn, "siro", None, today)? {
        attention.push(Attention {
            code: "no-siro",
            severity: Severity::Warning,
            message: msgs.get("dash-no-siro"),
            register: Some("roles"),
            filter: Some(("role", "siro")),
            screen: None,
        });
    }
    for name in registers::roles::departments_without_iao(conn, today, lang)? {
        let args: Args = vec![("department".into(), name)];
        attention.push(Attention {
            code: "no-iao",
            severity: Severity::Warning,
            message: msgs.fmt("dash-no-iao", &args),
            register: Some("roles"),
            filter: Some(("role", "iao")),
            screen: None,
        });
    }
    // Reviews and due dates across every register that has them.
    for def in registers::all() {
        let Some((overdue, soon)) = crate::register::store::review_counts(conn, def, today)? else { continue };
        if overdue + soon == 0 {
            continue;
        }
        let args: Args = vec![
            ("register".into(), msgs.get(&format!("register-{}", def.name))),
            ("overdue".into(), overdue.to_string()),
            ("soon".into(), soon.to_string()),
        ];
        attention.push(Attention {
            code: "review-overdue",
            severity: if overdue > 0 { Severity::Warning } else { Severity::Notice },
            message: msgs.fmt("dash-review", &args),
            register: Some(def.name),
            filter: Some(("view", if overdue > 0 { "overdue" } else { "soon" })),
            screen: None,
        });
    }
    let escalated: i64 =
        conn.query_row("SELECT count(*) FROM risks WHERE escalated = 1 AND status <> 'closed'", [], |r| r.get(0))?;
    if escalated > 0 {
        let args: Args = vec![("count".into(), escalated.to_string())];
        attention.push(Attention {
            code: "risks-escalated",
            severity: Severity::Warning,
            message: msgs.fmt("dash-risks-escalated", &args),
            register: Some("risks"),
            filter: Some(("escalated", "yes")),
            screen: None,
        });
    }
    // Retention: records past their date, and assets the disposal list cannot see.
    let disposals = registers::retention::due_for_disposal(conn, today, DISPOSAL_HORIZON_DAYS, lang)?;
    let overdue = disposals.iter().filter(|d| d.overdue).count();
    if overdue > 0 {
        attention.push(Attention {
            code: "disposals-overdue",
            severity: Severity::Warning,
            message: msgs.fmt("dash-disposals-overdue", &vec![("count".into(), overdue.to_string())]),
            register: None,
            filter: None,
            screen: None,
        });
    }
    let (no_class, no_trigger) = registers::retention::gaps(conn)?;
    if no_class > 0 {
        attention.push(Attention {
            code: "no-retention-class",
            severity: Severity::Notice,
            message: msgs.fmt("dash-no-retention-class", &vec![("count".into(), no_class.to_string())]),
            register: Some("assets"),
            filter: Some(("retention_class_id", crate::register::store::NONE_FILTER)),
            screen: None,
        });
    }
    if no_trigger > 0 {
        attention.push(Attention {
            code: "no-oldest-trigger",
            severity: Severity::Notice,
            message: msgs.fmt("dash-no-oldest-trigger", &vec![("count".into(), no_trigger.to_string())]),
            register: Some("assets"),
            filter: None,
            screen: None,
        });
    }
    // Statutory clocks count UK bank holidays only as far as Cofrestr knows them.
    let cal = crate::registers::holidays::calendar(conn);
    let last = cal.last_known_year();
    if (today + chrono::Days::new(90)).year() > last {
        let args: Args = vec![("year".into(), last.to_string())];
        attention.push(Attention {
            code: "holidays-ending",
            severity: Severity::Warning,
            message: msgs.fmt("dash-holidays-ending", &args),
            register: Some("holidays"),
            filter: None,
            screen: None,
        });
    }
    // Departmental returns: on the hub, what waits for a decision and the laptops with nothing
    // this quarter; on a laptop, the council's reference pack to take first and the changes the
    // hub has not had yet.
    let sync = crate::returns::status(conn, today, lang)?;
    let returns = |code, severity, id: &str, args: Args| Attention {
        code,
        severity,
        message: msgs.fmt(id, &args),
        register: None,
        filter: None,
        screen: Some("returns"),
    };
    let count = |n: i64| -> Args { vec![("count".into(), n.to_string())] };
    let behind = sync.laptops.iter().filter(|l| !l.current).count() as i64;
    if behind > 0 {
        let mut args = count(behind);
        args.push(("date".into(), sync.quarter_began.clone()));
        attention.push(returns("returns-quarter", Severity::Notice, "dash-returns-quarter", args));
    }
    match sync.role {
        "hub" if sync.waiting > 0 => attention.push(returns(
            "returns-conflicts",
            Severity::Warning,
            "dash-returns-conflicts",
            count(sync.waiting),
        )),
        "department" if sync.packs == 0 => {
            attention.push(returns("returns-no-pack", Severity::Warning, "dash-returns-no-pack", vec![]))
        }
        "department" if sync.pending > 0 => {
            attention.push(returns("returns-pending", Severity::Notice, "dash-returns-pending", count(sync.pending)))
        }
        _ => {}
    }
    // What needs doing before what is only worth knowing, each in the order above: a conflict
    // waiting on the hub is not left below a list of reviews coming up.
    attention.sort_by_key(|a| a.severity == Severity::Notice);
    Ok(Dashboard { council, due: due_with(conn, &cal, now, lang)?, counts, attention, disposals })
}
