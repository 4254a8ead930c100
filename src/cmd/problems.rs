//! `ceping problems`: read inspection results and list the problems found
//! (整改台账), with their status as of a date.

use std::process::ExitCode;

use super::exit;
use super::setup::{Setup, invalid};
use crate::cli::ProblemsArgs;
use crate::diag::Diagnostic;
use crate::i18n::Msg;
use crate::input::text::{date, normalize};
use crate::output::Output;
use crate::render::{self, Style};
use crate::report::ledger::{Filters, LedgerReport, Meta};
use crate::score::Tally;
use crate::score::ledger::{Ledger, date_of_unix};
use crate::score::rounds::Selection;

/// China Standard Time is UTC+8 all year: "today" for a city's ledger.
const CST_OFFSET_SECS: u64 = 8 * 3600;

pub fn run(args: &ProblemsArgs, style: Style) -> anyhow::Result<ExitCode> {
    let style = Style {
        csv_encoding: args.out.output_encoding,
        ..style
    };
    let lang = style.lang;
    // A bad date stops the run before any work.
    let as_of = match as_of(args.as_of.as_deref(), lang) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let out = Output::open(args.out.output.as_deref(), lang)?;
    let outputs: Vec<(&str, &Output)> = vec![("-o", &out)];
    let setup = match Setup::new(&args.read, &outputs, Some((&args.out, &out)), lang) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let st = &setup.standard;
    let result = match setup.read(&args.read, false, false, || {
        (Tally::new(st), Ledger::new(st, as_of))
    })? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let (tally, ledger) = result.sink;
    let Selection { round, pooled } = match setup.rounds(&tally.rounds(), args.round.as_deref()) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let ctx = &setup.context;
    let named = |v: &Option<String>, aliases: &std::collections::HashMap<String, String>| {
        v.as_deref().map(|v| {
            let v = normalize(v).into_owned();
            aliases.get(&v).cloned().unwrap_or(v)
        })
    };
    let filters = Filters {
        department: named(&args.department, &ctx.department_aliases),
        district: named(&args.district, &ctx.district_aliases),
        status: args.status,
    };
    if let Some(code) = unknown_filters(&filters, st, &tally, ctx, lang) {
        return Ok(code);
    }
    let report = LedgerReport::build(
        ledger,
        Meta {
            standard: st,
            sources: &result.sources,
            round: round.filter(|r| !r.is_empty()),
            pooled: &pooled,
            filters,
        },
    );
    // JSON serialises the report itself.
    let sheets = if args.out.format() == render::Format::Json {
        Vec::new()
    } else {
        render::ledger::problems(&report, lang)
    };
    let bytes = render::render(&report, &sheets, args.out.format(), style)?;
    out.commit(&bytes, lang)?;
    Ok(ExitCode::from(exit::OK))
}

/// Exit 2 when `--district` or `--department` names no district or
/// department known to the data, the project or the standard: a typo would
/// otherwise list no problem and look like good news.
fn unknown_filters(
    filters: &Filters,
    st: &crate::standard::Standard,
    tally: &Tally<'_>,
    ctx: &crate::input::Context,
    lang: crate::i18n::Lang,
) -> Option<ExitCode> {
    use crate::score::tally::Kind;
    // In the project's (or the standard's) order, then the data's.
    let known = |first: Vec<String>, kind: Kind| {
        let mut out: Vec<String> = Vec::new();
        for name in first
            .into_iter()
            .chain(tally.view(kind).into_iter().map(|(u, _)| u.name))
        {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    };
    let districts = known(ctx.districts.clone(), Kind::District);
    let departments = known(
        (0..st.criteria.len())
            .flat_map(|c| st.departments(c).map(str::to_string))
            .collect(),
        Kind::Department,
    );
    let diags: Vec<Diagnostic> = [
        ("--district", &filters.district, districts),
        ("--department", &filters.department, departments),
    ]
    .into_iter()
    .filter_map(|(flag, value, known)| {
        let value = value.as_ref().filter(|v| !known.contains(*v))?;
        Some(Diagnostic::error(Msg::UnknownFilter {
            flag,
            value: value.clone(),
            known,
        }))
    })
    .collect();
    super::report_diagnostics(&diags, lang)
}

/// The date of `--as-of` (today when not given); a bad date is reported.
pub(super) fn as_of(value: Option<&str>, lang: crate::i18n::Lang) -> Result<u32, ExitCode> {
    match value {
        Some(s) => date(&normalize(s)).ok_or_else(|| {
            invalid(
                Diagnostic::error(Msg::BadAsOf {
                    value: s.to_string(),
                }),
                lang,
            )
        }),
        None => Ok(today()),
    }
}

/// Today in China Standard Time, from the system clock.
pub(super) fn today() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    date_of_unix(secs + CST_OFFSET_SECS).unwrap_or(19_700_101)
}
