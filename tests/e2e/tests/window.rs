//! End-to-end tests of the real Cofrestr window: the built `cofrestr-desktop` binary, driven
//! through tauri-driver and WebKitWebDriver, under Xvfb when no display is set.
//!
//! Needs (installed by `make test`): the debug desktop binary, `tauri-driver` (in
//! `target/tools/bin` or on PATH), `WebKitWebDriver` and `Xvfb`. Each test gets its own data
//! folder, so it never touches a real database. Screenshots of each step are written to
//! `target/e2e-screenshots/` for people to look at.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

const PASSPHRASE: &str = "heather harbour lantern 42";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace().join("target"))
}

fn find_tool(name: &str, local: PathBuf) -> PathBuf {
    if local.exists() {
        return local;
    }
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.exists()))
        .unwrap_or_else(|| panic!("{name} not found: run `make test`, which installs the end-to-end tools"))
}

/// Kills a whole process group when dropped, so a failing test leaves nothing running.
struct Group(Child);

impl Drop for Group {
    fn drop(&mut self) {
        let pid = self.0.id() as i32;
        // The group id is the child's pid (process_group(0)); `kill -- -PGID` reaches every member.
        let _ = Command::new("kill").args(["-TERM", "--", &format!("-{pid}")]).status();
        std::thread::sleep(Duration::from_millis(200));
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pid}")]).status();
        let _ = self.0.wait();
    }
}

fn spawn_group(cmd: &mut Command) -> Group {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    Group(cmd.spawn().unwrap_or_else(|e| panic!("could not start {cmd:?}: {e}")))
}

struct Window {
    client: Client,
    data: tempfile::TempDir,
    shots: PathBuf,
    name: &'static str,
    step: u32,
    _driver: Group,
    _xvfb: Option<Group>,
}

impl Window {
    async fn open(name: &'static str) -> Window {
        let data = tempfile::tempdir().expect("temp dir");
        Self::open_in(name, data).await
    }

    async fn open_in(name: &'static str, data: tempfile::TempDir) -> Window {
        // COFRESTR_E2E_APP: another build of the window, e.g. the one a .deb installed (make test-deb).
        let app = std::env::var_os("COFRESTR_E2E_APP")
            .map(PathBuf::from)
            .unwrap_or_else(|| target_dir().join("debug/cofrestr-desktop"));
        assert!(app.exists(), "{} missing: build it with `cargo build -p cofrestr-desktop`", app.display());
        let driver_bin = find_tool("tauri-driver", target_dir().join("tools/bin/tauri-driver"));

        let mut xvfb = None;
        let display = match std::env::var("DISPLAY") {
            Ok(d) if !d.is_empty() => d,
            _ => {
                let mut cmd = Command::new("Xvfb");
                cmd.args(["-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null());
                let mut g = spawn_group(&mut cmd);
                let mut line = String::new();
                BufReader::new(g.0.stdout.take().expect("xvfb stdout")).read_line(&mut line).expect("display number");
                xvfb = Some(g);
                format!(":{}", line.trim())
            }
        };
        let port = free_port();
        let native_port = free_port();
        let mut cmd = Command::new(driver_bin);
        cmd.args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .env("DISPLAY", &display)
            .env("NO_AT_BRIDGE", "1")
            .env("COFRESTR_DB", data.path().join("cofrestr.db"))
            .env("COFRESTR_PREFS", data.path().join("prefs.json"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let driver = spawn_group(&mut cmd);

        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), serde_json::json!({ "application": app }));
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::rustls().expect("tls").capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("could not start a WebDriver session: {e}"),
            }
        };
        let shots = target_dir().join("e2e-screenshots");
        std::fs::create_dir_all(&shots).expect("screenshot folder");
        Window { client, data, shots, name, step: 0, _driver: driver, _xvfb: xvfb }
    }

    async fn el(&self, css: &str) -> Element {
        within(css, self.client.wait().at_most(Duration::from_secs(15)).for_element(Locator::Css(css)))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Clicks an element, finding it again if the page redrew it between finding and clicking.
    async fn click(&self, css: &str) {
        for attempt in 1..=3 {
            let e = self.el(css).await;
            // Centre it first: scrolled only to the edge of a long dialog, the sticky row of
            // buttons would cover it and take the click.
            let _ = self.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![serde_json::to_value(&e).expect("element")]).await;
            match within(css, e.click()).await {
                Ok(()) => return,
                Err(err) if attempt < 3 && (err.to_string().contains("was not found") || err.to_string().contains("stale")) => {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(err) => panic!("click {css}: {err}"),
            }
        }
    }

    async fn type_into(&self, css: &str, text: &str) {
        let e = self.el(css).await;
        within(css, e.clear()).await.expect("clear");
        within(css, e.send_keys(text)).await.unwrap_or_else(|err| panic!("type into {css}: {err}"));
    }

    /// Moves a native <select> down by `steps` options with the arrow key, as a keyboard user
    /// would. (Clicking an <option> opens WebKitGTK's popup menu, which blocks WebDriver.)
    async fn arrow_down(&self, css: &str, steps: usize) {
        let e = self.el(css).await;
        let keys: String = std::iter::repeat_n('\u{E015}', steps).collect();
        within(css, e.send_keys(&keys)).await.unwrap_or_else(|err| panic!("keys into {css}: {err}"));
    }

    /// Back to English on the language choice (one option up), as a keyboard user would.
    async fn arrow_up_lang(&self) {
        let e = self.el("#lang-select").await;
        within("lang", e.send_keys("\u{E013}")).await.unwrap_or_else(|err| panic!("keys into #lang-select: {err}"));
    }

    /// Ticks a checkbox from the keyboard (focus, then Space).
    async fn tick(&self, css: &str) {
        let e = self.el(css).await;
        within(css, e.send_keys(" ")).await.unwrap_or_else(|err| panic!("tick {css}: {err}"));
        assert_eq!(within(css, e.prop("checked")).await.expect("checked").as_deref(), Some("true"), "{css} ticked");
    }

    /// The folder the window's database lives in (for files a journey reads or writes).
    fn data_dir(&self) -> PathBuf {
        self.data.path().to_path_buf()
    }

    /// Chooses an option of a <select> by its value and fires `change`, as choosing it does.
    async fn select_option(&self, css: &str, value: &str) {
        self.el(css).await;
        let script = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
                      s.dispatchEvent(new Event('change', { bubbles: true })); return s.value;";
        let got = within(css, self.client.execute(script, vec![css.into(), value.into()])).await.expect("select");
        assert_eq!(got.as_str(), Some(value), "{css} has no option {value}");
    }

    async fn attr(&self, css: &str, name: &str) -> String {
        let e = self.el(css).await;
        within(css, e.attr(name)).await.expect("attribute").unwrap_or_default()
    }

    async fn value(&self, css: &str) -> String {
        let e = self.el(css).await;
        within(css, e.prop("value")).await.expect("value").unwrap_or_default()
    }

    /// The element's text. A screen that redraws between finding the element and reading it
    /// leaves a stale reference: find it again.
    async fn text(&self, css: &str) -> String {
        for _ in 0..5 {
            let e = self.el(css).await;
            match within(css, e.text()).await {
                Ok(t) => return t,
                Err(fantoccini::error::CmdError::Standard(ref w)) if w.error == fantoccini::error::ErrorStatus::StaleElementReference => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("text of {css}: {e}"),
            }
        }
        panic!("{css} kept going stale");
    }

    /// Waits until the text of `css` satisfies `ok`, and returns it.
    async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(e) = self.client.find(Locator::Css(css)).await {
                if let Ok(t) = e.text().await {
                    if ok(&t) {
                        return t;
                    }
                    last = t;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(self.shots.join(format!("{}-FAILED.png", self.name)), png);
        }
        panic!("{css} never showed the expected text; last saw {last:?}");
    }

    /// Scrolls an element to the top of its scrolling box (for a screenshot of it).
    async fn scroll_to(&self, css: &str) {
        let e = self.el(css).await;
        let _ = self.client.execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&e).expect("element")]).await;
    }

    /// Waits until the live region says what `ok` wants (what a screen reader hears: the region
    /// is visually hidden, so it has no rendered text), and returns it.
    async fn announced(&self, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(e) = self.client.find(Locator::Css("#status")).await {
                if let Ok(Some(t)) = e.prop("textContent").await {
                    if ok(&t) {
                        return t;
                    }
                    last = t;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the live region never said the expected text; last said {last:?}");
    }

    async fn gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.client.find(Locator::Css(css)).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} is still there");
    }

    async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
    }

    async fn shot(&mut self, what: &str) {
        self.step += 1;
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{}-{:02}-{what}.png", self.name, self.step)), png).expect("write screenshot");
    }

    async fn close(self) -> tempfile::TempDir {
        let _ = self.client.close().await;
        self.data
    }
}

