//! The city project file, `ceping.toml`: default standard and inputs, the
//! city's districts and aliases, 红黑榜 bands, the target score and how the
//! city's figure is made. Paths in it are relative to the file.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::diag::{Diagnostic, LineIndex, Severity};
use crate::i18n::Msg;
use crate::input::{Context, text::normalize};
use crate::report::score::Bands;
use crate::score::gates::{Gates, MaxRejects};
use crate::standard::{closest, code_point, format_char, read_toml};

/// The file name looked for in the working directory.
pub const FILE: &str = "ceping.toml";

type Names = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    standard: Option<String>,
    #[serde(default)]
    inputs: Vec<String>,
    city: Option<String>,
    #[serde(default)]
    districts: Vec<Spanned<String>>,
    #[serde(default)]
    aliases: RawAliases,
    bands: Option<RawBands>,
    target: Option<Spanned<Decimal>>,
    /// Any TOML value: one of the wrong type is reported as a bad value,
    /// with the accepted ones, not as a syntax error.
    city_score: Option<Spanned<toml::Value>>,
    // --- gates (issue 13) ---
    gates: Option<RawGates>,
}

/// `[gates]`: the gates of `ceping score` (see [`crate::score::gates`]).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGates {
    fail_below: Option<Decimal>,
    /// `N` or `"P%"`: any TOML value, one of the wrong type reported with
    /// the values accepted.
    max_rejects: Option<Spanned<toml::Value>>,
    #[serde(default)]
    require_complete: bool,
    #[serde(default)]
    fail_on_veto: bool,
    #[serde(default)]
    fail_on_black: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAliases {
    #[serde(default)]
    district: Names,
    #[serde(default)]
    department: Names,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBands {
    red: Option<Spanned<Decimal>>,
    black: Option<Spanned<Decimal>>,
}

/// The values of `city_score`, as written in `ceping.toml`.
pub const CITY_FIGURES: &[(&str, CityFigure)] = &[
    ("pooled", CityFigure::Pooled),
    ("district_mean", CityFigure::DistrictMean),
];

/// A loaded project file.
#[derive(Debug, Default)]
pub struct Project {
    /// The folder the file is in ("" for the working directory).
    pub dir: PathBuf,
    pub standard: Option<PathBuf>,
    /// Input patterns, already joined to `dir`.
    pub inputs: Vec<String>,
    pub city: Option<String>,
    pub context: Context,
    pub bands: Bands,
    pub target: Option<Decimal>,
    pub city_figure: CityFigure,
    /// `[gates]`, none when it is not there.
    pub gates: Gates,
}

pub use crate::score::CityFigure;

/// Load `--config FILE`, or `ceping.toml` in the working directory if there
/// is one. `Ok(None)` when there is none.
///
/// # Errors
/// Every diagnostic for a file that cannot be read or is not valid.
pub fn load(explicit: Option<&Path>) -> Result<Option<Project>, Vec<Diagnostic>> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new(FILE).is_file() => PathBuf::from(FILE),
        None => return Ok(None),
    };
    let shown = path.display().to_string();
    let text = read_toml(&path).map_err(|msg| vec![Diagnostic::file_error(shown.clone(), msg)])?;
    let text = String::from_utf8(text).map_err(|e| {
        vec![Diagnostic::file_error(
            shown.clone(),
            Msg::NotUtf8 {
                offset: e.utf8_error().valid_up_to(),
            },
        )]
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let mut checks = Checks {
        shown: &shown,
        lines: LineIndex::new(text),
        diags: Vec::new(),
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let detail = e.message().trim().replace('\n', " ");
        checks.error(e.span().unwrap_or(0..0), Msg::TomlSyntax { detail });
        std::mem::take(&mut checks.diags)
    })?;
    let districts: Vec<String> = raw
        .districts
        .iter()
        .filter_map(|d| checks.name(d))
        .collect();
    let district_aliases = checks.aliases(&raw.aliases.district, Some(&districts));
    let department_aliases = checks.aliases(&raw.aliases.department, None);
    let target = raw.target.map(|t| checks.not_negative("target", &t));
    let bands = raw.bands.map_or_else(Bands::default, |b| checks.bands(&b));
    let city_figure = raw.city_score.map_or_else(CityFigure::default, |v| {
        checks.choice("city_score", &v, CITY_FIGURES, CityFigure::default())
    });
    let gates = raw.gates.map_or_else(Gates::default, |g| checks.gates(&g));
    if !checks.diags.is_empty() {
        crate::diag::sort(&mut checks.diags);
        return Err(checks.diags);
    }
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Ok(Some(Project {
        standard: raw.standard.map(|s| dir.join(s)),
        inputs: input_patterns(&raw.inputs, &dir),
        city: raw.city,
        context: Context {
            districts,
            district_aliases,
            department_aliases,
        },
        bands,
        target,
        city_figure,
        gates,
        dir,
    }))
}

/// The input patterns, joined to the file's folder. Without `inputs`, the
/// files of its `data` folder, when it has one ([`DEFAULT_INPUTS`]; only
/// input files are taken from what a pattern matches, see
/// [`crate::paths::glob`]).
fn input_patterns(inputs: &[String], dir: &Path) -> Vec<String> {
    if inputs.is_empty() {
        return if dir.join("data").is_dir() {
            vec![dir.join(DEFAULT_INPUTS).to_string_lossy().into_owned()]
        } else {
            Vec::new()
        };
    }
    inputs
        .iter()
        .map(|i| dir.join(i).to_string_lossy().into_owned())
        .collect()
}

