//! Every screen in both languages, and the window beside the command line on one file.

use cofrestr_e2e::prelude::*;

/// Every screen the navigation reaches: its link, and its heading in English and Welsh.
const SCREENS: [(&str, &str, &str); 23] = [
    ("#nav-dashboard", "Dashboard", "Dangosfwrdd"),
    ("#nav-requests", "Requests", "Ceisiadau"),
    ("#nav-breaches", "Breaches and incidents", "Tor-rheolau a digwyddiadau"),
    ("#nav-assets", "Information assets", "Asedau gwybodaeth"),
    ("#nav-sharing", "Data sharing (WASPI)", "Rhannu data (WASPI)"),
    ("#nav-risks", "Information risks", "Risgiau gwybodaeth"),
    ("#nav-actions", "Action plan", "Cynllun gweithredu"),
    ("#nav-retention", "Retention schedule", "Amserlen cadw"),
    ("#nav-disposals", "Disposal log", "Log gwaredu"),
    ("#nav-policies", "Policies and documents", "Polisïau a dogfennau"),
    ("#nav-publication", "Publication scheme", "Cynllun cyhoeddi"),
    ("#nav-departments", "Departments", "Adrannau"),
    ("#nav-people", "People", "Pobl"),
    ("#nav-roles", "Roles", "Rolau"),
    ("#nav-holidays", "Proclaimed bank holidays", "Gwyliau banc a gyhoeddwyd"),
    ("#nav-training", "Training compliance", "Cydymffurfiaeth hyfforddiant"),
    ("#nav-courses", "Training courses", "Cyrsiau hyfforddi"),
    ("#nav-site_audits", "Site audits", "Archwiliadau safle"),
    ("#nav-checklist_templates", "Audit checklists", "Rhestrau gwirio archwilio"),
    ("#nav-accountability_assessments", "Accountability self-assessments", "Hunanasesiadau atebolrwydd"),
    ("#nav-reports", "Reports", "Adroddiadau"),
    ("#nav-returns", "Departmental returns", "Ffurflenni adrannol"),
    ("#nav-settings", "Settings", "Gosodiadau"),
];

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_in_english_and_welsh() {
    let mut w = demo_window("tour").await;
    let screens = SCREENS;
    for (lang, welsh) in [("en", false), ("cy", true)] {
        if welsh {
            w.arrow_down("#lang-select", 1).await;
            w.wait_text("#nav-dashboard", |t| t == "Dangosfwrdd").await;
        }
        for (nav, en, cy) in screens {
            let title = if welsh { cy } else { en };
            w.click(nav).await;
            w.wait_text("main h1", |t| t == title).await;
            if !["#nav-settings", "#nav-dashboard", "#nav-reports", "#nav-training", "#nav-returns"].contains(&nav) {
                w.wait_text("#record-count", |t| !t.is_empty()).await;
            }
            assert_no_leaks(&w, &format!("{lang} {title}")).await;
            w.shot(&format!("{lang}-{}", nav.trim_start_matches("#nav-"))).await;
        }
        // A record's form and its history. On Welsh screens the assets' business functions
        // are in Welsh (the demo's are its departments' names).
        w.click("#nav-assets").await;
        let table = w.wait_text("#register-table tbody", |t| !t.is_empty()).await;
        let english =
            ["Chief Executive's Office", "Corporate and Customer Services", "Education and Early Intervention"];
        assert_eq!(english.iter().any(|d| table.contains(d)), !welsh, "{lang}: {table}");
        w.click("#register-table tbody tr:first-child .open-record").await;
        w.el("#record-page").await;
        w.click("#tab-history").await;
        w.wait_text("#history-body", |t| !t.is_empty()).await;
        assert_no_leaks(&w, &format!("{lang} asset form")).await;
        w.shot(&format!("{lang}-asset-form")).await;
        w.click("#record-cancel").await;
        w.gone("#record-page").await;
        w.click("#nav-breaches").await;
        w.click("#register-table tbody tr:last-child .open-record").await;
        w.el("#record-page").await;
        assert_no_leaks(&w, &format!("{lang} breach form")).await;
        w.shot(&format!("{lang}-breach-form")).await;
        w.click("#record-cancel").await;
        w.gone("#record-page").await;
        // The spreadsheet and PDF list screens of a register.
        w.click("#nav-assets").await;
        w.click("#open-transfer").await;
        w.el("#export-form").await;
        assert_no_leaks(&w, &format!("{lang} spreadsheets")).await;
        w.shot(&format!("{lang}-transfer")).await;
        w.click("#transfer-back").await;
        w.click("#open-print").await;
        w.el("#print-form").await;
        assert_no_leaks(&w, &format!("{lang} PDF list")).await;
        w.shot(&format!("{lang}-print")).await;
    }
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_and_the_command_line_work_on_one_file_at_once() {
    let mut w = demo_window("two-writers").await;
    let data = w.data_dir();
    // The CLI imports people while the window has the file open.
    let rows: String = (0..300).map(|i| format!("Shared File {i:03},Corporate and Customer Services\n")).collect();
    std::fs::write(data.join("more.csv"), format!("name,department_id\n{rows}")).expect("write");
    cli(&data, &["import", "people", data.join("more.csv").to_str().expect("path")]);
    w.click("#nav-people").await;
    w.wait_text("main h1", |t| t == "People").await;
    w.type_into("#register-search", "Shared File").await;
    w.wait_text("#record-count", |t| t == "Records: 300").await;

    // Another Cofrestr holds the write lock, as a long import would: the window's save waits,
    // then says so in words, and nothing is written.
    let holder = cofrestr::store::open_keyed(&data.join("cofrestr.db"), PASSPHRASE, false).expect("open");
    holder.execute_batch("BEGIN IMMEDIATE").expect("lock");
    w.click("#nav-risks").await;
    w.wait_text("main h1", |t| t == "Information risks").await;
    w.click("#add-record").await;
    w.el("#record-page").await;
    w.type_into("#record-page [name='title']", "Two copies of Cofrestr on one file").await;
    for (field, value) in
        [("inherent_likelihood", "2"), ("inherent_impact", "3"), ("residual_likelihood", "1"), ("residual_impact", "3")]
    {
        w.type_into(&format!("#record-page [name='{field}']"), value).await;
    }
    w.type_into("#record-page [name='review_date']", "2027-03-31").await;
    w.click("#record-save").await;
    let said = w.wait_text("#record-page .form-message", |t| !t.is_empty()).await;
    assert!(
        said.contains("Another Cofrestr (a window or the command line) is writing to this file. Nothing was changed"),
        "{said}"
    );
    assert_no_leaks(&w, "busy").await;
    w.shot("busy").await;
    holder.execute_batch("ROLLBACK").expect("unlock");
    drop(holder);
    // Once the other is done, the same save goes through.
    w.click("#record-save").await;
    w.saved_then_back().await;
    w.type_into("#register-search", "Two copies").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;
    // And the CLI, with the window still open, sees it; the file is healthy.
    assert!(cli(&data, &["list", "risks", "--search", "Two copies"]).contains("Two copies of Cofrestr on one file"));
    assert!(cli(&data, &["check"]).contains("healthy"));

    // The CLI makes the IMG pack; Settings lists it among what has left the database, and
    // proves the trail still holds the anchor the pack printed (and refuses one it does not).
    let pack = data.join("pack.pdf");
    cli(&data, &["report", "pack", "--quarter", "2026-27-Q2", "--out", pack.to_str().expect("path")]);
    let text = Command::new("pdftotext").arg(&pack).arg("-").output().expect("pdftotext").stdout;
    let text = String::from_utf8(text).expect("utf-8");
    let anchor = text
        .lines()
        .map(str::trim)
        .find(|l| l.split_once(':').is_some_and(|(n, h)| n.parse::<u64>().is_ok() && h.len() == 64))
        .expect("the pack prints its anchor")
        .to_string();
    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    let first = w.wait_text("#exports tbody tr:first-child", |t| !t.is_empty()).await;
    assert!(
        first.contains("IMG quarterly pack (pdf)") && first.contains("pack.pdf") && first.contains("Siân Hughes"),
        "{first}"
    );
    w.type_into("#audit-anchor", &anchor).await;
    w.click("#audit-verify").await;
    let ok = w.wait_text("#audit-result", |t| !t.is_empty()).await;
    assert!(ok.starts_with("The audit trail is intact") || ok.starts_with("Audit trail intact"), "{ok}");
    assert!(ok.contains("It still holds the anchor given"), "{ok}");
    w.scroll_to("#set-audit").await;
    w.shot("settings-anchor").await;
    let (n, _) = anchor.split_once(':').expect("anchor");
    w.type_into("#audit-anchor", &format!("{n}:{}", "0".repeat(64))).await;
    w.click("#audit-verify").await;
    let caught = w.wait_text("#audit-result", |t| t.contains("rewritten")).await;
    assert!(caught.contains("is not the entry a published report recorded"), "{caught}");
    w.type_into("#audit-anchor", "not an anchor").await;
    w.click("#audit-verify").await;
    w.wait_text("#audit-form [data-field='anchor'] .error", |t| t.contains("is not an audit anchor")).await;
    w.scroll_to("#set-exports").await;
    w.shot("settings-exports").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#set-exports", |t| t == "Beth sydd wedi gadael y gronfa ddata hon").await;
    assert!(w.text("#exports tbody tr:first-child").await.contains("Pecyn chwarterol y Grŵp Rheoli Gwybodaeth (pdf)"));
    assert_no_leaks(&w, "settings in Welsh").await;
    w.scroll_to("#set-exports").await;
    w.shot("settings-exports-cy").await;
    w.close().await;
}

/// The vendored axe-core is the file npm publishes, unchanged.
#[test]
fn the_vendored_axe_core_is_the_published_file() {
    use sha2::Digest;
    let sum = hex::encode(sha2::Sha256::digest(AXE_JS.as_bytes()));
    assert_eq!(sum, AXE_SHA256);
    assert!(AXE_JS.starts_with("/*! axe v4.14.1"), "its licence header is kept");
}

/// axe-core (WCAG 2.2 A and AA, and axe's best practices; issue 21's measure) finds nothing on
/// any screen, nor on any register's form for a new record, in English or Welsh. What it finds
/// is listed, rule by rule, before the test fails.
#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_nothing_on_any_screen_in_english_or_welsh() {
    let w = demo_window("axe").await;
    let mut found = vec![];
    let mut pages = 0;
    for (lang, welsh) in [("en", false), ("cy", true)] {
        if welsh {
            w.arrow_down("#lang-select", 1).await;
            w.wait_text("#nav-dashboard", |t| t == "Dangosfwrdd").await;
        }
        for (nav, en, cy) in SCREENS {
            let title = if welsh { cy } else { en };
            w.click(nav).await;
            w.wait_text("main h1", |t| t == title).await;
            if !["#nav-settings", "#nav-dashboard", "#nav-reports", "#nav-training", "#nav-returns"].contains(&nav) {
                w.wait_text("#record-count", |t| !t.is_empty()).await;
            }
            for v in w.axe().await {
                found.push(format!("{lang} {title}: {v}"));
            }
            // The register's form for a new record, as it opens over the screen.
            if w.count("#add-record").await > 0 {
                w.click("#add-record").await;
                w.el("#record-page").await;
                for v in w.axe().await {
                    found.push(format!("{lang} {title} (new record): {v}"));
                }
                w.click("#record-cancel").await;
                w.gone("#record-page").await;
            }
            // A record's page, and the page of its first child record (a partner, an update,
            // a version, an answer, a rating, a completion), reached from the parent's tab.
            if w.count("#register-table tbody .open-record").await > 0 {
                w.click("#register-table tbody tr:first-child .open-record").await;
                w.el("#record-page .record-tabs").await;
                pages += 1;
                for v in w.axe().await {
                    found.push(format!("{lang} {title} (a record): {v}"));
                }
                if w.count("[role='tabpanel']:not([hidden]) table .open-record").await > 0 {
                    w.click("[role='tabpanel']:not([hidden]) table tr:first-child .open-record").await;
                    w.el("#record-page #record-parent").await;
                    pages += 1;
                    for v in w.axe().await {
                        found.push(format!("{lang} {title} (a child record): {v}"));
                    }
                }
            }
        }
    }
    let mut rules: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in &found {
        let rule = f.split(": ").nth(1).and_then(|r| r.split(' ').next()).unwrap_or("?");
        *rules.entry(rule).or_default() += 1;
    }
    println!(
        "axe: {} violations on {} screens, their new-record forms and {pages} record pages",
        found.len(),
        SCREENS.len() * 2
    );
    assert!(pages >= 30, "record pages were visited in both languages: {pages}");
    for (rule, screens) in &rules {
        println!("  {rule}: on {screens} screens");
    }
    for f in &found {
        println!("{f}");
    }
    w.close().await;
    assert!(found.is_empty(), "axe found {} violations ({} rules)", found.len(), rules.len());
}

