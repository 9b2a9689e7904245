//! `cofrestr`: the command-line face of the core. It parses arguments, reads the clock and
//! the passphrase, calls [`cofrestr::Session`] and prints. On any error it prints one line on
//! stderr in the chosen language and exits non-zero.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::{Parser, Subcommand, ValueEnum};
use cofrestr::i18n::{Args, Lang, Messages};
use cofrestr::register::store::ListQuery;
use cofrestr::session::NewDatabase;
use cofrestr::{demo, Error, Result, Session};
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(name = "cofrestr", version, about = "Information governance registers for a Welsh council")]
struct Cli {
    /// The database file (default: cofrestr.db in your data folder).
    #[arg(long, global = true, env = "COFRESTR_DB")]
    db: Option<PathBuf>,
    /// Language of messages: en or cy.
    #[arg(long, global = true, env = "COFRESTR_LANG", default_value = "en")]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum ReportKind {
    /// The Information Management Group's quarterly pack.
    Pack {
        /// The financial-year quarter, e.g. 2026-27-Q2 (Q1 is April to June).
        #[arg(long)]
        quarter: String,
        /// The PDF to write (it must not exist yet).
        #[arg(long)]
        out: PathBuf,
        /// official or official-sensitive.
        #[arg(long, default_value = "official")]
        marking: String,
        /// The meeting date, YYYY-MM-DD.
        #[arg(long)]
        meeting: Option<String>,
        /// The pack's version, printed on the cover.
        #[arg(long, default_value = "1.0")]
        version: String,
    },
    /// The SIRO's annual report for a financial year.
    Annual {
        /// The financial year, e.g. 2025-26 (April to March).
        #[arg(long)]
        year: String,
        /// The PDF to write (it must not exist yet).
        #[arg(long)]
        out: PathBuf,
        /// official or official-sensitive.
        #[arg(long, default_value = "official")]
        marking: String,
    },
    /// A register printed as a list, e.g. the asset register for an auditor.
    List {
        /// The register, e.g. assets.
        register: String,
        /// The PDF to write (it must not exist yet).
        #[arg(long)]
        out: PathBuf,
        /// official or official-sensitive.
        #[arg(long, default_value = "official")]
        marking: String,
        /// After the table, each record in full, field by field.
        #[arg(long)]
        details: bool,
        /// Only records with these words.
        #[arg(long)]
        search: Option<String>,
        /// Only records whose field has this value, e.g. --filter department_id=<id> or
        /// --filter due=overdue; repeat for more.
        #[arg(long = "filter")]
        filters: Vec<String>,
        /// Sort by this field.
        #[arg(long)]
        sort: Option<String>,
    },
}

#[derive(Subcommand)]
enum HubAction {
    /// Make this installation the hub (the IMG secretary's copy).
    Init,
    /// Add a department laptop and write its own join file (keep it as safe as a passphrase).
    AddLaptop {
        /// What the hub calls the laptop, e.g. "Social Services – Siân Hughes".
        #[arg(long)]
        name: String,
        /// The join file to write for that laptop (readable by you alone).
        #[arg(long)]
        out: PathBuf,
        /// The laptop (its id or name, or its installation id) this one replaces: the same
        /// laptop joining again, or one an earlier version joined. It takes over that history.
        #[arg(long)]
        replaces: Option<String>,
    },
    /// The laptops added, and whether each has sent its first return or been withdrawn.
    Laptops,
    /// Withdraw a laptop (its id, the start of it, or its name): its returns are refused.
    Withdraw { laptop: String },
    /// The laptops' recovery keys the hub holds in escrow (ids only).
    Escrow,
    /// Open a laptop's escrowed recovery key (recorded in the audit trail), to give to whoever
    /// must open that laptop's database when its passphrase is lost.
    RecoveryKey { laptop: String },
}

