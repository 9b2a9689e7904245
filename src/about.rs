//! What `cofrestr about` and the window's About screen show: the version (the workspace's, one
//! place), the build date, Cofrestr's licence, where the database and its backups live, the
//! installation's id and role, and the licences of everything shipped inside the executables.
//!
//! The third-party notices are generated, never typed: `make licences` runs `cargo about` over
//! the dependency graph of both executables, for Windows and Linux, into
//! `assets/licences/third-party.json` (tests/licences.rs fails when a shipped crate is missing
//! from it). The fonts' licences are the files that came with the fonts, in `assets/fonts/`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// The version of this build: the workspace's `version`, the one place it is set.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
/// The day this build was made (`build.rs`: the last commit's day in a `make dist` build).
pub const BUILD_DATE: &str = env!("COFRESTR_BUILD_DATE");
/// Cofrestr's own licence, as an SPDX identifier.
pub const LICENCE: &str = "EUPL-1.2";

const THIRD_PARTY: &str = include_str!("../assets/licences/third-party.json");

/// Fonts embedded in the PDF reports: the font, its licence (SPDX id and name) and the licence
/// file it came with.
const FONTS: &[(&str, &str, &str, &str)] = &[(
    "Open Sans (OpenSans-Regular.ttf, OpenSans-Bold.ttf)",
    "Apache-2.0",
    "Apache License 2.0",
    include_str!("../assets/fonts/LICENSE-OpenSans-Apache-2.0.txt"),
)];

/// This build and where its files are: shown whether or not a database is unlocked.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct About {
    pub version: String,
    /// YYYY-MM-DD.
    pub build_date: String,
    /// The build date as a reader of `lang` expects, e.g. "7 December 2026" / "7 Rhagfyr 2026".
    pub build_date_long: String,
    pub licence: String,
    /// The operating system and processor this build is for, e.g. "windows x86_64".
    pub platform: String,
    pub database: String,
    pub backups: String,
    /// The per-user folder Cofrestr keeps its data in when no other path is given.
    pub data_folder: String,
    pub prefs: String,
    /// Present when the database is unlocked (they are kept inside it).
    pub installation: Option<String>,
    /// "department" or "hub", when unlocked.
    pub role: Option<String>,
    /// The role in `lang`'s words, when unlocked.
    pub role_label: Option<String>,
}

/// One licence text and the crates or fonts it covers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Licence {
    /// SPDX identifier, e.g. "MIT".
    pub id: String,
    pub name: String,
    pub text: String,
    pub used_by: Vec<Component>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Component {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Notices {
    /// The licence texts of the crates compiled into the executables, as `cargo about` found them.
    pub licences: Vec<Licence>,
    /// The fonts embedded in the PDF reports.
    pub fonts: Vec<Licence>,
}

/// Everything [`About`] shows, for the database at `db`; `installation` is `(id, role)` when
/// it is unlocked.
pub fn about(db: &Path, installation: Option<(&str, &str)>, lang: Lang) -> About {
    let msgs = crate::i18n::Messages::for_lang(lang);
    let date = chrono::NaiveDate::parse_from_str(BUILD_DATE, "%Y-%m-%d").ok();
    About {
        version: VERSION.to_string(),
        build_date: BUILD_DATE.to_string(),
        build_date_long: date.map(|d| crate::i18n::long_date(lang, d)).unwrap_or_else(|| BUILD_DATE.to_string()),
        licence: LICENCE.to_string(),
        platform: format!("{} {}", std::env::consts::OS, std::env::consts::ARCH),
        database: shown(db),
        backups: shown(&crate::store::backups_dir(db)),
        data_folder: crate::paths::data_folder().map(|p| shown(&p)).unwrap_or_default(),
        prefs: shown(&crate::paths::prefs_file()),
        installation: installation.map(|(id, _)| id.to_string()),
        role: installation.map(|(_, role)| role.to_string()),
        role_label: installation.map(|(_, role)| msgs.get(&format!("about-role-{role}"))),
    }
}

/// A path as the user's file manager shows it: absolute where it can be made so.
fn shown(p: &Path) -> String {
    let abs: PathBuf = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    };
    abs.display().to_string()
}

/// The notices of everything shipped: the generated crate licences and the fonts'.
pub fn notices() -> Notices {
    let mut licences: Vec<Licence> = serde_json::from_str::<Generated>(THIRD_PARTY)
        .expect("assets/licences/third-party.json is cargo about's output")
        .licences;
    for l in &mut licences {
        l.used_by.sort();
        l.used_by.dedup();
    }
    // Cofrestr's own licence first (the window says so), then as cargo about ordered them.
    licences.sort_by_key(|l| !l.used_by.iter().any(|c| c.name == "cofrestr"));
    let fonts = FONTS
        .iter()
        .map(|(font, id, name, text)| Licence {
            id: id.to_string(),
            name: name.to_string(),
            text: text.to_string(),
            used_by: vec![Component { name: font.to_string(), version: String::new() }],
        })
        .collect();
    Notices { licences, fonts }
}

#[derive(Deserialize)]
struct Generated {
    licences: Vec<Licence>,
}

/// The text `cofrestr about --licences` prints: every licence and what it covers.
pub fn notices_text(lang: Lang) -> String {
    let msgs = crate::i18n::Messages::for_lang(lang);
    let n = notices();
    let mut out = String::new();
    for (heading, list) in [("about-crates-heading", &n.licences), ("about-fonts-heading", &n.fonts)] {
        out.push_str(&format!("{}\n{}\n\n", msgs.get(heading), "=".repeat(msgs.get(heading).chars().count())));
        for l in list.iter() {
            let names: Vec<String> = l
                .used_by
                .iter()
                .map(|c| if c.version.is_empty() { c.name.clone() } else { format!("{} {}", c.name, c.version) })
                .collect();
            out.push_str(&format!("{} ({})\n{}\n\n{}\n\n", l.name, l.id, names.join(", "), l.text.trim_end()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_date_is_a_date() {
        assert!(chrono::NaiveDate::parse_from_str(BUILD_DATE, "%Y-%m-%d").is_ok(), "{BUILD_DATE}");
    }

    #[test]
    fn the_notices_cover_the_crates_and_the_fonts() {
        let n = notices();
        assert!(n.licences.iter().any(|l| l.id == "MIT" && l.used_by.iter().any(|c| c.name == "serde")));
        assert!(n.licences.iter().all(|l| !l.text.trim().is_empty() && !l.used_by.is_empty()));
        assert_eq!(n.fonts.len(), 1);
        assert!(n.fonts[0].text.contains("Apache License"));
        assert_eq!((n.fonts[0].id.as_str(), n.fonts[0].name.as_str()), ("Apache-2.0", "Apache License 2.0"));
    }

    #[test]
    fn the_role_is_named_in_both_languages() {
        let db = Path::new("/tmp/x/cofrestr.db");
        let en = about(db, Some(("id", "hub")), Lang::En);
        let cy = about(db, Some(("id", "hub")), Lang::Cy);
        assert_ne!(en.role_label, cy.role_label);
        assert!(en.backups.ends_with("backups"));
        assert!(about(db, None, Lang::En).installation.is_none());
    }
}
