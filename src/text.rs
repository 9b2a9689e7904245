//! Text normalisation shared by search, sorting and the PDFs, and ordering names as readers of
//! each language expect.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use unicode_normalization::UnicodeNormalization;

use crate::i18n::Lang;

/// Orders two names as a reader of `lang` expects (CLDR's collation for the language, as ICU
/// has it). In Welsh ch, dd, ff, ng, ll, ph, rh and th are letters of their own, each after its
/// first: "Cymru" before "Chwilog", "Dyffryn" before "Ddôl", "Llyn" after "Lôn". In both
/// languages case and accents decide only between names whose letters are the same.
///
/// CLDR treats every "ng" as the letter ng, as Welsh dictionaries do for most words (though in
/// "Bangor" it is n then g); no rule can tell the two apart without a dictionary.
pub fn compare(lang: Lang, a: &str, b: &str) -> Ordering {
    collator(lang).compare(a, b)
}

/// Whether text holds a control character other than tab, line feed and carriage return: NUL
/// and the rest (C0, DEL and C1) never belong in a register, and some programs reading an
/// export stop at them or hide them.
pub fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

fn collator(lang: Lang) -> &'static CollatorBorrowed<'static> {
    static EN: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    static CY: OnceLock<CollatorBorrowed<'static>> = OnceLock::new();
    let (cell, locale) = match lang {
        Lang::En => (&EN, icu_locale_core::locale!("en")),
        Lang::Cy => (&CY, icu_locale_core::locale!("cy")),
    };
    cell.get_or_init(|| {
        Collator::try_new((&locale).into(), CollatorOptions::default())
            .expect("compiled collation data covers en and cy")
    })
}

/// The name of the SQL collation for Welsh text (registered on every connection), or SQLite's
/// own case-blind one for English.
pub fn sql_collation(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "NOCASE",
        Lang::Cy => "cy",
    }
}

/// Lower-case, without diacritics, so that "Gŵyn", "gwyn" and "GWYN" find each other.
pub fn normalise(s: &str) -> String {
    s.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect::<String>().to_lowercase()
}

/// NFC form, so precomposed ŵ and ŷ are used (fonts and PDFs expect them).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_diacritics_fold_for_search() {
        assert_eq!(super::normalise("Gŵyl Dewi Sant"), "gwyl dewi sant");
        assert_eq!(super::normalise("TŶ"), "ty");
    }

    fn sorted(lang: Lang, names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(lang, a, b));
        v
    }

    #[test]
    fn welsh_orders_its_digraphs_as_letters_and_english_does_not() {
        let names = [
            "Llanelli",
            "Lôn Goed",
            "Chwilog",
            "Cymru",
            "Ddôl",
            "Dyffryn",
            "Rhyl",
            "Ruthin",
            "Ffestiniog",
            "Fron",
            "Theatr",
            "Tywyn",
            "Ngwynedd",
            "Nant",
            "Gwynedd",
            "Hirael",
        ];
        // The Welsh alphabet: a b c ch d dd e f ff g ng h i j l ll m n o p ph r rh s t th u w y.
        assert_eq!(
            sorted(Lang::Cy, &names),
            [
                "Cymru",
                "Chwilog",
                "Dyffryn",
                "Ddôl",
                "Fron",
                "Ffestiniog",
                "Gwynedd",
                "Ngwynedd",
                "Hirael",
                "Lôn Goed",
                "Llanelli",
                "Nant",
                "Ruthin",
                "Rhyl",
                "Tywyn",
                "Theatr"
            ]
        );
        assert_eq!(
            sorted(Lang::En, &names),
            [
                "Chwilog",
                "Cymru",
                "Ddôl",
                "Dyffryn",
                "Ffestiniog",
                "Fron",
                "Gwynedd",
                "Hirael",
                "Llanelli",
                "Lôn Goed",
                "Nant",
                "Ngwynedd",
                "Rhyl",
                "Ruthin",
                "Theatr",
                "Tywyn"
            ]
        );
        // Addysg (a, dd) after Adnoddau (a, d): the pack's Welsh department table.
        assert_eq!(sorted(Lang::Cy, &["Addysg", "Adnoddau"]), ["Adnoddau", "Addysg"]);
        // Case and accents only break ties.
        assert_eq!(sorted(Lang::Cy, &["tŷ", "Ty", "ty"]), ["ty", "Ty", "tŷ"]);
    }
}
