//! Header row → which column holds which field. Headers match in English or
//! Chinese, ignoring case, spaces, `_`/`-` and full-width forms.

use super::text::header_key;

/// A field of an inspection row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    District,
    Criterion,
    Result,
    Point,
    PointType,
    Street,
    Round,
    Date,
    Problems,
    Count,
    Value,
    Department,
    Note,
    Inspector,
    Photo,
    Status,
}

impl Field {
    pub const ALL: [Self; 16] = [
        Self::District,
        Self::Criterion,
        Self::Result,
        Self::Point,
        Self::PointType,
        Self::Street,
        Self::Round,
        Self::Date,
        Self::Problems,
        Self::Count,
        Self::Value,
        Self::Department,
        Self::Note,
        Self::Inspector,
        Self::Photo,
        Self::Status,
    ];

    /// Accepted headers; the first is the English name, the second the
    /// Chinese name used in messages.
    #[must_use]
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::District => &["district", "区县", "县区", "区", "县(市、区)"],
            Self::Criterion => &["criterion", "标准编号", "测评标准", "指标编号"],
            Self::Result => &["result", "结果", "测评结果", "检查结果"],
            Self::Point => &["point", "点位", "点位名称"],
            Self::PointType => &["point_type", "点位类型"],
            Self::Street => &["street", "街道", "乡镇", "街道(乡镇)"],
            Self::Round => &["round", "批次", "轮次"],
            Self::Date => &["date", "日期", "检查日期", "测评日期"],
            Self::Problems => &["problems", "问题数", "问题数量"],
            Self::Count => &["count", "数量", "实有数"],
            Self::Value => &["value", "得分", "评分", "等级"],
            Self::Department => &["department", "责任单位"],
            Self::Note => &["note", "问题描述", "备注"],
            Self::Inspector => &["inspector", "检查人", "测评员"],
            Self::Photo => &["photo", "照片", "照片编号"],
            Self::Status => &["status", "整改状态"],
        }
    }

    /// The column name shown in messages: `区县(district)`.
    #[must_use]
    pub fn display(self) -> String {
        let a = self.aliases();
        format!("{}({})", a[1], a[0])
    }

    fn matches(self, key: &str) -> bool {
        self.aliases().iter().any(|a| header_key(a) == key)
    }
}

/// Headers of columns ceping writes beside the fields for people to read
/// (the criterion's text in `ceping template` and the problem list) and
/// reads past without a note.
const FOR_READERS: [&str; 3] = ["criterion_text", "测评内容", "标准内容"];

/// Where each field sits in the rows of one file.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    idx: [Option<usize>; 16],
    /// Header cells that matched no field, for a note (cut short as a
    /// message quotes them).
    pub unknown: Vec<String>,
    /// Fields named by two columns: (field, first column, second column).
    pub repeated: Vec<(Field, usize, usize)>,
    /// The header cells as written (to name columns in messages).
    pub names: Vec<String>,
}

impl Columns {
    /// Map a header row.
    #[must_use]
    pub fn from_header<'a>(cells: impl IntoIterator<Item = &'a str>) -> Self {
        let mut c = Self::default();
        for (i, cell) in cells.into_iter().enumerate() {
            c.names.push(super::text::normalize(cell).into_owned());
            let key = header_key(cell);
            if key.is_empty() {
                continue;
            }
            match Field::ALL.iter().find(|f| f.matches(&key)) {
                Some(&f) => match c.idx[f as usize] {
                    Some(first) => c.repeated.push((f, first, i)),
                    None => c.idx[f as usize] = Some(i),
                },
                None if FOR_READERS.iter().any(|a| header_key(a) == key) => {}
                // As a message quotes it (a cell may be megabytes long).
                None => c
                    .unknown
                    .push(crate::i18n::quoted(&c.names[i]).into_owned()),
            }
        }
        c
    }

    /// The column index of a field, if the header has it.
    #[must_use]
    pub fn get(&self, f: Field) -> Option<usize> {
        self.idx[f as usize]
    }

    /// The fields every file needs and this header lacks.
    #[must_use]
    pub fn missing(&self) -> Vec<Field> {
        let mut m: Vec<Field> = [Field::District, Field::Criterion]
            .into_iter()
            .filter(|&f| self.get(f).is_none())
            .collect();
        if [Field::Result, Field::Count, Field::Value]
            .iter()
            .all(|&f| self.get(f).is_none())
        {
            m.push(Field::Result);
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_any_language_and_width() {
        let c = Columns::from_header([
            "区县",
            " Criterion ",
            "测评结果",
            "ＰＯＩＮＴ",
            "point-type",
            "其他",
        ]);
        assert_eq!(c.get(Field::District), Some(0));
        assert_eq!(c.get(Field::Criterion), Some(1));
        assert_eq!(c.get(Field::Result), Some(2));
        assert_eq!(c.get(Field::Point), Some(3));
        assert_eq!(c.get(Field::PointType), Some(4));
        assert_eq!(c.unknown, vec!["其他".to_string()]);
        assert!(c.missing().is_empty());
    }
}
