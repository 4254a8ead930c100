//! TOML → [`Standard`], collecting every problem with its location.
//!
//! The files are parsed into toml's spanned tree and walked by hand rather
//! than through serde, so that every unknown key and every bad value is
//! reported (not just the first) with a message from the catalog.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{
    Criterion, Entry, Group, Method, Penalty, Policy, Rule, SCOPES, Scope, Severe, Standard,
    Unobservable, closest, code_point, fold_spaces, format_char,
};
use crate::diag::{Diagnostic, LineIndex, Severity};
use crate::i18n::{Kind, Msg};

/// The outcome of loading: a standard when there were no errors, and every
/// diagnostic (errors and warnings) found on the way.
pub struct Loaded {
    pub standard: Option<Standard>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            standard: None,
            diagnostics,
        }
    }
}

struct Source {
    name: String,
    text: String,
}

/// A place in one of the sources.
#[derive(Clone, Debug)]
struct Loc {
    file: usize,
    span: Range<usize>,
}

#[derive(Clone, Debug)]
struct At<T> {
    v: T,
    at: Loc,
}

/// Load and validate the standard at `path` (a `.toml` file or a directory
/// of them, read in name order). Never panics on any input.
#[must_use]
pub fn load(path: &Path) -> Loaded {
    let shown = path.display().to_string();
    let crate::paths::Found {
        files,
        diagnostics: mut diags,
    } = list_files(path);
    if diags.iter().any(Diagnostic::is_error) {
        return Loaded::failed(diags);
    }
    if files.is_empty() {
        diags.push(Diagnostic::file_error(shown, Msg::NoToml));
        return Loaded::failed(diags);
    }
    let mut sources = Vec::new();
    for file in files {
        let name = file.display().to_string();
        match read_toml(&file) {
            Err(msg) => diags.push(Diagnostic::file_error(name, msg)),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(e) => diags.push(Diagnostic::file_error(
                    name,
                    Msg::NotUtf8 {
                        offset: e.utf8_error().valid_up_to(),
                    },
                )),
                Ok(mut text) => {
                    // Drop a UTF-8 BOM (Windows editors add one): columns are
                    // counted from the first character the user sees.
                    if text.starts_with('\u{feff}') {
                        text.drain(..3);
                    }
                    sources.push(Source { name, text });
                }
            },
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Loaded::failed(diags);
    }
    let lines: Vec<LineIndex<'_>> = sources.iter().map(|s| LineIndex::new(&s.text)).collect();
    let mut reader = Reader {
        sources: &sources,
        lines,
        diags,
    };
    let mut tables = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let (table, errors) = DeTable::parse_recoverable(&s.text);
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let detail = e.message().trim().replace('\n', " ");
            reader.error(&Loc { file: i, span }, Msg::TomlSyntax { detail });
        }
        tables.push(table);
    }
    if reader.has_errors() {
        return Loaded::failed(reader.finish());
    }
    let mut raw = Raw::default();
    for (file, table) in tables.iter().enumerate() {
        reader.top(file, table, &mut raw);
    }
    let standard = reader.build(raw, &shown);
    let diagnostics = reader.finish();
    if diagnostics.iter().any(Diagnostic::is_error) {
        Loaded::failed(diagnostics)
    } else {
        Loaded {
            standard,
            diagnostics,
        }
    }
}

/// The standard's files: `path` itself, or the `*.toml` files of the
/// directory in name order (see [`crate::paths`]), with notes on the files
/// skipped and errors for those that cannot be read.
fn list_files(path: &Path) -> crate::paths::Found {
    let mut found = crate::paths::Found::default();
    crate::paths::expand(path, &["toml"], &mut found);
    found
}

/// The most a TOML file (a standard's or `ceping.toml`) may hold. Real
/// standards are some hundred kilobytes; a path to a device, a log or a
/// data dump should fail at once, not fill the memory.
pub const MAX_TOML: u64 = 16 << 20;

/// The whole of a TOML file, read through a bounded reader: a file larger
/// than [`MAX_TOML`] (or a device without end, like `/dev/zero`) is refused.
///
/// # Errors
/// The message for a file that cannot be read or is too large.
pub fn read_toml(path: &Path) -> Result<Vec<u8>, Msg> {
    use std::io::Read as _;
    let too_large = || Msg::TooLarge {
        limit: format!("{} MiB", MAX_TOML >> 20),
    };
    let file = std::fs::File::open(path).map_err(|e| crate::paths::io_msg(&e))?;
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() > MAX_TOML)
    {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    file.take(MAX_TOML + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| crate::paths::io_msg(&e))?;
    if bytes.len() as u64 > MAX_TOML {
        return Err(too_large());
    }
    Ok(bytes)
}

#[derive(Default)]
struct Raw {
    standard: Option<RawStandard>,
    groups: Vec<RawGroup>,
    criteria: Vec<RawCriterion>,
    penalties: Vec<RawPenalty>,
}

