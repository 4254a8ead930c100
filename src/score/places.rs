//! A unit's rows, criterion by criterion and place by place.
//!
//! A place is where a criterion is scored alone under `scope = "point"`: a
//! district's inspection point, or — for rows that name no point (material,
//! survey, most quota and graded rows) — the district itself.

use super::acc::Acc;

/// A (district, point) of a tally, as its name ids; `point` is `u32::MAX`
/// for the district's rows that name no point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub(crate) district: u32,
    pub(crate) point: u32,
}

/// One criterion's state at one place.
pub type PlaceAcc = (Place, Acc);

/// One unit's rows: per criterion that has rows, per place, the state.
#[derive(Clone, Debug, Default)]
pub struct UnitRows {
    /// (criterion, place, state), sorted by criterion then place, one entry
    /// per (criterion, place).
    cells: Vec<(usize, Place, Acc)>,
}

impl UnitRows {
    /// From entries sorted by (criterion, place), each pair once.
    pub(crate) fn new(cells: Vec<(usize, Place, Acc)>) -> Self {
        debug_assert!(
            cells
                .windows(2)
                .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)),
            "sorted, each (criterion, place) once"
        );
        Self { cells }
    }

    /// The criteria that have rows, each with its places in order.
    pub fn by_criterion(&self) -> impl Iterator<Item = (usize, Vec<PlaceAcc>)> + '_ {
        self.cells
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| (run[0].0, run.iter().map(|&(_, p, a)| (p, a)).collect()))
    }

    /// Criterion `c`'s places, in order.
    #[must_use]
    pub fn places(&self, c: usize) -> Vec<PlaceAcc> {
        let lo = self.cells.partition_point(|x| x.0 < c);
        let hi = self.cells.partition_point(|x| x.0 <= c);
        self.cells[lo..hi].iter().map(|&(_, p, a)| (p, a)).collect()
    }

    /// Criterion `c`'s rows alone.
    #[must_use]
    pub fn criterion(&self, c: usize) -> Self {
        let lo = self.cells.partition_point(|x| x.0 < c);
        let hi = self.cells.partition_point(|x| x.0 <= c);
        Self {
            cells: self.cells[lo..hi].to_vec(),
        }
    }

    /// Per criterion, the sum over its places (all zero without rows).
    #[must_use]
    pub fn totals(&self, criteria: usize) -> Vec<Acc> {
        let mut out = vec![Acc::default(); criteria];
        for (c, _, a) in &self.cells {
            out[*c] += a;
        }
        out
    }

    /// These rows and `other`'s of the criteria `keep` keeps, together.
    #[must_use]
    pub fn with(&self, other: &Self, keep: impl Fn(usize) -> bool) -> Self {
        let mut cells: Vec<(usize, Place, Acc)> = self
            .cells
            .iter()
            .copied()
            .chain(other.cells.iter().copied().filter(|x| keep(x.0)))
            .collect();
        cells.sort_by_key(|a| (a.0, a.1));
        let mut out: Vec<(usize, Place, Acc)> = Vec::with_capacity(cells.len());
        for (c, p, a) in cells {
            match out.last_mut() {
                Some(last) if last.0 == c && last.1 == p => last.2 += &a,
                _ => out.push((c, p, a)),
            }
        }
        Self { cells: out }
    }

    /// The rows at the places of one district, by the district's id in
    /// the places; every district's, in one pass.
    #[must_use]
    pub fn by_district(&self) -> Vec<(u32, Self)> {
        let mut split: std::collections::BTreeMap<u32, Vec<(usize, Place, Acc)>> =
            std::collections::BTreeMap::new();
        for &x in &self.cells {
            split.entry(x.1.district).or_default().push(x);
        }
        split
            .into_iter()
            .map(|(d, cells)| (d, Self { cells }))
            .collect()
    }

    /// The district id of the places (those of a district's rows share it).
    #[must_use]
    pub fn district(&self) -> Option<u32> {
        self.cells.first().map(|x| x.1.district)
    }
}

/// `unit`'s places with `part` of each taken out and `with(part)` put in:
/// both sorted by place; places of `part` that `unit` lacks are left out.
#[must_use]
pub fn substituted(
    unit: &[PlaceAcc],
    part: &[PlaceAcc],
    with: impl Fn(&Acc) -> Acc,
) -> Vec<PlaceAcc> {
    let mut out = unit.to_vec();
    let mut j = 0;
    for (p, a) in &mut out {
        while j < part.len() && part[j].0 < *p {
            j += 1;
        }
        if j < part.len() && part[j].0 == *p {
            *a -= &part[j].1;
            *a += &with(&part[j].1);
        }
    }
    out
}
