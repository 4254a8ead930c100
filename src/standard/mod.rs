//! The evaluation standard (测评体系): a tree of groups whose leaves are
//! criteria, with score values, methods, point types, departments and rules.
//!
//! [`load`] reads it from TOML; everything here is plain data that the scorer
//! and the report builders read.

mod load;
// --- init (issue 13) ---
pub mod shipped;

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::Serialize;

pub use load::{FIELD, Loaded, MAX_DEPTH, MAX_TOML, load, read_toml};

/// A whole standard, validated.
#[derive(Clone, Debug)]
pub struct Standard {
    pub id: String,
    pub name: String,
    pub edition: Option<String>,
    /// Display names of the tree levels, top first; the last names criteria.
    pub levels: Vec<String>,
    pub full_score: Decimal,
    /// Reported precision (rounded half away from zero).
    pub decimals: u32,
    pub methods: Vec<Method>,
    /// True when the methods carry weights (they then sum to `full_score`).
    pub weighted: bool,
    pub policy: Policy,
    pub groups: Vec<Group>,
    pub criteria: Vec<Criterion>,
    pub penalties: Vec<Penalty>,
    /// The TOML files read, in order.
    pub files: Vec<String>,
    index: rustc_hash::FxHashMap<String, Entry>,
    /// The same index for ids of at most 16 bytes, keyed by their bytes as
    /// one integer: the lookup done for every inspection row.
    short: rustc_hash::FxHashMap<u128, Entry>,
    /// Every point type named by a criterion, sorted.
    point_types: Vec<String>,
    /// The same names' indexes, by the names packed as integers where they
    /// fit (see [`pack`]).
    point_types_packed: rustc_hash::FxHashMap<u128, usize>,
    /// Per criterion, what every inspection row needs of it (see [`Hot`]).
    pub hot: Vec<Hot>,
}

/// What every inspection row needs of its criterion, in a few bytes: a
/// criterion itself spans several cache lines, and rows visit criteria in
/// no particular order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hot {
    pub kind: RuleKind,
    /// Checked at inspection points: rows need a point.
    pub field: bool,
    /// The point types it is checked at, as bits over the standard's
    /// point types; `None` when any point type will do.
    pub types: Option<u64>,
    /// The standard has more than 64 point types: ask
    /// [`Criterion::checked_at`] instead of `types`.
    pub wide: bool,
}

/// A rule's kind, without its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    Rate,
    All,
    Deduct,
    Quota,
    Graded,
}

impl Hot {
    fn of(c: &Criterion, point_types: usize) -> Self {
        Self {
            kind: match c.rule {
                Rule::Rate { .. } => RuleKind::Rate,
                Rule::All => RuleKind::All,
                Rule::Deduct { .. } => RuleKind::Deduct,
                Rule::Quota { .. } => RuleKind::Quota,
                Rule::Graded { .. } => RuleKind::Graded,
            },
            field: c.field,
            types: (!c.point_types.is_empty())
                .then(|| c.point_type_bits.first().copied().unwrap_or(0)),
            wide: point_types > 64,
        }
    }

    /// Whether a row at point type `point_type` (an index into the
    /// standard's point types; `None` for one it does not name) is one the
    /// criterion is checked at; `crit` is the criterion itself.
    #[inline]
    #[must_use]
    pub fn checked_at(&self, crit: &Criterion, point_type: Option<usize>) -> bool {
        match (self.types, point_type) {
            (None, _) => true,
            (Some(_), _) if self.wide => crit.checked_at(point_type),
            (Some(bits), Some(i)) => bits >> i & 1 == 1,
            (Some(_), None) => false,
        }
    }
}

/// An id of at most 15 bytes as one integer: its bytes, zero-padded, with
/// the length in the last byte (so no two ids share a key).
fn pack(id: &str) -> Option<u128> {
    pack_bytes(id.as_bytes())
}

