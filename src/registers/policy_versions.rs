//! A policy's version history: version, date and a description of the change, as on the
//! document control sheet.

use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "policy_versions",
    table: "policy_versions",
    title_field: "version",
    title_field_cy: None,
    fields: &[
        reference("policy_id", "policies").required().in_table().filterable(),
        text("version").required().in_table().searchable(),
        date("dated").required().in_table(),
        long_text("description").required().in_table().searchable(),
        long_text("comments"),
    ],
    default_sort: "dated",
    review_field: None,
    review: REVIEW_ALL,
    validate: no_rules,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
    import_key: &["policy_id", "version"],
};
