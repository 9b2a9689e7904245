//! The saved views a register's list offers — "Open", "Overdue", "Due in 30 days", "Mine" — and
//! the one it opens on. Casework (requests, breaches) opens on its open cases, soonest due
//! first; other registers open on every record unless the officer last chose another view
//! (the window remembers it).
//!
//! A view is a filter the store understands (`view=<name>` in [`crate::register::store::ListQuery`]),
//! so the dashboard, the window and the CLI count the same records. The sort key `due` orders
//! by the register's due date, with records that have none last.
//!
//! "Mine" is the records naming the signed-in officer (the installation's person) in one of
//! the register's person fields: a request's Link Officer, an asset's IAO or one of its IAAs,
//! a risk's or an action's owner.

use serde::{Deserialize, Serialize};

use crate::register::{FieldKind, RegisterDef};

/// "Due in 30 days": a review or deadline within this many days is coming up (the window's
/// labels at a glance use the same window).
pub const SOON_DAYS: i64 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    All,
    Open,
    Overdue,
    /// Due within [`SOON_DAYS`] days (not yet overdue).
    Soon,
    Mine,
}

impl View {
    pub fn name(self) -> &'static str {
        match self {
            View::All => "all",
            View::Open => "open",
            View::Overdue => "overdue",
            View::Soon => "soon",
            View::Mine => "mine",
        }
    }

    pub fn parse(s: &str) -> Option<View> {
        [View::All, View::Open, View::Overdue, View::Soon, View::Mine].into_iter().find(|v| v.name() == s)
    }
}

/// When a record is next due.
#[derive(Debug, Clone, Copy)]
pub enum Due {
    /// A date field (a review date, an action's due date).
    Field(&'static str),
    /// An SQL expression on row alias `t` giving a date, NULL when nothing is due: a request's
    /// statutory or internal-review date.
    Sql(&'static str),
    /// An SQL expression giving an instant (RFC 3339, UTC), NULL when nothing is due: a
    /// breach's ICO deadline while it is unreported. Compared with "now", not today.
    Instant(&'static str),
}

/// How a register's views are read.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub due: Option<Due>,
    /// The table column that shows the due date (marked as the sort when sorted by due).
    pub due_column: Option<&'static str>,
    /// A record with nothing due is overdue (an asset never reviewed).
    pub missing_is_overdue: bool,
    /// The statuses in which a record is open (and counts as overdue or due); `None`: every
    /// record is.
    pub open: Option<&'static [&'static str]>,
    /// The person fields that make a record the signed-in officer's.
    pub mine: &'static [&'static str],
    /// The view the list opens on until the officer chooses another.
    pub opens_on: View,
}

impl Spec {
    /// What the "open" view is called: `open` for cases, risks and actions; `current` for
    /// policies and sharing agreements, whose open records are the ones in force.
    pub fn open_word(&self, def: &RegisterDef) -> &'static str {
        if matches!(def.name, "policies" | "sharing") {
            "current"
        } else {
            "open"
        }
    }
}

/// A request is open until it is closed; under internal review it is due when the review is.
const REQUEST_DUE: &str =
    "CASE WHEN t.status = 'closed' THEN NULL WHEN t.status = 'under-review' THEN t.review_due_on ELSE t.due_on END";
/// A breach is due at its ICO deadline while the ICO clock runs (open, not yet reported).
const BREACH_DUE: &str = "CASE WHEN t.status = 'open' THEN t.ico_deadline END";

pub fn spec(def: &RegisterDef) -> Spec {
    let mine: &'static [&'static str] = match def.name {
        "requests" => &["link_officer_id"],
        "publication" => &["link_officer_id"],
        "breaches" => &["decided_by"],
        "assets" => &["iao_id", "iaa_ids"],
        "sharing" => &["iao_id", "iaa_id"],
        "risks" | "actions" | "policies" => &["owner_id"],
        "site_audits" => &["auditor_id"],
        "disposals" => &["authorised_by_id"],
        "accountability_assessments" => &["assessor_id"],
        "roles" | "completions" => &["person_id"],
        _ => &[],
    };
    match def.name {
        "requests" => Spec {
            due: Some(Due::Sql(REQUEST_DUE)),
            due_column: Some("due_on"),
            missing_is_overdue: false,
            open: Some(&["open", "awaiting-clarification", "awaiting-fee", "under-review"]),
            mine,
            opens_on: View::Open,
        },
        "breaches" => Spec {
            due: Some(Due::Instant(BREACH_DUE)),
            due_column: Some("ico_deadline"),
            missing_is_overdue: false,
            open: Some(&["open", "open-not-notifiable", "reported"]),
            mine,
            opens_on: View::Open,
        },
        _ => Spec {
            due: def.review_field.map(Due::Field),
            due_column: def.review_field,
            missing_is_overdue: def.review.missing_is_overdue,
            open: def.review.active_statuses,
            mine,
            opens_on: View::All,
        },
    }
}

