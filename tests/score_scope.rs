//! `ceping score` with `scope = "point"` (the default, issue 9): each place
//! (district, point) is scored alone by the criterion's rule and a unit earns
//! the mean over its places; every number is computed by hand.
//!
//! Criteria of [`common::RULES`] (`decimals = 2`, half away from zero):
//!
//! | id | 分值 | method   | rule                                  | lead (assist)   |
//! |----|------|----------|---------------------------------------|-----------------|
//! | R1 | 10   | field    | rate                                  | 城管局          |
//! | R2 | 10   | field    | rate, `full_at` 0.8                   | 城管局          |
//! | L1 | 5    | field    | all                                   | 住建局 (城管局) |
//! | D1 | 4    | field    | deduct 0.5 per problem                | 住建局          |
//! | Q1 | 6    | material | quota: 3 required, 1 per missing item | 文明办          |
//! | G1 | 5    | survey   | graded: A = 1, B = 0.8, C = 0.5       | 文明办          |
//!
//! Rows here are `区县,点位,标准编号,结果,问题数,数量,得分,日期,责任单位`:
//! two rows at one point differ by their date, so that neither is a
//! duplicate of the other.

mod common;

use common::{
    RULES, city_score as city, csv_with, district_score as district, earned, find, num, rules,
    scoring, unit_scope as unit,
};
use serde_json::Value;

const HEAD: &str = "区县,点位,标准编号,结果,问题数,数量,得分,日期,责任单位\n";

/// [`HEAD`] followed by `rows`, one per line.
fn data(rows: &[&str]) -> String {
    csv_with(HEAD, rows)
}

/// `ceping score -f json` of `rows` against `std`; it must succeed quietly.
fn json(std: &str, rows: &[&str]) -> Value {
    let run = scoring(std, data(rows)).args(["-f", "json"]).run();
    run.code(0).stderr("");
    run.json()
}

/// As [`json`], with `ceping.toml` holding `city_score = "district_mean"`.
fn json_mean(std: &str, rows: &[&str]) -> Value {
    let run = scoring(std, data(rows))
        .file("ceping.toml", "city_score = \"district_mean\"\n")
        .args(["-f", "json"])
        .run();
    run.code(0).stderr("");
    run.json()
}

fn mean(v: &Value) -> String {
    num(&v["city"]["district_mean"])
}

// --- 1. full_at on the unit's mean rate ---------------------------------------

/// R2 rows: 甲区 places at rates 1, 1, 1, 0.5, 0; 乙区 at 1, 1, 1, 0.5, 0.5.
const FULL_AT: [&str; 13] = [
    "甲区,p1,R2,合格,,,,,",
    "甲区,p2,R2,合格,,,,,",
    "甲区,p3,R2,合格,,,,,",
    "甲区,p4,R2,合格,,,,2024-03-01,",
    "甲区,p4,R2,不合格,,,,2024-03-02,",
    "甲区,p5,R2,不合格,,,,,",
    "乙区,p1,R2,合格,,,,,",
    "乙区,p2,R2,合格,,,,,",
    "乙区,p3,R2,合格,,,,,",
    "乙区,p4,R2,合格,,,,2024-03-01,",
    "乙区,p4,R2,不合格,,,,2024-03-02,",
    "乙区,p5,R2,合格,,,,2024-03-01,",
    "乙区,p5,R2,不合格,,,,2024-03-02,",
];

