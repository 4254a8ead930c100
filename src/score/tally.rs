//! The whole aggregate state of a scoring run: one [`Acc`] per (round, unit,
//! criterion) that has rows, and penalty counts per (round, unit). Units are
//! the city, districts, streets, point types and departments named by rows.
//! Memory is bounded by the number of distinct units and the criteria each
//! has rows for, not by rows; every unit is found through a hash map, so
//! time and memory grow with the units, not their square.

use rustc_hash::{FxHashMap, FxHashSet};

use super::acc::Acc;
use crate::input::{Obs, Outcome, Sink};
use crate::standard::{Entry, RuleKind, Standard};

/// What a unit is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    City,
    /// The city's rows that name no department of their own (they belong to
    /// each criterion's lead and assisting departments).
    Shared,
    District,
    Street,
    PointType,
    /// Rows that name their own responsible unit.
    Department,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    round: u32,
    kind: Kind,
    name: u32,
    /// The district of a street; `u32::MAX` otherwise.
    parent: u32,
}

const NONE: u32 = u32::MAX;

#[derive(Clone, Debug, Default)]
struct Names {
    ids: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Names {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(NONE);
        self.names.push(s.into());
        self.ids.insert(s.into(), i);
        i
    }

    fn get(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |s| s)
    }
}

/// A unit as seen from outside: kind, name and (for streets) district.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unit {
    pub kind: Kind,
    pub name: String,
    pub parent: Option<String>,
}

/// A unit without its round: what [`Tally::find`] looks up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct UnitKey {
    kind: Kind,
    name: u32,
    parent: u32,
}

/// The aggregate state. Implements [`Sink`].
///
/// A slot is a (round, unit); a cell is a slot's criterion that has rows.
/// Most units have rows for a few criteria only (a street, a point type),
/// so cells are made as rows come: `cells` maps (slot, criterion) to its
/// cell, one number each, and only cells hold the counts.
#[derive(Clone, Debug)]
pub struct Tally<'s> {
    st: &'s Standard,
    names: Names,
    slots: FxHashMap<Key, u32>,
    keys: Vec<Key>,
    /// Per unit (any round), its first slot.
    units: FxHashMap<UnitKey, u32>,
    /// Per (slot, criterion), `slot × criteria + criterion`: its cell in
    /// `accs` and `lite`, or [`NONE`] while it has no rows.
    cells: Vec<u32>,
    accs: Vec<Acc>,
    /// The common rows' counts, not yet in `accs` (see [`Lite`]).
    lite: Vec<Lite>,
    pens: Vec<u64>,
    cache: SlotCache,
}

/// The counts of the common rows of one (unit, criterion): passes, fails,
/// 不适用, and a deduct criterion's problems or a quota criterion's missing
/// items — 20 bytes, so that the whole array stays in the processor's
/// cache, where the full [`Acc`]s do not. Any other row, or a count that
/// would pass `u32::MAX`, goes to the `Acc`.
#[derive(Clone, Copy, Debug, Default)]
struct Lite([u32; 5]);

impl Lite {
    /// A row's delta as lite counts, if it has nothing else.
    fn of(d: &Acc) -> Option<[u32; 5]> {
        let plain = d.unobservable == 0
            && d.severe == 0
            && d.graded == 0
            && d.points.is_zero()
            && d.rows == d.pass + d.fail + d.not_applicable;
        if !plain {
            return None;
        }
        let n = |v: u64| u32::try_from(v).ok();
        Some([
            n(d.pass)?,
            n(d.fail)?,
            n(d.not_applicable)?,
            n(d.problems)?,
            n(d.missing)?,
        ])
    }

    /// Add `d`, count by count; false, and nothing changed, if a count
    /// would overflow.
    fn add(&mut self, d: [u32; 5]) -> bool {
        let mut out = self.0;
        for (o, x) in out.iter_mut().zip(d) {
            let Some(v) = o.checked_add(x) else {
                return false;
            };
            *o = v;
        }
        self.0 = out;
        true
    }

