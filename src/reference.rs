//! Choice lists: reference data shipped in `assets/reference/choices.json`, each value with an
//! English and a Welsh label. Values are stable kebab-case codes stored in the database; labels
//! are for people and never stored.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

#[derive(Debug, Clone, Deserialize)]
pub struct Choice {
    pub value: String,
    pub en: String,
    pub cy: String,
    /// For roles: held in a department rather than council-wide.
    #[serde(default)]
    pub departmental: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChoiceView {
    pub value: String,
    pub label: String,
}

fn lists() -> &'static BTreeMap<String, Vec<Choice>> {
    static LISTS: OnceLock<BTreeMap<String, Vec<Choice>>> = OnceLock::new();
    LISTS.get_or_init(|| {
        serde_json::from_str(include_str!("../assets/reference/choices.json")).expect("choices.json is valid")
    })
}

pub fn list(name: &str) -> &'static [Choice] {
    lists().get(name).map(Vec::as_slice).unwrap_or(&[])
}

pub fn is_choice(list_name: &str, value: &str) -> bool {
    list(list_name).iter().any(|c| c.value == value)
}

pub fn find(list_name: &str, value: &str) -> Option<&'static Choice> {
    list(list_name).iter().find(|c| c.value == value)
}

pub fn label(list_name: &str, value: &str, lang: Lang) -> String {
    match find(list_name, value) {
        Some(c) => match lang {
            Lang::En => c.en.clone(),
            Lang::Cy => c.cy.clone(),
        },
        None => value.to_string(),
    }
}

pub fn choices(list_name: &str, lang: Lang) -> Vec<ChoiceView> {
    list(list_name)
        .iter()
        .map(|c| ChoiceView {
            value: c.value.clone(),
            label: if lang == Lang::Cy { c.cy.clone() } else { c.en.clone() },
        })
        .collect()
}

pub fn list_names() -> impl Iterator<Item = &'static String> {
    lists().keys()
}

/// The labels people see for choice values: the shipped ones, with any a council has reworded
/// in its settings (the risk bands) laid over them. Everything that shows a choice to a person
/// — the window's register descriptions, exports, the audit history — labels through this, so
/// a reworded band reads the same everywhere.
#[derive(Debug, Clone, Default)]
pub struct Wording {
    /// list → value → (English, Welsh).
    overrides: BTreeMap<String, BTreeMap<String, (String, String)>>,
}

impl Wording {
    /// The shipped labels only.
    pub fn shipped() -> Self {
        Self::default()
    }

    /// Rewords one value of a list; blank labels keep the shipped ones.
    pub fn reword(mut self, list_name: &str, value: &str, en: &str, cy: &str) -> Self {
        if !en.trim().is_empty() && !cy.trim().is_empty() {
            self.overrides
                .entry(list_name.to_string())
                .or_default()
                .insert(value.to_string(), (en.trim().to_string(), cy.trim().to_string()));
        }
        self
    }

    pub fn label(&self, list_name: &str, value: &str, lang: Lang) -> String {
        match self.overrides.get(list_name).and_then(|l| l.get(value)) {
            Some((en, cy)) => {
                if lang == Lang::Cy {
                    cy.clone()
                } else {
                    en.clone()
                }
            }
            None => label(list_name, value, lang),
        }
    }

    pub fn choices(&self, list_name: &str, lang: Lang) -> Vec<ChoiceView> {
        list(list_name)
            .iter()
            .map(|c| ChoiceView { value: c.value.clone(), label: self.label(list_name, &c.value, lang) })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reworded_labels_lay_over_the_shipped_ones_in_both_languages() {
        let w = Wording::shipped().reword("risk_band", "extreme", "Critical", "Critigol").reword(
            "risk_band",
            "low",
            " ",
            "Isel",
        );
        assert_eq!(w.label("risk_band", "extreme", Lang::En), "Critical");
        assert_eq!(w.label("risk_band", "extreme", Lang::Cy), "Critigol");
        assert_eq!(w.label("risk_band", "low", Lang::En), "Low", "a blank rewording keeps the shipped label");
        let cy: Vec<String> = w.choices("risk_band", Lang::Cy).into_iter().map(|c| c.label).collect();
        assert_eq!(cy, ["Isel", "Cymedrol", "Uchel", "Critigol"]);
    }

    #[test]
    fn every_choice_has_both_labels_and_unique_values() {
        for name in list_names() {
            let l = list(name);
            assert!(!l.is_empty(), "{name} is empty");
            let mut seen = std::collections::HashSet::new();
            for c in l {
                assert!(!c.en.trim().is_empty() && !c.cy.trim().is_empty(), "{name}/{} lacks a label", c.value);
                assert!(seen.insert(&c.value), "{name} repeats {}", c.value);
                assert!(
                    c.value.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
                    "{}",
                    c.value
                );
            }
        }
    }
}
