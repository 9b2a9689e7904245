//! Training compliance: who must take each mandatory course, who holds a valid completion on a
//! given day, and who the Information Asset Owners need to chase.
//!
//! The rules (docs/domain.md §9, the ICO's training expectations):
//! - A person is *current staff* on a day when they have started (or no start date is known)
//!   and not yet left. Elected members are counted apart from staff, as the ICO and councils
//!   report them.
//! - A course applies to its audience: all staff, elected members, both, or the people holding
//!   one of its roles on that day (the roles register).
//! - A person holds the course on a day when their latest completion up to that day has not
//!   expired. Compliance is the share of the people it applies to who hold it, against the
//!   council's target (95% unless set otherwise: the NHS DSPT figure councils still use).
//! - Someone who has never done it and is still within the course's induction period is *due*
//!   (not yet overdue) but does not count as holding it: the figure is the literal "% holding a
//!   valid completion", never flattered by new starters.
//!
//! Everything is computed from dated records (starts, leaving dates, completions), so the
//! figure for a past quarter's end is the same whenever it is asked for.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::error::Result;
use crate::i18n::Lang;
use crate::register::add_months;

/// A date as the store keeps it (ISO 8601); anything else counts as no date.
fn stored_date(s: &str) -> Option<NaiveDate> {
    s.parse().ok()
}

/// A course is "due soon" when a holder's completion expires within this many days.
pub const DUE_SOON_DAYS: u64 = 30;

/// Where one person stands with one course on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Never completed, and past the induction period: overdue.
    Never,
    /// Completed once, but it has expired: overdue.
    Expired,
    /// Never completed, still within the induction period.
    NewStarter,
    /// Holds it, but it expires within [`DUE_SOON_DAYS`].
    DueSoon,
    /// Holds it.
    Valid,
}

impl Standing {
    pub fn holds(self) -> bool {
        matches!(self, Standing::Valid | Standing::DueSoon)
    }
    pub fn overdue(self) -> bool {
        matches!(self, Standing::Never | Standing::Expired)
    }
}

/// How far below the target a figure is still amber rather than red, in percentage points.
/// No published scheme sets one (docs/domain.md §9 gives only the 95% target): our design.
pub const AMBER_POINTS: f64 = 10.0;

/// A compliance percentage judged against the target: green at or above it, amber within
/// [`AMBER_POINTS`] below, red further below; `None` when there is no figure.
pub fn rag(pct: Option<f64>, target_pct: u32) -> Option<&'static str> {
    let (p, t) = (pct?, target_pct as f64);
    Some(if p >= t {
        "green"
    } else if p >= t - AMBER_POINTS {
        "amber"
    } else {
        "red"
    })
}

/// Counts for one group (a department, elected members, everyone) and one course or all.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// People the course applies to (person × course pairs for "all mandatory courses").
    pub required: usize,
    pub valid: usize,
    pub due_soon: usize,
    pub expired: usize,
    pub never: usize,
    pub new_starters: usize,
    /// [`Tally::pct`] and its RAG against the target, filled in once counting is done, for the
    /// window to show as they are.
    pub percent: Option<f64>,
    pub rag: Option<&'static str>,
}

