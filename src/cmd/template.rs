//! `ceping template`: a blank inspection sheet (测评表) for the districts,
//! from the standard and the project, as CSV or a workbook.

use std::process::ExitCode;

use super::setup::{invalid, project_and_standard, project_files};
use super::{exit, load_standard, report_diagnostics};
use crate::cli::TemplateArgs;
use crate::diag::Diagnostic;
use crate::i18n::{Lang, Msg};
use crate::input::Context;
use crate::input::text::normalize;
use crate::output::Output;
use crate::render::{self, Format, Style};
use crate::report::template::Template;
use crate::standard::{closest, format_char};

pub fn run(args: &TemplateArgs, style: Style) -> anyhow::Result<ExitCode> {
    let lang = style.lang;
    // Bad flags stop the run before any work.
    let format = match format(args, lang) {
        Ok(f) => f,
        Err(code) => return Ok(code),
    };
    let out = Output::open(args.output.as_deref(), lang)?;
    if let Output::File {
        path,
        key: crate::output::Key::Existing(_),
        ..
    } = &out
        && !args.force
    {
        return Ok(invalid(
            Diagnostic::error(Msg::TemplateExists {
                path: path.display().to_string(),
            }),
            lang,
        ));
    }
    if let Some(code) = super::refuse_binary_format_on_terminal(format, &out, lang) {
        return Ok(code);
    }
    let (project, std_path) =
        match project_and_standard(args.config.as_deref(), args.standard.as_deref(), lang) {
            Ok(found) => found,
            Err(code) => return Ok(code),
        };
    let reads = project_files(&std_path, args.config.as_deref());
    if let Some(code) = super::refuse_overwrite(&[("-o", &out)], &reads, lang) {
        return Ok(code);
    }
    let districts = match districts(&args.district, &project.context, lang) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let st = match load_standard(&std_path, lang) {
        Ok((st, _)) => st,
        Err(code) => return Ok(code),
    };
    let round = args.round.as_deref().map(|r| normalize(r).into_owned());
    let template = Template::build(&st, &districts, round.as_deref());
    let bytes = if format == Format::Xlsx {
        render::template::xlsx(&template, lang)?
    } else {
        render::template::csv(&template, args.output_encoding, lang)?
    };
    out.commit(&bytes, lang)?;
    Ok(ExitCode::from(exit::OK))
}

/// The format asked for (`-f`, else `-o`'s extension, else CSV), or the
/// error naming the two a template is written in.
fn format(args: &TemplateArgs, lang: Lang) -> Result<Format, ExitCode> {
    super::chosen_format(
        args.format.map(Format::from),
        args.output.as_deref(),
        Format::Csv,
        &[Format::Csv, Format::Xlsx],
        |given| Msg::TemplateFormat { given },
        lang,
    )
}

/// The districts to make rows for: `--district` (each once, in the order
/// given, an alias of ceping.toml as the name it stands for, and one of
/// the project's districts when it lists them), else the project's. None
/// at all is an error saying where to give them.
fn districts(asked: &[String], ctx: &Context, lang: Lang) -> Result<Vec<String>, ExitCode> {
    if asked.is_empty() {
        if ctx.districts.is_empty() {
            return Err(invalid(Diagnostic::error(Msg::TemplateNoDistricts), lang));
        }
        return Ok(ctx.districts.clone());
    }
    let mut names: Vec<String> = Vec::new();
    let mut diags = Vec::new();
    for name in asked {
        // As the reader takes a district cell (see `input::row`).
        let n = normalize(name);
        if n.is_empty() || format_char(&n).is_some() {
            diags.push(Diagnostic::error(Msg::TemplateDistrictName {
                name: name.clone(),
            }));
            continue;
        }
        let n = ctx
            .district_aliases
            .get(n.as_ref())
            .cloned()
            .unwrap_or_else(|| n.into_owned());
        if !ctx.districts.is_empty() && !ctx.districts.contains(&n) {
            diags.push(Diagnostic::error(Msg::UnknownDistrict {
                suggestion: closest(&n, ctx.districts.iter().map(String::as_str)),
                name: n,
                accepted: ctx.districts.clone(),
            }));
            continue;
        }
        if !names.contains(&n) {
            names.push(n);
        }
    }
    match report_diagnostics(&diags, lang) {
        Some(code) => Err(code),
        None => Ok(names),
    }
}
