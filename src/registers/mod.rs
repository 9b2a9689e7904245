//! Every register Cofrestr keeps, one module each. Adding a register means a module here, a
//! migration in `src/store/migrations/` and its messages in `assets/locales/`.

pub mod accountability_assessments;
pub mod accountability_ratings;
pub mod action_updates;
pub mod actions;
pub mod assets;
pub mod breaches;
pub mod checklist_templates;
pub mod completions;
pub mod courses;
pub mod departments;
pub mod disposals;
pub mod holidays;
pub mod pages;
pub mod people;
pub mod policies;
pub mod policy_versions;
pub mod publication;
pub mod report_texts;
pub mod requests;
pub mod retention;
pub mod risks;
pub mod roles;
pub mod sharing;
pub mod sharing_partners;
pub mod site_audit_items;
pub mod site_audits;
pub mod views;

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
    &courses::DEF,
    &completions::DEF,
    &checklist_templates::DEF,
    &site_audits::DEF,
    &site_audit_items::DEF,
    &accountability_assessments::DEF,
    &accountability_ratings::DEF,
    &report_texts::DEF,
    &publication::DEF,
    &holidays::DEF,
];

/// Adds a register's starter records (the retention schedule, the site audit checklist) that
/// it lacks; returns how many.
pub type Starter = fn(&rusqlite::Connection, &crate::register::store::Actor) -> crate::Result<usize>;

/// The registers that ship starter records.
pub fn starter(name: &str) -> Option<Starter> {
    match name {
        "retention" => Some(retention::load_template),
        "checklist_templates" => Some(checklist_templates::load_starter),
        _ => None,
    }
}

/// The registers whose records can raise an action in the action plan ([`actions::raise_from`]).
pub const RAISE_ACTIONS: &[&str] = &["site_audit_items", "accountability_ratings"];

/// Whether an import into the register can be the whole roster, marking who is missing from
/// it as having left ([`people::mark_leavers`], for people alone).
pub fn takes_full_roster(name: &str) -> bool {
    name == people::DEF.name
}

/// The registers whose screen shows a heat map ([`risks::heat_map`]).
pub const HEAT_MAPS: &[&str] = &["risks"];

/// The fields that tell apart two records of the same title where one is picked from a list.
pub fn picker_detail(name: &str) -> &'static [&'static str] {
    match name {
        "people" => &["job_title", "department_id"],
        "departments" => &["code"],
        _ => &[],
    }
}

pub fn all() -> &'static [&'static RegisterDef] {
    ALL
}

pub fn by_name(name: &str) -> Option<&'static RegisterDef> {
    let name = ALIASES.iter().find(|(alias, _)| *alias == name).map_or(name, |(_, real)| *real);
    ALL.iter().copied().find(|d| d.name == name)
}

/// Other names people use for a register on the command line (`cofrestr list staff`).
pub const ALIASES: &[(&str, &str)] = &[
    ("staff", "people"),
    ("audits", "site_audits"),
    ("assessments", "accountability_assessments"),
    ("ratings", "accountability_ratings"),
];

#[cfg(test)]
mod tests {
    use crate::i18n::{Lang, Messages};

    #[test]
    fn every_list_a_register_names_exists() {
        for def in super::all() {
            for f in def.fields {
                if let crate::register::FieldKind::Choice(l) | crate::register::FieldKind::MultiChoice(l) = f.kind {
                    assert!(!crate::reference::list(l).is_empty(), "{}.{} names missing list {l}", def.name, f.name);
                }
            }
        }
    }

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
