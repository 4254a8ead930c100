//! The gap report → localized sheets: one per view (`--by`), the city's
//! figures and the summary sentence as lead lines.

use rust_decimal::Decimal;

use super::sheets::{heads, round_name};
use super::{Cell, Indent, Sheet};
use crate::cli::GapsBy;
use crate::i18n::{Label as L, Lang, Msg};
use crate::report::gaps::GapsReport;
use crate::report::score::Band;
use crate::score::CityFigure;

/// A figure as the sentence shows it: `-` when unknown.
fn num(d: Option<Decimal>) -> String {
    Cell::dec_or_null(d).shown().into_owned()
}

/// The summary sentence, from the report's figures: the gap to the target
/// (or the score), then how much the first criteria recover and who leads
/// them.
#[must_use]
pub fn sentence(r: &GapsReport, lang: Lang) -> String {
    let c = &r.city;
    let head = match (c.target, c.gap) {
        (Some(target), Some(gap)) if gap.is_sign_negative() => Msg::GapsBelow {
            target: target.to_string(),
            gap: (-gap).to_string(),
        },
        (Some(target), Some(gap)) => Msg::GapsMet {
            target: target.to_string(),
            above: gap.to_string(),
        },
        _ => Msg::GapsScore {
            score: num(c.score),
        },
    };
    let s = &r.summary;
    let mut out = head.text(lang);
    out.push_str(lang.pick("；", "; "));
    if s.criteria == 0 {
        out.push_str(&Msg::GapsNothingLost.text(lang));
        return out;
    }
    out.push_str(
        &Msg::GapsFirst {
            n: s.criteria,
            points: s.recoverable.to_string(),
            departments: s.departments.clone(),
        }
        .text(lang),
    );
    if let (Some(false), Some(gap)) = (s.closes_gap, c.gap) {
        out.push_str(
            &Msg::GapsStillShort {
                short: (-gap - s.recoverable).to_string(),
            }
            .text(lang),
        );
    }
    out
}

/// The lead lines every view shares.
fn lead(r: &GapsReport, lang: Lang) -> Vec<String> {
    let colon = lang.pick("：", ": ");
    let sep = lang.pick("，", ", ");
    let (open, close) = lang.pick(("（", "）"), (" (", ")"));
    let c = &r.city;
    let mut lead = vec![format!(
        "{}{colon}{}",
        L::Standard.text(lang),
        r.standard.name
    )];
    if let Some(n) = &c.name {
        lead.push(format!("{}{colon}{n}", L::City.text(lang)));
    }
    if let Some(round) = round_name(r.round.as_deref(), &r.rounds, lang) {
        lead.push(format!("{}{colon}{round}", L::Round.text(lang)));
    }
    let figure = match c.headline {
        CityFigure::Pooled => L::PooledNote,
        CityFigure::DistrictMean => L::MeanNote,
    };
    lead.push(format!(
        "{}{colon}{}{open}{}{sep}{} {}{close}",
        L::CityScore.text(lang),
        num(c.score),
        figure.text(lang),
        L::BeforePenalties.text(lang),
        num(c.score_before_penalties),
    ));
    if let Some(t) = c.target {
        lead.push(format!(
            "{}{colon}{t}{sep}{}{colon}{}",
            L::Target.text(lang),
            L::Gap.text(lang),
            num(c.gap)
        ));
    }
    lead.push(format!(
        "{}{colon}{}",
        L::RecoverableAll.text(lang),
        c.recoverable
    ));
    lead.push(format!(
        "{}{colon}{}",
        L::Summary.text(lang),
        sentence(r, lang)
    ));
    lead.push(format!(
        "{}{colon}{}",
        L::Note.text(lang),
        Msg::GapsNote.text(lang)
    ));
    lead
}

fn band(b: Option<Band>, lang: Lang) -> Cell {
    match b {
        Some(Band::Red) => Cell::text(L::Red.text(lang)),
        Some(Band::Black) => Cell::text(L::Black.text(lang)),
        None => Cell::Empty,
    }
}

/// The sheets of `ceping gaps`: the view asked for, with the city's
/// figures and the summary as its lead lines.
#[must_use]
pub fn gaps(r: &GapsReport, by: GapsBy, lang: Lang) -> Vec<Sheet> {
    let mut sheet = view(r, by, lang);
    sheet.lead = lead(r, lang);
    vec![sheet]
}

/// The sheets of a `ceping gaps` workbook: the summary, then every view.
#[must_use]
pub fn workbook(r: &GapsReport, lang: Lang) -> Vec<Sheet> {
    let c = &r.city;
    let text = |l: L, v: String| vec![Cell::text(l.text(lang)), Cell::text(v)];
    let value = |l: L, v: Cell| vec![Cell::text(l.text(lang)), v];
    let mut rows = Vec::new();
    if let Some(n) = &c.name {
        rows.push(text(L::City, n.clone()));
    }
    rows.push(text(L::StandardId, r.standard.id.clone()));
    rows.push(text(L::Standard, r.standard.name.clone()));
    if let Some(round) = round_name(r.round.as_deref(), &r.rounds, lang) {
        rows.push(text(L::Round, round));
    }
    let figure = match c.headline {
        CityFigure::Pooled => L::PooledNote,
        CityFigure::DistrictMean => L::MeanNote,
    };
    rows.push(value(L::CityScore, Cell::dec_or_null(c.score)));
    rows.push(text(L::Figure, figure.text(lang).into()));
    rows.push(value(
        L::ScoreBeforePenalties,
        Cell::dec_or_null(c.score_before_penalties),
    ));
    if let Some(t) = c.target {
        rows.push(value(L::Target, Cell::dec(t)));
        rows.push(value(L::Gap, Cell::dec_or_null(c.gap)));
    }
    rows.push(value(L::RecoverableAll, Cell::dec(c.recoverable)));
    rows.push(text(L::Summary, sentence(r, lang)));
    rows.push(text(L::Note, Msg::GapsNote.text(lang)));
    let mut out = vec![Sheet {
        title: L::TabSummary.text(lang).into(),
        tab: L::TabSummary.text(lang).into(),
        headers: heads(&[L::Field, L::Value], lang),
        rows,
        ..Sheet::default()
    }];
    for by in [
        GapsBy::Criterion,
        GapsBy::Department,
        GapsBy::District,
        GapsBy::Item,
    ] {
        out.push(view(r, by, lang));
    }
    out
}

