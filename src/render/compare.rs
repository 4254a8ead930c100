//! The `ceping compare` report → localized sheets of typed cells: one view
//! for table, csv and md (`--by`), every view for a workbook.

use rust_decimal::Decimal;

use super::{Cell, Sheet};
use crate::cli::CompareBy;
use crate::i18n::{Label as L, Lang};
use crate::report::compare::{CompareReport, UnitChange};
use crate::report::score::Band;
use crate::score::compare::Change;

/// The label of a change.
fn change_label(change: Change) -> L {
    match change {
        Change::NewlyFailing => L::NewlyFailing,
        Change::StillFailing => L::StillFailing,
        Change::Fixed => L::Fixed,
        Change::StillPassing => L::StillPassing,
        Change::NewlyObserved => L::NewlyObserved,
        Change::NoLongerObserved => L::NoLongerObserved,
        Change::NotObserved => L::NotObserved,
    }
}

fn band_label(band: Band) -> L {
    match band {
        Band::Red => L::Red,
        Band::Black => L::Black,
    }
}

/// A score as the lead lines show it: `-` when there is none.
fn num(x: Option<Decimal>) -> String {
    Cell::dec_or_null(x).shown().into_owned()
}

/// A change with its sign: `+1.25`, `-0.50`, `0.00`.
fn signed(x: Option<Decimal>) -> String {
    match x {
        Some(d) if d.is_sign_positive() && !d.is_zero() => format!("+{}", num(x)),
        _ => num(x),
    }
}

/// How many criteria of the city are under each change, in order.
fn change_counts(r: &CompareReport) -> Vec<(Change, usize)> {
    Change::ALL
        .iter()
        .map(|&c| (c, r.criteria.iter().filter(|x| x.change == c).count()))
        .collect()
}

/// The key facts, printed before each view's table.
fn lead(r: &CompareReport, lang: Lang) -> Vec<String> {
    let colon = lang.pick("：", ": ");
    let sep = lang.pick("，", ", ");
    let (open, close) = lang.pick(("（", "）"), (" (", ")"));
    let mut lead = vec![format!(
        "{}{colon}{}",
        L::Standard.text(lang),
        r.standard.name
    )];
    if let Some(n) = &r.city.name {
        lead.push(format!("{}{colon}{n}", L::City.text(lang)));
    }
    lead.push(format!(
        "{}{colon}{}",
        L::Rounds.text(lang),
        r.rounds.join(" → ")
    ));
    let scores: Vec<String> = r.city.scores.iter().map(|s| num(*s)).collect();
    lead.push(format!(
        "{}{colon}{}{open}{} {}{close}",
        L::CityScore.text(lang),
        scores.join(" → "),
        L::DeltaWord.text(lang),
        signed(r.city.delta)
    ));
    let counts: Vec<String> = change_counts(r)
        .into_iter()
        .map(|(c, n)| format!("{} {n}", change_label(c).text(lang)))
        .collect();
    lead.push(format!(
        "{}{colon}{}",
        L::CriteriaChanges.text(lang),
        counts.join(sep)
    ));
    lead
}

/// The sheets of one view, for table, csv and md.
#[must_use]
pub fn view(r: &CompareReport, by: CompareBy, lang: Lang) -> Vec<Sheet> {
    let mut sheet = match by {
        CompareBy::District => units(r, &r.districts, true, lang),
        CompareBy::Department => units(r, &r.departments, false, lang),
        CompareBy::Criterion => criteria(r, lang),
    };
    sheet.lead = lead(r, lang);
    vec![sheet]
}

/// Every view, one sheet each, after a summary: for a workbook.
#[must_use]
pub fn workbook(r: &CompareReport, lang: Lang) -> Vec<Sheet> {
    let mut rows = vec![
        vec![
            Cell::text(L::Standard.text(lang)),
            Cell::text(&r.standard.name),
        ],
        vec![
            Cell::text(L::StandardId.text(lang)),
            Cell::text(&r.standard.id),
        ],
    ];
    if let Some(n) = &r.city.name {
        rows.push(vec![Cell::text(L::City.text(lang)), Cell::text(n)]);
    }
    for (round, score) in r.rounds.iter().zip(&r.city.scores) {
        rows.push(vec![
            Cell::text(format!("{} {round}", L::CityScore.text(lang))),
            Cell::dec_or_null(*score),
        ]);
    }
    rows.push(vec![
        Cell::text(L::Delta.text(lang)),
        Cell::dec_or_null(r.city.delta),
    ]);
    for (c, n) in change_counts(r) {
        rows.push(vec![
            Cell::text(format!(
                "{} {}",
                L::CriteriaChanges.text(lang),
                change_label(c).text(lang)
            )),
            Cell::int(n),
        ]);
    }
    let summary = Sheet {
        title: L::TabSummary.text(lang).to_string(),
        tab: L::TabSummary.text(lang).to_string(),
        headers: vec![
            L::Field.text(lang).to_string(),
            L::Value.text(lang).to_string(),
        ],
        rows,
        numeric: vec![1],
        ..Sheet::default()
    };
    vec![
        summary,
        units(r, &r.districts, true, lang),
        units(r, &r.departments, false, lang),
        criteria(r, lang),
        by_district(r, lang),
    ]
}