impl Tally {
    fn add(&mut self, s: Standing) {
        self.required += 1;
        match s {
            Standing::Valid => self.valid += 1,
            Standing::DueSoon => self.due_soon += 1,
            Standing::Expired => self.expired += 1,
            Standing::Never => self.never += 1,
            Standing::NewStarter => self.new_starters += 1,
        }
    }
    /// Holding a valid completion (due soon included).
    pub fn holding(&self) -> usize {
        self.valid + self.due_soon
    }
    fn judged(mut self, target_pct: u32) -> Self {
        self.percent = self.pct();
        self.rag = rag(self.percent, target_pct);
        self
    }
    pub fn overdue(&self) -> usize {
        self.expired + self.never
    }
    /// Percentage holding it; `None` when it applies to nobody.
    pub fn pct(&self) -> Option<f64> {
        (self.required > 0).then(|| self.holding() as f64 * 100.0 / self.required as f64)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CourseCompliance {
    pub course_id: String,
    pub name: String,
    pub mandatory: bool,
    /// Staff by department, in department order.
    pub departments: Vec<(String, Tally)>,
    /// Every member of staff.
    pub staff: Tally,
    pub members: Tally,
}

#[derive(Debug, Clone, Serialize)]
pub struct Compliance {
    pub as_at: NaiveDate,
    pub target_pct: u32,
    pub courses: Vec<CourseCompliance>,
    /// All mandatory courses together, staff by department.
    pub departments: Vec<DepartmentCompliance>,
    /// All mandatory courses together, every member of staff.
    pub staff: Tally,
    /// All mandatory courses together, elected members.
    pub members: Tally,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepartmentCompliance {
    pub department_id: String,
    pub name: String,
    pub tally: Tally,
}

/// One person who needs chasing for one course.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chase {
    pub person_id: String,
    pub name: String,
    pub staff_number: Option<String>,
    pub department: String,
    pub elected_member: bool,
    pub course: String,
    pub standing: Standing,
    pub last_completed: Option<NaiveDate>,
    /// When it expired or expires, or (for a new starter) when it must be done by.
    pub due: Option<NaiveDate>,
}

struct Person {
    id: String,
    name: String,
    staff_number: Option<String>,
    department_id: Option<String>,
    elected: bool,
    start: Option<NaiveDate>,
}

struct Course {
    id: String,
    name: String,
    mandatory: bool,
    audience: String,
    roles: Vec<String>,
    induction_months: u32,
}

struct Data {
    people: Vec<Person>,
    courses: Vec<Course>,
    departments: Vec<(String, String)>,
    /// person → course → (latest completion up to the day, latest expiry).
    latest: HashMap<String, HashMap<String, (NaiveDate, Option<NaiveDate>)>>,
    /// person → roles held on the day.
    roles: HashMap<String, HashSet<String>>,
}

fn load(conn: &Connection, day: NaiveDate, lang: Lang) -> Result<Data> {
    let d = day.to_string();
    let mut stmt = conn.prepare(
        "SELECT id, name, staff_number, department_id, elected_member, start_date FROM people
          WHERE (start_date IS NULL OR start_date <= ?1) AND (leaving_date IS NULL OR leaving_date > ?1)",
    )?;
    let people = stmt
        .query_map([&d], |r| {
            Ok(Person {
                id: r.get(0)?,
                name: r.get(1)?,
                staff_number: r.get::<_, Option<String>>(2)?.filter(|s| !s.is_empty()),
                department_id: r.get(3)?,
                elected: r.get::<_, i64>(4)? != 0,
                start: r.get::<_, Option<String>>(5)?.as_deref().and_then(stored_date),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let title = crate::register::store::title_sql(&crate::registers::courses::DEF, lang);
    let mut stmt = conn.prepare(&format!(
        "SELECT x.id, {title}, x.mandatory, x.audience, x.roles, x.induction_months FROM courses x ORDER BY x.mandatory DESC, 2 COLLATE {}", crate::text::sql_collation(lang)
    ))?;
    let courses = stmt
        .query_map([], |r| {
            Ok(Course {
                id: r.get(0)?,
                name: r.get(1)?,
                mandatory: r.get::<_, i64>(2)? != 0,
                audience: r.get(3)?,
                roles: r.get::<_, Option<String>>(4)?.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default(),
                induction_months: r.get::<_, Option<i64>>(5)?.unwrap_or(1).clamp(1, 12) as u32,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let title = crate::register::store::title_sql(&crate::registers::departments::DEF, lang);
    let mut stmt = conn.prepare(&format!(
        "SELECT x.id, {title} FROM departments x ORDER BY 2 COLLATE {}",
        crate::text::sql_collation(lang)
    ))?;
    let departments = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT person_id, course_id, max(completed_on), max(expires_on) FROM completions WHERE completed_on <= ?1 GROUP BY person_id, course_id",
    )?;
    let mut latest: HashMap<String, HashMap<String, _>> = HashMap::new();
    let rows = stmt.query_map([&d], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?))
    })?;
    for row in rows {
        let (p, c, done, expires) = row?;
        if let Some(done) = stored_date(&done) {
            latest.entry(p).or_default().insert(c, (done, expires.as_deref().and_then(stored_date)));
        }
    }
    let mut roles: HashMap<String, HashSet<String>> = HashMap::new();
    if courses.iter().any(|c| c.audience == "roles") {
        let mut stmt = conn.prepare(
            "SELECT person_id, role FROM roles WHERE from_date <= ?1 AND (to_date IS NULL OR to_date >= ?1)",
        )?;
        for row in stmt.query_map([&d], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (p, role) = row?;
            roles.entry(p).or_default().insert(role);
        }
    }
    Ok(Data { people, courses, departments, latest, roles })
}

impl Course {
    fn applies_to(&self, p: &Person, roles: &HashMap<String, HashSet<String>>) -> bool {
        match self.audience.as_str() {
            "all-staff" => !p.elected,
            "elected-members" => p.elected,
            "all-staff-and-members" => true,
            "roles" => roles.get(&p.id).is_some_and(|held| self.roles.iter().any(|r| held.contains(r))),
            _ => false,
        }
    }
}

fn standing(data: &Data, p: &Person, c: &Course, day: NaiveDate) -> (Standing, Option<NaiveDate>, Option<NaiveDate>) {
    match data.latest.get(&p.id).and_then(|m| m.get(&c.id)) {
        Some((done, expires)) => {
            let expires = *expires;
            let s = match expires {
                // A course with no refresh period never expires.
                None => Standing::Valid,
                Some(e) if e < day => Standing::Expired,
                Some(e) if e <= day + Days::new(DUE_SOON_DAYS) => Standing::DueSoon,
                Some(_) => Standing::Valid,
            };
            (s, Some(*done), expires)
        }
        None => {
            let by = p.start.map(|s| add_months(s, c.induction_months));
            match by {
                Some(by) if by >= day => (Standing::NewStarter, None, Some(by)),
                _ => (Standing::Never, None, by),
            }
        }
    }
}

/// Compliance with every course on `day`, by department, with elected members apart.
pub fn compliance(conn: &Connection, day: NaiveDate, target_pct: u32, lang: Lang) -> Result<Compliance> {
    let data = load(conn, day, lang)?;
    let dept_index: HashMap<&str, usize> =
        data.departments.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
    let mut all_depts = vec![Tally::default(); data.departments.len()];
    let (mut all_staff, mut all_members) = (Tally::default(), Tally::default());
    let mut courses = vec![];
    for c in &data.courses {
        let mut depts = vec![Tally::default(); data.departments.len()];
        let (mut staff, mut members) = (Tally::default(), Tally::default());
        for p in data.people.iter().filter(|p| c.applies_to(p, &data.roles)) {
            let (s, _, _) = standing(&data, p, c, day);
            if p.elected {
                members.add(s);
                if c.mandatory {
                    all_members.add(s);
                }
                continue;
            }
            staff.add(s);
            let di = p.department_id.as_deref().and_then(|d| dept_index.get(d)).copied();
            if let Some(i) = di {
                depts[i].add(s);
            }
            if c.mandatory {
                all_staff.add(s);
                if let Some(i) = di {
                    all_depts[i].add(s);
                }
            }
        }
        courses.push(CourseCompliance {
            course_id: c.id.clone(),
            name: c.name.clone(),
            mandatory: c.mandatory,
            departments: data
                .departments
                .iter()
                .zip(depts)
                .filter(|(_, t)| t.required > 0)
                .map(|((_, n), t)| (n.clone(), t.judged(target_pct)))
                .collect(),
            staff: staff.judged(target_pct),
            members: members.judged(target_pct),
        });
    }
    let departments = data
        .departments
        .iter()
        .zip(all_depts)
        .filter(|(_, t)| t.required > 0)
        .map(|((id, name), tally)| DepartmentCompliance {
            department_id: id.clone(),
            name: name.clone(),
            tally: tally.judged(target_pct),
        })
        .collect();
    Ok(Compliance {
        as_at: day,
        target_pct,
        courses,
        departments,
        staff: all_staff.judged(target_pct),
        members: all_members.judged(target_pct),
    })
}

/// Who needs chasing on `day` for the mandatory courses: overdue (never done, expired), new
/// starters still within their induction period and holders whose completion expires soon;
/// optionally for one department. Most urgent first, then by department and name; elected
/// members, who belong to no department and are chased by Democratic Services rather than an
/// Information Asset Owner, after the departments.
pub fn chase_list(conn: &Connection, day: NaiveDate, department: Option<&str>, lang: Lang) -> Result<Vec<Chase>> {
    let data = load(conn, day, lang)?;
    let dept_names: BTreeMap<&str, &str> = data.departments.iter().map(|(id, n)| (id.as_str(), n.as_str())).collect();
    let mut out = vec![];
    for p in &data.people {
        if department.is_some() && p.department_id.as_deref() != department {
            continue;
        }
        for c in data.courses.iter().filter(|c| c.mandatory && c.applies_to(p, &data.roles)) {
            let (s, last, due) = standing(&data, p, c, day);
            if s == Standing::Valid {
                continue;
            }
            out.push(Chase {
                person_id: p.id.clone(),
                name: p.name.clone(),
                staff_number: p.staff_number.clone(),
                department: p
                    .department_id
                    .as_deref()
                    .and_then(|d| dept_names.get(d))
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                elected_member: p.elected,
                course: c.name.clone(),
                standing: s,
                last_completed: last,
                due,
            });
        }
    }
    let by_name = |a: &str, b: &str| crate::text::compare(lang, a, b);
    out.sort_by(|a, b| {
        a.standing
            .cmp(&b.standing)
            .then_with(|| a.department.is_empty().cmp(&b.department.is_empty()))
            .then_with(|| by_name(&a.department, &b.department))
            .then_with(|| by_name(&a.name, &b.name))
            .then_with(|| by_name(&a.course, &b.course))
    });
    Ok(out)
}

/// The chase list as a spreadsheet: one row per person and course, headed in `lang`.
pub fn chase_sheet(list: &[Chase], format: crate::transfer::Format, lang: Lang) -> Result<Vec<u8>> {
    let msgs = crate::i18n::Messages::for_lang(lang);
    let headers: Vec<String> = ["name", "staff-number", "department", "course", "standing", "last", "due"]
        .iter()
        .map(|h| msgs.get(&format!("training-col-{h}")))
        .collect();
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|c| {
            let department = if c.elected_member { msgs.get("training-elected-members") } else { c.department.clone() };
            vec![
                c.name.clone(),
                c.staff_number.clone().unwrap_or_default(),
                department,
                c.course.clone(),
                msgs.get(&format!("training-standing-{}", standing_id(c.standing))),
                date(c.last_completed),
                date(c.due),
            ]
        })
        .collect();
    crate::transfer::write_table(format, &msgs.get("training-chase-sheet"), &headers, &rows)
}

/// The message id part for a standing, e.g. `expired`.
pub fn standing_id(s: Standing) -> &'static str {
    match s {
        Standing::Never => "never",
        Standing::Expired => "expired",
        Standing::NewStarter => "new-starter",
        Standing::DueSoon => "due-soon",
        Standing::Valid => "valid",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn compliance_is_green_at_the_target_amber_within_ten_points_and_red_below() {
        assert_eq!(super::rag(Some(95.0), 95), Some("green"));
        assert_eq!(super::rag(Some(85.0), 95), Some("amber"));
        assert_eq!(super::rag(Some(84.9), 95), Some("red"));
        assert_eq!(super::rag(None, 95), None);
    }
}
