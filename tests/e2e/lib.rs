//! The end-to-end harness: the real Cofrestr window (the built `cofrestr-desktop` binary),
//! driven through tauri-driver and WebKitWebDriver, under Xvfb when no display is set. The
//! journeys that use it are in `tests/window/`, one file per area.
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

/// What a journey needs in scope: `use cofrestr_e2e::prelude::*;`.
pub mod prelude {
    pub use std::path::{Path, PathBuf};
    pub use std::process::Command;
    pub use std::time::{Duration, Instant};

    pub use fantoccini::elements::Element;
    pub use fantoccini::{Client, Locator};

    pub use crate::*;
}

/// axe-core 4.14.1 (MPL-2.0, Deque Systems), vendored unchanged in `tests/e2e/vendor/` with its
/// licences; `tests/e2e/tests/window/screens.rs` checks its SHA-256.
pub const AXE_JS: &str = include_str!("vendor/axe-core-4.14.1/axe.min.js");
/// The SHA-256 of `axe.min.js` as published on npm (axe-core-4.14.1.tgz, integrity
/// sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==).
pub const AXE_SHA256: &str = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c";

pub const PASSPHRASE: &str = "heather harbour lantern 42";

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| workspace().join("target"))
}

pub fn find_tool(name: &str, local: PathBuf) -> PathBuf {
    if local.exists() {
        return local;
    }
    std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.exists()))
        .unwrap_or_else(|| panic!("{name} not found: run `make test`, which installs the end-to-end tools"))
}

/// Kills a whole process group when dropped, so a failing test leaves nothing running.
pub struct Group(Child);

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

pub fn spawn_group(cmd: &mut Command) -> Group {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    Group(cmd.spawn().unwrap_or_else(|e| panic!("could not start {cmd:?}: {e}")))
}

pub struct Window {
    pub client: Client,
    pub data: tempfile::TempDir,
    pub shots: PathBuf,
    pub name: &'static str,
    pub step: u32,
    /// The X display the window is on (for looking at windows outside the page).
    pub display: String,
    pub _driver: Group,
    pub _xvfb: Option<Group>,
}

impl Window {
    pub async fn open(name: &'static str) -> Window {
        let data = tempfile::tempdir().expect("temp dir");
        Self::open_in(name, data).await
    }

    pub async fn open_in(name: &'static str, data: tempfile::TempDir) -> Window {
        Self::start(name, data, false).await
    }

