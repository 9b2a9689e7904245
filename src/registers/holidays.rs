//! Bank holidays proclaimed under the Banking and Financial Dealings Act 1971 after Cofrestr
//! was built (a royal funeral, a coronation...). They join the shipped tables in every
//! statutory clock, and being a register they are audited like everything else.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::deadlines::{Calendar, Nation};
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "holidays",
    table: "holidays",
    fields: &[
        date("day").required().in_table(),
        choice("nation", "nation").required().in_table().filterable().default_value("england-and-wales"),
        text("name").required().in_table().searchable(),
    ],
    title_field: "name",
    title_field_cy: None,
    default_sort: "day",
    review_field: None,
    review: REVIEW_ALL,
    validate: no_rules,
    compute: nothing_computed,
    after_write: None,
    deletable: true,
    import_key: &["day", "nation"],
};

/// The shipped calendar plus every proclaimed day in the database.
pub fn calendar(conn: &Connection) -> Calendar {
    let days: Vec<(NaiveDate, Nation)> = conn
        .prepare("SELECT day, nation FROM holidays")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(d, n)| {
            let nation = match n.as_str() {
                "scotland" => Nation::Scotland,
                "northern-ireland" => Nation::NorthernIreland,
                _ => Nation::EnglandAndWales,
            };
            NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok().map(|d| (d, nation))
        })
        .collect();
    Calendar::with_proclaimed(days)
}