fn pack_bytes(b: &[u8]) -> Option<u128> {
    let len = u8::try_from(b.len()).ok().filter(|&n| n < 16)?;
    // Shifted in, not copied through a buffer: a short copy followed by a
    // wide load of the same bytes stalls the processor.
    let bytes = b
        .iter()
        .rev()
        .fold(0u128, |acc, &x| acc << 8 | u128::from(x));
    Some(bytes | u128::from(len) << 120)
}

/// Build both indexes from the id → entry map.
pub(crate) fn indexes(
    index: rustc_hash::FxHashMap<String, Entry>,
) -> (
    rustc_hash::FxHashMap<String, Entry>,
    rustc_hash::FxHashMap<u128, Entry>,
) {
    let short = index
        .iter()
        .filter_map(|(k, v)| pack(k).map(|p| (p, *v)))
        .collect();
    (index, short)
}

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Group(usize),
    Criterion(usize),
    Penalty(usize),
}

/// An assessment method (实地考察, 材料审核, 问卷调查, ...).
#[derive(Clone, Debug, Serialize)]
pub struct Method {
    pub key: String,
    pub name: String,
    pub weight: Option<Decimal>,
}

/// How 无法调查 rows count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unobservable {
    Exclude,
    Fail,
}

/// How 严重不合格 rows count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severe {
    /// Any severe row zeroes the criterion in that unit.
    Zero,
    /// A severe row counts as an ordinary fail.
    Fail,
}

/// What a criterion's rule is applied to within a unit (a district, the
/// city, a department).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Each place (a point; for rows without a point, the district) is
    /// scored alone, and the unit earns the mean over its places.
    Point,
    /// All of the unit's rows are scored together.
    Unit,
}

/// The values of `scope` in a standard, as written there.
pub const SCOPES: &[(&str, Scope)] = &[("point", Scope::Point), ("unit", Scope::Unit)];

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Policy {
    pub unobservable: Unobservable,
    pub severe: Severe,
    pub rectify_days: u32,
    /// The scope of criteria that do not state their own.
    pub scope: Scope,
}

/// An inner node of the tree (测评项目, 测评指标, ...).
#[derive(Clone, Debug)]
pub struct Group {
    pub id: String,
    pub name: String,
    pub parent: Option<usize>,
    /// 0 for top-level groups.
    pub depth: usize,
}

/// A leaf: one criterion (测评标准).
#[derive(Clone, Debug)]
pub struct Criterion {
    pub id: String,
    pub group: usize,
    pub text: String,
    /// 分值, > 0.
    pub score: Decimal,
    /// Index into [`Standard::methods`].
    pub method: usize,
    pub point_types: Vec<String>,
    pub lead: Option<String>,
    pub assist: Vec<String>,
    pub rule: Rule,
    pub rectify_days: Option<u32>,
    /// The criterion's own scope, else the policy's.
    pub scope: Scope,
    /// Checked at inspection points (method `field`): rows need a point.
    pub field: bool,
    /// `point_types` as a bitset over [`Standard::point_type_index`].
    pub point_type_bits: Vec<u64>,
}

impl Criterion {
    /// Whether the point type with this index (see
    /// [`Standard::point_type_index`]) is one of the criterion's.
    #[must_use]
    pub fn checked_at(&self, point_type: Option<usize>) -> bool {
        point_type.is_some_and(|i| {
            self.point_type_bits
                .get(i / 64)
                .is_some_and(|w| w >> (i % 64) & 1 == 1)
        })
    }
}

/// How a criterion is scored in one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Rule {
    /// 分值 × passes / observations; full marks at or above `full_at`.
    Rate {
        #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
        full_at: Option<Decimal>,
    },
    /// Full marks only if every observation passes.
    All,
    /// 分值 − `per_problem` × problems, floor 0.
    Deduct {
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        per_problem: Decimal,
    },
    /// 分值 − `per_missing` × missing items, floor 0.
    Quota {
        required: u32,
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        per_missing: Decimal,
    },
    /// A reviewer's points, or a grade letter's fraction of 分值.
    Graded {
        #[serde(serialize_with = "grades_map")]
        grades: Vec<(String, Decimal)>,
    },
}

impl Rule {
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Rate { .. } => "rate",
            Self::All => "all",
            Self::Deduct { .. } => "deduct",
            Self::Quota { .. } => "quota",
            Self::Graded { .. } => "graded",
        }
    }
}

