//! Every register Cofrestr keeps, one module each. Adding a register means a module here, a
//! migration in `src/store/migrations/` and its messages in `assets/locales/`.

pub mod action_updates;
pub mod actions;
pub mod assets;
pub mod breaches;
pub mod departments;
pub mod disposals;
pub mod holidays;
pub mod people;
pub mod policies;
pub mod policy_versions;
pub mod report_texts;
pub mod publication;
pub mod requests;
pub mod retention;
pub mod risks;
pub mod roles;
pub mod sharing;
pub mod sharing_partners;

use crate::register::RegisterDef;

static ALL: &[&RegisterDef] = &[
    &departments::DEF,
    &people::DEF,
    &roles::DEF,
    &retention::DEF,
    &assets::DEF,
    &sharing::DEF,
    &sharing_partners::DEF,
    &disposals::DEF,
    &requests::DEF,
    &breaches::DEF,
    &risks::DEF,
    &actions::DEF,
    &action_updates::DEF,
    &policies::DEF,
    &policy_versions::DEF,
    &report_texts::DEF,
    &publication::DEF,
    &holidays::DEF,
];

pub fn all() -> &'static [&'static RegisterDef] {
    ALL
}

pub fn by_name(name: &str) -> Option<&'static RegisterDef> {
    ALL.iter().copied().find(|d| d.name == name)
}

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, Messages};

    #[test]
    fn every_register_and_field_has_a_label_in_both_languages() {
        for lang in Lang::ALL {
            let m = Messages::for_lang(lang);
            for def in super::all() {
                assert!(m.has(&format!("register-{}", def.name)), "{lang:?}: register-{}", def.name);
                for f in def.fields {
                    assert!(m.has(&def.label_id(f.name)), "{lang:?}: {}", def.label_id(f.name));
                }
                assert!(def.field(def.title_field).is_some(), "{}: title field", def.name);
                assert!(def.field(def.default_sort).is_some(), "{}: default sort", def.name);
            }
        }
    }
}
