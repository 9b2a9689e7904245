//! The information risk register (docs/domain.md §13): each risk scored likelihood × impact (1–5
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
    review: ReviewRule { missing_is_overdue: false, active_statuses: Some(&["open", "monitoring"]) },
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &[],
};

pub use crate::settings::{BandLabel, RiskScale, BAND_LABEL_MAX, BAND_NAMES};

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
    let scale = &ctx.settings.get().risks;
    let residual = int(f, "residual_score");
    f.insert("band".into(), residual.map(|s| Value::Text(scale.band(s).into())).unwrap_or(Value::Null));
    f.insert("escalated".into(), Value::Bool(residual.is_some_and(|s| s >= scale.escalate_at)));
    if f.get("reference").is_none_or(Value::is_empty) {
        f.insert("reference".into(), Value::Text(store::reference_for(ctx, "risks", "RISK-")));
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

/// The heat map with the colours of each band, as the settings give them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HeatMap {
    /// `grid[likelihood - 1][impact - 1]`.
    pub grid: [[HeatCell; 5]; 5],
    /// Band name to `#rrggbb`.
    pub colours: std::collections::BTreeMap<&'static str, String>,
    /// Low to extreme: each band's name in the language asked for, its scores and colour, so
    /// the map never relies on colour alone.
    pub legend: Vec<LegendEntry>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct LegendEntry {
    pub band: &'static str,
    pub label: String,
    pub from: i64,
    pub to: i64,
    pub colour: String,
}

/// Open risks on the 5×5 grid by residual score.
pub fn heat_map(conn: &Connection, lang: crate::i18n::Lang) -> Result<HeatMap> {
    let scale = crate::settings::load(conn)?.risks;
    let mut grid = [[HeatCell { count: 0, band: "low" }; 5]; 5];
    for (l, row) in grid.iter_mut().enumerate() {
        for (i, cell) in row.iter_mut().enumerate() {
            cell.band = scale.band(((l + 1) * (i + 1)) as i64);
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
    let colours = BAND_NAMES.iter().copied().zip(scale.colours.iter().cloned()).collect();
    let legend = (0..4)
        .map(|i| LegendEntry {
            band: BAND_NAMES[i],
            label: if lang == crate::i18n::Lang::Cy { scale.labels[i].cy.clone() } else { scale.labels[i].en.clone() },
            from: scale.ranges()[i].0,
            to: scale.ranges()[i].1,
            colour: scale.colours[i].clone(),
        })
        .collect();
    Ok(HeatMap { grid, colours, legend })
}

/// Works out every risk's band and escalation again after the scale has changed, through the
/// register store so each change is audited. The caller commits the transaction.
pub fn rescore_all(conn: &Connection, actor: &store::Actor) -> Result<usize> {
    let mut changed = 0;
    let settings = SettingsOnce::given(crate::settings::load(conn)?);
    let ctx = Context { conn, today: actor.today(), record: None, settings: &settings };
    for rec in store::all(conn, &DEF)? {
        let mut fields = rec.fields.clone();
        compute(&mut fields, &ctx);
        if fields.get("band") != rec.fields.get("band") || fields.get("escalated") != rec.fields.get("escalated") {
            store::rewrite(conn, &DEF, actor, &rec, &fields)?;
            changed += 1;
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {}
