//! The problem ledger (整改台账): every failing observation of a criterion
//! (不合格, 严重不合格) is a problem, with a deadline, a status and the place
//! it was found. Pure: the date the ledger is read as of is given, never
//! taken from the clock here.
//!
//! The rules (issue 11's decisions):
//! - a problem is a counted row of a criterion whose result is 不合格 or
//!   严重不合格 (penalty rows are incidents, not problems);
//! - deadline = the row's date + the criterion's `rectify_days`, else the
//!   standard's, in calendar days; a fix dated on the deadline is on time;
//! - status, in this order: the row's own status cell (未整改/整改中 →
//!   open, 已整改 → rectified); otherwise the first later row (by date) of
//!   the same district, point and criterion: a pass → rectified on that
//!   date, a fail → still open, flagged 复查未通过 (and a problem of its
//!   own); a rectified problem whose point fails the criterion again in a
//!   later round → 回潮 (relapse);
//! - rows dated after the as-of date are not seen.
//!
//! Memory: the ledger keeps each failing row (its place, department and
//! free text, as text), and per (district, point, criterion) seen, its
//! visits: one 12-byte entry per distinct date, round and outcome (passes
//! too, which a later fix is read from), found by a 64-bit hash of the
//! three. A key seen on one date costs one hash-table entry of 24 bytes;
//! more dates add 12 bytes each. Rows that are neither passes nor
//! failures (不适用, 无法调查, counts and grades) cost nothing.

use rustc_hash::FxHashMap;

use crate::input::{Loc, Obs, Outcome, Sink, Status};
use crate::standard::{Entry, Standard};

/// The key a problem's later history is looked up by: a 64-bit hash of
/// its district, point and criterion (see [`key_of`]).
type Key = u64;

/// The key of a district, point and criterion.
fn key_of(district: &str, point: &str, criterion: usize) -> Key {
    fnv(&[
        district.as_bytes(),
        point.as_bytes(),
        &criterion.to_le_bytes(),
    ])
}

/// The dated visits of each key: the first inline, any more apart (most
/// keys are seen once or twice).
#[derive(Clone, Debug, Default)]
struct History {
    first: FxHashMap<Key, Visit>,
    more: FxHashMap<Key, Vec<Visit>>,
}

impl History {
    fn add(&mut self, k: Key, v: Visit) {
        match self.first.get(&k) {
            None => {
                self.first.insert(k, v);
            }
            Some(f) if *f == v => {}
            Some(_) => {
                let more = self.more.entry(k).or_default();
                if !more.contains(&v) {
                    more.push(v);
                }
            }
        }
    }

    fn get(&self, k: Key) -> Vec<Visit> {
        let mut out: Vec<Visit> = self.first.get(&k).copied().into_iter().collect();
        if let Some(more) = self.more.get(&k) {
            out.extend(more);
        }
        out
    }

    fn merge(&mut self, other: Self) {
        for (k, v) in other.first {
            self.add(k, v);
        }
        for (k, vs) in other.more {
            for v in vs {
                self.add(k, v);
            }
        }
    }
}

/// One failing row, as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Failing {
    round: String,
    date: Option<u32>,
    district: String,
    street: Option<String>,
    point_type: Option<String>,
    point: Option<String>,
    department: Option<String>,
    criterion: usize,
    severe: bool,
    status: Option<Status>,
    note: Option<String>,
    photo: Option<String>,
    inspector: Option<String>,
    loc: Loc,
}

/// A dated observation of a key: its date, a hash of its round, and
/// whether it failed (12 bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Visit {
    date: u32,
    fail: bool,
    round: u32,
}

/// The ledger's state: a [`Sink`], mergeable across workers.
#[derive(Clone, Debug)]
pub struct Ledger<'s> {
    st: &'s Standard,
    /// As `YYYYMMDD`.
    as_of: u32,
    failing: Vec<Failing>,
    history: History,
}

/// Where a problem stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 未整改
    Open,
    /// 整改中 (open)
    InProgress,
    /// 已整改
    Rectified,
}

