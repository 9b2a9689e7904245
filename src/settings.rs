//! The council's settings, kept inside the encrypted database (table `settings`, row `app`).
//!
//! Architecture invariant: this is the only module that reads or writes the settings row.
//! [`load`] fails on a row it cannot read or that breaks a rule, rather than quietly working
//! to defaults the council never chose; [`apply`] is the one way to change them (the window's
//! Settings and the hub's reference pack both come here), and it checks before it writes.
//! Registers receive the settings through [`crate::register::Context`]; they never read them.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError, Result};
use crate::i18n::Lang;
use crate::reference;

/// How breaches are assessed (docs/domain.md §1: the law prescribes no scheme).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum BreachScheme {
    /// The ICO's: no risk / risk / high risk, chosen by the assessor.
    #[default]
    Ico,
    /// The NHS DSPT 5x5 grid: likelihood x impact scores decide the risk.
    NhsDspt,
}

/// The most automatic backups a council can ask to keep.
pub const MAX_BACKUPS_KEPT: u32 = 100;

/// Settings kept inside the encrypted database. A field missing from a stored row (one written
/// by an earlier release) takes its default; a field of the wrong shape makes [`load`] fail.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Lock the window after this many minutes without use.
    pub idle_lock_minutes: u32,
    /// How many automatic backups to keep.
    pub backups_keep: u32,
    pub breach_scheme: BreachScheme,
    /// Risk bands, their colours and the SIRO escalation threshold.
    pub risks: RiskScale,
    /// The review interval a new data-sharing agreement starts with. WASPI publishes no
    /// standard interval (docs/domain.md §5, unverified); 24 months is the longer end of the
    /// suggested 12–24, and each agreement can shorten its own.
    pub sharing_review_months: u32,
    /// The share of staff (and of elected members) who should hold each mandatory course. 95%
    /// is the NHS DSPT's old requirement that councils still use as a local target
    /// (docs/domain.md §9).
    pub training_target_pct: u32,
    /// The council's name in Welsh, shown on Welsh screens and documents (e.g. "Cyngor
    /// Bwrdeistref Sirol Wrecsam"); empty: the name given at first run, in both languages.
    pub council_name_cy: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            idle_lock_minutes: 15,
            backups_keep: 10,
            breach_scheme: BreachScheme::Ico,
            risks: RiskScale::default(),
            sharing_review_months: 24,
            training_target_pct: 95,
            council_name_cy: String::new(),
        }
    }
}

impl Settings {
    /// The labels of choice values as this council words them (its risk band names).
    pub fn wording(&self) -> reference::Wording {
        self.risks.wording(reference::Wording::shipped())
    }

    /// Every problem with these settings, each naming its setting.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = vec![];
        let ranges = [
            ("idle_lock_minutes", self.idle_lock_minutes, 1, 240),
            ("backups_keep", self.backups_keep, 1, MAX_BACKUPS_KEPT),
            ("sharing_review_months", self.sharing_review_months, 1, 60),
            ("training_target_pct", self.training_target_pct, 1, 100),
        ];
        for (name, value, min, max) in ranges {
            if !(min..=max).contains(&value) {
                errors.push(FieldError::new(name, "err-range").with("min", min).with("max", max));
            }
        }
        if self.council_name_cy.chars().count() > 200 {
            errors.push(FieldError::new("council_name_cy", "err-too-long").with("max", 200));
        }
        errors.extend(self.risks.check());
        errors
    }

    /// The council's name as it is shown in `lang`: its Welsh name on Welsh screens where one
    /// is set, else `name` (the one given at first run).
    pub fn council_name(&self, name: &str, lang: Lang) -> String {
        match self.council_name_cy.trim() {
            welsh if lang == Lang::Cy && !welsh.is_empty() => welsh.to_string(),
            _ => name.to_string(),
        }
    }
}

/// The settings as the Settings screen shows them to be changed: the stored ones, or, when the
/// stored row cannot be read, the defaults with `unreadable` set, so the council can see it
/// and put the row right by saving ([`apply`] replaces it). Nothing but that screen (and the
/// idle lock, which must go on working) takes the defaults this way: every rule that depends on
/// the settings still refuses.
#[derive(Debug, Clone, Serialize)]
pub struct Editable {
    #[serde(flatten)]
    pub settings: Settings,
    pub unreadable: bool,
}

pub fn editable(conn: &Connection) -> Result<Editable> {
    match load(conn) {
        Ok(settings) => Ok(Editable { settings, unreadable: false }),
        Err(Error::BadInput { id, .. }) if id == "err-settings-unreadable" => {
            Ok(Editable { settings: Settings::default(), unreadable: true })
        }
        Err(e) => Err(e),
    }
}

