//! The bulletin as a document: its title, then its sections in order, each
//! with sentences, a chart and tables. HTML draws the charts; Markdown,
//! which has none, shows the tables only (every charted figure is in a
//! table). The tables are the other commands' own views.

use rust_decimal::Decimal;

use super::chart::{Bar, BarChart, Fill};
use super::{Cell, Sheet};
use crate::cli::{By, GapsBy};
use crate::i18n::{Label as L, Lang, Msg};
use crate::report::bulletin::{Bulletin, Section};
use crate::report::score::Band;

/// A section of the bulletin.
pub struct Part {
    pub section: Section,
    pub title: String,
    pub paragraphs: Vec<String>,
    pub chart: Option<BarChart>,
    /// What the chart's colours mean, in the reader's language.
    pub legend: Vec<(Fill, String)>,
    pub tables: Vec<Sheet>,
    /// The tables' percentages are shaded by value (a heat table).
    pub heat: bool,
}

/// The whole bulletin, in words and tables.
pub struct Document {
    pub title: String,
    /// Standard, round, date.
    pub lead: Vec<String>,
    pub parts: Vec<Part>,
}

/// The summary in sentences, from the figures: the headline, the gap to
/// the target with what the first criteria would recover (as `ceping
/// gaps` says it), how many districts reached the target, the best and
/// the worst, the change since the round compared with, and 整改率.
#[must_use]
pub fn summary(b: &Bulletin, lang: Lang) -> Vec<String> {
    let f = &b.facts;
    let mut out = Vec::new();
    // Without a target, the gaps sentence states the score itself.
    if let (Some(score), Some(_)) = (b.score.city.score, b.gaps.city.target) {
        out.push(
            Msg::BulletinScore {
                score: score.to_string(),
                full: b.score.standard.full_score.to_string(),
            }
            .text(lang),
        );
    }
    out.push(super::gaps::sentence(&b.gaps, lang));
    if let (Some(reached), Some(target)) = (f.reached, b.score.city.target) {
        out.push(
            Msg::BulletinReached {
                reached,
                districts: f.districts,
                target: target.to_string(),
            }
            .text(lang),
        );
    }
    if let (Some(best), Some(worst)) = (&f.best, &f.worst) {
        out.push(
            Msg::BulletinBestWorst {
                best: best.name.clone(),
                best_score: best.score.to_string(),
                worst: worst.name.clone(),
                worst_score: worst.score.to_string(),
            }
            .text(lang),
        );
    }
    if let (Some(since), Some(delta)) = (&f.since, f.delta) {
        out.push(
            Msg::BulletinChange {
                since: since.clone(),
                delta,
            }
            .text(lang),
        );
    }
    let r = &f.rectification;
    out.push(match r.rectified_rate {
        Some(rate) => Msg::BulletinRectified {
            issued: r.issued,
            rectified: r.rectified,
            rate: rate.to_string(),
            overdue: r.overdue,
            relapsed: r.relapsed,
        }
        .text(lang),
        None => Msg::BulletinNoProblems.text(lang),
    });
    out.into_iter().map(|s| sentence(&s, lang)).collect()
}

/// A clause as a sentence: capitalised (English) and closed.
fn sentence(s: &str, lang: Lang) -> String {
    let mut chars = s.chars();
    let mut out: String = match (lang, chars.next()) {
        (Lang::En, Some(c)) => c.to_uppercase().chain(chars).collect(),
        _ => s.to_string(),
    };
    out.push_str(lang.pick("。", "."));
    out
}

fn fill(band: Option<Band>) -> Fill {
    match band {
        Some(Band::Red) => Fill::Red,
        Some(Band::Black) => Fill::Black,
        None => Fill::Plain,
    }
}

/// The first sheet of a view, without the lead lines the title already
/// says, under the section's title.
fn table(mut sheets: Vec<Sheet>, title: &str) -> Vec<Sheet> {
    sheets.truncate(1);
    for s in &mut sheets {
        s.title = title.to_string();
        s.lead.clear();
    }
    sheets
}

/// The bulletin's document.
#[must_use]
pub fn document(b: &Bulletin, lang: Lang) -> Document {
    let r = &b.score;
    let colon = lang.pick("：", ": ");
    let title = Msg::BulletinTitle {
        city: r.city.name.clone().unwrap_or_default(),
    }
    .text(lang);
    let mut lead = vec![format!(
        "{}{colon}{}",
        L::Standard.text(lang),
        r.standard.name
    )];
    if let Some(round) = super::sheets::round_name(r.round.as_deref(), &r.rounds, lang) {
        lead.push(format!("{}{colon}{round}", L::Round.text(lang)));
    }
    lead.push(format!("{}{colon}{}", L::AsOf.text(lang), b.as_of));
    let parts = Section::ALL
        .iter()
        .map(|&section| part(b, section, lang))
        .collect();
    Document { title, lead, parts }
}

