//! The Chinese `--help`: every command's about and after-help, every
//! argument's help, every possible value's help, and the words clap prints
//! around them. The English help is the doc comments in `cli.rs`.
//!
//! Keys: the command's path (`""` for `ceping` itself, `"score"`), then
//! `@about`, `@after` (the after-help), an argument id (`by`, `skip_invalid`),
//! or `id=value` for a possible value (`by=district`). An arm with `_` as
//! the path serves every command that has no arm of its own.
//!
//! A new flag or command needs one arm here: `("score", "quiet") => "…",`
//! (or `(_, "quiet")` when several commands share it). The test
//! `cli::localize::tests::every_text_has_chinese` fails until it is there.

/// clap's default help template, the usage heading in Chinese.
pub const TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法: {usage}\n\n{all-args}{after-help}";
/// The heading of the options.
pub const OPTIONS: &str = "选项";
/// The heading of the positional arguments.
pub const ARGUMENTS: &str = "参数";
/// The heading of the subcommands.
pub const COMMANDS: &str = "命令";
/// `[OPTIONS]` in a usage line.
pub const OPTIONS_PLACEHOLDER: &str = "[选项]";
/// `<COMMAND>` in a usage line.
pub const COMMAND_PLACEHOLDER: &str = "命令";
/// The heading of an argument's possible values, in the long help.
pub const POSSIBLE_VALUES: &str = "可选值";
/// Before an argument's default value.
pub const DEFAULT: &str = "默认";
/// Before the environment variable an argument is read from.
pub const ENV: &str = "环境变量";
/// After the short help of `-h, --help` when a long help exists.
pub const SEE_MORE: &str = "（--help 显示详细内容）";
/// After the long help of `-h, --help`.
pub const SEE_SUMMARY: &str = "（-h 显示摘要）";