struct RawStandard {
    at: Loc,
    id: Option<String>,
    name: Option<String>,
    edition: Option<String>,
    levels: Option<Vec<String>>,
    full_score: Option<At<Decimal>>,
    decimals: u32,
    methods: Option<At<Vec<RawMethod>>>,
    policy: Policy,
}

struct RawMethod {
    key: String,
    name: String,
    /// The weight, when given and valid.
    weight: Option<Decimal>,
    /// A weight was given, valid or not (an invalid one is reported where
    /// it is, not as missing).
    weighted: bool,
    at: Loc,
}

/// An entry is kept (for the cross-checks) as long as its id is good; the
/// other fields are `None` after an error that has already been reported.
struct RawGroup {
    id: At<String>,
    name: Option<String>,
    parent: Option<At<String>>,
}

struct RawCriterion {
    id: At<String>,
    group: Option<At<String>>,
    text: Option<String>,
    score: Option<Decimal>,
    method: Option<At<String>>,
    point_types: Vec<String>,
    lead: Option<String>,
    assist: Vec<String>,
    rule: Option<Rule>,
    rectify_days: Option<u32>,
    /// Its own scope, if it states one.
    scope: Option<Scope>,
}

struct RawPenalty {
    id: At<String>,
    text: String,
    points: Decimal,
    veto: bool,
}

type Value<'i> = Spanned<DeValue<'i>>;

/// A table being read: where it is and what to call it in messages.
struct Tbl<'a, 'i> {
    file: usize,
    span: Range<usize>,
    name: String,
    entries: &'a DeTable<'i>,
}

impl<'a, 'i> Tbl<'a, 'i> {
    fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    fn loc(&self) -> Loc {
        Loc {
            file: self.file,
            span: self.span.clone(),
        }
    }

    fn loc_of(&self, v: &Value<'_>) -> Loc {
        Loc {
            file: self.file,
            span: v.span(),
        }
    }
}

struct Reader<'s> {
    sources: &'s [Source],
    lines: Vec<LineIndex<'s>>,
    diags: Vec<Diagnostic>,
}

const TOP_KEYS: &[&str] = &["standard", "group", "criterion", "penalty"];
const STANDARD_KEYS: &[&str] = &[
    "id",
    "name",
    "edition",
    "levels",
    "full_score",
    "decimals",
    "methods",
    "policy",
];
const METHOD_KEYS: &[&str] = &["name", "weight"];
const POLICY_KEYS: &[&str] = &["unobservable", "severe", "rectify_days", "scope"];
const GROUP_KEYS: &[&str] = &["id", "name", "parent"];
const CRITERION_KEYS: &[&str] = &[
    "id",
    "group",
    "text",
    "score",
    "method",
    "point_types",
    "lead",
    "assist",
    "rule",
    "rectify_days",
    "scope",
];
const PENALTY_KEYS: &[&str] = &["id", "text", "points", "veto"];
const DEFAULT_METHODS: &[(&str, &str)] = &[
    ("field", "实地考察"),
    ("material", "材料审核"),
    ("survey", "问卷调查"),
];
/// How deep groups may nest: real standards have three to five levels, and
/// a limit keeps every walk over the tree (and its display) short.
pub const MAX_DEPTH: usize = 64;

/// The method key whose criteria are checked at inspection points.
pub const FIELD: &str = "field";