fn part(b: &Bulletin, section: Section, lang: Lang) -> Part {
    let r = &b.score;
    let title = Msg::BulletinSection(section).text(lang);
    let mut p = Part {
        section,
        title: title.clone(),
        paragraphs: Vec::new(),
        chart: None,
        legend: Vec::new(),
        tables: Vec::new(),
        heat: false,
    };
    match section {
        Section::Summary => p.paragraphs = summary(b, lang),
        Section::Districts => {
            let target = r.city.target.map(|t| {
                let label = Msg::BulletinTargetLine {
                    target: t.to_string(),
                }
                .text(lang);
                (t, label)
            });
            let bars = r
                .districts
                .iter()
                .filter_map(|d| {
                    d.score.map(|value| Bar {
                        label: d.name.clone(),
                        value,
                        text: value.to_string(),
                        fill: fill(d.band),
                    })
                })
                .collect::<Vec<_>>();
            // The bands some district is on.
            p.legend = [(Fill::Red, L::Red), (Fill::Black, L::Black)]
                .into_iter()
                .filter(|(f, _)| bars.iter().any(|b| b.fill == *f))
                .map(|(f, l)| (f, l.text(lang).to_string()))
                .collect();
            p.chart = Some(BarChart {
                title: title.clone(),
                bars,
                max: r.standard.full_score,
                target,
            });
            p.tables = table(super::sheets::score(r, By::District, 1, lang), &title);
        }
        Section::Departments => {
            let bars = r
                .departments
                .iter()
                .filter_map(|d| {
                    d.score.map(|value| Bar {
                        label: d.name.clone(),
                        value,
                        text: value.to_string(),
                        fill: Fill::Plain,
                    })
                })
                .collect();
            p.chart = Some(BarChart {
                title: title.clone(),
                bars,
                max: r.standard.full_score,
                target: None,
            });
            p.tables = table(super::sheets::score(r, By::Department, 1, lang), &title);
        }
        Section::Criteria => {
            p.paragraphs = vec![Msg::GapsNote.text(lang)];
            let mut sheets = super::gaps::gaps(&b.gaps, GapsBy::Criterion, lang);
            for s in &mut sheets {
                s.rows.truncate(crate::report::bulletin::LISTED_CRITERIA);
            }
            p.tables = table(sheets, &title);
        }
        Section::Items => {
            p.paragraphs = vec![Msg::BulletinHeatNote.text(lang)];
            p.tables = vec![items(b, &title, lang)];
            p.heat = true;
        }
        Section::Ledger => {
            let mut sheets = super::ledger::problems(&b.ledger, lang);
            if sheets.is_empty() {
                p.paragraphs = vec![sentence(&Msg::BulletinNoProblems.text(lang), lang)];
            } else {
                sheets.remove(0);
                for s in &mut sheets {
                    s.lead.clear();
                }
                p.tables = sheets;
            }
        }
        Section::Notes => p.paragraphs = notes(b, lang),
    }
    p
}

/// The rates of the standard's top-level items (测评项目), a row per
/// district in ranking order after the city's.
fn items(b: &Bulletin, title: &str, lang: Lang) -> Sheet {
    let r = &b.score;
    let top: Vec<_> = r.items.iter().filter(|i| i.level == 1).collect();
    let mut headers = vec![L::District.text(lang).to_string()];
    headers.extend(top.iter().map(|i| i.name.clone()));
    let pct = |rate: Option<Decimal>| Cell::percent_or_null(rate);
    let mut rows = vec![{
        let mut row = vec![Cell::text(lang.pick("全市", "City"))];
        row.extend(top.iter().map(|i| pct(i.city.rate)));
        row
    }];
    for d in &r.districts {
        let mut row = vec![Cell::text(d.name.clone())];
        row.extend(top.iter().map(|i| {
            let part = i
                .districts
                .iter()
                .find(|p| p.name.as_deref() == Some(d.name.as_str()));
            part.map_or(Cell::Null, |p| pct(p.rate))
        }));
        rows.push(row);
    }
    Sheet {
        title: title.to_string(),
        tab: String::new(),
        lead: Vec::new(),
        numeric: (1..headers.len()).collect(),
        headers,
        rows,
        ..Sheet::default()
    }
}

/// What the rows cover: files and rows read, used and rejected, and the
/// coverage warnings `ceping score` gives.
fn notes(b: &Bulletin, lang: Lang) -> Vec<String> {
    let r = &b.score;
    let mut out = vec![
        Msg::BulletinRows {
            inputs: r.inputs.len(),
            read: r.rows.read,
            used: r.rows.used,
            rejected: r.rows.rejected,
        }
        .text(lang),
    ];
    let warnings = r.coverage_warnings();
    if warnings.is_empty() {
        out.push(
            Msg::BulletinCovered {
                point_types: r.coverage.point_types_checked,
            }
            .text(lang),
        );
    }
    out.extend(warnings.iter().map(|m| m.text(lang)));
    let ids = &r.coverage.criteria_without_rows;
    if !ids.is_empty() {
        out.push(Msg::BulletinUnobserved { ids: ids.clone() }.text(lang));
    }
    out.into_iter().map(|s| sentence(&s, lang)).collect()
}

/// The bulletin as Markdown: the same sections, the charts left to the
/// tables that hold their figures.
#[must_use]
pub fn markdown(doc: &Document, lang: Lang) -> String {
    let mut sheets = vec![Sheet {
        title: doc.title.clone(),
        lead: doc.lead.clone(),
        ..Sheet::default()
    }];
    for p in &doc.parts {
        let mut first = true;
        let heading = |lead: Vec<String>| Sheet {
            title: p.title.clone(),
            lead,
            ..Sheet::default()
        };
        if p.tables.is_empty() {
            sheets.push(heading(p.paragraphs.clone()));
            continue;
        }
        for t in &p.tables {
            let mut t = t.clone();
            if first {
                if t.title != p.title {
                    sheets.push(heading(Vec::new()));
                }
                t.lead.clone_from(&p.paragraphs);
                first = false;
            }
            sheets.push(t);
        }
    }
    super::markdown::render(&sheets, lang)
}