/// One problem, with everything the ledger says about it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts a ledger row shows side by side"
)]
pub struct Problem {
    /// `P-` and ten hex digits: see [`problem_id`].
    pub id: String,
    pub round: String,
    pub date: Option<u32>,
    pub district: String,
    pub street: Option<String>,
    pub point_type: Option<String>,
    pub point: Option<String>,
    /// The criterion's index in the standard.
    pub criterion: usize,
    pub severe: bool,
    /// The row's own department, else the criterion's lead and assists.
    pub departments: Vec<String>,
    pub note: Option<String>,
    pub photo: Option<String>,
    pub inspector: Option<String>,
    /// `None` for a row without a date.
    pub deadline: Option<u32>,
    pub state: State,
    /// The date of the later pass that shows it fixed, if one does.
    pub rectified_on: Option<u32>,
    /// Rectified, by a fix dated on or before the deadline.
    pub on_time: bool,
    /// The first later row of its point and criterion failed (复查未通过).
    pub recheck_failed: bool,
    /// Rectified, then failing again in a later round (回潮).
    pub relapsed: bool,
    /// Open past its deadline: as-of − deadline, in days (else 0).
    pub overdue_days: u32,
    pub loc: Loc,
}

impl Problem {
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.state != State::Rectified
    }

    #[must_use]
    pub fn is_overdue(&self) -> bool {
        self.overdue_days > 0
    }
}

impl<'s> Ledger<'s> {
    /// An empty ledger read as of `as_of` (`YYYYMMDD`).
    #[must_use]
    pub fn new(st: &'s Standard, as_of: u32) -> Self {
        Self {
            st,
            as_of,
            failing: Vec::new(),
            history: History::default(),
        }
    }

    /// The date the ledger is read as of.
    #[must_use]
    pub fn as_of(&self) -> u32 {
        self.as_of
    }

    /// The criterion, outcome and date of a row the ledger counts.
    fn seen(&self, obs: &Obs<'_>) -> Option<(usize, bool)> {
        let Entry::Criterion(c) = obs.target else {
            return None;
        };
        if obs.date.is_some_and(|d| d > self.as_of) {
            return None;
        }
        match obs.row.outcome? {
            Outcome::Pass => Some((c, false)),
            Outcome::Fail | Outcome::Severe => Some((c, true)),
            Outcome::NotApplicable | Outcome::Unobservable => None,
        }
    }

    fn key(obs: &Obs<'_>, c: usize) -> Key {
        key_of(obs.district, obs.point.unwrap_or_default(), c)
    }

    fn visit(obs: &Obs<'_>, fail: bool) -> Option<Visit> {
        Some(Visit {
            date: obs.date?,
            fail,
            round: round_hash(obs.round),
        })
    }

    /// Every problem, its status worked out, in a stable order (date,
    /// district, point, criterion, round, then where it was read).
    #[must_use]
    pub fn problems(&self) -> Vec<Problem> {
        self.clone().into_problems()
    }

    /// [`Ledger::problems`], the failing rows' text moved, not copied.
    #[must_use]
    pub fn into_problems(mut self) -> Vec<Problem> {
        let failing = std::mem::take(&mut self.failing);
        let mut out: Vec<Problem> = failing.into_iter().map(|f| self.problem(f)).collect();
        out.sort_by(|a, b| {
            (a.date, &a.district, &a.point, a.criterion, &a.round, a.loc).cmp(&(
                b.date,
                &b.district,
                &b.point,
                b.criterion,
                &b.round,
                b.loc,
            ))
        });
        out
    }

