//! Journeys by keyboard alone (issue 21): every field reached and filled with keys, every button
//! pressed with Enter. WebDriver puts focus on an element the way Tab would; nothing is clicked.

use cofrestr_e2e::prelude::*;

const ENTER: &str = "\u{E007}";

/// Presses a key on an element (focusing it first, as Tab would).
async fn press(w: &Window, css: &str, keys: &str) {
    let e = w.el(css).await;
    within(css, e.send_keys(keys)).await.unwrap_or_else(|err| panic!("keys into {css}: {err}"));
}

/// Follows a link or presses a button with Enter.
async fn enter(w: &Window, css: &str) {
    press(w, css, ENTER).await;
}

/// An FOI request from receipt to response: logged, given to a Link Officer, answered. The page
/// opens each time at the stage the case has reached, and its labels say where it stands.
#[tokio::test(flavor = "multi_thread")]
async fn an_foi_is_worked_from_receipt_to_response_by_keyboard() {
    let mut w = demo_window("foi-keys").await;
    enter(&w, "#nav-requests").await;
    w.wait_text("main h1", |t| t == "Requests").await;
    enter(&w, "#add-record").await;
    w.wait_text("#record-title", |t| t == "New record: Requests").await;
    // A new request starts at receipt: its first field has focus.
    let focused = w.client.execute("return document.activeElement.name", vec![]).await.expect("focus");
    assert_eq!(focused.as_str(), Some("reference"), "the first field of Receipt");
    let today = chrono::Local::now().date_naive();
    let received = today - chrono::Days::new(2);
    w.type_into("#record-page [name='received_on']", &received.format("%d/%m/%Y").to_string()).await;
    w.type_into("#record-page [name='summary']", "Gritting routes and salt stock for the winter").await;
    enter(&w, "#record-save").await;
    w.wait_text("#record-saved", |t| t == "Saved.").await;
    // Saved: handled next (no Link Officer yet), so Handling comes first and is marked.
    let first = w.text("#record-page .form-section:first-of-type h2").await;
    assert!(first.starts_with("Handling") && first.contains("current stage"), "{first}");
    let glance = w.text("#record-glance").await;
    assert!(glance.contains("Open") && glance.contains("Due in"), "{glance}");
    w.choose_ref("link_officer_id", "").await;
    enter(&w, "#record-save").await;
    w.wait_text("#record-saved", |t| t == "Saved.").await;
    // With its officer, the response is next.
    let first = w.text("#record-page .form-section:first-of-type h2").await;
    assert!(first.starts_with("Response"), "{first}");
    w.type_into("#record-page [name='responded_on']", &today.format("%d/%m/%Y").to_string()).await;
    let outcome = "#record-page select[name='outcome']";
    press(&w, outcome, "\u{E015}").await;
    assert_ne!(w.value(outcome).await, "", "an outcome chosen with Down");
    enter(&w, "#record-save").await;
    w.wait_text("#record-saved", |t| t == "Saved.").await;
    let glance = w.wait_text("#record-glance", |t| t.contains("Answered on time")).await;
    assert!(glance.contains("Closed"), "{glance}");
    assert!(
        w.attr("#record-glance .tag[data-kind='outcome']", "class").await.contains("tone-good"),
        "on time is shown as good, in words and colour"
    );
    w.shot("foi-answered").await;
    // Back to the list it was opened from.
    enter(&w, "#record-cancel").await;
    w.wait_text("main h1", |t| t == "Requests").await;
    w.close().await;
}

