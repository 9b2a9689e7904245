//! Text normalisation shared by search, sorting and the PDFs.

use unicode_normalization::UnicodeNormalization;

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
    #[test]
    fn welsh_diacritics_fold_for_search() {
        assert_eq!(super::normalise("Gŵyl Dewi Sant"), "gwyl dewi sant");
        assert_eq!(super::normalise("TŶ"), "ty");
    }
}
