//! Governance roles held by people, with the dates they hold them: SIRO, DPO, Information
//! Asset Owners and Administrators, Link Officers and the rest of the strategy's roles.
//! Departmental roles (IAO, IAA, Link Officer and their deputies) must name the department.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::error::{FieldError, Result};
use crate::reference;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "roles",
    table: "roles",
    fields: &[
        reference("person_id", "people").required().in_table(),
        choice("role", "role").required().in_table().filterable(),
        reference("department_id", "departments").in_table().filterable(),
        date("from_date").required().in_table(),
        date("to_date").in_table(),
        long_text("notes").searchable(),
    ],
    title_field: "role",
    title_field_cy: None,
    default_sort: "role",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
    import_key: &["person_id", "role", "department_id", "from_date"],
};

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    if let Some(role) = f["role"].as_str().and_then(|r| reference::find("role", r)) {
        if role.departmental && f["department_id"].is_empty() {
            errors.push(FieldError::new("department_id", "err-role-needs-department"));
        }
    }
    if let (Some(from), Some(to)) = (f["from_date"].as_date(), f["to_date"].as_date()) {
        if to < from {
            errors.push(FieldError::new("to_date", "err-to-before-from"));
        }
    }
    errors
}

/// Whether someone holds `role` on `today` (optionally in one department).
pub fn is_filled(conn: &Connection, role: &str, department: Option<&str>, today: NaiveDate) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM roles WHERE role = ?1 AND (?2 IS NULL OR department_id = ?2)
           AND from_date <= ?3 AND (to_date IS NULL OR to_date >= ?3)",
        params![role, department, today.to_string()],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Departments with no Information Asset Owner on `today`, by name.
pub fn departments_without_iao(conn: &Connection, today: NaiveDate, lang: crate::i18n::Lang) -> Result<Vec<String>> {
    let name = if lang == crate::i18n::Lang::Cy { "coalesce(nullif(d.name_cy, ''), d.name)" } else { "d.name" };
    let mut stmt = conn.prepare(&format!(
        "SELECT {name} FROM departments d WHERE NOT EXISTS (
            SELECT 1 FROM roles r WHERE r.role = 'iao' AND r.department_id = d.id
              AND r.from_date <= ?1 AND (r.to_date IS NULL OR r.to_date >= ?1))
         ORDER BY {name} COLLATE {}",
        crate::text::sql_collation(lang)
    ))?;
    let names = stmt.query_map([today.to_string()], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}
