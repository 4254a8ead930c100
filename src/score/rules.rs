//! One function per rule kind: the points a criterion earns in a unit, as an
//! exact rational. Rounding happens once, in the report.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{Signed, Zero};
use rust_decimal::Decimal;

use super::acc::Acc;
use crate::standard::Rule;

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
    let n = acc.counted();
    if n == 0 {
        return None;
    }
    let full = q(score);
    if acc.severe > 0 {
        return Some(Q::zero());
    }
    Some(match rule {
        Rule::Rate { full_at } => rate(&full, acc.pass, n, full_at.map(q).as_ref()),
        Rule::All => {
            if acc.fails() == 0 {
                full
            } else {
                Q::zero()
            }
        }
        Rule::Deduct { per_problem } => floor0(full - q(*per_problem) * qi(acc.problems)),
        Rule::Quota { per_missing, .. } => floor0(full - q(*per_missing) * qi(acc.missing)),
        Rule::Graded { .. } => q(acc.points) / qi(n),
    })
}

fn rate(full: &Q, pass: u64, n: u64, full_at: Option<&Q>) -> Q {
    let ratio = qi(pass) / qi(n);
    match full_at {
        Some(t) if &ratio >= t => full.clone(),
        _ => full * ratio,
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