    /// Take as much of `d`'s counts as these cells hold; what is left of
    /// `d`.
    fn take(&mut self, d: &Acc) -> Acc {
        let mut rest = *d;
        let wanted = [
            &mut rest.pass,
            &mut rest.fail,
            &mut rest.not_applicable,
            &mut rest.problems,
            &mut rest.missing,
        ];
        let mut rows = 0;
        for (k, (cell, want)) in self.0.iter_mut().zip(wanted).enumerate() {
            let t = (*want).min(u64::from(*cell));
            // `t` is at most `*cell`, a u32.
            *cell -= u32::try_from(t).unwrap_or(*cell);
            *want -= t;
            if k < 3 {
                rows += t;
            }
        }
        rest.rows -= rows;
        rest
    }
}

/// The last row's units (their versions, see [`Obs::units`]), their names'
/// ids and the slots they map to.
#[derive(Clone, Debug, Default)]
struct SlotCache {
    units: [u64; 5],
    round: u32,
    district: u32,
    slots: [usize; 4],
}

impl<'s> Tally<'s> {
    #[must_use]
    pub fn new(st: &'s Standard) -> Self {
        Self {
            st,
            names: Names::default(),
            slots: FxHashMap::default(),
            keys: Vec::new(),
            units: FxHashMap::default(),
            cells: Vec::new(),
            accs: Vec::new(),
            lite: Vec::new(),
            pens: Vec::new(),
            cache: SlotCache::default(),
        }
    }

    fn slot(&mut self, key: Key) -> usize {
        if let Some(&s) = self.slots.get(&key) {
            return s as usize;
        }
        let s = self.keys.len();
        let id = u32::try_from(s).unwrap_or(NONE);
        self.keys.push(key);
        self.slots.insert(key, id);
        self.units
            .entry(UnitKey {
                kind: key.kind,
                name: key.name,
                parent: key.parent,
            })
            .or_insert(id);
        self.cells
            .resize(self.cells.len() + self.st.criteria.len(), NONE);
        self.pens
            .resize(self.pens.len() + self.st.penalties.len(), 0);
        s
    }

    /// The cell of slot `s`'s criterion `c`, made if it has none yet.
    #[inline]
    fn cell(&mut self, s: usize, c: usize) -> usize {
        let k = s * self.st.criteria.len() + c;
        match self.cells[k] {
            NONE => self.new_cell(k),
            i => i as usize,
        }
    }

    #[cold]
    #[inline(never)]
    fn new_cell(&mut self, k: usize) -> usize {
        let i = self.accs.len();
        self.cells[k] = u32::try_from(i).unwrap_or(NONE);
        self.accs.push(Acc::default());
        self.lite.push(Lite::default());
        i
    }

    /// The criteria of slot `s` that have a cell, with their cells.
    fn cells_of(&self, s: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let nc = self.st.criteria.len();
        self.cells[s * nc..(s + 1) * nc]
            .iter()
            .enumerate()
            .filter(|&(_, &i)| i != NONE)
            .map(|(c, &i)| (c, i as usize))
    }

    /// The state of slot `s`'s criterion `c`: `accs` and `lite` together
    /// (all zero without a cell).
    fn acc(&self, s: usize, c: usize) -> Acc {
        match self.cells[s * self.st.criteria.len() + c] {
            NONE => Acc::default(),
            i => self.cell_acc(i as usize),
        }
    }

    /// The state of cell `i`: `accs` and `lite` together.
    fn cell_acc(&self, i: usize) -> Acc {
        let mut a = self.accs[i];
        let [pass, fail, na, problems, missing] = self.lite[i].0.map(u64::from);
        a.rows += pass + fail + na;
        a.pass += pass;
        a.fail += fail;
        a.not_applicable += na;
        a.problems += problems;
        a.missing += missing;
        a
    }

    fn key(&mut self, round: u32, kind: Kind, name: &str, parent: u32) -> Key {
        Key {
            round,
            kind,
            name: self.names.id(name),
            parent,
        }
    }