/// One view as a sheet, without lead lines.
fn view(r: &GapsReport, by: GapsBy, lang: Lang) -> Sheet {
    let list = lang.pick("、", ", ");
    match by {
        GapsBy::Criterion => Sheet {
            title: L::CriterionGaps.text(lang).into(),
            tab: L::TabGapCriteria.text(lang).into(),
            headers: heads(
                &[
                    L::Rank,
                    L::Id,
                    L::Criterion,
                    L::Recoverable,
                    L::Cumulative,
                    L::Lead,
                    L::Assist,
                    L::FailedIn,
                ],
                lang,
            ),
            rows: r
                .criteria
                .iter()
                .map(|c| {
                    let districts: Vec<String> = c
                        .districts
                        .iter()
                        .map(|d| {
                            if d.fails > 0 {
                                format!("{} {}", d.name, d.fails)
                            } else {
                                d.name.clone()
                            }
                        })
                        .collect();
                    vec![
                        Cell::int(c.rank),
                        Cell::text(&c.id),
                        Cell::text(&c.text),
                        Cell::dec(c.recoverable),
                        Cell::dec(c.cumulative),
                        Cell::text(c.lead.clone().unwrap_or_default()),
                        Cell::text(c.assist.join(list)),
                        Cell::text(districts.join(list)),
                    ]
                })
                .collect(),
            numeric: vec![0, 3, 4],
            empty: Some(L::NoLostCriteria.text(lang).into()),
            ..Sheet::default()
        },
        GapsBy::Department => Sheet {
            title: L::DepartmentGaps.text(lang).into(),
            tab: L::TabGapDepartments.text(lang).into(),
            headers: heads(&[L::Department, L::Lost, L::Gains, L::ItsCriteria], lang),
            rows: r
                .departments
                .iter()
                .map(|d| {
                    vec![
                        Cell::text(&d.name),
                        Cell::dec(d.lost),
                        Cell::dec(d.gains),
                        Cell::text(d.criteria.join(list)),
                    ]
                })
                .collect(),
            numeric: vec![1, 2],
            ..Sheet::default()
        },
        GapsBy::District => {
            // One row per (district, criterion it loses on), the
            // district's figures on each, so that CSV keeps them together.
            let mut rows = Vec::new();
            let mut bands = Vec::new();
            for d in &r.districts {
                let unit = [
                    Cell::int_or_null(d.rank),
                    Cell::text(&d.name),
                    Cell::dec_or_null(d.score),
                    Cell::dec_or_null(d.gap),
                    band(d.band, lang),
                ];
                if d.criteria.is_empty() {
                    let mut row = unit.to_vec();
                    row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
                    rows.push(row);
                    bands.push(d.band);
                }
                for c in &d.criteria {
                    let mut row = unit.to_vec();
                    row.extend([
                        Cell::text(&c.id),
                        Cell::text(&c.text),
                        Cell::dec(c.recoverable),
                        Cell::int(c.fails),
                    ]);
                    rows.push(row);
                    bands.push(d.band);
                }
            }
            Sheet {
                title: L::DistrictLosses.text(lang).into(),
                tab: L::TabGapDistricts.text(lang).into(),
                headers: heads(
                    &[
                        L::Rank,
                        L::District,
                        L::Points2,
                        L::Gap,
                        L::Band,
                        L::Id,
                        L::Criterion,
                        L::OwnRecoverable,
                        L::Fails,
                    ],
                    lang,
                ),
                rows,
                bands,
                numeric: vec![0, 2, 3, 7, 8],
                ..Sheet::default()
            }
        }
        GapsBy::Item => Sheet {
            title: L::ItemGaps.text(lang).into(),
            tab: L::TabGapItems.text(lang).into(),
            headers: heads(
                &[L::Id, L::Name, L::Level, L::Recoverable, L::LosingCriteria],
                lang,
            ),
            rows: r
                .items
                .iter()
                .map(|i| {
                    vec![
                        Cell::text(&i.id),
                        Cell::text(&i.name),
                        Cell::int(i.level),
                        Cell::dec(i.recoverable),
                        Cell::int(i.criteria),
                    ]
                })
                .collect(),
            numeric: vec![2, 3, 4],
            indent: Some(Indent {
                column: 1,
                levels: r
                    .items
                    .iter()
                    .map(|i| u8::try_from(i.level.saturating_sub(1)).unwrap_or(u8::MAX))
                    .collect(),
            }),
            ..Sheet::default()
        },
    }
}