/// An asset's lawful basis changed by keyboard: its section reached from the contents list,
/// a basis ticked with Space, saved, and shown again from the list.
#[tokio::test(flavor = "multi_thread")]
async fn an_assets_lawful_basis_is_edited_by_keyboard() {
    let w = demo_window("asset-keys").await;
    enter(&w, "#nav-assets").await;
    w.wait_text("#record-count", |t| t.starts_with("Records:")).await;
    enter(&w, "#register-table tbody tr:first-child .open-record").await;
    w.el("#record-page").await;
    // The contents list moves focus to the section's heading.
    enter(&w, "a[data-jump='sec-lawful-title']").await;
    let focused = w.client.execute("return document.activeElement.id", vec![]).await.expect("focus");
    assert_eq!(focused.as_str(), Some("sec-lawful-title"));
    // A basis the asset does not yet rely on, ticked with Space.
    let boxes = "#sec-lawful [data-field='lawful_bases'] input[type=checkbox]";
    let mut added = None;
    for value in ["legal-obligation", "contract", "vital-interests", "consent"] {
        let css = format!("{boxes}[value='{value}']");
        if w.el(&css).await.prop("checked").await.expect("checked").as_deref() != Some("true") {
            w.tick(&css).await;
            added = Some(css);
            break;
        }
    }
    let added = added.expect("a basis not yet ticked");
    // Leaving with the change not saved asks first; staying keeps it.
    enter(&w, "#nav-dashboard").await;
    w.wait_text("#leave-text", |t| t == "This record has changes that are not saved.").await;
    enter(&w, "#leave-stay").await;
    w.gone("#leave-box").await;
    assert_eq!(w.el(&added).await.prop("checked").await.expect("checked").as_deref(), Some("true"), "still there");
    // So does switching to Welsh, which draws the page again: staying keeps the change and
    // the language.
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#leave-text", |t| t == "This record has changes that are not saved.").await;
    assert_eq!(w.value("#lang-select").await, "en", "still English until the person says");
    enter(&w, "#leave-stay").await;
    w.gone("#leave-box").await;
    assert_eq!(w.el(&added).await.prop("checked").await.expect("checked").as_deref(), Some("true"), "still there");
    assert_eq!(w.text("#record-save").await, "Save");
    enter(&w, "#record-save").await;
    let said = w.wait_text("#record-saved, #record-messages .error-summary", |t| !t.is_empty()).await;
    assert_eq!(said, "Saved.", "{said}");
    assert_eq!(w.el(&added).await.prop("checked").await.expect("checked").as_deref(), Some("true"), "kept");
    w.click("#tab-history").await;
    w.wait_text("#history-body", |t| t.contains("Lawful basis")).await;
    w.close().await;
}

/// Two assets chosen for a sharing agreement, one after the other in the combobox: both are
/// kept (a second choice never replaces the first), and one can be removed by its own button.
#[tokio::test(flavor = "multi_thread")]
async fn two_assets_are_chosen_for_a_sharing_agreement_and_both_kept() {
    let mut w = demo_window("sharing-keys").await;
    enter(&w, "#nav-sharing").await;
    w.wait_text("#record-count", |t| t.starts_with("Records:")).await;
    enter(&w, "#register-table tbody tr:first-child .open-record").await;
    w.el("#record-page").await;
    let chips = "#record-page [data-field='asset_ids'] .chips";
    let before = w.count(&format!("{chips} .chip")).await;
    let first = w.choose_ref("asset_ids", "").await;
    let second = w.choose_ref("asset_ids", "").await;
    assert_ne!(first, second, "the first is no longer offered once chosen");
    assert_eq!(w.count(&format!("{chips} .chip")).await, before + 2);
    // A third, then removed with its own button: the others stay.
    let third = w.choose_ref("asset_ids", "").await;
    let remove = format!("{chips} .chip:last-child .chip-remove");
    assert_eq!(w.attr(&remove, "aria-label").await, format!("Remove {third}"));
    enter(&w, &remove).await;
    w.announced(|t| t == format!("Removed {third}.")).await;
    assert_eq!(w.count(&format!("{chips} .chip")).await, before + 2);
    enter(&w, "#record-save").await;
    let said = w.wait_text("#record-saved, #record-messages .error-summary", |t| !t.is_empty()).await;
    assert_eq!(said, "Saved.", "{said}");
    // Saved, each is named by its title (the picker also showed its reference).
    let kept = w.text(chips).await;
    let title = |label: &str| label.rsplit(" – ").next().unwrap_or(label).to_string();
    assert!(kept.contains(&title(&first)) && kept.contains(&title(&second)), "{kept}");
    assert!(!kept.contains(&title(&third)), "{kept}");
    assert_eq!(w.count(&format!("{chips} .chip")).await, before + 2);
    w.shot("sharing-two-assets").await;
    w.close().await;
}

