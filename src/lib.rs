//! ceping (测评): scores National Civilized City (全国文明城市) assessments.
//!
//! The stages are kept apart, each using only those below it:
//!
//! - [`standard`]: load and validate the evaluation standard (TOML);
//! - [`input`]: read inspection results (CSV, any encoding) into typed rows;
//!   [`project`]: the city's `ceping.toml`;
//! - [`score`]: pure scoring, exact arithmetic, mergeable state;
//! - [`report`]: the serialisable report models, computed from the above;
//! - [`render`]: report models in, bytes out (table, json, csv, md);
//! - [`cmd`]: one module per subcommand, the only layer that prints;
//! - [`diag`], [`i18n`], [`output`], [`paths`]: located diagnostics, the
//!   message catalog, atomic output, and the files a command reads.

pub mod cli;
pub mod cmd;
pub mod diag;
pub mod i18n;
pub mod input;
pub mod output;
pub mod paths;
// --- terminal (issue 13) ---
pub mod progress;
pub mod project;
pub mod render;
pub mod report;
pub mod score;
pub mod standard;
