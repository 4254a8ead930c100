//! The blank inspection sheet of `ceping template` (see
//! [`crate::report::template`]): CSV as every CSV ceping writes, or a
//! workbook as every workbook (widths from the display width, frozen
//! header, autofilter, fixed creation time) with drop-downs (data
//! validation lists) on 结果, 区县 and 点位类型, and 日期 formatted as a
//! date.

use rust_xlsxwriter::{DataValidation, Format as XlsxFormat, Formula, Workbook, XlsxError};

use super::xlsx::col_num;
use super::{Cell, CsvEncoding, Sheet};
use crate::i18n::{Label, Lang};
use crate::input::columns::Field;
use crate::report::template::{Column, RESULT_WORDS, Template};

/// The last row a drop-down covers: every row of the worksheet, so that
/// rows an inspector adds (a second point of a type) have it too.
const LAST_ROW: u32 = 1_048_575;
/// The number format of the 日期 column.
const DATE_FORMAT: &str = "yyyy-mm-dd";
/// The widths (in characters) of the columns the inspector writes in,
/// empty in the template: room for what is written there.
const BLANK_WIDTHS: [(Field, f64); 3] = [
    (Field::Point, 24.0),
    (Field::Date, 12.0),
    (Field::Note, 30.0),
];

/// The template as one sheet of text cells, named after the round (or
/// 测评表 without one).
#[must_use]
pub fn sheet(t: &Template, lang: Lang) -> Sheet {
    let name = t
        .round
        .clone()
        .unwrap_or_else(|| Label::TabTemplate.text(lang).to_string());
    Sheet {
        tab: name.clone(),
        title: name,
        headers: t.columns.iter().map(|c| c.heading().to_string()).collect(),
        rows: t
            .rows
            .iter()
            .map(|r| t.cells(r).into_iter().map(Cell::text).collect())
            .collect(),
        ..Sheet::default()
    }
}

/// The template as CSV, through the one CSV writer (`render::csv`).
///
/// # Errors
/// Only when writing to memory fails.
pub fn csv(t: &Template, encoding: CsvEncoding, lang: Lang) -> anyhow::Result<Vec<u8>> {
    super::csv::render(Some(&sheet(t, lang)), encoding)
}

/// The template as a workbook.
///
/// # Errors
/// When `rust_xlsxwriter` refuses a value (more rows than a worksheet
/// holds).
pub fn xlsx(t: &Template, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = super::xlsx::workbook(&[sheet(t, lang)])?;
    let lists: [(Column, Vec<&str>); 3] = [
        (Column::Field(Field::Result), RESULT_WORDS.to_vec()),
        (
            Column::Field(Field::District),
            t.districts.iter().map(String::as_str).collect(),
        ),
        (
            Column::Field(Field::PointType),
            t.point_types.iter().map(String::as_str).collect(),
        ),
    ];
    let mut validations = Vec::new();
    // Lists longer than Excel takes written out go on a hidden sheet.
    let mut spilled = Vec::new();
    for (column, values) in lists {
        let Some(col) = t.position(column) else {
            continue;
        };
        if values.is_empty() {
            continue;
        }
        let validation = match DataValidation::new().allow_list_strings(&values) {
            Ok(v) => v,
            Err(XlsxError::DataValidationError(_)) => {
                let range = spilled_range(spilled.len(), values.len(), lang)?;
                spilled.push(values);
                DataValidation::new().allow_list_formula(Formula::new(range))
            }
            Err(e) => return Err(e),
        };
        validations.push((col_num(col)?, validation));
    }
    if !spilled.is_empty() {
        write_lists(&mut book, &spilled, lang)?;
    }
    let ws = book.worksheet_from_index(0)?;
    for (col, validation) in &validations {
        ws.add_data_validation(1, *col, LAST_ROW, *col, validation)?;
    }
    for (field, width) in BLANK_WIDTHS {
        if let Some(col) = t.position(Column::Field(field)) {
            ws.set_column_width(col_num(col)?, width)?;
        }
    }
    if let Some(col) = t.position(Column::Field(Field::Date)) {
        let date = XlsxFormat::new().set_num_format(DATE_FORMAT);
        ws.set_column_format(col_num(col)?, &date)?;
    }
    book.save_to_buffer()
}

