//! The core's layers (ARCHITECTURE.md, "Layers"), held: a module never names a module of a
//! higher layer, and the only import cycles are the register store with the catalogue of
//! registers (`register` ↔ `registers`) and parent and child registers inside the catalogue.
//!
//! Every `crate::` path in `src/`, code and unit tests alike, is read after comments and the
//! insides of string literals are blanked (a doc link is documentation, not a dependency).
//! `super::` is read as the parent module. The desktop shell is a separate crate that can only
//! name the core, and the core never names it (nor tauri): see the last test.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom to top. A module's layer is its top-level module's.
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation", &["time", "text", "i18n", "error", "reference", "pdf", "paths", "files", "keys", "deadlines"]),
    ("settings, store and audit chain", &["settings", "store", "audit"]),
    ("registers", &["register", "registers"]),
    ("readers", &["figures", "training", "assurance", "transfer", "dashboard", "returns", "trail", "about", "glance"]),
    ("reports", &["reports"]),
    ("session", &["session"]),
    ("faces", &["main", "demo", "fuzzing"]),
];

/// Cycles allowed between top-level modules.
const ALLOWED_CYCLES: &[&[&str]] = &[&["register", "registers"]];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

/// Source with comments removed and string and character literals emptied, so what is left
/// is code. Line breaks are kept (messages give line numbers).
fn code_only(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                let mut depth = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if c[i] == '\n' {
                            out.push('\n');
                        }
                        i += 1;
                    }
                }
            }
            'r' if (c.get(i + 1) == Some(&'"') || c.get(i + 1) == Some(&'#'))
                && !c.get(i.wrapping_sub(1)).is_some_and(|p| p.is_alphanumeric() || *p == '_')
                || (c.get(i.wrapping_sub(1)) == Some(&'b')
                    && !c.get(i.wrapping_sub(2)).is_some_and(|p| p.is_alphanumeric() || *p == '_')) =>
            {
                // A raw string: r"..." or r#"..."#.
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    out.push(c[i]);
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"' && (0..hashes).all(|k| c.get(j + 1 + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    if c[j] == '\n' {
                        out.push('\n');
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            '"' => {
                i += 1;
                let start = i;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        i += 1;
                    } else if c[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
                // A path named in a string (`#[serde(with = "crate::x")]`) is a dependency.
                let inside: String = c[start..i.min(c.len())].iter().collect();
                i += 1;
                if inside.trim_start().starts_with("crate::") {
                    out.push(' ');
                    out.push_str(inside.trim());
                    out.push(' ');
                } else {
                    out.push_str("\"\"");
                }
            }
            '\'' => {
                // A character literal ('x', '\n', '\u{1F600}'), or a lifetime ('a).
                if c.get(i + 1) == Some(&'\\') {
                    // Past the escaped character itself ('\'' is a quote), to the closing quote.
                    let mut j = i + 3;
                    while j < c.len() && c[j] != '\'' {
                        j += 1;
                    }
                    i = j + 1;
                    out.push_str("' '");
                } else if c.get(i + 2) == Some(&'\'') {
                    i += 3;
                    out.push_str("' '");
                } else {
                    out.push('\'');
                    i += 1;
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

/// The module path of a source file under `src/`: `registers::risks` for
/// `src/registers/risks.rs`, `store` for `src/store/mod.rs`, `main` for the CLI.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// Every top-level module a piece of code names through `crate::` (or `super::`, read from
/// `module`), with the line it is named on.
fn named(code: &str, module: &[String]) -> Vec<(String, usize)> {
    // `crate :: x` and `crate::\n    x` are `crate::x`.
    let code = &tighten_paths(code);
    let mut out = vec![];
    let line_at = |pos: usize| code[..pos].matches('\n').count() + 1;
    let ident_at =
        |pos: usize| -> String { code[pos..].chars().take_while(|ch| ch.is_alphanumeric() || *ch == '_').collect() };
    let is_path_start =
        |pos: usize| pos == 0 || !code[..pos].ends_with(|ch: char| ch.is_alphanumeric() || ch == '_' || ch == ':');
    for (pos, _) in code.match_indices("crate::") {
        if !is_path_start(pos) {
            continue;
        }
        let after = pos + "crate::".len();
        if code[after..].starts_with('{') {
            // `crate::{a, b::{c, d}, e}`: the first name of each item at the top of the group.
            let mut depth = 0;
            let mut expect_name = true;
            for (k, ch) in code[after..].char_indices() {
                match ch {
                    '{' => {
                        depth += 1;
                        if depth == 1 {
                            expect_name = true;
                        }
                    }
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => expect_name = true,
                    ch if depth == 1 && expect_name && (ch.is_alphabetic() || ch == '_') => {
                        out.push((ident_at(after + k), line_at(after + k)));
                        expect_name = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident_at(after);
            if !name.is_empty() {
                out.push((name, line_at(pos)));
            }
        }
    }
    for (pos, _) in code.match_indices("super::") {
        if !is_path_start(pos) {
            continue;
        }
        // `super::super::x`: each `super` one module up from the file's (read as at the file's
        // top level; inside an inline `mod tests` that is one module too high, which can only
        // make the check stricter). Reaching the crate root, `x` is a top-level module.
        let depth = module.len() + inline_modules_around(code, pos);
        let mut ups = 0;
        let mut at = pos;
        while code[at..].starts_with("super::") {
            ups += 1;
            at += "super::".len();
        }
        if ups > 1 && code[..pos].ends_with("super::") {
            continue; // counted from the first `super` of the chain
        }
        if ups >= depth {
            let name = ident_at(at);
            if !name.is_empty() {
                out.push((name, line_at(pos)));
            }
        } else if let Some(top) = module.first() {
            out.push((top.clone(), line_at(pos)));
        }
    }
    // Items the crate root re-exports, named as `crate::Session`: their modules.
    for (n, _) in out.iter_mut() {
        match n.as_str() {
            "Session" => *n = "session".into(),
            "Error" | "Result" => *n = "error".into(),
            _ => {}
        }
    }
    // A crate named by another name hides what it names from this check.
    for alias in ["crate as ", "extern crate self"] {
        if let Some(pos) = code.find(alias) {
            out.push(("<an alias of the crate>".into(), line_at(pos)));
        }
    }
    out.retain(|(n, _)| n != "self" && n != "super" && n != "crate");
    out
}

/// How many inline modules (`mod tests { … }`) enclose `pos`.
fn inline_modules_around(code: &str, pos: usize) -> usize {
    let mut n = 0;
    let mut from = 0;
    while let Some(found) = code[from..].find("mod ") {
        let start = from + found;
        from = start + 4;
        if start > 0 && code[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[from..];
        let name_len = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').count();
        let after = rest[name_len..].trim_start();
        if name_len == 0 || !after.starts_with('{') {
            continue;
        }
        let open = from + name_len + (rest[name_len..].len() - after.len());
        let mut depth = 0;
        let mut close = code.len();
        for (i, ch) in code[open..].char_indices() {
            match ch {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        if open < pos && pos < close {
            n += 1;
        }
    }
    n
}

/// Whitespace around `::` removed (line breaks kept, after the path), so every path reads as
/// one word.
fn tighten_paths(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut pending_newlines = 0;
    let mut chars = code.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch.is_whitespace() {
            // Whitespace before `::`, or after it: dropped.
            let mut run = String::from(ch);
            while let Some(&n) = chars.peek() {
                if !n.is_whitespace() {
                    break;
                }
                run.push(n);
                chars.next();
            }
            let before_colons = chars.peek() == Some(&':');
            if out.ends_with("::") || before_colons {
                pending_newlines += run.matches('\n').count();
            } else {
                out.push_str(&run);
            }
            continue;
        }
        out.push(ch);
        if pending_newlines > 0 && !(ch.is_alphanumeric() || ch == '_' || ch == ':') {
            out.extend(std::iter::repeat_n('\n', pending_newlines));
            pending_newlines = 0;
        }
    }
    out
}

fn sources(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut dirs = vec![root.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("src readable") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Each top-level module and the top-level modules it names, with where.
type Graph = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn graph(files: &[(PathBuf, String)]) -> Graph {
    let mut g: Graph = BTreeMap::new();
    for (rel, src) in files {
        let module = module_of(rel);
        let Some(top) = module.first() else { continue };
        let code = code_only(src);
        let node = g.entry(top.clone()).or_default();
        for (name, line) in named(&code, &module) {
            if &name != top {
                node.entry(name).or_default().push(format!("src/{}:{line}", rel.display()));
            }
        }
    }
    g
}

/// Every use of a higher layer's module, as sentences.
fn back_arrows(g: &Graph) -> Vec<String> {
    let mut out = vec![];
    for (from, to) in g {
        let Some(lf) = layer_of(from) else {
            out.push(format!("module `{from}` is in no layer: add it to LAYERS and to ARCHITECTURE.md"));
            continue;
        };
        for (name, wheres) in to {
            match layer_of(name) {
                Some(lt) if lt > lf => out.push(format!(
                    "`{from}` ({}) names `{name}` ({}), a higher layer, at {}",
                    LAYERS[lf].0,
                    LAYERS[lt].0,
                    wheres.join(", ")
                )),
                Some(_) => {}
                None => out.push(format!(
                    "`{from}` names `crate::{name}`, which is no module in LAYERS, at {}",
                    wheres.join(", ")
                )),
            }
        }
    }
    out
}

/// The strongly connected groups of more than one module (Tarjan's algorithm).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        let targets: Vec<&'a str> = t.g.get(v).map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default();
        for w in targets {
            if !t.g.contains_key(w) {
                continue;
            }
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low[v];
                t.low.insert(v, lv.min(lw));
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low[v];
                t.low.insert(v, lv.min(iw));
            }
        }
        if t.low[v] == t.index[v] {
            let mut group = vec![];
            loop {
                let w = t.stack.pop().expect("on the stack");
                t.on.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                t.out.push(group);
            }
        }
    }
    let mut t =
        T { g, index: BTreeMap::new(), low: BTreeMap::new(), stack: vec![], on: BTreeSet::new(), next: 0, out: vec![] };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn read_core() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    sources(&root)
        .into_iter()
        .map(|p| {
            let src = std::fs::read_to_string(&p).expect("source readable");
            (p.strip_prefix(&root).expect("under src").to_path_buf(), src)
        })
        .collect()
}

#[test]
fn no_module_names_a_higher_layer() {
    let g = graph(&read_core());
    assert!(g.len() > 20, "the core's modules were read ({} found)", g.len());
    let wrong = back_arrows(&g);
    assert!(wrong.is_empty(), "layering broken:\n  {}", wrong.join("\n  "));
}

/// The crate root declares the modules (each a file, each in a layer) and re-exports; it holds
/// no code of its own for the checks above to miss.
#[test]
fn the_crate_root_only_declares_modules_in_layers() {
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("lib.rs");
    let mut declared = BTreeSet::new();
    for line in code_only(&src).lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(name) = line.strip_prefix("pub mod ").and_then(|r| r.strip_suffix(';')) {
            assert!(layer_of(name).is_some(), "src/lib.rs: module `{name}` is in no layer");
            declared.insert(name.to_string());
        } else {
            assert!(
                line.starts_with("pub use ") && line.ends_with(';'),
                "src/lib.rs holds more than modules and re-exports: {line}"
            );
        }
    }
    let layered: BTreeSet<String> =
        LAYERS.iter().flat_map(|(_, m)| m.iter()).filter(|m| **m != "main").map(|m| m.to_string()).collect();
    assert_eq!(declared, layered, "src/lib.rs and LAYERS name the same modules");
}

#[test]
fn the_only_cycle_is_the_register_store_with_its_catalogue() {
    let g = graph(&read_core());
    let found = cycles(&g);
    let unexpected: Vec<&Vec<String>> = found
        .iter()
        .filter(|c| !ALLOWED_CYCLES.iter().any(|a| a.iter().copied().eq(c.iter().map(String::as_str))))
        .collect();
    assert!(unexpected.is_empty(), "import cycles: {unexpected:?}");
}

#[test]
fn the_core_never_names_the_desktop_toolkit() {
    for (rel, src) in read_core() {
        let code = code_only(&src);
        assert!(!code.contains("tauri"), "src/{} names tauri", rel.display());
    }
}

/// The checks above can fail: a back-arrow, a cycle, and the ways a name hides (a group, a
/// comment, a string) are each told apart on made-up sources.
#[test]
fn the_checker_sees_a_back_arrow_and_nothing_else() {
    let files = vec![
        (PathBuf::from("store/mod.rs"), "use crate::{error::Result, session::{self, Session}};\nfn f() {}".to_string()),
        (PathBuf::from("time.rs"), "// crate::session in a comment\nconst S: &str = \"see crate::reports\";\nfn g<'a>(c: char) -> bool { c == '\"' }\nuse crate::error;".to_string()),
        (PathBuf::from("registers/risks.rs"), "use super::x; fn f() { crate::registers::all(); crate::register::store::get(); }".to_string()),
        (PathBuf::from("register/mod.rs"), "use crate::registers;".to_string()),
        (PathBuf::from("error.rs"), "".to_string()),
        (PathBuf::from("session.rs"), "use crate::store;".to_string()),
    ];
    let g = graph(&files);
    let wrong = back_arrows(&g);
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(wrong[0].starts_with("`store` (settings, store and audit chain) names `session` (session), a higher layer, at src/store/mod.rs:1"), "{}", wrong[0]);
    assert_eq!(g["time"].keys().collect::<Vec<_>>(), ["error"], "comments and strings name nothing");
    assert_eq!(
        cycles(&g),
        vec![vec!["register".to_string(), "registers".to_string()], vec!["session".to_string(), "store".to_string()]]
    );
    // The ways a name can hide: spaces in a path, a root re-export, an alias of the crate,
    // `super::super`, a path in an attribute's string, a quote in a char literal, a raw byte
    // string.
    let hidden = |rel: &str, src: &str| {
        let g = graph(&[(PathBuf::from(rel), src.to_string()), (PathBuf::from("session.rs"), String::new())]);
        back_arrows(&g)
    };
    assert_eq!(hidden("store/mod.rs", "use crate ::\n    session;").len(), 1, "spaces around ::");
    assert_eq!(hidden("settings.rs", "fn f(s: &crate::Session) {}").len(), 1, "crate::Session is the session layer");
    assert!(hidden("store/mod.rs", "use crate as c; use c::session;").iter().any(|w| w.contains("alias")), "an alias");
    assert_eq!(hidden("returns/merge.rs", "use super::super::reports::x;").len(), 1, "super::super reaches the root");
    assert_eq!(hidden("returns/merge.rs", "use super::keys;").len(), 0, "super:: is the parent, the same layer");
    assert_eq!(
        hidden("store/mod.rs", "#[serde(with = \"crate::session::x\")]\nstruct S;").len(),
        1,
        "a path in a string"
    );
    assert_eq!(
        hidden("time.rs", "const Q: [char; 2] = ['\\'', '\"'];\nuse crate::reports;").len(),
        1,
        "'\\'' then a quote"
    );
    assert_eq!(hidden("time.rs", "const B: &[u8] = br\"\\\";\nuse crate::reports;").len(), 1, "a raw byte string");
    let cyclic = vec![
        (PathBuf::from("figures.rs"), "use crate::training;".to_string()),
        (PathBuf::from("training.rs"), "use crate::figures::Period;".to_string()),
    ];
    assert_eq!(cycles(&graph(&cyclic)), vec![vec!["figures".to_string(), "training".to_string()]]);
}

/// The front end's own layering (ARCHITECTURE.md, `ui/`): `api.js` alone talks to the backend;
/// the shared modules (`api`, `dom`, `i18n`, `state`, `widgets`) never import the shell or a
/// screen; a screen imports only the shared modules, never another screen or `app.js`.
#[test]
fn ui_screens_import_only_the_shared_modules() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui");
    let shared = ["api.js", "charts.js", "datepicker.js", "dom.js", "i18n.js", "state.js", "widgets.js"];
    let imports = |path: &Path| -> Vec<String> {
        let text = std::fs::read_to_string(path).expect("ui module");
        let mut out = vec![];
        for (i, _) in
            text.match_indices("from '").chain(text.match_indices("import('")).chain(text.match_indices("import '"))
        {
            let start = text[i..].find('\'').map(|k| i + k + 1).expect("a quote");
            let end = text[start..].find('\'').map(|k| start + k).expect("closed");
            out.push(text[start..end].to_string());
        }
        out
    };
    let mut screens = 0;
    for e in std::fs::read_dir(ui.join("screens")).expect("ui/screens") {
        let p = e.expect("entry").path();
        for target in imports(&p) {
            let name = target.strip_prefix("../").unwrap_or("");
            assert!(shared.contains(&name), "{} imports {target}: a screen imports only {shared:?}", p.display());
        }
        screens += 1;
    }
    assert!(screens >= 8, "the screens were read ({screens})");
    for name in shared {
        let p = ui.join(name);
        for target in imports(&p) {
            let t = target.trim_start_matches("./");
            assert!(shared.contains(&t), "ui/{name} imports {target}: the shared modules import only each other");
        }
        let text = std::fs::read_to_string(&p).expect("ui module");
        if name != "api.js" {
            assert!(!text.contains("__TAURI__"), "ui/{name} talks to the backend: only api.js does");
        }
    }
    for e in std::fs::read_dir(ui.join("screens")).expect("ui/screens") {
        let p = e.expect("entry").path();
        assert!(
            !std::fs::read_to_string(&p).expect("screen").contains("__TAURI__"),
            "{} talks to the backend",
            p.display()
        );
    }
    assert!(
        !std::fs::read_to_string(ui.join("app.js")).expect("app.js").contains("__TAURI__"),
        "app.js talks to the backend"
    );
}