impl Spec {
    /// The views this register offers, "All" first; only "All" where none other applies.
    pub fn views(&self) -> Vec<View> {
        let mut v = vec![View::All];
        if self.open.is_some() {
            v.push(View::Open);
        }
        if self.due.is_some() {
            v.push(View::Overdue);
            v.push(View::Soon);
        }
        if !self.mine.is_empty() {
            v.push(View::Mine);
        }
        v
    }

    /// The due date as SQL on alias `t`.
    pub fn due_sql(&self) -> Option<String> {
        self.due.map(|d| match d {
            Due::Field(f) => format!("t.{f}"),
            Due::Sql(s) | Due::Instant(s) => format!("({s})"),
        })
    }

    /// Which records are open, as SQL on alias `t`.
    pub fn open_sql(&self) -> Option<String> {
        self.open.map(|list| {
            let quoted: Vec<String> = list.iter().map(|s| format!("'{s}'")).collect();
            format!("t.status IN ({})", quoted.join(", "))
        })
    }

    /// The signed-in officer's records, as SQL on alias `t`.
    pub fn mine_sql(&self, def: &RegisterDef) -> Option<String> {
        if self.mine.is_empty() {
            return None;
        }
        let me = "(SELECT user_person_id FROM installation)";
        let tests: Vec<String> = self
            .mine
            .iter()
            .map(|name| match def.field(name).map(|f| f.kind) {
                Some(FieldKind::RefMany(_)) => format!("EXISTS (SELECT 1 FROM json_each(t.{name}) WHERE value = {me})"),
                _ => format!("t.{name} = {me}"),
            })
            .collect();
        Some(format!("({})", tests.join(" OR ")))
    }
}

/// The view a register's list opens on: the one last chosen (from the preferences), if the
/// register still offers it, else its own.
pub fn opens_on(def: &RegisterDef, remembered: Option<&str>) -> View {
    let s = spec(def);
    remembered.and_then(View::parse).filter(|v| s.views().contains(v)).unwrap_or(s.opens_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::FieldKind;

    #[test]
    fn every_view_names_real_fields_and_statuses() {
        let choices: serde_json::Value =
            serde_json::from_str(include_str!("../../assets/reference/choices.json")).unwrap();
        for def in crate::registers::all() {
            let s = spec(def);
            for name in s.mine {
                let f = def.field(name).unwrap_or_else(|| panic!("{}: no field {name}", def.name));
                assert!(
                    matches!(f.kind, FieldKind::Ref("people") | FieldKind::RefMany("people")),
                    "{}.{name} is not a person",
                    def.name
                );
            }
            if let Some(col) = s.due_column {
                assert!(def.field(col).is_some_and(|f| f.in_table), "{}: due column {col}", def.name);
            }
            if let Some(Due::Field(f)) = s.due {
                assert!(def.field(f).is_some(), "{}: due field {f}", def.name);
            }
            if let Some(open) = s.open {
                let status = def.field("status").unwrap_or_else(|| panic!("{}: open needs a status", def.name));
                let FieldKind::Choice(list) = status.kind else { panic!("{}: status is not a choice", def.name) };
                let values: Vec<&str> =
                    choices[list].as_array().unwrap().iter().map(|c| c["value"].as_str().unwrap()).collect();
                for o in open {
                    assert!(values.contains(o), "{}: {o} is not a {list}", def.name);
                }
                assert!(values.iter().any(|v| !open.contains(v)), "{}: every status is open", def.name);
            }
            assert!(s.views().contains(&s.opens_on), "{}: opens on a view it lacks", def.name);
        }
    }

    #[test]
    fn casework_opens_on_open_cases() {
        use crate::registers::{breaches, requests};
        for def in [&requests::DEF, &breaches::DEF] {
            let s = spec(def);
            assert_eq!(s.opens_on, View::Open);
            assert_eq!(s.views(), vec![View::All, View::Open, View::Overdue, View::Soon, View::Mine]);
        }
        assert_eq!(spec(&crate::registers::holidays::DEF).views(), vec![View::All]);
    }

    #[test]
    fn a_remembered_view_is_used_only_where_it_is_offered() {
        use crate::registers::{holidays, requests};
        assert_eq!(opens_on(&requests::DEF, None), View::Open);
        assert_eq!(opens_on(&requests::DEF, Some("mine")), View::Mine);
        assert_eq!(opens_on(&requests::DEF, Some("all")), View::All);
        assert_eq!(opens_on(&requests::DEF, Some("<script>")), View::Open, "a hand-edited file");
        assert_eq!(opens_on(&holidays::DEF, Some("overdue")), View::All);
    }
}