    /// The slots a row adds to: district, street, point type, and the
    /// department it names (`usize::MAX` where there is none). The city and
    /// the shared rows are sums, made by [`Tally::pooled`]. Consecutive rows
    /// usually share their units, so the last answer is kept.
    fn row_slots(&mut self, obs: &Obs<'_>) -> [usize; 4] {
        let (was, now) = (self.cache.units, obs.units);
        // Compared by hand: `==` on the arrays is a call to `memcmp`.
        if was.iter().zip(&now).fold(0, |d, (a, b)| d | (a ^ b)) == 0 {
            return self.cache.slots;
        }
        // Versions are never 0, so a fresh cache matches nothing. A slot is
        // looked up again only when a unit it depends on has changed.
        let same = |i: usize| was[i] == now[i];
        let round = if same(0) {
            self.cache.round
        } else {
            self.names.id(obs.round)
        };
        let district = if same(0) && same(1) {
            self.cache.district
        } else {
            self.names.id(obs.district)
        };
        let mut slots = self.cache.slots;
        if !(same(0) && same(1)) {
            slots[0] = self.slot(Key {
                round,
                kind: Kind::District,
                name: district,
                parent: NONE,
            });
        }
        if !(same(0) && same(1) && same(2)) {
            slots[1] = obs.street.map_or(usize::MAX, |s| {
                let k = self.key(round, Kind::Street, s, district);
                self.slot(k)
            });
        }
        if !(same(0) && same(3)) {
            slots[2] = obs.point_type.map_or(usize::MAX, |p| {
                let k = self.key(round, Kind::PointType, p, NONE);
                self.slot(k)
            });
        }
        if !(same(0) && same(4)) {
            slots[3] = obs.department.map_or(usize::MAX, |d| {
                let k = self.key(round, Kind::Department, d, NONE);
                self.slot(k)
            });
        }
        self.cache = SlotCache {
            units: now,
            round,
            district,
            slots,
        };
        slots
    }

    /// Apply one observation with sign +1 (`observe`) or −1 (`retract`).
    fn apply(&mut self, obs: &Obs<'_>, add: bool) {
        let slots = self.row_slots(obs);
        match obs.target {
            Entry::Criterion(c) => {
                // Most rows are plain passes: no delta to build.
                let plain = obs.row.outcome == Some(Outcome::Pass)
                    && matches!(
                        self.st.hot[c].kind,
                        RuleKind::Rate | RuleKind::All | RuleKind::Deduct
                    );
                if plain && add {
                    // The commonest row of all: one pass more in each slot.
                    for s in slots.into_iter().filter(|&s| s != usize::MAX) {
                        let i = self.cell(s, c);
                        match self.lite[i].0[0].checked_add(1) {
                            Some(n) => self.lite[i].0[0] = n,
                            None => self.accs[i] += &Acc::pass(),
                        }
                    }
                    return;
                }
                let delta = if plain {
                    Acc::pass()
                } else {
                    let crit = &self.st.criteria[c];
                    let policy = (self.st.policy.unobservable, self.st.policy.severe);
                    let mut d = Acc::default();
                    d.add(&obs.row, &crit.rule, crit.score, policy);
                    d
                };
                let lite = Lite::of(&delta);
                for s in slots.into_iter().filter(|&s| s != usize::MAX) {
                    let i = self.cell(s, c);
                    if add {
                        // Into `lite` when it fits, else `accs`: their sum
                        // is what counts.
                        if !lite.is_some_and(|d| self.lite[i].add(d)) {
                            self.accs[i] += &delta;
                        }
                    } else {
                        // The row was counted, but its counts may lie in
                        // either store, or partly in each (a merge moves a
                        // tally's `lite` into `accs`, and rows taken back
                        // before took from whichever held enough): take
                        // each count from `lite` as far as it holds, the
                        // rest from `accs`, which then holds it.
                        let rest = self.lite[i].take(&delta);
                        self.accs[i] -= &rest;
                    }
                }
            }
            Entry::Penalty(p) => {
                let np = self.st.penalties.len();
                if matches!(obs.row.outcome, Some(Outcome::Fail | Outcome::Severe)) {
                    let n = &mut self.pens[slots[0] * np + p];
                    *n = if add { *n + 1 } else { n.saturating_sub(1) };
                }
            }
            Entry::Group(_) => {}
        }
    }

