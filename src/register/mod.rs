//! One shape for every register.
//!
//! A register is a table with typed columns plus a static [`RegisterDef`] that describes each
//! field: its column, kind, whether it is required, unique, shown in the table, filterable,
//! searchable or computed. The window's table and form, the filters and search, the CSV
//! export, validation and the audit trail are all generic over that description, so adding a
//! register means one module in `src/registers/`, one migration and its translations.
//!
//! Architecture invariant: the description is the only place a register's fields are listed.
//! SQL column names come from these static descriptions, never from user input.
//!
//! Values travel as [`Value`]: dates as `YYYY-MM-DD`, instants as RFC 3339 in UTC, lists
//! (multiple choice, several people) as JSON arrays in a TEXT column that the SQL can still
//! query with `json_each`.

pub mod store;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::FieldError;
use crate::i18n::{Lang, Messages};
use crate::reference;

/// What kind of value a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "kebab-case")]
pub enum FieldKind {
    Text,
    LongText,
    Email,
    Date,
    Instant,
    /// A whole number within an inclusive range.
    Number {
        min: i64,
        max: i64,
    },
    YesNo,
    /// One value from a reference list in `assets/reference/choices.json`.
    Choice(&'static str),
    /// Any number of values from a reference list.
    MultiChoice(&'static str),
    /// A record of another register (by name), e.g. `Ref("people")`.
    Ref(&'static str),
    /// Several records of another register.
    RefMany(&'static str),
}

impl FieldKind {
    pub fn is_list(self) -> bool {
        matches!(self, FieldKind::MultiChoice(_) | FieldKind::RefMany(_))
    }
}

/// The description of one field.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FieldDef {
    /// Field and column name.
    pub name: &'static str,
    #[serde(flatten)]
    pub kind: FieldKind,
    pub required: bool,
    /// No two live records may share a value (case-insensitive for text).
    pub unique: bool,
    /// Shown as a column in the register's table.
    pub in_table: bool,
    /// Offered as a filter in the register's table.
    pub filterable: bool,
    /// Its text goes into the free-text search index.
    pub searchable: bool,
    /// Worked out by the register's `compute` hook; never typed by a person.
    pub computed: bool,
    /// Maximum length in characters for text kinds.
    pub max_len: usize,
    /// What a new record starts with, as the form would send it.
    pub default: Option<&'static str>,
}

const fn field(name: &'static str, kind: FieldKind) -> FieldDef {
    FieldDef {
        name,
        kind,
        required: false,
        unique: false,
        in_table: false,
        filterable: false,
        searchable: false,
        computed: false,
        max_len: 200,
        default: None,
    }
}

pub const fn text(name: &'static str) -> FieldDef {
    field(name, FieldKind::Text)
}
pub const fn long_text(name: &'static str) -> FieldDef {
    let mut f = field(name, FieldKind::LongText);
    f.max_len = 10_000;
    f
}
pub const fn email(name: &'static str) -> FieldDef {
    field(name, FieldKind::Email)
}
pub const fn date(name: &'static str) -> FieldDef {
    field(name, FieldKind::Date)
}
pub const fn instant(name: &'static str) -> FieldDef {
    field(name, FieldKind::Instant)
}
pub const fn number(name: &'static str, min: i64, max: i64) -> FieldDef {
    field(name, FieldKind::Number { min, max })
}
pub const fn yes_no(name: &'static str) -> FieldDef {
    field(name, FieldKind::YesNo)
}
pub const fn choice(name: &'static str, list: &'static str) -> FieldDef {
    field(name, FieldKind::Choice(list))
}
pub const fn multi_choice(name: &'static str, list: &'static str) -> FieldDef {
    field(name, FieldKind::MultiChoice(list))
}
pub const fn reference(name: &'static str, register: &'static str) -> FieldDef {
    field(name, FieldKind::Ref(register))
}
pub const fn references(name: &'static str, register: &'static str) -> FieldDef {
    field(name, FieldKind::RefMany(register))
}

impl FieldDef {
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub const fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
    pub const fn in_table(mut self) -> Self {
        self.in_table = true;
        self
    }
    pub const fn filterable(mut self) -> Self {
        self.filterable = true;
        self
    }
    pub const fn searchable(mut self) -> Self {
        self.searchable = true;
        self
    }
    pub const fn default_value(mut self, v: &'static str) -> Self {
        self.default = Some(v);
        self
    }
    pub const fn computed(mut self) -> Self {
        self.computed = true;
        self
    }
}

/// What a register's hooks may look at besides the record itself.
pub struct Context<'a> {
    pub conn: &'a rusqlite::Connection,
    pub today: NaiveDate,
    /// The record being changed; `None` for a new one.
    pub record: Option<Uuid>,
    /// The council's settings (a rule that depends on them, e.g. the breach scheme, reads
    /// them here, never from the database).
    pub settings: &'a SettingsOnce<'a>,
}

/// The council's settings for a register's hooks, read the first time a hook asks (most
/// registers never do, so a bulk import or a return merged pays nothing for them).
///
/// Hooks cannot fail; if the stored settings cannot be read, a hook is given the defaults and
/// [`SettingsOnce::check`] then fails the write, so nothing is kept that rules worked out
/// from settings the council never chose.
pub struct SettingsOnce<'a> {
    conn: Option<&'a rusqlite::Connection>,
    loaded: std::cell::OnceCell<Option<crate::settings::Settings>>,
}

static DEFAULT_SETTINGS: std::sync::LazyLock<crate::settings::Settings> =
    std::sync::LazyLock::new(crate::settings::Settings::default);

impl<'a> SettingsOnce<'a> {
    /// Read from `conn` when first asked.
    pub fn from(conn: &'a rusqlite::Connection) -> Self {
        SettingsOnce { conn: Some(conn), loaded: std::cell::OnceCell::new() }
    }

