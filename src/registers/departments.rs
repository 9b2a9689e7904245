//! Departments of the council. Each has a short code (used in references and returns) and
//! may carry its Welsh name.

use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "departments",
    table: "departments",
    fields: &[
        text("name").required().in_table().searchable(),
        text("name_cy").in_table().searchable(),
        text("code").required().unique().in_table().searchable(),
    ],
    title_field: "name",
    title_field_cy: Some("name_cy"),
    default_sort: "name",
    review_field: None,
    review: REVIEW_ALL,
    validate: no_rules,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
    import_key: &[],
};

/// Every department's name in `lang` (the Welsh name where there is one), by id.
pub fn names(
    conn: &rusqlite::Connection,
    lang: crate::i18n::Lang,
) -> crate::Result<std::collections::BTreeMap<String, String>> {
    let sql = format!("SELECT x.id, {} FROM departments x", crate::register::store::title_sql(&DEF, lang));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
