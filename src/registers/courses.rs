//! Data-protection training courses: the annual e-learning, induction, refreshers for specialist
//! roles and the elected members' session. A course says who must take it (its audience), how
//! long a completion stays valid (12 months unless the council sets otherwise, docs/domain.md §9) and
//! how soon a new starter must have done it (the ICO's "before access to personal data";
//! councils use one to three months). Completions live in the `completions` register.

use rusqlite::params;

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "courses",
    table: "courses",
    fields: &[
        text("name").required().unique().in_table().searchable(),
        text("name_cy").searchable(),
        yes_no("mandatory").in_table().filterable().default_value("yes"),
        choice("audience", "course_audience").required().in_table().filterable().default_value("all-staff"),
        multi_choice("roles", "role"),
        number("refresh_months", 1, 60).required().in_table().default_value("12"),
        number("induction_months", 1, 12).required().default_value("1"),
        long_text("description").searchable(),
    ],
    title_field: "name",
    title_field_cy: Some("name_cy"),
    default_sort: "name",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: Some(after_write),
    deletable: true,
    import_key: &[],
};

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    let roles = !f.get("roles").is_none_or(Value::is_empty);
    match f.get("audience").and_then(Value::as_str) {
        Some("roles") if !roles => errors.push(FieldError::new("roles", "err-course-roles")),
        Some(a) if a != "roles" && roles => errors.push(FieldError::new("roles", "err-course-roles-unused")),
        _ => {}
    }
    errors
}

/// A changed refresh period moves every completion's expiry with it, in the same transaction.
fn after_write(conn: &rusqlite::Connection, actor: &store::Actor, f: &Fields) -> crate::Result<()> {
    let Some(months) = f.get("refresh_months").and_then(Value::as_int) else { return Ok(()) };
    let name = f.get("name").and_then(Value::as_str).unwrap_or_default();
    let mut stmt = conn.prepare(
        "SELECT c.id, c.completed_on, c.expires_on FROM completions c JOIN courses k ON k.id = c.course_id WHERE k.name = ?1",
    )?;
    let rows: Vec<(String, String, Option<String>)> =
        stmt.query_map(params![name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let def = &super::completions::DEF;
    for (id, completed, expires) in rows {
        let Some(completed) = parse_date(&completed) else { continue };
        let due = add_months(completed, months as u32).to_string();
        if expires.as_deref() == Some(due.as_str()) {
            continue;
        }
        let rec = store::get(conn, def, uuid::Uuid::parse_str(&id).expect("stored ids are uuids"))?;
        let mut fields = rec.fields.clone();
        fields.insert("expires_on".into(), Value::Text(due));
        store::rewrite(conn, def, actor, &rec, &fields)?;
    }
    Ok(())
}
