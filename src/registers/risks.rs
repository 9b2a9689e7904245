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
    review: ReviewRule { missing_is_overdue: false, active_statuses: Some(&["open", "monitoring"]) },
    validate,
    compute,
    after_write: None,
    deletable: true,
    import_key: &[],
};

/// How residual scores map to bands and when a risk goes to the SIRO: kept in the settings so
/// a council can match its own corporate risk policy. The defaults are domain.md §13's.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RiskScale {
    /// The lowest residual score of the moderate, high and extreme bands.
    pub moderate_from: i64,
    pub high_from: i64,
    pub extreme_from: i64,
    /// A residual score at or above this is escalated to the SIRO.
    pub escalate_at: i64,
    /// Heat-map colours, `#rrggbb`, low to extreme. Counts are drawn on them in black, so each
    /// must keep a contrast of at least 4.5:1 with black (WCAG 2.2 AA).
    pub colours: [String; 4],
    /// What each band is called, low to extreme, in both languages: a council's corporate
    /// risk policy may say "minor" or "critical". The stored band values never change.
    pub labels: [BandLabel; 4],
}

/// A band's name in English and Welsh.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BandLabel {
    pub en: String,
    pub cy: String,
}

/// The longest band name, so it fits a heat-map legend and a table column.
pub const BAND_LABEL_MAX: usize = 30;

pub const BAND_NAMES: [&str; 4] = ["low", "moderate", "high", "extreme"];

impl Default for RiskScale {
    fn default() -> Self {
        RiskScale {
            moderate_from: 4,
            high_from: 8,
            extreme_from: 15,
            escalate_at: 15,
            colours: ["#c8e6c9", "#fff3b0", "#ffcc80", "#ef9a9a"].map(String::from),
            labels: BAND_NAMES.map(|b| BandLabel {
                en: crate::reference::label("risk_band", b, crate::i18n::Lang::En),
                cy: crate::reference::label("risk_band", b, crate::i18n::Lang::Cy),
            }),
        }
    }
}

impl RiskScale {
    pub fn band(&self, score: i64) -> &'static str {
        if score >= self.extreme_from {
            "extreme"
        } else if score >= self.high_from {
            "high"
        } else if score >= self.moderate_from {
            "moderate"
        } else {
            "low"
        }
    }

    /// Every problem with a proposed scale, each naming its setting.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = vec![];
        let order = [("moderate_from", self.moderate_from), ("high_from", self.high_from), ("extreme_from", self.extreme_from)];
        let mut floor = 1;
        for (name, from) in order {
            if from <= floor || from > 25 {
                errors.push(FieldError::new(name, "err-risk-band-order").with("min", floor + 1).with("max", 25));
            }
            floor = floor.max(from);
        }
        if !(1..=25).contains(&self.escalate_at) {
            errors.push(FieldError::new("escalate_at", "err-range").with("min", 1).with("max", 25));
        }
        for (i, c) in self.colours.iter().enumerate() {
            match parse_hex_colour(c) {
                None => errors.push(FieldError::new(colour_field(i), "err-colour").with("value", c.as_str())),
                Some(rgb) if contrast_with_black(rgb) < 4.5 => {
                    errors.push(FieldError::new(colour_field(i), "err-colour-contrast").with("value", c.as_str()))
                }
                Some(_) => {}
            }
        }
        for lang in ["en", "cy"] {
            let name_of = |l: &BandLabel| if lang == "cy" { l.cy.trim().to_lowercase() } else { l.en.trim().to_lowercase() };
            for (i, label) in self.labels.iter().enumerate() {
                let name = name_of(label);
                let field = format!("label_{}_{lang}", BAND_NAMES[i]);
                if name.is_empty() {
                    errors.push(FieldError::new(&field, "err-required"));
                } else if name.chars().count() > BAND_LABEL_MAX {
                    errors.push(FieldError::new(&field, "err-too-long").with("max", BAND_LABEL_MAX));
                } else if self.labels[..i].iter().any(|earlier| name_of(earlier) == name) {
                    errors.push(FieldError::new(&field, "err-band-label-repeated"));
                }
            }
        }
        errors
    }

    /// The band names as the labels of the `risk_band` choice list.
    pub fn wording(&self, w: crate::reference::Wording) -> crate::reference::Wording {
        BAND_NAMES.iter().zip(&self.labels).fold(w, |w, (b, l)| w.reword("risk_band", b, &l.en, &l.cy))
    }

    /// Each band's lowest and highest score.
    pub fn ranges(&self) -> [(i64, i64); 4] {
        [
            (1, self.moderate_from - 1),
            (self.moderate_from, self.high_from - 1),
            (self.high_from, self.extreme_from - 1),
            (self.extreme_from, 25),
        ]
    }
}

/// `#rrggbb` as three bytes.
fn parse_hex_colour(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#').filter(|h| h.len() == 6 && h.is_ascii())?;
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG 2.2 contrast ratio of a colour against black: (L + 0.05) / 0.05.
fn contrast_with_black(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    let l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    (l + 0.05) / 0.05
}

fn colour_field(i: usize) -> &'static str {
    ["colour_low", "colour_moderate", "colour_high", "colour_extreme"][i]
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
    let scale = crate::session::stored_settings(ctx.conn).risks;
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
    let scale = crate::session::stored_settings(conn).risks;
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
    let ctx = Context { conn, today: actor.today(), record: None };
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
mod tests {
    #[test]
    fn default_bands() {
        let b: Vec<&str> = [1, 3, 4, 6, 8, 12, 15, 25].iter().map(|s| super::RiskScale::default().band(*s)).collect();
        assert_eq!(b, ["low", "low", "moderate", "moderate", "high", "high", "extreme", "extreme"]);
    }

    #[test]
    fn a_scale_is_checked_before_it_is_kept() {
        let ok = super::RiskScale::default();
        assert!(ok.check().is_empty());
        let mut bad = ok.clone();
        bad.high_from = 4; // not above moderate
        bad.colours[3] = "#200000".into(); // black counts unreadable on it
        bad.colours[0] = "green".into();
        let errors = bad.check();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["high_from", "colour_low", "colour_extreme"]);
        let mut named = ok.clone();
        named.labels[3].en = "Critical".into();
        named.labels[0].cy = " ".into();
        named.labels[2].en = "critical".into(); // the same name as another band
        named.labels[1].cy = "x".repeat(31);
        let fields: Vec<String> = named.check().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["label_extreme_en", "label_low_cy", "label_moderate_cy"]);
        let mut stricter = ok;
        stricter.extreme_from = 12;
        assert_eq!(stricter.band(12), "extreme");
        assert_eq!(stricter.band(10), "high");
    }
}
