//! The `ceping problems` report → sheets: the problem list first (what CSV
//! writes), then the summaries per district and per department.

use super::{Cell, Sheet};
use crate::i18n::{Label as L, Lang};
use crate::report::ledger::{LedgerReport, StatusFilter, Summary};
use crate::score::ledger::State;

fn heads(labels: &[L], lang: Lang) -> Vec<String> {
    labels.iter().map(|l| l.text(lang).to_string()).collect()
}

fn opt(s: Option<&String>) -> Cell {
    s.map_or(Cell::Empty, Cell::text)
}

/// The status in words.
#[must_use]
pub fn state(s: State, lang: Lang) -> &'static str {
    match s {
        State::Open => L::StatusOpen,
        State::InProgress => L::StatusInProgress,
        State::Rectified => L::StatusRectified,
    }
    .text(lang)
}

fn filter(f: StatusFilter, lang: Lang) -> &'static str {
    match f {
        StatusFilter::Open => L::Open.text(lang),
        StatusFilter::Overdue => L::Overdue.text(lang),
        StatusFilter::Rectified => L::Rectified.text(lang),
        StatusFilter::Relapsed => L::RelapsedCount.text(lang),
        StatusFilter::All => lang.pick("全部", "all"),
    }
}

/// Every view of the report.
#[must_use]
pub fn problems(r: &LedgerReport, lang: Lang) -> Vec<Sheet> {
    let sep = lang.pick("、", ", ");
    let colon = lang.pick("：", ": ");
    let mut lead = vec![format!("{}{colon}{}", L::AsOf.text(lang), r.as_of)];
    if let Some(round) = &r.round {
        let round = if round == "all" {
            L::AllRounds.text(lang)
        } else {
            round
        };
        lead.push(format!("{}{colon}{round}", L::Round.text(lang)));
    }
    let f = &r.filters;
    if let Some(d) = &f.district {
        lead.push(format!("{}{colon}{d}", L::District.text(lang)));
    }
    if let Some(d) = &f.department {
        lead.push(format!("{}{colon}{d}", L::Department.text(lang)));
    }
    if f.status != StatusFilter::All {
        lead.push(format!(
            "{}{colon}{}",
            L::StatusFilterLabel.text(lang),
            filter(f.status, lang)
        ));
    }
    lead.push(format!(
        "{}{colon}{}",
        L::ShownProblems.text(lang),
        r.problems.len()
    ));
    let rows = r
        .problems
        .iter()
        .map(|p| {
            let mut flags = Vec::new();
            if p.recheck_failed {
                flags.push(L::RecheckFailed.text(lang));
            }
            if p.relapsed {
                flags.push(L::Relapsed.text(lang));
            }
            vec![
                Cell::text(&p.id),
                opt(p.round.as_ref()),
                opt(p.date.as_ref()),
                Cell::text(&p.district),
                opt(p.street.as_ref()),
                opt(p.point_type.as_ref()),
                opt(p.point.as_ref()),
                Cell::text(&p.criterion),
                Cell::text(&p.criterion_text),
                Cell::text(
                    if p.severity == "severe" {
                        L::SeveritySevere
                    } else {
                        L::SeverityFail
                    }
                    .text(lang),
                ),
                Cell::text(p.departments.join(sep)),
                opt(p.note.as_ref()),
                opt(p.photo.as_ref()),
                opt(p.inspector.as_ref()),
                opt(p.deadline.as_ref()),
                Cell::text(state(p.status, lang)),
                opt(p.rectified_on.as_ref()),
                if p.status == State::Rectified {
                    Cell::text(if p.on_time { L::Yes } else { L::No }.text(lang))
                } else {
                    Cell::Empty
                },
                Cell::text(flags.join(sep)),
                if p.overdue_days > 0 {
                    Cell::int(p.overdue_days)
                } else {
                    Cell::Empty
                },
                Cell::text(&p.source),
            ]
        })
        .collect();
    let mut headers = heads(
        &[
            L::ProblemId,
            L::Round,
            L::Date,
            L::District,
            L::Street,
            L::PointType,
            L::Point,
            L::Criterion,
            L::CriterionText,
            L::Severity,
            L::Departments,
            L::ProblemNote,
            L::Photo,
            L::Inspector,
            L::Deadline,
            L::Status,
            L::RectifiedOn,
            L::OnTime,
            L::Flags,
            L::OverdueDays,
            L::SourceLine,
        ],
        lang,
    );
    // The date used, in the list itself (a CSV has no lines above it).
    headers[19] = lang.pick(
        format!("{}（截至{}）", L::OverdueDays.text(lang), r.as_of),
        format!("{} (as of {})", L::OverdueDays.text(lang), r.as_of),
    );
    let list = Sheet {
        title: L::ProblemList.text(lang).into(),
        tab: L::TabProblems.text(lang).into(),
        lead,
        headers,
        rows,
        numeric: vec![19],
        empty: Some(
            if f.department.is_some() || f.district.is_some() || f.status != StatusFilter::All {
                L::NoProblemsMatch
            } else {
                L::NoProblems
            }
            .text(lang)
            .into(),
        ),
        ..Sheet::default()
    };
    vec![
        list,
        summary(
            &r.districts,
            L::District,
            L::ProblemsByDistrict,
            L::TabDistricts,
            lang,
        ),
        summary(
            &r.departments,
            L::Department,
            L::ProblemsByDepartment,
            L::TabDepartments,
            lang,
        ),
    ]
}

fn summary(rows: &[Summary], name: L, title: L, tab: L, lang: Lang) -> Sheet {
    Sheet {
        empty: Some(L::NoProblems.text(lang).into()),
        title: title.text(lang).into(),
        tab: tab.text(lang).into(),
        headers: heads(
            &[
                L::Rank,
                name,
                L::Issued,
                L::Rectified,
                L::RectifiedOnTime,
                L::Open,
                L::Overdue,
                L::RelapsedCount,
                L::RectifiedRate,
                L::OnTimeRate,
            ],
            lang,
        ),
        rows: rows
            .iter()
            .map(|s| {
                vec![
                    Cell::int(s.rank),
                    Cell::text(&s.name),
                    Cell::int(s.issued),
                    Cell::int(s.rectified),
                    Cell::int(s.on_time),
                    Cell::int(s.open),
                    Cell::int(s.overdue),
                    Cell::int(s.relapsed),
                    Cell::percent_or_null(s.rectified_rate),
                    Cell::percent_or_null(s.on_time_rate),
                ]
            })
            .collect(),
        numeric: (0..10).filter(|&i| i != 1).collect(),
        ..Sheet::default()
    }
}
