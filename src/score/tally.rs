//! The aggregate state of a scoring run: one [`Acc`] per (spot, criterion)
//! that has rows, and penalty counts per (round, district). A spot is what
//! a row says about where it was observed: round, district, street, point,
//! point type and the department it names. Every unit a report shows (the
//! city, a district, a street, a point type, a department) is a set of
//! spots, and each of its places (see [`Place`]) too, so the units are
//! derived from the spots when a report is built ([`Tally::view`]) and a row
//! adds to one state only. Memory is bounded by the number of spots and the
//! criteria each has rows for — it grows with the points inspected, not
//! with rows; every spot is found through a hash map.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use super::acc::Acc;
use super::places::{Place, UnitRows};
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

/// Where rows were observed, as name ids ([`NONE`] where a row says
/// nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Spot {
    round: u32,
    district: u32,
    street: u32,
    point: u32,
    point_type: u32,
    department: u32,
}

impl Spot {
    /// The unit of `kind` the spot belongs to, as (name, parent) ids; `None`
    /// if it belongs to none.
    fn unit(&self, kind: Kind) -> Option<(u32, u32)> {
        let named = |id: u32| (id != NONE).then_some((id, NONE));
        match kind {
            Kind::City => Some((NONE, NONE)),
            Kind::Shared => (self.department == NONE).then_some((NONE, NONE)),
            Kind::District => Some((self.district, NONE)),
            Kind::Street => (self.street != NONE).then_some((self.street, self.district)),
            Kind::PointType => named(self.point_type),
            Kind::Department => named(self.department),
        }
    }

    fn place(&self) -> Place {
        Place {
            district: self.district,
            point: self.point,
        }
    }
}

const NONE: u32 = u32::MAX;

/// How many points' name ids a tally keeps by version.
const POINT_IDS: usize = 4096;

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

    fn opt(&mut self, s: Option<&str>) -> u32 {
        s.map_or(NONE, |s| self.id(s))
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

/// The aggregate state. Implements [`Sink`].
///
/// A cell is a spot's criterion that has rows. Most spots have rows for a
/// few criteria only (those of their point type), so cells are made as rows
/// come: `cells` maps (spot, criterion) to its cell, one number each, and
/// only cells hold the counts.
#[derive(Clone, Debug)]
pub struct Tally<'s> {
    st: &'s Standard,
    names: Names,
    spots: FxHashMap<Spot, u32>,
    keys: Vec<Spot>,
    /// Per spot, where its criteria's cells start in `cells`, and its
    /// point type's index in the standard ([`NONE`] without one).
    spot_base: Vec<u32>,
    spot_type: Vec<u32>,
    /// The criteria's places in a spot's part of `cells` (see [`Layout`]).
    layout: Layout,
    /// Per (spot, criterion): its cell in `accs` and `lite`, or [`NONE`]
    /// while it has no rows.
    cells: Vec<u32>,
    /// The cells of criteria outside a spot's point type's, by spot.
    stray: FxHashMap<u32, Vec<(usize, u32)>>,
    accs: Vec<Acc>,
    /// The common rows' counts, not yet in `accs` (see [`Lite`]).
    lite: Vec<Lite>,
    /// Failing rows per penalty, by (round, district).
    pens: FxHashMap<(u32, u32), Vec<u64>>,
    cache: SpotCache,
    /// Per point (by its name id), the last spots it was seen at.
    point_spots: Vec<Vec<(Spot, u32)>>,
    /// Per point type of the standard, its name id.
    type_ids: Vec<u32>,
    /// The name ids of the last points, by version (see [`Tally::point_id`]).
    point_ids: Vec<(u64, u32)>,
}

/// Where a spot's cells lie. A spot with a point type holds a place for
/// each criterion checked at that type only (a few of the standard's), so
/// that the cells of one point's rows lie side by side; a spot without
/// one holds a place for every criterion. A criterion outside the spot's
/// type (rare) has its cell in [`Tally::stray`].
#[derive(Clone, Debug)]
struct Layout {
    /// Per (point type, criterion): the criterion's place among the type's,
    /// or `u16::MAX`.
    place: Vec<u16>,
    /// Per point type, its criteria, in place order.
    criteria: Vec<Vec<usize>>,
}

