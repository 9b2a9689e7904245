//! Reports and training: the IMG pack from the Reports screen, an HR roster imported and training chased.

use cofrestr_e2e::prelude::*;

/// The Chief Executive's Office's row of the training table: (staff required to hold the
/// courses, overdue).
async fn office_row(w: &Window) -> (u32, u32) {
    let rows = w.count("#training-departments tbody tr").await;
    for i in 1..=rows {
        let row = format!("#training-departments tbody tr:nth-child({i})");
        if w.text(&format!("{row} th")).await == "Chief Executive's Office" {
            let cell = |n: usize| format!("{row} td:nth-child({n})");
            return (w.text(&cell(2)).await.parse().unwrap(), w.text(&cell(6)).await.parse().unwrap());
        }
    }
    panic!("no row for the Chief Executive's Office");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_img_pack_is_generated_in_welsh_from_the_reports_screen() {
    let mut w = demo_window("pack").await;
    w.click("#nav-reports").await;
    w.wait_text("main h1", |t| t == "Reports").await;
    // Welsh, OFFICIAL-SENSITIVE, saved where the computer's own Save dialog says.
    w.arrow_down("#report-lang", 1).await;
    w.arrow_down("#report-marking", 1).await;
    w.type_into("#report-meeting", "01/12/2026").await;
    assert_eq!(w.text("#report-path").await, "Not saved yet.");
    // Cancel in the dialog: nothing is written and nothing is said.
    w.will_cancel();
    w.click("#report-generate").await;
    wait_for(|| w.dialogs_asked().len() == 1).await;
    let asked = &w.dialogs_asked()[0];
    assert_eq!(asked["purpose"], "pdf-save");
    let suggested = asked["name"].as_str().expect("a suggested name");
    assert!(suggested.starts_with("img-pack-") && suggested.ends_with("-cy.pdf"), "{asked}");
    // The first time, the dialog opens in the user's Documents.
    let documents = cofrestr::paths::documents_folder().expect("documents");
    assert_eq!(asked["folder"].as_str(), documents.to_str(), "{asked}");
    assert_eq!(w.text("#report-result").await, "");
    assert_eq!(w.text("#report-path").await, "Not saved yet.");
    let path = w.data_dir().join("pecyn.pdf").display().to_string();
    w.will_pick(std::path::Path::new(&path));
    w.click("#report-generate").await;
    let done = w.wait_text("#report-result .success", |t| t.starts_with("The pack was saved")).await;
    assert!(done.contains(&path), "{done}");
    assert_eq!(w.text("#report-path").await, path, "the file chosen is shown");
    w.shot("reports-pack-saved").await;
    let pdf = std::fs::read(&path).expect("the pack was written");
    assert!(pdf.starts_with(b"%PDF"));
    let text = Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Grŵp Rheoli Gwybodaeth")
            && text.contains("SWYDDOGOL-SENSITIF")
            && text.contains("1 Rhagfyr 2026"),
        "{text}"
    );
    // Each run asks where afresh; picking the same file would overwrite it: refused, and the
    // file is untouched.
    w.will_pick(&path);
    w.click("#report-generate").await;
    let err = w.wait_text("#report-result", |t| t.contains("already a file")).await;
    assert!(err.contains(&path), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), pdf);

    // The SIRO's annual report: write the foreword in both languages, save it, generate.
    w.type_into("#text-foreword-en", "A year in which every department returned its registers.").await;
    w.type_into("#text-foreword-cy", "Blwyddyn pan ddychwelodd pob adran ei chofrestrau.").await;
    w.click("#annual-texts-save").await;
    w.wait_text("#annual-texts-result .success", |t| t.starts_with("The texts for")).await;
    let annual = w.data_dir().join("annual.pdf");
    w.will_pick(&annual);
    w.click("#annual-generate").await;
    w.wait_text("#annual-result .success", |t| t.starts_with("The annual report was saved")).await;
    // The next PDF's dialog opens where the last one was saved.
    let asked = w.dialogs_asked();
    assert_eq!(asked.len(), 4, "cancelled, saved, refused, annual: {asked:?}");
    assert_eq!(asked[3]["folder"].as_str(), w.data_dir().to_str(), "{asked:?}");
    assert!(asked[3]["name"].as_str().unwrap().starts_with("siro-annual-report-"), "{asked:?}");
    w.shot("reports-annual-saved").await;
    let text = Command::new("pdftotext").arg(&annual).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("SIRO annual report")
            && text.contains("A year in which every department returned its registers."),
        "{text}"
    );
    // The texts are kept: leaving and coming back shows them.
    w.click("#nav-dashboard").await;
    w.click("#nav-reports").await;
    w.wait_text("main h1", |t| t == "Reports").await;
    assert_eq!(w.value("#text-foreword-cy").await, "Blwyddyn pan ddychwelodd pob adran ei chofrestrau.");

    // The asset register for an auditor: searched for "correspondence", printed with each record in
    // full, and the saved PDF offered to open.
    w.click("#nav-assets").await;
    let all = w.wait_text("#record-count", |t| t.starts_with("Records:")).await;
    w.type_into("#register-search", "correspondence").await;
    let shown = w.wait_text("#record-count", |t| t.starts_with("Records:") && t != "Records: 0" && t != all).await;
    let shown: usize = shown.trim_start_matches("Records: ").parse().unwrap();
    w.click("#open-print").await;
    w.wait_text("main h1", |t| t == "Information assets: PDF list").await;
    assert_eq!(
        within("#print-shown", w.el("#print-shown").await.prop("checked")).await.unwrap().as_deref(),
        Some("true"),
        "limited to what the register showed"
    );
    w.tick("#print-details").await;
    let list = w.data_dir().join("assets-list.pdf");
    w.will_pick(&list);
    w.click("#print-generate").await;
    w.wait_text("#print-result .success", |t| t.starts_with("The list was saved")).await;
    assert_eq!(w.text("#print-open").await, "Open it");
    w.shot("print-saved").await;
    let text = Command::new("pdftotext").arg(&list).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    let records = if shown == 1 { "One record".to_string() } else { format!("{shown} records") };
    assert!(text.contains(&records) && text.contains("Only the records matching: words “correspondence”."), "{text}");
    assert!(text.contains("Each record in full") && text.contains("Purpose of processing"), "{text}");
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_hr_roster_is_checked_corrected_and_imported_then_training_is_chased() {
    let mut w = demo_window("roster").await;
    let folder = w.data_dir();
    // HR's file names its columns its own way; one row has an impossible date.
    let bad = folder.join("roster.csv");
    std::fs::write(
        &bad,
        "Employee No,Full name,Department,Start\n900001,Gwenllian Wyn,Chief Executive's Office,01/04/2026\n900002,Dai Jones,Chief Executive's Office,31/02/2026\n",
    )
    .unwrap();
    // Before: the Chief Executive's Office's staff to train and overdue on the Training screen.
    w.click("#nav-training").await;
    w.wait_text("main h1", |t| t == "Training compliance").await;
    let before = office_row(&w).await;
    w.click("#nav-people").await;
    w.wait_text("#record-count", |t| !t.is_empty()).await;
    w.click("#open-transfer").await;
    w.wait_text("main h1", |t| t == "People: spreadsheets").await;
    // Check opens the computer's own Open dialog for a spreadsheet; the file picked is checked.
    w.will_pick(&bad);
    w.click("#import-check").await;
    w.wait_text("#import-summary", |t| t.contains("problem")).await;
    // "Full name" is no field's name or label, so the name is missing and said so.
    let missing = w.text("#import-missing").await;
    assert!(missing.contains("Name"), "{missing}");
    w.shot("import-unmatched").await;
    // Match it by hand, as the user would, and check again: only the bad date is left.
    w.select_option("#import-columns select[aria-label='Field for column “Full name”']", "name").await;
    w.select_option("#import-columns select[aria-label='Field for column “Start”']", "start_date").await;
    w.select_option("#import-columns select[aria-label='Field for column “Employee No”']", "staff_number").await;
    w.click("#import-check").await;
    let summary = w.wait_text("#import-summary", |t| t.starts_with("One problem in 2 rows")).await;
    assert!(summary.contains("nothing can be imported"), "{summary}");
    let errors = w.text("#import-errors").await;
    assert!(errors.contains("Start") && errors.contains("31/02/2026"), "{errors}");
    assert_eq!(w.count("#import-apply").await, 0, "nothing can be imported while a row is wrong");
    w.shot("import-problems").await;

    let good = folder.join("roster2.csv");
    std::fs::write(
        &good,
        "Employee No,Full name,Department,Start\n900001,Gwenllian Wyn,Chief Executive's Office,01/04/2026\n900002,Dai Jones,Chief Executive's Office,28/02/2026\n",
    )
    .unwrap();
    // Another file: Choose… again, then Check.
    w.will_pick(&good);
    w.click("#import-path-choose").await;
    w.wait_text("#import-path", |t| t == good.to_str().unwrap()).await;
    w.click("#import-check").await;
    let summary = w.wait_text("#import-summary", |t| t.contains("all good")).await;
    assert!(summary.contains("2 to add"), "{summary}");
    assert_eq!(w.text("#import-apply").await, "Import 2 changes");
    w.click("#import-apply").await;
    let done = w.wait_text("#import-summary", |t| t.starts_with("Imported")).await;
    assert!(done.contains("2 added"), "{done}");
    w.shot("import-applied").await;
    w.click("#transfer-back").await;
    w.type_into("#register-search", "900001").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;

    // Training: the office's figure changes. Both started months ago (past the one-month
    // induction) with no training, so everything they must hold is overdue; they are on the
    // chase list, which can be saved.
    w.click("#nav-training").await;
    w.wait_text("main h1", |t| t == "Training compliance").await;
    let after = office_row(&w).await;
    let added = after.0 - before.0;
    assert!(added >= 2 && added % 2 == 0, "two people, each course: {before:?} → {after:?}");
    assert_eq!(after.1, before.1 + added, "all of it overdue: {before:?} → {after:?}");
    let chase = w.wait_text("#chase-list", |t| !t.is_empty()).await;
    assert!(chase.contains("Gwenllian Wyn") || chase.contains("Dai Jones"), "{chase}");
    w.shot("training").await;
    let path = folder.join("chase.xlsx");
    w.will_pick(&path);
    w.click("#chase-export").await;
    w.wait_text("#chase-result .success", |t| t.starts_with("Saved")).await;
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"), "an Excel workbook");

    // A site audit finding still waiting for an action raises one: a screen reader hears it,
    // and the finding leaves the list of those waiting.
    // Audit answers are tabs on their audits' pages; the whole list is still one address away.
    w.goto("#/register/site_audit_items").await;
    w.wait_text("main h1", |t| t == "Site audit answers").await;
    w.wait_text("#record-count", |t| !t.is_empty()).await;
    w.click("#filter-box summary").await;
    w.select_option("#filter-answer", "not-compliant").await;
    w.select_option("#filter-action_id", "!none").await;
    let waiting = w.wait_text("#record-count", |t| t != "Records: 0" && !t.is_empty()).await;
    let waiting: usize = waiting.trim_start_matches("Records: ").parse().expect("a count");
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.el("#record-page").await;
    w.click("#record-raise").await;
    let heard = w.announced(|t| t.contains("raised in the action plan")).await;
    assert!(heard.starts_with("Action ACT-"), "{heard}");
    // The finding's page now names its action and offers no second one.
    w.wait_text("#record-saved", |t| t.starts_with("Action ACT-")).await;
    assert_eq!(w.count("#record-raise").await, 0);
    w.click("#record-cancel").await;
    w.wait_text("#record-count", |t| t == format!("Records: {}", waiting - 1)).await;
    w.shot("action-raised").await;
    w.close().await;
}