#[test]
fn full_at_applies_to_the_mean_of_the_places_rates() {
    // R2 (10, full_at 0.8).
    // 甲区: rate = (1 + 1 + 1 + 0.5 + 0) / 5 = 0.7 < 0.8 → 10 × 0.7 = 7 → 70.
    // 乙区: rate = (1 + 1 + 1 + 0.5 + 0.5) / 5 = 0.8 ≥ 0.8 → full 10 → 100,
    //       although p4 and p5 are each below 0.8.
    // City (pooled, 10 places): 7.5 / 10 = 0.75 < 0.8 → 7.5 → 75.
    // Mean of districts: (70 + 100) / 2 = 85.
    let v = json(RULES, &FULL_AT);
    assert_eq!(district(&v, "甲区"), "70.00");
    assert_eq!(district(&v, "乙区"), "100.00");
    assert_eq!(earned(&v, "R2"), "7.50");
    assert_eq!(city(&v), "75.00");
    assert_eq!(mean(&v), "85.00");
    // The old rule on the same rows: 甲区 4 passes / 6 rows → 6.667 → 66.67;
    // 乙区 5 / 7 = 0.714 < 0.8 → 7.143 → 71.43 (below its per-point 100).
    let old = json(&unit(RULES), &FULL_AT);
    assert_eq!(district(&old, "甲区"), "66.67");
    assert_eq!(district(&old, "乙区"), "71.43");
}

// --- 2. severe zeroes one place -----------------------------------------------

#[test]
fn a_severe_row_zeroes_its_place_only() {
    // 甲区 R1: p1, p2, p4 pass, p3 严重不合格 → (1 + 1 + 0 + 1) / 4 = 0.75 → 7.5.
    // 甲区 D1: p1 严重不合格 with 2 problems → 0; p2 a pass → 4 → mean 2.
    // 甲区 = 100 × (7.5 + 2) / 14 = 67.857… → 67.86.
    // Under scope = "unit" one severe row zeroes the criterion in the unit:
    // R1 = 0, D1 = 0 → 0.
    let rows = [
        "甲区,p1,R1,合格,,,,,",
        "甲区,p2,R1,合格,,,,,",
        "甲区,p3,R1,严重不合格,,,,,",
        "甲区,p4,R1,合格,,,,,",
        "甲区,p1,D1,严重不合格,2,,,,",
        "甲区,p2,D1,合格,,,,,",
    ];
    let v = json(RULES, &rows);
    assert_eq!(earned(&v, "R1"), "7.50");
    assert_eq!(earned(&v, "D1"), "2.00");
    assert_eq!(district(&v, "甲区"), "67.86");
    assert_eq!(v["city"]["severe"], 2);
    let old = json(&unit(RULES), &rows);
    assert_eq!(district(&old, "甲区"), "0.00");
}

// --- 3. deduct per place --------------------------------------------------------

/// D1 rows: 甲区 p1 9 problems, p2 1 problem, p3 a pass; 乙区 p1 2 problems.
const DEDUCT: [&str; 4] = [
    "甲区,p1,D1,不合格,9,,,,",
    "甲区,p2,D1,不合格,1,,,,",
    "甲区,p3,D1,合格,,,,,",
    "乙区,p1,D1,不合格,2,,,,",
];

#[test]
fn deduct_spends_each_points_budget_alone() {
    // D1 (4, 0.5 per problem, 扣完为止 per place).
    // 甲区: p1 4 − 4.5 → 0 (its 9 problems do not reach p2), p2 4 − 0.5 =
    //       3.5, p3 4 → (0 + 3.5 + 4) / 3 = 2.5 → 62.5.
    // 乙区: p1 4 − 1 = 3 → 75.
    // City: 甲区 p1 and 乙区 p1 are two places → (0 + 3.5 + 4 + 3) / 4 =
    //       2.625 → 2.63, score 100 × 2.625 / 4 = 65.625 → 65.63; 12 problems.
    // Mean of districts: (62.5 + 75) / 2 = 68.75.
    let v = json(RULES, &DEDUCT);
    assert_eq!(district(&v, "甲区"), "62.50");
    assert_eq!(district(&v, "乙区"), "75.00");
    let d1 = find(&v, "criteria", "D1");
    assert_eq!(d1["problems"], 12);
    assert_eq!(num(&d1["earned"]), "2.63");
    assert_eq!(city(&v), "65.63");
    assert_eq!(mean(&v), "68.75");
    // The old rule: 甲区 10 problems → 0; city 12 problems → 0.
    let old = json(&unit(RULES), &DEDUCT);
    assert_eq!(district(&old, "甲区"), "0.00");
    assert_eq!(city(&old), "0.00");
}