    /// The rounds seen, in natural order (numbers compare as numbers).
    #[must_use]
    pub fn rounds(&self) -> Vec<String> {
        let mut r: Vec<String> = self
            .keys
            .iter()
            .filter(|k| k.kind == Kind::District)
            .map(|k| self.names.get(k.round).to_string())
            .collect();
        r.sort_by(|a, b| natural_cmp(a, b));
        r.dedup();
        r
    }

    /// A tally of only the given rounds, pooled as one, with the city (the
    /// sum of its districts) and the shared rows (the city's rows that name
    /// no department of their own) added. Reports are built from this. It
    /// takes the tally: when the data has one round and it is asked for, its
    /// slots are already the pooled ones and it is kept (no copy: a report
    /// on many units needs half the memory); otherwise its memory is free
    /// once the copy is made.
    #[must_use]
    pub fn pooled(self, rounds: &[String]) -> Self {
        let wanted: FxHashSet<u32> = rounds
            .iter()
            .filter_map(|r| self.names.ids.get(r.as_str()).copied())
            .collect();
        let one = self
            .keys
            .first()
            .map(|k| k.round)
            .filter(|r| wanted.contains(r) && self.keys.iter().all(|k| k.round == *r));
        let (mut out, round) = if let Some(round) = one {
            (self, round)
        } else {
            let mut out = Self::new(self.st);
            let round = out.names.id("");
            self.pool_into(&mut out, round, &wanted);
            (out, round)
        };
        out.add_whole(round);
        out
    }

    /// Add the slots of the `wanted` rounds to `out`, as round `round`.
    fn pool_into(&self, out: &mut Self, round: u32, wanted: &FxHashSet<u32>) {
        let np = self.st.penalties.len();
        for (s, k) in self.keys.iter().enumerate() {
            if !wanted.contains(&k.round) {
                continue;
            }
            let name = if k.name == NONE {
                NONE
            } else {
                out.names.id(self.names.get(k.name))
            };
            let parent = if k.parent == NONE {
                NONE
            } else {
                out.names.id(self.names.get(k.parent))
            };
            let t = out.slot(Key {
                round,
                kind: k.kind,
                name,
                parent,
            });
            for (c, i) in self.cells_of(s) {
                let a = self.cell_acc(i);
                let j = out.cell(t, c);
                out.accs[j] += &a;
            }
            for p in 0..np {
                out.pens[t * np + p] += self.pens[s * np + p];
            }
        }
    }

    /// Add the city (the sum of the districts) and the shared rows (the
    /// districts' rows less the departments') as slots of round `round`,
    /// the one round of a pooled tally.
    fn add_whole(&mut self, round: u32) {
        let np = self.st.penalties.len();
        let whole = |kind| Key {
            round,
            kind,
            name: NONE,
            parent: NONE,
        };
        let city = self.slot(whole(Kind::City));
        let shared = self.slot(whole(Kind::Shared));
        // Districts first, so that the shared rows never go below zero.
        let mut cells = Vec::new();
        for kind in [Kind::District, Kind::Department] {
            for t in 0..self.keys.len() {
                if self.keys[t].kind != kind {
                    continue;
                }
                cells.clear();
                cells.extend(self.cells_of(t));
                for &(c, i) in &cells {
                    let a = self.cell_acc(i);
                    if kind == Kind::District {
                        let j = self.cell(city, c);
                        self.accs[j] += &a;
                        let j = self.cell(shared, c);
                        self.accs[j] += &a;
                    } else {
                        let j = self.cell(shared, c);
                        self.accs[j] -= &a;
                    }
                }
                if kind == Kind::District {
                    for p in 0..np {
                        self.pens[city * np + p] += self.pens[t * np + p];
                    }
                }
            }
        }
    }