/// A negative-list entry (负面清单).
#[derive(Clone, Debug, Serialize)]
pub struct Penalty {
    pub id: String,
    pub text: String,
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub points: Decimal,
    pub veto: bool,
}

impl Standard {
    /// Look an id up (already normalised).
    #[must_use]
    pub fn entry(&self, id: &str) -> Option<Entry> {
        match pack(id) {
            Some(k) => self.short.get(&k).copied(),
            None => self.index.get(id).copied(),
        }
    }

    /// Look an id up by its bytes, as written (no folding).
    #[must_use]
    pub fn entry_bytes(&self, id: &[u8]) -> Option<Entry> {
        self.short.get(&pack_bytes(id)?).copied()
    }

    /// Every point type named by a criterion, sorted: the indexes of
    /// [`Standard::point_type_index`].
    #[must_use]
    pub fn point_types(&self) -> &[String] {
        &self.point_types
    }

    /// The index of a point type named by any criterion.
    #[must_use]
    pub fn point_type_index(&self, name: &str) -> Option<usize> {
        match pack(name) {
            Some(k) => self.point_types_packed.get(&k).copied(),
            None => self
                .point_types
                .binary_search_by(|p| p.as_str().cmp(name))
                .ok(),
        }
    }

    /// The chain of group indices from the top level down to `group`.
    #[must_use]
    pub fn ancestry(&self, group: usize) -> Vec<usize> {
        let mut chain = vec![group];
        let mut g = group;
        while let Some(p) = self.groups[g].parent {
            chain.push(p);
            g = p;
        }
        chain.reverse();
        chain
    }

    /// The departments a criterion is attributed to: lead, then assist.
    pub fn departments(&self, c: usize) -> impl Iterator<Item = &str> {
        let c = &self.criteria[c];
        c.lead.iter().chain(c.assist.iter()).map(String::as_str)
    }
}

/// A space other than U+0020 (Unicode Zs: the no-break space, the
/// ideographic space, the en, em, thin and other spaces). Inside a name it
/// reads as a space, so it is folded to one: "东\u{a0}区" is "东 区".
#[must_use]
pub fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

/// `s` with every [odd space](is_odd_space) made an ordinary one. Borrows
/// when there is none.
#[must_use]
pub fn fold_spaces(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || !s.contains(is_odd_space) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if is_odd_space(c) { ' ' } else { c })
            .collect(),
    )
}

/// The first format character (Unicode general category Cf: zero-width
/// spaces and joiners, direction marks, the soft hyphen, a BOM inside the
/// text, ...) in `s`. These are invisible, so a name holding one looks like
/// another and is not: names with them are rejected.
#[must_use]
pub fn format_char(s: &str) -> Option<char> {
    // Fast path: no byte that can start one in UTF-8 (ASCII and CJK text
    // have none), checked without a branch a byte.
    let lead = s.bytes().fold(false, |acc, b| {
        acc | matches!(
            b,
            0xc2 | 0xd8 | 0xdb | 0xdc | 0xe0 | 0xe1 | 0xe2 | 0xef | 0xf0 | 0xf3
        )
    });
    if !lead {
        return None;
    }
    s.chars().find(|&c| is_format(c))
}