async fn inner_width(w: &Window) -> f64 {
    w.client.execute("return window.innerWidth", vec![]).await.expect("width").as_f64().expect("a number")
}

/// Ctrl and a key, pressed where focus is, as a keyboard user would.
async fn ctrl(w: &Window, key: &str) {
    let main = w.el("#main").await;
    main.send_keys(&format!("\u{E009}{key}\u{E000}")).await.expect("keys");
}

/// Ctrl+= draws everything larger (the page has less room in CSS pixels), Ctrl+- smaller and
/// Ctrl+0 as designed; a screen reader hears the level, and the choice is kept for next time.
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_plus_minus_and_zero_zoom_the_window_and_it_is_remembered() {
    let w = demo_window("zoom").await;
    let designed = inner_width(&w).await;
    ctrl(&w, "=").await;
    w.announced(|t| t == "Zoom: 110%").await;
    ctrl(&w, "=").await;
    w.announced(|t| t == "Zoom: 125%").await;
    let larger = inner_width(&w).await;
    assert!(larger < designed * 0.85, "125% leaves less room: {designed} → {larger}");
    let prefs = std::fs::read_to_string(w.data_dir().join("prefs.json")).expect("prefs saved");
    assert!(prefs.contains("\"zoom\": 1.25"), "{prefs}");
    ctrl(&w, "-").await;
    w.announced(|t| t == "Zoom: 110%").await;
    ctrl(&w, "0").await;
    w.announced(|t| t == "Zoom: 100%").await;
    assert!((inner_width(&w).await - designed).abs() < 2.0, "back as designed");
    w.close().await;
}