impl Layout {
    fn new(st: &Standard) -> Self {
        let nc = st.criteria.len();
        let npt = st.point_types().len();
        let mut place = vec![u16::MAX; npt * nc];
        let mut criteria = vec![Vec::new(); npt];
        for (t, list) in criteria.iter_mut().enumerate() {
            for (c, crit) in st.criteria.iter().enumerate() {
                if crit.checked_at(Some(t))
                    && let Ok(p) = u16::try_from(list.len())
                    && p < u16::MAX
                {
                    place[t * nc + c] = p;
                    list.push(c);
                }
            }
        }
        Self { place, criteria }
    }
}

/// The counts of the common rows of one (spot, criterion): passes, fails,
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
/// ids and the spot they map to.
#[derive(Clone, Debug, Default)]
struct SpotCache {
    units: [u64; 6],
    /// The spot's name ids, in the order of [`Obs::units`].
    ids: [u32; 6],
    index: usize,
}

impl<'s> Tally<'s> {
    #[must_use]
    pub fn new(st: &'s Standard) -> Self {
        Self {
            st,
            names: Names::default(),
            spots: FxHashMap::default(),
            keys: Vec::new(),
            spot_base: Vec::new(),
            spot_type: Vec::new(),
            layout: Layout::new(st),
            cells: Vec::new(),
            stray: FxHashMap::default(),
            accs: Vec::new(),
            lite: Vec::new(),
            pens: FxHashMap::default(),
            cache: SpotCache::default(),
            point_spots: Vec::new(),
            type_ids: Vec::new(),
            point_ids: Vec::new(),
        }
    }

    fn spot(&mut self, key: Spot) -> usize {
        if let Some(&s) = self.spots.get(&key) {
            return s as usize;
        }
        let s = self.keys.len();
        self.keys.push(key);
        self.spots.insert(key, u32::try_from(s).unwrap_or(NONE));
        let t = if key.point_type == NONE {
            None
        } else {
            self.st.point_type_index(self.names.get(key.point_type))
        };
        let width = t.map_or(self.st.criteria.len(), |t| self.layout.criteria[t].len());
        self.spot_base
            .push(u32::try_from(self.cells.len()).unwrap_or(NONE));
        self.spot_type
            .push(t.and_then(|t| u32::try_from(t).ok()).unwrap_or(NONE));
        self.cells.resize(self.cells.len() + width, NONE);
        s
    }

    /// The cell of spot `s`'s criterion `c`, made if it has none yet.
    #[inline]
    fn cell(&mut self, s: usize, c: usize) -> usize {
        let ty = self.spot_type[s];
        let place = if ty == NONE {
            c
        } else {
            match self.layout.place[ty as usize * self.st.criteria.len() + c] {
                u16::MAX => return self.stray_cell(s, c),
                p => usize::from(p),
            }
        };
        let k = self.spot_base[s] as usize + place;
        match self.cells[k] {
            NONE => self.new_cell(k),
            i => i as usize,
        }
    }

    #[cold]
    #[inline(never)]
    fn new_cell(&mut self, k: usize) -> usize {
        let i = self.push_cell();
        self.cells[k] = u32::try_from(i).unwrap_or(NONE);
        i
    }

    fn push_cell(&mut self) -> usize {
        let i = self.accs.len();
        self.accs.push(Acc::default());
        self.lite.push(Lite::default());
        i
    }

    /// The cell of a criterion outside spot `s`'s point type.
    #[cold]
    #[inline(never)]
    fn stray_cell(&mut self, s: usize, c: usize) -> usize {
        let key = u32::try_from(s).unwrap_or(NONE);
        if let Some(&(_, i)) = self
            .stray
            .get(&key)
            .and_then(|v| v.iter().find(|x| x.0 == c))
        {
            return i as usize;
        }
        let i = self.push_cell();
        self.stray
            .entry(key)
            .or_default()
            .push((c, u32::try_from(i).unwrap_or(NONE)));
        i
    }