// --- 4. a criterion's own scope ---------------------------------------------------

#[test]
fn a_criterion_scope_of_unit_overrides_the_policy_for_that_criterion_only() {
    // 甲区 R1: p1, p2 pass, p3 two fails (two dates).
    //   point: (1 + 1 + 0) / 3 → 6.667; unit: 2 / 4 → 5.
    // 甲区 D1: DEDUCT's 甲区 rows. point: 2.5; unit: 10 problems → 0.
    // With `scope = "unit"` on D1 only: R1 6.667 + D1 0 → 100 × 6.667 / 14
    //   = 47.619… → 47.62.
    // All per point: (6.667 + 2.5) / 14 = 65.476… → 65.48.
    // All per unit: (5 + 0) / 14 = 35.714… → 35.71.
    let rows = [
        "甲区,p1,R1,合格,,,,,",
        "甲区,p2,R1,合格,,,,,",
        "甲区,p3,R1,不合格,,,,2024-03-01,",
        "甲区,p3,R1,不合格,,,,2024-03-02,",
        DEDUCT[0],
        DEDUCT[1],
        DEDUCT[2],
    ];
    let rule = "rule = { kind = \"deduct\", per_problem = 0.5 }\n";
    let std = rules(&[(rule, &format!("{rule}scope = \"unit\"\n"))]);
    let v = json(&std, &rows);
    assert_eq!(earned(&v, "R1"), "6.67");
    assert_eq!(earned(&v, "D1"), "0.00");
    assert_eq!(district(&v, "甲区"), "47.62");
    assert_eq!(district(&json(RULES, &rows), "甲区"), "65.48");
    assert_eq!(district(&json(&unit(RULES), &rows), "甲区"), "35.71");
}

// --- 5. several rows at one point ------------------------------------------------

#[test]
fn rows_at_one_point_are_one_place() {
    // 甲区 R1: p1 a pass and a fail (two dates) → 0.5, p2 a pass → 1
    //   → (0.5 + 1) / 2 = 0.75 → 7.5 (as three places it would be 6.667).
    // 甲区 D1: p1 two fails with 3 problems each → one place, 6 problems →
    //   4 − 3 = 1; p2 a pass → 4 → (1 + 4) / 2 = 2.5 (as three places, 3).
    // 甲区 = 100 × (7.5 + 2.5) / 14 = 71.428… → 71.43.
    let v = json(
        RULES,
        &[
            "甲区,p1,R1,合格,,,,2024-03-01,",
            "甲区,p1,R1,不合格,,,,2024-03-02,",
            "甲区,p2,R1,合格,,,,,",
            "甲区,p1,D1,不合格,3,,,2024-03-01,",
            "甲区,p1,D1,不合格,3,,,2024-03-02,",
            "甲区,p2,D1,合格,,,,,",
        ],
    );
    assert_eq!(earned(&v, "R1"), "7.50");
    assert_eq!(earned(&v, "D1"), "2.50");
    assert_eq!(district(&v, "甲区"), "71.43");
    assert_eq!(v["city"]["observations"], 6);
}

// --- 6. rows without a point ---------------------------------------------------------

#[test]
fn rows_without_a_point_are_one_place_per_district() {
    // Q1 (6, 3 required, 1 per missing): 甲区 counts 3 and 1 → one place,
    //   2 missing → 4; 乙区 count 0 → 3 missing → 3.
    //   City: mean of the districts' places (4 + 3) / 2 = 3.5 (pooled as
    //   one place it would be 6 − 5 = 1).
    // G1 (5, A = 1, B = 0.8, C = 0.5): 甲区 A, C → 5 × 0.75 = 3.75; 乙区 B → 4.
    //   City: (3.75 + 4) / 2 = 3.875 → 3.88 (all rows together: 3.833).
    // 甲区 = 100 × (4 + 3.75) / 11 = 70.454… → 70.45;
    // 乙区 = 100 × (3 + 4) / 11 = 63.636… → 63.64;
    // city = 100 × (3.5 + 3.875) / 11 = 67.045… → 67.05.
    let v = json(
        RULES,
        &[
            "甲区,,Q1,,,3,,2024-03-01,",
            "甲区,,Q1,,,1,,2024-03-02,",
            "乙区,,Q1,,,0,,,",
            "甲区,,G1,,,,A,2024-03-01,",
            "甲区,,G1,,,,C,2024-03-02,",
            "乙区,,G1,,,,B,,",
        ],
    );
    assert_eq!(district(&v, "甲区"), "70.45");
    assert_eq!(district(&v, "乙区"), "63.64");
    assert_eq!(earned(&v, "Q1"), "3.50");
    assert_eq!(earned(&v, "G1"), "3.88");
    assert_eq!(city(&v), "67.05");
}

