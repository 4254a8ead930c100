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

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use rust_decimal::Decimal;
use rustc_hash::FxHasher;

pub use read::{InputInfo, ReadOptions, ReadResult, RowCounts, Source, read};
pub use rejects::{Rejected, Rejects};
pub use text::{Outcome, Status};

use crate::standard::{Entry, Standard};

/// One valid observation, borrowed from the record it came from (or from
/// whatever built it: see [`Obs::new`]). The reader is one source of them;
/// nothing here depends on CSV.
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
    /// Where the row came from.
    pub loc: Loc,
    /// The row's 整改状态 (status) cell, checked.
    pub status: Option<Status>,
    /// The note, photo and inspector cells, as written.
    pub texts: Texts<'a>,
}

/// Where an observation came from: its input (an index into the read's
/// sources, whose display names the file, or the workbook and sheet) and
/// its line (a sheet's row).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub input: usize,
    pub line: u64,
}

/// The free-text cells of an observation (问题描述, 照片, 检查人): the record
/// they are in, borrowed, read and normalised only when a consumer asks
/// (the scorer never does). An observation built from parts has none.
#[derive(Clone, Copy, Debug, Default)]
pub struct Texts<'a> {
    record: Option<(&'a records::Fields<'a>, &'a columns::Columns)>,
}

impl<'a> Texts<'a> {
    /// The text cells of a record read with these columns.
    #[must_use]
    pub fn of_record(rec: &'a records::Fields<'a>, cols: &'a columns::Columns) -> Self {
        Self {
            record: Some((rec, cols)),
        }
    }

    fn cell(&self, f: columns::Field) -> &'a [u8] {
        self.record
            .and_then(|(rec, cols)| rec.get(cols.get(f)?))
            .unwrap_or_default()
    }

    #[must_use]
    pub fn note(&self) -> Option<Cow<'a, str>> {
        cell_text(self.cell(columns::Field::Note))
    }

    #[must_use]
    pub fn photo(&self) -> Option<Cow<'a, str>> {
        cell_text(self.cell(columns::Field::Photo))
    }

    #[must_use]
    pub fn inspector(&self) -> Option<Cow<'a, str>> {
        cell_text(self.cell(columns::Field::Inspector))
    }
}

/// A free-text cell, trimmed and width-folded; `None` when empty. Bytes
/// that are not UTF-8 (which a checked cell never has) show as U+FFFD.
fn cell_text(raw: &[u8]) -> Option<Cow<'_, str>> {
    let s = match String::from_utf8_lossy(raw) {
        Cow::Borrowed(s) => text::normalize(s),
        Cow::Owned(s) => Cow::Owned(text::normalize(&s).into_owned()),
    };
    (!s.is_empty()).then_some(s)
}

/// The place and time of an observation, for [`Obs::new`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Visit<'a> {
    pub round: &'a str,
    pub district: &'a str,
    pub street: Option<&'a str>,
    pub point: Option<&'a str>,
    pub point_type: Option<&'a str>,
    pub department: Option<&'a str>,
    pub date: Option<u32>,
}

impl<'a> Obs<'a> {
    /// An observation built from its parts rather than read (for another
    /// source of rows, and tests), keeping the invariants the tally relies
    /// on: each unit's version is a hash of its text (never 0, the same for
    /// the same text), `visit` hashes round, district, point and date as
    /// the reader does, and the point type's index is the standard's.
    /// (Versions of one tally must come from one kind of source: the
    /// reader's are counters.)
    #[must_use]
    pub fn new(st: &Standard, v: Visit<'a>, target: Entry, row: Row, loc: Loc) -> Self {
        let version = |kind: u8, s: Option<&str>| {
            let mut h = FxHasher::default();
            (kind, s).hash(&mut h);
            h.finish() | 1
        };
        let mut h = FxHasher::default();
        for s in [v.round, v.district, v.point.unwrap_or("")] {
            s.hash(&mut h);
        }
        v.date.unwrap_or(0).hash(&mut h);
        Self {
            round: v.round,
            district: v.district,
            street: v.street,
            point: v.point,
            point_type: v.point_type,
            point_type_index: v.point_type.and_then(|t| st.point_type_index(t)),
            department: v.department,
            date: v.date,
            units: [
                version(0, Some(v.round)),
                version(1, Some(v.district)),
                version(2, v.street),
                version(3, v.point),
                version(4, v.point_type),
                version(5, v.department),
            ],
            visit: h.finish(),
            target,
            row,
            loc,
            status: None,
            texts: Texts::default(),
        }
    }
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

/// Two consumers of one stream: each sees every observation (e.g. the
/// tally and the ledger, `read(.., || (Tally::new(st), Ledger::new(..)))`).
impl<A: Sink, B: Sink> Sink for (A, B) {
    fn observe(&mut self, obs: &Obs<'_>) {
        self.0.observe(obs);
        self.1.observe(obs);
    }

    fn retract(&mut self, obs: &Obs<'_>) {
        self.0.retract(obs);
        self.1.retract(obs);
    }

    fn merge(&mut self, other: Self) {
        self.0.merge(other.0);
        self.1.merge(other.1);
    }
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