    /// Already read.
    pub fn given(settings: crate::settings::Settings) -> Self {
        SettingsOnce { conn: None, loaded: std::cell::OnceCell::from(Some(settings)) }
    }

    pub fn get(&self) -> &crate::settings::Settings {
        let loaded = self.loaded.get_or_init(|| self.conn.and_then(|c| crate::settings::load(c).ok()));
        loaded.as_ref().unwrap_or(&DEFAULT_SETTINGS)
    }

    /// An error if a hook asked for settings that could not be read.
    pub fn check(&self) -> crate::Result<()> {
        match (self.loaded.get(), self.conn) {
            (Some(None), Some(conn)) => crate::settings::load(conn).map(|_| ()),
            _ => Ok(()),
        }
    }
}

/// Runs after a record of the register is written (created, changed or deleted), in the same
/// transaction, with the record's fields (before deletion, for a delete).
pub type AfterWrite = fn(&rusqlite::Connection, &store::Actor, &Fields) -> crate::Result<()>;

/// The description of a register.
pub struct RegisterDef {
    /// Name used on the CLI, in IPC calls and in message ids (`register-<name>`).
    pub name: &'static str,
    pub table: &'static str,
    pub fields: &'static [FieldDef],
    /// The field that names a record to a person (e.g. an asset's name).
    pub title_field: &'static str,
    /// Its Welsh twin, used on Welsh screens when filled in (e.g. a department's Welsh name).
    pub title_field_cy: Option<&'static str>,
    pub default_sort: &'static str,
    /// The date by which the record must next be reviewed (or done), if the register has one.
    pub review_field: Option<&'static str>,
    /// How that date is read: whether a record with none is overdue (an asset never reviewed),
    /// and which records still count (SQL on alias `t`, e.g. not closed).
    pub review: ReviewRule,
    /// Cross-field rules, run after each field has parsed.
    pub validate: fn(&Fields, &Context) -> Vec<FieldError>,
    /// Fills the computed fields.
    pub compute: fn(&mut Fields, &Context),
    /// Keeps other registers in step (e.g. an action's RAG from its latest update).
    pub after_write: Option<AfterWrite>,
    /// False for registers whose records are evidence the law expects kept (the disposal log):
    /// they can be corrected, never deleted.
    pub deletable: bool,
    /// The fields that together pick out an existing record when a spreadsheet row carries no
    /// id (an action's update for a quarter). Empty: the register's unique fields, each on its
    /// own (a person's staff number, a request's reference).
    pub import_key: &'static [&'static str],
}

impl RegisterDef {
    pub fn field(&self, name: &str) -> Option<&'static FieldDef> {
        self.fields.iter().find(|f| f.name == name)
    }
    pub fn label_id(&self, field: &str) -> String {
        format!("field-{}-{}", self.name, field)
    }
    pub fn help_id(&self, field: &str) -> String {
        format!("help-{}-{}", self.name, field)
    }
}

/// See [`RegisterDef::review`].
#[derive(Debug, Clone, Copy)]
pub struct ReviewRule {
    pub missing_is_overdue: bool,
    /// The statuses in which a record still counts (e.g. a risk not closed); `None`: all do.
    pub active_statuses: Option<&'static [&'static str]>,
}