    /// The units of a kind (any round), sorted by name.
    #[must_use]
    pub fn units(&self, kind: Kind) -> Vec<Unit> {
        let mut u: Vec<Unit> = self
            .keys
            .iter()
            .filter(|k| k.kind == kind)
            .map(|k| self.unit(k))
            .collect();
        u.sort();
        u.dedup();
        u
    }

    fn unit(&self, k: &Key) -> Unit {
        Unit {
            kind: k.kind,
            name: if k.name == NONE {
                String::new()
            } else {
                self.names.get(k.name).to_string()
            },
            parent: (k.parent != NONE).then(|| self.names.get(k.parent).to_string()),
        }
    }

    /// The first slot of `unit` (any round): hash lookups, not a search.
    fn find(&self, unit: &Unit) -> Option<usize> {
        let parent = match &unit.parent {
            None => NONE,
            Some(p) => *self.names.ids.get(p.as_str())?,
        };
        let look = |name| {
            self.units
                .get(&UnitKey {
                    kind: unit.kind,
                    name,
                    parent,
                })
                .copied()
        };
        let named = self
            .names
            .ids
            .get(unit.name.as_str())
            .and_then(|&n| look(n));
        // The city and the shared rows have no name: [`Tally::unit`] shows
        // theirs as "".
        let unnamed = if unit.name.is_empty() {
            look(NONE)
        } else {
            None
        };
        named.into_iter().chain(unnamed).min().map(|s| s as usize)
    }

    /// The per-criterion state of a unit (all zero if it has no rows).
    #[must_use]
    pub fn accs(&self, unit: &Unit) -> Vec<Acc> {
        let nc = self.st.criteria.len();
        self.find(unit).map_or_else(
            || vec![Acc::default(); nc],
            |s| (0..nc).map(|c| self.acc(s, c)).collect(),
        )
    }

    /// Failing rows per penalty of a unit.
    #[must_use]
    pub fn penalties(&self, unit: &Unit) -> Vec<u64> {
        let np = self.st.penalties.len();
        self.find(unit)
            .map_or_else(|| vec![0; np], |s| self.pens[s * np..(s + 1) * np].to_vec())
    }
}

impl Sink for Tally<'_> {
    fn observe(&mut self, obs: &Obs<'_>) {
        self.apply(obs, true);
    }

    fn retract(&mut self, obs: &Obs<'_>) {
        self.apply(obs, false);
    }

    fn merge(&mut self, other: Self) {
        let np = self.st.penalties.len();
        // The other tally's name ids, as this one's (made as met).
        let mut map = vec![NONE; other.names.names.len()];
        let mut tr = |me: &mut Self, i: u32| -> u32 {
            match map.get_mut(i as usize) {
                None => NONE,
                Some(m) => {
                    if *m == NONE {
                        *m = me.names.id(other.names.get(i));
                    }
                    *m
                }
            }
        };
        for (s, k) in other.keys.iter().enumerate() {
            let key = Key {
                round: tr(self, k.round),
                kind: k.kind,
                name: tr(self, k.name),
                parent: tr(self, k.parent),
            };
            let t = self.slot(key);
            for (c, i) in other.cells_of(s) {
                let a = other.cell_acc(i);
                let j = self.cell(t, c);
                self.accs[j] += &a;
            }
            for p in 0..np {
                self.pens[t * np + p] += other.pens[s * np + p];
            }
        }
    }
}

