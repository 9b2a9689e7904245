//! The reference the code cites lives in the repository: every comment or data file that cites
//! `docs/<file>.md` names a file that exists, every `docs/domain.md §N` (or `§N.M`) names one of
//! its sections, and nothing cites a file outside the project.

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("readable") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            // Others' code kept as it came (tests/e2e/vendor/) cites its own documents.
            if !p.ends_with("vendor") {
                files(&p, out);
            }
        } else if p.extension().is_some_and(|x| x == "rs" || x == "json" || x == "js" || x == "ftl") {
            out.push(p);
        }
    }
}

fn cited() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = vec![];
    for d in ["src", "src-tauri/src", "ui", "assets", "tests", "benches"] {
        if root.join(d).is_dir() {
            files(&root.join(d), &mut all);
        }
    }
    let mut out = vec![];
    for p in all {
        if p.ends_with("tests/docs.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let at = format!("{}:{}", p.strip_prefix(root).expect("in the project").display(), n + 1);
            for (i, _) in line.match_indices(".md") {
                let start =
                    line[..i].rfind(|c: char| !(c.is_alphanumeric() || "/._-".contains(c))).map_or(0, |k| k + 1);
                out.push((at.clone(), line[start..].to_string()));
            }
        }
    }
    out
}

#[test]
fn every_cited_document_is_in_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = cited();
    assert!(found.iter().filter(|(_, c)| c.starts_with("docs/domain.md")).count() >= 20, "the citations were read");
    for (at, c) in &found {
        let file = &c[..c.find(".md").expect("found by .md") + 3];
        if file.starts_with("//") {
            continue; // an address on the web
        }
        assert!(!file.starts_with("../"), "{at} cites {file}, outside the project");
        assert!(root.join(file).is_file(), "{at} cites {file}, which is not in the repository");
    }
}

#[test]
fn every_section_of_the_domain_reference_cited_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let domain = std::fs::read_to_string(root.join("docs/domain.md")).expect("docs/domain.md");
    let headings: Vec<&str> = domain.lines().filter(|l| l.starts_with("## ") || l.starts_with("### ")).collect();
    let mut checked = 0;
    for (at, c) in cited() {
        let Some(rest) = c.strip_prefix("docs/domain.md") else { continue };
        let Some(sec) = rest.trim_start().strip_prefix('§') else { continue };
        let number: String = sec.chars().take_while(|ch| ch.is_ascii_digit() || *ch == '.').collect();
        let number = number.trim_end_matches('.');
        assert!(!number.is_empty(), "{at}: a section sign without a number");
        let exists = headings.iter().any(|h| {
            let title = h.trim_start_matches('#').trim_start();
            title.starts_with(&format!("{number}. ")) || title.starts_with(&format!("{number} "))
        });
        assert!(exists, "{at} cites docs/domain.md §{number}, which has no such section");
        checked += 1;
    }
    assert!(checked >= 15, "section citations were read ({checked})");
}