/// The window reads and writes only files a person picked in a dialog: a file command given
/// any other path (as a script in the page could send) is refused in words and writes nothing;
/// Settings' backup, given a file picked in the Save dialog, writes it.
#[tokio::test(flavor = "multi_thread")]
async fn file_commands_take_only_paths_picked_in_a_dialog() {
    let w = demo_window("scope").await;
    let sneaky = w.data_dir().join("sneaky-copy.db");
    let invoke = |command: &str| {
        format!(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke('{command}', {{ path: arguments[0] }}).then(() => done('written'), (e) => done(e.message));"
        )
    };
    let said = w
        .client
        .execute_async(&invoke("backup"), vec![serde_json::Value::String(sneaky.display().to_string())])
        .await
        .expect("invoke");
    assert!(
        said.as_str().unwrap_or_default().starts_with("Choose the file in your computer's own dialog first"),
        "{said}"
    );
    assert!(!sneaky.exists(), "nothing written");
    let said = w
        .client
        .execute_async(&invoke("join_hub"), vec![serde_json::Value::String("/etc/passwd".into())])
        .await
        .expect("invoke");
    assert!(said.as_str().unwrap_or_default().starts_with("Choose the file"), "nothing read: {said}");

    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    let copy = w.data_dir().join("copy.db");
    w.will_pick(&copy);
    w.click("#backup-form button[type=submit]").await;
    w.wait_text("#backup-form .success", |t| t.contains("copy.db")).await;
    assert!(copy.exists(), "the backup picked in the dialog is written");
    let asked = w.dialogs_asked();
    assert_eq!(asked[0]["purpose"], "backup-save");
    // The names suggested carry today's date in the UK, by the core's clock.
    let today = cofrestr::time::london_date(chrono::Utc::now()).to_string();
    assert!(asked[0]["name"].as_str().unwrap().ends_with(&format!("-copy-{today}.db")), "{asked:?}");
    w.goto("#/transfer/requests").await;
    let sheet = w.data_dir().join("requests.xlsx");
    w.will_pick(&sheet);
    w.click("#export-run").await;
    wait_for(|| w.dialogs_asked().len() == 2).await;
    assert_eq!(w.dialogs_asked()[1]["name"], format!("requests-{today}.xlsx"));
    w.close().await;
}

