//! The city project file, `ceping.toml`: default standard and inputs, the
//! city's districts and aliases, 红黑榜 bands and the target score. Paths in
//! it are relative to the file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::diag::{Diagnostic, LineIndex, Severity};
use crate::i18n::Msg;
use crate::input::{Context, text::normalize};
use crate::report::score::Bands;

/// The file name looked for in the working directory.
pub const FILE: &str = "ceping.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    standard: Option<String>,
    #[serde(default)]
    inputs: Vec<String>,
    city: Option<String>,
    #[serde(default)]
    districts: Vec<String>,
    #[serde(default)]
    aliases: RawAliases,
    bands: Option<RawBands>,
    target: Option<Decimal>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAliases {
    #[serde(default)]
    district: HashMap<String, String>,
    #[serde(default)]
    department: HashMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBands {
    red: Option<Decimal>,
    black: Option<Decimal>,
}

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
}

/// Load `--config FILE`, or `ceping.toml` in the working directory if there
/// is one. `Ok(None)` when there is none.
///
/// # Errors
/// A diagnostic for a file that cannot be read or is not valid.
pub fn load(explicit: Option<&Path>) -> Result<Option<Project>, Box<Diagnostic>> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None if Path::new(FILE).is_file() => PathBuf::from(FILE),
        None => return Ok(None),
    };
    let shown = path.display().to_string();
    let text = std::fs::read(&path).map_err(|e| {
        let msg = if e.kind() == std::io::ErrorKind::NotFound {
            Msg::NotFound
        } else {
            Msg::Io {
                detail: e.to_string(),
            }
        };
        Box::new(Diagnostic::file_error(shown.clone(), msg))
    })?;
    let text = String::from_utf8(text).map_err(|e| {
        Diagnostic::file_error(
            shown.clone(),
            Msg::NotUtf8 {
                offset: e.utf8_error().valid_up_to(),
            },
        )
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let pos = LineIndex::new(text).pos(e.span().unwrap_or(0..0));
        Diagnostic::new(
            Severity::Error,
            Some(shown.clone()),
            pos,
            Msg::TomlSyntax {
                detail: e.message().trim().replace('\n', " "),
            },
        )
    })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let fold = |m: HashMap<String, String>| -> HashMap<String, String> {
        m.into_iter()
            .map(|(k, v)| (normalize(&k).into_owned(), normalize(&v).into_owned()))
            .collect()
    };
    Ok(Some(Project {
        standard: raw.standard.map(|s| dir.join(s)),
        inputs: raw
            .inputs
            .iter()
            .map(|i| dir.join(i).to_string_lossy().into_owned())
            .collect(),
        city: raw.city,
        context: Context {
            districts: raw
                .districts
                .iter()
                .map(|d| normalize(d).into_owned())
                .collect(),
            district_aliases: fold(raw.aliases.district),
            department_aliases: fold(raw.aliases.department),
        },
        bands: raw.bands.map_or_else(Bands::default, |b| Bands {
            red: b.red,
            black: b.black,
        }),
        target: raw.target,
        dir,
    }))
}
