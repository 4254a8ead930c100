//! Pages to look at the bulletin's bar chart: one with 3 districts and one
//! with 40, written as HTML into a folder, to render in a browser at A4
//! width (see `src/render/chart.rs`).
//!
//! ```text
//! cargo run --example chart -- OUT_DIR
//! ```

use std::process::ExitCode;

use ceping::render::chart::{Bar, BarChart, Fill, bar_chart_with_legend};
use rust_decimal::Decimal;

const NAMES: [&str; 20] = [
    "城乡一体化示范区",
    "高新技术产业开发区",
    "经济技术开发区",
    "东城区",
    "西城区",
    "南湖区",
    "北塘区",
    "临港新城",
    "滨江区",
    "上城区",
    "下沙街道",
    "江北新区",
    "望江县",
    "青山湖风景名胜区",
    "龙泉驿区",
    "新区",
    "天府新区直管区",
    "九龙坡区",
    "沙坪坝区",
    "渝中区",
];

fn chart(count: usize) -> BarChart {
    let mut bars: Vec<Bar> = (0..count)
        .map(|i| {
            let name = NAMES[i % NAMES.len()];
            let label = if i < NAMES.len() {
                name.to_owned()
            } else {
                format!("{name}{}", i / NAMES.len() + 1)
            };
            // Values near and below a target of 85, one at 100 and one at
            // 50 to check proportion.
            let tenths = match i {
                0 => 1000,
                1 => 500,
                _ => 930 - i64::try_from(i * 37 % 160).unwrap_or(0),
            };
            let value = Decimal::new(tenths, 1);
            Bar {
                label,
                value,
                text: format!("{value:.1}"),
                fill: Fill::Plain,
            }
        })
        .collect();
    bars.sort_by_key(|b| std::cmp::Reverse(b.value));
    let n = bars.len();
    let band = (n / 5).max(1);
    for (i, bar) in bars.iter_mut().enumerate() {
        if i < band {
            bar.fill = Fill::Red;
        } else if i + band >= n {
            bar.fill = Fill::Black;
        }
    }
    BarChart {
        title: format!("{count} 个区县 综合得分"),
        bars,
        max: Decimal::from(100),
        target: Some((Decimal::from(85), "目标 85".to_owned())),
    }
}

/// Long, Latin and odd values: a label as long as a department's full
/// name, a value below 0 and one past the scale's end.
fn odd() -> BarChart {
    let bar = |label: &str, value: i64, fill| Bar {
        label: label.to_owned(),
        value: Decimal::from(value),
        text: format!("{value}.0"),
        fill,
    };
    BarChart {
        title: "odd".to_owned(),
        bars: vec![
            bar(
                "Economic and Technological Development Zone",
                120,
                Fill::Red,
            ),
            bar("城乡一体化示范区管理委员会社会事业局", 84, Fill::Plain),
            bar("MWMWMWMWMW", 3, Fill::Black),
            bar("负数区", -5, Fill::Black),
        ],
        max: Decimal::from(100),
        target: Some((Decimal::from(95), "创建目标 95 分".to_owned())),
    }
}

fn main() -> ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: chart OUT_DIR");
        return ExitCode::from(2);
    };
    let legend = [
        (Fill::Red, "红榜".to_owned()),
        (Fill::Black, "黑榜".to_owned()),
        (Fill::Plain, "其他".to_owned()),
    ];
    for count in [3, 40, 0] {
        let svg = bar_chart_with_legend(&if count == 0 { odd() } else { chart(count) }, &legend);
        let page = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>chart</title>\
             <style>body{{margin:0 auto;padding:16px;max-width:680px;font-family:sans-serif}}</style>\
             </head><body><h2>区县排名（{count} 个）</h2>{svg}<p>下一段文字。</p></body></html>"
        );
        let path = std::path::Path::new(&dir).join(format!("chart-{count}.html"));
        if let Err(e) = std::fs::write(&path, page) {
            eprintln!("chart: {}: {e}", path.display());
            return ExitCode::from(3);
        }
    }
    ExitCode::SUCCESS
}