/// The computer's own Save dialog (GTK here, the Windows one on a council laptop) really opens
/// over the window, titled in the user's language, when no file has been chosen yet.
#[tokio::test(flavor = "multi_thread")]
async fn the_real_save_dialog_opens_over_the_window() {
    let w = Window::unlocked_with_real_dialogs("real-dialog").await;
    w.click("#nav-reports").await;
    w.wait_text("main h1", |t| t == "Reports").await;
    // Nothing chosen yet: generating asks where, in the computer's own dialog.
    w.click("#report-generate").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let out = Command::new("xwininfo").args(["-root", "-tree", "-display", &w.display]).output().expect("xwininfo");
        if String::from_utf8_lossy(&out.stdout).contains("\"Save the PDF as\"") {
            break;
        }
        assert!(Instant::now() < deadline, "no Save dialog appeared");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // The whole screen, dialog and all, to look at (WebDriver sees only the page).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let shot = w.shots.join("real-dialog-save.png");
    let _ = Command::new("import").args(["-window", "root", "-display", &w.display]).arg(&shot).status();
    w.close().await;
}

/// Ctrl+K searches every register at once and Enter opens the record found; the navigation's
/// groups fold and unfold from their headings, while Dashboard, Reports, Returns and Settings
/// stay above them, always in reach.
#[tokio::test(flavor = "multi_thread")]
async fn ctrl_k_finds_a_record_in_any_register_and_the_navigation_folds() {
    let mut w = demo_window("search").await;
    ctrl(&w, "k").await;
    w.el("#search-dialog").await;
    let focused = w.client.execute("return document.activeElement.id", vec![]).await.expect("focus");
    assert_eq!(focused.as_str(), Some("search-input"));
    w.type_into("#search-input", "hospital discharge").await;
    let found = w.wait_text("#search-results", |t| t.contains("Hospital discharge")).await;
    assert!(found.contains("Data sharing (WASPI)"), "each result names its register: {found}");
    w.shot("search").await;
    let first = w.text("#search-opt-0 .search-label").await;
    w.el("#search-input").await.send_keys("\u{E007}").await.expect("enter");
    w.wait_text("#record-title", |t| t == first).await;
    w.gone("#search-dialog").await;

    // A group folds: its registers leave the list, and the pinned links stay.
    w.click("#nav-g-ui-nav-registers").await;
    assert_eq!(w.attr("#nav-g-ui-nav-registers", "aria-expanded").await, "false");
    assert!(!w.el("#nav-assets").await.is_displayed().await.expect("displayed"));
    for pinned in ["#nav-dashboard", "#nav-reports", "#nav-returns", "#nav-settings", "#nav-search"] {
        assert!(w.el(pinned).await.is_displayed().await.expect("displayed"), "{pinned}");
    }
    w.click("#nav-g-ui-nav-registers").await;
    assert_eq!(w.attr("#nav-g-ui-nav-registers", "aria-expanded").await, "true");
    assert!(w.el("#nav-assets").await.is_displayed().await.expect("displayed"));
    w.close().await;
}
