//! One function per rule kind: the points a criterion earns in a unit, as an
//! exact rational. Rounding happens once, in the report.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rust_decimal::Decimal;

use super::acc::Acc;
use crate::standard::{Rule, Scope};

/// An exact number.
pub type Q = BigRational;

/// A decimal as an exact rational.
#[must_use]
pub fn q(d: Decimal) -> Q {
    // Most values in a standard are whole: no fraction to reduce.
    if d.scale() == 0 {
        return Q::from_integer(BigInt::from(d.mantissa()));
    }
    let denom = BigInt::from(10u8).pow(d.scale());
    Q::new(BigInt::from(d.mantissa()), denom)
}

/// An integer as an exact rational.
#[must_use]
pub fn qi(n: u64) -> Q {
    Q::from_integer(BigInt::from(n))
}

/// Points earned, or `None` when no row counts (the criterion does not apply
/// in the unit and is left out of both sides).
#[must_use]
pub fn earned(rule: &Rule, score: Decimal, acc: &Acc) -> Option<Q> {
    let full = q(score);
    let v = value(rule, score, acc)?;
    Some(at_full(rule, &full, v.q()))
}

/// Points earned by a unit whose rows of the criterion lie at `places`:
/// under [`Scope::Unit`] all rows scored together ([`earned`] of their
/// sum); under [`Scope::Point`] each place scored alone and the places
/// averaged, a rate's `full_at` applying to the average. `None` when no
/// row counts.
#[must_use]
pub fn earned_in<'a>(
    rule: &Rule,
    score: Decimal,
    by: Scope,
    places: impl IntoIterator<Item = &'a Acc>,
) -> Option<Q> {
    match by {
        Scope::Unit => {
            let mut all = Acc::default();
            for a in places {
                all += a;
            }
            earned(rule, score, &all)
        }
        Scope::Point => {
            let mut sum = FracSum::default();
            let mut n = 0u64;
            for v in places.into_iter().filter_map(|a| value(rule, score, a)) {
                sum.add(&v);
                n += 1;
            }
            (n > 0).then(|| at_full(rule, &q(score), sum.mean(n)))
        }
    }
}

/// A unit's or a place's points, exact: `num ÷ den` with a decimal
/// numerator where that holds them (cheap to add up), else a [`Q`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Frac {
    Dec { num: Decimal, den: u64 },
    Exact(Q),
}

impl Frac {
    fn whole(num: Decimal) -> Self {
        Self::Dec { num, den: 1 }
    }

    #[must_use]
    pub fn q(&self) -> Q {
        match self {
            Self::Dec { num, den } => q(*num) / qi(*den),
            Self::Exact(x) => x.clone(),
        }
    }
}

/// `a + b` when a decimal holds it exactly (`rust_decimal` would round a
/// sum too long for it).
pub(crate) fn exact_add(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_add(b)
        .filter(|r| r.scale() == a.scale().max(b.scale()))
}

/// `a × b` when a decimal holds it exactly.
fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    a.checked_mul(b)
        .filter(|r| r.scale() == a.scale() + b.scale())
}

/// A sum of [`Frac`]s, exact: numerators summed per denominator (a rule's
/// denominators are a place's row counts, few distinct), in a [`Q`] only
/// what a decimal cannot hold.
#[derive(Clone, Debug, Default)]
pub struct FracSum {
    by_den: Vec<(u64, Decimal)>,
    rest: Option<Q>,
}

impl FracSum {
    pub fn add(&mut self, f: &Frac) {
        if let Frac::Dec { num, den } = *f {
            match self.by_den.iter_mut().find(|e| e.0 == den) {
                None => return self.by_den.push((den, num)),
                Some(e) => {
                    if let Some(s) = exact_add(e.1, num) {
                        e.1 = s;
                        return;
                    }
                }
            }
        }
        *self.rest.get_or_insert_with(Q::zero) += f.q();
    }

    /// The sum.
    #[must_use]
    pub fn q(&self) -> Q {
        self.mean(1)
    }

    /// The sum divided by `n` (> 0).
    #[must_use]
    pub fn mean(&self, n: u64) -> Q {
        if self.rest.is_none()
            && let Some(x) = self.common(n)
        {
            return x;
        }
        let mut sum = self.rest.clone().unwrap_or_else(Q::zero);
        for &(den, num) in &self.by_den {
            sum += Frac::Dec { num, den }.q();
        }
        sum / qi(n)
    }

    /// The sum divided by `n`, over one common denominator in 128-bit
    /// integers: one fraction to reduce instead of one per denominator.
    /// `None` when a number would not fit (then [`FracSum::mean`] adds
    /// them one by one, to the same value).
    fn common(&self, n: u64) -> Option<Q> {
        let scale = self.by_den.iter().map(|e| e.1.scale()).max().unwrap_or(0);
        let mut lcm: u128 = 1;
        for &(den, _) in &self.by_den {
            let d = u128::from(den);
            lcm = lcm.checked_mul(d / num_integer::gcd(lcm, d))?;
        }
        let mut numer: i128 = 0;
        for &(den, num) in &self.by_den {
            let up = 10i128.checked_pow(scale - num.scale())?;
            let part = num
                .mantissa()
                .checked_mul(up)?
                .checked_mul(i128::try_from(lcm / u128::from(den)).ok()?)?;
            numer = numer.checked_add(part)?;
        }
        let denom = i128::try_from(lcm)
            .ok()?
            .checked_mul(10i128.checked_pow(scale)?)?
            .checked_mul(i128::from(n))?;
        Some(Q::new(BigInt::from(numer), BigInt::from(denom)))
    }
}

