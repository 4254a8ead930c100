//! The message catalog: every human-facing string, in Chinese (default) and
//! English. Machine formats (JSON keys, enum values) never go through here.

use std::fmt::Write as _;

/// The language of human-facing output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// 中文 (default)
    #[default]
    Zh,
    /// English
    En,
}

impl Lang {
    /// Pick the text for this language.
    #[must_use]
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

/// The kind of TOML value a key needs, for type errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Number,
    Integer,
    Bool,
    Strings,
    Table,
    Tables,
}

impl Kind {
    fn text(self, lang: Lang) -> &'static str {
        match self {
            Self::String => lang.pick("字符串", "a string"),
            Self::Number => lang.pick("数字", "a number"),
            Self::Integer => lang.pick("整数", "an integer"),
            Self::Bool => lang.pick("true 或 false", "true or false"),
            Self::Strings => lang.pick("字符串数组", "an array of strings"),
            Self::Table => lang.pick("表（{ ... } 或 [表头]）", "a table ({ ... } or [header])"),
            Self::Tables => lang.pick("表数组（[[...]]）", "an array of tables ([[...]])"),
        }
    }
}

fn suggest(lang: Lang, suggestion: Option<&String>) -> String {
    suggestion.map_or_else(String::new, |s| {
        lang.pick(
            format!("；是否应为“{s}”？"),
            format!("; did you mean `{s}`?"),
        )
    })
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

/// Every message ceping shows to a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    // --- files -------------------------------------------------------------
    NotFound,
    Io {
        detail: String,
    },
    NotUtf8 {
        offset: usize,
    },
    NoToml,
    TomlSyntax {
        detail: String,
    },
    // --- standard structure ------------------------------------------------
    UnknownKey {
        key: String,
        table: String,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    MissingKey {
        key: String,
        table: String,
    },
    WrongType {
        key: String,
        expected: Kind,
    },
    EmptyValue {
        key: String,
    },
    BadId {
        id: String,
    },
    DuplicateId {
        id: String,
        first: String,
    },
    UnknownParent {
        parent: String,
        suggestion: Option<String>,
    },
    UnknownGroup {
        group: String,
        suggestion: Option<String>,
    },
    ParentCycle {
        chain: String,
    },
    NotPositive {
        key: String,
        value: String,
    },
    OutOfRange {
        key: String,
        value: String,
        range: String,
    },
    BadChoice {
        key: String,
        value: String,
        expected: Vec<String>,
    },
    UnknownMethod {
        method: String,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    UnknownRuleKind {
        kind: String,
        suggestion: Option<String>,
    },
    RuleParamMissing {
        kind: String,
        param: String,
    },
    NoPointTypes {
        id: String,
    },
    WeightsSum {
        sum: String,
        full_score: String,
    },
    WeightMissing {
        method: String,
    },
    NoStandardTable,
    TwoStandardTables {
        first: String,
    },
    EmptyStandard,
    GroupNoCriteria {
        id: String,
    },
    NoLead {
        id: String,
    },
    LevelMismatch {
        id: String,
        level: usize,
        levels: usize,
    },
    CannotWrite {
        path: String,
    },
    // --- summaries ---------------------------------------------------------
    StandardValid {
        criteria: usize,
        warnings: usize,
    },
    Invalid {
        errors: usize,
        warnings: usize,
    },
}

impl Msg {
    /// The message in the given language.
    #[must_use]
    pub fn text(&self, lang: Lang) -> String {
        let l = lang;
        match self {
            Self::NotFound => l.pick("文件或目录不存在".into(), "no such file or directory".into()),
            Self::Io { detail } => l.pick(format!("无法读取：{detail}"), format!("cannot read: {detail}")),
            Self::NotUtf8 { offset } => l.pick(
                format!("不是 UTF-8 编码的文本（第 {offset} 字节起）；请将标准文件另存为 UTF-8"),
                format!("not UTF-8 text (from byte {offset}); save the standard file as UTF-8"),
            ),
            Self::NoToml => l.pick(
                "目录中没有 .toml 文件；测评体系应为一个 .toml 文件或包含 .toml 文件的目录".into(),
                "no .toml file in this directory; a standard is one .toml file or a directory of them".into(),
            ),
            Self::TomlSyntax { detail } => l.pick(
                format!("TOML 语法错误：{detail}"),
                format!("invalid TOML: {detail}"),
            ),
            Self::UnknownKey { key, table, expected, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                l.pick(
                    format!("{table} 中有未知的键 “{key}”{s}；可用的键：{}", list(expected)),
                    format!("unknown key `{key}` in {table}{s}; accepted keys: {}", list(expected)),
                )
            }
            Self::MissingKey { key, table } => l.pick(
                format!("{table} 缺少必填的键 “{key}”"),
                format!("{table} is missing the required key `{key}`"),
            ),
            Self::WrongType { key, expected } => l.pick(
                format!("“{key}” 应为{}", expected.text(l)),
                format!("`{key}` must be {}", expected.text(l)),
            ),
            Self::EmptyValue { key } => l.pick(
                format!("“{key}” 不能为空"),
                format!("`{key}` must not be empty"),
            ),
            Self::BadId { id } => l.pick(
                format!("编号 “{id}” 无效：只能使用 ASCII 字母、数字、“.”、“-”、“_”"),
                format!("invalid id `{id}`: use ASCII letters, digits, `.`, `-` and `_` only"),
            ),
            Self::DuplicateId { id, first } => l.pick(
                format!("编号 “{id}” 重复；首次定义于 {first}"),
                format!("duplicate id `{id}`; first defined at {first}"),
            ),
            Self::UnknownParent { parent, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                l.pick(
                    format!("上级分组 “{parent}” 不存在{s}"),
                    format!("parent group `{parent}` does not exist{s}"),
                )
            }
            Self::UnknownGroup { group, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                l.pick(
                    format!("所属分组 “{group}” 不存在{s}"),
                    format!("group `{group}` does not exist{s}"),
                )
            }
            Self::ParentCycle { chain } => l.pick(
                format!("分组的上级关系构成循环：{chain}"),
                format!("groups form a cycle of parents: {chain}"),
            ),
            Self::NotPositive { key, value } => l.pick(
                format!("“{key}” 必须大于 0，实际为 {value}"),
                format!("`{key}` must be greater than 0, found {value}"),
            ),
            Self::OutOfRange { key, value, range } => l.pick(
                format!("“{key}” 的值 {value} 超出范围，应在 {range} 之内"),
                format!("`{key}` = {value} is out of range; accepted: {range}"),
            ),
            Self::BadChoice { key, value, expected } => l.pick(
                format!("“{key}” 的值 “{value}” 无效；可选：{}", list(expected)),
                format!("`{key}` = `{value}` is not valid; accepted: {}", list(expected)),
            ),
            Self::UnknownMethod { method, expected, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                l.pick(
                    format!("未知的测评方法 “{method}”{s}；可选：{}", list(expected)),
                    format!("unknown method `{method}`{s}; accepted: {}", list(expected)),
                )
            }
            Self::UnknownRuleKind { kind, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                l.pick(
                    format!("未知的计分规则 “{kind}”{s}；可选：rate, all, deduct, quota, graded"),
                    format!("unknown rule kind `{kind}`{s}; accepted: rate, all, deduct, quota, graded"),
                )
            }
            Self::RuleParamMissing { kind, param } => l.pick(
                format!("计分规则 {kind} 需要参数 “{param}”"),
                format!("rule `{kind}` needs the parameter `{param}`"),
            ),
            Self::NoPointTypes { id } => l.pick(
                format!("实地考察类标准 “{id}” 必须列出 point_types（点位类型）"),
                format!("field criterion `{id}` must list its point_types"),
            ),
            Self::WeightsSum { sum, full_score } => l.pick(
                format!("测评方法权重之和为 {sum}，应等于满分 full_score = {full_score}"),
                format!("method weights sum to {sum}; they must sum to full_score = {full_score}"),
            ),
            Self::WeightMissing { method } => l.pick(
                format!("测评方法 “{method}” 缺少 weight；要么全部方法都设权重，要么都不设"),
                format!("method `{method}` has no weight; give every method a weight or none"),
            ),
            Self::NoStandardTable => l.pick(
                "没有 [standard] 表；测评体系须有且仅有一个文件包含 [standard]".into(),
                "no [standard] table; exactly one file of a standard must hold [standard]".into(),
            ),
            Self::TwoStandardTables { first } => l.pick(
                format!("[standard] 表重复；已在 {first} 定义"),
                format!("a second [standard] table; the first is at {first}"),
            ),
            Self::EmptyStandard => l.pick(
                "测评体系中没有任何 [[criterion]]（测评标准）".into(),
                "the standard has no [[criterion]] entries".into(),
            ),
            Self::GroupNoCriteria { id } => l.pick(
                format!("分组 “{id}” 下没有任何测评标准"),
                format!("group `{id}` has no criteria"),
            ),
            Self::NoLead { id } => l.pick(
                format!("测评标准 “{id}” 没有牵头单位（lead）"),
                format!("criterion `{id}` has no lead department"),
            ),
            Self::LevelMismatch { id, level, levels } => l.pick(
                format!("测评标准 “{id}” 位于第 {level} 层，而 levels 定义了 {levels} 层"),
                format!("criterion `{id}` sits at level {level} but `levels` names {levels} levels"),
            ),
            Self::CannotWrite { path } => l.pick(
                format!("无法写入输出文件 {path}"),
                format!("cannot write the output file {path}"),
            ),
            Self::StandardValid { criteria, warnings } => {
                let mut s = l.pick(
                    format!("测评体系有效：{criteria} 条测评标准"),
                    format!("standard is valid: {criteria} criteria"),
                );
                if *warnings > 0 {
                    let _ = write!(s, "{}", l.pick(format!("，{warnings} 个警告"), format!(", {warnings} warning(s)")));
                }
                s
            }
            Self::Invalid { errors, warnings } => l.pick(
                format!("发现 {errors} 个错误、{warnings} 个警告"),
                format!("{errors} error(s), {warnings} warning(s)"),
            ),
        }
    }
}

macro_rules! labels {
    ($($name:ident => ($zh:expr, $en:expr),)*) => {
        /// Fixed labels: table headings, words in reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Label { $($name,)* }

        impl Label {
            /// The label in the given language.
            #[must_use]
            pub fn text(self, lang: Lang) -> &'static str {
                match self { $(Self::$name => lang.pick($zh, $en),)* }
            }
        }
    };
}

labels! {
    Id => ("编号", "ID"),
    Level => ("层级", "Level"),
    Name => ("名称", "Name"),
    Criteria => ("标准数", "Criteria"),
    Score => ("分值", "Score"),
    Method => ("测评方法", "Method"),
    PointTypes => ("点位类型", "Point types"),
    Rule => ("计分规则", "Rule"),
    Lead => ("牵头单位", "Lead"),
    Assist => ("配合单位", "Assisting"),
    Kind => ("类别", "Kind"),
    Group => ("分组", "Group"),
    Criterion => ("测评标准", "Criterion"),
    Weight => ("权重", "Weight"),
    Count => ("数量", "Count"),
    AsLead => ("牵头标准数", "As lead"),
    AsAssist => ("配合标准数", "As assisting"),
    LeadScore => ("牵头分值", "Lead score"),
    Department => ("单位", "Department"),
    PointType => ("点位类型", "Point type"),
    Penalties => ("负面清单", "Negative list"),
    Points => ("扣分", "Points"),
    Veto => ("一票否决", "Veto"),
    Yes => ("是", "yes"),
    No => ("否", "no"),
    Total => ("合计", "Total"),
    Standard => ("测评体系", "Standard"),
    Edition => ("版本", "Edition"),
    FullScore => ("满分", "Full score"),
    Levels => ("层级名称", "Levels"),
    Policy => ("计分政策", "Policy"),
    Unweighted => ("不加权", "unweighted"),
    PerLevel => ("各层级数量", "Count per level"),
    PerMethod => ("各测评方法", "Per method"),
    PerDepartment => ("各责任单位", "Per department"),
    PerPointType => ("各点位类型", "Per point type"),
    Tree => ("测评体系结构", "Tree"),
}

/// A rule described in words, e.g. "每处扣0.5分，扣完为止".
#[must_use]
pub fn describe_rule(rule: &crate::standard::Rule, lang: Lang) -> String {
    use crate::standard::Rule;
    match rule {
        Rule::Rate { full_at: None } => lang.pick(
            "按合格率计分（分值×合格数÷观测数）".into(),
            "by pass rate (score × passes ÷ observations)".into(),
        ),
        Rule::Rate { full_at: Some(t) } => {
            let pct = (*t * rust_decimal::Decimal::ONE_HUNDRED).normalize();
            lang.pick(
                format!("合格率≥{pct}%得满分，否则按合格率计分"),
                format!("full marks at a pass rate ≥ {pct}%, else by pass rate"),
            )
        }
        Rule::All => lang.pick(
            "全部合格得满分，否则不得分".into(),
            "full marks only if every observation passes".into(),
        ),
        Rule::Deduct { per_problem } => lang.pick(
            format!("每处扣{}分，扣完为止", per_problem.normalize()),
            format!("{} off per problem, down to 0", per_problem.normalize()),
        ),
        Rule::Quota {
            required,
            per_missing,
        } => lang.pick(
            format!(
                "每处应有{required}项，少一项扣{}分，扣完为止",
                per_missing.normalize()
            ),
            format!(
                "{required} required per observation, {} off per missing item, down to 0",
                per_missing.normalize()
            ),
        ),
        Rule::Graded { grades } if grades.is_empty() => lang.pick(
            "评审打分（0至分值）".into(),
            "reviewer's points (0 to the score)".into(),
        ),
        Rule::Graded { grades } => {
            let g = grades
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{k}={}%",
                        (*v * rust_decimal::Decimal::ONE_HUNDRED).normalize()
                    )
                })
                .collect::<Vec<_>>()
                .join(lang.pick("，", ", "));
            lang.pick(format!("按等级计分：{g}"), format!("graded: {g}"))
        }
    }
}