/// Compare so that "第2轮" < "第10轮" and "2024-3" < "2024-10".
#[must_use]
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    fn parts(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut digit = None;
        for (i, c) in s.char_indices() {
            let d = c.is_ascii_digit();
            if digit.is_some_and(|x| x != d) {
                out.push((digit == Some(true), &s[start..i]));
                start = i;
            }
            digit = Some(d);
        }
        if start < s.len() {
            out.push((digit == Some(true), &s[start..]));
        }
        out
    }
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let o = match (x.0, y.0) {
            (true, true) => {
                let (tx, ty) = (x.1.trim_start_matches('0'), y.1.trim_start_matches('0'));
                tx.len().cmp(&ty.len()).then(tx.cmp(ty))
            }
            _ => x.1.cmp(y.1),
        };
        if o.is_ne() {
            return o;
        }
    }
    pa.len().cmp(&pb.len()).then(a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Row;

    /// A shipped standard.
    fn standard(name: &str) -> Standard {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("standards")
            .join(name);
        crate::standard::load(&path)
            .standard
            .expect("the shipped standard loads")
    }

    /// A row of 甲区 for criterion `c`.
    fn obs(c: usize, row: Row) -> Obs<'static> {
        Obs {
            round: "",
            district: "甲区",
            street: None,
            point: Some("p1"),
            point_type: None,
            department: None,
            date: None,
            units: [1, 2, 3, 4, 5],
            visit: 0,
            target: Entry::Criterion(c),
            row,
        }
    }

    fn district() -> Unit {
        Unit {
            kind: Kind::District,
            name: "甲区".into(),
            parent: None,
        }
    }

    #[test]
    fn a_pass_merged_into_another_tally_can_be_taken_back() {
        let st = standard("monthly-check");
        let obs = obs(
            0,
            Row {
                outcome: Some(Outcome::Pass),
                ..Row::default()
            },
        );
        let unit = district();
        // Whichever worker saw the row, the merged tally can retract it.
        for seen_by_first in [true, false] {
            let (mut first, mut second) = (Tally::new(&st), Tally::new(&st));
            if seen_by_first {
                first.observe(&obs);
            } else {
                second.observe(&obs);
            }
            first.merge(second);
            assert_eq!(first.accs(&unit)[0].pass, 1);
            first.retract(&Obs {
                units: [6, 7, 8, 9, 10],
                ..obs.clone()
            });
            assert_eq!(first.accs(&unit)[0], Acc::default());
        }
    }

    /// A pass that a 32-bit count cannot hold goes to the full state, and
    /// taking passes back still comes out right.
    #[test]
    fn a_count_past_the_cells_limit_goes_to_the_full_state() {
        let st = standard("monthly-check");
        let c = st
            .hot
            .iter()
            .position(|h| matches!(h.kind, RuleKind::Rate))
            .expect("a rate criterion");
        let pass = obs(
            c,
            Row {
                outcome: Some(Outcome::Pass),
                ..Row::default()
            },
        );
        let unit = district();
        let mut tally = Tally::new(&st);
        tally.observe(&pass);
        let cell = tally
            .lite
            .iter()
            .position(|l| l.0[0] == 1)
            .expect("the pass");
        tally.lite[cell].0[0] = u32::MAX;
        tally.observe(&pass);
        let many = u64::from(u32::MAX);
        assert_eq!(tally.accs(&unit)[c].pass, many + 1);
        assert_eq!(tally.accs(&unit)[c].rows, many + 1);
        tally.retract(&pass);
        tally.retract(&pass);
        assert_eq!(tally.accs(&unit)[c].pass, many - 1);
    }

    /// Rows of every outcome for every criterion of `st`.
    fn rows(st: &Standard) -> Vec<(usize, Row)> {
        let outcomes = [
            None,
            Some(Outcome::Pass),
            Some(Outcome::Fail),
            Some(Outcome::Severe),
            Some(Outcome::NotApplicable),
            Some(Outcome::Unobservable),
        ];
        let mut rows = Vec::new();
        for c in 0..st.criteria.len() {
            for (k, &outcome) in outcomes.iter().enumerate() {
                rows.push((
                    c,
                    Row {
                        outcome,
                        problems: (k % 2 == 0).then_some(u32::try_from(k).unwrap_or(0) + 1),
                        count: Some(u32::try_from(k).unwrap_or(0)),
                        points: (k == 0).then(|| st.criteria[c].score),
                    },
                ));
            }
        }
        rows
    }

    proptest::proptest! {
        /// Rows seen by two tallies, merged, some taken back (as duplicates
        /// are, found after the merge): the tally holds what the other rows
        /// alone give, wherever each row's counts went.
        #[test]
        fn rows_taken_back_leave_what_the_others_give(
            picks in proptest::collection::vec(
                (
                    (0..750usize, 0..4u32),
                    proptest::prelude::any::<bool>(),
                    proptest::prelude::any::<bool>(),
                ),
                1..80,
            ),
            criterion in 0..125usize,
        ) {
            let st = standard("national-prefecture");
            let all = rows(&st);
            // Mostly one criterion, so that rows share cells; counts and
            // problems of every size.
            let pick = |(k, n): (usize, u32)| {
                let (c, mut row) = all[k % all.len()];
                row.count = row.count.map(|_| n);
                row.problems = row.problems.map(|_| n);
                if k % 3 == 0 { (c, row) } else { (criterion % st.criteria.len(), row) }
            };
            let (mut first, mut second, mut want) =
                (Tally::new(&st), Tally::new(&st), Tally::new(&st));
            for &(k, in_second, _) in &picks {
                let (c, row) = pick(k);
                if in_second { &mut second } else { &mut first }.observe(&obs(c, row));
            }
            first.merge(second);
            for &(k, _, back) in &picks {
                let (c, row) = pick(k);
                if back {
                    first.retract(&obs(c, row));
                } else {
                    want.observe(&obs(c, row));
                }
            }
            proptest::prop_assert_eq!(first.accs(&district()), want.accs(&district()));
        }
    }

    /// A unit holds a state only for the criteria it has rows for, and is
    /// found by its name, not by a search: many distinct units cost in
    /// proportion to their number.
    #[test]
    fn units_hold_only_the_criteria_they_have_rows_for() {
        let st = standard("national-prefecture");
        let mut tally = Tally::new(&st);
        let names: Vec<String> = (0..1000).map(|i| format!("街{i}")).collect();
        for (i, name) in names.iter().enumerate() {
            let v = u64::try_from(i).unwrap_or(0) * 5 + 1;
            tally.observe(&Obs {
                street: Some(name),
                units: [v, v + 1, v + 2, v + 3, v + 4],
                ..obs(
                    i % 3,
                    Row {
                        outcome: Some(Outcome::Pass),
                        ..Row::default()
                    },
                )
            });
        }
        // 1,000 streets and one district: one state each, plus the
        // district's three.
        assert_eq!(tally.accs.len(), 1000 + 3);
        assert_eq!(tally.units.len(), 1000 + 1);
        for (i, name) in names.iter().enumerate() {
            let street = Unit {
                kind: Kind::Street,
                name: name.clone(),
                parent: Some("甲区".into()),
            };
            assert_eq!(tally.find(&street), Some(i + 1));
            assert_eq!(tally.accs(&street)[i % 3].pass, 1);
        }
        let pooled = tally.pooled(&[String::new()]);
        // The city and the shared rows: three states each.
        assert_eq!(pooled.accs.len(), 1000 + 3 + 3 + 3);
        assert_eq!(pooled.accs(&district())[0].pass, 334);
    }

    /// Whatever store a row's counts go to, the tally holds what adding
    /// every row to one `Acc` gives, and taking rows back undoes them.
    #[test]
    fn the_tally_counts_as_acc_add_does() {
        let st = standard("national-prefecture");
        let rows = rows(&st);
        let unit = district();
        let mut tally = Tally::new(&st);
        let mut want = vec![Acc::default(); st.criteria.len()];
        let policy = (st.policy.unobservable, st.policy.severe);
        for &(c, row) in &rows {
            tally.observe(&obs(c, row));
            want[c].add(&row, &st.criteria[c].rule, st.criteria[c].score, policy);
        }
        assert_eq!(tally.accs(&unit), want);
        for &(c, row) in &rows {
            tally.retract(&obs(c, row));
        }
        assert_eq!(tally.accs(&unit), vec![Acc::default(); st.criteria.len()]);
    }
}