    fn problem(&self, f: Failing) -> Problem {
        let crit = &self.st.criteria[f.criterion];
        let days = crit.rectify_days.unwrap_or(self.st.policy.rectify_days);
        let deadline = f.date.and_then(|d| add_days(d, days));
        let history = self.history.get(key_of(
            &f.district,
            f.point.as_deref().unwrap_or_default(),
            f.criterion,
        ));
        // Later rows, by date (a pass and a fail on one day: the fail
        // first, so that the day does not read as fixed).
        let later = |after: u32| {
            history
                .iter()
                .filter(move |v| v.date > after)
                .min_by_key(|v| (v.date, !v.fail))
        };
        let next = f.date.and_then(later);
        let first_pass = f
            .date
            .and_then(|d| history.iter().filter(|v| v.date > d && !v.fail).min());
        let (state, rectified_on, recheck_failed) = match f.status {
            Some(Status::Open) => (State::Open, None, false),
            Some(Status::InProgress) => (State::InProgress, None, false),
            Some(Status::Rectified) => (State::Rectified, first_pass.map(|v| v.date), false),
            None => match next {
                Some(v) if !v.fail => (State::Rectified, Some(v.date), false),
                Some(_) => (State::Open, None, true),
                None => (State::Open, None, false),
            },
        };
        let on_time = state == State::Rectified
            && matches!((rectified_on, deadline), (Some(r), Some(d)) if r <= d);
        let round = round_hash(&f.round);
        let relapsed = state == State::Rectified
            && rectified_on.or(f.date).is_some_and(|since| {
                history
                    .iter()
                    .any(|v| v.fail && v.date > since && v.round != round)
            });
        let overdue_days = match (state, deadline) {
            (State::Open | State::InProgress, Some(d)) => days_between(d, self.as_of),
            _ => 0,
        };
        let departments = match &f.department {
            Some(d) => vec![d.clone()],
            None => self.st.departments(f.criterion).map(String::from).collect(),
        };
        Problem {
            id: problem_id(&f.round, &f.district, f.point.as_deref(), &crit.id, f.date),
            round: f.round,
            date: f.date,
            district: f.district,
            street: f.street,
            point_type: f.point_type,
            point: f.point,
            criterion: f.criterion,
            severe: f.severe,
            departments,
            note: f.note,
            photo: f.photo,
            inspector: f.inspector,
            deadline,
            state,
            rectified_on,
            on_time,
            recheck_failed,
            relapsed,
            overdue_days,
            loc: f.loc,
        }
    }
}

impl Sink for Ledger<'_> {
    fn observe(&mut self, obs: &Obs<'_>) {
        let Some((c, fail)) = self.seen(obs) else {
            return;
        };
        if let Some(v) = Self::visit(obs, fail) {
            self.history.add(Self::key(obs, c), v);
        }
        if fail {
            self.failing.push(Failing {
                round: obs.round.to_string(),
                date: obs.date,
                district: obs.district.to_string(),
                street: obs.street.map(String::from),
                point_type: obs.point_type.map(String::from),
                point: obs.point.map(String::from),
                department: obs.department.map(String::from),
                criterion: c,
                severe: obs.row.outcome == Some(Outcome::Severe),
                status: obs.status,
                note: obs.texts.note().map(String::from),
                photo: obs.texts.photo().map(String::from),
                inspector: obs.texts.inspector().map(String::from),
                loc: obs.loc,
            });
        }
    }

    /// A duplicate taken back: its failing row (found by its location)
    /// goes. Its visit stays: the first occurrence has the same one.
    fn retract(&mut self, obs: &Obs<'_>) {
        if self.seen(obs).is_some_and(|(_, fail)| fail)
            && let Some(i) = self.failing.iter().position(|f| f.loc == obs.loc)
        {
            self.failing.swap_remove(i);
        }
    }

    fn merge(&mut self, other: Self) {
        self.failing.extend(other.failing);
        self.history.merge(other.history);
    }
}

/// A problem's id: `P-` and the first ten hex digits (40 bits) of the
/// 64-bit FNV-1a hash of its round, district, point, criterion id and date
/// (`YYYYMMDD`), separated by U+001F. The same in every run, whatever the
/// file order or threads; FNV-1a is fixed by its definition, not by a
/// library's version.
#[must_use]
pub fn problem_id(
    round: &str,
    district: &str,
    point: Option<&str>,
    criterion: &str,
    date: Option<u32>,
) -> String {
    let date = date.map(|d| d.to_string()).unwrap_or_default();
    let h = fnv(&[
        round.as_bytes(),
        district.as_bytes(),
        point.unwrap_or_default().as_bytes(),
        criterion.as_bytes(),
        date.as_bytes(),
    ]);
    format!("P-{:010X}", h >> 24)
}

/// A round's name, hashed to 32 bits (rounds are few: what matters is
/// only whether two visits are of the same round).
#[allow(
    clippy::cast_possible_truncation,
    reason = "the high half folded into the low"
)]
fn round_hash(round: &str) -> u32 {
    let h = fnv(&[round.as_bytes()]);
    (h ^ (h >> 32)) as u32
}