/// Districts (with bands) or departments: scores per round, the change,
/// the ranks of the last two rounds and the rank change.
fn units(r: &CompareReport, units: &[UnitChange], bands: bool, lang: Lang) -> Sheet {
    let (title, tab, name) = if bands {
        (L::DistrictCompare, L::TabDistricts, L::District)
    } else {
        (L::DepartmentCompare, L::TabDepartments, L::Department)
    };
    let n = r.rounds.len();
    let last_two = &r.rounds[n.saturating_sub(2)..];
    let mut headers = vec![name.text(lang).to_string()];
    headers.extend(
        r.rounds
            .iter()
            .map(|round| format!("{} {}", round, L::Points2.text(lang))),
    );
    headers.push(L::Delta.text(lang).to_string());
    headers.extend(
        last_two
            .iter()
            .map(|round| format!("{} {}", round, L::Rank.text(lang))),
    );
    headers.push(L::RankChange.text(lang).to_string());
    if bands {
        headers.extend([
            L::Band.text(lang).to_string(),
            L::BandChange.text(lang).to_string(),
            L::Streak.text(lang).to_string(),
        ]);
    }
    let numeric: Vec<usize> = (1..=n + last_two.len() + 2)
        .chain(bands.then_some(n + last_two.len() + 5))
        .collect();
    let band_cell =
        |b: Option<Band>| b.map_or(Cell::Empty, |b| Cell::text(band_label(b).text(lang)));
    let rows = units
        .iter()
        .map(|u| {
            let mut row = vec![Cell::text(&u.name)];
            row.extend(u.scores.iter().map(|s| Cell::dec_or_null(*s)));
            row.push(Cell::dec_or_null(u.delta));
            row.extend(
                u.ranks
                    .iter()
                    .skip(n.saturating_sub(2))
                    .map(|r| Cell::int_or_null(*r)),
            );
            row.push(
                u.rank_change
                    .map_or(Cell::Null, |c| Cell::dec(Decimal::from(c))),
            );
            if bands {
                let mut change = Vec::new();
                if let Some(b) = u.left {
                    change.push(format!(
                        "{}{}",
                        L::Left.text(lang),
                        lang.pick("", " ").to_string() + band_label(b).text(lang)
                    ));
                }
                if let Some(b) = u.entered {
                    change.push(format!(
                        "{}{}",
                        L::Entered.text(lang),
                        lang.pick("", " ").to_string() + band_label(b).text(lang)
                    ));
                }
                row.extend([
                    band_cell(u.bands.last().copied().flatten()),
                    Cell::text(change.join(lang.pick("，", ", "))),
                    if u.streak > 0 {
                        Cell::int(u.streak)
                    } else {
                        Cell::Empty
                    },
                ]);
            }
            row
        })
        .collect();
    Sheet {
        title: title.text(lang).to_string(),
        tab: tab.text(lang).to_string(),
        headers,
        rows,
        bands: if bands {
            units
                .iter()
                .map(|u| u.bands.last().copied().flatten())
                .collect()
        } else {
            Vec::new()
        },
        numeric,
        ..Sheet::default()
    }
}

/// Every criterion: its change in the city, its rows in the last two
/// rounds, and the districts where it newly fails or was fixed.
fn criteria(r: &CompareReport, lang: Lang) -> Sheet {
    let n = r.rounds.len();
    let (old, new) = (
        r.rounds.get(n.wrapping_sub(2)).map_or("", String::as_str),
        r.rounds.last().map_or("", String::as_str),
    );
    let sep = lang.pick("、", ", ");
    let districts_with = |id: &str, change: Change| {
        r.district_criteria
            .iter()
            .filter(|d| d.ids(change).iter().any(|x| x == id))
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>()
            .join(sep)
    };
    let rows = r
        .criteria
        .iter()
        .map(|c| {
            vec![
                Cell::text(&c.id),
                Cell::text(&c.text),
                Cell::text(change_label(c.change).text(lang)),
                Cell::int(c.old.observations),
                Cell::int(c.old.fails),
                Cell::int(c.new.observations),
                Cell::int(c.new.fails),
                Cell::text(districts_with(&c.id, Change::NewlyFailing)),
                Cell::text(districts_with(&c.id, Change::Fixed)),
            ]
        })
        .collect();
    Sheet {
        title: L::CriterionCompare.text(lang).to_string(),
        tab: L::TabCriteria.text(lang).to_string(),
        headers: vec![
            L::Id.text(lang).to_string(),
            L::Criterion.text(lang).to_string(),
            L::ChangeKind.text(lang).to_string(),
            format!("{old} {}", L::Observations.text(lang)),
            format!("{old} {}", L::Fails.text(lang)),
            format!("{new} {}", L::Observations.text(lang)),
            format!("{new} {}", L::Fails.text(lang)),
            L::NewlyFailingIn.text(lang).to_string(),
            L::FixedIn.text(lang).to_string(),
        ],
        rows,
        numeric: vec![3, 4, 5, 6],
        ..Sheet::default()
    }
}

/// One row per district and criterion, with its change (a workbook's
/// sheet, to filter).
fn by_district(r: &CompareReport, lang: Lang) -> Sheet {
    let text: std::collections::HashMap<&str, &str> = r
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), c.text.as_str()))
        .collect();
    let mut rows = Vec::new();
    for d in &r.district_criteria {
        for change in Change::ALL {
            for id in d.ids(change) {
                rows.push(vec![
                    Cell::text(&d.name),
                    Cell::text(id),
                    Cell::text(text.get(id.as_str()).copied().unwrap_or_default()),
                    Cell::text(change_label(change).text(lang)),
                ]);
            }
        }
    }
    Sheet {
        title: L::DistrictCriterionCompare.text(lang).to_string(),
        tab: L::TabCriteriaByDistrict.text(lang).to_string(),
        headers: vec![
            L::District.text(lang).to_string(),
            L::Id.text(lang).to_string(),
            L::Criterion.text(lang).to_string(),
            L::ChangeKind.text(lang).to_string(),
        ],
        rows,
        ..Sheet::default()
    }
}