/// The Chinese text for `key` of the command at `command`, if any.
#[must_use]
#[allow(
    clippy::too_many_lines,
    clippy::match_same_arms,
    reason = "a catalog: one arm per text, same texts kept per key"
)]
pub fn help_zh(command: &str, key: &str) -> Option<&'static str> {
    Some(match (command, key) {
        // --- ceping ---
        ("", "@about") => {
            "ceping（测评）为全国文明城市测评计分：从 TOML 读取测评体系，从 CSV 或 Excel \
             读取检查结果，给出全市、区县和责任单位的得分"
        }
        ("", "@after") => {
            "退出码:\n  \
             0  成功\n  \
             1  要求的门槛未达到：--fail-below、--require-complete 等（报告照常写出）\n  \
             2  输入或用法错误，附诊断信息\n  \
             3  读写错误或内部错误\n  \
             129, 130, 143  被 SIGHUP、SIGINT、SIGTERM 中断；不留下任何文件"
        }
        ("", "version") => "显示版本",

        // --- check ---
        ("check", "@about") => "校验测评体系，列出发现的每个问题",
        ("check", "@after") => "示例:\n  ceping check --standard standards/national-prefecture",
        ("check" | "standard", "standard") => {
            "测评体系：一个 .toml 文件，或存放多个 .toml 文件的目录（按文件名顺序读取）\
             [默认：./ceping.toml 中的 `standard`]"
        }

        // --- standard ---
        ("standard", "@about") => "查看测评体系：结构树、计分规则和汇总",
        ("standard", "@after") => {
            "示例:\n  ceping standard --standard standards/monthly-check\n  \
             ceping standard --standard standards/national-prefecture --format csv -o 测评体系.csv"
        }

        // --- score ---
        ("score", "@about") => "计算测评得分：全市、区县、责任单位、测评项目",
        ("score", "@after") => {
            "示例:\n  \
             ceping score                       # 输入文件和测评体系取自 ./ceping.toml\n  \
             ceping score --round latest --by department\n  \
             ceping score data/ -s standards/national-prefecture --round all -f json -o score.json\n  \
             ceping score --skip-invalid --rejects rejected.csv --fail-below 85"
        }
        ("score", "round") => {
            "计分的批次：批次名称、`latest`（最新）或 `all`（合并计分）。数据跨多个批次时必须给出"
        }
        ("score", "by=district") => "区县排名",
        ("score", "by=department") => "责任单位得分和失分",
        ("score", "by=item") => "--level 所指层级的测评项目/指标",
        ("score", "by=criterion") => "每条测评标准",
        ("score", "by=street") => "街道/乡镇",
        ("score", "by=point-type") => "点位类型",
        ("score", "level") => "`--by item` 使用的层级（1 = 测评项目，2 = 测评指标，……）",
        ("score", "fail_below") => "全市得分低于 X 时以退出码 1 退出（报告照常写出）",
        ("score", "require_complete") => {
            "数据缺失时以退出码 1 退出：ceping.toml 中的区县在该批次没有数据，或区县缺少\
             测评体系要求的某类点位的结果（报告照常写出）"
        }
        ("score", "max_rejects") => {
            "与 --skip-invalid 一起使用：被拒绝的行多于 N 行，或多于读入行数的 P% 时，\
             以退出码 1 退出（报告照常写出）"
        }
        ("score", "fail_on_veto") => "全市或任一区县触发一票否决时以退出码 1 退出（报告照常写出）",
        ("score", "fail_on_black") => "任一区县上黑榜时以退出码 1 退出（报告照常写出）",
        ("score", "rejects") => {
            "与 --skip-invalid 一起使用：把每个被拒绝的行原样写入 FILE（另加文件、行号和原因三列）"
        }

        // --- gaps ---
        ("gaps", "@about") => "查找差距：与目标分的差距，可挽回的分数",
        ("gaps", "@after") => {
            "示例:\n  ceping gaps --round latest --target 90\n  \
             ceping gaps --by department --top 10\n  \
             ceping gaps data/ -s standards/national-prefecture --round all -o 差距.xlsx"
        }
        ("gaps", "round") => {
            "分析的批次：批次名称、`latest`（最新）或 `all`（合并计分）。数据跨多个批次时必须给出"
        }
        ("gaps" | "report", "target") => "目标分 [默认：ceping.toml 中的 `target`]",
        ("gaps", "by=criterion") => "每条测评标准，可挽回分数最多的在前，附累计值",
        ("gaps", "by=department") => "责任单位：失分，旁列其负责的测评标准失分之和",
        ("gaps", "by=district") => "每个区县与目标分的差距，以及失分最多之处",
        ("gaps", "by=item") => "测评项目/指标：结构树，逐级汇总",
        ("gaps", "top") => {
            "每个列表至多 N 项（测评标准、责任单位及其测评标准、各区县的测评标准、\
             各项目的下级项目）；摘要列出前 N 项"
        }

        // --- compare ---
        ("compare", "@about") => {
            "对比各批次：得分、排名、红黑榜，以及发生变化的测评标准\n\n\
             可以给出检查结果文件和 `--round 旧批次 --round 新批次`（只读一遍），\
             也可以给出两个或更多由 `ceping score -f json` 保存的报告（.json），按时间从早到晚"
        }
        ("compare", "@after") => {
            "示例:\n  ceping compare --round 2024年第1轮 --round 2024年第2轮\n  \
             ceping compare --round 第1轮 --round 第2轮 --round 第3轮 --by district   # 连续上黑榜\n  \
             ceping compare 第1轮.json 第2轮.json --by criterion   # 由 score -f json 保存的报告"
        }
        ("compare", "round") => {
            "要对比的批次，按时间从早到晚；至少给出两次。变化按最后两个批次计算；\
             红黑榜的连续次数（连续上黑榜）按全部批次计算"
        }
        ("compare", "by=district") => "各批次的区县得分、排名和红黑榜",
        ("compare", "by=department") => "各批次的责任单位得分和排名",
        ("compare", "by=criterion") => "每条测评标准：新增不合格、已整改……全市和各区县",

        // --- problems ---
        ("problems", "@about") => {
            "列出发现的问题（整改台账）：整改期限、状态、逾期天数，以及各区县和责任单位的整改率"
        }
        ("problems", "@after") => {
            "示例:\n  ceping problems --round all --as-of 2024-06-30\n  \
             ceping problems --status overdue --department 市城管局\n  \
             ceping problems --round all -o 整改台账.xlsx"
        }
        ("problems", "round") => {
            "列出哪个批次的问题：批次名称、`latest`（最新）或 `all`（全部）。数据跨多个批次时\
             必须给出；之后批次的数据仍用来判断问题是否已整改"
        }
        ("problems", "as_of") => {
            "台账的统计截止日期（如 2024-06-30）：晚于该日期的行不计入，逾期天数计算到该日 \
             [默认：今天，北京时间]"
        }
        ("problems", "department") => {
            "只列出涉及该责任单位的问题（行本身的责任单位，没有时为该测评标准的牵头和配合单位）"
        }
        ("problems", "district") => "只列出该区县的问题",
        ("problems", "status") => "列表显示哪些问题（汇总统计全部问题）",
        ("problems", "status=open") => "未整改（未整改、整改中），无论是否逾期",
        ("problems", "status=overdue") => "超过整改期限仍未整改",
        ("problems", "status=rectified") => "已整改",
        ("problems", "status=relapsed") => "已整改，但在之后的批次再次不合格（回潮）",
        ("problems", "status=all") => "全部问题",

        // --- report ---
        ("report", "@about") => {
            "生成本批次的通报：概况、区县排名、责任单位、失分最多的测评标准、各项目得分率、\
             整改情况、说明（带图表的 HTML，或 Markdown）"
        }
        ("report", "@after") => {
            "示例:\n  ceping report --round latest --compare-with 2024年第1轮 -o 通报.html\n  \
             ceping report --round latest --as-of 2024-06-10 -o 通报.md\n  \
             ceping report --compare-with 第1轮.json -o 通报.html   # 由 score -f json 保存的报告"
        }
        ("report", "round") => {
            "通报的批次：批次名称、`latest`（最新）或 `all`（全部；数据有多个批次时必须给出）"
        }
        ("report", "compare_with") => {
            "与同一输入中的这个批次对比，或与 `ceping score -f json` 保存的报告（.json 文件）对比"
        }
        ("report", "as_of") => "整改情况统计到的日期（YYYY-MM-DD；默认：今天，北京时间）",
        ("report", "format") => {
            "格式：html、md 或 docx（默认：由 -o 的扩展名决定，否则为 md）；json 写出通报的数据模型"
        }
        ("report", "output") => "写入 FILE（.html、.md、.docx、.json），而不是标准输出",

        // --- completions, man, help ---
        ("completions", "@about") => "在标准输出打印 shell 补全脚本",
        ("completions", "@after") => {
            "示例:\n  \
             ceping completions bash > ~/.local/share/bash-completion/completions/ceping\n  \
             ceping completions zsh > ~/.zfunc/_ceping\n  \
             ceping completions fish > ~/.config/fish/completions/ceping.fish\n  \
             ceping completions powershell >> $PROFILE"
        }
        ("completions", "shell") => "要补全的 shell",
        ("man", "@about") => "在标准输出打印手册页（roff）",
        ("man", "@after") => {
            "示例:\n  ceping man > ~/.local/share/man/man1/ceping.1\n  ceping man | man -l -"
        }
        ("help", "@about") => "显示本帮助，或指定子命令的帮助",

        // --- score --out-dir (issue 13) ---
        ("score", "out_dir") => {
            "从一次读取把整套报告一次写入 DIR：score、gaps（.json .xlsx .md）、problems（.json .xlsx）、\
             bulletin.html 和 manifest.json（输入与各文件的 SHA-256）。运行失败时保留原来的整套报告；\
             未通过检查门槛时照常写出"
        }
        ("score", "as_of") => {
            "与 --out-dir 同用：整改台账统计到的日期（2024-06-30）[默认：今天，北京时间]"
        }
        ("score", "target") => {
            "与 --out-dir 同用：差距和通报的目标分 [默认：ceping.toml 中的 `target`]"
        }

        // --- init (issue 13) ---
        ("init", "@about") => {
            "创建城市项目：ceping.toml、测评体系和 data/ 目录\n\n\
             写出 DIR/ceping.toml（每一项都有中英文说明），把内置的测评体系复制到 DIR/standard/\
             （或引用 --standard PATH 所指的测评体系），并创建 DIR/data/。不加 --force 决不替换已有文件。"
        }
        ("init", "@after") => {
            "示例:\n  \
             ceping init 商丘 --city 商丘市 --districts 梁园区,睢阳区,永城市\n  \
             ceping init --standard monthly-check\n  \
             ceping init --standard ../standards/our-standard --force"
        }
        ("init", "dir") => "项目目录，不存在时创建",
        ("init", "standard") => {
            "测评体系：内置的（national-prefecture、monthly-check），复制到 DIR/standard/ 供本市修改；\
             或一个 .toml 文件或其目录的路径 PATH，由 ceping.toml 引用"
        }
        ("init", "city") => "城市名称，显示在报告中",
        ("init", "districts") => "本市的区县，用逗号分隔（`,` `，` 或 `、`）",
        ("init", "force") => "替换已有的 ceping.toml（复制内置测评体系时也替换 DIR/standard/）",

        // --- template (issue 13) ---
        ("template", "@about") => {
            "生成空白测评表（供填写后计分）\n\n\
             实地考察的测评标准每个区县、每种点位类型一行，其他测评标准每个区县一行，\
             取自测评体系和区县名单。填写（点位、日期、结果……）后可直接由 `ceping score` \
             读取。工作簿中 结果、区县 和 点位类型 有下拉选项。"
        }
        ("template", "@after") => {
            "示例:\n  \
             ceping template --round 2024年第1轮 -o data/测评表.xlsx\n  \
             ceping template -s standards/national-prefecture --district 东区 --district 西区 -o 测评表.csv"
        }
        ("template", "round") => "写入每一行的批次，也是工作表的名称 [默认：批次列留空]",
        ("template", "district") => {
            "为这个区县生成行，按给出的顺序（可多次给出；ceping.toml 有 `districts` 时须是其中之一）\
             [默认：ceping.toml 中的 `districts`]"
        }
        ("template", "format") => "格式 [默认：由 -o 的扩展名决定，否则为 csv]",
        ("template", "format=csv") => "CSV（带 BOM 的 UTF-8，或用 --output-encoding gbk 写成 GBK）",
        ("template", "format=xlsx") => "Excel 工作簿，带下拉选项（在终端上需要 -o 文件.xlsx）",
        ("template", "output") => "写入 FILE（.csv、.xlsx），而不是标准输出",
        ("template", "output_encoding") => "写出的 CSV 的编码",
        ("template", "force") => {
            "FILE 已存在时替换它（其中可能有测评员已填写的内容，否则决不替换）"
        }

        // --- shared by several commands ---
        (_, "help") => "显示帮助",
        (_, "lang") => "报告和诊断信息的语言：zh（中文，默认）或 en（英文）",
        (_, "lang=zh") => "中文（默认）",
        (_, "lang=en") => "英文",
        (_, "ascii") => "用纯 ASCII 字符画表格边框",
        // --- terminal (issue 13) ---
        (_, "quiet") => {
            "标准错误输出只显示错误：不显示提示、警告和汇总（未通过检查门槛的原因仍会显示；报告不变）"
        }
        (_, "color") => {
            "终端上的颜色：auto（输出到终端且 `NO_COLOR` 未设置或为空时；`CLICOLOR_FORCE=1` 强制着色）、\
             always 或 never。写入文件时从不着色"
        }
        (_, "color=auto") => "输出到终端且 `NO_COLOR` 未设置或为空时着色",
        (_, "color=always") => "总是着色（标准输出和标准错误；-o 写出的文件除外）",
        (_, "color=never") => "从不着色",
        (_, "width") => {
            "把表格排进 N 列：长文字换行，仍放不下的表格把每一行显示为一个小表，每列一行 \
             [默认：标准输出是终端时取终端宽度；文件和管道从不换行]"
        }
        // --- inputs, shared by score, gaps, compare, problems, report ---
        (_, "inputs") => {
            "检查结果文件（.csv、.xlsx、.xlsm、.xls、.ods）、目录（读取其中每个这样的文件，\
             按名称排序）或 `-` 表示标准输入（CSV）[默认：ceping.toml 中的 `inputs`]"
        }
        (_, "config") => "项目文件 [默认：./ceping.toml（如果存在）]",
        (_, "standard") => "测评体系 [默认：ceping.toml 中的 `standard`]",
        (_, "skip_invalid") => "对有效的行计分，把无效的行报告为警告，而不是整体失败",
        (_, "encoding") => {
            "指定输入文件的编码（utf-8、gbk、gb18030、utf-16le 等）[默认：逐个文件检测]"
        }
        (_, "delimiter") => "指定分隔符：`,` `;` `|` 或 `tab` [默认：逐个文件检测]",
        (_, "threads") => {
            "工作线程数；0 表示每个核心一个。每个核心至多 4 个：更大的 N 会被调低，\
             并给出提示 [默认：核心数]"
        }
        (_, "city") => "城市名称，显示在报告中 [默认：ceping.toml 中的 `city`]",
        (_, "sheet") => "只读取每个工作簿的这个工作表 [默认：前几行含有表头的每个工作表]",
        (_, "header_row") => {
            "表头在第 N 行（从 1 开始，与 Excel 的行号一致）[默认：前 10 行中第一个写有 \
             区县、测评标准 和 结果 的行]"
        }

        // --- output, shared by standard, score, gaps, compare, problems ---
        (_, "format") => "输出格式 [默认：由 -o 的扩展名决定，否则为 table]",
        (_, "format=table") => "在终端中对齐的表格",
        (_, "format=json") => "JSON，键名为固定的英文，数值为数字",
        (_, "format=csv") => "CSV（带 BOM 的 UTF-8，中文 Excel 可直接打开）：主表",
        (_, "format=md") => "Markdown 表格，用于报告和聊天",
        (_, "format=xlsx") => "Excel 工作簿：每个视图一个工作表（在终端上需要 -o 文件.xlsx）",
        (_, "format=html") => "独立的 HTML 页面：表格（ceping report：带图表的通报）",
        (_, "format=docx") => {
            "Word 文档（在终端上需要 -o 文件.docx）：表格（ceping report：通报，图表以表格呈现）"
        }
        (_, "output") => "把报告写入 FILE（原子写入），而不是标准输出；`-` 表示标准输出",
        (_, "output_encoding") => "写出的 CSV 的编码（报告，以及被拒绝的行）",
        (_, "output_encoding=utf-8") => {
            "带字节顺序标记（BOM）的 UTF-8：Excel 2016 及以后版本、WPS、LibreOffice"
        }
        (_, "output_encoding=gbk") => {
            "GBK，用于忽略字节顺序标记的 Excel 或 LibreOffice；按 GB18030 写出：GBK 有的字符\
             与 GBK 相同，GBK 没有的少数字符也得以保留"
        }
        (_, "by") => "table、csv 和 md 输出显示的视图（json 和 xlsx 包含所有视图）",
        _ => return None,
    })
}