pub const REVIEW_ALL: ReviewRule = ReviewRule { missing_is_overdue: false, active_statuses: None };

impl ReviewRule {
    /// The rule as SQL on row alias `t`, if there is one.
    pub fn active_sql(&self) -> Option<String> {
        self.active_statuses.map(|list| {
            let quoted: Vec<String> = list.iter().map(|s| format!("'{s}'")).collect();
            format!("t.status IN ({})", quoted.join(", "))
        })
    }

    /// Whether a record with these fields still counts: the same rule as [`Self::active_sql`].
    pub fn is_active(&self, f: &Fields) -> bool {
        match self.active_statuses {
            None => true,
            Some(list) => f.get("status").and_then(Value::as_str).is_some_and(|s| list.contains(&s)),
        }
    }
}

pub fn no_rules(_: &Fields, _: &Context) -> Vec<FieldError> {
    vec![]
}
pub fn nothing_computed(_: &mut Fields, _: &Context) {}

/// A field's value. In JSON it is the plain value (null, true, 12, "text", ["a", "b"]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Text(String),
    List(Vec<String>),
}

/// Read by the JSON type in hand rather than by trying each variant in turn (what `untagged`
/// does, building an error for every miss): returns and reference packs hold hundreds of
/// thousands of values.
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Value;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("null, a yes/no, a whole number, text or a list of text")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
                Ok(Value::Null)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
                Value::deserialize(d)
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<Value, E> {
                Ok(Value::Bool(b))
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<Value, E> {
                Ok(Value::Int(n))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<Value, E> {
                i64::try_from(n)
                    .map(Value::Int)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(n), &self))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Value, E> {
                Ok(Value::Text(s.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Value, E> {
                Ok(Value::Text(s))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Value::List(out))
            }
        }
        d.deserialize_any(V)
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_date(&self) -> Option<NaiveDate> {
        self.as_str().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> bool {
        matches!(self, Value::Bool(true))
    }
    pub fn as_list(&self) -> &[String] {
        match self {
            Value::List(v) => v,
            _ => &[],
        }
    }
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Text(s) => s.is_empty(),
            Value::List(v) => v.is_empty(),
            _ => false,
        }
    }
    /// The value as it appears in a CSV cell or a search index.
    pub fn to_plain(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Value::Int(n) => n.to_string(),
            Value::Text(s) => s.clone(),
            Value::List(v) => v.join("; "),
        }
    }
}

pub type Fields = BTreeMap<String, Value>;

/// A stored record with its bookkeeping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub id: Uuid,
    pub revision: i64,
    pub created_at: String,
    pub updated_at: String,
    /// The installation that last changed it.
    pub changed_by: String,
    pub fields: Fields,
    /// Display labels for reference fields, e.g. `iao_id` → "Jane Hughes".
    pub labels: BTreeMap<String, String>,
}

impl Record {
    pub fn get(&self, field: &str) -> &Value {
        self.fields.get(field).unwrap_or(&Value::Null)
    }
}

/// Turns raw input (from a form, the CLI or a CSV row) into typed values, one error per bad
/// field. Unknown fields and computed fields are ignored; missing fields are `Null`.
pub fn parse_input(def: &RegisterDef, input: &BTreeMap<String, serde_json::Value>) -> (Fields, Vec<FieldError>) {
    let mut out = Fields::new();
    let mut errors = Vec::new();
    for f in def.fields {
        if f.computed {
            continue;
        }
        let raw = input.get(f.name).unwrap_or(&serde_json::Value::Null);
        match parse_value(f, raw) {
            Ok(v) => {
                out.insert(f.name.to_string(), v);
            }
            Err(e) => {
                errors.push(e);
                out.insert(f.name.to_string(), Value::Null);
            }
        }
    }
    (out, errors)
}