/// Every WebDriver call gets a deadline, so a hang fails the test and names the step.
async fn within<T>(what: &str, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), fut).await.unwrap_or_else(|_| panic!("WebDriver call timed out: {what}"))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Creates a database on the first-run screen and waits for the dashboard.
async fn first_run(w: &mut Window) -> String {
    w.type_into("#setup-council", "Wrexham County Borough Council").await;
    w.type_into("#setup-user", "Siân Hughes").await;
    w.type_into("#setup-department", "Corporate and Customer Services").await;
    w.type_into("#setup-passphrase", PASSPHRASE).await;
    w.type_into("#setup-repeat", "a different passphrase entirely").await;
    w.click("#setup-create").await;
    let msg = w.wait_text(".error-summary", |t| !t.is_empty()).await;
    assert!(msg.contains("do not match"), "mismatch message: {msg}");
    assert!(!w.data.path().join("cofrestr.db").exists(), "a refused first run must not create the file");
    w.type_into("#setup-repeat", PASSPHRASE).await;
    w.shot("setup").await;
    w.click("#setup-create").await;
    let key = store_recovery_key(w).await;
    w.wait_text("main h1", |t| t == "Dashboard").await;
    key
}

/// The recovery key shown after the first run: its sheet saved, a wrong group refused, the
/// right one typed back; returns the key.
async fn store_recovery_key(w: &mut Window) -> String {
    w.wait_text("main h1", |t| t == "Store your recovery key").await;
    let mut groups = vec![];
    for i in 1..=8 {
        groups.push(w.text(&format!("#recovery-key li:nth-child({i})")).await);
    }
    assert!(groups.iter().all(|g| g.len() == 4), "{groups:?}");
    let key = groups.join("-");
    w.shot("recovery-key").await;
    // Suggested in the person's Documents, never beside the database; here, the test's folder.
    let suggested = w.value("#sheet-path").await;
    assert!(!suggested.starts_with(&w.data_dir().display().to_string()), "{suggested}");
    let sheet = w.data_dir().join(format!("recovery-sheet-{}.pdf", &key[..4]));
    w.type_into("#sheet-path", &sheet.display().to_string()).await;
    w.click("#sheet-save").await;
    let saved = w.wait_text("#sheet-result", |t| !t.is_empty()).await;
    assert!(saved.contains("Recovery sheet saved"), "{saved}");
    let label = w.text("label[for='confirm-group']").await;
    let n: usize = label.split_whitespace().find_map(|x| x.parse().ok()).expect("the group to type back");
    w.type_into("#confirm-group", "ZZZZ").await;
    w.click("#confirm-key-submit").await;
    let err = w.wait_text(".error-summary", |t| !t.is_empty()).await;
    assert!(err.contains(&format!("not group {n}")), "{err}");
    w.type_into("#confirm-group", &groups[n - 1].to_lowercase()).await;
    w.click("#confirm-key-submit").await;
    // Then where the person was (the dashboard after the first run).
    w.wait_text("main h1", |t| t != "Store your recovery key").await;
    key
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_add_asset_search_welsh_lock_and_unlock() {
    let mut w = Window::open("journey").await;
    let key = first_run(&mut w).await;
    assert!(w.data.path().join("cofrestr.db").exists());
    let raw = std::fs::read(w.data.path().join("cofrestr.db")).unwrap();
    assert!(!raw.starts_with(b"SQLite format 3"), "the database file must be encrypted");
    // A new council has no SIRO yet: the dashboard says so.
    let attention = w.wait_text("#attention", |t| !t.is_empty()).await;
    assert!(attention.contains("SIRO"), "{attention}");
    w.shot("dashboard").await;

    // Add an asset: first without the required fields.
    w.click("#nav-assets").await;
    w.wait_text("main h1", |t| t == "Information assets").await;
    w.click("#add-record").await;
    w.el("#record-dialog").await;
    w.click("#record-save").await;
    let err = w.wait_text("[data-field='reference'] .error", |t| !t.is_empty()).await;
    assert_eq!(err, "This field is required.");
    let err = w.text("[data-field='purpose'] .error").await;
    assert_eq!(err, "This field is required.");
    w.shot("asset-validation").await;

    w.type_into("#record-dialog [name='reference']", "IA-CCS-0001").await;
    w.type_into("#record-dialog [name='name']", "Gŵyl Dewi volunteer register").await;
    w.type_into("#record-dialog [name='purpose']", "Organising volunteers for the St David's Day parade").await;
    // The pickers fill themselves from the registers: choose the only department and person.
    for picker in ["department_id", "iao_id"] {
        let css = format!("#record-dialog select[name='{picker}']");
        w.el(&format!("{css} option:nth-child(2)")).await;
        w.arrow_down(&css, 1).await;
        assert_ne!(w.value(&css).await, "", "{picker} chosen");
    }
    for value in ["public-task", "residents", "basic-identifiers"] {
        w.tick(&format!("#record-dialog [data-field] input[type=checkbox][value='{value}']")).await;
    }
    w.type_into("#record-dialog [name='last_reviewed']", "31/02/2026").await;
    w.click("#record-save").await;
    let err = w.wait_text("[data-field='last_reviewed'] .error", |t| !t.is_empty()).await;
    assert!(err.contains("is not a date"), "{err}");
    w.type_into("#record-dialog [name='last_reviewed']", "2026-01-31").await;
    w.click("#record-save").await;
    w.gone("#record-dialog").await;
    w.wait_text("#register-table tbody", |t| t.contains("IA-CCS-0001")).await;
    // Keyboard users land back on the record they saved.
    let focused = w.client.execute("return document.activeElement.textContent", vec![]).await.expect("active element");
    assert_eq!(focused.as_str(), Some("IA-CCS-0001"));
    // The next review was worked out by the core: a year after the last review.
    let row = w.text("#register-table tbody tr").await;
    assert!(row.contains("2027-01-31"), "{row}");

    // Find it by search, with or without the circumflex.
    w.type_into("#register-search", "gwyl dewi").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;
    w.shot("asset-search").await;
    w.type_into("#register-search", "no such thing anywhere").await;
    w.wait_text("#register-table tbody", |t| t.contains("No records match")).await;

    // Cymraeg, remembered after locking.
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#nav-assets", |t| t == "Asedau gwybodaeth").await;
    w.wait_text("main h1", |t| t == "Asedau gwybodaeth").await;
    let header = w.text("#register-table thead").await;
    assert!(header.contains("Cyfeirnod"), "{header}");
    w.shot("asset-register-cy").await;

    w.click("#lock-button").await;
    w.wait_text("main h1", |t| t == "Datgloi Cofrestr").await;
    w.type_into("#unlock-passphrase", "not the passphrase").await;
    w.click("#unlock-submit").await;
    let err = w.wait_text(".error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("Cyfrinymadrodd anghywir"), "{err}");
    w.shot("unlock-wrong-cy").await;
    // The forgotten-passphrase page in English too (a language change redraws the unlock page).
    w.arrow_up_lang().await;
    w.wait_text("main h1", |t| t == "Unlock Cofrestr").await;
    w.click("#unlock-forgotten").await;
    w.wait_text("main h1", |t| t == "Unlock with the recovery key").await;
    w.shot("recover-en").await;
    w.click("#recover-back").await;
    w.wait_text("main h1", |t| t == "Unlock Cofrestr").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("main h1", |t| t == "Datgloi Cofrestr").await;
    // Forgotten: the recovery key opens it and a new passphrase is set (here the same words).
    w.click("#unlock-forgotten").await;
    w.wait_text("main h1", |t| t == "Datgloi â'r allwedd adfer").await;
    w.type_into("#recover-key", "0000-0000-0000-0000-0000-0000-0000-0000").await;
    w.type_into("#recover-new", PASSPHRASE).await;
    w.type_into("#recover-repeat", PASSPHRASE).await;
    w.click("#recover-submit").await;
    let err = w.wait_text(".error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("Nid allwedd adfer yw honno"), "{err}");
    w.shot("recover-wrong-cy").await;
    w.type_into("#recover-key", &key.to_lowercase().replace('-', " ")).await;
    w.click("#recover-submit").await;
    // Unlocking returns to where the user was, still in Welsh.
    w.wait_text("main h1", |t| t == "Asedau gwybodaeth").await;
    w.click("#nav-dashboard").await;
    w.wait_text("main h1", |t| t == "Dangosfwrdd").await;
    assert_eq!(w.count("#count-assets").await, 1);
    let n = w.text("#count-assets .card-number").await;
    assert_eq!(n, "1");
    w.shot("dashboard-cy").await;
    let data = w.close().await;
    // Unlocking took a backup.
    let backups: Vec<_> = std::fs::read_dir(data.path().join("backups")).expect("backups folder").collect();
    assert!(backups.len() >= 2, "a backup on creation and one on unlock, got {}", backups.len());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_breach_71_hours_old_is_flagged_and_an_foi_gets_its_due_date() {
    let mut w = Window::open("clocks").await;
    first_run(&mut w).await;

    w.click("#nav-breaches").await;
    w.wait_text("main h1", |t| t == "Breaches and incidents").await;
    w.click("#add-record").await;
    w.el("#record-dialog").await;
    let aware = (chrono::Utc::now() - chrono::Duration::hours(71)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    w.type_into("#record-dialog [name='title']", "Care plan emailed to the wrong family").await;
    w.type_into("#record-dialog [name='what_happened']", "Sent to a namesake found by autocomplete.").await;
    w.type_into("#record-dialog [name='aware_at']", &aware).await;
    w.click("#record-save").await;
    w.gone("#record-dialog").await;
    w.wait_text("#register-table tbody", |t| t.contains("BR-")).await;
    let row = w.text("#register-table tbody tr").await;
    assert!(row.contains("Open: ICO clock running"), "{row}");
    // Under 24 hours left: raised at once, as a desktop notification and in the window.
    let urgent = w.wait_text("#urgent", |t| t.contains("Care plan emailed to the wrong family")).await;
    assert!(urgent.starts_with("Deadlines close at hand"), "{urgent}");
    w.shot("breach-added").await;
    w.click("#urgent-dismiss").await;
    w.wait_text("#urgent", |t| t.is_empty()).await;

    w.click("#nav-dashboard").await;
    let due = w.wait_text("#due", |t| t.contains("left to tell the ICO")).await;
    assert!(due.contains("Care plan emailed to the wrong family"), "{due}");
    assert!(due.contains(" 0 h ") || due.contains(": 1 h ") || due.contains(": 0 h"), "about an hour left: {due}");
    assert_eq!(w.count("#due li.due-urgent[data-code='breach-clock']").await, 1, "under 24 hours is urgent");
    w.shot("dashboard-breach-clock").await;

    w.click("#nav-requests").await;
    w.wait_text("main h1", |t| t == "Requests").await;
    w.click("#add-record").await;
    w.el("#record-dialog").await;
    w.type_into("#record-dialog [name='received_on']", "2026-11-20").await;
    w.type_into("#record-dialog [name='summary']", "Number of potholes reported on the A483 since 2024").await;
    w.click("#record-save").await;
    w.gone("#record-dialog").await;
    // Received Friday 20 November 2026: St Andrew's Day is skipped, so Monday 21 December.
    let row = w.wait_text("#register-table tbody", |t| t.contains("FOI-2026-0001")).await;
    assert!(row.contains("2026-12-21"), "{row}");
    w.shot("foi-due-date").await;
    w.close().await;
}

/// Runs the CLI on the database in `data`; returns what it printed.
fn cli(data: &Path, args: &[&str]) -> String {
    let bin = target_dir().join("debug/cofrestr");
    assert!(bin.exists(), "{} missing: build it with `cargo build`", bin.display());
    let out = Command::new(&bin)
        .args(args)
        .env("COFRESTR_DB", data.join("cofrestr.db"))
        .env("COFRESTR_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("run cofrestr");
    assert!(out.status.success(), "cofrestr {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    if args.first() == Some(&"init") {
        // The recovery key `init` shows, confirmed as stored (else the window shows it first).
        let key = said.lines().map(str::trim).find(|l| l.len() == 39 && l.split('-').count() == 8).expect("init shows the recovery key");
        let group = said.split("--group ").nth(1).and_then(|r| r.split_whitespace().next()).expect("the group to type back");
        let n: usize = group.parse().expect("a group number");
        cli(data, &["recovery-key", "confirm", "--group", group, key.split('-').nth(n - 1).unwrap()]);
    }
    said
}

/// Opens the window on the database in `data` and unlocks it.
async fn unlocked_window(name: &'static str, data: tempfile::TempDir) -> Window {
    let w = Window::open_in(name, data).await;
    w.type_into("#unlock-passphrase", PASSPHRASE).await;
    w.click("#unlock-submit").await;
    w.wait_text("main h1", |t| t == "Dashboard").await;
    w
}

/// Seeds a demo council with the CLI, then unlocks it in the window.
async fn demo_window(name: &'static str) -> Window {
    let data = tempfile::tempdir().expect("temp dir");
    cli(data.path(), &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"]);
    cli(data.path(), &["demo", "--scale", "small", "--seed", "11"]);
    unlocked_window(name, data).await
}

/// No screen may show a message id, "undefined" or "null" where words belong.
async fn assert_no_leaks(w: &Window, screen: &str) {
    let body = w.text("body").await;
    for bad in ["undefined", "null", "NaN", "ui-", "field-", "err-", "register-", "dash-"] {
        let leaked = body.split_whitespace().any(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            word == bad || (bad.ends_with('-') && word.starts_with(bad) && word.len() > bad.len())
        });
        assert!(!leaked, "{screen} shows {bad:?}:\n{body}");
    }
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
    w.el("#record-dialog").await;
    w.type_into("#record-dialog [name='title']", "Two copies of Cofrestr on one file").await;
    for (field, value) in [("inherent_likelihood", "2"), ("inherent_impact", "3"), ("residual_likelihood", "1"), ("residual_impact", "3")] {
        w.type_into(&format!("#record-dialog [name='{field}']"), value).await;
    }
    w.type_into("#record-dialog [name='review_date']", "2027-03-31").await;
    w.click("#record-save").await;
    let said = w.wait_text("#record-dialog .form-message", |t| !t.is_empty()).await;
    assert!(said.contains("Another Cofrestr (a window or the command line) is writing to this file. Nothing was changed"), "{said}");
    assert_no_leaks(&w, "busy").await;
    w.shot("busy").await;
    holder.execute_batch("ROLLBACK").expect("unlock");
    drop(holder);
    // Once the other is done, the same save goes through.
    w.click("#record-save").await;
    w.gone("#record-dialog").await;
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
    assert!(first.contains("IMG quarterly pack (pdf)") && first.contains("pack.pdf") && first.contains("Siân Hughes"), "{first}");
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

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_in_english_and_welsh() {
    let mut w = demo_window("tour").await;
    let screens = [
        ("#nav-dashboard", "Dashboard", "Dangosfwrdd"),
        ("#nav-requests", "Requests", "Ceisiadau"),
        ("#nav-breaches", "Breaches and incidents", "Tor-rheolau a digwyddiadau"),
        ("#nav-assets", "Information assets", "Asedau gwybodaeth"),
        ("#nav-sharing", "Data sharing (WASPI)", "Rhannu data (WASPI)"),
        ("#nav-sharing_partners", "Sharing partners", "Partneriaid rhannu"),
        ("#nav-risks", "Information risks", "Risgiau gwybodaeth"),
        ("#nav-actions", "Action plan", "Cynllun gweithredu"),
        ("#nav-action_updates", "Quarterly updates", "Diweddariadau chwarterol"),
        ("#nav-retention", "Retention schedule", "Amserlen cadw"),
        ("#nav-disposals", "Disposal log", "Log gwaredu"),
        ("#nav-policies", "Policies and documents", "Polisïau a dogfennau"),
        ("#nav-policy_versions", "Version history", "Hanes fersiynau"),
        ("#nav-publication", "Publication scheme", "Cynllun cyhoeddi"),
        ("#nav-departments", "Departments", "Adrannau"),
        ("#nav-people", "People", "Pobl"),
        ("#nav-roles", "Roles", "Rolau"),
        ("#nav-holidays", "Proclaimed bank holidays", "Gwyliau banc a gyhoeddwyd"),
        ("#nav-training", "Training compliance", "Cydymffurfiaeth hyfforddiant"),
        ("#nav-courses", "Training courses", "Cyrsiau hyfforddi"),
        ("#nav-completions", "Training completions", "Cwblhau hyfforddiant"),
        ("#nav-site_audits", "Site audits", "Archwiliadau safle"),
        ("#nav-site_audit_items", "Site audit answers", "Atebion archwiliadau safle"),
        ("#nav-checklist_templates", "Audit checklists", "Rhestrau gwirio archwilio"),
        ("#nav-accountability_assessments", "Accountability self-assessments", "Hunanasesiadau atebolrwydd"),
        ("#nav-accountability_ratings", "Accountability ratings", "Graddau atebolrwydd"),
        ("#nav-reports", "Reports", "Adroddiadau"),
        ("#nav-returns", "Departmental returns", "Ffurflenni adrannol"),
        ("#nav-settings", "Settings", "Gosodiadau"),
    ];
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
        // A record's form and its history.
        w.click("#nav-assets").await;
        w.click("#register-table tbody tr:first-child .open-record").await;
        w.el("#record-dialog").await;
        w.click("#history summary").await;
        w.wait_text("#history-body", |t| !t.is_empty()).await;
        assert_no_leaks(&w, &format!("{lang} asset form")).await;
        w.shot(&format!("{lang}-asset-form")).await;
        w.click("#record-cancel").await;
        w.gone("#record-dialog").await;
        w.click("#nav-breaches").await;
        w.click("#register-table tbody tr:last-child .open-record").await;
        w.el("#record-dialog").await;
        assert_no_leaks(&w, &format!("{lang} breach form")).await;
        w.shot(&format!("{lang}-breach-form")).await;
        w.click("#record-cancel").await;
        w.gone("#record-dialog").await;
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

/// Issue 26: a database written by the previous release gains a recovery key at its first
/// unlock in this one, and the window shows it before anything else.
#[tokio::test(flavor = "multi_thread")]
async fn a_database_from_the_previous_release_is_given_a_recovery_key_at_its_first_unlock() {
    let data = tempfile::tempdir().expect("temp dir");
    std::fs::copy(workspace().join("packaging/fixtures/previous-release.db"), data.path().join("cofrestr.db")).expect("fixture");
    let mut w = Window::open_in("upgrade", data).await;
    w.type_into("#unlock-passphrase", "previous release passphrase").await;
    w.click("#unlock-submit").await;
    let key = store_recovery_key(&mut w).await;
    w.wait_text("main h1", |t| t == "Dashboard").await;
    let data = w.close().await;
    let db = data.path().join("cofrestr.db");
    assert!(cofrestr::store::unlock_with_recovery(&db, &cofrestr::keys::RecoveryKey::parse(&key).unwrap()).is_ok(), "the key shown opens it");
    assert!(cofrestr::store::unlock(&db, "previous release passphrase").unwrap().key.is_some(), "the passphrase opens it through its key file");
}

/// Issue 26: a new recovery key made in Settings is shown (in Welsh too) until a group is typed
/// back; Settings then names it and lists the uses.
#[tokio::test(flavor = "multi_thread")]
async fn a_new_recovery_key_is_made_in_settings_and_shown_until_confirmed() {
    let mut w = demo_window("new-key").await;
    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    let old_id = w.wait_text("#recovery-id", |t| t.len() == 9).await;
    w.scroll_to("#set-recovery").await;
    w.shot("settings-recovery").await;
    w.type_into("#new-key-passphrase", "not the passphrase at all").await;
    w.click("#new-key-submit").await;
    let err = w.wait_text("#new-key-form .error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("Wrong passphrase"), "{err}");
    // In Welsh: the key is shown before anything else.
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#nav-settings", |t| t == "Gosodiadau").await;
    w.type_into("#new-key-passphrase", PASSPHRASE).await;
    w.click("#new-key-submit").await;
    w.wait_text("main h1", |t| t == "Cadwch eich allwedd adfer").await;
    assert_no_leaks(&w, "recovery key (cy)").await;
    w.shot("recovery-key-cy").await;
    let sheet = w.data_dir().join("taflen-adfer.pdf");
    w.type_into("#sheet-path", &sheet.display().to_string()).await;
    w.click("#sheet-save").await;
    let saved = w.wait_text("#sheet-result", |t| !t.is_empty()).await;
    assert!(saved.contains("Cadwyd y daflen adfer"), "{saved}");
    // Back to English and through the confirmation.
    let en = w.el("#lang-select").await;
    within("lang", en.send_keys("\u{E013}")).await.expect("arrow up");
    let key = store_recovery_key(&mut w).await;
    w.wait_text("main h1", |t| t == "Settings").await;
    let new_id = w.wait_text("#recovery-id", |t| t.len() == 9).await;
    assert_ne!(new_id, old_id);
    let events = w.wait_text("#key-events", |t| !t.is_empty()).await;
    assert!(events.contains(&format!("Recovery key {new_id} made to replace {old_id}")), "{events}");
    assert!(events.contains(&format!("Recovery key {new_id} confirmed as stored")), "{events}");
    w.scroll_to("#set-recovery").await;
    w.shot("settings-recovery-after").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("main h1", |t| t == "Gosodiadau").await;
    w.wait_text("#key-events", |t| t.contains("Cadarnhawyd")).await;
    assert_no_leaks(&w, "settings recovery (cy)").await;
    w.scroll_to("#set-recovery").await;
    w.shot("settings-recovery-cy").await;
    let data = w.close().await;
    // The new key opens the file; the old one no longer does.
    let out = Command::new(target_dir().join("debug/cofrestr"))
        .args(["recover"])
        .env("COFRESTR_DB", data.path().join("cofrestr.db"))
        .env("COFRESTR_RECOVERY_KEY", &key)
        .env("COFRESTR_NEW_PASSPHRASE", PASSPHRASE)
        .output()
        .expect("run cofrestr");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_locks_itself_after_the_idle_time_set_in_settings() {
    let mut w = Window::open("idle").await;
    first_run(&mut w).await;
    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    w.type_into("#idle-minutes", "0").await;
    w.click("#settings-form button[type=submit]").await;
    let err = w.wait_text("#settings-form .error-summary", |t| !t.is_empty()).await;
    assert!(err.contains("from 1 to 240"), "{err}");
    w.type_into("#idle-minutes", "1").await;
    w.click("#settings-form button[type=submit]").await;
    w.wait_text("#settings-form .success", |t| t == "Settings saved.").await;
    w.shot("settings").await;
    // No input for a minute: the window locks itself and says why.
    let deadline = Instant::now() + Duration::from_secs(100);
    loop {
        let h1 = w.text("main h1").await;
        if h1 == "Unlock Cofrestr" {
            break;
        }
        assert!(Instant::now() < deadline, "still unlocked after 100 s: {h1}");
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let notice = w.text(".notice").await;
    assert_eq!(notice, "Cofrestr locked itself after a period without use.");
    w.shot("locked-idle").await;
    w.type_into("#unlock-passphrase", PASSPHRASE).await;
    w.click("#unlock-submit").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    assert_eq!(w.value("#idle-minutes").await, "1", "the setting is kept in the database");
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorded_risk_appears_on_the_heat_map() {
    let mut w = Window::open("risk").await;
    first_run(&mut w).await;
    w.click("#nav-risks").await;
    w.wait_text("main h1", |t| t == "Information risks").await;
    assert_eq!(w.text("#heat-map [data-cell='3-5']").await, "", "no risks yet");
    w.click("#add-record").await;
    w.el("#record-dialog").await;
    w.type_into("#record-dialog [name='title']", "Laptops taken to remote sites unencrypted").await;
    for (field, value) in [("inherent_likelihood", "4"), ("inherent_impact", "5"), ("residual_likelihood", "3"), ("residual_impact", "5")] {
        w.type_into(&format!("#record-dialog [name='{field}']"), value).await;
    }
    w.type_into("#record-dialog [name='review_date']", "2027-03-31").await;
    w.click("#record-save").await;
    w.gone("#record-dialog").await;
    let cell = w.wait_text("#heat-map [data-cell='3-5']", |t| t == "1").await;
    assert_eq!(cell, "1");
    let row = w.text("#register-table tbody tr").await;
    assert!(row.contains("15") && row.contains("Extreme"), "{row}");
    w.shot("risk-heat-map").await;
    // The cell filters the table to its risks; an empty cell shows none.
    w.click("#heat-map [data-cell='3-5']").await;
    w.el("#heat-map [data-cell='3-5'][aria-pressed='true']").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;
    w.click("#heat-map [data-cell='3-5']").await;
    w.el("#heat-map [data-cell='3-5'][aria-pressed='false']").await;
    w.click("#heat-map [data-cell='1-1']").await;
    w.el("#heat-map [data-cell='1-1'][aria-pressed='true']").await;
    w.wait_text("#record-count", |t| t == "Records: 0").await;

    // A stricter scale in Settings: a colour black text cannot be read on is refused by name,
    // then extreme from 12 re-bands the grid (3 × 4 = 12 turns extreme), and the top band is
    // renamed in both languages.
    assert!(w.el("#heat-map [data-cell='3-4']").await.attr("data-band").await.unwrap().as_deref() == Some("high"));
    w.click("#nav-settings").await;
    w.wait_text("main h1", |t| t == "Settings").await;
    w.type_into("#band-extreme", "12").await;
    w.type_into("#colour-high", "#123456").await;
    w.click("#risk-scale-form button[type='submit']").await;
    let msg = w.wait_text("#risk-scale-form [data-field='colour_high'] .error", |t| !t.is_empty()).await;
    assert!(msg.contains("#123456") && msg.contains("4.5:1"), "{msg}");
    assert_eq!(w.value("#colour-high").await, "#123456", "the refused value stays for correcting");
    w.shot("risk-scale-refused").await;
    w.type_into("#colour-high", "#ffb74d").await;
    w.type_into("#label-extreme-en", "Critical").await;
    w.type_into("#label-extreme-cy", "Critigol").await;
    w.click("#risk-scale-form button[type='submit']").await;
    w.wait_text("#risk-scale-form .success", |t| t.starts_with("Risk scale saved")).await;
    w.click("#nav-risks").await;
    w.wait_text("main h1", |t| t == "Information risks").await;
    w.el("#heat-map [data-cell='3-4'][data-band='extreme']").await;
    w.el("#heat-map [data-cell='2-4'][data-band='high']").await;
    let key = w.text("#heat-map .heat-legend li[data-band='extreme']").await;
    assert_eq!(key, "Critical: scores 12 to 25");
    let cell = w.el("#heat-map [data-cell='3-5']").await.attr("aria-label").await.unwrap().unwrap_or_default();
    assert!(cell.contains("Critical") && cell.contains("Risks: 1."), "{cell}");
    let row = w.wait_text("#register-table tbody tr", |t| t.contains("Critical")).await;
    assert!(!row.contains("Extreme"), "{row}");
    w.shot("risk-heat-map-rescaled").await;
    // The Welsh names follow the language.
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#heat-map .heat-legend li[data-band='extreme']", |t| t == "Critigol: sgorau 12 i 25").await;
    w.wait_text("#register-table tbody tr", |t| t.contains("Critigol")).await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sharing_partners_sign_off_and_records_fall_due_for_disposal() {
    let mut w = demo_window("sharing").await;
    // The dashboard lists records due for disposal; its link opens the asset.
    let list = w.wait_text("#disposals", |t| !t.is_empty()).await;
    assert!(list.contains(" due "), "{list}");
    w.shot("dashboard-disposals").await;
    w.click("#disposals li:first-child a").await;
    w.wait_text("main h1", |t| t == "Information assets").await;
    w.el("#record-dialog").await;
    assert!(!w.value("#record-dialog [name='oldest_trigger']").await.is_empty());
    w.click("#record-cancel").await;
    w.gone("#record-dialog").await;

    // A new agreement in draft; a partner signs; the count follows.
    w.click("#nav-sharing").await;
    w.wait_text("main h1", |t| t == "Data sharing (WASPI)").await;
    w.click("#add-record").await;
    w.el("#record-dialog").await;
    w.type_into("#record-dialog [name='title']", "Depot staff occupational health referrals").await;
    w.arrow_down("#record-dialog select[name='agreement_type']", 4).await;
    assert_eq!(w.value("#record-dialog select[name='agreement_type']").await, "processor");
    w.type_into("#record-dialog [name='purpose']", "Referring depot staff for occupational health assessments").await;
    w.arrow_down("#record-dialog select[name='direction']", 1).await;
    w.tick("#record-dialog input[type='checkbox'][value='contract']").await;
    w.arrow_down("#record-dialog select[name='department_id']", 1).await;
    w.arrow_down("#record-dialog select[name='iao_id']", 1).await;
    w.click("#record-save").await;
    w.gone("#record-dialog").await;
    w.wait_text("#register-table tbody", |t| t.contains("Depot staff occupational health referrals")).await;

    w.click("#nav-sharing_partners").await;
    w.wait_text("main h1", |t| t == "Sharing partners").await;
    w.click("#add-record").await;
    w.el("#record-dialog").await;
    // The picker's search narrows the agreements to the new one.
    w.type_into("#record-dialog [data-field='sharing_id'] .ref-search", "Depot staff").await;
    w.wait_text("#record-dialog select[name='sharing_id']", |t| t.contains("Depot staff") && !t.contains("Hospital")).await;
    w.arrow_down("#record-dialog select[name='sharing_id']", 1).await;
    w.type_into("#record-dialog [name='organisation']", "Health Management Ltd").await;
    w.type_into("#record-dialog [name='signed_by']", "Clinical Director").await;
    w.click("#record-save").await;
    // Who signed without when is refused, in words, on the field.
    let msg = w.wait_text("#record-dialog [data-field='signed_on'] .error", |t| !t.is_empty()).await;
    assert_eq!(msg, "Give who signed and the date together.");
    w.type_into("#record-dialog [name='signed_on']", "2026-11-20").await;
    w.click("#record-save").await;
    w.gone("#record-dialog").await;
    w.wait_text("#register-table tbody", |t| t.contains("Health Management Ltd")).await;

    w.click("#nav-sharing").await;
    w.type_into("#register-search", "Depot staff occupational").await;
    let row = w.wait_text("#register-table tbody", |t| t.contains("1/1") && !t.contains("Hospital")).await;
    assert!(row.contains("Draft") && row.contains("Processor contract"), "{row}");
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.wait_text("#links-body", |t| t.contains("Health Management Ltd")).await;
    w.shot("sharing-agreement").await;
    w.click("#record-cancel").await;
    w.gone("#record-dialog").await;

    // The retention schedule in Welsh shows each class's Welsh description.
    w.click("#nav-retention").await;
    w.wait_text("#record-count", |t| t.starts_with("Records: 4")).await;
    w.click("#load-template").await;
    w.wait_text(".template-row [role='status']", |t| t == "Starter classes added: 0.").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("main h1", |t| t == "Amserlen cadw").await;
    w.wait_text("#register-table tbody", |t| t.contains("Ffeil bersonél")).await;
    assert_no_leaks(&w, "cy retention").await;
    w.shot("cy-retention").await;
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_actions_rag_is_set_for_a_quarter() {
    let mut w = Window::open("action").await;
    first_run(&mut w).await;
    w.click("#nav-actions").await;
    w.wait_text("main h1", |t| t == "Action plan").await;
    w.click("#add-record").await;
    w.el("#record-dialog").await;
    w.type_into("#record-dialog [name='title']", "Refresher training for depot staff").await;
    w.arrow_down("#record-dialog select[name='area']", 1).await;
    w.click("#record-save").await;
    w.gone("#record-dialog").await;
    w.wait_text("#register-table tbody", |t| t.contains("ACT-0001")).await;

    w.click("#nav-action_updates").await;
    w.wait_text("main h1", |t| t == "Quarterly updates").await;
    w.click("#add-record").await;
    w.el("#record-dialog select[name='action_id'] option:nth-child(2)").await;
    w.arrow_down("#record-dialog select[name='action_id']", 1).await;
    w.type_into("#record-dialog [name='quarter']", "2026-27-Q3").await;
    w.arrow_down("#record-dialog select[name='rag']", 2).await;
    assert_eq!(w.value("#record-dialog select[name='rag']").await, "amber");
    w.type_into("#record-dialog [name='commentary']", "Two of five depots trained; the rest booked for January.").await;
    w.click("#record-save").await;
    w.gone("#record-dialog").await;

    w.click("#nav-actions").await;
    let row = w.wait_text("#register-table tbody", |t| t.contains("Amber")).await;
    assert!(row.contains("Training and awareness"), "{row}");
    w.shot("action-rag").await;
    // The action links to its update, and the link opens it.
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.wait_text("#links-body", |t| t.contains("2026-27-Q3")).await;
    w.shot("action-links").await;
    w.click("#links-body a[data-link='action_updates']").await;
    w.wait_text("main h1", |t| t == "Quarterly updates").await;
    w.wait_text("#record-title", |t| t == "Edit record: Quarterly updates").await;
    assert_eq!(w.value("#record-dialog [name='quarter']").await, "2026-27-Q3");
    w.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_img_pack_is_generated_in_welsh_from_the_reports_screen() {
    let mut w = demo_window("pack").await;
    w.click("#nav-reports").await;
    w.wait_text("main h1", |t| t == "Reports").await;
    // Welsh, OFFICIAL-SENSITIVE, the suggested file beside the database.
    w.arrow_down("#report-lang", 1).await;
    w.arrow_down("#report-marking", 1).await;
    w.type_into("#report-meeting", "01/12/2026").await;
    let path = w.value("#report-path").await;
    assert!(path.ends_with("-cy.pdf") && path.contains("img-pack-"), "{path}");
    w.click("#report-generate").await;
    let done = w.wait_text("#report-result .success", |t| t.starts_with("The pack was saved")).await;
    assert!(done.contains(&path), "{done}");
    w.shot("reports-pack-saved").await;
    let pdf = std::fs::read(&path).expect("the pack was written");
    assert!(pdf.starts_with(b"%PDF"));
    let text = Command::new("pdftotext").arg(&path).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Grŵp Rheoli Gwybodaeth") && text.contains("SWYDDOGOL-SENSITIF") && text.contains("1 Rhagfyr 2026"), "{text}");
    // A second run would overwrite it: refused, and the file is untouched.
    w.click("#report-generate").await;
    let err = w.wait_text("#report-result", |t| t.contains("already a file")).await;
    assert!(err.contains(&path), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), pdf);

    // The SIRO's annual report: write the foreword in both languages, save it, generate.
    w.type_into("#text-foreword-en", "A year in which every department returned its registers.").await;
    w.type_into("#text-foreword-cy", "Blwyddyn pan ddychwelodd pob adran ei chofrestrau.").await;
    w.click("#annual-texts-save").await;
    w.wait_text("#annual-texts-result .success", |t| t.starts_with("The texts for")).await;
    let annual = w.value("#annual-path").await;
    w.click("#annual-generate").await;
    w.wait_text("#annual-result .success", |t| t.starts_with("The annual report was saved")).await;
    w.shot("reports-annual-saved").await;
    let text = Command::new("pdftotext").arg(&annual).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("SIRO annual report") && text.contains("A year in which every department returned its registers."), "{text}");
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
    assert_eq!(within("#print-shown", w.el("#print-shown").await.prop("checked")).await.unwrap().as_deref(), Some("true"), "limited to what the register showed");
    w.tick("#print-details").await;
    let list = w.value("#print-path").await;
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
    w.type_into("#import-path", bad.to_str().unwrap()).await;
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
    w.type_into("#import-path", good.to_str().unwrap()).await;
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
    let path = w.value("#chase-path").await;
    w.click("#chase-export").await;
    w.wait_text("#chase-result .success", |t| t.starts_with("Saved")).await;
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"), "an Excel workbook");

    // A site audit finding still waiting for an action raises one: a screen reader hears it,
    // and the finding leaves the list of those waiting.
    w.click("#nav-site_audit_items").await;
    w.wait_text("#record-count", |t| !t.is_empty()).await;
    w.click("#filter-box summary").await;
    w.select_option("#filter-answer", "not-compliant").await;
    w.select_option("#filter-action_id", "!none").await;
    let waiting = w.wait_text("#record-count", |t| t != "Records: 0" && !t.is_empty()).await;
    let waiting: usize = waiting.trim_start_matches("Records: ").parse().expect("a count");
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.el("#record-dialog").await;
    w.click("#record-raise").await;
    let heard = w.announced(|t| t.contains("raised in the action plan")).await;
    assert!(heard.starts_with("Action ACT-"), "{heard}");
    w.wait_text("#record-count", |t| t == format!("Records: {}", waiting - 1)).await;
    w.shot("action-raised").await;
    w.close().await;
}

/// The request in a database's register with this summary.
fn request_id(data: &Path, summary: &str) -> String {
    let list: Vec<serde_json::Value> = serde_json::from_str(&cli(data, &["list", "requests", "--format", "json"])).expect("json");
    let r = list.iter().find(|r| r["summary"] == summary).unwrap_or_else(|| panic!("no request {summary:?}"));
    r["id"].as_str().expect("id").to_string()
}

fn request_field(data: &Path, id: &str, field: &str) -> String {
    let list: Vec<serde_json::Value> = serde_json::from_str(&cli(data, &["list", "requests", "--format", "json"])).expect("json");
    let r = list.iter().find(|r| r["id"] == id).expect("the request");
    r[field].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_department_return_is_written_read_on_the_hub_and_its_conflict_decided() {
    const COUNCIL: &str = "Wrexham County Borough Council";
    let files = tempfile::tempdir().expect("temp dir");
    let (hub, dept) = (tempfile::tempdir().expect("temp dir"), tempfile::tempdir().expect("temp dir"));
    let f = |n: &str| files.path().join(n).display().to_string();
    let write = |n: &str, text: &str| std::fs::write(files.path().join(n), text).expect("write");

    // The IMG secretary's hub and a Social Care laptop that joins it and takes its reference
    // pack; the laptop logs two requests, its first return reaches the hub, and a second pack
    // acknowledges it.
    cli(hub.path(), &["init", "--council", COUNCIL, "--user", "Siân Hughes"]);
    cli(hub.path(), &["demo", "--scale", "small", "--seed", "11"]);
    cli(hub.path(), &["hub", "init"]);
    // Each laptop has its own join file.
    cli(hub.path(), &["hub", "add-laptop", "--name", "Social Care – Gareth Jones", "--out", &f("join.json")]);
    cli(hub.path(), &["hub", "add-laptop", "--name", "Social Care – Eleri Morgan", "--out", &f("join-eleri.json")]);
    cli(hub.path(), &["reference-pack", "export", "--out", &f("pack1.cofrestr")]);
    cli(dept.path(), &["init", "--council", COUNCIL, "--user", "Gareth Jones", "--department", "Social Care – Adults"]);
    cli(dept.path(), &["join", &f("join.json")]);
    cli(dept.path(), &["reference-pack", "import", &f("pack1.cofrestr")]);
    write("requests.csv", "request_type,summary,received_on\nfoi,Respite care costs 2025,2026-11-02\nfoi,Day centre closures,2026-11-10\n");
    cli(dept.path(), &["import", "requests", &f("requests.csv")]);
    cli(dept.path(), &["return", "export", "--out", &f("return1.cofrestr")]);
    cli(hub.path(), &["return", "import", &f("return1.cofrestr")]);
    cli(hub.path(), &["reference-pack", "export", "--out", &f("pack2.cofrestr")]);
    cli(dept.path(), &["reference-pack", "import", &f("pack2.cofrestr")]);

    // Both sides change one request: the hub its requester, the laptop its summary.
    let id = request_id(dept.path(), "Respite care costs 2025");
    write("hub-edit.csv", &format!("id,requester_type\n{id},media\n"));
    cli(hub.path(), &["import", "requests", &f("hub-edit.csv")]);
    write("dept-edit.csv", &format!("id,summary\n{id},Respite care costs 2025 and 2026\n"));
    cli(dept.path(), &["import", "requests", &f("dept-edit.csv")]);

    // A second laptop's first return, saved in the quarter's folder with a damaged file.
    let other = tempfile::tempdir().expect("temp dir");
    cli(other.path(), &["init", "--council", COUNCIL, "--user", "Eleri Morgan", "--department", "Social Care – Adults"]);
    cli(other.path(), &["join", &f("join-eleri.json")]);
    cli(other.path(), &["reference-pack", "import", &f("pack2.cofrestr")]);
    write("other.csv", "reference,request_type,summary,received_on\nFOI-EM-001,foi,Meals on wheels contract,2026-11-12\n");
    cli(other.path(), &["import", "requests", &f("other.csv")]);
    std::fs::create_dir(files.path().join("quarter")).expect("folder");
    cli(other.path(), &["return", "export", "--out", &f("quarter/eleri-morgan.cofrestr")]);
    write("quarter/damaged.cofrestr", "age-encryption.org/v1\n-> X25519 cut short\n");

    // On the laptop, the return is written from the Returns screen.
    let mut w = unlocked_window("returns-department", dept).await;
    w.click("#nav-returns").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    let facts = w.text("#returns-facts").await;
    assert!(facts.contains("Last return the hub has acknowledged") && facts.contains("Reference packs taken"), "{facts}");
    assert_eq!(w.text("#returns-pending").await, "1");
    assert_no_leaks(&w, "department returns").await;
    w.shot("department").await;
    w.type_into("#return-out-path", &f("return2.cofrestr")).await;
    w.click("#return-out-run").await;
    let done = w.wait_text("#return-out-result", |t| t.contains("Return 2 written")).await;
    assert!(done.contains("Records: 1."), "{done}");
    w.shot("return-written").await;
    // Should the hub ask for everything (it was restored from a backup), one tick sends it.
    w.tick("#return-out-full").await;
    w.type_into("#return-out-path", &f("full.cofrestr")).await;
    w.click("#return-out-run").await;
    let full = w.wait_text("#return-out-result", |t| t.contains("Return 3 written")).await;
    assert!(full.contains("Records: 2."), "every record, not only the one changed: {full}");
    w.shot("return-full").await;
    let sealed = std::fs::read(files.path().join("return2.cofrestr")).expect("the return");
    assert!(!String::from_utf8_lossy(&sealed).contains("Respite"), "the return is sealed");
    let dept = w.close().await;

    // On the hub: check, apply, and decide the conflict field by field.
    let mut w = unlocked_window("returns-hub", hub).await;
    w.click("#nav-returns").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    w.el("#conflicts-none").await;
    w.type_into("#return-in-path", &f("return2.cofrestr")).await;
    w.click("#return-in-run").await;
    let checked = w.wait_text("#return-in-result", |t| t.contains("Return 2 from Gareth Jones")).await;
    assert!(checked.contains("Conflicts are held with both versions"), "{checked}");
    assert_eq!(w.text("#return-counts tr:last-child th").await, "Conflicts");
    assert_eq!(w.text("#return-counts tr:last-child td").await, "1");
    assert_no_leaks(&w, "hub check").await;
    w.shot("hub-checked").await;
    w.click("#return-apply").await;
    w.wait_text("#return-in-result", |t| t.contains("applied. Conflicts held: 1.")).await;
    assert_eq!(w.count("#conflicts tbody tr").await, 1);
    let received = w.text("#received tbody tr:first-child").await;
    assert!(received.contains("Gareth Jones, return 2") && received.contains("by Siân Hughes"), "who sent it and who applied it: {received}");
    let laptop = w.text("#laptops tbody tr:first-child").await;
    assert!(laptop.contains("Gareth Jones") && laptop.contains("Social Care – Adults") && laptop.ends_with("Yes"), "the laptop's latest return, this quarter's: {laptop}");
    w.scroll_to("#laptops-title").await;
    w.shot("hub-laptops").await;
    // Gareth's recovery key came with his return, sealed: shown on the hub only when asked and
    // confirmed, and the opening is in the hub's audit trail.
    let held = w.text("#escrowed tbody tr:first-child").await;
    assert!(held.starts_with("Social Care – Gareth Jones"), "{held}");
    w.click("#escrow-0").await;
    w.click("#escrow-0-yes").await;
    let shown = w.wait_text("#escrow-0-result", |t| !t.is_empty()).await;
    assert!(shown.contains("Give it only to the person"), "{shown}");
    assert_eq!(w.count("#escrow-0-result .key-groups li").await, 8);
    w.scroll_to("#escrow-title").await;
    w.shot("hub-escrow").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#escrow-title", |t| t == "Allweddi adfer y gliniaduron").await;
    assert_no_leaks(&w, "escrow (cy)").await;
    w.scroll_to("#escrow-title").await;
    w.shot("hub-escrow-cy").await;
    let en = w.el("#lang-select").await;
    within("lang", en.send_keys("\u{E013}")).await.expect("arrow up");
    w.wait_text("#escrow-title", |t| t == "Laptops' recovery keys").await;
    let status = cli(&w.data_dir(), &["recovery-key", "status"]);
    assert!(status.contains("of laptop Social Care – Gareth Jones opened from the hub's escrow"), "{status}");
    // The laptops added: Gareth's bound by its first return, Eleri's still waiting for hers.
    let gareth = w.text("#enrolled tbody tr:first-child").await;
    assert!(gareth.starts_with("Social Care – Gareth Jones") && gareth.contains("active"), "{gareth}");
    let eleri = w.text("#enrolled tbody tr:nth-child(2)").await;
    assert!(eleri.contains("waiting for its first return"), "{eleri}");
    // A third laptop added in the window: its join file saved, readable by the owner only.
    w.type_into("#laptop-name", "Highways depot laptop").await;
    w.type_into("#laptop-path", &f("join-depot.json")).await;
    w.click("#laptop-run").await;
    w.wait_text("#laptop-result", |t| t.contains("Laptop “Highways depot laptop” added")).await;
    // A laptop joining again (rebuilt) is added saying which one it replaces.
    let options = w.text("#laptop-replaces").await;
    assert!(options.contains("No: a laptop new to the hub") && options.contains("Yes: it replaces Social Care – Gareth Jones"), "{options}");
    assert!(files.path().join("join-depot.json").exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(files.path().join("join-depot.json")).expect("join file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a join file is its owner's alone");
    }
    // Saved over an existing file: refused, and no laptop added.
    w.type_into("#laptop-name", "Another laptop").await;
    w.type_into("#laptop-path", &f("join-depot.json")).await;
    w.click("#laptop-run").await;
    w.wait_text("#laptop-result", |t| t.contains("There is already a file at")).await;
    assert_eq!(w.count("#enrolled tbody tr").await, 3);
    // Withdrawn, once the window has said what that means.
    let withdraw = w.attr("#enrolled tbody tr:nth-child(3) button.danger", "id").await;
    w.click(&format!("#{withdraw}")).await;
    let ask = w.text(&format!("#{withdraw}-text")).await;
    assert!(ask.contains("Withdraw “Highways depot laptop”?"), "{ask}");
    w.scroll_to("#enrolled-title").await;
    w.shot("hub-withdraw-confirm").await;
    w.click(&format!("#{withdraw}-yes")).await;
    w.wait_text("#enrolled-result", |t| t.contains("Laptop “Highways depot laptop” withdrawn")).await;
    assert!(w.text("#enrolled tbody tr:nth-child(3)").await.contains("withdrawn"));
    assert_no_leaks(&w, "laptops added").await;
    w.scroll_to("#enrolled-title").await;
    w.shot("hub-enrolled").await;
    w.shot("hub-conflict-waiting").await;
    // The dashboard says a decision waits, and takes the IMG secretary to it.
    w.click("#nav-dashboard").await;
    let notice = w.wait_text("#attention [data-code='returns-conflicts']", |t| !t.is_empty()).await;
    assert!(notice.contains("One record from a departmental return waits for your decision"), "{notice}");
    w.scroll_to("#dash-attention").await;
    w.shot("hub-dashboard").await;
    w.click("#attention [data-code='returns-conflicts'] a").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    w.click("#conflicts tbody a").await;
    w.wait_text("main h1", |t| t.starts_with("Conflict:")).await;
    assert_eq!(w.count("#conflict-fields tbody tr").await, 2, "the two fields that differ");
    let summary_row = w.text("#conflict-fields tr[data-field=summary]").await;
    assert!(summary_row.contains("Respite care costs 2025") && summary_row.contains("Respite care costs 2025 and 2026"), "{summary_row}");
    assert_no_leaks(&w, "conflict").await;
    w.shot("conflict").await;
    // Keep the hub's requester and take the laptop's summary.
    w.click("#keep-summary-theirs").await;
    w.click("#conflict-merge").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    w.el("#conflicts-none").await;
    w.type_into("#pack-out-path", &f("pack3.cofrestr")).await;
    w.click("#pack-out-run").await;
    w.wait_text("#pack-out-result", |t| t.contains("Reference pack 3 written")).await;
    w.shot("pack-written").await;
    // The quarter's folder: checked, then what is ready applied; the damaged file is named.
    std::fs::copy(files.path().join("return2.cofrestr"), files.path().join("quarter/gareth-jones.cofrestr")).expect("copy");
    w.type_into("#returns-folder-path", &f("quarter")).await;
    w.click("#returns-folder-run").await;
    w.wait_text("#returns-folder-result h3", |t| t.starts_with("Checked") && t.ends_with("nothing has changed yet.")).await;
    assert_eq!(w.count("#folder-files tbody tr").await, 3);
    let refused = w.text("#folder-files tr.refused").await;
    assert!(refused.starts_with("damaged.cofrestr") && refused.contains("This file is not a Cofrestr return"), "{refused}");
    let ready = w.text("#folder-files tbody tr:first-child").await;
    assert!(ready.starts_with("eleri-morgan.cofrestr") && ready.contains("Eleri Morgan, return 1") && ready.ends_with("Ready to apply"), "{ready}");
    let before = w.text("#folder-files tbody tr:nth-child(2)").await;
    assert!(before.starts_with("gareth-jones.cofrestr") && before.ends_with("Applied before: nothing changed"), "{before}");
    assert_no_leaks(&w, "folder checked").await;
    w.scroll_to("#returns-folder-title").await;
    w.shot("hub-folder-checked").await;
    w.click("#returns-folder-apply").await;
    w.wait_text("#returns-folder-result", |t| t.contains("Returns applied: 1. Files refused: 1. Conflicts held: 0.")).await;
    assert!(w.text("#received tbody").await.contains("Eleri Morgan, return 1"));
    assert_eq!(w.value("#returns-folder-path").await, f("quarter"), "the results stay with their folder");
    w.scroll_to("#returns-folder-title").await;
    w.shot("hub-folder-applied").await;
    // The request's history on the hub holds what the laptop did on its own copy, each entry
    // marked with the return that brought it, among the hub's own.
    w.click("#nav-requests").await;
    w.wait_text("#record-count", |t| !t.is_empty()).await;
    w.type_into("#register-search", "Respite care").await;
    w.wait_text("#record-count", |t| t == "Records: 1").await;
    w.click("#register-table tbody tr:first-child .open-record").await;
    w.el("#record-dialog").await;
    w.click("#history summary").await;
    let latest = w.wait_text("#history-body .brought", |t| !t.is_empty()).await;
    assert!(latest.starts_with("Changed by Gareth Jones") && latest.contains("brought here by its return 2"), "{latest}");
    assert!(latest.contains("Respite care costs 2025 and 2026"), "{latest}");
    assert_eq!(w.count("#history-body .brought").await, 2, "the laptop's create and its edit");
    assert_eq!(w.count("#history-body .history-entry").await, 5, "and the hub's create, edit and decision");
    w.scroll_to("#history").await;
    w.shot("hub-history").await;
    // The hub's Returns screen in Welsh: each laptop's department by its Welsh name.
    w.click("#record-cancel").await;
    w.click("#nav-returns").await;
    w.wait_text("main h1", |t| t == "Departmental returns").await;
    w.arrow_down("#lang-select", 1).await;
    w.wait_text("#laptops-title", |t| t == "Y ffurflen ddiweddaraf gan bob gliniadur").await;
    let laptop = w.text("#laptops tbody tr:first-child").await;
    assert!(laptop.contains("Gofal Cymdeithasol – Oedolion") && laptop.ends_with("Do"), "{laptop}");
    let received = w.text("#received tbody").await;
    assert!(received.contains("Gareth Jones, ffurflen 2") && received.contains("Eleri Morgan, ffurflen 1") && received.contains("gan Siân Hughes"), "{received}");
    let enrolled = w.text("#enrolled").await;
    assert!(enrolled.contains("gweithredol") && enrolled.contains("wedi'i dynnu'n ôl"), "{enrolled}");
    assert_no_leaks(&w, "hub returns in Welsh").await;
    w.scroll_to("#laptops-title").await;
    w.shot("hub-laptops-cy").await;
    w.scroll_to("#enrolled-title").await;
    w.shot("hub-enrolled-cy").await;
    assert_eq!(w.text("#returns-folder-title").await, "Darllen pob ffurflen mewn ffolder");
    // The same folder checked again, in Welsh: both returns applied before, the damaged file
    // refused, nothing left to apply.
    w.type_into("#returns-folder-path", &f("quarter")).await;
    w.click("#returns-folder-run").await;
    w.wait_text("#returns-folder-result h3", |t| t.starts_with("Gwiriwyd") && t.ends_with("nid oes dim wedi newid eto.")).await;
    let result = w.text("#returns-folder-result").await;
    assert_eq!(result.matches("Rhoddwyd ar waith o'r blaen: ni newidiodd dim").count(), 2, "{result}");
    assert!(result.contains("Nid oes gan yr un o'r ffurflenni hyn ddim i'w roi ar waith."), "{result}");
    assert_eq!(w.count("#returns-folder-apply").await, 0, "nothing to apply");
    assert_no_leaks(&w, "hub folder in Welsh").await;
    w.scroll_to("#returns-folder-title").await;
    w.shot("hub-folder-cy").await;
    let hub = w.close().await;
    assert_eq!(request_field(hub.path(), &id, "summary"), "Respite care costs 2025 and 2026");
    assert_eq!(request_field(hub.path(), &id, "requester_type"), "media");

    // The laptop takes the decided version with the next pack.
    let said = cli(dept.path(), &["reference-pack", "import", &f("pack3.cofrestr")]);
    assert!(said.contains("The hub has acknowledged return 2"), "{said}");
    assert_eq!(request_field(dept.path(), &id, "requester_type"), "media");
    assert_eq!(request_field(dept.path(), &id, "summary"), "Respite care costs 2025 and 2026");
}

/// The About screen, locked and unlocked, in English and Welsh: the version of this build, the
/// installation's id and role once unlocked, and the licences `cargo about` generated.
async fn about_journey(w: &mut Window) {
    w.click("#gate-about").await;
    w.wait_text("main h1", |t| t == "About Cofrestr").await;
    assert_eq!(w.text("#about-version").await, env!("CARGO_PKG_VERSION"));
    assert_eq!(w.text("#about-licence").await, "EUPL-1.2");
    assert!(w.text("#about-locked").await.contains("Unlock the database"));
    assert!(w.count("#about-installation").await == 0, "no installation id while locked");
    let crates = w.count("#about-crates-list li").await;
    assert!(crates >= 10, "licences listed: {crates}");
    let heading = w.text("#about-crates").await;
    let n: usize = heading.rsplit(' ').next().unwrap().parse().expect("a count of crates");
    assert!(n > 200, "{heading}");
    assert!(w.text("#about-fonts").await.contains("Fonts"));
    w.shot("about-locked").await;
    w.click("#about-back").await;
    first_run(w).await;

    w.click("#nav-about").await;
    w.wait_text("main h1", |t| t == "About Cofrestr").await;
    assert_eq!(w.text("#about-role").await, "Department laptop");
    assert_eq!(w.text("#about-installation").await.len(), 36);
    assert!(w.text("#about-database").await.ends_with("cofrestr.db"));
    // A licence's text opens from its summary, by keyboard.
    w.click("#about-crates-list li:first-child summary").await;
    let first = w.text("#about-crates-0").await;
    assert!(first.contains("European Union Public Licence") || first.contains("Licence"), "{first}");
    w.shot("about").await;

    w.arrow_down("#lang-select", 1).await;
    w.wait_text("main h1", |t| t == "Ynglŷn â Cofrestr").await;
    assert_eq!(w.text("#about-role").await, "Gliniadur adran");
    assert!(w.text("#about-crates").await.starts_with("Llyfrgelloedd meddalwedd"));
    assert!(w.text("#about-fonts").await.starts_with("Ffontiau"));
    let built = w.text("#about-built").await;
    assert!(["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"]
        .iter()
        .any(|m| built.contains(m)), "{built}");
    w.shot("about-cy").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_about_screen_shows_this_build_and_the_generated_licences_in_english_and_welsh() {
    let mut w = Window::open("about").await;
    about_journey(&mut w).await;
    w.close().await;
}

/// `make test-deb`: the window the .deb installed (COFRESTR_E2E_APP=/usr/bin/cofrestr-desktop)
/// starts, creates a database, shows the dashboard and its About screen.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the installed package: make test-deb"]
async fn the_installed_package_opens_creates_a_database_and_shows_the_dashboard() {
    let app = std::env::var("COFRESTR_E2E_APP").expect("COFRESTR_E2E_APP names the installed window");
    assert!(app.starts_with("/usr/"), "{app} is not an installed path");
    let mut w = Window::open("installed").await;
    about_journey(&mut w).await;
    w.click("#nav-dashboard").await;
    w.wait_text("main h1", |t| t == "Dangosfwrdd").await;
    w.shot("installed-dashboard").await;
    w.close().await;
}