#[derive(Subcommand)]
enum ReturnAction {
    /// Write this department's return, sealed so only the hub can read it.
    Export {
        /// The return file to write (a new file: an existing one is never overwritten).
        #[arg(long)]
        out: PathBuf,
        /// Everything, whatever the hub has acknowledged: when the hub asks for it (it was
        /// restored from a backup and no longer has a return it acknowledged).
        #[arg(long)]
        full: bool,
    },
    /// Check and apply a department's return on the hub, or every return saved in a folder.
    Import {
        /// The return file the department sent, or a folder of them (each `.cofrestr` file).
        file: PathBuf,
        /// Say what it would do and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum PackAction {
    /// Write the hub's reference pack for every department (the hub only).
    Export {
        /// The pack file to write (a new file: an existing one is never overwritten).
        #[arg(long)]
        out: PathBuf,
    },
    /// Check and apply the hub's reference pack on a department laptop.
    Import {
        /// The pack file the hub sent.
        file: PathBuf,
        /// Say what it would do and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum ConflictAction {
    /// Conflicts waiting for a decision (JSON).
    List,
    /// Both versions of one conflict, field by field (JSON).
    Show {
        /// The conflict's number, as `conflicts list` gives it.
        id: i64,
    },
    /// Decide one: keep the hub's version, take the department's, or take named fields from
    /// the department's (`--keep merged --take summary,status`).
    Decide {
        /// The conflict's number, as `conflicts list` gives it.
        id: i64,
        /// ours: the hub's version stands; theirs: the department's; merged: the hub's, with
        /// the fields named by --take from the department's.
        #[arg(long, value_parser = ["ours", "theirs", "merged"])]
        keep: String,
        /// With --keep merged: the fields to take from the department's version, by name.
        #[arg(long, value_delimiter = ',')]
        take: Vec<String>,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Reference packs: the hub's organisation, people, schedules and settings for departments.
    ReferencePack {
        #[command(subcommand)]
        action: PackAction,
    },
    /// Conflicts held on the hub when returns were merged.
    Conflicts {
        #[command(subcommand)]
        action: ConflictAction,
    },
    /// The hub: set it up.
    Hub {
        #[command(subcommand)]
        action: HubAction,
    },
    /// Join a department installation to the hub whose join file this is.
    Join { file: PathBuf },
    /// This build: version, build date, licence, where the data lives, this installation's id
    /// and role (when COFRESTR_PASSPHRASE unlocks the database), and with --licences the
    /// licences of everything shipped in it.
    About {
        /// Print the licence of every crate and font compiled into Cofrestr.
        #[arg(long)]
        licences: bool,
    },
    /// Departmental returns.
    Return {
        #[command(subcommand)]
        action: ReturnAction,
    },
    /// Create a new encrypted database.
    Init {
        #[arg(long)]
        council: String,
        /// Your name, as it will appear in the audit trail.
        #[arg(long)]
        user: Option<String>,
        #[arg(long, default_value = "Corporate and Customer Services")]
        department: String,
    },
    /// Fill an empty database with a synthetic council.
    Demo {
        #[arg(long, default_value = "small")]
        scale: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print a register.
    List {
        register: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Only records containing these words.
        #[arg(long)]
        search: Option<String>,
        /// One of the register's saved views, as the window offers them: all, open, overdue,
        /// soon (due within 30 days) or mine (naming the person this database was set up for).
        /// Open, overdue and soon are listed soonest due first.
        #[arg(long)]
        view: Option<String>,
    },
    /// Information assets whose oldest records are due for disposal, most overdue first.
    DisposalsDue {
        /// Look this many days ahead (overdue ones are always listed).
        #[arg(long, default_value_t = 90)]
        within: u64,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Add the starter retention classes the schedule lacks (by reference).
    RetentionTemplate,
    /// Write a report as a PDF.
    Report {
        #[command(subcommand)]
        kind: ReportKind,
    },
    /// Write a register to a CSV file or Excel workbook (by the name's ending: .csv, .xlsx).
    Export {
        register: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Add or update a register's records from a CSV file or Excel workbook. Nothing is
    /// written unless every row is good.
    Import {
        register: String,
        file: PathBuf,
        /// Check every row and say what would change, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// Match a column to a field: "Column heading=field_name" (empty field: leave it out).
        #[arg(long = "map", value_name = "HEADING=FIELD")]
        map: Vec<String>,
        /// People only: the file is the whole staff roster, so staff not in it have left.
        #[arg(long)]
        full_roster: bool,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// Integrity check, foreign-key check and audit verification.
    Check,
    /// Write an encrypted copy of the database.
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Replace the database with a backup (the current file is kept in the backups folder).
    Restore {
        from: PathBuf,
        /// Open the backup with its recovery key (COFRESTR_RECOVERY_KEY or a prompt) instead of a
        /// passphrase.
        #[arg(long)]
        recovery_key: bool,
    },
    /// Change the passphrase (the new one from COFRESTR_NEW_PASSPHRASE or a prompt).
    Passphrase,
    /// Forgotten the passphrase: open the database with its recovery key (COFRESTR_RECOVERY_KEY
    /// or a prompt) and set a new passphrase (COFRESTR_NEW_PASSPHRASE or a prompt).
    Recover,
    /// The recovery key: show a new one, confirm it is stored, print its sheet, replace it.
    RecoveryKey {
        #[command(subcommand)]
        action: RecoveryAction,
    },
    /// Print a statutory due date as YYYY-MM-DD: foi, eir, sar, foi-review, eir-review,
    /// complaint-ack.
    Deadline {
        clock: String,
        #[arg(long)]
        received: String,
        /// A permitted extension (FOI public interest, EIR reg 7, SAR two months, complex review).
        #[arg(long)]
        extended: bool,
        /// Calendar days the clock stood still (clarification, fees notice).
        #[arg(long, default_value_t = 0)]
        paused_days: u32,
    },
}

#[derive(Subcommand)]
enum RecoveryAction {
    /// Which recovery key opens the database, when it was made and confirmed, and its uses.
    Status,
    /// Show the recovery key waiting to be stored (a new database's, or one just made).
    Show,
    /// Confirm you stored the waiting recovery key by typing back one of its groups; it is then
    /// deleted from the database for good.
    Confirm {
        /// Which group (1 to 8), as `show` asks.
        #[arg(long)]
        group: usize,
        value: String,
    },
    /// Write the waiting recovery key's one-page sheet (PDF) to print and keep safe.
    Sheet {
        #[arg(long)]
        out: PathBuf,
    },
    /// Make a new recovery key; the old one stops opening the database (not its older backups).
    New,
}

#[derive(Subcommand)]
enum AuditAction {
    /// Check the hash chain and every record against it.
    Verify {
        /// An anchor a published IMG pack or SIRO report printed (ENTRIES:HASH): the trail must
        /// still hold that entry. May be given more than once.
        #[arg(long)]
        anchor: Vec<String>,
    },
    /// The exports recorded in the trail, newest first: what left the database, when, by whom.
    Exports {
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
    Csv,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang.parse::<Lang>().unwrap_or(Lang::En);
    match run(cli, lang) {
        Ok(()) => ExitCode::SUCCESS,
        // `cofrestr list ... | head` closing the pipe early is not an error.
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cofrestr: {}", e.message(Messages::for_lang(lang)));
            ExitCode::FAILURE
        }
    }
}

/// What reading a return did, in one sentence.
fn return_said(msgs: &Messages, r: &cofrestr::returns::ReturnReport) -> String {
    let id = if r.already {
        "cli-return-already"
    } else if r.applied {
        "cli-return-applied"
    } else {
        "cli-return-checked"
    };
    let args: Args = [
        ("seq", r.seq.to_string()),
        ("from", r.source_name.clone()),
        ("added", r.added.to_string()),
        ("changed", r.changed.to_string()),
        ("deleted", r.deleted.to_string()),
        ("unchanged", r.unchanged.to_string()),
        ("stale", r.stale.to_string()),
        ("conflicts", r.conflicts.len().to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let mut said = msgs.fmt(id, &args);
    if r.forked && !r.already {
        said = format!("{said}\n{}", msgs.get("return-forked"));
    }
    if r.recomputed > 0 && !r.already {
        said =
            format!("{said}\n{}", msgs.fmt("cli-return-recomputed", &vec![("count".into(), r.recomputed.to_string())]));
    }
    said
}

fn say(lang: Lang, id: &str, args: &[(&str, String)]) {
    let args: Args = args.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    println!("{}", Messages::for_lang(lang).fmt(id, &args));
}

fn passphrase(lang: Lang, env: &str, prompt_id: &str) -> Result<Zeroizing<String>> {
    if let Ok(p) = std::env::var(env) {
        return Ok(Zeroizing::new(p));
    }
    if std::io::stdin().is_terminal() {
        let prompt = format!("{} ", Messages::for_lang(lang).get(prompt_id));
        return Ok(Zeroizing::new(rpassword::prompt_password(prompt)?));
    }
    Err(Error::bad_input("err-no-passphrase"))
}

fn open(cli_db: &Option<PathBuf>, lang: Lang) -> Result<Session> {
    let path = cli_db.clone().unwrap_or_else(cofrestr::paths::default_db);
    let p = passphrase(lang, "COFRESTR_PASSPHRASE", "cli-passphrase-prompt")?;
    let s = Session::unlock(&path, &p, Utc::now())?;
    // A person at a terminal is reminded at every command; a script's output stays as it was.
    if std::io::stderr().is_terminal() && s.pending_recovery_key()?.is_some() {
        eprintln!("cofrestr: {}", Messages::for_lang(lang).get("cli-recovery-waiting"));
    }
    Ok(s)
}

/// Prints a recovery key to be stored, and which group `confirm` will ask for.
fn show_recovery(lang: Lang, key: &cofrestr::keys::RecoveryKey) -> usize {
    let group = cofrestr::keys::confirm_group(key);
    say(lang, "cli-recovery-key", &[("id", key.id()), ("key", key.as_str().to_string())]);
    say(lang, "cli-recovery-how", &[("group", group.to_string())]);
    group
}

/// Asks for the group at the terminal until it is right; without a terminal, says how to
/// confirm later.
fn confirm_at_terminal(
    lang: Lang,
    s: &mut Session,
    key: &cofrestr::keys::RecoveryKey,
    now: chrono::DateTime<Utc>,
) -> Result<()> {
    let group = cofrestr::keys::confirm_group(key);
    if !std::io::stdin().is_terminal() {
        return Ok(());
    }
    let msgs = Messages::for_lang(lang);
    loop {
        print!("{} ", msgs.fmt("cli-recovery-type-group", &vec![("group".into(), group.to_string())]));
        std::io::stdout().flush()?;
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line)? == 0 {
            return Ok(());
        }
        match s.confirm_recovery_key(group, line.trim(), now) {
            Ok(()) => {
                say(lang, "cli-recovery-confirmed", &[]);
                return Ok(());
            }
            Err(e) => eprintln!("cofrestr: {}", e.message(msgs)),
        }
    }
}

fn run(cli: Cli, lang: Lang) -> Result<()> {
    // The face reads the clock; the core is told the time.
    let now = Utc::now();
    let today = cofrestr::time::london_date(now);
    match &cli.command {
        Command::About { licences } => {
            if *licences {
                print!("{}", cofrestr::about::notices_text(lang));
                return Ok(());
            }
            let path = cli.db.clone().unwrap_or_else(cofrestr::paths::default_db);
            // The id and role are inside the encrypted file: shown only when it opens, and
            // never by prompting (About must work without the passphrase).
            let session = match std::env::var("COFRESTR_PASSPHRASE") {
                Ok(p) if path.exists() => Some(Session::open(&path, &p)?),
                _ => None,
            };
            let inst = session.as_ref().map(|s| s.installation());
            let a = cofrestr::about::about(&path, inst.map(|i| (i.id.as_str(), i.role.as_str())), lang);
            say(
                lang,
                "cli-about-version",
                &[
                    ("version", a.version.clone()),
                    ("date", a.build_date_long.clone()),
                    ("platform", a.platform.clone()),
                ],
            );
            say(lang, "cli-about-licence", &[("licence", a.licence.clone())]);
            say(lang, "cli-about-database", &[("path", a.database.clone())]);
            say(lang, "cli-about-backups", &[("path", a.backups.clone())]);
            say(lang, "cli-about-data-folder", &[("path", a.data_folder.clone())]);
            match (&a.installation, &a.role_label) {
                (Some(id), Some(role)) => {
                    say(lang, "cli-about-installation", &[("id", id.clone()), ("role", role.clone())])
                }
                _ => say(lang, "cli-about-locked", &[]),
            }
            return Ok(());
        }
        Command::Deadline { clock, received, extended, paused_days } => {
            // Needs no database: the statutory rules and the shipped bank holidays.
            let clock: cofrestr::deadlines::Clock = clock.parse()?;
            let received = cofrestr::register::parse_date(received)
                .ok_or_else(|| Error::bad_input_with("err-date", &[("value", received)]))?;
            let input = cofrestr::deadlines::ClockInput {
                received: Some(received),
                extended: *extended,
                paused_days: *paused_days,
                ..Default::default()
            };
            let due = cofrestr::deadlines::due(clock, &input, cofrestr::deadlines::Calendar::shipped())
                .expect("a received date gives a due date");
            if due.beyond_known_holidays {
                let args: Args =
                    vec![("year".into(), cofrestr::deadlines::Calendar::shipped().last_known_year().to_string())];
                eprintln!("cofrestr: {}", Messages::for_lang(lang).fmt("warn-beyond-holidays", &args));
            }
            println!("{}", due.date);
        }
        Command::Init { council, user, department } => {
            let path = cli.db.clone().unwrap_or_else(cofrestr::paths::default_db);
            let p = passphrase(lang, "COFRESTR_PASSPHRASE", "cli-passphrase-prompt")?;
            let repeat = match std::env::var("COFRESTR_PASSPHRASE") {
                Ok(_) => p.clone(),
                Err(_) => passphrase(lang, "COFRESTR_PASSPHRASE_REPEAT", "cli-passphrase-repeat")?,
            };
            let user = user
                .clone()
                .or_else(|| std::env::var("USERNAME").ok())
                .or_else(|| std::env::var("USER").ok())
                .unwrap_or_else(|| "Administrator".into());
            let new = NewDatabase { council: council.clone(), user_name: user, department: department.clone() };
            let mut s = Session::create(&path, &p, &repeat, &new, now)?;
            say(lang, "cli-created", &[("path", path.display().to_string())]);
            if let Some(key) = s.pending_recovery_key()? {
                show_recovery(lang, &key);
                confirm_at_terminal(lang, &mut s, &key, now)?;
            }
        }
        Command::Demo { scale, seed } => {
            let mut s = open(&cli.db, lang)?;
            let summary = demo::fill(&mut s, scale.parse()?, *seed, now)?;
            say(
                lang,
                "cli-demo-done",
                &[
                    ("departments", summary.departments.to_string()),
                    ("people", summary.people.to_string()),
                    ("roles", summary.roles.to_string()),
                    ("assets", summary.assets.to_string()),
                    ("requests", summary.requests.to_string()),
                    ("breaches", summary.breaches.to_string()),
                    ("risks", summary.risks.to_string()),
                    ("actions", summary.actions.to_string()),
                    ("policies", summary.policies.to_string()),
                    ("publication", summary.publication.to_string()),
                    ("sharing", summary.sharing.to_string()),
                    ("disposals", summary.disposals.to_string()),
                ],
            );
        }
        Command::List { register, format, search, view } => {
            let def = Session::register(register)?;
            let mut s = open(&cli.db, lang)?;
            let rows = if search.is_some() || view.is_some() {
                let mut query =
                    ListQuery { search: search.clone(), limit: Some(1000), lang, plain: true, ..Default::default() };
                if let Some(v) = view {
                    query.filters.insert("view".into(), v.clone());
                    if v != "all" && cofrestr::registers::views::spec(def).due.is_some() {
                        query.sort = Some("due".into());
                    }
                }
                let mut rows = Vec::new();
                loop {
                    let page = s.list_at(register, &query, now)?;
                    let n = page.rows.len();
                    rows.extend(page.rows);
                    if n == 0 || rows.len() >= page.total {
                        break rows;
                    }
                    query.offset = rows.len();
                }
            } else {
                s.all_in(register, lang)?
            };
            // Written whole first: a register in CSV or JSON is recorded as leaving the database
            // before it is printed.
            let mut out: Vec<u8> = Vec::new();
            match format {
                Format::Json => {
                    let items: Vec<BTreeMap<String, serde_json::Value>> = rows
                        .iter()
                        .map(|r| {
                            let mut m: BTreeMap<String, serde_json::Value> = r
                                .fields
                                .iter()
                                .map(|(k, v)| (k.clone(), serde_json::to_value(v).expect("value")))
                                .collect();
                            m.insert("id".into(), r.id.to_string().into());
                            m.insert("revision".into(), r.revision.into());
                            m.insert("created_at".into(), r.created_at.clone().into());
                            m.insert("updated_at".into(), r.updated_at.clone().into());
                            m
                        })
                        .collect();
                    serde_json::to_writer_pretty(&mut out, &items).map_err(|e| Error::Io(e.into()))?;
                    writeln!(out)?;
                }
                Format::Csv => {
                    let (bytes, _) = s.export(register, cofrestr::transfer::Format::Csv, lang, &mut |_| {})?;
                    out.write_all(bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes))?;
                }
                Format::Table => {
                    let cols: Vec<_> = def.fields.iter().filter(|f| f.in_table).collect();
                    let msgs = Messages::for_lang(lang);
                    let wording = s.wording()?;
                    let mut table: Vec<Vec<String>> =
                        vec![cols.iter().map(|f| msgs.get(&def.label_id(f.name))).collect()];
                    for r in &rows {
                        table.push(
                            cols.iter()
                                .map(|f| {
                                    cofrestr::register::store::display_value(r, f, lang, &wording)
                                        .chars()
                                        .take(40)
                                        .collect()
                                })
                                .collect(),
                        );
                    }
                    let widths: Vec<usize> = (0..cols.len())
                        .map(|i| table.iter().map(|row| row[i].chars().count()).max().unwrap_or(0))
                        .collect();
                    for row in &table {
                        let line: Vec<String> =
                            row.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}", w = *w)).collect();
                        writeln!(out, "{}", line.join("  ").trim_end())?;
                    }
                }
            }
            match format {
                Format::Json => s.record_printed(register, "json", rows.len(), &out, now)?,
                Format::Csv => s.record_printed(register, "csv", rows.len(), &out, now)?,
                Format::Table => {}
            }
            std::io::stdout().lock().write_all(&out)?;
        }
        Command::DisposalsDue { within, format } => {
            let s = open(&cli.db, lang)?;
            let due = s.due_for_disposal(today, *within, lang)?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match format {
                Format::Json => {
                    serde_json::to_writer_pretty(&mut out, &due).map_err(|e| Error::Io(e.into()))?;
                    writeln!(out)?;
                }
                Format::Table | Format::Csv => {
                    for d in &due {
                        writeln!(out, "{}\t{}", d.due, d.message)?;
                    }
                }
            }
        }
        Command::Report { kind: ReportKind::Pack { quarter, out, marking, meeting, version } } => {
            let opts = cofrestr::reports::PackOptions::parse(quarter, lang, marking, meeting.as_deref(), version)?;
            let mut s = open(&cli.db, lang)?;
            s.write_img_pack(&opts, out, now, &mut |_| {})?;
            say(
                lang,
                "cli-report-written",
                &[("path", out.display().to_string()), ("bytes", std::fs::metadata(out)?.len().to_string())],
            );
        }
        Command::Report { kind: ReportKind::Annual { year, out, marking } } => {
            let opts = cofrestr::reports::annual::AnnualOptions::parse(year, lang, marking)?;
            let mut s = open(&cli.db, lang)?;
            s.write_annual(&opts, out, now, &mut |_| {})?;
            say(
                lang,
                "cli-report-written",
                &[("path", out.display().to_string()), ("bytes", std::fs::metadata(out)?.len().to_string())],
            );
        }
        Command::Report { kind: ReportKind::List { register, out, marking, details, search, filters, sort } } => {
            let mut opts = cofrestr::reports::list::ListOptions {
                lang,
                marking: Some(marking.parse()?),
                details: *details,
                search: search.clone(),
                sort: sort.clone(),
                ..Default::default()
            };
            for f in filters {
                let (field, value) =
                    f.split_once('=').ok_or_else(|| Error::bad_input_with("err-cli-filter", &[("value", f)]))?;
                opts.filters.insert(field.trim().to_string(), value.trim().to_string());
            }
            let mut s = open(&cli.db, lang)?;
            let count = s.write_list(register, &opts, out, now, &mut |_| {})?;
            say(lang, "cli-exported", &[("path", out.display().to_string()), ("count", count.to_string())]);
        }
        Command::Hub { action: HubAction::Init } => {
            let mut s = open(&cli.db, lang)?;
            s.hub_init(now)?;
            say(lang, "cli-hub-ready", &[]);
        }
        Command::Hub { action: HubAction::AddLaptop { name, out, replaces } } => {
            let mut s = open(&cli.db, lang)?;
            let replaces = replaces.as_deref().map(|r| s.find_replaceable(r)).transpose()?;
            s.write_join_file(name, replaces.as_deref(), out, now)?;
            say(lang, "cli-laptop-added", &[("name", name.trim().to_string()), ("path", out.display().to_string())]);
        }
        Command::Hub { action: HubAction::Laptops } => {
            let s = open(&cli.db, lang)?;
            let laptops = s.laptops()?;
            if laptops.is_empty() {
                say(lang, "cli-no-laptops", &[]);
            }
            let msgs = Messages::for_lang(lang);
            for l in laptops {
                let state = msgs.get(&format!("laptop-state-{}", l.state));
                say(
                    lang,
                    "cli-laptop-line",
                    &[("id", l.id), ("name", l.name), ("state", state), ("added", l.added), ("by", l.added_by)],
                );
            }
        }
        Command::Hub { action: HubAction::Withdraw { laptop } } => {
            let mut s = open(&cli.db, lang)?;
            let name = s.withdraw_laptop(laptop, now)?;
            say(lang, "cli-laptop-withdrawn", &[("name", name)]);
        }
        Command::Hub { action: HubAction::Escrow } => {
            let s = open(&cli.db, lang)?;
            let rows = s.escrowed_keys()?;
            if rows.is_empty() {
                say(lang, "cli-escrow-none", &[]);
            }
            for e in rows {
                say(
                    lang,
                    "cli-escrow-row",
                    &[
                        ("laptop", e.laptop),
                        ("id", e.key_id),
                        ("received", e.received),
                        ("seq", e.return_seq.to_string()),
                    ],
                );
            }
        }
        Command::Hub { action: HubAction::RecoveryKey { laptop } } => {
            let mut s = open(&cli.db, lang)?;
            let (key, entry) = s.open_escrow(laptop, now)?;
            say(
                lang,
                "cli-escrow-opened",
                &[("laptop", entry.laptop), ("id", key.id()), ("key", key.as_str().to_string())],
            );
        }
        Command::Join { file } => {
            let mut s = open(&cli.db, lang)?;
            let council = s.join(&cofrestr::returns::read_join(file)?, now)?;
            say(lang, "cli-joined", &[("council", council)]);
        }
        Command::Return { action: ReturnAction::Export { out, full } } => {
            let mut s = open(&cli.db, lang)?;
            let w = s.write_return_with(out, now, *full, &mut |_| {})?;
            say(
                lang,
                "cli-return-written",
                &[
                    ("seq", w.seq.to_string()),
                    ("records", w.records.to_string()),
                    ("deletions", w.deletions.to_string()),
                    ("path", out.display().to_string()),
                ],
            );
        }
        Command::Return { action: ReturnAction::Import { file, dry_run } } if file.is_dir() => {
            let mut s = open(&cli.db, lang)?;
            let folder = s.import_returns_in(file, now, !dry_run, lang, &mut |_| {})?;
            let msgs = Messages::for_lang(lang);
            for f in &folder.files {
                let said = match (&f.report, &f.error) {
                    (Some(r), _) => return_said(msgs, r),
                    (None, error) => error.clone().unwrap_or_default(),
                };
                println!(
                    "{}",
                    msgs.fmt("cli-return-file", &vec![("file".into(), f.file.clone()), ("said".into(), said)])
                );
            }
            if folder.refused > 0 {
                return Err(Error::bad_input_with("err-returns-refused", &[("count", &folder.refused.to_string())]));
            }
        }
        Command::Return { action: ReturnAction::Import { file, dry_run } } => {
            let mut s = open(&cli.db, lang)?;
            let r = s.import_return(&cofrestr::returns::read_sealed(file)?, now, !dry_run)?;
            println!("{}", return_said(Messages::for_lang(lang), &r));
        }
        Command::ReferencePack { action: PackAction::Export { out } } => {
            let mut s = open(&cli.db, lang)?;
            let w = s.write_pack(out, now)?;
            say(
                lang,
                "cli-pack-written",
                &[
                    ("seq", w.seq.to_string()),
                    ("records", w.records.to_string()),
                    ("departments", w.departments.to_string()),
                    ("path", out.display().to_string()),
                ],
            );
        }
        Command::ReferencePack { action: PackAction::Import { file, dry_run } } => {
            let mut s = open(&cli.db, lang)?;
            let r = s.import_pack(&cofrestr::returns::read_sealed(file)?, now, !dry_run)?;
            let id = if r.already {
                "cli-pack-already"
            } else if r.applied {
                "cli-pack-applied"
            } else {
                "cli-pack-checked"
            };
            say(
                lang,
                id,
                &[
                    ("seq", r.seq.to_string()),
                    ("council", r.council.clone()),
                    ("added", r.added.to_string()),
                    ("changed", r.changed.to_string()),
                    ("deleted", r.deleted.to_string()),
                    ("matched", r.matched.to_string()),
                    ("kept", r.kept_in_use.to_string()),
                    ("decided", r.decided.to_string()),
                    ("acknowledged", r.acknowledged.to_string()),
                ],
            );
        }
        Command::Conflicts { action } => {
            let mut s = open(&cli.db, lang)?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            match action {
                ConflictAction::List => {
                    serde_json::to_writer_pretty(&mut out, &s.conflicts(lang)?).map_err(|e| Error::Io(e.into()))?;
                    writeln!(out)?;
                }
                ConflictAction::Show { id } => {
                    serde_json::to_writer_pretty(&mut out, &s.conflict(*id, lang)?).map_err(|e| Error::Io(e.into()))?;
                    writeln!(out)?;
                }
                ConflictAction::Decide { id, keep, take } => {
                    use cofrestr::returns::conflicts::Decision;
                    let decision = match keep.as_str() {
                        "ours" => Decision::Ours,
                        "theirs" => Decision::Theirs,
                        _ => Decision::Merged(take.iter().map(|f| (f.clone(), "theirs".to_string())).collect()),
                    };
                    s.resolve_conflict(*id, &decision, now)?;
                    drop(out);
                    say(lang, "cli-conflict-decided", &[("id", id.to_string())]);
                }
            }
        }
        Command::RetentionTemplate => {
            let mut s = open(&cli.db, lang)?;
            let added = s.load_starter("retention", now)?;
            say(lang, "cli-template-added", &[("count", added.to_string())]);
        }
        Command::Export { register, out } => {
            let mut s = open(&cli.db, lang)?;
            let n = s.write_export(register, out, lang, now, &mut |_| {})?;
            say(lang, "cli-exported", &[("count", n.to_string()), ("path", out.display().to_string())]);
        }
        Command::Import { register, file, dry_run, map, full_roster } => {
            let mut s = open(&cli.db, lang)?;
            let sheet = cofrestr::transfer::read_file(file)?;
            let mut opts = cofrestr::transfer::ImportOptions { full_roster: *full_roster, ..Default::default() };
            for m in map {
                let (heading, field) =
                    m.rsplit_once('=').ok_or_else(|| Error::bad_input_with("err-cli-map", &[("value", m)]))?;
                opts.mapping.insert(heading.trim().to_string(), field.trim().to_string());
            }
            let report = s.import(register, &sheet, &opts, !dry_run, now, lang, &mut |_| {})?;
            let msgs = Messages::for_lang(lang);
            let mut out = std::io::stdout().lock();
            for e in &report.errors {
                let args: Args = [
                    ("line".to_string(), e.line.to_string()),
                    ("column".to_string(), e.column.clone().unwrap_or_default()),
                ]
                .into();
                let place =
                    msgs.fmt(if e.column.is_some() { "cli-import-where-column" } else { "cli-import-where" }, &args);
                writeln!(out, "{place}: {}", e.message)?;
            }
            let id = if report.applied {
                "cli-import-applied"
            } else if report.error_count > 0 {
                "cli-import-refused"
            } else {
                "cli-import-dry-run"
            };
            writeln!(out, "{}", msgs.fmt(id, &report.counts()))?;
            drop(out);
            if report.error_count > 0 {
                return Err(Error::bad_input_with("err-import-rows", &[("count", &report.error_count.to_string())]));
            }
        }
        Command::Audit { action: AuditAction::Verify { anchor } } => {
            let anchors = anchor.iter().map(|a| cofrestr::audit::Anchor::parse(a)).collect::<Result<Vec<_>>>()?;
            let s = open(&cli.db, lang)?;
            let report = s.verify_audit_with(&anchors)?;
            match report.problem {
                None => {
                    say(
                        lang,
                        "cli-audit-ok",
                        &[("entries", report.entries.to_string()), ("records", report.records.to_string())],
                    );
                    if !anchors.is_empty() {
                        say(lang, "cli-audit-anchor-ok", &[("anchors", anchors.len().to_string())]);
                    }
                }
                Some(p) => {
                    return Err(Error::AuditBroken { seq: p.seq.unwrap_or(0), reason: p.message(lang) });
                }
            }
        }
        Command::Audit { action: AuditAction::Exports { limit } } => {
            let s = open(&cli.db, lang)?;
            let none = Messages::for_lang(lang).get("export-records-none");
            for e in s.exports(lang, *limit)? {
                let records = e.records.map(|n| n.to_string()).unwrap_or_else(|| none.clone());
                say(
                    lang,
                    "cli-export-line",
                    &[
                        ("at", e.at),
                        ("actor", e.actor),
                        ("what", e.what),
                        ("format", e.format),
                        ("records", records),
                        ("place", e.place),
                    ],
                );
            }
        }
        Command::Check => {
            let s = open(&cli.db, lang)?;
            let report = s.check()?;
            for i in &report.integrity {
                say(lang, "cli-integrity-problem", &[("detail", i.clone())]);
            }
            for f in &report.foreign_keys {
                say(lang, "cli-fk-problem", &[("detail", f.clone())]);
            }
            if let Some(p) = &report.audit.problem {
                return Err(Error::AuditBroken { seq: p.seq.unwrap_or(0), reason: p.message(lang) });
            }
            if !report.ok() {
                return Err(Error::bad_input("err-check-failed"));
            }
            say(lang, "cli-check-ok", &[]);
        }
        Command::Backup { out } => {
            let s = open(&cli.db, lang)?;
            s.backup(out)?;
            say(lang, "cli-backup-done", &[("path", out.display().to_string())]);
        }
        Command::Restore { from, recovery_key } => {
            let path = cli.db.clone().unwrap_or_else(cofrestr::paths::default_db);
            let restored = if *recovery_key {
                let typed = passphrase(lang, "COFRESTR_RECOVERY_KEY", "cli-recovery-prompt")?;
                let key = cofrestr::keys::RecoveryKey::parse(&typed)?;
                Session::restore(&path, from, cofrestr::store::Secret::Recovery(&key), now)?
            } else {
                let p = passphrase(lang, "COFRESTR_PASSPHRASE", "cli-passphrase-prompt")?;
                Session::restore(&path, from, cofrestr::store::Secret::Passphrase(&p), now)?
            };
            say(lang, "cli-restored", &[("path", path.display().to_string()), ("from", from.display().to_string())]);
            if restored == cofrestr::store::Restored::NeedsRecoveryKey {
                say(lang, "cli-restored-recover", &[]);
            }
        }
        Command::Recover => {
            let path = cli.db.clone().unwrap_or_else(cofrestr::paths::default_db);
            let typed = passphrase(lang, "COFRESTR_RECOVERY_KEY", "cli-recovery-prompt")?;
            // The key is checked before a new passphrase is asked for.
            cofrestr::keys::RecoveryKey::parse(&typed)?;
            let new = passphrase(lang, "COFRESTR_NEW_PASSPHRASE", "cli-passphrase-new")?;
            let repeat = match std::env::var("COFRESTR_NEW_PASSPHRASE") {
                Ok(_) => new.clone(),
                Err(_) => passphrase(lang, "COFRESTR_NEW_PASSPHRASE_REPEAT", "cli-passphrase-repeat")?,
            };
            let s = Session::recover(&path, &typed, &new, &repeat, now)?;
            let id = s.recovery_status(lang)?.id.unwrap_or_default();
            say(lang, "cli-recovered", &[("id", id)]);
        }
        Command::RecoveryKey { action } => {
            let mut s = open(&cli.db, lang)?;
            match action {
                RecoveryAction::Status => {
                    let st = s.recovery_status(lang)?;
                    let none = Messages::for_lang(lang).get("recovery-none");
                    say(
                        lang,
                        "cli-recovery-status",
                        &[
                            ("id", st.id.clone().unwrap_or_else(|| none.clone())),
                            ("made", st.made.clone().unwrap_or_else(|| none.clone())),
                            ("confirmed", st.confirmed.clone().unwrap_or_else(|| none.clone())),
                        ],
                    );
                    for e in &st.events {
                        println!("{}  {}  {}", e.at, e.actor, e.said);
                    }
                }
                RecoveryAction::Show => match s.pending_recovery_key()? {
                    Some(key) => {
                        show_recovery(lang, &key);
                        confirm_at_terminal(lang, &mut s, &key, now)?;
                    }
                    None => say(lang, "cli-recovery-none-waiting", &[]),
                },
                RecoveryAction::Confirm { group, value } => {
                    s.confirm_recovery_key(*group, value, now)?;
                    say(lang, "cli-recovery-confirmed", &[]);
                }
                RecoveryAction::Sheet { out } => {
                    s.write_recovery_sheet(out, lang, now)?;
                    say(lang, "cli-recovery-sheet", &[("path", out.display().to_string())]);
                }
                RecoveryAction::New => {
                    let p = passphrase(lang, "COFRESTR_PASSPHRASE", "cli-passphrase-prompt")?;
                    let key = s.new_recovery_key(&p, now)?;
                    show_recovery(lang, &key);
                    confirm_at_terminal(lang, &mut s, &key, now)?;
                }
            }
        }
        Command::Passphrase => {
            let path = cli.db.clone().unwrap_or_else(cofrestr::paths::default_db);
            let current = passphrase(lang, "COFRESTR_PASSPHRASE", "cli-passphrase-prompt")?;
            let new = passphrase(lang, "COFRESTR_NEW_PASSPHRASE", "cli-passphrase-new")?;
            let repeat = match std::env::var("COFRESTR_NEW_PASSPHRASE") {
                Ok(_) => new.clone(),
                Err(_) => passphrase(lang, "COFRESTR_NEW_PASSPHRASE_REPEAT", "cli-passphrase-repeat")?,
            };
            let mut s = Session::unlock(&path, &current, now)?;
            s.change_passphrase(&current, &new, &repeat, now)?;
            say(lang, "cli-passphrase-changed", &[]);
        }
    }
    Ok(())
}
