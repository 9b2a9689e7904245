//! English and Welsh messages from the Fluent files in `assets/locales/`.
//!
//! The files are embedded at compile time, so the window, the CLI and the PDFs read one source
//! and nothing is loaded from disk at run time. Welsh must never be less complete than English:
//! `tests::welsh_is_complete` fails when an English message has no Welsh twin.
//!
//! Messages meant for the window (`ui-*` and field labels) use only plain `{ $name }`
//! placeholders, which the front end fills in; anything that needs plural rules is formatted
//! here in the core.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// Named arguments for a message.
pub type Args = Vec<(String, String)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Cy,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cy => "cy",
        }
    }
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Cy];
}

const EN_FILES: &[(&str, &str)] = &[
    ("en/app.ftl", include_str!("../assets/locales/en/app.ftl")),
    ("en/registers.ftl", include_str!("../assets/locales/en/registers.ftl")),
    ("en/errors.ftl", include_str!("../assets/locales/en/errors.ftl")),
    ("en/reports.ftl", include_str!("../assets/locales/en/reports.ftl")),
];
const CY_FILES: &[(&str, &str)] = &[
    ("cy/app.ftl", include_str!("../assets/locales/cy/app.ftl")),
    ("cy/registers.ftl", include_str!("../assets/locales/cy/registers.ftl")),
    ("cy/errors.ftl", include_str!("../assets/locales/cy/errors.ftl")),
    ("cy/reports.ftl", include_str!("../assets/locales/cy/reports.ftl")),
];

/// The messages of one language.
pub struct Messages {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    ids: Vec<String>,
}

impl Messages {
    fn load(lang: Lang) -> Messages {
        let (files, tag) = match lang {
            Lang::En => (EN_FILES, "en-GB"),
            Lang::Cy => (CY_FILES, "cy-GB"),
        };
        let langid: unic_langid::LanguageIdentifier = tag.parse().expect("static language tag");
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // Isolation marks (U+2068/U+2069) would leak into the CLI, CSV and PDFs.
        bundle.set_use_isolating(false);
        let mut ids = Vec::new();
        for (name, src) in files {
            let res = FluentResource::try_new(src.to_string())
                .unwrap_or_else(|(_, errs)| panic!("Fluent syntax error in {name}: {errs:?}"));
            for entry in res.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.push(m.id.name.to_string());
                }
            }
            bundle.add_resource(res).unwrap_or_else(|errs| panic!("duplicate message in {name}: {errs:?}"));
        }
        ids.sort();
        Messages { lang, bundle, ids }
    }

    pub fn for_lang(lang: Lang) -> &'static Messages {
        static EN: OnceLock<Messages> = OnceLock::new();
        static CY: OnceLock<Messages> = OnceLock::new();
        match lang {
            Lang::En => EN.get_or_init(|| Messages::load(Lang::En)),
            Lang::Cy => CY.get_or_init(|| Messages::load(Lang::Cy)),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// A message with no arguments. A missing id comes back as the id itself, which the
    /// completeness tests catch long before a user could.
    pub fn get(&self, id: &str) -> String {
        self.fmt(id, &Vec::new())
    }

    pub fn fmt(&self, id: &str, args: &Args) -> String {
        let Some(msg) = self.bundle.get_message(id) else { return id.to_string() };
        let Some(pattern) = msg.value() else { return id.to_string() };
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            // Numbers go in as numbers so plural selectors work.
            match v.parse::<f64>() {
                Ok(n) if !v.is_empty() && !v.starts_with('+') => fargs.set(k.clone(), FluentValue::from(n)),
                _ => fargs.set(k.clone(), FluentValue::from(v.clone())),
            }
        }
        let mut errors = vec![];
        self.bundle.format_pattern(pattern, Some(&fargs), &mut errors).into_owned()
    }

    /// Every message rendered without arguments, for the window. Placeholders come out as
    /// `{$name}` for the front end to fill in.
    pub fn all(&self) -> BTreeMap<String, String> {
        self.ids
            .iter()
            .map(|id| {
                let msg = self.bundle.get_message(id).expect("listed id");
                let text = msg
                    .value()
                    .map(|p| {
                        let mut errors = vec![];
                        self.bundle.format_pattern(p, None, &mut errors).into_owned()
                    })
                    .unwrap_or_default();
                (id.clone(), text)
            })
            .collect()
    }

    pub fn ids(&self) -> &[String] {
        &self.ids
    }
}

/// Format a date for people in this language, e.g. "24 November 2026" / "24 Tachwedd 2026".
pub fn long_date(lang: Lang, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const CY: [&str; 12] = [
        "Ionawr",
        "Chwefror",
        "Mawrth",
        "Ebrill",
        "Mai",
        "Mehefin",
        "Gorffennaf",
        "Awst",
        "Medi",
        "Hydref",
        "Tachwedd",
        "Rhagfyr",
    ];
    let m = (d.month0()) as usize;
    match lang {
        Lang::En => format!("{} {} {}", d.day(), EN[m], d.year()),
        Lang::Cy => format!("{} {} {}", d.day(), CY[m], d.year()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_is_complete() {
        let en = Messages::for_lang(Lang::En);
        let cy = Messages::for_lang(Lang::Cy);
        let missing: Vec<_> = en.ids().iter().filter(|id| !cy.has(id)).collect();
        assert!(missing.is_empty(), "English messages with no Welsh: {missing:?}");
        let extra: Vec<_> = cy.ids().iter().filter(|id| !en.has(id)).collect();
        assert!(extra.is_empty(), "Welsh messages with no English: {extra:?}");
    }

    #[test]
    fn messages_format_with_arguments_and_no_isolation_marks() {
        let en = Messages::for_lang(Lang::En);
        let s = en.fmt("err-db-missing", &vec![("path".into(), "/tmp/x.db".into())]);
        assert!(s.contains("/tmp/x.db"), "{s}");
        assert!(!s.contains('\u{2068}'));
        let cy = Messages::for_lang(Lang::Cy);
        assert_ne!(cy.get("err-wrong-passphrase"), en.get("err-wrong-passphrase"));
    }

    #[test]
    fn window_messages_keep_placeholders_for_the_front_end() {
        let all = Messages::for_lang(Lang::En).all();
        let s = &all["ui-records-count"];
        assert!(s.contains("{$count}"), "{s}");
    }

    #[test]
    fn counts_take_the_plural_they_need() {
        let en = Messages::for_lang(Lang::En);
        let n = |k: &str, v: usize| -> Args { vec![(k.to_string(), v.to_string()), ("path".into(), "x.csv".into())] };
        assert_eq!(en.fmt("cli-exported", &n("count", 1)), "Wrote one record to x.csv.");
        assert_eq!(en.fmt("cli-exported", &n("count", 7)), "Wrote 7 records to x.csv.");
        assert_eq!(en.fmt("import-apply", &n("count", 1)), "Import one change");
        assert_eq!(en.fmt("import-apply", &n("count", 2)), "Import 2 changes");
        let cy = Messages::for_lang(Lang::Cy);
        // Welsh counts take the singular noun.
        assert_eq!(cy.fmt("import-apply", &n("count", 3)), "Mewnforio 3 newid");
    }

    #[test]
    fn long_dates_in_both_languages() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(long_date(Lang::En, d), "24 November 2026");
        assert_eq!(long_date(Lang::Cy, d), "24 Tachwedd 2026");
    }
}