/// 64-bit FNV-1a over the parts, each followed by U+001F.
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.iter().chain(&[0x1f]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Days since 1970-01-01 of a `YYYYMMDD` date (proleptic Gregorian).
#[must_use]
pub fn day_number(date: u32) -> i64 {
    let (y, m, d) = (
        i64::from(date / 10_000),
        i64::from(date / 100 % 100),
        i64::from(date % 100),
    );
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The `YYYYMMDD` date of a day number (see [`day_number`]); `None` past
/// the years a date may have.
#[must_use]
pub fn from_day_number(z: i64) -> Option<u32> {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    u32::try_from(y * 10_000 + m * 100 + d)
        .ok()
        .filter(|_| (1..=9999).contains(&y))
}

/// `date` + `days` calendar days.
#[must_use]
pub fn add_days(date: u32, days: u32) -> Option<u32> {
    from_day_number(day_number(date) + i64::from(days))
}

/// Days from `from` to `to`, 0 when `to` is not after `from`.
#[must_use]
pub fn days_between(from: u32, to: u32) -> u32 {
    u32::try_from(day_number(to) - day_number(from)).unwrap_or(0)
}

/// Today's date as `YYYYMMDD` from seconds since the Unix epoch (UTC).
#[must_use]
pub fn date_of_unix(secs: u64) -> Option<u32> {
    from_day_number(i64::try_from(secs / 86_400).ok()?)
}

/// A `YYYYMMDD` date as `2024-03-05`.
#[must_use]
pub fn show_date(date: u32) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date / 10_000,
        date / 100 % 100,
        date % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::{Row, Visit as Place};

    fn standard() -> Standard {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("standards")
            .join("monthly-check");
        crate::standard::load(&path)
            .standard
            .expect("the shipped standard loads")
    }

    /// A row of criterion 0 at `point` of 甲区.
    fn obs<'a>(
        st: &Standard,
        round: &'a str,
        point: &'a str,
        date: u32,
        outcome: Outcome,
        line: u64,
    ) -> Obs<'a> {
        Obs::new(
            st,
            Place {
                round,
                district: "甲区",
                point: Some(point),
                date: Some(date),
                ..Place::default()
            },
            Entry::Criterion(0),
            Row {
                outcome: Some(outcome),
                ..Row::default()
            },
            Loc { input: 0, line },
        )
    }

    fn days(st: &Standard) -> u32 {
        st.criteria[0]
            .rectify_days
            .unwrap_or(st.policy.rectify_days)
    }

    #[test]
    fn calendar_arithmetic_across_month_year_and_leap_days() {
        assert_eq!(add_days(20_240_228, 1), Some(20_240_229));
        assert_eq!(add_days(20_240_229, 1), Some(20_240_301));
        assert_eq!(add_days(20_230_228, 1), Some(20_230_301));
        assert_eq!(add_days(21_000_228, 1), Some(21_000_301));
        assert_eq!(add_days(20_000_228, 1), Some(20_000_229));
        assert_eq!(add_days(20_231_225, 10), Some(20_240_104));
        assert_eq!(add_days(20_240_131, 30), Some(20_240_301));
        assert_eq!(add_days(20_241_231, 0), Some(20_241_231));
        assert_eq!(days_between(20_240_104, 20_240_301), 57);
        assert_eq!(days_between(20_231_231, 20_240_101), 1);
        assert_eq!(days_between(20_240_301, 20_240_301), 0);
        assert_eq!(days_between(20_240_302, 20_240_301), 0);
        assert_eq!(days_between(20_230_101, 20_240_101), 365);
        assert_eq!(days_between(20_240_101, 20_250_101), 366);
        assert_eq!(day_number(19_700_101), 0);
        // Every day of four years round-trips.
        for n in day_number(20_230_101)..day_number(20_270_101) {
            let d = from_day_number(n).expect("a date");
            assert_eq!(day_number(d), n);
            assert!(crate::input::text::date(&show_date(d)).is_some());
        }
        assert_eq!(date_of_unix(1_709_251_200), Some(20_240_301));
    }

    #[test]
    fn status_transitions() {
        let st = standard();
        let span = days(&st);
        let mut ledger = Ledger::new(&st, 20_241_231);
        // open, never re-inspected.
        ledger.observe(&obs(&st, "1", "a", 20_240_301, Outcome::Fail, 1));
        // rectified by a later pass, on time.
        ledger.observe(&obs(&st, "1", "b", 20_240_301, Outcome::Fail, 2));
        let fix = add_days(20_240_301, span).expect("date");
        ledger.observe(&obs(&st, "2", "b", fix, Outcome::Pass, 3));
        // a later fail first, then a pass: open, 复查未通过.
        ledger.observe(&obs(&st, "1", "c", 20_240_301, Outcome::Severe, 4));
        ledger.observe(&obs(&st, "2", "c", 20_240_401, Outcome::Fail, 5));
        ledger.observe(&obs(&st, "2", "c", 20_240_501, Outcome::Pass, 6));
        // fixed, failing again in a later round: 回潮; the same round: not.
        ledger.observe(&obs(&st, "1", "e", 20_240_301, Outcome::Fail, 7));
        ledger.observe(&obs(&st, "1", "e", 20_240_302, Outcome::Pass, 8));
        ledger.observe(&obs(&st, "1", "e", 20_240_303, Outcome::Fail, 9));
        ledger.observe(&obs(&st, "2", "e", 20_240_401, Outcome::Fail, 10));
        let ps = ledger.problems();
        let at = |line: u64| ps.iter().find(|p| p.loc.line == line).expect("problem");
        let open = at(1);
        assert_eq!(
            (open.state, open.recheck_failed, open.relapsed),
            (State::Open, false, false)
        );
        assert_eq!(open.deadline, add_days(20_240_301, span));
        assert!(open.is_overdue());
        let fixed = at(2);
        assert_eq!(
            (fixed.state, fixed.rectified_on, fixed.on_time),
            (State::Rectified, Some(fix), true)
        );
        assert_eq!(fixed.overdue_days, 0);
        let rechecked = at(4);
        assert_eq!(
            (rechecked.state, rechecked.recheck_failed, rechecked.severe),
            (State::Open, true, true)
        );
        let again = at(5);
        assert_eq!(
            (again.state, again.rectified_on),
            (State::Rectified, Some(20_240_501))
        );
        let relapse = at(7);
        assert_eq!((relapse.state, relapse.relapsed), (State::Rectified, true));
        // The same-round fail after the fix is open, re-inspected by the
        // round-2 fail.
        assert!(at(9).recheck_failed);
        assert!(!at(10).relapsed);
        assert_eq!(ps.len(), 7);
    }

    #[test]
    fn merged_halves_and_a_retracted_duplicate_give_the_same_ledger() {
        let st = standard();
        let rows = [
            obs(&st, "1", "a", 20_240_301, Outcome::Fail, 1),
            obs(&st, "2", "a", 20_240_401, Outcome::Pass, 2),
            obs(&st, "1", "b", 20_240_301, Outcome::Fail, 3),
            obs(&st, "2", "b", 20_240_401, Outcome::Fail, 4),
        ];
        let mut whole = Ledger::new(&st, 20_241_231);
        for r in &rows {
            whole.observe(r);
        }
        let (mut first, mut second) = (Ledger::new(&st, 20_241_231), Ledger::new(&st, 20_241_231));
        for r in &rows[2..] {
            first.observe(r);
        }
        for r in &rows[..2] {
            second.observe(r);
        }
        let dup = obs(&st, "1", "a", 20_240_301, Outcome::Fail, 9);
        second.observe(&dup);
        first.merge(second);
        first.retract(&dup);
        assert_eq!(first.problems(), whole.problems());
    }

    #[test]
    fn rows_after_the_as_of_date_are_not_seen() {
        let st = standard();
        let mut l = Ledger::new(&st, 20_240_331);
        l.observe(&obs(&st, "1", "a", 20_240_301, Outcome::Fail, 1));
        l.observe(&obs(&st, "2", "a", 20_240_401, Outcome::Pass, 2));
        l.observe(&obs(&st, "2", "b", 20_240_401, Outcome::Fail, 3));
        let ps = l.problems();
        assert_eq!(ps.len(), 1);
        assert_eq!(ps[0].state, State::Open);
        let deadline = ps[0].deadline.expect("a deadline");
        assert_eq!(ps[0].overdue_days, days_between(deadline, 20_240_331));
    }

    #[test]
    fn ids_hash_round_district_point_criterion_and_date() {
        let id = problem_id("第1轮", "甲区", Some("p1"), "R1", Some(20_240_227));
        assert_eq!(id, "P-0D14EDD791");
        assert_ne!(
            id,
            problem_id("第1轮", "甲区", Some("p1"), "R1", Some(20_240_228))
        );
        // The separator keeps fields apart.
        assert_ne!(
            problem_id("a", "bc", None, "R1", None),
            problem_id("ab", "c", None, "R1", None)
        );
    }
}
