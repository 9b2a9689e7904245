//! The information risk register (domain.md §13): each risk scored likelihood × impact (1–5
//! each) before controls (inherent) and after (residual), with a target score, a treatment
//! and a review date. The band comes from the residual score (default 1–3 low, 4–6 moderate,
//! 8–12 high, 15–25 extreme: no product of two 1–5 scores is 7, 11, 13 or 14) and a residual
//! score at or above the escalation threshold (default 15) goes to the SIRO.

use rusqlite::Connection;

use crate::error::{FieldError, Result};
use crate::register::*;

pub static DEF: RegisterDef = RegisterDef {
    name: "risks",
    table: "risks",
    title_field: "title",
    title_field_cy: None,
    fields: &[
        text("reference").unique().in_table().searchable(),
        text("title").required().in_table().searchable(),
        long_text("description").searchable(),
        choice("category", "risk_category").filterable(),
        reference("owner_id", "people").in_table(),
        reference("department_id", "departments").in_table().filterable(),
        references("asset_ids", "assets"),
        number("inherent_likelihood", 1, 5).required(),
        number("inherent_impact", 1, 5).required(),
        number("inherent_score", 1, 25).computed(),
        long_text("controls"),
        number("residual_likelihood", 1, 5).required().filterable(),
        number("residual_impact", 1, 5).required().filterable(),
        number("residual_score", 1, 25).computed().in_table(),
        choice("band", "risk_band").computed().in_table().filterable(),
        number("target_score", 1, 25),
        choice("treatment", "risk_treatment").filterable(),
        long_text("actions"),
        yes_no("escalated").computed().filterable(),
        date("last_reviewed"),
        date("review_date").in_table(),
        choice("status", "risk_status").required().filterable().default_value("open"),
    ],
    default_sort: "reference",
    review_field: Some("review_date"),
    review: ReviewRule { missing_is_overdue: false, active_sql: Some("t.status <> 'closed'") },
    validate,
    compute,
    after_write: None,
};

/// Band thresholds: the lowest residual score of each band, low first.
pub const BANDS: [(i64, &str); 4] = [(1, "low"), (4, "moderate"), (8, "high"), (15, "extreme")];
/// A residual score at or above this is escalated to the SIRO.
pub const ESCALATE_AT: i64 = 15;

pub fn band(score: i64) -> &'static str {
    BANDS.iter().rev().find(|(from, _)| score >= *from).map(|(_, b)| *b).unwrap_or("low")
}

fn int(f: &Fields, name: &str) -> Option<i64> {
    f.get(name).and_then(Value::as_int)
}

fn validate(f: &Fields, _: &Context) -> Vec<FieldError> {
    let mut errors = vec![];
    if let (Some(i), Some(r)) = (int(f, "inherent_score"), int(f, "residual_score")) {
        if r > i {
            errors.push(FieldError::new("residual_likelihood", "err-risk-residual-above-inherent"));
        }
    }
    if f.get("status").and_then(Value::as_str) != Some("closed") && f.get("review_date").is_none_or(Value::is_empty) {
        errors.push(FieldError::new("review_date", "err-required"));
    }
    errors
}

fn compute(f: &mut Fields, ctx: &Context) {
    for (l, i, score) in [
        ("inherent_likelihood", "inherent_impact", "inherent_score"),
        ("residual_likelihood", "residual_impact", "residual_score"),
    ] {
        let v = int(f, l).zip(int(f, i)).map(|(a, b)| Value::Int(a * b)).unwrap_or(Value::Null);
        f.insert(score.into(), v);
    }
    let residual = int(f, "residual_score");
    f.insert("band".into(), residual.map(|s| Value::Text(band(s).into())).unwrap_or(Value::Null));
    f.insert("escalated".into(), Value::Bool(residual.is_some_and(|s| s >= ESCALATE_AT)));
    if f.get("reference").is_none_or(Value::is_empty) {
        f.insert("reference".into(), Value::Text(store::next_reference(ctx.conn, "risks", "RISK-")));
    }
    if f.get("status").is_none_or(Value::is_empty) {
        f.insert("status".into(), Value::Text("open".into()));
    }
}

/// One cell of the heat map: how many open risks sit there, and the band of its score.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct HeatCell {
    pub count: i64,
    pub band: &'static str,
}

/// Open risks on the 5×5 grid by residual score: `grid[likelihood - 1][impact - 1]`.
pub fn heat_map(conn: &Connection) -> Result<[[HeatCell; 5]; 5]> {
    let mut grid = [[HeatCell { count: 0, band: "low" }; 5]; 5];
    for (l, row) in grid.iter_mut().enumerate() {
        for (i, cell) in row.iter_mut().enumerate() {
            cell.band = band(((l + 1) * (i + 1)) as i64);
        }
    }
    let mut stmt = conn.prepare(
        "SELECT residual_likelihood, residual_impact, count(*) FROM risks WHERE status <> 'closed' GROUP BY 1, 2",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (l, i, n) = row?;
        if (1..=5).contains(&l) && (1..=5).contains(&i) {
            grid[(l - 1) as usize][(i - 1) as usize].count = n;
        }
    }
    Ok(grid)
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_bands() {
        let b: Vec<&str> = [1, 3, 4, 6, 8, 12, 15, 25].iter().map(|s| super::band(*s)).collect();
        assert_eq!(b, ["low", "low", "moderate", "moderate", "high", "high", "extreme", "extreme"]);
    }
}
