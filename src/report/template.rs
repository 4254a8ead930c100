//! A blank inspection sheet (测评表): the rows an inspector fills in for a
//! round, built from the standard and the districts. Field criteria
//! (实地考察) get one row per (district, point type, criterion), their
//! point left for the inspector; every other criterion (材料审核,
//! 问卷调查, ...) one row per (district, criterion). The columns are the
//! inspection files' own headers (see [`crate::input::columns`]), so that
//! the sheet, once filled in, is read by `ceping score` as it is.
//!
//! Nothing here reads or writes: the renderers turn a [`Template`] into CSV
//! or a workbook.

use crate::input::columns::Field;
use crate::standard::{Rule, Standard};

/// The heading of the column that shows each criterion's text beside its
/// id. No field of an inspection file has this name, so the reader leaves
/// the column alone (it lists it once as a column it does not use).
pub const TEXT_HEADING: &str = "测评内容";

/// The result words a template offers, one per outcome, as the reader
/// takes them (see [`crate::input::text::outcome`]).
pub const RESULT_WORDS: [&str; 5] = ["合格", "不合格", "严重不合格", "不适用", "无法调查"];

/// A column of the template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// A field of the inspection files, headed by its Chinese name.
    Field(Field),
    /// The criterion's text ([`TEXT_HEADING`]).
    Text,
}

impl Column {
    /// The column's heading: the Chinese name inspection files use.
    #[must_use]
    pub fn heading(self) -> &'static str {
        match self {
            // The second alias is the Chinese name (see `Field::aliases`).
            Self::Field(f) => f.aliases().get(1).copied().unwrap_or_default(),
            Self::Text => TEXT_HEADING,
        }
    }
}

/// One row to fill in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub district: String,
    /// The point type, for a field criterion checked at named types.
    pub point_type: Option<String>,
    /// The criterion's id and text.
    pub criterion: String,
    pub text: String,
}