/// A unit's or a place's points before a rate's `full_at`: what
/// `scope = "point"` averages. 严重不合格 (under `severe = "zero"`) gives 0.
#[must_use]
pub fn value(rule: &Rule, score: Decimal, acc: &Acc) -> Option<Frac> {
    let n = acc.counted();
    if n == 0 {
        return None;
    }
    if acc.severe > 0 {
        return Some(Frac::whole(Decimal::ZERO));
    }
    let less = |per: Decimal, k: u64| match exact_mul(per, Decimal::from(k)) {
        Some(off) => Frac::whole((score - off).max(Decimal::ZERO)),
        None => Frac::Exact(floor0(q(score) - q(per) * qi(k))),
    };
    Some(match rule {
        Rule::Rate { .. } => match exact_mul(score, Decimal::from(acc.pass)) {
            Some(num) => Frac::Dec { num, den: n },
            None => Frac::Exact(q(score) * qi(acc.pass) / qi(n)),
        },
        Rule::All => Frac::whole(if acc.fails() == 0 {
            score
        } else {
            Decimal::ZERO
        }),
        Rule::Deduct { per_problem } => less(*per_problem, acc.problems),
        Rule::Quota { per_missing, .. } => less(*per_missing, acc.missing),
        Rule::Graded { .. } => Frac::Dec {
            num: acc.points,
            den: n,
        },
    })
}

/// A rate rule's `full_at`: full marks once `v ÷ 分值` reaches it (never
/// at 0: `full_at` is above 0).
fn at_full(rule: &Rule, full: &Q, v: Q) -> Q {
    match rule {
        Rule::Rate { full_at: Some(t) } if v >= full * q(*t) => full.clone(),
        _ => v,
    }
}

fn floor0(x: Q) -> Q {
    if x.is_negative() { Q::zero() } else { x }
}

/// Round half away from zero (四舍五入) to `decimals` places.
#[must_use]
pub fn round(x: &Q, decimals: u32) -> Decimal {
    // Half away from zero, in integers (no fraction to reduce): with x =
    // numer / denom (denom > 0), |x| × 10^decimals rounded is
    // ⌊(2 |numer| 10^decimals + denom) ÷ 2 denom⌋.
    let scale = BigInt::from(10u8).pow(decimals);
    let (numer, denom) = (x.numer(), x.denom());
    let magnitude = (numer.abs() * scale * 2u8 + denom) / (denom * 2u8);
    let rounded = if numer.is_negative() {
        -magnitude
    } else {
        magnitude
    };
    let mantissa: i128 = rounded.try_into().unwrap_or(i128::MAX);
    Decimal::try_from_i128_with_scale(mantissa, decimals).unwrap_or(Decimal::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("decimal")
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(&q(d("2.345")), 2), d("2.35"));
        assert_eq!(round(&q(d("2.344999")), 2), d("2.34"));
        assert_eq!(round(&q(d("-2.345")), 2), d("-2.35"));
        // 1/3 × 3 stays exactly 1.
        assert_eq!(round(&(qi(1) / qi(3) * qi(3)), 2), d("1.00"));
        assert_eq!(round(&(qi(2) / qi(3)), 0), d("1"));
    }

    proptest::proptest! {
        /// A sum over one common denominator (the fast path) is the sum of
        /// the fractions one by one, divided by n; so is the sum where some
        /// numbers are too large for it.
        #[test]
        fn a_frac_sum_is_the_sum_of_its_fractions(
            fracs in proptest::collection::vec(
                (1..60u64, proptest::prelude::any::<i64>(), 0..6u32, proptest::prelude::any::<bool>()),
                1..40,
            ),
            n in 1..20u64,
        ) {
            let mut sum = FracSum::default();
            let mut want = Q::zero();
            for &(den, mantissa, scale, huge) in &fracs {
                // Sometimes a denominator that overflows the common one.
                let den = if huge { den * 1_000_000_007 } else { den };
                let f = Frac::Dec { num: Decimal::new(mantissa, scale), den };
                want += f.q();
                sum.add(&f);
            }
            proptest::prop_assert_eq!(sum.mean(n), want / qi(n));
        }
    }

    #[test]
    fn rules_by_hand() {
        let acc = Acc {
            pass: 3,
            fail: 1,
            problems: 3,
            missing: 2,
            ..Acc::default()
        };
        let s = d("4");
        assert_eq!(earned(&Rule::Rate { full_at: None }, s, &acc), Some(qi(3)));
        assert_eq!(
            earned(
                &Rule::Rate {
                    full_at: Some(d("0.75"))
                },
                s,
                &acc
            ),
            Some(qi(4))
        );
        assert_eq!(earned(&Rule::All, s, &acc), Some(qi(0)));
        assert_eq!(
            earned(
                &Rule::Deduct {
                    per_problem: d("0.5")
                },
                s,
                &acc
            ),
            Some(q(d("2.5")))
        );
        assert_eq!(
            earned(
                &Rule::Quota {
                    required: 2,
                    per_missing: d("3")
                },
                s,
                &acc
            ),
            Some(qi(0)),
            "floor 0"
        );
        assert_eq!(earned(&Rule::All, s, &Acc::default()), None);
    }
}