/// The inputs of a project file that names none.
pub const DEFAULT_INPUTS: &str = "data/*";

/// The checks of a parsed file, collecting every problem, located.
struct Checks<'a> {
    shown: &'a str,
    lines: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

impl Checks<'_> {
    fn error(&mut self, span: Range<usize>, msg: Msg) {
        let pos = self.lines.pos(span);
        self.diags.push(Diagnostic::new(
            Severity::Error,
            Some(self.shown.to_string()),
            pos,
            msg,
        ));
    }

    /// A name as rows are matched against it: normalised as cells are, and
    /// without invisible format characters (`None`, reported, if any).
    fn name(&mut self, s: &Spanned<String>) -> Option<String> {
        let n = normalize(s.get_ref());
        if let Some(f) = format_char(&n) {
            self.error(
                s.span(),
                Msg::FormatChar {
                    code: code_point(f),
                },
            );
            return None;
        }
        Some(n.into_owned())
    }

    /// Aliases, normalised and checked. With a list of districts, an alias
    /// maps to a listed name and is not one; without (departments, or no
    /// list), an alias is not what another maps to: no chain, no cycle.
    fn aliases(&mut self, raw: &Names, listed: Option<&[String]>) -> HashMap<String, String> {
        let mut pairs = Vec::new();
        for (k, v) in raw {
            if let (Some(key), Some(value)) = (self.name(k), self.name(v)) {
                pairs.push((k, v, key, value));
            }
        }
        // In file order, so that a message names the first alias it can.
        pairs.sort_by_key(|(k, ..)| k.span().start);
        let listed = listed.filter(|l| !l.is_empty());
        // What each name is the target of (the first alias, not itself).
        let mut target_of: HashMap<&str, &str> = HashMap::new();
        for (_, _, key, value) in &pairs {
            if key != value {
                target_of.entry(value.as_str()).or_insert(key.as_str());
            }
        }
        for (k, v, key, value) in &pairs {
            if let Some(listed) = listed {
                if listed.contains(key) {
                    self.error(k.span(), Msg::AliasIsListed { alias: key.clone() });
                }
                if !listed.contains(value) {
                    let suggestion = closest(value, listed.iter().map(String::as_str));
                    self.error(
                        v.span(),
                        Msg::AliasTargetUnlisted {
                            alias: key.clone(),
                            target: value.clone(),
                            suggestion,
                        },
                    );
                }
            } else if let Some(&by) = target_of.get(key.as_str()) {
                self.error(
                    k.span(),
                    Msg::AliasChain {
                        alias: key.clone(),
                        by: by.to_string(),
                    },
                );
            }
        }
        pairs
            .into_iter()
            .map(|(_, _, key, value)| (key, value))
            .collect()
    }

    /// One of `choices`, by name; anything else (a string not among them,
    /// or a value of another type) is reported with the names accepted,
    /// and `default` stands in for it.
    fn choice<T: Copy>(
        &mut self,
        key: &str,
        v: &Spanned<toml::Value>,
        choices: &[(&str, T)],
        default: T,
    ) -> T {
        let value = v.get_ref();
        let name = value.as_str().map(str::trim);
        if let Some((_, c)) = choices.iter().find(|(k, _)| Some(*k) == name) {
            return *c;
        }
        self.error(
            v.span(),
            Msg::BadChoice {
                key: key.into(),
                value: name.map_or_else(|| value.to_string(), str::to_string),
                expected: choices.iter().map(|(k, _)| (*k).to_string()).collect(),
            },
        );
        default
    }

    fn not_negative(&mut self, key: &str, v: &Spanned<Decimal>) -> Decimal {
        let n = *v.get_ref();
        if n.is_sign_negative() && !n.is_zero() {
            self.error(
                v.span(),
                Msg::Negative {
                    key: key.into(),
                    value: n.normalize().to_string(),
                },
            );
        }
        n
    }

    /// `[gates]`; a `max_rejects` that is neither `N` nor `"P%"` is
    /// reported.
    fn gates(&mut self, g: &RawGates) -> Gates {
        let max_rejects = g.max_rejects.as_ref().and_then(|v| {
            let text = match v.get_ref() {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let parsed = MaxRejects::parse(&text);
            if parsed.is_none() {
                self.error(
                    v.span(),
                    Msg::BadMaxRejects {
                        key: "max_rejects".into(),
                        value: text,
                    },
                );
            }
            parsed
        });
        Gates {
            fail_below: g.fail_below,
            max_rejects,
            require_complete: g.require_complete,
            fail_on_veto: g.fail_on_veto,
            fail_on_black: g.fail_on_black,
        }
    }

    /// 红黑榜 lines: not negative, and red not below black (a score between
    /// them would be on both lists).
    fn bands(&mut self, b: &RawBands) -> Bands {
        let red = b.red.as_ref().map(|r| self.not_negative("red", r));
        let black = b.black.as_ref().map(|k| self.not_negative("black", k));
        if let (Some(r), Some(k), Some(at)) = (red, black, &b.red)
            && r < k
        {
            self.error(
                at.span(),
                Msg::BandsCrossed {
                    red: r.normalize().to_string(),
                    black: k.normalize().to_string(),
                },
            );
        }
        Bands { red, black }
    }
}