/// A date chosen from the calendar beside the field, by keyboard only (the WAI-ARIA date
/// picker dialog): it opens on today, arrows move by day and week, Page Up and Down by month,
/// Enter chooses, Escape closes leaving the field as it was; typing still works.
#[tokio::test(flavor = "multi_thread")]
async fn a_date_is_chosen_from_the_calendar_by_keyboard() {
    let mut w = demo_window("date-picker").await;
    w.goto("#/record/requests/new").await;
    w.el("#record-page").await;
    let button = "#record-page [data-field='received_on'] button.date-pick";
    assert_eq!(w.attr(button, "aria-label").await, "Calendar: choose a date for Received on");
    enter(&w, button).await;
    let today = cofrestr::time::london_date(chrono::Utc::now());
    let cell = "dialog.date-dialog td[tabindex='0']";
    w.wait_attr(cell, "data-date", &today.to_string()).await;
    assert_eq!(w.attr(cell, "aria-current").await, "date");
    let focused = w.client.execute("return document.activeElement.dataset.date", vec![]).await.expect("focus");
    assert_eq!(focused.as_str(), Some(today.to_string().as_str()), "today has focus");
    // Two days back, a week back and forward, a month back and forward.
    press(&w, cell, "\u{E012}\u{E012}").await; // ←←
    press(&w, cell, "\u{E013}").await; // ↑
    press(&w, cell, "\u{E015}").await; // ↓
    press(&w, cell, "\u{E00E}").await; // Page Up
    let month_back = chrono::Months::new(1);
    let back = (today - chrono::Days::new(2)).checked_sub_months(month_back).unwrap();
    w.wait_attr(cell, "data-date", &back.to_string()).await;
    press(&w, cell, "\u{E00F}").await; // Page Down
                                       // A month on from the 31st of a 30-day month is its last day, as in chrono.
    let chosen = back.checked_add_months(month_back).unwrap();
    w.wait_attr(cell, "data-date", &chosen.to_string()).await;
    let heading = w.text("dialog.date-dialog .cal-heading").await;
    assert!(heading.ends_with(&chosen.format("%Y").to_string()), "{heading}");
    w.shot("date-picker").await;
    assert!(w.axe().await.is_empty(), "the calendar passes axe");
    enter(&w, cell).await;
    w.gone("dialog.date-dialog").await;
    assert_eq!(w.value("#record-page [name='received_on']").await, chosen.format("%d/%m/%Y").to_string());
    let focused =
        w.client.execute("return document.activeElement.classList.contains('date-pick')", vec![]).await.unwrap();
    assert_eq!(focused.as_bool(), Some(true), "focus back on the calendar button");
    assert!(w.attr(button, "aria-label").await.starts_with("Calendar: change the date for Received on, now "));
    // Escape closes and changes nothing.
    enter(&w, button).await;
    w.wait_attr(cell, "data-date", &chosen.to_string()).await;
    press(&w, cell, "\u{E012}\u{E00C}").await; // ← then Escape
    w.gone("dialog.date-dialog").await;
    assert_eq!(w.value("#record-page [name='received_on']").await, chosen.format("%d/%m/%Y").to_string());
    // Saved with the date chosen.
    w.type_into("#record-page [name='summary']", "Salt bins on school routes").await;
    enter(&w, "#record-save").await;
    w.wait_text("#record-saved", |t| t == "Saved.").await;
    w.close().await;
}