// --- 7. all per place ---------------------------------------------------------------

#[test]
fn all_gives_each_place_full_marks_or_nothing() {
    // L1 (5): 甲区 p1 a pass → 5, p2 a pass and a fail → 0, p3 a pass → 5
    //   → 10 / 3 = 3.333 → 66.67 (the old rule: a fail → 0).
    // 乙区 p1 a pass → 5, p2 only 不适用 (no counted row: not a place) → 100.
    // City: (5 + 0 + 5 + 5) / 4 = 3.75 → 75; mean (66.667 + 100) / 2 = 83.33.
    let rows = [
        "甲区,p1,L1,合格,,,,,",
        "甲区,p2,L1,合格,,,,2024-03-01,",
        "甲区,p2,L1,不合格,,,,2024-03-02,",
        "甲区,p3,L1,合格,,,,,",
        "乙区,p1,L1,合格,,,,,",
        "乙区,p2,L1,不适用,,,,,",
    ];
    let v = json(RULES, &rows);
    assert_eq!(district(&v, "甲区"), "66.67");
    assert_eq!(district(&v, "乙区"), "100.00");
    assert_eq!(earned(&v, "L1"), "3.75");
    assert_eq!(city(&v), "75.00");
    assert_eq!(mean(&v), "83.33");
    assert_eq!(district(&json(&unit(RULES), &rows), "甲区"), "0.00");
}

// --- 8. the district mean as the headline ---------------------------------------------

/// R1 rows: 甲区 1 of 2 places pass, 乙区 3 of 4 (p4 owned by 交通局); a
/// penalty N1 (3 points) in 甲区.
const MEAN: [&str; 7] = [
    "甲区,p1,R1,合格,,,,,",
    "甲区,p2,R1,不合格,,,,,",
    "乙区,p1,R1,合格,,,,,",
    "乙区,p2,R1,合格,,,,,",
    "乙区,p3,R1,合格,,,,,",
    "乙区,p4,R1,不合格,,,,,交通局",
    "甲区,,N1,不合格,,,,,",
];

