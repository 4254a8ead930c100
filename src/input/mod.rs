//! Inspection results: files as inspectors save them (CSV or workbooks) →
//! typed observations.
//!
//! - [`decode`]: encodings, BOMs, delimiters;
//! - [`columns`]: header aliases (English, Chinese, any width);
//! - [`text`]: result words, integers, dates, width folding;
//! - [`source`]: where records come from: a CSV file or a workbook's sheets
//!   (xlsx, xlsm, xls, ods), each with its header found (title rows above
//!   it skipped) and its records located;
//! - [`records`]: CSV records and the lines they start on, fast;
//! - [`rejects`]: the rejected rows, spooled to temporary files;
//! - [`row`]: one record (of either kind) → one [`Obs`] or located
//!   diagnostics;
//! - [`read`](mod@read): the streaming, multi-threaded driver that feeds a [`Sink`].

pub mod chunks;
pub mod columns;
pub mod decode;
pub mod read;
pub mod records;
pub mod rejects;
pub mod row;
pub mod source;
pub mod text;

use std::collections::HashMap;

use rust_decimal::Decimal;

pub use read::{InputInfo, ReadOptions, ReadResult, RowCounts, Source, read};
pub use rejects::{Rejected, Rejects};
pub use text::Outcome;

use crate::standard::{Entry, Standard};

/// One valid observation, borrowed from the record it came from.
#[derive(Clone, Debug)]
pub struct Obs<'a> {
    /// Empty when the file has no round column.
    pub round: &'a str,
    pub district: &'a str,
    pub street: Option<&'a str>,
    pub point: Option<&'a str>,
    pub point_type: Option<&'a str>,
    /// The point type's index in the standard (see
    /// [`Standard::point_type_index`]), when the standard names it.
    pub point_type_index: Option<usize>,
    /// The row's own responsible unit, overriding the criterion's.
    pub department: Option<&'a str>,
    pub date: Option<u32>,
    /// Versions of the row's round, district, street, point, point type and
    /// department: each the same for consecutive rows that share it (and
    /// mostly whenever a value comes back), and never the same for two
    /// different values (so that the tally can keep the spot of the last
    /// row, and remember names by their versions).
    pub units: [u64; 6],
    /// A hash of round, district, point and date: with the target, what
    /// identifies an observation (to find one imported twice).
    pub visit: u64,
    /// A criterion or a penalty (负面清单) of the standard.
    pub target: Entry,
    pub row: Row,
}

/// One observation, reduced to what scoring needs.
#[derive(Clone, Copy, Debug, Default)]
pub struct Row {
    /// `None` for quota and graded rows that give only a count or a value.
    pub outcome: Option<Outcome>,
    pub problems: Option<u32>,
    pub count: Option<u32>,
    /// graded: points awarded (a grade letter already converted).
    pub points: Option<Decimal>,
}

/// Receives the observations of one worker; workers' sinks are merged.
pub trait Sink: Send {
    fn observe(&mut self, obs: &Obs<'_>);
    /// Take back an observation (a duplicate found after the fact).
    fn retract(&mut self, obs: &Obs<'_>);
    fn merge(&mut self, other: Self)
    where
        Self: Sized;
}

/// What rows are checked against besides the standard (from ceping.toml).
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// The allowed district names; empty means any name is accepted.
    pub districts: Vec<String>,
    pub district_aliases: HashMap<String, String>,
    pub department_aliases: HashMap<String, String>,
}

/// The standard and the context, shared by every worker.
pub struct Checker<'a> {
    pub standard: &'a Standard,
    pub context: &'a Context,
}

impl Checker<'_> {
    #[must_use]
    pub fn criterion_ids(&self) -> Vec<&str> {
        self.standard
            .criteria
            .iter()
            .map(|c| c.id.as_str())
            .chain(self.standard.penalties.iter().map(|p| p.id.as_str()))
            .collect()
    }
}
