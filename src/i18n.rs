//! The message catalog: every human-facing string, in Chinese (default) and
//! English. Machine formats (JSON keys, enum values) never go through here.

use std::borrow::Cow;
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
        let s = quoted(s);
        lang.pick(
            format!("（是否应为“{s}”？）"),
            format!(" (did you mean `{s}`?)"),
        )
    })
}

fn list(items: &[String]) -> String {
    items.join(", ")
}

/// At most this many characters of a value from the user's files are
/// quoted in a message (a cell may be megabytes long).
pub const QUOTED_CHARS: usize = 100;

/// At most this many items of a list drawn from the user's files (column
/// names, rounds) are named in a message.
pub const LISTED_ITEMS: usize = 20;

/// A value from the user's files as a message quotes it: its first
/// [`QUOTED_CHARS`] characters, then `…` when there are more.
#[must_use]
pub fn quoted(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTED_CHARS) {
        None => Cow::Borrowed(text),
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
    }
}

/// Values from the user's files as a message lists them: the first
/// [`LISTED_ITEMS`], each [`quoted`], then how many more there are.
fn listed(l: Lang, items: &[String]) -> String {
    listed_by(l, items, ", ")
}

/// [`listed`], the items separated by `sep` (such as `、`).
fn listed_by(l: Lang, items: &[String], sep: &str) -> String {
    let mut s = items
        .iter()
        .take(LISTED_ITEMS)
        .map(|i| quoted(i))
        .collect::<Vec<_>>()
        .join(sep);
    if let Some(more) = items.len().checked_sub(LISTED_ITEMS).filter(|&m| m > 0) {
        s.push_str(&l.pick(format!("，另有 {more} 个"), format!(", and {more} more")));
    }
    s
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
        detail: String,
    },
    // --- inspection files --------------------------------------------------
    EmptyFile,
    MissingColumns {
        columns: Vec<String>,
    },
    RepeatedColumn {
        column: String,
        first: usize,
        second: usize,
    },
    UnknownColumns {
        columns: Vec<String>,
    },
    FieldCount {
        found: usize,
        expected: usize,
    },
    Undecodable,
    EmptyCell,
    UnknownCriterion {
        id: String,
        suggestion: Option<String>,
    },
    UnknownDistrict {
        name: String,
        suggestion: Option<String>,
        accepted: Vec<String>,
    },
    UnknownResult {
        word: String,
    },
    BadProblems {
        value: String,
    },
    FailWithoutProblems,
    CountMissing {
        id: String,
        required: u32,
    },
    BadCount {
        value: String,
    },
    ValueMissing {
        id: String,
    },
    BadValue {
        value: String,
        max: String,
        grades: Vec<String>,
    },
    NoPoint {
        id: String,
    },
    BadDate {
        value: String,
    },
    ResultMissing,
    Duplicate {
        first: String,
    },
    PointTypeMismatch {
        point_type: String,
        id: String,
        rows: u64,
    },
    // --- scoring runs -------------------------------------------------------
    NoStandard,
    NoInputs,
    NoCsv,
    NoMatch,
    NoRows,
    BadEncoding {
        label: String,
    },
    BadDelimiter {
        value: String,
    },
    SeveralRounds {
        rounds: Vec<String>,
    },
    UnknownRound {
        round: String,
        rounds: Vec<String>,
    },
    MoreErrors {
        more: u64,
    },
    RowsSummary {
        read: u64,
        used: u64,
        rejected: u64,
    },
    BelowGate {
        score: String,
        gate: String,
    },
    // --- summaries ---------------------------------------------------------
    StandardValid {
        criteria: usize,
        warnings: usize,
    },
    Invalid {
        errors: u64,
        warnings: u64,
    },
    // --- names, standard limits and ceping.toml checks (issue 8) ---
    /// An invisible format character (Unicode Cf), by its code point (`U+200B`).
    FormatChar {
        code: String,
    },
    /// A number with more decimal places than can be kept exactly.
    TooPrecise {
        key: String,
        value: String,
    },
    /// A group nested deeper than the limit.
    TooDeep {
        id: String,
        level: usize,
        max: usize,
    },
    /// A file larger than the limit for its kind.
    TooLarge {
        limit: String,
    },
    /// A district alias whose target is not among `districts`.
    AliasTargetUnlisted {
        alias: String,
        target: String,
        suggestion: Option<String>,
    },
    /// A listed district used as an alias.
    AliasIsListed {
        alias: String,
    },
    /// An alias that is also the target of another alias.
    AliasChain {
        alias: String,
        by: String,
    },
    /// A value that cannot be negative.
    Negative {
        key: String,
        value: String,
    },
    /// 红榜 line below the 黑榜 line.
    BandsCrossed {
        red: String,
        black: String,
    },
    // --- scale (issue 8) ---------------------------------------------------
    /// `-j N` above the limit: the run uses `threads`.
    ThreadsCapped {
        asked: usize,
        threads: usize,
        per_core: usize,
    },
    // --- files (issue 8) ---
    BrokenLink {
        detail: String,
    },
    IsADirectory,
    TrailingSlash,
    SkippedHidden,
    SkippedLock,
    BadPattern {
        detail: String,
    },
    StdinTwice {
        times: usize,
    },
    OutputIsInput {
        output: String,
        input: String,
    },
    SameOutputs {
        first: String,
        second: String,
    },
    WriteNoDir,
    WriteCannotCreate {
        dir: String,
        detail: String,
    },
    WriteIsDir,
    WriteEndsInSlash,
    WritePermission,
    WriteDiskFull,
    WriteOs {
        detail: String,
    },
    // --- reader (issue 8) ---
    /// A quoted cell that the end of the file ends.
    UnclosedQuote,
    /// A quoted cell over more lines than a record may span.
    QuoteTooLong {
        lines: u64,
    },
    /// A record over several lines with another field count than the header.
    FieldCountOverLines {
        found: usize,
        expected: usize,
        first: u64,
        last: u64,
    },
    // --- coverage (issue 9) ---
    /// A district (listed in ceping.toml) without rows in the selected round.
    DistrictNoRows {
        district: String,
        /// The round, when one is selected.
        round: Option<String>,
    },
    /// The point types a district has no counted rows at.
    MissingPointTypes {
        district: String,
        point_types: Vec<String>,
    },
    /// `--require-complete` failed.
    Incomplete {
        without_rows: usize,
        missing_types: usize,
    },
    // --- exports (issue 10) ---
    /// `-o` names a file whose extension is no format ceping writes.
    UnknownOutputFormat {
        path: String,
        accepted: String,
    },
    // --- xlsx workbook (issue 10) ---
    /// A binary format asked for with stdout a terminal.
    BinaryOnTerminal {
        format: String,
    },
    // --- workbook input and header row (issue 10) ---
    /// Rows above the header (a title row) were skipped.
    SkippedAboveHeader {
        rows: u64,
    },
    /// `--header-row N` names a row the input does not have.
    NoHeaderRow {
        row: u64,
    },
    /// A file named as a workbook that cannot be read as one.
    BadWorkbook {
        expected: String,
        detail: String,
    },
    /// `--sheet NAME` names no sheet of the workbook.
    UnknownSheet {
        sheet: String,
        sheets: Vec<String>,
    },
    /// A sheet whose first rows hold no header: skipped.
    SheetWithoutHeader {
        columns: Vec<String>,
    },
    /// No sheet of a workbook has a header.
    NoSheetWithHeader {
        sheets: Vec<String>,
        columns: Vec<String>,
    },
    /// A cell holding a formula error (`#N/A`, `#DIV/0!`).
    CellError {
        value: String,
    },
    /// A workbook saved with a password (an encrypted container).
    EncryptedWorkbook,
    // --- gaps (issue 11) ---
    /// The summary's head, below the target: how far.
    GapsBelow {
        target: String,
        gap: String,
    },
    /// The summary's head, at or above the target.
    GapsMet {
        target: String,
        above: String,
    },
    /// The summary's head without a target.
    GapsScore {
        score: String,
    },
    /// The summary's tail: the first `n` criteria recover `points`, led by
    /// `departments`.
    GapsFirst {
        n: usize,
        points: String,
        departments: Vec<String>,
    },
    /// After [`Msg::GapsFirst`], when they do not close the gap.
    GapsStillShort {
        short: String,
    },
    /// The summary's tail when no criterion loses points.
    GapsNothingLost,
    /// What recoverable points are, and what adds up.
    GapsNote,
    // --- compare (issue 11) ---
    /// A saved report that is not JSON.
    NotJson {
        detail: String,
    },
    /// JSON without `format_version`: not a ceping report.
    NotCepingReport,
    /// A `format_version` this build does not read.
    UnknownFormatVersion {
        found: String,
        accepted: u32,
    },
    /// A ceping report of the right version that is not a score report.
    NotScoreReport {
        detail: String,
    },
    /// Reports of different standards (id and edition).
    OtherStandard {
        standard: String,
        first: String,
        first_file: String,
    },
    /// `compare` given neither two rounds nor two saved reports.
    CompareWhat {
        rounds: usize,
        reports: usize,
    },
    /// `compare` given saved reports and inspection files (or `--round`).
    CompareMixed {
        file: String,
    },
    // --- problem ledger (issue 11) ---
    /// A status cell that is not a status word.
    UnknownStatus {
        word: String,
    },
    /// `--as-of` that is not a date.
    BadAsOf {
        value: String,
    },
    // --- bulletin (issue 12) ---
    /// `ceping report` asked for a format the bulletin is not written in.
    ReportFormat {
        given: String,
    },
    /// The bulletin's title.
    BulletinTitle {
        city: String,
    },
    /// A section heading of the bulletin.
    BulletinSection(crate::report::bulletin::Section),
    /// How many districts reached the target.
    BulletinReached {
        reached: usize,
        districts: usize,
        target: String,
    },
    /// The best and the worst district.
    BulletinBestWorst {
        best: String,
        best_score: String,
        worst: String,
        worst_score: String,
    },
    /// The city's change since the round compared with (`delta` signed).
    BulletinChange {
        since: String,
        delta: rust_decimal::Decimal,
    },
    /// The state of rectification.
    BulletinRectified {
        issued: u64,
        rectified: u64,
        rate: String,
        overdue: u64,
        relapsed: u64,
    },
    /// No problem was issued in the round.
    BulletinNoProblems,
    /// What the rows cover (the notes section).
    BulletinRows {
        inputs: usize,
        read: u64,
        used: u64,
        rejected: u64,
    },
    /// The chart's target line.
    BulletinTargetLine {
        target: String,
    },
    /// The heat table's legend.
    BulletinHeatNote,
    /// The city's headline score.
    BulletinScore {
        score: String,
        full: String,
    },
    /// No coverage warning: every district has rows (and the point types
    /// required, when the rows name point types).
    BulletinCovered {
        point_types: bool,
    },
    /// Criteria of the standard with no counted row.
    BulletinUnobserved {
        ids: Vec<String>,
    },
    // --- gates (issue 13) ---
    /// `--max-rejects`: more rows rejected than allowed.
    GateRejects {
        rejected: u64,
        read: u64,
        max: String,
    },
    /// `--fail-on-veto`: a 一票否决 on the city or districts.
    GateVeto {
        city: bool,
        districts: Vec<String>,
    },
    /// `--fail-on-black`: districts on 黑榜.
    GateBlack {
        districts: Vec<String>,
    },
    /// A `--max-rejects` (or `max_rejects`) value that is neither `N` nor `P%`.
    BadMaxRejects {
        key: String,
        value: String,
    },
    // --- empty results (issue 13) ---
    /// `--level N` below the tree's deepest group level.
    LevelTooDeep {
        level: usize,
        levels: Vec<String>,
    },
    // --- empty results (issue 13) ---
    UnknownFilter {
        flag: &'static str,
        value: String,
        known: Vec<String>,
    },
    // --- template (issue 13) ---
    /// `ceping template` without `--district` and without `districts` in
    /// ceping.toml.
    TemplateNoDistricts,
    /// `ceping template` asked for a format other than csv and xlsx.
    TemplateFormat {
        given: String,
    },
    /// A `--district` that names no district: empty, or with an invisible
    /// format character.
    TemplateDistrictName {
        name: String,
    },
    /// `ceping template -o FILE` where FILE exists, without `--force`.
    TemplateExists {
        path: String,
    },
    // --- out-dir (issue 13) ---
    /// `--out-dir` names something that is not a directory.
    OutDirNotDir,
    /// `--out-dir` names a directory with files but no manifest.json.
    OutDirNotSet,
    /// `--out-dir` would replace a directory holding a file the run reads.
    OutDirHoldsInput {
        input: String,
    },
    /// `--rejects` would be written inside the directory `--out-dir`
    /// replaces.
    OutDirHoldsOutput {
        output: String,
    },
    // --- help and usage errors (issue 13) ---
    /// An argument the command does not have.
    UsageUnknownArgument {
        arg: String,
        suggestion: Option<String>,
    },
    /// A subcommand ceping does not have.
    UsageUnknownSubcommand {
        name: String,
        suggestion: Option<String>,
    },
    /// A value outside an argument's possible values, or that its parser
    /// refused (`reason`, from clap, in English).
    UsageInvalidValue {
        arg: String,
        value: String,
        accepted: Vec<String>,
        /// Why the value was refused ([`Msg::ValueNotWhole`] and the like).
        reason: Option<Box<Msg>>,
        suggestion: Option<String>,
    },
    /// A flag's value is no whole number.
    ValueNotWhole,
    /// A flag's value is no number.
    ValueNotNumber,
    /// A flag's value is below its least.
    ValueAtLeast {
        min: String,
    },
    /// A flag's value is out of its range (`A..B`, `A..=B`).
    ValueInRange {
        range: String,
    },
    /// Why a value was refused, as the parser said it.
    ValueOther {
        text: String,
    },
    /// An option given without its value.
    UsageMissingValue {
        arg: String,
        accepted: Vec<String>,
    },
    /// Required arguments not given.
    UsageMissingArguments {
        args: Vec<String>,
    },
    /// A command that needs a subcommand, given none.
    UsageMissingSubcommand {
        command: String,
        accepted: Vec<String>,
    },
    /// Two arguments that exclude each other (`with` empty: "the others").
    UsageConflict {
        arg: String,
        with: Vec<String>,
    },
    /// An argument given twice that takes one value.
    UsageRepeated {
        arg: String,
    },
    /// A value after an argument that takes no more.
    UsageTooManyValues {
        arg: String,
        value: String,
    },
    /// An argument whose value must follow `=`.
    UsageNoEquals {
        arg: String,
    },
    /// The lines after a usage error: the usage, and where to read more.
    UsageSee {
        usage: String,
        command: String,
    },
    // --- init (issue 13) ---
    /// `ceping init --standard X`: X is neither a shipped standard nor a
    /// file or directory.
    InitUnknownStandard {
        value: String,
        shipped: Vec<String>,
    },
    /// `ceping init`: a file (or the standard's directory) it would write
    /// is there already.
    InitExists {
        dir: bool,
    },
    /// A path `ceping init` would write into ceping.toml is not UTF-8.
    InitPathNotUtf8,
    /// `ceping init` created a file or a directory.
    InitCreated {
        path: String,
    },
    /// `ceping init` copied a shipped standard.
    InitCopied {
        name: String,
        shipped: String,
        path: String,
    },
    /// `ceping init` refers to a standard where it is.
    InitReferred {
        name: String,
        path: String,
    },
    /// The commands to run after `ceping init` (`cd` first when the
    /// project is elsewhere, then filling in the districts when none were
    /// given); `year` names the example round.
    InitNext {
        cd: Option<String>,
        districts: bool,
        year: u32,
    },
    /// After "no standard", when there is no project file either.
    InitHint,
    /// After the project's `inputs` match no file at all.
    TemplateHint,
    // --- terminal (issue 13) ---
    /// The progress line while inputs are read: files done of all, and the
    /// megabytes read so far.
    Progress {
        done: u64,
        total: u64,
        megabytes: u64,
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
            Self::BadChoice { key, value, expected } => {
                let value = quoted(value);
                l.pick(
                    format!("“{key}” 的值 “{value}” 无效；可选：{}", list(expected)),
                    format!("`{key}` = `{value}` is not valid; accepted: {}", list(expected)),
                )
            }
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
            Self::CannotWrite { path, detail } => l.pick(
                format!("无法写入输出文件 {path}：{detail}"),
                format!("cannot write the output file {path}: {detail}"),
            ),
            Self::EmptyFile => l.pick(
                "文件为空：应有一行表头和若干行检查结果".into(),
                "empty file: expected a header row and result rows".into(),
            ),
            Self::RepeatedColumn {
                column,
                first,
                second,
            } => l.pick(
                format!("表头第 {first} 列和第 {second} 列都是 {column}；请删除或改名其中一列"),
                format!(
                    "columns {first} and {second} of the header are both {column}; remove or rename one"
                ),
            ),
            Self::MissingColumns { columns } => l.pick(
                format!("表头缺少必需的列：{}", columns.join("；")),
                format!("the header lacks needed columns: {}", columns.join("; ")),
            ),
            Self::UnknownColumns { columns } => l.pick(
                format!("以下列未识别，已忽略：{}", listed(l, columns)),
                format!("columns not recognised and ignored: {}", listed(l, columns)),
            ),
            Self::FieldCount { found, expected } => l.pick(
                format!("本行有 {found} 列，表头有 {expected} 列"),
                format!("this row has {found} fields, the header has {expected}"),
            ),
            Self::Undecodable => l.pick(
                "含有无法解码的字节；请确认文件编码（可用 --encoding gbk 或 utf-8 指定）".into(),
                "contains bytes that cannot be decoded; check the file's encoding (--encoding gbk or utf-8)".into(),
            ),
            Self::EmptyCell => l.pick("不能为空".into(), "must not be empty".into()),
            Self::UnknownCriterion { id, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                let id = quoted(id);
                l.pick(
                    format!("测评体系中没有编号为 “{id}” 的测评标准或负面清单项{s}"),
                    format!("no criterion or penalty `{id}` in the standard{s}"),
                )
            }
            Self::UnknownDistrict { name, suggestion, accepted } => {
                let s = suggest(l, suggestion.as_ref());
                let name = quoted(name);
                l.pick(
                    format!("未知的区县 “{name}”{s}；ceping.toml 中的区县：{}", list(accepted)),
                    format!("unknown district `{name}`{s}; districts in ceping.toml: {}", list(accepted)),
                )
            }
            Self::UnknownResult { word } => {
                let word = quoted(word);
                l.pick(
                format!("无法识别的测评结果 “{word}”；可用：{}", crate::input::text::RESULT_WORDS),
                format!("unknown result `{word}`; accepted: {}", crate::input::text::RESULT_WORDS),
                )
            }
            Self::BadProblems { value } => {
                let value = quoted(value);
                l.pick(
                    format!("问题数 “{value}” 无效，应为不小于 0 的整数"),
                    format!("problems `{value}` is not valid; expected an integer ≥ 0"),
                )
            }
            Self::FailWithoutProblems => l.pick(
                "结果为不合格但问题数为 0；扣分类标准请填写问题数（≥1），或将结果改为合格".into(),
                "the result is a fail but problems = 0; give the number of problems (≥ 1) or mark it a pass".into(),
            ),
            Self::CountMissing { id, required } => l.pick(
                format!("“{id}” 按数量计分（每处应有 {required} 项），须填写数量"),
                format!("`{id}` is scored by count ({required} required per observation); give the count"),
            ),
            Self::BadCount { value } => {
                let value = quoted(value);
                l.pick(
                    format!("数量 “{value}” 无效，应为不小于 0 的整数"),
                    format!("count `{value}` is not valid; expected an integer ≥ 0"),
                )
            }
            Self::ValueMissing { id } => l.pick(
                format!("“{id}” 为评分类标准，须填写得分或等级（或结果）"),
                format!("`{id}` is graded; give a value (points or a grade) or a result"),
            ),
            Self::BadValue { value, max, grades } => {
                let value = quoted(value);
                let g = if grades.is_empty() {
                    String::new()
                } else {
                    l.pick(format!("，或等级 {}", list(grades)), format!(", or a grade {}", list(grades)))
                };
                l.pick(
                    format!("得分 “{value}” 无效；应为 0 至 {max} 的数{g}"),
                    format!("value `{value}` is not valid; expected points from 0 to {max}{g}"),
                )
            }
            Self::NoPoint { id } => l.pick(
                format!("“{id}” 为实地考察标准，须填写点位"),
                format!("`{id}` is a field criterion; the point must be given"),
            ),
            Self::BadDate { value } => {
                let value = quoted(value);
                l.pick(
                    format!("日期 “{value}” 无效；可用格式：2024-03-05、2024/3/5、2024年3月5日"),
                    format!("date `{value}` is not valid; accepted: 2024-03-05, 2024/3/5, 2024年3月5日"),
                )
            }
            Self::ResultMissing => l.pick(
                "缺少测评结果".into(),
                "the result is missing".into(),
            ),
            Self::Duplicate { first } => l.pick(
                format!("同一观测（批次、区县、点位、测评标准、日期相同）重复导入；首次出现于 {first}"),
                format!("the same observation (round, district, point, criterion, date) imported twice; first at {first}"),
            ),
            Self::PointTypeMismatch { point_type, id, rows } => {
                let point_type = quoted(point_type);
                l.pick(
                format!("点位类型 “{point_type}” 不在标准 “{id}” 的点位类型中（共 {rows} 行，仍计分）"),
                format!("point type `{point_type}` is not among those of `{id}` ({rows} row(s), still scored)"),
                )
            }
            Self::NoStandard => l.pick(
                "未指定测评体系：请用 --standard 指定，或在 ceping.toml 中设置 standard".into(),
                "no standard: pass --standard or set `standard` in ceping.toml".into(),
            ),
            Self::NoInputs => l.pick(
                "未指定检查结果文件：请在命令行给出文件或目录，或在 ceping.toml 中设置 inputs".into(),
                "no inputs: name files or directories, or set `inputs` in ceping.toml".into(),
            ),
            Self::NoCsv => l.pick(
                "目录中没有检查结果文件（.csv、.xlsx、.xlsm、.xls、.ods）".into(),
                "no inspection file (.csv, .xlsx, .xlsm, .xls, .ods) in this directory".into(),
            ),
            Self::NoMatch => l.pick("没有匹配的文件".into(), "matches no file".into()),
            Self::NoRows => l.pick(
                "没有可计分的数据行".into(),
                "no rows to score".into(),
            ),
            Self::BadEncoding { label } => l.pick(
                format!("未知的编码 “{label}”；可用：utf-8、gbk、gb18030、utf-16le、utf-16be"),
                format!("unknown encoding `{label}`; accepted: utf-8, gbk, gb18030, utf-16le, utf-16be"),
            ),
            Self::BadDelimiter { value } => l.pick(
                format!("分隔符 “{value}” 无效；可用：, ; tab"),
                format!("delimiter `{value}` is not valid; accepted: , ; tab"),
            ),
            Self::SeveralRounds { rounds } => l.pick(
                format!("数据包含多个批次：{}；请用 --round 指定批次、latest（最新）或 all（合并）", listed(l, rounds)),
                format!("the rows span several rounds: {}; choose one with --round R, latest or all", listed(l, rounds)),
            ),
            Self::UnknownRound { round, rounds } => {
                let round = quoted(round);
                l.pick(
                    format!("数据中没有批次 “{round}”；现有批次：{}", listed(l, rounds)),
                    format!("no round `{round}` in the data; rounds: {}", listed(l, rounds)),
                )
            }
            Self::MoreErrors { more } => l.pick(
                format!("……另有 {more} 处错误未列出"),
                format!("... and {more} more error(s) not shown"),
            ),
            Self::RowsSummary { read, used, rejected } => l.pick(
                format!("读入 {read} 行，计分 {used} 行，剔除 {rejected} 行"),
                format!("{read} rows read, {used} used, {rejected} rejected"),
            ),
            Self::BelowGate { score, gate } => l.pick(
                format!("全市得分 {score} 低于 --fail-below {gate}"),
                format!("the city score {score} is below --fail-below {gate}"),
            ),
            Self::StandardValid { criteria, warnings } => {
                let mut s = l.pick(
                    format!("测评体系有效：{criteria} 条测评标准"),
                    if *criteria == 1 {
                        "standard is valid: 1 criterion".to_string()
                    } else {
                        format!("standard is valid: {criteria} criteria")
                    },
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
            // --- names, standard limits and ceping.toml checks (issue 8) ---
            Self::FormatChar { code } => l.pick(
                format!("含有不可见的格式字符 {code}；请删除它（常随从网页或聊天软件复制的文字混入）"),
                format!("contains the invisible format character {code}; delete it (it comes with text copied from web pages or chat apps)"),
            ),
            Self::TooPrecise { key, value } => l.pick(
                format!("“{key}” 的值 {value} 小数位数过多，最多 28 位小数"),
                format!("`{key}` = {value} has too many decimal places; at most 28"),
            ),
            Self::TooDeep { id, level, max } => l.pick(
                format!("分组 “{id}” 位于第 {level} 层，超过上限 {max} 层"),
                format!("group `{id}` is at level {level}, deeper than the limit of {max} levels"),
            ),
            Self::TooLarge { limit } => l.pick(
                format!("文件超过 {limit} 的上限，不是测评体系或 ceping.toml 文件；请检查路径"),
                format!("larger than the limit of {limit}, so not a standard or ceping.toml file; check the path"),
            ),
            Self::AliasTargetUnlisted { alias, target, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                l.pick(
                    format!("别名 “{alias}” 指向的 “{target}” 不在 districts 中{s}；别名必须指向 districts 中的区县"),
                    format!("alias `{alias}` maps to `{target}`, which is not in `districts`{s}; an alias must map to a listed district"),
                )
            }
            Self::AliasIsListed { alias } => l.pick(
                format!("“{alias}” 是 districts 中的区县，不能再作别名"),
                format!("`{alias}` is a listed district and cannot be an alias"),
            ),
            Self::AliasChain { alias, by } => l.pick(
                format!("“{alias}” 既是别名，又是别名 “{by}” 指向的名称；别名不能串联或构成循环"),
                format!("`{alias}` is an alias and also what the alias `{by}` maps to; aliases cannot chain or form a cycle"),
            ),
            Self::Negative { key, value } => l.pick(
                format!("“{key}” 不能为负数，实际为 {value}"),
                format!("`{key}` must not be negative, found {value}"),
            ),
            Self::BandsCrossed { red, black } => l.pick(
                format!("[bands] 中红榜线 red = {red} 低于黑榜线 black = {black}；red 应不低于 black"),
                format!("in [bands], the red line red = {red} is below the black line black = {black}; red must be at least black"),
            ),
            // --- scale (issue 8) ---
            Self::ThreadsCapped { asked, threads, per_core } => l.pick(
                format!("注意：-j {asked} 超过上限（每个核心 {per_core} 个线程），按 {threads} 个线程运行"),
                format!("note: -j {asked} is above the limit ({per_core} threads per core); running {threads} threads"),
            ),
            // --- files (issue 8) ---
            Self::BrokenLink { detail } => l.pick(
                format!("符号链接无法打开（指向的文件不存在，或链接成环）：{detail}"),
                format!("a symbolic link that leads nowhere (its target is missing, or the links loop): {detail}"),
            ),
            Self::IsADirectory => l.pick("这是目录而不是文件".into(), "is a directory, not a file".into()),
            Self::TrailingSlash => l.pick(
                "这是文件而不是目录：请去掉末尾的 “/”".into(),
                "is a file, not a directory: drop the trailing `/`".into(),
            ),
            Self::SkippedHidden => l.pick("已跳过隐藏文件".into(), "skipped: a hidden file".into()),
            Self::SkippedLock => l.pick(
                "已跳过 Office 锁定文件（对应的表格可能正被打开编辑，请保存并关闭后再运行）".into(),
                "skipped: an office lock file (its workbook may be open in an editor: save and close it, then run again)".into(),
            ),
            Self::BadPattern { detail } => l.pick(
                format!("通配符模式无效：{detail}"),
                format!("not a valid glob pattern: {detail}"),
            ),
            Self::StdinTwice { times } => l.pick(
                format!("标准输入 “-” 只能读取一次，却出现了 {times} 次"),
                format!("standard input `-` can be read only once, but is named {times} times"),
            ),
            Self::OutputIsInput { output, input } => l.pick(
                format!("输出文件 {output} 就是输入文件 {input}，写入会覆盖它；请换一个输出路径"),
                format!("the output {output} is the input {input}: writing would overwrite it; choose another output path"),
            ),
            Self::SameOutputs { first, second } => l.pick(
                format!("{first} 与 {second} 是同一个文件，其中一份输出会丢失；请换一个路径"),
                format!("{first} and {second} are the same file: one output would be lost; choose another path"),
            ),
            Self::WriteNoDir => l.pick("目录不存在".into(), "the directory does not exist".into()),
            Self::WriteCannotCreate { dir, detail } => l.pick(
                format!("无法在目录 {dir} 中创建文件：{detail}"),
                format!("cannot create a file in {dir}: {detail}"),
            ),
            Self::WriteIsDir => l.pick("这是一个目录，请给出文件名".into(), "it is a directory; name a file".into()),
            Self::WriteEndsInSlash => l.pick(
                "路径以 “/” 结尾，请给出文件名".into(),
                "the path ends in `/`; name a file".into(),
            ),
            Self::WritePermission => l.pick("没有写入权限".into(), "permission denied".into()),
            Self::WriteDiskFull => l.pick("磁盘已满".into(), "the disk is full".into()),
            // The OS's own words, in the language of the system.
            Self::WriteOs { detail } => detail.clone(),
            // --- reader (issue 8) ---
            Self::UnclosedQuote => l.pick(
                "引号未闭合：本行起的带引号单元格直到文件末尾都没有结束的引号（\"）；请补上结束的引号，或删去本行多余的引号".into(),
                "unclosed quote: the quoted cell that starts on this line has no closing quote (\") before the end of the file; add the closing quote or remove the stray one on this line".into(),
            ),
            Self::QuoteTooLong { lines } => l.pick(
                format!("引号未闭合？本行起的带引号单元格跨越了 {lines} 行以上（一个单元格最多跨 {lines} 行）；请检查本行的引号"),
                format!("unclosed quote? the quoted cell that starts on this line runs over more than {lines} lines (a cell may span {lines} at most); check the quotes on this line"),
            ),
            Self::FieldCountOverLines { found, expected, first, last } => l.pick(
                format!("本行有 {found} 列，表头有 {expected} 列；这条记录从第 {first} 行跨到第 {last} 行，引号未闭合？"),
                format!("this row has {found} fields, the header has {expected}; the record runs from line {first} to line {last}: unclosed quote?"),
            ),
            // --- coverage (issue 9) ---
            Self::DistrictNoRows { district, round } => {
                let d = quoted(district);
                match round {
                    Some(r) => {
                        let r = quoted(r);
                        l.pick(
                            format!("区县“{d}”在批次“{r}”中没有检查结果"),
                            format!("district \"{d}\" has no inspection results in round \"{r}\""),
                        )
                    }
                    None => l.pick(
                        format!("区县“{d}”没有检查结果"),
                        format!("district \"{d}\" has no inspection results"),
                    ),
                }
            }
            Self::MissingPointTypes { district, point_types } => {
                let d = quoted(district);
                let t = listed_by(l, point_types, l.pick("、", ", "));
                l.pick(
                    format!("区县“{d}”缺少点位类型的检查结果：{t}"),
                    format!("district \"{d}\" has no inspection results for point types: {t}"),
                )
            }
            Self::Incomplete { without_rows, missing_types } => l.pick(
                format!("数据不完整（--require-complete）：{without_rows} 个区县没有检查结果，{missing_types} 个区县缺少点位类型的检查结果"),
                format!("the data is incomplete (--require-complete): {without_rows} district(s) without inspection results, {missing_types} with point types missing"),
            ),
            Self::UnknownOutputFormat { path, accepted } => l.pick(
                format!("-o “{}”：无法从扩展名判断输出格式；可用：{accepted}（或用 -f 指定）", quoted(path)),
                format!("-o `{}`: the extension names no output format; accepted: {accepted} (or choose one with -f)", quoted(path)),
            ),
            // --- xlsx workbook (issue 10) ---
            Self::BinaryOnTerminal { format } => l.pick(
                format!("{format} 是二进制文件格式，不输出到终端；请用 -o 文件名.{format} 写入文件（或重定向到文件）"),
                format!("{format} is a binary file format and is not written to a terminal; give -o FILE.{format} (or redirect to a file)"),
            ),
            // --- workbook input and header row (issue 10) ---
            Self::SkippedAboveHeader { rows } => l.pick(
                format!("跳过表头上方的 {rows} 行（标题等），表头在此行"),
                format!("skipped {rows} row(s) above the header (a title), which is on this row"),
            ),
            Self::NoHeaderRow { row } => l.pick(
                format!("--header-row {row}：没有第 {row} 行"),
                format!("--header-row {row}: there is no row {row}"),
            ),
            Self::BadWorkbook { expected, detail } => l.pick(
                format!("不是可读取的 {expected} 工作簿（{detail}）；请在 Excel 或 WPS 中打开并另存为 .xlsx 或 .csv（加密的工作簿请先取消密码）"),
                format!("not a readable {expected} workbook ({detail}); open it in Excel or WPS and save it as .xlsx or .csv (remove the password of an encrypted one)"),
            ),
            Self::UnknownSheet { sheet, sheets } => l.pick(
                format!("没有名为“{}”的工作表；工作表有：{}", quoted(sheet), listed(l, sheets)),
                format!("no sheet named \"{}\"; the sheets are: {}", quoted(sheet), listed(l, sheets)),
            ),
            Self::SheetWithoutHeader { columns } => l.pick(
                format!("前 10 行中没有表头（含 {} 的行），已跳过此工作表", columns.join("、")),
                format!("no header (a row naming {}) in the first 10 rows: sheet skipped", columns.join(", ")),
            ),
            Self::NoSheetWithHeader { sheets, columns } => l.pick(
                format!("没有一个工作表在前 10 行中有表头（含 {} 的行）；工作表有：{}；可用 --sheet 指定工作表、--header-row 指定表头行", columns.join("、"), listed(l, sheets)),
                format!("no sheet has a header (a row naming {}) in its first 10 rows; the sheets are: {}; choose one with --sheet and its header with --header-row", columns.join(", "), listed(l, sheets)),
            ),
            Self::CellError { value } => l.pick(
                format!("单元格是公式错误 {}，不是数据；请修正公式或填入值", quoted(value)),
                format!("the cell holds the formula error {}, not data; fix the formula or enter a value", quoted(value)),
            ),
            Self::EncryptedWorkbook => l.pick(
                "工作簿设有密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码后另存".into(),
                "the workbook is protected by a password (encrypted) and cannot be read; remove the password in Excel or WPS and save it again".into(),
            ),
            // --- gaps (issue 11) ---
            Self::GapsBelow { target, gap } => l.pick(
                format!("距目标{target}分差{gap}分"),
                format!("{gap} points short of the target of {target}"),
            ),
            Self::GapsMet { target, above } => l.pick(
                format!("已达到目标{target}分（高出{above}分）"),
                format!("the target of {target} is met ({above} points above)"),
            ),
            Self::GapsScore { score } => l.pick(
                format!("全市得分{score}分"),
                format!("city score {score}"),
            ),
            Self::GapsFirst { n, points, departments } => {
                let mut zh = format!("前{n}项可挽回{points}分");
                let mut en = format!("the first {n} criteria can recover {points} points");
                if !departments.is_empty() {
                    let _ = write!(zh, "，涉及{}", departments.join("、"));
                    let _ = write!(en, ", led by {}", departments.join(", "));
                }
                l.pick(zh, en)
            }
            Self::GapsStillShort { short } => l.pick(
                format!("，仍差{short}分"),
                format!(", still {short} short"),
            ),
            Self::GapsNothingLost => l.pick("各项均未失分".into(), "no criterion loses points".into()),
            Self::GapsNote => l.pick(
                "可挽回分：该项全部不合格行改为合格（严重不合格、问题数、缺项、评分一并改为满分），其余行不变时，全市得分（扣分前）的精确增幅。各项只依本项的行计分、权重不变，故前N项合计即这些项同时整改的增幅；但同一项按单位、区县拆开，各部分之和不一定等于整体（合格率满分线、扣完为止、严重不合格），共管项计入每个相关单位。".into(),
                "Recoverable points: the exact rise of the city score before penalties had every failing row of the criterion passed (severe rows, problems, missing items and grades at full marks too), every other row unchanged. Each criterion is scored from its own rows and its weight does not change, so the running total of the first N is the rise of fixing them together; but the parts of one criterion (per department, per district) need not add up to it (a rate's full-marks threshold, deductions stopping at 0, severe rows), and a shared criterion counts for each of its departments.".into(),
            ),
            // --- compare (issue 11) ---
            Self::NotJson { detail } => l.pick(
                format!("不是 JSON 文件（{detail}）；compare 读取 ceping score -f json 保存的报告"),
                format!("not JSON ({detail}); compare reads reports saved by ceping score -f json"),
            ),
            Self::NotCepingReport => l.pick(
                "不是 ceping 报告：没有 format_version；compare 读取 ceping score -f json 保存的报告".into(),
                "not a ceping report: it has no format_version; compare reads reports saved by ceping score -f json".into(),
            ),
            Self::UnknownFormatVersion { found, accepted } => l.pick(
                format!("报告格式版本 {found} 无法读取，本版本 ceping 读取格式版本 {accepted}；请用本版本重新生成报告"),
                format!("report format_version {found} cannot be read; this ceping reads format_version {accepted}: score the round again with it"),
            ),
            Self::NotScoreReport { detail } => l.pick(
                format!("不是 ceping score 报告（{detail}）；compare 读取 ceping score -f json 保存的报告"),
                format!("not a ceping score report ({detail}); compare reads reports saved by ceping score -f json"),
            ),
            Self::OtherStandard { standard, first, first_file } => l.pick(
                format!("此报告的测评体系是 {standard}，而 {first_file} 的是 {first}；只能比较同一测评体系（编号和版本相同）的报告"),
                format!("this report is of standard {standard}, {first_file} is of {first}; only reports of one standard (same id and edition) can be compared"),
            ),
            Self::CompareWhat { rounds, reports } => l.pick(
                format!("没有可比较的两项（给出了 {rounds} 个 --round、{reports} 个 JSON 报告）；请给出 --round 旧批次 --round 新批次，或两个 ceping score -f json 保存的报告"),
                format!("nothing to compare ({rounds} --round and {reports} JSON report(s) given); give --round OLD --round NEW, or two reports saved by ceping score -f json"),
            ),
            Self::CompareMixed { file } => l.pick(
                format!("{} 是 JSON 报告，不能与检查结果文件或 --round 同时使用；请只给出报告，或只给出检查结果和 --round", quoted(file)),
                format!("{} is a JSON report, which cannot be mixed with inspection files or --round; give reports only, or inspection files with --round", quoted(file)),
            ),
            // --- problem ledger (issue 11) ---
            Self::UnknownStatus { word } => l.pick(
                format!("整改状态 “{}” 无效；可用：{}", quoted(word), crate::input::text::STATUS_WORDS),
                format!("status `{}` is not valid; accepted: {}", quoted(word), crate::input::text::STATUS_WORDS),
            ),
            Self::BadAsOf { value } => l.pick(
                format!("--as-of “{}” 不是日期；可用格式：2024-03-05、2024/3/5、2024年3月5日", quoted(value)),
                format!("--as-of `{}` is not a date; accepted: 2024-03-05, 2024/3/5, 2024年3月5日", quoted(value)),
            ),
            // --- bulletin (issue 12) ---
            Self::ReportFormat { given } => l.pick(
                format!("通报不能写成 {}；可用格式：html（.html、.htm）、md（.md）、docx（.docx）、json（.json）", quoted(given)),
                format!("the bulletin cannot be written as {}; accepted: html (.html, .htm), md (.md), docx (.docx), json (.json)", quoted(given)),
            ),
            Self::BulletinTitle { city } if city.is_empty() => l.pick(
                "创建全国文明城市测评情况通报".into(),
                "Civilized city inspection bulletin".into(),
            ),
            Self::BulletinTitle { city } => l.pick(
                format!("{city}创建全国文明城市测评情况通报"),
                format!("{city}: civilized city inspection bulletin"),
            ),
            Self::BulletinSection(s) => {
                use crate::report::bulletin::Section as S;
                l.pick(
                    match s {
                        S::Summary => "一、总体情况",
                        S::Districts => "二、各区县排名",
                        S::Departments => "三、各责任单位得分与失分",
                        S::Criteria => "四、失分最多的测评标准",
                        S::Items => "五、各区县测评项目得分率",
                        S::Ledger => "六、问题整改情况",
                        S::Notes => "七、数据说明",
                    }
                    .into(),
                    match s {
                        S::Summary => "1. Summary",
                        S::Districts => "2. District ranking",
                        S::Departments => "3. Departments: scores and lost points",
                        S::Criteria => "4. Criteria that lose most",
                        S::Items => "5. Item rates per district",
                        S::Ledger => "6. Rectification",
                        S::Notes => "7. Notes on the data",
                    }
                    .into(),
                )
            }
            Self::BulletinReached { reached, districts, target } => l.pick(
                format!("{districts} 个区县中 {reached} 个达到目标 {target} 分"),
                format!("{reached} of {districts} districts reached the target of {target}"),
            ),
            Self::BulletinBestWorst { best, best_score, worst, worst_score } => l.pick(
                format!("得分最高的是{best}（{best_score} 分），最低的是{worst}（{worst_score} 分）"),
                format!("the best district is {best} ({best_score}), the worst {worst} ({worst_score})"),
            ),
            Self::BulletinChange { since, delta } => {
                let size = delta.abs();
                if delta.is_zero() {
                    l.pick(format!("全市得分与{since}持平"), format!("the city score is unchanged since {since}"))
                } else if delta.is_sign_negative() {
                    l.pick(format!("全市得分比{since}下降 {size} 分"), format!("the city score fell by {size} since {since}"))
                } else {
                    l.pick(format!("全市得分比{since}上升 {size} 分"), format!("the city score rose by {size} since {since}"))
                }
            }
            Self::BulletinRectified { issued, rectified, rate, overdue, relapsed } => l.pick(
                format!("交办问题 {issued} 个，已整改 {rectified} 个，整改率 {rate}%，逾期未整改 {overdue} 个，回潮 {relapsed} 个"),
                format!("{issued} problems issued, {rectified} rectified (rate {rate}%), {overdue} overdue, {relapsed} relapsed"),
            ),
            Self::BulletinNoProblems => l.pick("未交办问题".into(), "no problem was issued".into()),
            Self::BulletinRows { inputs, read, used, rejected } => l.pick(
                format!("数据来自 {inputs} 个文件或工作表：读入 {read} 行，计分 {used} 行，剔除 {rejected} 行"),
                format!("data from {inputs} file(s) or sheet(s): {read} rows read, {used} scored, {rejected} rejected"),
            ),
            Self::BulletinTargetLine { target } => l.pick(format!("目标 {target}"), format!("target {target}")),
            Self::BulletinHeatNote => l.pick(
                "单元格底色按得分率着色：红色偏低，黄色居中，绿色较高；“-”表示无适用的观测".into(),
                "cells are shaded by rate: red low, yellow middling, green high; - means nothing applied".into(),
            ),
            Self::BulletinCovered { point_types: true } => l.pick(
                "每个区县都有数据，应测的点位类型齐全".into(),
                "every district has rows, at every point type required".into(),
            ),
            Self::BulletinCovered { point_types: false } => l.pick(
                "每个区县都有数据（数据未注明点位类型，未核对点位类型是否齐全）".into(),
                "every district has rows (the rows name no point type, so point types were not checked)".into(),
            ),
            Self::BulletinUnobserved { ids } => l.pick(
                format!("{} 条测评标准没有观测：{}", ids.len(), listed_by(l, ids, "、")),
                format!("{} criteria have no observation: {}", ids.len(), listed(l, ids)),
            ),
            Self::BulletinScore { score, full } => l.pick(
                format!("全市得分 {score} 分（满分 {full} 分）"),
                format!("the city scored {score} out of {full}"),
            ),
            // --- gates (issue 13) ---
            Self::GateRejects { rejected, read, max } => l.pick(
                format!("读入 {read} 行，剔除 {rejected} 行，超过 --max-rejects {max}"),
                format!("{rejected} of {read} rows read were rejected, more than --max-rejects {max}"),
            ),
            Self::GateVeto { city, districts } => {
                let mut zh = Vec::new();
                let mut en = Vec::new();
                if *city {
                    zh.push("全市".to_string());
                    en.push("the city".to_string());
                }
                if !districts.is_empty() {
                    zh.push(format!("区县 {}", listed_by(l, districts, "、")));
                    en.push(format!("district {}", listed(l, districts)));
                }
                l.pick(
                    format!("一票否决适用于{}（--fail-on-veto）", zh.join("、")),
                    format!("a veto applies to {} (--fail-on-veto)", en.join(" and ")),
                )
            }
            Self::GateBlack { districts } => l.pick(
                format!("黑榜有 {} 个区县：{}（--fail-on-black）", districts.len(), listed_by(l, districts, "、")),
                format!(
                    "{} district(s) on the black list: {} (--fail-on-black)",
                    districts.len(),
                    listed(l, districts)
                ),
            ),
            Self::BadMaxRejects { key, value } => {
                let value = quoted(value);
                l.pick(
                    format!("“{key}” 的值 “{value}” 无效；可为行数 N（如 3）或读入行数的百分比 P%（0% 至 100%，如 5%）"),
                    format!("invalid value \"{value}\" for `{key}`; accepted: a number of rows N (e.g. 3) or a percentage P% of the rows read (0% to 100%, e.g. 5%)"),
                )
            }
            // --- empty results (issue 13) ---
            Self::LevelTooDeep { level, levels } => l.pick(
                format!(
                    "--level {level}：测评体系的测评项目只有 {} 层（{}）；请用 --level 1 到 {}，测评标准请用 --by criterion",
                    levels.len(),
                    levels.join(" → "),
                    levels.len()
                ),
                format!(
                    "--level {level}: the standard's groups have {} levels ({}); use --level 1 to {}, or --by criterion for criteria",
                    levels.len(),
                    levels.join(" → "),
                    levels.len()
                ),
            ),
            // --- empty results (issue 13) ---
            Self::UnknownFilter { flag, value, known } => l.pick(
                format!(
                    "{flag} “{value}”：数据、项目文件和测评体系中都没有这个名称，筛选不到任何问题；已有：{}",
                    known.join("、")
                ),
                format!(
                    "{flag} “{value}”: no such name in the data, the project or the standard, so nothing would be listed; known: {}",
                    known.join(", ")
                ),
            ),
            // --- template (issue 13) ---
            Self::TemplateNoDistricts => l.pick(
                "不知道为哪些区县生成测评表；请用 --district 指定（可多次），或在 ceping.toml 中写 districts = [\"东区\", \"西区\"]".into(),
                "no districts to make the sheet for; give --district D (repeatable) or `districts = [\"东区\", \"西区\"]` in ceping.toml".into(),
            ),
            Self::TemplateFormat { given } => l.pick(
                format!("测评表不能写成 {}；可用格式：csv（.csv）、xlsx（.xlsx）", quoted(given)),
                format!("the inspection sheet cannot be written as {}; accepted: csv (.csv), xlsx (.xlsx)", quoted(given)),
            ),
            Self::TemplateDistrictName { name } => l.pick(
                format!("--district “{}” 不是区县名称：名称不能为空，也不能含不可见的格式字符", quoted(name)),
                format!("--district `{}` is not a district name: a name is not empty and has no invisible format character", quoted(name)),
            ),
            Self::TemplateExists { path } => l.pick(
                format!("{path} 已存在，其中可能有已填写的检查结果，没有覆盖；确需重新生成请加 --force，或换一个文件名"),
                format!("{path} exists and may hold filled-in results, so it was left as it is; add --force to replace it, or choose another name"),
            ),
            // --- out-dir (issue 13) ---
            Self::OutDirNotDir => l.pick(
                "--out-dir 须为目录，而它不是目录；请给出新目录、空目录或 ceping 先前写入的报告目录".into(),
                "--out-dir must be a directory, and this is not one; name a new or empty directory, or one ceping wrote before".into(),
            ),
            Self::OutDirNotSet => l.pick(
                "目录中已有文件，但没有 manifest.json，不是 ceping 写入的报告目录，为免覆盖而不写入；请给出新目录、空目录或 ceping 先前写入的报告目录".into(),
                "the directory has files but no manifest.json, so it is no set of reports ceping wrote, and is left alone; name a new or empty directory, or one ceping wrote before".into(),
            ),
            Self::OutDirHoldsInput { input } => l.pick(
                format!("--out-dir 会替换整个目录，而其中有本次读取的文件 {input}；请把报告写到别的目录"),
                format!("--out-dir replaces the whole directory, which holds {input}, a file this run reads; write the reports to another directory"),
            ),
            Self::OutDirHoldsOutput { output } => l.pick(
                format!("{output} 在 --out-dir 目录中，会随旧报告一起被替换；请写到别的目录"),
                format!("{output} is inside the --out-dir directory, which the new set replaces whole; write it to another directory"),
            ),
            // --- help and usage errors (issue 13) ---
            Self::UsageUnknownArgument { arg, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                let arg = quoted(arg);
                l.pick(
                    format!("未知的参数 “{arg}”{s}"),
                    format!("unexpected argument `{arg}`{s}"),
                )
            }
            Self::UsageUnknownSubcommand { name, suggestion } => {
                let s = suggest(l, suggestion.as_ref());
                let name = quoted(name);
                l.pick(
                    format!("未知的子命令 “{name}”{s}"),
                    format!("unrecognized subcommand `{name}`{s}"),
                )
            }
            Self::UsageInvalidValue {
                arg,
                value,
                accepted,
                reason,
                suggestion,
            } => {
                let value = quoted(value);
                let mut text = l.pick(
                    format!("“{arg}” 的值 “{value}” 无效"),
                    format!("invalid value `{value}` for `{arg}`"),
                );
                if let Some(reason) = reason {
                    let _ = write!(text, "{}{}", l.pick("：", ": "), reason.text(l));
                }
                text.push_str(&suggest(l, suggestion.as_ref()));
                if !accepted.is_empty() {
                    let _ = write!(text, "{}{}", l.pick("；可选：", "; accepted: "), list(accepted));
                }
                text
            }
            Self::ValueNotWhole => l.pick("须为整数".into(), "a whole number is needed".into()),
            Self::ValueNotNumber => l.pick("须为数字，如 85 或 87.5".into(), "a number is needed, e.g. 85 or 87.5".into()),
            Self::ValueAtLeast { min } => l.pick(format!("须不小于 {min}"), format!("it must be at least {min}")),
            Self::ValueInRange { range } => l.pick(format!("须在 {range} 范围内"), format!("it must be in {range}")),
            Self::ValueOther { text } => text.clone(),
            Self::UsageMissingValue { arg, accepted } => {
                let mut text = l.pick(
                    format!("“{arg}” 需要一个值"),
                    format!("`{arg}` needs a value"),
                );
                if !accepted.is_empty() {
                    let _ = write!(text, "{}{}", l.pick("；可选：", "; accepted: "), list(accepted));
                }
                text
            }
            Self::UsageMissingArguments { args } => l.pick(
                format!("缺少必需的参数：{}", args.join("、")),
                format!("required arguments not given: {}", list(args)),
            ),
            Self::UsageMissingSubcommand { command, accepted } => l.pick(
                format!("“{command}” 需要一个子命令；可选：{}", list(accepted)),
                format!("`{command}` needs a subcommand; accepted: {}", list(accepted)),
            ),
            Self::UsageConflict { arg, with } if with.is_empty() => l.pick(
                format!("参数 “{arg}” 不能与已给出的其他参数一起使用"),
                format!("`{arg}` cannot be used with one or more of the other arguments given"),
            ),
            Self::UsageConflict { arg, with } => l.pick(
                format!("参数 “{arg}” 不能与 “{}” 一起使用", with.join("”、“")),
                format!("`{arg}` cannot be used with `{}`", with.join("`, `")),
            ),
            Self::UsageRepeated { arg } => l.pick(
                format!("参数 “{arg}” 只能给出一次"),
                format!("`{arg}` cannot be given more than once"),
            ),
            Self::UsageTooManyValues { arg, value } => {
                let value = quoted(value);
                l.pick(
                    format!("“{arg}” 多出了一个值 “{value}”"),
                    format!("unexpected value `{value}` for `{arg}`; no more were expected"),
                )
            }
            Self::UsageNoEquals { arg } => l.pick(
                format!("“{arg}” 的值须用等号给出（{arg}=值）"),
                format!("`{arg}` takes its value after an equals sign ({arg}=VALUE)"),
            ),
            Self::UsageSee { usage, command } => l.pick(
                format!("用法：{usage}\n\n更多信息请运行 “{command} --help”。"),
                format!("Usage: {usage}\n\nFor more information, try `{command} --help`."),
            ),
            // --- init (issue 13) ---
            Self::InitUnknownStandard { value, shipped } => {
                let value = quoted(value);
                l.pick(
                    format!(
                        "--standard “{value}” 不是内置测评体系，也不是已有的文件或目录；内置测评体系：{}，或给出 .toml 文件或目录的路径",
                        list(shipped)
                    ),
                    format!(
                        "--standard `{value}` is neither a shipped standard nor an existing file or directory; shipped standards: {}, or give the path of a .toml file or a directory",
                        list(shipped)
                    ),
                )
            }
            Self::InitExists { dir: false } => l.pick(
                "已存在，未写入任何文件；加 --force 可覆盖".into(),
                "already exists, nothing was written; pass --force to replace it".into(),
            ),
            Self::InitExists { dir: true } => l.pick(
                "已存在，未写入任何文件；加 --force 可替换整个目录".into(),
                "already exists, nothing was written; pass --force to replace the whole directory".into(),
            ),
            Self::InitPathNotUtf8 => l.pick(
                "路径不是 UTF-8 文本，无法写入 ceping.toml；请改用 UTF-8 路径".into(),
                "the path is not UTF-8 text and cannot be written into ceping.toml; use a UTF-8 path".into(),
            ),
            Self::InitCreated { path } => l.pick(format!("已创建 {path}"), format!("created {path}")),
            Self::InitCopied { name, shipped, path } => l.pick(
                format!("已复制测评体系 “{name}”（内置 {shipped}）到 {path}，可按本市实际修改"),
                format!("copied the standard `{name}` (shipped {shipped}) to {path}, yours to edit"),
            ),
            Self::InitReferred { name, path } => l.pick(
                format!("测评体系 “{name}”：引用 {path}（未复制）"),
                format!("the standard `{name}`: referred to at {path} (not copied)"),
            ),
            Self::InitNext { cd, districts, year } => {
                let cd = cd.as_ref().map_or_else(String::new, |d| format!("  cd {d}\n"));
                let edit = l.pick(
                    "  在 ceping.toml 中填写 districts（区县名单）\n",
                    "  fill in districts (the city's districts) in ceping.toml\n",
                );
                let edit = if *districts { "" } else { edit };
                let template = format!("ceping template --round {year}年第1轮 -o data/第1轮.xlsx");
                l.pick(
                    format!("下一步：\n{cd}{edit}  {template}\n  （填写后）ceping score --round latest"),
                    format!("Next:\n{cd}{edit}  {template}\n  (once filled in) ceping score --round latest"),
                )
            }
            Self::InitHint => l.pick(
                "先运行 ceping init 创建项目，或用 --standard 指定".into(),
                "run `ceping init` first to create a project, or pass --standard".into(),
            ),
            Self::TemplateHint => l.pick(
                "还没有检查结果文件：可用 ceping template -o data/测评表.xlsx 生成空白测评表，填写后放在这里".into(),
                "no inspection results yet: `ceping template -o data/测评表.xlsx` writes a blank sheet to fill in and keep there".into(),
            ),
            // --- terminal (issue 13) ---
            Self::Progress {
                done,
                total,
                megabytes,
            } => l.pick(
                format!("读取中 {done}/{total} 个文件 · {megabytes} MB"),
                format!("reading {done}/{total} files · {megabytes} MB"),
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
    Description => ("内容", "Description"),
    Rank => ("排名", "Rank"),
    District => ("区县", "District"),
    Street => ("街道", "Street"),
    Points2 => ("得分", "Score"),
    Rate => ("得分率", "Rate"),
    Observations => ("观测数", "Observations"),
    Passes => ("合格", "Passes"),
    Fails => ("不合格", "Fails"),
    Severe => ("严重不合格", "Severe"),
    PenaltyPoints => ("负面清单扣分", "Penalties"),
    Band => ("红黑榜", "Band"),
    Red => ("红榜", "red"),
    Black => ("黑榜", "black"),
    Lost => ("失分", "Lost"),
    Earned => ("得分", "Earned"),
    Max => ("满分", "Max"),
    Problems => ("问题数", "Problems"),
    DistrictRanking => ("区县排名", "District ranking"),
    DepartmentScores => ("责任单位得分", "Department scores"),
    ItemScores => ("测评项目得分", "Item scores"),
    CriterionScores => ("测评标准得分", "Criterion scores"),
    StreetScores => ("街道得分", "Street scores"),
    PointTypeScores => ("点位类型得分", "Point type scores"),
    City => ("城市", "City"),
    Round => ("批次", "Round"),
    AllRounds => ("全部批次合并", "all rounds pooled"),
    CityScore => ("全市得分", "City score"),
    DistrictMean => ("各区县平均分", "Mean of districts"),
    Target => ("目标", "Target"),
    Met => ("已达到", "met"),
    NotMet => ("未达到", "not met"),
    Data => ("数据", "Data"),
    BeforePenalties => ("扣分前", "before penalties"),
    VetoApplied => ("一票否决", "VETO"),
    // --- coverage (issue 9) ---
    NoData => ("无数据", "no data"),
    // --- city figures (issue 9) ---
    PooledNote => ("全部点位合并计分", "pooled over all points"),
    MeanNote => ("各区县得分平均", "mean of the district scores"),
    PooledScore => ("全市合并计分", "Pooled city score"),
    // --- xlsx workbook (issue 10) ---
    TabSummary => ("概况", "Summary"),
    TabDistricts => ("区县", "Districts"),
    TabStreets => ("街道", "Streets"),
    TabPointTypes => ("点位类型", "Point types"),
    TabDepartments => ("责任单位", "Departments"),
    TabItems => ("测评项目", "Items"),
    TabCriteria => ("测评标准", "Criteria"),
    Field => ("项目", "Field"),
    Value => ("值", "Value"),
    StandardId => ("测评体系编号", "Standard ID"),
    Figure => ("全市得分口径", "City figure"),
    CityRate => ("全市得分率", "City rate"),
    Gap => ("与目标差距", "Gap to target"),
    RowsRead => ("读取行数", "Rows read"),
    RowsUsed => ("计分行数", "Rows used"),
    RowsRejected => ("拒绝行数", "Rows rejected"),
    Input => ("输入文件", "Input"),
    ScoreBeforePenalties => ("扣分前得分", "Score before penalties"),
    TargetMet => ("是否达到目标", "Target met"),
    // --- gaps (issue 11) ---
    Recoverable => ("可挽回分", "Recoverable"),
    Cumulative => ("累计", "Cumulative"),
    FailedIn => ("失分区县（不合格数）", "Districts (fails)"),
    Gains => ("各项可挽回合计", "Sum over its criteria"),
    ItsCriteria => ("失分标准", "Criteria losing points"),
    LosingCriteria => ("失分标准数", "Criteria losing"),
    CriterionGaps => ("可挽回分（按测评标准）", "Recoverable points by criterion"),
    DepartmentGaps => ("可挽回分（按责任单位）", "Recoverable points by department"),
    DistrictLosses => ("各区县失分最多的测评标准", "What each district loses most"),
    ItemGaps => ("可挽回分（按测评项目）", "Recoverable points by item"),
    TabGapCriteria => ("可挽回-标准", "Gaps by criterion"),
    TabGapDepartments => ("可挽回-单位", "Gaps by department"),
    TabGapDistricts => ("区县差距", "District gaps"),
    TabGapItems => ("可挽回-项目", "Gaps by item"),
    Summary => ("小结", "Summary"),
    Note => ("说明", "Note"),
    RecoverableAll => ("全部可挽回分", "Recoverable in all"),
    OwnRecoverable => ("本区县可挽回分", "Own recoverable"),
    // --- compare (issue 11) ---
    Rounds => ("对比批次", "Rounds"),
    Delta => ("变化", "Change"),
    DeltaWord => ("变化", "change"),
    RankChange => ("排名变化", "Rank change"),
    BandChange => ("红黑榜变化", "Band change"),
    Streak => ("连续上榜轮数", "Rounds in a row on band"),
    Entered => ("进入", "entered"),
    Left => ("退出", "left"),
    ChangeKind => ("变化类别", "Change"),
    NewlyFailing => ("新增不合格", "newly failing"),
    StillFailing => ("仍不合格", "still failing"),
    Fixed => ("转为合格", "fixed"),
    StillPassing => ("保持合格", "still passing"),
    NewlyObserved => ("新增测评", "newly observed"),
    NoLongerObserved => ("本轮未测评", "no longer observed"),
    NotObserved => ("两轮均未测评", "observed in neither"),
    DistrictCompare => ("区县得分对比", "District scores by round"),
    DepartmentCompare => ("责任单位得分对比", "Department scores by round"),
    CriterionCompare => ("测评标准变化", "Criteria changes"),
    DistrictCriterionCompare => ("各区县测评标准变化", "Criteria changes by district"),
    TabCriteriaByDistrict => ("区县标准变化", "Criteria by district"),
    CriteriaChanges => ("测评标准", "Criteria"),
    NewlyFailingIn => ("新增不合格的区县", "Newly failing in"),
    FixedIn => ("转为合格的区县", "Fixed in"),
    // --- problem ledger (issue 11) ---
    ProblemId => ("问题编号", "Problem ID"),
    Date => ("日期", "Date"),
    Point => ("点位", "Point"),
    CriterionText => ("标准内容", "Criterion text"),
    Severity => ("问题等级", "Severity"),
    Departments => ("责任单位", "Departments"),
    ProblemNote => ("问题描述", "Description"),
    Photo => ("照片", "Photo"),
    Inspector => ("检查人", "Inspector"),
    Deadline => ("整改期限", "Deadline"),
    Status => ("整改状态", "Status"),
    RectifiedOn => ("整改日期", "Rectified on"),
    OnTime => ("按期整改", "On time"),
    Flags => ("标记", "Flags"),
    OverdueDays => ("逾期天数", "Days overdue"),
    SourceLine => ("来源", "Source"),
    StatusOpen => ("未整改", "open"),
    StatusInProgress => ("整改中", "in progress"),
    StatusRectified => ("已整改", "rectified"),
    RecheckFailed => ("复查未通过", "re-inspection failed"),
    Relapsed => ("回潮", "relapsed"),
    Issued => ("问题数", "Issued"),
    Rectified => ("已整改", "Rectified"),
    RectifiedOnTime => ("按期整改", "On time"),
    Open => ("未整改", "Open"),
    Overdue => ("逾期", "Overdue"),
    RelapsedCount => ("回潮", "Relapsed"),
    RectifiedRate => ("整改率", "Rectified rate"),
    OnTimeRate => ("按期整改率", "On-time rate"),
    ProblemList => ("问题清单（整改台账）", "Problem ledger"),
    ProblemsByDistrict => ("各区县整改情况", "Rectification by district"),
    ProblemsByDepartment => ("各责任单位整改情况", "Rectification by department"),
    TabProblems => ("问题清单", "Problems"),
    AsOf => ("统计截至", "As of"),
    ShownProblems => ("列出问题", "Problems listed"),
    StatusFilterLabel => ("状态筛选", "Status filter"),
    SeverityFail => ("不合格", "fail"),
    SeveritySevere => ("严重不合格", "severe"),
    // --- empty results (issue 13) ---
    NoRows => ("（无）", "(none)"),
    NoStreets => ("（无：数据没有填写街道）", "(none: the rows name no street)"),
    NoPointTypes => ("（无：数据没有填写点位类型）", "(none: the rows name no point type)"),
    NoDepartments => ("（无：测评体系没有指定责任单位）", "(none: the standard names no department)"),
    NoProblems => ("（无：没有不合格的观测，没有问题）", "(none: no observation failed, so there are no problems)"),
    NoProblemsMatch => ("（无：没有符合筛选条件的问题）", "(none: no problem matches the filters)"),
    NoLostCriteria => ("（无：没有失分的测评标准）", "(none: no criterion lost points)"),
    // --- template (issue 13) ---
    TabTemplate => ("测评表", "Inspection sheet"),
    TabLists => ("下拉选项", "Lists"),
}

/// A rule kind's short name, e.g. 扣分 for `deduct`.
#[must_use]
pub fn rule_kind(kind: &str, lang: Lang) -> &str {
    match kind {
        "rate" => lang.pick("合格率", "rate"),
        "all" => lang.pick("全部合格", "all"),
        "deduct" => lang.pick("扣分", "deduct"),
        "quota" => lang.pick("按数量", "quota"),
        "graded" => lang.pick("评分", "graded"),
        other => other,
    }
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
            format!(
                "{} point(s) off per problem, down to 0",
                per_problem.normalize()
            ),
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
                "{required} required per observation, {} point(s) off per missing item, down to 0",
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

// --- scoring scope (issue 9) ---

/// A scoring scope in words, e.g. 按点位计分: in the policy, and beside a
/// criterion whose scope is not the policy's.
#[must_use]
pub fn describe_scope(scope: crate::standard::Scope, lang: Lang) -> &'static str {
    use crate::standard::Scope;
    match scope {
        Scope::Point => lang.pick("按点位计分", "scored per point"),
        Scope::Unit => lang.pick("按单位计分", "scored per unit"),
    }
}