impl Reader<'_> {
    fn diag(&mut self, severity: Severity, at: &Loc, msg: Msg) {
        let pos = self.lines[at.file].pos(at.span.clone());
        let file = Some(self.sources[at.file].name.clone());
        self.diags.push(Diagnostic::new(severity, file, pos, msg));
    }

    fn error(&mut self, at: &Loc, msg: Msg) {
        self.diag(Severity::Error, at, msg);
    }

    fn warn(&mut self, at: &Loc, msg: Msg) {
        self.diag(Severity::Warning, at, msg);
    }

    fn place(&self, at: &Loc) -> String {
        let pos = self.lines[at.file].pos(at.span.clone());
        Diagnostic::new(
            Severity::Note,
            Some(self.sources[at.file].name.clone()),
            pos,
            Msg::NotFound,
        )
        .location()
    }

    fn has_errors(&self) -> bool {
        self.diags.iter().any(Diagnostic::is_error)
    }

    fn finish(&mut self) -> Vec<Diagnostic> {
        let mut d = std::mem::take(&mut self.diags);
        crate::diag::sort(&mut d);
        d
    }

    // --- typed access ------------------------------------------------------

    fn keys(&mut self, t: &Tbl<'_, '_>, allowed: &[&str]) {
        for (k, _) in t.entries {
            let key = k.get_ref().as_ref();
            if !allowed.contains(&key) {
                self.error(
                    &Loc {
                        file: t.file,
                        span: k.span(),
                    },
                    Msg::UnknownKey {
                        key: key.to_string(),
                        table: t.name.clone(),
                        expected: allowed.iter().map(ToString::to_string).collect(),
                        suggestion: closest(key, allowed.iter().copied()),
                    },
                );
            }
        }
    }

    fn missing(&mut self, t: &Tbl<'_, '_>, key: &str) {
        self.error(
            &t.loc(),
            Msg::MissingKey {
                key: key.into(),
                table: t.name.clone(),
            },
        );
    }

    fn wrong(&mut self, at: &Loc, key: &str, expected: Kind) {
        self.error(
            at,
            Msg::WrongType {
                key: key.into(),
                expected,
            },
        );
    }

    fn string(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<At<String>> {
        let Some(v) = t.get(key) else {
            if required {
                self.missing(t, key);
            }
            return None;
        };
        let at = t.loc_of(v);
        let Some(s) = v.get_ref().as_str() else {
            self.wrong(&at, key, Kind::String);
            return None;
        };
        let s = s.trim();
        if s.is_empty() {
            self.error(&at, Msg::EmptyValue { key: key.into() });
            return None;
        }
        Some(At {
            v: s.to_string(),
            at,
        })
    }

    /// An id: ASCII letters, digits, `.`, `-` and `_`, as the message says.
    fn id(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<At<String>> {
        let id = self.string(t, key, true)?;
        if let Some(f) = format_char(&id.v) {
            self.error(
                &id.at,
                Msg::FormatChar {
                    code: code_point(f),
                },
            );
            return None;
        }
        if id
            .v
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        {
            Some(id)
        } else {
            self.error(&id.at, Msg::BadId { id: id.v });
            None
        }
    }

    /// A name rows are matched against (a department, a point type): other
    /// spaces folded to U+0020 as in inspection files, and no invisible
    /// format character. `None` (reported) for one that has any.
    fn name(&mut self, at: &Loc, s: &str) -> Option<String> {
        if let Some(f) = format_char(s) {
            self.error(
                at,
                Msg::FormatChar {
                    code: code_point(f),
                },
            );
            return None;
        }
        Some(fold_spaces(s).trim().to_string())
    }

    /// [`Self::strings`] of names (see [`Self::name`]).
    fn names(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<Vec<String>> {
        self.list(t, key, true).map(|l| l.v)
    }

    fn number(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<At<Decimal>> {
        let Some(v) = t.get(key) else {
            if required {
                self.missing(t, key);
            }
            return None;
        };
        let at = t.loc_of(v);
        let text = match v.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str(),
            DeValue::Float(f) => f.as_str(),
            _ => {
                self.wrong(&at, key, Kind::Number);
                return None;
            }
        };
        let text = text.replace('_', "");
        if let Ok(d) = Decimal::from_str_exact(&text).or_else(|_| Decimal::from_scientific(&text)) {
            return Some(At { v: d, at });
        }
        // Not held exactly: too large, or (within range) too many decimals.
        let small = text.parse::<f64>().is_ok_and(|f| f.abs() < 1e28);
        let msg = if small {
            Msg::TooPrecise {
                key: key.into(),
                value: text,
            }
        } else {
            Msg::OutOfRange {
                key: key.into(),
                value: text,
                range: "±10^28".into(),
            }
        };
        self.error(&at, msg);
        None
    }

    fn positive(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<At<Decimal>> {
        let n = self.number(t, key, required)?;
        if n.v > Decimal::ZERO {
            Some(n)
        } else {
            self.error(
                &n.at,
                Msg::NotPositive {
                    key: key.into(),
                    value: n.v.normalize().to_string(),
                },
            );
            None
        }
    }

    fn integer(&mut self, t: &Tbl<'_, '_>, key: &str, range: (i64, i64)) -> Option<At<i64>> {
        let v = t.get(key)?;
        let at = t.loc_of(v);
        let DeValue::Integer(i) = v.get_ref() else {
            self.wrong(&at, key, Kind::Integer);
            return None;
        };
        let parsed = i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok();
        match parsed {
            Some(n) if (range.0..=range.1).contains(&n) => Some(At { v: n, at }),
            _ => {
                let value = v
                    .get_ref()
                    .as_integer()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                self.error(
                    &at,
                    Msg::OutOfRange {
                        key: key.into(),
                        value,
                        range: format!("{}..={}", range.0, range.1),
                    },
                );
                None
            }
        }
    }

    fn days(&mut self, t: &Tbl<'_, '_>) -> Option<u32> {
        self.integer(t, "rectify_days", (0, 3650))
            .and_then(|d| u32::try_from(d.v).ok())
    }

    fn boolean(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<bool> {
        let v = t.get(key)?;
        let b = v.get_ref().as_bool();
        if b.is_none() {
            self.wrong(&t.loc_of(v), key, Kind::Bool);
        }
        b
    }

    fn strings(&mut self, t: &Tbl<'_, '_>, key: &str) -> Option<At<Vec<String>>> {
        self.list(t, key, false)
    }

    /// An array of strings, each trimmed, without repeats; with `names`,
    /// each a name (see [`Self::name`]).
    fn list(&mut self, t: &Tbl<'_, '_>, key: &str, names: bool) -> Option<At<Vec<String>>> {
        let v = t.get(key)?;
        let at = t.loc_of(v);
        let Some(arr) = v.get_ref().as_array() else {
            self.wrong(&at, key, Kind::Strings);
            return None;
        };
        let mut out = Vec::new();
        for item in arr {
            match item.get_ref().as_str().map(str::trim) {
                Some("") => self.error(&t.loc_of(item), Msg::EmptyValue { key: key.into() }),
                Some(s) => {
                    let s = if names {
                        self.name(&t.loc_of(item), s)
                    } else {
                        Some(s.to_string())
                    };
                    if let Some(s) = s
                        && !out.contains(&s)
                    {
                        out.push(s);
                    }
                }
                None => self.wrong(&t.loc_of(item), key, Kind::Strings),
            }
        }
        Some(At { v: out, at })
    }

    /// One of `choices`, by name; `default` when the key is absent. A value
    /// that is not one of them, string or not, is reported with the names
    /// accepted.
    fn choice<T: Copy>(
        &mut self,
        t: &Tbl<'_, '_>,
        key: &str,
        choices: &[(&str, T)],
        default: T,
    ) -> T {
        if let Some(v) = t.get(key)
            && !matches!(v.get_ref(), DeValue::String(_))
        {
            let at = t.loc_of(v);
            let value = self.sources[at.file]
                .text
                .get(at.span.clone())
                .unwrap_or_default()
                .to_string();
            self.error(
                &at,
                Msg::BadChoice {
                    key: key.into(),
                    value,
                    expected: choices.iter().map(|(k, _)| (*k).to_string()).collect(),
                },
            );
            return default;
        }
        let Some(s) = self.string(t, key, false) else {
            return default;
        };
        if let Some((_, v)) = choices.iter().find(|(k, _)| *k == s.v) {
            return *v;
        }
        self.error(
            &s.at,
            Msg::BadChoice {
                key: key.into(),
                value: s.v,
                expected: choices.iter().map(|(k, _)| (*k).to_string()).collect(),
            },
        );
        default
    }

    fn sub<'a, 'i>(&mut self, t: &Tbl<'a, 'i>, key: &str, name: String) -> Option<Tbl<'a, 'i>> {
        let v = t.get(key)?;
        self.as_table(t.file, v, key, name)
    }

    fn as_table<'a, 'i>(
        &mut self,
        file: usize,
        v: &'a Value<'i>,
        key: &str,
        name: String,
    ) -> Option<Tbl<'a, 'i>> {
        let span = v.span();
        if let Some(entries) = v.get_ref().as_table() {
            Some(Tbl {
                file,
                span,
                name,
                entries,
            })
        } else {
            self.wrong(&Loc { file, span }, key, Kind::Table);
            None
        }
    }

    // --- the document ------------------------------------------------------

    fn top(&mut self, file: usize, table: &Spanned<DeTable<'_>>, raw: &mut Raw) {
        let top = Tbl {
            file,
            span: 0..0,
            name: self.sources[file].name.clone(),
            entries: table.get_ref(),
        };
        self.keys(&top, TOP_KEYS);
        if let Some(v) = top.get("standard")
            && let Some(t) = self.as_table(file, v, "standard", "[standard]".into())
        {
            if let Some(first) = &raw.standard {
                let first = self.place(&first.at);
                self.error(&t.loc(), Msg::TwoStandardTables { first });
            } else {
                raw.standard = Some(self.standard(&t));
            }
        }
        for (key, kind) in [("group", 0), ("criterion", 1), ("penalty", 2)] {
            let Some(v) = top.get(key) else { continue };
            let Some(arr) = v.get_ref().as_array() else {
                self.wrong(&top.loc_of(v), key, Kind::Tables);
                continue;
            };
            for item in arr {
                let name = format!("[[{key}]]");
                let Some(t) = self.as_table(file, item, key, name) else {
                    continue;
                };
                match kind {
                    0 => {
                        if let Some(g) = self.group(&t) {
                            raw.groups.push(g);
                        }
                    }
                    1 => {
                        if let Some(c) = self.criterion(&t) {
                            raw.criteria.push(c);
                        }
                    }
                    _ => {
                        if let Some(p) = self.penalty(&t) {
                            raw.penalties.push(p);
                        }
                    }
                }
            }
        }
    }

    fn standard(&mut self, t: &Tbl<'_, '_>) -> RawStandard {
        self.keys(t, STANDARD_KEYS);
        let id = self.id(t, "id").map(|s| s.v);
        let name = self.string(t, "name", true).map(|s| s.v);
        let edition = self.string(t, "edition", false).map(|s| s.v);
        let levels = match self.strings(t, "levels") {
            None => {
                if t.get("levels").is_none() {
                    self.missing(t, "levels");
                }
                None
            }
            Some(l) if l.v.is_empty() => {
                self.error(
                    &l.at,
                    Msg::EmptyValue {
                        key: "levels".into(),
                    },
                );
                None
            }
            Some(l) => Some(l.v),
        };
        let full_score = self.positive(t, "full_score", true);
        let decimals = self
            .integer(t, "decimals", (0, 6))
            .map_or(2, |d| u32::try_from(d.v).unwrap_or(2));
        let methods = self
            .sub(t, "methods", "[standard.methods]".into())
            .map(|m| {
                let mut list = Vec::new();
                for (k, v) in m.entries {
                    let key = k.get_ref().to_string();
                    let name = format!("[standard.methods.{key}]");
                    if let Some(mt) = self.as_table(m.file, v, &key, name) {
                        self.keys(&mt, METHOD_KEYS);
                        let name = self.string(&mt, "name", true).map(|s| s.v);
                        let weighted = mt.get("weight").is_some();
                        let weight = self.positive(&mt, "weight", false).map(|w| w.v);
                        if let Some(name) = name {
                            list.push(RawMethod {
                                key,
                                name,
                                weight,
                                weighted,
                                at: mt.loc(),
                            });
                        }
                    }
                }
                At {
                    v: list,
                    at: m.loc(),
                }
            });
        let mut policy = Policy {
            unobservable: Unobservable::Exclude,
            severe: Severe::Zero,
            rectify_days: 7,
            scope: Scope::Point,
        };
        if let Some(p) = self.sub(t, "policy", "[standard.policy]".into()) {
            self.keys(&p, POLICY_KEYS);
            policy.unobservable = self.choice(
                &p,
                "unobservable",
                &[
                    ("exclude", Unobservable::Exclude),
                    ("fail", Unobservable::Fail),
                ],
                Unobservable::Exclude,
            );
            policy.severe = self.choice(
                &p,
                "severe",
                &[("zero", Severe::Zero), ("fail", Severe::Fail)],
                Severe::Zero,
            );
            policy.rectify_days = self.days(&p).unwrap_or(7);
            policy.scope = self.choice(&p, "scope", SCOPES, Scope::Point);
        }
        RawStandard {
            at: t.loc(),
            id,
            name,
            edition,
            levels,
            full_score,
            decimals,
            methods,
            policy,
        }
    }

    fn group(&mut self, t: &Tbl<'_, '_>) -> Option<RawGroup> {
        self.keys(t, GROUP_KEYS);
        let id = self.id(t, "id");
        let name = self.string(t, "name", true);
        let parent = self.string(t, "parent", false);
        Some(RawGroup {
            id: id?,
            name: name.map(|n| n.v),
            parent,
        })
    }

    fn criterion(&mut self, t: &Tbl<'_, '_>) -> Option<RawCriterion> {
        self.keys(t, CRITERION_KEYS);
        let id = self.id(t, "id");
        let group = self.string(t, "group", true);
        let text = self.string(t, "text", true);
        let score = self.positive(t, "score", true);
        let method = self.string(t, "method", true);
        let point_types = self.names(t, "point_types");
        let lead = self
            .string(t, "lead", false)
            .and_then(|s| self.name(&s.at, &s.v));
        let assist = self.names(t, "assist").unwrap_or_default();
        let rule = match t.get("rule") {
            None => Some(Rule::Rate { full_at: None }),
            Some(v) => self
                .as_table(t.file, v, "rule", "rule".into())
                .and_then(|r| self.rule(&r)),
        };
        let rectify_days = self.days(t);
        let own_scope = t
            .get("scope")
            .map(|_| self.choice(t, "scope", SCOPES, Scope::Point));
        Some(RawCriterion {
            id: id?,
            group,
            text: text.map(|t| t.v),
            score: score.map(|s| s.v),
            method,
            point_types: point_types.unwrap_or_default(),
            lead,
            assist,
            rule,
            rectify_days,
            scope: own_scope,
        })
    }

    fn rule(&mut self, t: &Tbl<'_, '_>) -> Option<Rule> {
        let kind = self.string(t, "kind", false);
        let kind_name = kind.as_ref().map_or("rate", |k| k.v.as_str()).to_string();
        let mut t = Tbl {
            file: t.file,
            span: t.span.clone(),
            name: format!("rule ({kind_name})"),
            entries: t.entries,
        };
        let allowed: &[&str] = match kind_name.as_str() {
            "rate" => &["kind", "full_at"],
            "all" => &["kind"],
            "deduct" => &["kind", "per_problem"],
            "quota" => &["kind", "required", "per_missing"],
            "graded" => &["kind", "grades"],
            other => {
                let at = kind.map_or_else(|| t.loc(), |k| k.at);
                let suggestion = closest(other, ["rate", "all", "deduct", "quota", "graded"]);
                self.error(
                    &at,
                    Msg::UnknownRuleKind {
                        kind: other.into(),
                        suggestion,
                    },
                );
                return None;
            }
        };
        self.keys(&t, allowed);
        t.name.clone_from(&kind_name);
        let need = |r: &mut Self, t: &Tbl<'_, '_>, param: &str| {
            if t.get(param).is_none() {
                r.error(
                    &t.loc(),
                    Msg::RuleParamMissing {
                        kind: t.name.clone(),
                        param: param.into(),
                    },
                );
            }
        };
        match kind_name.as_str() {
            "rate" => {
                let full_at = self.number(&t, "full_at", false);
                if let Some(f) = &full_at
                    && (f.v <= Decimal::ZERO || f.v > Decimal::ONE)
                {
                    self.error(
                        &f.at,
                        Msg::OutOfRange {
                            key: "full_at".into(),
                            value: f.v.normalize().to_string(),
                            range: "(0, 1]".into(),
                        },
                    );
                    return None;
                }
                Some(Rule::Rate {
                    full_at: full_at.map(|f| f.v),
                })
            }
            "all" => Some(Rule::All),
            "deduct" => {
                need(self, &t, "per_problem");
                let per_problem = self.positive(&t, "per_problem", false)?.v;
                Some(Rule::Deduct { per_problem })
            }
            "quota" => {
                need(self, &t, "required");
                need(self, &t, "per_missing");
                let required = self.integer(&t, "required", (1, 1_000_000));
                let per_missing = self.positive(&t, "per_missing", false);
                Some(Rule::Quota {
                    required: u32::try_from(required?.v).ok()?,
                    per_missing: per_missing?.v,
                })
            }
            _ => {
                let mut grades = Vec::new();
                if let Some(g) = self.sub(&t, "grades", "grades".into()) {
                    if g.entries.is_empty() {
                        self.error(
                            &g.loc(),
                            Msg::EmptyValue {
                                key: "grades".into(),
                            },
                        );
                        return None;
                    }
                    for (k, _) in g.entries {
                        let letter = k.get_ref().trim().to_string();
                        let Some(f) = self.number(&g, k.get_ref(), true) else {
                            continue;
                        };
                        if f.v < Decimal::ZERO || f.v > Decimal::ONE {
                            self.error(
                                &f.at,
                                Msg::OutOfRange {
                                    key: letter.clone(),
                                    value: f.v.normalize().to_string(),
                                    range: "[0, 1]".into(),
                                },
                            );
                        }
                        grades.push((letter, f.v));
                    }
                }
                Some(Rule::Graded { grades })
            }
        }
    }

    fn penalty(&mut self, t: &Tbl<'_, '_>) -> Option<RawPenalty> {
        self.keys(t, PENALTY_KEYS);
        let id = self.id(t, "id");
        let text = self.string(t, "text", true);
        let points = self.positive(t, "points", true);
        let veto = self.boolean(t, "veto").unwrap_or(false);
        Some(RawPenalty {
            id: id?,
            text: text?.v,
            points: points?.v,
            veto,
        })
    }

    // --- cross-checks ------------------------------------------------------

    /// Each group's depth (0 at the top; `None` under a missing parent, in
    /// or under a cycle, or past [`MAX_DEPTH`]) and whether it is in a
    /// cycle, reporting each cycle once and each group too deep. Linear: a
    /// group's chain of parents is walked once, up to a group already seen.
    fn depths(
        &mut self,
        groups: &[RawGroup],
        parents: &[Option<usize>],
        orphan: &[bool],
    ) -> (Vec<Option<usize>>, Vec<bool>) {
        let n = groups.len();
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut in_cycle = vec![false; n];
        // Where a group is on the current walk's path; `done` once its
        // depth is known.
        let mut on_path: Vec<Option<usize>> = vec![None; n];
        let mut done = vec![false; n];
        let mut path = Vec::new();
        for start in 0..n {
            path.clear();
            let mut g = start;
            // Up the parents until a top group, a group done, or the path.
            let above = loop {
                if done[g] {
                    break Some(g);
                }
                if let Some(pos) = on_path[g] {
                    self.cycle(groups, &path[pos..], &mut in_cycle);
                    break None;
                }
                on_path[g] = Some(path.len());
                path.push(g);
                match parents[g] {
                    Some(p) => g = p,
                    None => break None,
                }
            };
            // Then down again, each depth from its parent's.
            let mut d = match above {
                Some(a) => depth[a].map(|x| x + 1),
                None => path
                    .last()
                    .filter(|&&top| parents[top].is_none() && !orphan[top])
                    .map(|_| 0),
            };
            for &x in path.iter().rev() {
                if d == Some(MAX_DEPTH) {
                    let at = groups[x]
                        .parent
                        .as_ref()
                        .map_or_else(|| groups[x].id.at.clone(), |p| p.at.clone());
                    self.error(
                        &at,
                        Msg::TooDeep {
                            id: groups[x].id.v.clone(),
                            level: MAX_DEPTH + 1,
                            max: MAX_DEPTH,
                        },
                    );
                    d = None;
                }
                depth[x] = d;
                done[x] = true;
                on_path[x] = None;
                d = d.map(|v| v + 1);
            }
        }
        (depth, in_cycle)
    }

    /// Report a cycle of parents (`cycle[i + 1]` the parent of `cycle[i]`,
    /// the last's parent the first), from its first group in file order.
    fn cycle(&mut self, groups: &[RawGroup], cycle: &[usize], in_cycle: &mut [bool]) {
        let Some(first) = (0..cycle.len()).min_by_key(|&i| cycle[i]) else {
            return;
        };
        let chain: Vec<&str> = cycle[first..]
            .iter()
            .chain(&cycle[..=first])
            .map(|&x| groups[x].id.v.as_str())
            .collect();
        for &x in cycle {
            in_cycle[x] = true;
        }
        let start = cycle[first];
        let at = groups[start]
            .parent
            .as_ref()
            .map_or_else(|| groups[start].id.at.clone(), |p| p.at.clone());
        self.error(
            &at,
            Msg::ParentCycle {
                chain: chain.join(" → "),
            },
        );
    }

    fn build(&mut self, raw: Raw, shown: &str) -> Option<Standard> {
        let Some(st) = raw.standard else {
            self.diags
                .push(Diagnostic::file_error(shown, Msg::NoStandardTable));
            return None;
        };
        // Ids are unique across groups, criteria and penalties.
        let mut index: rustc_hash::FxHashMap<String, Entry> = rustc_hash::FxHashMap::default();
        let mut first: HashMap<String, Loc> = HashMap::new();
        let ids = raw
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (&g.id, Entry::Group(i)))
            .chain(
                raw.criteria
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (&c.id, Entry::Criterion(i))),
            )
            .chain(
                raw.penalties
                    .iter()
                    .enumerate()
                    .map(|(i, p)| (&p.id, Entry::Penalty(i))),
            );
        let mut dups = Vec::new();
        for (id, entry) in ids {
            if let Some(f) = first.get(&id.v) {
                dups.push((id.clone(), f.clone()));
            } else {
                first.insert(id.v.clone(), id.at.clone());
                index.insert(id.v.clone(), entry);
            }
        }
        for (id, f) in dups {
            let place = self.place(&f);
            self.error(
                &id.at,
                Msg::DuplicateId {
                    id: id.v,
                    first: place,
                },
            );
        }
        let group_ids: Vec<&str> = raw.groups.iter().map(|g| g.id.v.as_str()).collect();
        let group_of = |id: &str| match index.get(id) {
            Some(Entry::Group(i)) => Some(*i),
            _ => None,
        };
        // Parents, cycles and depth.
        let mut parents = vec![None; raw.groups.len()];
        // A group whose parent is missing has no known depth (nor have its
        // descendants): checking their levels would only add false warnings.
        let mut orphan = vec![false; raw.groups.len()];
        for (i, g) in raw.groups.iter().enumerate() {
            if let Some(p) = &g.parent {
                if let Some(pi) = group_of(&p.v) {
                    parents[i] = Some(pi);
                } else {
                    orphan[i] = true;
                    self.error(
                        &p.at,
                        Msg::UnknownParent {
                            parent: p.v.clone(),
                            suggestion: closest(&p.v, group_ids.iter().copied()),
                        },
                    );
                }
            }
        }
        let (depth, in_cycle) = self.depths(&raw.groups, &parents, &orphan);
        // Methods.
        let full_score = st.full_score.as_ref().map(|f| f.v);
        let (methods, weighted) = match &st.methods {
            Some(m) => {
                let weighted = m.v.iter().any(|x| x.weighted);
                if weighted {
                    for x in m.v.iter().filter(|x| !x.weighted) {
                        self.error(
                            &x.at,
                            Msg::WeightMissing {
                                method: x.key.clone(),
                            },
                        );
                    }
                    // The sum is known only when every weight is; past
                    // Decimal's range it is too large for any full score.
                    let sum = m.v.iter().try_fold(Some(Decimal::ZERO), |sum, x| {
                        x.weight.map(|w| sum.and_then(|s| s.checked_add(w)))
                    });
                    if let (Some(sum), Some(fs)) = (sum, full_score)
                        && sum != Some(fs)
                    {
                        let sum = sum.map_or_else(
                            || format!("> {}", Decimal::MAX),
                            |s| s.normalize().to_string(),
                        );
                        self.error(
                            &m.at,
                            Msg::WeightsSum {
                                sum,
                                full_score: fs.normalize().to_string(),
                            },
                        );
                    }
                }
                let list =
                    m.v.iter()
                        .map(|x| Method {
                            key: x.key.clone(),
                            name: x.name.clone(),
                            weight: x.weight,
                        })
                        .collect::<Vec<_>>();
                (list, weighted)
            }
            None => (
                DEFAULT_METHODS
                    .iter()
                    .map(|(k, n)| Method {
                        key: (*k).into(),
                        name: (*n).into(),
                        weight: None,
                    })
                    .collect(),
                false,
            ),
        };
        let method_keys: Vec<String> = methods.iter().map(|m| m.key.clone()).collect();
        let levels = st.levels.clone().unwrap_or_default();
        // Criteria.
        let mut criteria = Vec::new();
        let mut has_criteria = vec![false; raw.groups.len()];
        // Σ 分值, which every view adds up: it must stay within range.
        let mut total = Some(Decimal::ZERO);
        for c in raw.criteria {
            let group = c.group.as_ref().and_then(|g| {
                let found = group_of(&g.v);
                if found.is_none() {
                    self.error(
                        &g.at,
                        Msg::UnknownGroup {
                            group: g.v.clone(),
                            suggestion: closest(&g.v, group_ids.iter().copied()),
                        },
                    );
                }
                found
            });
            let method = c.method.as_ref().and_then(|m| {
                let found = method_keys.iter().position(|k| *k == m.v);
                if found.is_none() {
                    self.error(
                        &m.at,
                        Msg::UnknownMethod {
                            method: m.v.clone(),
                            expected: method_keys.clone(),
                            suggestion: closest(&m.v, method_keys.iter().map(String::as_str)),
                        },
                    );
                }
                found
            });
            if let Some(m) = method
                && method_keys[m] == FIELD
                && c.point_types.is_empty()
            {
                self.error(&c.id.at, Msg::NoPointTypes { id: c.id.v.clone() });
            }
            if c.lead.is_none() {
                self.warn(&c.id.at, Msg::NoLead { id: c.id.v.clone() });
            }
            let (Some(group), Some(method), Some(text), Some(score), Some(rule)) =
                (group, method, c.text, c.score, c.rule)
            else {
                continue;
            };
            let sum = total.and_then(|t| t.checked_add(score));
            if total.is_some() && sum.is_none() {
                self.error(
                    &c.id.at,
                    Msg::OutOfRange {
                        key: "Σ score".into(),
                        value: format!("> {}", Decimal::MAX),
                        range: "±10^28".into(),
                    },
                );
            }
            total = sum;
            if let Some(d) = depth[group] {
                // Up to the first group already marked: each group is
                // marked once, whatever the depth.
                let mut g = Some(group);
                while let Some(x) = g.filter(|&x| !has_criteria[x]) {
                    has_criteria[x] = true;
                    g = parents[x];
                }
                if !levels.is_empty() && d + 2 != levels.len() {
                    self.warn(
                        &c.id.at,
                        Msg::LevelMismatch {
                            id: c.id.v.clone(),
                            level: d + 2,
                            levels: levels.len(),
                        },
                    );
                }
            }
            criteria.push(Criterion {
                id: c.id.v,
                group,
                text,
                score,
                method,
                point_types: c.point_types,
                lead: c.lead,
                assist: c.assist,
                rule,
                rectify_days: c.rectify_days,
                scope: c.scope.unwrap_or(st.policy.scope),
                field: method_keys[method] == FIELD,
                point_type_bits: Vec::new(),
            });
        }
        // A criterion dropped for an error would make its groups look empty.
        let complete = !self.has_errors();
        for (i, g) in raw.groups.iter().enumerate() {
            if complete && !has_criteria[i] && !in_cycle[i] {
                self.warn(&g.id.at, Msg::GroupNoCriteria { id: g.id.v.clone() });
            }
        }
        if criteria.is_empty() && !self.has_errors() {
            self.error(&st.at, Msg::EmptyStandard);
        }
        let groups = raw
            .groups
            .into_iter()
            .enumerate()
            .map(|(i, g)| Group {
                id: g.id.v,
                name: g.name.unwrap_or_default(),
                parent: parents[i],
                depth: depth[i].unwrap_or(0),
            })
            .collect();
        let penalties = raw
            .penalties
            .into_iter()
            .map(|p| Penalty {
                id: p.id.v,
                text: p.text,
                points: p.points,
                veto: p.veto,
            })
            .collect();
        if self.has_errors() {
            return None;
        }
        let mut point_types: Vec<String> = criteria
            .iter()
            .flat_map(|c| c.point_types.iter().cloned())
            .collect();
        point_types.sort();
        point_types.dedup();
        for c in &mut criteria {
            let mut bits = vec![0u64; point_types.len().div_ceil(64)];
            for p in &c.point_types {
                if let Ok(i) = point_types.binary_search(p) {
                    bits[i / 64] |= 1 << (i % 64);
                }
            }
            c.point_type_bits = bits;
        }
        let (index, short) = super::indexes(index);
        let point_types_packed = point_types
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Some((super::pack(p)?, i)))
            .collect();
        let hot = criteria
            .iter()
            .map(|c| super::Hot::of(c, point_types.len()))
            .collect();
        Some(Standard {
            id: st.id?,
            name: st.name?,
            edition: st.edition,
            levels: st.levels?,
            full_score: full_score?,
            decimals: st.decimals,
            methods,
            weighted,
            policy: st.policy,
            groups,
            criteria,
            penalties,
            files: self.sources.iter().map(|s| s.name.clone()).collect(),
            index,
            short,
            point_types_packed,
            hot,
            point_types,
        })
    }
}