    /// The criteria of spot `s` that have a cell, with their cells.
    fn cells_of(&self, s: usize) -> Vec<(usize, usize)> {
        let base = self.spot_base[s] as usize;
        let t = self.spot_type[s];
        let mut out: Vec<(usize, usize)> = if t == NONE {
            let nc = self.st.criteria.len();
            self.cells[base..base + nc]
                .iter()
                .enumerate()
                .filter(|&(_, &i)| i != NONE)
                .map(|(c, &i)| (c, i as usize))
                .collect()
        } else {
            let list = &self.layout.criteria[t as usize];
            list.iter()
                .zip(&self.cells[base..base + list.len()])
                .filter(|&(_, &i)| i != NONE)
                .map(|(&c, &i)| (c, i as usize))
                .collect()
        };
        if let Some(v) = u32::try_from(s).ok().and_then(|k| self.stray.get(&k)) {
            out.extend(v.iter().map(|&(c, i)| (c, i as usize)));
        }
        out
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

    /// The spot a row adds to. Consecutive rows usually share it, so the
    /// last answer is kept, and a name is looked up again only when its
    /// cell has changed.
    fn row_spot(&mut self, obs: &Obs<'_>) -> usize {
        let (was, now) = (self.cache.units, obs.units);
        // Compared by hand: `==` on the arrays is a call to `memcmp`.
        if was.iter().zip(&now).fold(0, |d, (a, b)| d | (a ^ b)) == 0 {
            return self.cache.index;
        }
        // Versions are never 0, so a fresh cache matches nothing.
        let names = [
            Some(obs.round),
            Some(obs.district),
            obs.street,
            obs.point,
            obs.point_type,
            obs.department,
        ];
        let mut ids = self.cache.ids;
        for (k, name) in names.into_iter().enumerate() {
            if was[k] != now[k] {
                ids[k] = match (k, obs.point_type_index) {
                    // A point type the standard names: by its index, no
                    // lookup of the name.
                    (4, Some(t)) => self.type_id(t, name.unwrap_or_default()),
                    // A point met before: by its version.
                    (3, _) => self.point_id(now[3], name),
                    _ => self.names.opt(name),
                };
            }
        }
        let [round, district, street, point, point_type, department] = ids;
        let key = Spot {
            round,
            district,
            street,
            point,
            point_type,
            department,
        };
        let index = self.spot_of_point(key);
        self.cache = SpotCache {
            units: now,
            ids,
            index,
        };
        index
    }

    /// The name id of the point with version `version`, named `name`: the
    /// last ids are kept by version (a point's version is the same each
    /// time it comes back, see [`Obs::units`]), so that a point met before
    /// is not looked up by its name.
    fn point_id(&mut self, version: u64, name: Option<&str>) -> u32 {
        // The low bits of the version: POINT_IDS is a power of two.
        let slot = usize::try_from(version & (POINT_IDS as u64 - 1)).unwrap_or(0);
        if self.point_ids.is_empty() {
            self.point_ids = vec![(0, NONE); POINT_IDS];
        }
        let (v, id) = self.point_ids[slot];
        if v == version && version != 0 {
            return id;
        }
        let id = self.names.opt(name);
        self.point_ids[slot] = (version, id);
        id
    }

    /// The name id of the standard's point type `t`, named `name`.
    fn type_id(&mut self, t: usize, name: &str) -> u32 {
        match self.type_ids.get(t) {
            Some(&id) if id != NONE => id,
            _ => {
                let id = self.names.id(name);
                if self.type_ids.len() <= t {
                    self.type_ids.resize(t + 1, NONE);
                }
                self.type_ids[t] = id;
                id
            }
        }
    }

    /// The spot `key`: one of the last spots of its point when it is one
    /// (a point is at one spot or a few; the keys are kept beside, so that
    /// trying them reads one short list), else looked up.
    fn spot_of_point(&mut self, key: Spot) -> usize {
        /// How many of a point's spots are tried.
        const RECENT: usize = 8;
        let p = key.point as usize;
        if let Some(list) = self.point_spots.get(p)
            && let Some(&(_, s)) = list.iter().rev().find(|(k, _)| *k == key)
        {
            return s as usize;
        }
        let s = self.spot(key);
        if key.point != NONE {
            if self.point_spots.len() <= p {
                self.point_spots.resize_with(p + 1, Vec::new);
            }
            let list = &mut self.point_spots[p];
            if list.len() >= RECENT {
                list.remove(0);
            }
            list.push((key, u32::try_from(s).unwrap_or(NONE)));
        }
        s
    }

    /// Apply one observation with sign +1 (`observe`) or −1 (`retract`).
    fn apply(&mut self, obs: &Obs<'_>, add: bool) {
        let s = self.row_spot(obs);
        match obs.target {
            Entry::Criterion(c) => {
                let i = self.cell(s, c);
                // Most rows are plain passes: no delta to build.
                let plain = obs.row.outcome == Some(Outcome::Pass)
                    && matches!(
                        self.st.hot[c].kind,
                        RuleKind::Rate | RuleKind::All | RuleKind::Deduct
                    );
                if plain && add {
                    // The commonest row of all: one pass more.
                    match self.lite[i].0[0].checked_add(1) {
                        Some(n) => self.lite[i].0[0] = n,
                        None => self.accs[i] += &Acc::pass(),
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
                if add {
                    // Into `lite` when it fits, else `accs`: their sum is
                    // what counts.
                    if !Lite::of(&delta).is_some_and(|d| self.lite[i].add(d)) {
                        self.accs[i] += &delta;
                    }
                } else {
                    // The row was counted, but its counts may lie in either
                    // store, or partly in each (a merge moves a tally's
                    // `lite` into `accs`, and rows taken back before took
                    // from whichever held enough): take each count from
                    // `lite` as far as it holds, the rest from `accs`, which
                    // then holds it.
                    let rest = self.lite[i].take(&delta);
                    self.accs[i] -= &rest;
                }
            }
            Entry::Penalty(p) => {
                if matches!(obs.row.outcome, Some(Outcome::Fail | Outcome::Severe)) {
                    let k = self.keys[s];
                    let np = self.st.penalties.len();
                    let hits = self
                        .pens
                        .entry((k.round, k.district))
                        .or_insert_with(|| vec![0; np]);
                    hits[p] = if add {
                        hits[p] + 1
                    } else {
                        hits[p].saturating_sub(1)
                    };
                }
            }
            Entry::Group(_) => {}
        }
    }

    /// The rounds seen, in natural order (numbers compare as numbers).
    #[must_use]
    pub fn rounds(&self) -> Vec<String> {
        let ids: FxHashSet<u32> = self.keys.iter().map(|k| k.round).collect();
        let mut r: Vec<String> = ids
            .into_iter()
            .map(|i| self.names.get(i).to_string())
            .collect();
        r.sort_by(|a, b| natural_cmp(a, b));
        r
    }

    /// A tally of only the given rounds, pooled as one. Reports are built
    /// from this. It takes the tally: when the data has one round and it is
    /// asked for, its spots are already the pooled ones and it is kept (no
    /// copy); otherwise its memory is free once the copy is made.
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
        if one.is_some() {
            return self;
        }
        let mut out = Self::new(self.st);
        let round = out.names.id("");
        let mut tr = Translate::new(&self.names);
        for (s, k) in self.keys.iter().enumerate() {
            if !wanted.contains(&k.round) {
                continue;
            }
            let key = tr.spot(&mut out.names, k, round);
            let t = out.spot(key);
            for (c, i) in self.cells_of(s) {
                let a = self.cell_acc(i);
                let j = out.cell(t, c);
                out.accs[j] += &a;
            }
        }
        for (&(r, district), hits) in &self.pens {
            if wanted.contains(&r) {
                let district = tr.id(&mut out.names, district);
                out.add_penalties(round, district, hits);
            }
        }
        out
    }

    fn add_penalties(&mut self, round: u32, district: u32, hits: &[u64]) {
        let mine = self
            .pens
            .entry((round, district))
            .or_insert_with(|| vec![0; hits.len()]);
        for (m, h) in mine.iter_mut().zip(hits) {
            *m += h;
        }
    }

    /// The units of `kind` with their rows, place by place, sorted by unit.
    /// Units with no rows of any criterion (only penalty rows, say) are
    /// listed too, with none.
    #[must_use]
    pub fn view(&self, kind: Kind) -> Vec<(Unit, UnitRows)> {
        let mut units: FxHashMap<(u32, u32), usize> = FxHashMap::default();
        let mut cells: Vec<(usize, usize, Place, Acc)> = Vec::new();
        for (s, k) in self.keys.iter().enumerate() {
            let Some(u) = k.unit(kind) else { continue };
            let n = units.len();
            let u = *units.entry(u).or_insert(n);
            for (c, i) in self.cells_of(s) {
                cells.push((u, c, k.place(), self.cell_acc(i)));
            }
        }
        cells.sort_unstable_by_key(|a| (a.0, a.1, a.2));
        let mut rows: Vec<Vec<(usize, Place, Acc)>> = vec![Vec::new(); units.len()];
        for (u, c, place, acc) in cells {
            let r = &mut rows[u];
            match r.last_mut() {
                Some(last) if last.0 == c && last.1 == place => last.2 += &acc,
                _ => r.push((c, place, acc)),
            }
        }
        let mut out: Vec<(Unit, UnitRows)> = units
            .into_iter()
            .map(|((name, parent), u)| {
                let unit = Unit {
                    kind,
                    name: self.name(name),
                    parent: (parent != NONE).then(|| self.name(parent)),
                };
                (unit, UnitRows::new(std::mem::take(&mut rows[u])))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The rows of the one unit of `kind` (the city, the shared rows); none
    /// when there are no rows.
    #[must_use]
    pub fn whole(&self, kind: Kind) -> UnitRows {
        self.view(kind)
            .into_iter()
            .next()
            .map(|(_, rows)| rows)
            .unwrap_or_default()
    }

    fn name(&self, id: u32) -> String {
        if id == NONE {
            String::new()
        } else {
            self.names.get(id).to_string()
        }
    }

    /// Failing rows per penalty of a district, or (with `None`) of the
    /// whole city.
    #[must_use]
    pub fn penalties(&self, district: Option<&str>) -> Vec<u64> {
        let mut out = vec![0; self.st.penalties.len()];
        let id = district.map(|d| self.names.ids.get(d).copied());
        for (&(_, d), hits) in &self.pens {
            if id.is_none_or(|id| id == Some(d)) {
                for (o, h) in out.iter_mut().zip(hits) {
                    *o += h;
                }
            }
        }
        out
    }

    /// The per-criterion state of a unit, summed over its places (all zero
    /// if it has no rows).
    #[must_use]
    pub fn accs(&self, unit: &Unit) -> Vec<Acc> {
        let nc = self.st.criteria.len();
        self.view(unit.kind)
            .into_iter()
            .find(|(u, _)| u == unit)
            .map_or_else(|| vec![Acc::default(); nc], |(_, rows)| rows.totals(nc))
    }

    /// Every district with rows, and the point types it has counted rows
    /// at.
    #[must_use]
    pub fn point_types_by_district(&self) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (s, k) in self.keys.iter().enumerate() {
            let types = out.entry(self.name(k.district)).or_default();
            if k.point_type != NONE
                && self
                    .cells_of(s)
                    .iter()
                    .any(|&(_, i)| self.cell_acc(i).counted() > 0)
            {
                types.insert(self.name(k.point_type));
            }
        }
        out
    }

    /// The district and point names of a place.
    #[must_use]
    pub fn place_names(&self, place: Place) -> (String, Option<String>) {
        (
            self.name(place.district),
            (place.point != NONE).then(|| self.name(place.point)),
        )
    }
}

/// Name ids of one tally as another's, made as met.
struct Translate<'a> {
    from: &'a Names,
    map: Vec<u32>,
}

impl<'a> Translate<'a> {
    fn new(from: &'a Names) -> Self {
        Self {
            from,
            map: vec![NONE; from.names.len()],
        }
    }

    fn id(&mut self, to: &mut Names, i: u32) -> u32 {
        match self.map.get_mut(i as usize) {
            None => NONE,
            Some(m) => {
                if *m == NONE {
                    *m = to.id(self.from.get(i));
                }
                *m
            }
        }
    }

    fn spot(&mut self, to: &mut Names, k: &Spot, round: u32) -> Spot {
        Spot {
            round,
            district: self.id(to, k.district),
            street: self.id(to, k.street),
            point: self.id(to, k.point),
            point_type: self.id(to, k.point_type),
            department: self.id(to, k.department),
        }
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
        let mut tr = Translate::new(&other.names);
        for (s, k) in other.keys.iter().enumerate() {
            let round = tr.id(&mut self.names, k.round);
            let key = tr.spot(&mut self.names, k, round);
            let t = self.spot(key);
            for (c, i) in other.cells_of(s) {
                let a = other.cell_acc(i);
                let j = self.cell(t, c);
                self.accs[j] += &a;
            }
        }
        for (&(r, d), hits) in &other.pens {
            let (r, d) = (tr.id(&mut self.names, r), tr.id(&mut self.names, d));
            self.add_penalties(r, d, hits);
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
            point_type_index: None,
            department: None,
            date: None,
            units: [1, 2, 3, 4, 5, 6],
            visit: 0,
            target: Entry::Criterion(c),
            row,
            loc: crate::input::Loc::default(),
            status: None,
            texts: crate::input::Texts::default(),
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
                units: [7, 8, 9, 10, 11, 12],
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
            let v = u64::try_from(i).unwrap_or(0) * 6 + 1;
            tally.observe(&Obs {
                street: Some(name),
                units: [v, v + 1, v + 2, v + 3, v + 4, v + 5],
                ..obs(
                    i % 3,
                    Row {
                        outcome: Some(Outcome::Pass),
                        ..Row::default()
                    },
                )
            });
        }
        // 1,000 spots (one per street), one state each: a row adds to one
        // state, whatever units it belongs to.
        assert_eq!(tally.accs.len(), 1000);
        assert_eq!(tally.keys.len(), 1000);
        let streets = tally.view(Kind::Street);
        assert_eq!(streets.len(), 1000);
        for (i, name) in names.iter().enumerate() {
            let street = Unit {
                kind: Kind::Street,
                name: name.clone(),
                parent: Some("甲区".into()),
            };
            let (unit, rows) = streets
                .iter()
                .find(|(u, _)| *u == street)
                .expect("the street");
            assert_eq!(unit, &street);
            assert_eq!(rows.totals(st.criteria.len())[i % 3].pass, 1);
        }
        let pooled = tally.pooled(&[String::new()]);
        assert_eq!(pooled.accs.len(), 1000);
        assert_eq!(pooled.accs(&district())[0].pass, 334);
    }

    /// Points are remembered by version: two points whose versions share
    /// a slot, and a point coming back with its version, each get their
    /// own place.
    #[test]
    fn points_remembered_by_version_keep_their_places() {
        let st = standard("national-prefecture");
        let mut tally = Tally::new(&st);
        let slot = POINT_IDS as u64;
        let pass = Row {
            outcome: Some(Outcome::Pass),
            ..Row::default()
        };
        // p1, p2 (its version in p1's slot), p1 again, p3.
        for (point, v) in [("p1", 7), ("p2", 7 + slot), ("p1", 7), ("p3", 8)] {
            tally.observe(&Obs {
                point: Some(point),
                units: [1, 2, 3, v, 5, 6],
                ..obs(0, pass)
            });
        }
        let city = tally.view(Kind::City);
        let places: Vec<(String, Option<String>, u64)> = city[0]
            .1
            .places(0)
            .into_iter()
            .map(|(p, a)| {
                let (d, point) = tally.place_names(p);
                (d, point, a.pass)
            })
            .collect();
        let named = |p: &str, n| ("甲区".to_string(), Some(p.to_string()), n);
        assert_eq!(places, vec![named("p1", 2), named("p2", 1), named("p3", 1)]);
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