/// The code point as messages name it: `U+200B`.
#[must_use]
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Unicode's Cf, range by range (16.0's `DerivedGeneralCategory.txt`, the
/// same since 15.0; regex-syntax's table of 16.0 agrees). Twenty-one
/// ranges that rarely change: a table here rather than a crate of every
/// category for one of them.
const FORMAT: [(u32, u32); 21] = [
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

fn is_format(c: char) -> bool {
    let c = u32::from(c);
    c >= 0xAD
        && FORMAT
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// The closest candidate to `word`, if it is close enough to be a likely typo
/// (an edit distance, counting a swap of neighbours as one edit, of at most a
/// third of the length, and at least 1). Ties go to the smaller candidate.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::osa_distance(word, c);
        let n = word.chars().count().max(c.chars().count());
        if d <= (n / 3).max(1) && best.is_none_or(|(b, bc)| (d, c) < (b, bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn grades_map<S: serde::Serializer>(grades: &[(String, Decimal)], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(grades.len()))?;
    for (k, v) in grades {
        m.serialize_entry(
            k,
            &serde_json::Number::from_string_unchecked(v.normalize().to_string()),
        )?;
    }
    m.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Hot::checked_at` answers as `Criterion::checked_at` does, with the
    /// bits kept in `Hot` and (past 64 point types) without them.
    #[test]
    fn hot_point_types_agree_with_the_criterion() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let types: Vec<String> = (0..70).map(|i| format!("\"类型{i:02}\"")).collect();
        for (name, n) in [("narrow", 10), ("wide", 70)] {
            let toml = crate::standard::tests::standard_with(&types[..n].join(", "));
            let path = dir.path().join(format!("{name}.toml"));
            std::fs::write(&path, toml).expect("write the standard");
            let st = load(&path).standard.expect("the standard loads");
            assert_eq!(st.hot[0].wide, n > 64);
            for c in 0..st.criteria.len() {
                for i in (0..n).map(Some).chain([None]) {
                    assert_eq!(
                        st.hot[c].checked_at(&st.criteria[c], i),
                        st.criteria[c].point_types.is_empty() || st.criteria[c].checked_at(i),
                        "{name}: criterion {c}, point type {i:?}"
                    );
                }
            }
        }
    }

    /// The Cf table agrees with Unicode on the characters that matter here,
    /// and takes nothing visible.
    #[test]
    fn format_characters() {
        for c in [
            '\u{ad}',
            '\u{200b}',
            '\u{200f}',
            '\u{202e}',
            '\u{2060}',
            '\u{2064}',
            '\u{feff}',
            '\u{e0001}',
            '\u{e007f}',
            '\u{1343f}',
        ] {
            assert!(is_format(c), "{}", code_point(c));
        }
        for c in [
            'a',
            ' ',
            '\u{a0}',
            '\u{ac}',
            '\u{ae}',
            '\u{2065}',
            '\u{2070}',
            '\u{3000}',
            '东',
            '\u{fffc}',
            '\u{e0080}',
        ] {
            assert!(!is_format(c), "{}", code_point(c));
        }
        assert!(FORMAT.windows(2).all(|w| w[0].1 < w[1].0));
        // The fast path's lead bytes are those of every range.
        for &(lo, hi) in &FORMAT {
            for c in (lo..=hi).filter_map(char::from_u32) {
                assert_eq!(
                    format_char(&format!("东{c}区")),
                    Some(c),
                    "{}",
                    code_point(c)
                );
            }
        }
        assert_eq!(format_char("东\u{200b}区"), Some('\u{200b}'));
        assert_eq!(format_char("A1.01"), None);
        assert_eq!(code_point('\u{ad}'), "U+00AD");
        assert_eq!(fold_spaces("东\u{a0}区\u{3000}"), "东 区 ");
        assert!(matches!(fold_spaces("东区"), Cow::Borrowed(_)));
    }

    /// A standard with three criteria: one checked at `types`, one at all
    /// of them but the first, and one not at points.
    pub fn standard_with(types: &str) -> String {
        let first_dropped = types.split_once(", ").map_or("", |(_, rest)| rest);
        format!(
            r#"[standard]
id = "t"
name = "测试"
levels = ["项目", "标准"]
full_score = 100

[[group]]
id = "A"
name = "甲"

[[criterion]]
id = "A.1"
group = "A"
text = "一"
score = 1
method = "field"
point_types = [{types}]
lead = "城管局"
rule = {{ kind = "rate" }}

[[criterion]]
id = "A.2"
group = "A"
text = "二"
score = 1
method = "field"
point_types = [{first_dropped}]
lead = "城管局"
rule = {{ kind = "rate" }}

[[criterion]]
id = "A.3"
group = "A"
text = "三"
score = 1
method = "material"
lead = "城管局"
rule = {{ kind = "rate" }}
"#
        )
    }
}