/// A blank inspection sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    /// The round (批次) written in every row, if one was given.
    pub round: Option<String>,
    /// The districts, in the order given.
    pub districts: Vec<String>,
    /// Every point type the standard names (sorted).
    pub point_types: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Template {
    /// The rows for `districts` (in their order, then the standard's),
    /// with the columns the standard's rules need: 问题数 when a criterion
    /// deducts per problem, 数量 for a quota, 得分 for a graded criterion.
    #[must_use]
    pub fn build(st: &Standard, districts: &[String], round: Option<&str>) -> Self {
        let has = |kind: fn(&Rule) -> bool| st.criteria.iter().any(|c| kind(&c.rule));
        let mut columns = vec![
            Column::Field(Field::Round),
            Column::Field(Field::District),
            Column::Field(Field::PointType),
            Column::Field(Field::Criterion),
            Column::Text,
            Column::Field(Field::Point),
            Column::Field(Field::Date),
            Column::Field(Field::Result),
        ];
        let optional = [
            (Field::Problems, has(|r| matches!(r, Rule::Deduct { .. }))),
            (Field::Count, has(|r| matches!(r, Rule::Quota { .. }))),
            (Field::Value, has(|r| matches!(r, Rule::Graded { .. }))),
        ];
        columns.extend(
            optional
                .into_iter()
                .filter(|(_, wanted)| *wanted)
                .map(|(f, _)| Column::Field(f)),
        );
        columns.extend([Column::Field(Field::Note), Column::Field(Field::Inspector)]);

        let mut rows = Vec::new();
        for district in districts {
            for c in &st.criteria {
                let row = |point_type: Option<&String>| Row {
                    district: district.clone(),
                    point_type: point_type.cloned(),
                    criterion: c.id.clone(),
                    text: c.text.clone(),
                };
                if c.field && !c.point_types.is_empty() {
                    rows.extend(c.point_types.iter().map(|pt| row(Some(pt))));
                } else {
                    rows.push(row(None));
                }
            }
        }
        Self {
            round: round.map(str::to_string).filter(|r| !r.is_empty()),
            districts: districts.to_vec(),
            point_types: st.point_types().to_vec(),
            columns,
            rows,
        }
    }

    /// The index of a column, if the template has it.
    #[must_use]
    pub fn position(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|&c| c == column)
    }

    /// A row's cells, in column order (empty where the inspector writes).
    #[must_use]
    pub fn cells<'a>(&'a self, row: &'a Row) -> Vec<&'a str> {
        self.columns
            .iter()
            .map(|column| match column {
                Column::Field(Field::Round) => self.round.as_deref().unwrap_or_default(),
                Column::Field(Field::District) => &row.district,
                Column::Field(Field::PointType) => row.point_type.as_deref().unwrap_or_default(),
                Column::Field(Field::Criterion) => &row.criterion,
                Column::Text => &row.text,
                Column::Field(_) => "",
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::columns::Columns;
    use crate::input::text::{self, Outcome};

    fn standard() -> Standard {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("standards")
            .join("national-prefecture");
        crate::standard::load(&dir)
            .standard
            .expect("shipped standard")
    }

    #[test]
    fn result_words_are_the_readers_one_per_outcome() {
        let outcomes: Vec<Option<Outcome>> =
            RESULT_WORDS.iter().map(|w| text::outcome(w)).collect();
        assert_eq!(
            outcomes,
            [
                Some(Outcome::Pass),
                Some(Outcome::Fail),
                Some(Outcome::Severe),
                Some(Outcome::NotApplicable),
                Some(Outcome::Unobservable),
            ]
        );
    }

    #[test]
    fn headings_are_read_back_as_their_fields() {
        let st = standard();
        let t = Template::build(&st, &["东区".into()], None);
        let headings: Vec<&str> = t.columns.iter().map(|c| c.heading()).collect();
        let read = Columns::from_header(headings.iter().copied());
        for (i, column) in t.columns.iter().enumerate() {
            match column {
                Column::Field(f) => assert_eq!(read.get(*f), Some(i), "{f:?}"),
                Column::Text => assert!(read.unknown.is_empty(), "{:?}", read.unknown),
            }
        }
        assert!(read.missing().is_empty());
        assert!(read.repeated.is_empty());
    }

    #[test]
    fn field_criteria_get_a_row_per_point_type_the_others_one() {
        let st = standard();
        let districts = vec!["西区".to_string(), "东区".to_string()];
        let t = Template::build(&st, &districts, Some("第1轮"));
        let per_district: usize = st
            .criteria
            .iter()
            .map(|c| {
                if c.field {
                    c.point_types.len().max(1)
                } else {
                    1
                }
            })
            .sum();
        assert_eq!(t.rows.len(), 2 * per_district);
        // Districts in the order given, then the standard's order.
        assert!(t.rows[..per_district].iter().all(|r| r.district == "西区"));
        assert!(t.rows[per_district..].iter().all(|r| r.district == "东区"));
        let first = &st.criteria[0];
        assert_eq!(t.rows[0].criterion, first.id);
        assert_eq!(t.rows[0].text, first.text);
        assert_eq!(t.rows[0].point_type.as_ref(), first.point_types.first());
        // A material or survey criterion: one row, no point type.
        let other = st.criteria.iter().find(|c| !c.field).expect("material");
        let rows: Vec<&Row> = t.rows[..per_district]
            .iter()
            .filter(|r| r.criterion == other.id)
            .collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].point_type, None);
        // The round in every row; the inspector's cells empty.
        let cells = t.cells(&t.rows[0]);
        assert_eq!(cells[0], "第1轮");
        let point = t.position(Column::Field(Field::Point)).expect("point");
        assert_eq!(cells[point], "");
        assert_eq!(t.point_types, st.point_types());
    }

    #[test]
    fn rule_columns_follow_the_standard() {
        let st = standard();
        let t = Template::build(&st, &[], None);
        assert!(t.rows.is_empty());
        for f in [Field::Problems, Field::Count, Field::Value] {
            assert!(t.position(Column::Field(f)).is_some(), "{f:?}");
        }
        let mut only_rates = st.clone();
        for c in &mut only_rates.criteria {
            c.rule = Rule::All;
        }
        let t = Template::build(&only_rates, &[], None);
        for f in [Field::Problems, Field::Count, Field::Value] {
            assert!(t.position(Column::Field(f)).is_none(), "{f:?}");
        }
    }
}