/// The cells the `index`th spilled list of `len` values takes on the
/// hidden sheet: column `index`, from row 1.
fn spilled_range(index: usize, len: usize, lang: Lang) -> Result<String, XlsxError> {
    let col = col_num(index)?;
    let last = u32::try_from(len.saturating_sub(1)).map_err(|_| XlsxError::RowColumnLimitError)?;
    Ok(format!(
        "='{}'!{}",
        Label::TabLists.text(lang),
        rust_xlsxwriter::utility::cell_range_absolute(0, col, last, col)
    ))
}

/// The hidden sheet holding the spilled lists, one per column.
fn write_lists(book: &mut Workbook, lists: &[Vec<&str>], lang: Lang) -> Result<(), XlsxError> {
    let ws = book.add_worksheet();
    ws.set_name(Label::TabLists.text(lang))?;
    ws.set_hidden(true);
    for (c, values) in lists.iter().enumerate() {
        let col = col_num(c)?;
        for (r, value) in values.iter().enumerate() {
            let row = u32::try_from(r).map_err(|_| XlsxError::RowColumnLimitError)?;
            ws.write_string(row, col, *value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::Read as _;

    use super::*;
    use crate::report::template::Row;

    fn template(districts: &[String]) -> Template {
        Template {
            round: None,
            districts: districts.to_vec(),
            point_types: vec!["主次干道".into(), "背街小巷".into()],
            columns: vec![
                Column::Field(Field::District),
                Column::Field(Field::PointType),
                Column::Field(Field::Criterion),
                Column::Text,
                Column::Field(Field::Date),
                Column::Field(Field::Result),
            ],
            rows: districts
                .iter()
                .map(|d| Row {
                    district: d.clone(),
                    point_type: Some("主次干道".into()),
                    criterion: "A.01".into(),
                    text: "=路面干净".into(),
                })
                .collect(),
        }
    }

    /// A part of the workbook (a zip archive), as text.
    fn part(book: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).expect("zip");
        let mut text = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut text)
            .expect("utf-8");
        text
    }

    #[test]
    fn the_sheet_is_named_after_the_round() {
        let mut t = template(&["东区".into()]);
        assert_eq!(sheet(&t, Lang::Zh).tab, "测评表");
        t.round = Some("2024年第1轮".into());
        assert_eq!(sheet(&t, Lang::En).tab, "2024年第1轮");
    }

    #[test]
    fn csv_has_a_bom_and_neutralised_text() {
        let t = template(&["东区".into()]);
        let out =
            String::from_utf8(csv(&t, CsvEncoding::Utf8, Lang::Zh).expect("csv")).expect("utf-8");
        assert_eq!(
            out,
            "\u{feff}区县,点位类型,标准编号,测评内容,日期,结果\r\n东区,主次干道,A.01,'=路面干净,,\r\n"
        );
    }

    #[test]
    fn workbook_has_drop_downs_a_date_column_and_fixed_bytes() {
        let t = template(&["东区".into(), "西区".into()]);
        let book = xlsx(&t, Lang::Zh).expect("xlsx");
        assert_eq!(book, xlsx(&t, Lang::Zh).expect("xlsx"), "deterministic");
        let xml = part(&book, "xl/worksheets/sheet1.xml");
        assert!(xml.contains(r#"sqref="F2:F1048576""#), "{xml}");
        assert!(xml.contains("<formula1>\"合格,不合格,严重不合格,不适用,无法调查\"</formula1>"));
        assert!(xml.contains("<formula1>\"东区,西区\"</formula1>"));
        assert!(xml.contains("<formula1>\"主次干道,背街小巷\"</formula1>"));
        // 日期 (column E) as wide as a date, with its format.
        assert!(
            xml.contains(r#"<col min="5" max="5" width="12.7109375" style="#),
            "{xml}"
        );
        let styles = part(&book, "xl/styles.xml");
        assert!(styles.contains(DATE_FORMAT), "{styles}");
    }

    #[test]
    fn a_list_longer_than_excel_takes_goes_on_a_hidden_sheet() {
        let districts: Vec<String> = (0..100).map(|i| format!("第{i}区")).collect();
        let book = xlsx(&template(&districts), Lang::Zh).expect("xlsx");
        let xml = part(&book, "xl/worksheets/sheet1.xml");
        assert!(
            xml.contains("<formula1>'下拉选项'!$A$1:$A$100</formula1>"),
            "{xml}"
        );
        let workbook = part(&book, "xl/workbook.xml");
        assert!(
            workbook.contains(r#"name="下拉选项" sheetId="2" state="hidden""#),
            "{workbook}"
        );
        let lists = part(&book, "xl/worksheets/sheet2.xml");
        assert!(lists.contains("<dimension ref=\"A1:A100\"/>"), "{lists}");
    }
}
