//! Filling in a `ceping template` workbook as an inspector would: read it
//! as Excel shows it, write the cells in, save it as a new workbook with
//! real Excel dates.

use calamine::{Data, Reader as _};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// The cells a test writes into one row, by heading.
pub struct Filled {
    /// 点位 (field criteria only).
    pub point: Option<String>,
    /// 日期, `YYYY-MM-DD`.
    pub date: &'static str,
    /// 结果.
    pub result: &'static str,
    /// 数量 (a quota's count).
    pub count: Option<u32>,
}

/// The template workbook `template` (its sheet `sheet`), every row filled
/// in with `fill(区县, 点位类型, 标准编号)`, as the bytes of a new workbook.
#[must_use]
pub fn workbook(
    template: &[u8],
    sheet: &str,
    fill: impl Fn(&str, &str, &str) -> Filled,
) -> Vec<u8> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(template)).expect("workbook");
    assert_eq!(book.sheet_names(), [sheet]);
    let range = book.worksheet_range(sheet).expect("sheet");
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("a template cell is text: {other:?}"),
    };
    let mut rows = range.rows();
    let headers: Vec<String> = rows.next().expect("header").iter().map(text).collect();
    let col = |h: &str| headers.iter().position(|x| x == h).expect(h);
    let mut out = Workbook::new();
    let ws = out.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, u16::try_from(c).expect("col"), h)
            .expect("write");
    }
    for (r, row) in rows.enumerate() {
        let at = u32::try_from(r + 1).expect("row");
        let cells: Vec<String> = row.iter().map(text).collect();
        for (c, cell) in cells.iter().enumerate() {
            ws.write_string(at, u16::try_from(c).expect("col"), cell)
                .expect("write");
        }
        let filled = fill(
            &cells[col("区县")],
            &cells[col("点位类型")],
            &cells[col("标准编号")],
        );
        let cell = |h: &str| u16::try_from(col(h)).expect("col");
        if let Some(p) = filled.point {
            ws.write_string(at, cell("点位"), p).expect("write");
        }
        // A real Excel date, as an inspector's Excel stores it.
        let day = ExcelDateTime::parse_from_str(filled.date).expect("date");
        ws.write_datetime_with_format(at, cell("日期"), &day, &date)
            .expect("write");
        ws.write_string(at, cell("结果"), filled.result)
            .expect("write");
        if let Some(n) = filled.count {
            ws.write_number(at, cell("数量"), f64::from(n))
                .expect("write");
        }
    }
    out.save_to_buffer().expect("save")
}