/// The settings as stored: the defaults when none have been kept yet. A row that cannot be
/// read, or that breaks a rule (written by hand or by another program), is an error, so no
/// rule works to settings the council did not choose.
pub fn load(conn: &Connection) -> Result<Settings> {
    let Some(row) =
        conn.query_row("SELECT value FROM settings WHERE key = 'app'", [], |r| r.get::<_, String>(0)).optional()?
    else {
        return Ok(Settings::default());
    };
    let s: Settings = serde_json::from_str(&row).map_err(|_| Error::bad_input("err-settings-unreadable"))?;
    if !s.check().is_empty() {
        return Err(Error::bad_input("err-settings-unreadable"));
    }
    Ok(s)
}

/// Keeps new settings after checking them. When the risk scale changes, `rescore` is called
/// after the new settings are written, in the caller's transaction, so that every risk is
/// banded again (audited) and the register never shows bands from two scales. (The rescoring
/// belongs to the risk register, a layer above this one; the caller passes it in.)
pub fn apply(conn: &Connection, new: &Settings, rescore: impl FnOnce(&Connection) -> Result<usize>) -> Result<()> {
    let errors = new.check();
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    // A stored row that cannot be read is replaced (this is how a council puts it right), and
    // every risk is banded again since nobody knows what scale banded them.
    let rescale = load(conn).map_or(true, |old| old.risks != new.risks);
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('app', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(new).expect("settings serialise")],
    )?;
    if rescale {
        rescore(conn)?;
    }
    Ok(())
}

/// How residual scores map to bands and when a risk goes to the SIRO: kept in the settings so
/// a council can match its own corporate risk policy. The defaults are docs/domain.md §13's.
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
                en: reference::label("risk_band", b, Lang::En),
                cy: reference::label("risk_band", b, Lang::Cy),
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
        let order =
            [("moderate_from", self.moderate_from), ("high_from", self.high_from), ("extreme_from", self.extreme_from)];
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
            let name_of =
                |l: &BandLabel| if lang == "cy" { l.cy.trim().to_lowercase() } else { l.en.trim().to_lowercase() };
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
    pub fn wording(&self, w: reference::Wording) -> reference::Wording {
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
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2]);
    (l + 0.05) / 0.05
}

fn colour_field(i: usize) -> &'static str {
    ["colour_low", "colour_moderate", "colour_high", "colour_extreme"][i]
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn load_fails_on_a_row_it_cannot_read_and_apply_puts_it_right() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)", []).unwrap();
        assert_eq!(super::load(&conn).unwrap(), super::Settings::default());
        conn.execute("INSERT INTO settings VALUES ('app', '{\"idle_lock_minutes\": \"soon\"}')", []).unwrap();
        assert!(matches!(super::load(&conn), Err(Error::BadInput { ref id, .. }) if id == "err-settings-unreadable"));
        conn.execute("UPDATE settings SET value = '{\"training_target_pct\": 0}'", []).unwrap();
        assert!(super::load(&conn).is_err(), "a stored value out of range is not used");
        // An older release's row without the newer settings takes their defaults.
        conn.execute("UPDATE settings SET value = '{\"idle_lock_minutes\": 5}'", []).unwrap();
        assert_eq!(super::load(&conn).unwrap().idle_lock_minutes, 5);
        assert_eq!(super::load(&conn).unwrap().training_target_pct, 95);

        conn.execute("UPDATE settings SET value = 'not json'", []).unwrap();
        let mut bad = super::Settings { backups_keep: 0, ..Default::default() };
        let mut rescored = 0;
        let refused = super::apply(&conn, &bad, |_| {
            rescored += 1;
            Ok(0)
        });
        assert!(matches!(refused, Err(Error::Validation(ref e)) if e[0].field == "backups_keep"));
        assert!(super::load(&conn).is_err(), "a refused apply changes nothing");
        bad.backups_keep = 3;
        super::apply(&conn, &bad, |_| {
            rescored += 1;
            Ok(0)
        })
        .unwrap();
        assert_eq!(rescored, 1, "risks are banded again when the old scale is unknown");
        assert_eq!(super::load(&conn).unwrap().backups_keep, 3);
        super::apply(&conn, &super::Settings::default(), |_| {
            rescored += 1;
            Ok(0)
        })
        .unwrap();
        assert_eq!(rescored, 1, "the same scale bands nothing again");
    }
}
