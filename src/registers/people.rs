//! People: staff and elected members. Staff numbers are unique, so an HR roster can be
//! re-imported to update people without duplicating them.

use crate::error::FieldError;
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "people",
    table: "people",
    fields: &[
        text("name").required().in_table().searchable(),
        text("job_title").in_table().searchable(),
        email("email").in_table().searchable(),
        text("staff_number").unique().in_table().searchable(),
        reference("department_id", "departments").in_table().filterable(),
        date("start_date"),
        date("leaving_date"),
        yes_no("elected_member").filterable(),
    ],
    title_field: "name",
    title_field_cy: None,
    default_sort: "name",
    review_field: None,
    review: REVIEW_ALL,
    validate,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
    import_key: &[],
};

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    if let (Some(start), Some(left)) = (f["start_date"].as_date(), f["leaving_date"].as_date()) {
        if left < start {
            errors.push(FieldError::new("leaving_date", "err-leaving-before-start"));
        }
    }
    if !f["elected_member"].as_bool() && f["department_id"].is_empty() {
        errors.push(FieldError::new("department_id", "err-staff-need-department"));
    }
    errors
}

/// After a full HR roster has been imported: staff it did not list (by staff number) and who
/// have not yet left are marked as leaving today. Elected members, people without a staff
/// number (added by hand) and people not yet started are left alone. Returns their names.
pub fn mark_leavers(
    conn: &rusqlite::Connection,
    actor: &store::Actor,
    listed: &std::collections::HashSet<uuid::Uuid>,
    today: chrono::NaiveDate,
) -> crate::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT id FROM people WHERE coalesce(staff_number, '') <> '' AND leaving_date IS NULL
           AND elected_member = 0 AND (start_date IS NULL OR start_date <= ?1) ORDER BY name",
    )?;
    let ids: Vec<String> = stmt.query_map([today.to_string()], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut names = vec![];
    for id in ids {
        let id = uuid::Uuid::parse_str(&id).expect("stored ids are uuids");
        if listed.contains(&id) {
            continue;
        }
        let rec = store::get(conn, &DEF, id)?;
        let mut fields = rec.fields.clone();
        fields.insert("leaving_date".into(), Value::Text(today.to_string()));
        store::rewrite(conn, &DEF, actor, &rec, &fields)?;
        names.push(rec.get("name").to_plain());
    }
    Ok(names)
}
