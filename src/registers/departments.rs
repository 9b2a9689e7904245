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