#[test]
fn the_district_mean_headline_is_the_mean_of_the_district_scores() {
    // Before penalties: 甲区 R1 1/2 → 5 → 50; 乙区 3/4 → 7.5 → 75.
    // After: 甲区 50 − 3 = 47; 乙区 75.
    // city.score = (47 + 75) / 2 = 61 exactly; before penalties
    //   (50 + 75) / 2 = 62.5.
    // Pooled: 4 of 6 places → 6.667 → 66.67 before penalties, 63.67 after.
    let v = json_mean(RULES, &MEAN);
    let c = &v["city"];
    assert_eq!(c["headline"], "district_mean");
    assert_eq!(district(&v, "甲区"), "47.00");
    assert_eq!(district(&v, "乙区"), "75.00");
    assert_eq!(num(&c["score"]), "61.00");
    assert_eq!(num(&c["district_mean"]), "61.00");
    assert_eq!(num(&c["score_before_penalties"]), "62.50");
    assert_eq!(num(&c["pooled"]), "63.67");
    // The penalties shown beside it: the mean of the districts' (3 + 0) / 2.
    assert_eq!(num(&c["penalties"]), "1.50");
    // Criteria view: R1 earned = mean over districts (5 + 7.5) / 2 = 6.25;
    // lost = mean of the districts' gains if R1 passed everywhere:
    //   甲区 +50, 乙区 +25 → 37.5.
    let r1 = find(&v, "criteria", "R1");
    assert_eq!(num(&r1["earned"]), "6.25");
    assert_eq!(num(&r1["lost"]), "37.50");
    // Departments: 城管局 (甲区 p1, p2; 乙区 p1..p3): 甲区 would gain 50,
    //   乙区 0 → (50 + 0) / 2 = 25.
    // 交通局 (乙区 p4): 甲区 0, 乙区 +25 → 12.5.
    let d = |name| num(&find(&v, "departments", name)["lost"]);
    assert_eq!(d("城管局"), "25.00");
    assert_eq!(d("交通局"), "12.50");
    // The same rows with the pooled headline: each department's pass would
    // raise 4/6 to 5/6 → +16.67.
    let p = json(RULES, &MEAN);
    assert_eq!(p["city"]["headline"], "pooled");
    assert_eq!(num(&p["city"]["score"]), "63.67");
    assert_eq!(num(&find(&p, "departments", "城管局")["lost"]), "16.67");
    assert_eq!(num(&find(&p, "departments", "交通局")["lost"]), "16.67");
}

#[test]
fn the_summary_names_the_headline_figure() {
    let pooled = scoring(RULES, data(&MEAN)).args(["--lang", "en"]).run();
    pooled
        .code(0)
        .stdout_has("City score: 63.67 (pooled over all points")
        .stdout_has("Mean of districts: 61.00");
    let mean = scoring(RULES, data(&MEAN))
        .file("ceping.toml", "city_score = \"district_mean\"\n")
        .args(["--lang", "en"])
        .run();
    mean.code(0)
        .stdout_has("City score: 61.00 (mean of the district scores")
        .stdout_has("Pooled city score: 63.67");
}

// --- 9. departments per point ----------------------------------------------------------

#[test]
fn departments_are_scored_per_point_and_lose_what_their_rows_cost() {
    // 甲区 D1 (住建局): p1 3 problems → 2.5, p2 1 problem → 3.5 → 3.
    // 乙区 R1: p1 a fail (城管局), p2 a fail owned by 交通局, p3 a pass
    //   (城管局) → 1/3 → 3.333.
    // City (pooled) = 100 × (3 + 3.333) / 14 = 45.238… → 45.24.
    // Department scores, from their own rows place by place:
    //   住建局 D1 (2.5 + 3.5) / 2 = 3 → 75; 城管局 R1 (0 + 1) / 2 → 50;
    //   交通局 R1 0 → 0.
    // Lost (the city's rise if the department's rows passed):
    //   城管局: R1 2/3 → 6.667, city 100 × 9.667 / 14 → +100 × 3.333 / 14
    //     = 23.809… → 23.81; 交通局 likewise 23.81;
    //   住建局: D1 → 4, +100 × 1 / 14 = 7.142… → 7.14.
    let v = json(
        RULES,
        &[
            "甲区,p1,D1,不合格,3,,,,",
            "甲区,p2,D1,不合格,1,,,,",
            "乙区,p1,R1,不合格,,,,,",
            "乙区,p2,R1,不合格,,,,,交通局",
            "乙区,p3,R1,合格,,,,,",
        ],
    );
    assert_eq!(city(&v), "45.24");
    let dep = |name| find(&v, "departments", name);
    assert_eq!(num(&dep("住建局")["score"]), "75.00");
    assert_eq!(num(&dep("城管局")["score"]), "50.00");
    assert_eq!(num(&dep("交通局")["score"]), "0.00");
    assert_eq!(dep("城管局")["observations"], 2);
    assert_eq!(dep("交通局")["observations"], 1);
    assert_eq!(num(&dep("城管局")["lost"]), "23.81");
    assert_eq!(num(&dep("交通局")["lost"]), "23.81");
    assert_eq!(num(&dep("住建局")["lost"]), "7.14");
}