    /// A window on a new council's database, unlocked, whose file dialogs are the real ones
    /// (GTK), not answered by `will_pick`.
    pub async fn unlocked_with_real_dialogs(name: &'static str) -> Window {
        let data = tempfile::tempdir().expect("temp dir");
        cli(data.path(), &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"]);
        let w = Self::start(name, data, true).await;
        w.type_into("#unlock-passphrase", PASSPHRASE).await;
        w.click("#unlock-submit").await;
        w.wait_text("main h1", |t| t == "Dashboard").await;
        w
    }

    async fn start(name: &'static str, data: tempfile::TempDir, real_dialogs: bool) -> Window {
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
            // The answers to the window's file dialogs (see `will_pick`).
            .env("COFRESTR_E2E_PICKS", if real_dialogs { PathBuf::new() } else { data.path().join("picks.txt") })
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
        Window { client, data, shots, name, step: 0, display, _driver: driver, _xvfb: xvfb }
    }

    pub async fn el(&self, css: &str) -> Element {
        within(css, self.client.wait().at_most(Duration::from_secs(15)).for_element(Locator::Css(css)))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"))
    }

    /// Clicks an element, finding it again if the page redrew it between finding and clicking.
    pub async fn click(&self, css: &str) {
        for attempt in 1..=3 {
            let e = self.el(css).await;
            // Centre it first: scrolled only to the edge of a long dialog, the sticky row of
            // buttons would cover it and take the click.
            let _ = self
                .client
                .execute(
                    "arguments[0].scrollIntoView({block: 'center'})",
                    vec![serde_json::to_value(&e).expect("element")],
                )
                .await;
            match within(css, e.click()).await {
                Ok(()) => return,
                Err(err)
                    if attempt < 3
                        && (err.to_string().contains("was not found") || err.to_string().contains("stale")) =>
                {
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(err) => panic!("click {css}: {err}"),
            }
        }
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let e = self.el(css).await;
        within(css, e.clear()).await.expect("clear");
        within(css, e.send_keys(text)).await.unwrap_or_else(|err| panic!("type into {css}: {err}"));
    }

    /// Moves a native <select> down by `steps` options with the arrow key, as a keyboard user
    /// would. (Clicking an <option> opens WebKitGTK's popup menu, which blocks WebDriver.)
    pub async fn arrow_down(&self, css: &str, steps: usize) {
        let e = self.el(css).await;
        let keys: String = std::iter::repeat_n('\u{E015}', steps).collect();
        within(css, e.send_keys(&keys)).await.unwrap_or_else(|err| panic!("keys into {css}: {err}"));
    }

    /// Back to English on the language choice (one option up), as a keyboard user would.
    pub async fn arrow_up_lang(&self) {
        let e = self.el("#lang-select").await;
        within("lang", e.send_keys("\u{E013}")).await.unwrap_or_else(|err| panic!("keys into #lang-select: {err}"));
    }

    /// Ticks a checkbox from the keyboard (focus, then Space).
    pub async fn tick(&self, css: &str) {
        let e = self.el(css).await;
        within(css, e.send_keys(" ")).await.unwrap_or_else(|err| panic!("tick {css}: {err}"));
        assert_eq!(within(css, e.prop("checked")).await.expect("checked").as_deref(), Some("true"), "{css} ticked");
    }

    /// The folder the window's database lives in (for files a journey reads or writes).
    pub fn data_dir(&self) -> PathBuf {
        self.data.path().to_path_buf()
    }

    /// Chooses an option of a <select> by its value and fires `change`, as choosing it does.
    pub async fn select_option(&self, css: &str, value: &str) {
        self.el(css).await;
        let script = "const s = document.querySelector(arguments[0]); s.value = arguments[1]; \
                      s.dispatchEvent(new Event('change', { bubbles: true })); return s.value;";
        let got = within(css, self.client.execute(script, vec![css.into(), value.into()])).await.expect("select");
        assert_eq!(got.as_str(), Some(value), "{css} has no option {value}");
    }

    pub async fn attr(&self, css: &str, name: &str) -> String {
        let e = self.el(css).await;
        within(css, e.attr(name)).await.expect("attribute").unwrap_or_default()
    }

    pub async fn value(&self, css: &str) -> String {
        let e = self.el(css).await;
        within(css, e.prop("value")).await.expect("value").unwrap_or_default()
    }

    /// The element's text. A screen that redraws between finding the element and reading it
    /// leaves a stale reference: find it again.
    pub async fn text(&self, css: &str) -> String {
        for _ in 0..5 {
            let e = self.el(css).await;
            match within(css, e.text()).await {
                Ok(t) => return t,
                Err(fantoccini::error::CmdError::Standard(ref w))
                    if w.error == fantoccini::error::ErrorStatus::StaleElementReference =>
                {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("text of {css}: {e}"),
            }
        }
        panic!("{css} kept going stale");
    }

    /// Waits until the text of `css` satisfies `ok`, and returns it.
    pub async fn wait_text(&self, css: &str, ok: impl Fn(&str) -> bool) -> String {
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
    pub async fn scroll_to(&self, css: &str) {
        let e = self.el(css).await;
        let _ = self
            .client
            .execute("arguments[0].scrollIntoView({block: 'start'})", vec![serde_json::to_value(&e).expect("element")])
            .await;
    }

    /// Waits until the live region says what `ok` wants (what a screen reader hears: the region
    /// is visually hidden, so it has no rendered text), and returns it.
    pub async fn announced(&self, ok: impl Fn(&str) -> bool) -> String {
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

    /// Queues the answer to the next file dialog the window opens: the file (or folder) a
    /// person would pick there. The debug build takes it instead of showing the dialog.
    pub fn will_pick(&self, path: impl AsRef<std::path::Path>) {
        let path = path.as_ref();
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir().join("picks.txt"))
            .expect("picks file");
        writeln!(f, "{}", path.display()).expect("queue a pick");
    }

    /// Queues Cancel as the answer to the next file dialog.
    pub fn will_cancel(&self) {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir().join("picks.txt"))
            .expect("picks file");
        writeln!(f).expect("queue a cancel");
    }

    /// What each file dialog was asked to offer, in order: purpose, starting folder, suggested name.
    /// Only whole lines are read: the window may be writing the next one.
    pub fn dialogs_asked(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(self.data_dir().join("picks.log")).unwrap_or_default();
        let whole = text.rfind('\n').map_or("", |end| &text[..end]);
        whole.lines().map(|l| serde_json::from_str(l).expect("a logged dialog")).collect()
    }

    /// Chooses a record in a reference field's combobox on the record page by keyboard alone:
    /// types `search` (none: opens the list with Down), moves to the first match with Down and
    /// takes it with Enter. Returns the label now shown (a chip's, for a field of several).
    pub async fn choose_ref(&self, field: &str, search: &str) -> String {
        let css = format!("#record-page [data-field='{field}'] input[role='combobox']");
        let input = self.el(&css).await;
        within(&css, input.clear()).await.expect("clear");
        if !search.is_empty() {
            within(&css, input.send_keys(search)).await.expect("type");
            self.wait_attr(&css, "aria-expanded", "true").await;
        }
        within(&css, input.send_keys("\u{E015}")).await.expect("down");
        self.wait_attr(&css, "aria-expanded", "true").await;
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.attr(&css, "aria-activedescendant").await.is_empty() {
            assert!(Instant::now() < deadline, "{field}: no option to move to");
            within(&css, input.send_keys("\u{E015}")).await.expect("down");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        let option = self.attr(&css, "aria-activedescendant").await;
        let label = self.text(&format!("#{option}")).await;
        within(&css, input.send_keys("\u{E007}")).await.expect("enter");
        self.wait_attr(&css, "aria-expanded", "false").await;
        label
    }

    /// Waits until an element's attribute has a value.
    pub async fn wait_attr(&self, css: &str, name: &str, value: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if self.attr(css, name).await == value {
                return;
            }
            assert!(Instant::now() < deadline, "{css} never had {name}={value:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Goes to an address inside the window (`#/register/completions`), as a link would.
    pub async fn goto(&self, hash: &str) {
        self.client
            .execute("location.hash = arguments[0]", vec![serde_json::Value::String(hash.to_string())])
            .await
            .unwrap_or_else(|e| panic!("go to {hash}: {e}"));
    }

    /// After Save on a record's page: waits until the page says the record was saved (it now
    /// shows the saved record), then goes back to the list it was opened from.
    pub async fn saved_then_back(&self) {
        self.wait_text("#record-saved", |t| !t.is_empty()).await;
        self.click("#record-cancel").await;
        self.gone("#record-page").await;
    }

    pub async fn gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.client.find(Locator::Css(css)).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{css} is still there");
    }

    /// axe-core's violations on the page as it is now (WCAG 2.2 A and AA, and axe's best
    /// practices), one line each: rule, impact, how many elements, and the first of them.
    /// axe is vendored ([`AXE_JS`]); nothing is fetched.
    pub async fn axe(&self) -> Vec<String> {
        let timeouts = fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(120)),
            Some(Duration::from_secs(60)),
            Some(Duration::from_secs(0)),
        );
        within("timeouts", self.client.update_timeouts(timeouts)).await.expect("timeouts");
        let loaded = self.client.execute("return typeof window.axe", vec![]).await.expect("axe?");
        if loaded.as_str() != Some("object") {
            within("load axe", self.client.execute(AXE_JS, vec![])).await.expect("axe loads");
        }
        let run = r#"const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] })
              .then((r) => done(JSON.stringify(r.violations.map((v) => [v.id, v.impact, v.nodes.length, v.nodes[0] ? v.nodes[0].target.join(' ') : '']))),
                    (e) => done('ERR ' + e));"#;
        let out = within("axe.run", self.client.execute_async(run, vec![])).await.expect("axe runs");
        let text = out.as_str().expect("axe answers in text").to_string();
        assert!(!text.starts_with("ERR"), "axe failed: {text}");
        let found: Vec<(String, Option<String>, usize, String)> = serde_json::from_str(&text).expect("axe's answer");
        found
            .into_iter()
            .map(|(id, impact, n, first)| format!("{id} ({}): {n} × e.g. {first}", impact.unwrap_or_default()))
            .collect()
    }

    pub async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
    }

    pub async fn shot(&mut self, what: &str) {
        self.step += 1;
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{}-{:02}-{what}.png", self.name, self.step)), png)
            .expect("write screenshot");
    }

    pub async fn close(self) -> tempfile::TempDir {
        let _ = self.client.close().await;
        self.data
    }
}

/// Every WebDriver call gets a deadline, so a hang fails the test and names the step.
/// Waits up to 15 seconds for `ok()` (something outside the page, such as a file) to hold.
pub async fn wait_for(ok: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !ok() {
        assert!(Instant::now() < deadline, "still waiting after 15 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

pub async fn within<T>(what: &str, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), fut)
        .await
        .unwrap_or_else(|_| panic!("WebDriver call timed out: {what}"))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// Creates a database on the first-run screen and waits for the dashboard.
pub async fn first_run(w: &mut Window) -> String {
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
pub async fn store_recovery_key(w: &mut Window) -> String {
    w.wait_text("main h1", |t| t == "Store your recovery key").await;
    let mut groups = vec![];
    for i in 1..=8 {
        groups.push(w.text(&format!("#recovery-key li:nth-child({i})")).await);
    }
    assert!(groups.iter().all(|g| g.len() == 4), "{groups:?}");
    let key = groups.join("-");
    w.shot("recovery-key").await;
    // Saved where the person picks (here, the test's folder); the Save dialog opens in the
    // person's Documents every time, never in a folder used before, which could be the database's.
    let sheet = w.data_dir().join(format!("recovery-sheet-{}.pdf", &key[..4]));
    w.will_pick(&sheet);
    w.click("#sheet-save").await;
    let saved = w.wait_text("#sheet-result", |t| !t.is_empty()).await;
    assert!(saved.contains("Recovery sheet saved"), "{saved}");
    let asked = w.dialogs_asked();
    let last = asked.last().expect("the Save dialog was asked for");
    assert_eq!(last["purpose"], "sheet-save");
    assert_eq!(last["folder"].as_str(), cofrestr::paths::documents_folder().as_deref().and_then(Path::to_str));
    assert!(last["name"].as_str().unwrap().starts_with("recovery-key-"), "{last}");
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

/// Runs the CLI on the database in `data`; returns what it printed.
pub fn cli(data: &Path, args: &[&str]) -> String {
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
        let key = said
            .lines()
            .map(str::trim)
            .find(|l| l.len() == 39 && l.split('-').count() == 8)
            .expect("init shows the recovery key");
        let group =
            said.split("--group ").nth(1).and_then(|r| r.split_whitespace().next()).expect("the group to type back");
        let n: usize = group.parse().expect("a group number");
        cli(data, &["recovery-key", "confirm", "--group", group, key.split('-').nth(n - 1).unwrap()]);
    }
    said
}

/// Opens the window on the database in `data` and unlocks it.
pub async fn unlocked_window(name: &'static str, data: tempfile::TempDir) -> Window {
    let w = Window::open_in(name, data).await;
    w.type_into("#unlock-passphrase", PASSPHRASE).await;
    w.click("#unlock-submit").await;
    w.wait_text("main h1", |t| t == "Dashboard").await;
    w
}

/// Seeds a demo council with the CLI, then unlocks it in the window.
pub async fn demo_window(name: &'static str) -> Window {
    let data = tempfile::tempdir().expect("temp dir");
    cli(data.path(), &["init", "--council", "Wrexham County Borough Council", "--user", "Siân Hughes"]);
    cli(data.path(), &["demo", "--scale", "small", "--seed", "11"]);
    unlocked_window(name, data).await
}

/// No screen may show a message id, "undefined" or "null" where words belong.
pub async fn assert_no_leaks(w: &Window, screen: &str) {
    let body = w.text("body").await;
    for bad in ["undefined", "null", "NaN", "ui-", "field-", "err-", "register-", "dash-"] {
        let leaked = body.split_whitespace().any(|word| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            word == bad || (bad.ends_with('-') && word.starts_with(bad) && word.len() > bad.len())
        });
        assert!(!leaked, "{screen} shows {bad:?}:\n{body}");
    }
}