fn json_to_string(raw: &serde_json::Value) -> Option<String> {
    match raw {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

fn parse_list(raw: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = match raw {
        serde_json::Value::Array(items) => items.iter().filter_map(json_to_string).collect(),
        serde_json::Value::String(s) => s.split(';').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect(),
        _ => vec![],
    };
    v.dedup();
    v
}

/// Parses one field's raw input into a typed value.
pub fn parse_value(f: &FieldDef, raw: &serde_json::Value) -> Result<Value, FieldError> {
    if f.kind.is_list() {
        let items = parse_list(raw);
        if let FieldKind::MultiChoice(list) = f.kind {
            for it in &items {
                if !reference::is_choice(list, it) {
                    return Err(FieldError::new(f.name, "err-choice").with("value", it));
                }
            }
        }
        if let FieldKind::RefMany(_) = f.kind {
            for it in &items {
                if Uuid::parse_str(it).is_err() {
                    return Err(FieldError::new(f.name, "err-reference"));
                }
            }
        }
        if items.iter().any(|i| crate::text::has_control(i)) {
            return Err(FieldError::new(f.name, "err-control-character"));
        }
        return Ok(if items.is_empty() { Value::Null } else { Value::List(items) });
    }
    // A list or an object where one value belongs (a damaged file, a forged return) is
    // refused, not stored as its JSON text.
    if matches!(raw, serde_json::Value::Array(_) | serde_json::Value::Object(_)) {
        return Err(FieldError::new(f.name, "err-one-value"));
    }
    if f.kind == FieldKind::YesNo {
        return match raw {
            serde_json::Value::Bool(b) => Ok(Value::Bool(*b)),
            serde_json::Value::Null => Ok(Value::Bool(false)),
            _ => match json_to_string(raw).map(|s| s.to_lowercase()).as_deref() {
                None | Some("no" | "n" | "false" | "0" | "na" | "nac ydw" | "na ydy") => Ok(Value::Bool(false)),
                Some("yes" | "y" | "true" | "1" | "ie" | "ydy" | "oes") => Ok(Value::Bool(true)),
                Some(other) => Err(FieldError::new(f.name, "err-yes-no").with("value", other)),
            },
        };
    }
    let Some(s) = json_to_string(raw) else { return Ok(Value::Null) };
    // NUL and the other control characters never belong in a register (tab and new lines do).
    if crate::text::has_control(&s) {
        return Err(FieldError::new(f.name, "err-control-character"));
    }
    match f.kind {
        FieldKind::Text | FieldKind::LongText => {
            if s.chars().count() > f.max_len {
                return Err(FieldError::new(f.name, "err-too-long").with("max", f.max_len));
            }
            Ok(Value::Text(s))
        }
        FieldKind::Email => {
            let ok = s.len() <= 254
                && s.split_once('@')
                    .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.') && !d.ends_with('.'))
                && !s.contains(char::is_whitespace);
            if ok {
                Ok(Value::Text(s))
            } else {
                Err(FieldError::new(f.name, "err-email"))
            }
        }
        FieldKind::Date => parse_date(&s)
            .map(|d| Value::Text(d.format("%Y-%m-%d").to_string()))
            .ok_or_else(|| FieldError::new(f.name, "err-date").with("value", &s)),
        FieldKind::Instant => parse_instant(&s)
            .map(|t| Value::Text(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
            .ok_or_else(|| FieldError::new(f.name, "err-instant").with("value", &s)),
        FieldKind::Number { min, max } => match s.parse::<i64>() {
            Ok(n) if n >= min && n <= max => Ok(Value::Int(n)),
            Ok(_) => Err(FieldError::new(f.name, "err-range").with("min", min).with("max", max)),
            Err(_) => Err(FieldError::new(f.name, "err-number").with("value", &s)),
        },
        FieldKind::Choice(list) => {
            if reference::is_choice(list, &s) {
                Ok(Value::Text(s))
            } else {
                Err(FieldError::new(f.name, "err-choice").with("value", &s))
            }
        }
        FieldKind::Ref(_) => Uuid::parse_str(&s)
            .map(|u| Value::Text(u.to_string()))
            .map_err(|_| FieldError::new(f.name, "err-reference")),
        FieldKind::YesNo | FieldKind::MultiChoice(_) | FieldKind::RefMany(_) => unreachable!("handled above"),
    }
}

pub use crate::time::{add_months, parse_date, parse_instant};

/// What the window needs to draw a register: labels, kinds, choices, help, in one language.
#[derive(Debug, Serialize)]
pub struct RegisterView {
    pub name: &'static str,
    pub label: String,
    pub title_field: &'static str,
    pub default_sort: &'static str,
    pub review_field: Option<&'static str>,
    pub deletable: bool,
    /// The register ships starter records the window can add.
    pub starter: bool,
    /// A record can raise an action in the action plan (a finding, a rating).
    pub raises_actions: bool,
    /// The register's screen shows the heat map (open risks by residual score).
    pub heat_map: bool,
    /// The fields shown in brackets after a record's title where it is picked from a list
    /// (a person's job title and department), so two records of the same name are told apart.
    pub picker_detail: &'static [&'static str],
    /// An import can be the whole roster, so that records missing from it are marked as
    /// having left ([`crate::transfer::ImportOptions::full_roster`]).
    pub full_roster: bool,
    pub fields: Vec<FieldView>,
    /// The sections of a record's page, each with its heading and fields; one ("details")
    /// where the register has none of its own ([`crate::registers::pages`]).
    pub sections: Vec<SectionView>,
    /// The child registers shown as tabs on a record's page.
    pub children: Vec<ChildView>,
    /// The register's records are reached through a parent's page, not the navigation.
    pub child: bool,
    /// Its records have a clock or review date, which tables show as a label ([`crate::glance`]
    /// sits above and works them out): a review field, or a case register.
    pub clock: bool,
    /// The saved views its list offers (`all`, `open`, `overdue`, `soon`, `mine`), the one it
    /// opens on, and the column that shows the due date ([`crate::registers::views`]).
    pub views: Vec<&'static str>,
    pub opens_on: &'static str,
    pub due_column: Option<&'static str>,
    /// What the `open` view is called here: `open`, or `current` (policies, sharing).
    pub open_word: &'static str,
}

#[derive(Debug, Serialize)]
pub struct SectionView {
    pub id: &'static str,
    pub label: String,
    pub fields: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct ChildView {
    pub register: &'static str,
    /// The child's field that names the parent record.
    pub field: &'static str,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct FieldView {
    #[serde(flatten)]
    pub def: FieldDef,
    pub label: String,
    pub help: Option<String>,
    pub choices: Vec<reference::ChoiceView>,
}

/// Every register's description, choices worded as `wording` says.
pub fn describe_all(lang: Lang, wording: &reference::Wording) -> Vec<RegisterView> {
    crate::registers::all().iter().map(|d| describe(d, lang, wording)).collect()
}

pub fn describe(def: &RegisterDef, lang: Lang, wording: &reference::Wording) -> RegisterView {
    let msgs = Messages::for_lang(lang);
    let views = crate::registers::views::spec(def);
    RegisterView {
        name: def.name,
        label: msgs.get(&format!("register-{}", def.name)),
        title_field: def.title_field,
        default_sort: def.default_sort,
        review_field: def.review_field,
        deletable: def.deletable,
        starter: crate::registers::starter(def.name).is_some(),
        raises_actions: crate::registers::RAISE_ACTIONS.contains(&def.name),
        heat_map: crate::registers::HEAT_MAPS.contains(&def.name),
        picker_detail: crate::registers::picker_detail(def.name),
        full_roster: crate::registers::takes_full_roster(def.name),
        sections: match crate::registers::pages::sections(def.name) {
            [] => vec![SectionView {
                id: "details",
                label: msgs.get("ui-section-details"),
                fields: def.fields.iter().map(|f| f.name).collect(),
            }],
            sections => sections
                .iter()
                .map(|(id, fields)| SectionView {
                    id,
                    label: msgs.get(&format!("section-{}-{id}", def.name)),
                    fields: fields.to_vec(),
                })
                .collect(),
        },
        children: crate::registers::pages::children(def.name)
            .iter()
            .map(|(register, field)| ChildView { register, field, label: msgs.get(&format!("register-{register}")) })
            .collect(),
        child: crate::registers::pages::is_child(def.name),
        clock: def.review_field.is_some() || crate::registers::pages::stage(def.name, &Fields::new()).is_some(),
        views: views.views().into_iter().map(|v| v.name()).collect(),
        opens_on: views.opens_on.name(),
        due_column: views.due_column,
        open_word: views.open_word(def),
        fields: def
            .fields
            .iter()
            .map(|f| {
                let help_id = def.help_id(f.name);
                FieldView {
                    def: *f,
                    label: msgs.get(&def.label_id(f.name)),
                    help: msgs.has(&help_id).then(|| msgs.get(&help_id)),
                    choices: match f.kind {
                        FieldKind::Choice(list) | FieldKind::MultiChoice(list) => wording.choices(list, lang),
                        _ => vec![],
                    },
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn values_read_back_from_json_as_written() {
        let vals = vec![
            Value::Null,
            Value::Bool(true),
            Value::Int(-3),
            Value::Text("12".into()),
            Value::List(vec!["a".into(), "b".into()]),
        ];
        let json = serde_json::to_string(&vals).unwrap();
        assert_eq!(json, r#"[null,true,-3,"12",["a","b"]]"#);
        assert_eq!(serde_json::from_str::<Vec<Value>>(&json).unwrap(), vals);
        assert!(serde_json::from_str::<Value>("1.5").is_err(), "no fractions");
        assert!(serde_json::from_str::<Value>("[1]").is_err(), "lists hold text");
        assert!(serde_json::from_str::<Value>(r#"{"a":1}"#).is_err());
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn dates_parse_iso_and_uk_forms_and_refuse_the_impossible() {
        assert_eq!(parse_date("2026-11-24"), NaiveDate::from_ymd_opt(2026, 11, 24));
        assert_eq!(parse_date("24/11/2026"), NaiveDate::from_ymd_opt(2026, 11, 24));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("11/24/2026"), None);
        assert_eq!(parse_date("next tuesday"), None);
    }

    #[test]
    fn bad_values_name_their_field() {
        let f = date("last_reviewed");
        let e = parse_value(&f, &json!("31/02/2026")).unwrap_err();
        assert_eq!(e.field, "last_reviewed");
        assert_eq!(e.message_id, "err-date");
        let n = number("interval", 1, 120);
        assert_eq!(parse_value(&n, &json!("0")).unwrap_err().message_id, "err-range");
        assert_eq!(parse_value(&n, &json!(12)).unwrap(), Value::Int(12));
        let e = email("email");
        assert!(parse_value(&e, &json!("jane@example")).is_err());
        assert!(parse_value(&e, &json!("jane.hughes@wrexham.gov.uk")).is_ok());
    }

    #[test]
    fn a_review_rule_reads_the_same_in_sql_and_in_rust_and_names_real_statuses() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for def in crate::registers::all() {
            let (Some(list), Some(sql)) = (def.review.active_statuses, def.review.active_sql()) else { continue };
            let Some(FieldKind::Choice(choices)) = def.field("status").map(|f| f.kind) else {
                panic!("{} has no status choice", def.name)
            };
            for s in list {
                assert!(reference::is_choice(choices, s), "{}: {s} is not a status", def.name);
            }
            for c in reference::list(choices) {
                let in_sql: bool = conn
                    .query_row(&format!("SELECT {sql} FROM (SELECT ?1 AS status) t"), [&c.value], |r| r.get(0))
                    .unwrap();
                let fields: Fields = [("status".to_string(), Value::Text(c.value.clone()))].into_iter().collect();
                assert_eq!(def.review.is_active(&fields), in_sql, "{} {}", def.name, c.value);
            }
        }
    }

    #[test]
    fn choices_must_come_from_their_list() {
        let f = choice("security_classification", "classification");
        assert!(parse_value(&f, &json!("official")).is_ok());
        assert_eq!(parse_value(&f, &json!("PROTECT")).unwrap_err().message_id, "err-choice");
        let m = multi_choice("lawful_bases", "lawful_basis");
        assert_eq!(
            parse_value(&m, &json!(["public-task", "legal-obligation"])).unwrap(),
            Value::List(vec!["public-task".into(), "legal-obligation".into()])
        );
        assert!(parse_value(&m, &json!("public-task; nonsense")).is_err());
    }

    #[test]
    fn instants_typed_in_uk_time_are_stored_in_utc() {
        let t = |s| parse_instant(s).map(|t| t.to_rfc3339());
        assert_eq!(t("2026-07-01 09:30").as_deref(), Some("2026-07-01T08:30:00+00:00"), "BST");
        assert_eq!(t("2026-11-24 09:30").as_deref(), Some("2026-11-24T09:30:00+00:00"), "GMT");
        assert_eq!(t("24/11/2026 09:30").as_deref(), Some("2026-11-24T09:30:00+00:00"));
        assert_eq!(
            t("2026-10-25 01:30").as_deref(),
            Some("2026-10-25T00:30:00+00:00"),
            "the earlier of the repeated hour"
        );
        assert_eq!(t("2026-11-24T09:30:00Z").as_deref(), Some("2026-11-24T09:30:00+00:00"));
        assert_eq!(t("yesterday teatime"), None);
        assert_eq!(t("2026-02-30 10:00"), None);
    }

    #[test]
    fn months_clamp_to_month_end() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        assert_eq!(add_months(d, 1), NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
        let leap = NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        assert_eq!(add_months(leap, 12), NaiveDate::from_ymd_opt(2029, 2, 28).unwrap());
    }
}
