//! `ceping score`: every scoring definition of the contract, computed by hand.
//!
//! Each test scores a few rows against [`common::RULES`] (its table of
//! criteria is repeated here) and checks the JSON numbers, which are written
//! exactly as rounded (`decimals = 2`, half away from zero):
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
//! Rows are `区县,点位,标准编号,结果,问题数,数量,得分`; every row has its own
//! point so that none is a duplicate of another.

mod common;

use common::{
    RULES, Run, Test, city_score as city, csv, district_score as district, earned, find, num,
    rules, rules_weighted, scoring, unit_scope as unit,
};
use serde_json::Value;

/// `ceping score -f json` of `rows` against `std`; it must succeed quietly.
fn json(std: &str, rows: &[&str]) -> Value {
    let run = scoring(std, csv(rows)).args(["-f", "json"]).run();
    run.code(0).stderr("");
    run.json()
}

// --- rules ------------------------------------------------------------------

#[test]
fn rate_is_score_times_passes_over_observations() {
    // 甲区 R1: 3 passes in 4 observations (不适用 left out) → 10 × 3/4 = 7.5.
    // Only R1 applies, so the unit score is 100 × 7.5 / 10 = 75.
    let v = json(
        RULES,
        &[
            "甲区,p1,R1,合格,,,",
            "甲区,p2,R1,合格,,,",
            "甲区,p3,R1,不合格,,,",
            "甲区,p4,R1,合格,,,",
            "甲区,p5,R1,不适用,,,",
        ],
    );
    assert_eq!(earned(&v, "R1"), "7.50");
    assert_eq!(num(&find(&v, "criteria", "R1")["rate"]), "75.00");
    assert_eq!(district(&v, "甲区"), "75.00");
    assert_eq!(city(&v), "75.00");
    let c = &v["city"];
    assert_eq!(
        [
            &c["observations"],
            &c["passes"],
            &c["fails"],
            &c["not_applicable"]
        ],
        [4, 3, 1, 1]
    );
}

#[test]
fn rate_with_full_at_gives_full_marks_at_the_threshold() {
    // R2 (full_at 0.8): 甲区 4/5 = 0.8 ≥ 0.8 → 10 → 100;
    // 乙区 3/4 = 0.75 → 10 × 3/4 = 7.5 → 75;
    // city pooled 7/9 = 0.777… < 0.8 → 10 × 7/9 = 7.777… → 7.78, score 77.78.
    let mut rows = vec![
        "甲区,p1,R2,合格,,,",
        "甲区,p2,R2,合格,,,",
        "甲区,p3,R2,合格,,,",
        "甲区,p4,R2,合格,,,",
        "甲区,p5,R2,不合格,,,",
    ];
    rows.extend([
        "乙区,p1,R2,合格,,,",
        "乙区,p2,R2,合格,,,",
        "乙区,p3,R2,合格,,,",
        "乙区,p4,R2,不合格,,,",
    ]);
    let v = json(RULES, &rows);
    assert_eq!(district(&v, "甲区"), "100.00");
    assert_eq!(district(&v, "乙区"), "75.00");
    assert_eq!(earned(&v, "R2"), "7.78");
    assert_eq!(city(&v), "77.78");
    // Mean of the districts: (100 + 75) / 2.
    assert_eq!(num(&v["city"]["district_mean"]), "87.50");
}

#[test]
fn all_gives_full_marks_only_without_a_fail() {
    // L1: 甲区 3 passes → 5 → 100; 乙区 one fail → 0; city has a fail → 0.
    let v = json(
        &unit(RULES),
        &[
            "甲区,p1,L1,合格,,,",
            "甲区,p2,L1,合格,,,",
            "甲区,p3,L1,√,,,",
            "乙区,p1,L1,合格,,,",
            "乙区,p2,L1,合格,,,",
            "乙区,p3,L1,×,,,",
        ],
    );
    assert_eq!(district(&v, "甲区"), "100.00");
    assert_eq!(district(&v, "乙区"), "0.00");
    assert_eq!(earned(&v, "L1"), "0.00");
    assert_eq!(city(&v), "0.00");
}

#[test]
fn deduct_counts_the_problems_of_failing_rows_and_accumulates_in_the_city() {
    // D1 (4 points, 0.5 per problem).
    // 甲区: a fail with 3 problems, a fail without a count (counts 1), a pass
    //       whose problems (5) are not counted → 4 problems → 4 − 2 = 2 → 50.
    // 乙区: a fail with 2 problems → 4 − 1 = 3 → 75.
    // City: 4 + 2 = 6 problems → 4 − 3 = 1 → 25, below either district.
    let v = json(
        &unit(RULES),
        &[
            "甲区,p1,D1,不合格,3,,",
            "甲区,p2,D1,不合格,,,",
            "甲区,p3,D1,合格,5,,",
            "乙区,p1,D1,不合格,2,,",
        ],
    );
    assert_eq!(district(&v, "甲区"), "50.00");
    assert_eq!(district(&v, "乙区"), "75.00");
    let d1 = find(&v, "criteria", "D1");
    assert_eq!(d1["problems"], 6);
    assert_eq!(num(&d1["earned"]), "1.00");
    assert_eq!(city(&v), "25.00");
    assert_eq!(num(&v["city"]["district_mean"]), "62.50");
}

#[test]
fn deduct_does_not_go_below_zero() {
    // 9 problems × 0.5 = 4.5 > 4 → 0, not −0.5.
    let v = json(RULES, &["甲区,p1,D1,不合格,9,,", "甲区,p2,R1,合格,,,"]);
    assert_eq!(earned(&v, "D1"), "0.00");
    // 100 × (0 + 10) / (4 + 10).
    assert_eq!(district(&v, "甲区"), "71.43");
}

#[test]
fn quota_deducts_the_missing_items() {
    // Q1 (6 points, 3 required, 1 point per missing item).
    // 甲区: count 3 (0 missing, a pass), 1 (2 missing, a fail), 5 (0, not −2),
    //       2 with 合格 (1 missing all the same), 不适用 without a count
    //       → 3 missing → 6 − 3 = 3 → 50. Passes 3, fails 1.
    // 乙区: three rows with count 0 → 9 missing → 6 − 9 < 0 → 0.
    // City: 12 missing → 0.
    let v = json(
        &unit(RULES),
        &[
            "甲区,p1,Q1,,,3,",
            "甲区,p2,Q1,,,1,",
            "甲区,p3,Q1,,,5,",
            "甲区,p4,Q1,合格,,2,",
            "甲区,p5,Q1,不适用,,,",
            "乙区,p1,Q1,,,0,",
            "乙区,p2,Q1,,,0,",
            "乙区,p3,Q1,,,0,",
        ],
    );
    let d = find(&v, "districts", "甲区");
    assert_eq!(num(&d["score"]), "50.00");
    assert_eq!([&d["passes"], &d["fails"], &d["not_applicable"]], [3, 1, 1]);
    assert_eq!(district(&v, "乙区"), "0.00");
    let q1 = find(&v, "criteria", "Q1");
    assert_eq!(q1["missing"], 12);
    assert_eq!(num(&q1["earned"]), "0.00");
    assert_eq!(city(&v), "0.00");
}

#[test]
fn graded_is_the_mean_of_the_points() {
    // G1 (5 points; A = 1, B = 0.8, C = 0.5 of 分值).
    // 甲区: 5, 3, B (4), c (2.5, letters match in any case) → 14.5 / 4 = 3.625
    //       → earned 3.63 (half away from zero), score 100 × 3.625 / 5 = 72.5.
    // 乙区: 合格 (full, 5) and 不合格 (0) → 2.5 → 50.
    // City: (14.5 + 5) / 6 = 3.25 → 65.
    let v = json(
        RULES,
        &[
            "甲区,p1,G1,,,,5",
            "甲区,p2,G1,,,,3",
            "甲区,p3,G1,,,,B",
            "甲区,p4,G1,,,,ｃ",
            "乙区,p1,G1,合格,,,",
            "乙区,p2,G1,不合格,,,",
        ],
    );
    assert_eq!(district(&v, "甲区"), "72.50");
    assert_eq!(district(&v, "乙区"), "50.00");
    assert_eq!(earned(&v, "G1"), "3.25");
    assert_eq!(city(&v), "65.00");
    // Points given without a result word are observations, neither passes
    // nor fails.
    let d = find(&v, "districts", "甲区");
    assert_eq!([&d["observations"], &d["passes"], &d["fails"]], [4, 0, 0]);
}

// --- policies ---------------------------------------------------------------

/// 甲区: R1 3 passes and 1 严重不合格; 乙区: R1 4 passes.
const SEVERE_ROWS: &[&str] = &[
    "甲区,p1,R1,合格,,,",
    "甲区,p2,R1,合格,,,",
    "甲区,p3,R1,合格,,,",
    "甲区,p4,R1,严重不合格,,,",
    "乙区,p1,R1,合格,,,",
    "乙区,p2,R1,合格,,,",
    "乙区,p3,R1,合格,,,",
    "乙区,p4,R1,合格,,,",
];

#[test]
fn severe_zero_zeroes_the_criterion_in_the_unit_and_the_city() {
    // severe = "zero": 甲区 R1 → 0; 乙区 untouched → 100; the city has a
    // severe row somewhere → R1 = 0 → 0. Mean of districts 50.
    let v = json(&unit(RULES), SEVERE_ROWS);
    assert_eq!(district(&v, "甲区"), "0.00");
    assert_eq!(district(&v, "乙区"), "100.00");
    assert_eq!(city(&v), "0.00");
    assert_eq!(num(&v["city"]["district_mean"]), "50.00");
    let d = find(&v, "districts", "甲区");
    assert_eq!([&d["fails"], &d["severe"]], [1, 1], "fails include severe");
}

#[test]
fn severe_fail_counts_as_an_ordinary_fail() {
    // severe = "fail": 甲区 3/4 → 7.5 → 75; city 7/8 → 8.75 → 87.5.
    let std = rules(&[(r#"severe = "zero""#, r#"severe = "fail""#)]);
    let v = json(&std, SEVERE_ROWS);
    assert_eq!(district(&v, "甲区"), "75.00");
    assert_eq!(district(&v, "乙区"), "100.00");
    assert_eq!(city(&v), "87.50");
    let d = find(&v, "districts", "甲区");
    assert_eq!(d["fails"], 1);
}

/// One 无法调查 row beside other rows for R1, D1, Q1 and G1, each in its
/// own district so that every unit score shows one rule. Some of the
/// 无法调查 rows carry a problem count, a count or points, which must not
/// count: nothing was observed.
const UNOBSERVABLE_ROWS: &[&str] = &[
    "甲区,p1,R1,合格,,,",
    "甲区,p2,R1,合格,,,",
    "甲区,p3,R1,无法调查,,,",
    "乙区,p1,D1,合格,,,",
    "乙区,p2,D1,无法调查,4,,",
    "丙区,p1,Q1,,,3,",
    "丙区,p2,Q1,拒访,,3,",
    "丁区,p1,G1,,,,5",
    "丁区,p2,G1,无法调查,,,5",
];

#[test]
fn unobservable_exclude_leaves_the_row_out() {
    // Every district then has only its other rows, all at full marks.
    let v = json(RULES, UNOBSERVABLE_ROWS);
    for d in ["甲区", "乙区", "丙区", "丁区"] {
        assert_eq!(district(&v, d), "100.00", "{d}");
        assert_eq!(find(&v, "districts", d)["unobservable"], 1, "{d}");
    }
    assert_eq!(v["city"]["observations"], 5);
}

#[test]
fn unobservable_fail_counts_as_a_fail() {
    // unobservable = "fail": a fail with count 0, 0 points, 1 problem,
    // whatever the row's other cells say.
    // 甲区 R1 2/3 → 6.666… → 66.67.
    // 乙区 D1 1 problem → 4 − 0.5 = 3.5 → 87.5.
    // 丙区 Q1 count 0 → 3 missing → 6 − 3 = 3 → 50.
    // 丁区 G1 (5 + 0) / 2 = 2.5 → 50.
    let std = rules(&[(r#"unobservable = "exclude""#, r#"unobservable = "fail""#)]);
    let v = json(&unit(&std), UNOBSERVABLE_ROWS);
    assert_eq!(district(&v, "甲区"), "66.67");
    assert_eq!(district(&v, "乙区"), "87.50");
    assert_eq!(district(&v, "丙区"), "50.00");
    assert_eq!(district(&v, "丁区"), "50.00");
    assert_eq!(find(&v, "criteria", "D1")["problems"], 1);
    assert_eq!(find(&v, "criteria", "Q1")["missing"], 3);
    assert_eq!(v["city"]["observations"], 9);
    assert_eq!(v["city"]["fails"], 4);
}

#[test]
fn not_applicable_and_criteria_without_rows_are_left_out_of_both_sides() {
    // 甲区: R1 2/4 → 5; L1 1/1 → 5; D1 only 不适用 → does not apply.
    //       100 × (5 + 5) / (10 + 5) = 66.666… → 66.67 (D1's 4 points are not
    //       in the denominator, nor are R2, Q1, G1 without rows).
    // 乙区: R1 1/2 → 5; L1 only 不适用, D1 absent → 100 × 5 / 10 = 50.
    let v = json(
        RULES,
        &[
            "甲区,p1,R1,合格,,,",
            "甲区,p2,R1,合格,,,",
            "甲区,p3,R1,不合格,,,",
            "甲区,p4,R1,不合格,,,",
            "甲区,p5,R1,不适用,,,",
            "甲区,p6,L1,合格,,,",
            "甲区,p7,D1,不适用,,,",
            "甲区,p8,D1,-,,,",
            "乙区,p1,R1,合格,,,",
            "乙区,p2,R1,不合格,,,",
            "乙区,p3,L1,不适用,,,",
        ],
    );
    assert_eq!(district(&v, "甲区"), "66.67");
    assert_eq!(district(&v, "乙区"), "50.00");
    let d = find(&v, "districts", "甲区");
    assert_eq!([&d["criteria"], &d["not_applicable"]], [2, 3]);
    let d = find(&v, "districts", "乙区");
    assert_eq!([&d["criteria"], &d["not_applicable"]], [1, 1]);
    // In the city, D1 has only 不适用 rows: no earned points and no rate.
    let d1 = find(&v, "criteria", "D1");
    assert_eq!([num(&d1["earned"]), num(&d1["rate"])], ["null", "null"]);
    assert_eq!(num(&d1["lost"]), "0.00");
    // City: R1 3/6 → 5; L1 1/1 → 5 → 100 × 10 / 15.
    assert_eq!(city(&v), "66.67");
}

// --- unit scores ------------------------------------------------------------

/// 甲区: R1 3/4 → 7.5; D1 3 problems → 2.5; Q1 count 2 → 5; G1 B → 4.
/// 乙区: R1 2/4 → 5; Q1 count 3 → 6.
const MIXED_ROWS: &[&str] = &[
    "甲区,p1,R1,合格,,,",
    "甲区,p2,R1,合格,,,",
    "甲区,p3,R1,合格,,,",
    "甲区,p4,R1,不合格,,,",
    "甲区,p5,D1,不合格,3,,",
    "甲区,p6,Q1,,,2,",
    "甲区,p7,G1,,,,B",
    "乙区,p1,R1,合格,,,",
    "乙区,p2,R1,合格,,,",
    "乙区,p3,R1,不合格,,,",
    "乙区,p4,R1,不合格,,,",
    "乙区,p5,Q1,,,3,",
];

#[test]
fn unit_score_without_weights() {
    // 甲区: 100 × (7.5 + 2.5 + 5 + 4) / (10 + 4 + 6 + 5) = 100 × 19 / 25 = 76.
    // 乙区: 100 × (5 + 6) / (10 + 6) = 68.75.
    // City: R1 5/8 → 6.25; D1 2.5; Q1 1 missing → 5; G1 4
    //       → 100 × 17.75 / 25 = 71.
    let v = json(&unit(RULES), MIXED_ROWS);
    assert_eq!(district(&v, "甲区"), "76.00");
    assert_eq!(district(&v, "乙区"), "68.75");
    assert_eq!(city(&v), "71.00");
    assert_eq!(v["standard"]["weighted"], false);
}

#[test]
fn unit_score_with_method_weights_over_the_applying_methods() {
    // Weights field 50, material 30, survey 20.
    // 甲区: R_field = (7.5 + 2.5) / (10 + 4) = 5/7; R_material = 5/6;
    //       R_survey = 4/5 → 50 × 5/7 + 30 × 5/6 + 20 × 4/5
    //       = 35.714285… + 25 + 16 = 76.714285… → 76.71.
    // 乙区: no survey rows, so survey's weight is left out:
    //       R_field = 5/10, R_material = 6/6
    //       → 100 × (50 × 0.5 + 30 × 1) / (50 + 30) = 100 × 55 / 80 = 68.75.
    // City: R_field = (6.25 + 2.5) / 14 = 0.625, R_material = 5/6,
    //       R_survey = 0.8 → 31.25 + 25 + 16 = 72.25.
    let v = json(&unit(&rules_weighted()), MIXED_ROWS);
    assert_eq!(district(&v, "甲区"), "76.71");
    assert_eq!(district(&v, "乙区"), "68.75");
    assert_eq!(city(&v), "72.25");
    assert_eq!(v["standard"]["weighted"], true);
    // λ_c = 100 × w_m / Σw / Σ 分值 of m's applying criteria; lost = λ × (分值 − earned):
    // R1: 50/14 × 3.75 = 13.392857… → 13.39; Q1: 30/6 × 1 = 5; G1: 20/5 × 1 = 4.
    assert_eq!(num(&find(&v, "criteria", "R1")["lost"]), "13.39");
    assert_eq!(num(&find(&v, "criteria", "Q1")["lost"]), "5.00");
    assert_eq!(num(&find(&v, "criteria", "G1")["lost"]), "4.00");
}

#[test]
fn penalties_deduct_from_the_district_and_the_city_and_veto_flags() {
    // 甲区: R1 2/2 → 100; N1 failed twice → − 6 → 94.
    // 乙区: R1 1/2 → 50; N2 failed once → − 5 → 45, veto.
    // 丙区: R1 1/1 → 100; N1 passed → nothing.
    // City: R1 4/5 → 8 → 80 before penalties; − (6 + 5) → 69, veto.
    let v = json(
        RULES,
        &[
            "甲区,p1,R1,合格,,,",
            "甲区,p2,R1,合格,,,",
            "甲区,p3,N1,不合格,,,",
            "甲区,p4,N1,不合格,,,",
            "乙区,p1,R1,合格,,,",
            "乙区,p2,R1,不合格,,,",
            "乙区,p3,N2,不合格,,,",
            "丙区,p1,R1,合格,,,",
            "丙区,p2,N1,合格,,,",
        ],
    );
    let d = find(&v, "districts", "甲区");
    assert_eq!(
        [
            num(&d["score_before_penalties"]),
            num(&d["penalties"]),
            num(&d["score"])
        ],
        ["100.00", "6.00", "94.00"]
    );
    assert_eq!(d["veto"], false);
    let d = find(&v, "districts", "乙区");
    assert_eq!([num(&d["penalties"]), num(&d["score"])], ["5.00", "45.00"]);
    assert_eq!(d["veto"], true);
    let d = find(&v, "districts", "丙区");
    assert_eq!([num(&d["penalties"]), num(&d["score"])], ["0.00", "100.00"]);
    let c = &v["city"];
    assert_eq!(
        [
            num(&c["score_before_penalties"]),
            num(&c["penalties"]),
            num(&c["score"])
        ],
        ["80.00", "11.00", "69.00"]
    );
    assert_eq!(c["veto"], true);
    // Penalty rows are not observations of any criterion.
    assert_eq!(c["observations"], 5);
    // (94 + 45 + 100) / 3 = 79.666… → 79.67.
    assert_eq!(num(&c["district_mean"]), "79.67");
}

#[test]
fn penalties_do_not_take_a_score_below_zero() {
    // R1 0/1 → 0; N1 − 3 → 0, not −3; N2 (veto) − 5 → still 0.
    let v = json(
        RULES,
        &[
            "甲区,p1,R1,不合格,,,",
            "甲区,p2,N1,不合格,,,",
            "甲区,p3,N2,严重不合格,,,",
        ],
    );
    let d = find(&v, "districts", "甲区");
    assert_eq!([num(&d["penalties"]), num(&d["score"])], ["8.00", "0.00"]);
    assert_eq!(city(&v), "0.00");
    assert_eq!(d["veto"], true);
}

// --- departments ------------------------------------------------------------

#[test]
fn department_scores_and_lost_points() {
    // One district. R1 3/4 → 7.5; L1 1/2 → 0; D1 2 problems → 3; Q1 → 6.
    // City: Σ earned 16.5 over Σ 分值 25 → 66; λ = 100 / 25 = 4 for every
    // criterion.
    // 城管局 (R1, L1 as assist): 100 × 7.5 / 15 = 50;
    //        lost = 4 × ((10 − 7.5) + (5 − 0)) = 30.
    // 住建局 (L1, D1): 100 × 3 / 9 = 33.33; lost = 4 × (5 + 1) = 24.
    // 文明办 (Q1): 100; lost 0.
    let v = json(
        &unit(RULES),
        &[
            "甲区,p1,R1,合格,,,",
            "甲区,p2,R1,合格,,,",
            "甲区,p3,R1,合格,,,",
            "甲区,p4,R1,不合格,,,",
            "甲区,p5,L1,合格,,,",
            "甲区,p6,L1,不合格,,,",
            "甲区,p7,D1,不合格,2,,",
            "甲区,p8,Q1,,,3,",
        ],
    );
    assert_eq!(city(&v), "66.00");
    let dept = |name: &str| {
        let d = find(&v, "departments", name);
        (num(&d["score"]), num(&d["lost"]), d["rank"].clone())
    };
    assert_eq!(dept("文明办"), ("100.00".into(), "0.00".into(), 1.into()));
    assert_eq!(dept("城管局"), ("50.00".into(), "30.00".into(), 2.into()));
    assert_eq!(dept("住建局"), ("33.33".into(), "24.00".into(), 3.into()));
    // Without overrides, a department's lost points are the sum of λ × (分值
    // − earned) over its criteria, which the criteria view reports.
    let crit_lost = |id: &str| find(&v, "criteria", id)["lost"].as_f64().expect("a number");
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    let lost = |name: &str| {
        find(&v, "departments", name)["lost"]
            .as_f64()
            .expect("a number")
    };
    assert!(close(lost("城管局"), crit_lost("R1") + crit_lost("L1")));
    assert!(close(lost("住建局"), crit_lost("L1") + crit_lost("D1")));
    assert!(close(lost("文明办"), crit_lost("Q1")));
}

#[test]
fn department_column_overrides_the_criterion_departments() {
    // R1: 3 passes (the criterion's 城管局) and 1 fail named 交通局.
    // D1: a fail with 6 problems (住建局) and one with 4 named 交通局:
    //     10 problems → 4 − 5 < 0 → 0 in the city. λ = 100 / 14.
    // City: 100 × (7.5 + 0) / 14 = 53.571… → 53.57.
    // 交通局: R1 0/1 → 0, D1 4 problems → 2 → 100 × 2 / 14 = 14.29;
    //         lost: R1 all passed → 10 (+2.5); D1 with 6 problems → 1 (+1)
    //         → 100/14 × 3.5 = 25.
    // 城管局: R1 3/3 → 10 → 100; lost: its rows already pass → 0.
    // 住建局: D1 6 problems → 1 → 25; lost: D1 with 4 problems → 2 (+2)
    //         → 100/14 × 2 = 14.285… → 14.29.
    // The lost points of D1 (100/14 × 4 = 28.57) are not the sum of its
    // departments' (7.14 + 14.29): each is what that department alone would
    // win back.
    let data = "区县,点位,标准编号,结果,问题数,责任单位\n\
                甲区,p1,R1,合格,,\n\
                甲区,p2,R1,合格,,\n\
                甲区,p3,R1,合格,,\n\
                甲区,p4,R1,不合格,,交通局\n\
                甲区,p5,D1,不合格,6,\n\
                甲区,p6,D1,不合格,4,交通局\n";
    let run = scoring(&unit(RULES), data).args(["-f", "json"]).run();
    run.code(0).stderr("");
    let v = run.json();
    assert_eq!(city(&v), "53.57");
    let dept = |name: &str| {
        let d = find(&v, "departments", name);
        (num(&d["score"]), num(&d["lost"]))
    };
    assert_eq!(dept("交通局"), ("14.29".into(), "25.00".into()));
    assert_eq!(dept("城管局"), ("100.00".into(), "0.00".into()));
    assert_eq!(dept("住建局"), ("25.00".into(), "14.29".into()));
    assert_eq!(num(&find(&v, "criteria", "D1")["lost"]), "28.57");
    let d = find(&v, "departments", "交通局");
    assert_eq!([&d["observations"], &d["fails"]], [2, 2]);
}

// --- items ------------------------------------------------------------------

#[test]
fn items_at_level_one_and_two() {
    // MIXED_ROWS, 甲区 only: R1 7.5, D1 2.5, Q1 5, G1 4.
    // A (R1, D1 apply): 10 / 14 → 71.43%; A1 (R1): 7.5 / 10 → 75%;
    // A2 (D1): 2.5 / 4 → 62.5%; B, B1 (Q1, G1): 9 / 11 → 81.82%.
    let v = json(RULES, &MIXED_ROWS[..7]);
    let items: Vec<(String, u64, String, String, String)> = v["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["id"].as_str().expect("id").to_string(),
                i["level"].as_u64().expect("level"),
                num(&i["city"]["earned"]),
                num(&i["city"]["max"]),
                num(&i["city"]["rate"]),
            )
        })
        .collect();
    let row = |id: &str, level: u64, e: &str, m: &str, r: &str| {
        (
            id.to_string(),
            level,
            e.to_string(),
            m.to_string(),
            r.to_string(),
        )
    };
    assert_eq!(
        items,
        [
            row("A", 1, "10.00", "14.00", "71.43"),
            row("A1", 2, "7.50", "10.00", "75.00"),
            row("A2", 2, "2.50", "4.00", "62.50"),
            row("B", 1, "9.00", "11.00", "81.82"),
            row("B1", 2, "9.00", "11.00", "81.82"),
        ]
    );
    let a1 = find(&v, "items", "A1");
    assert_eq!(a1["parent"], "A");
    assert_eq!(a1["districts"][0]["name"], "甲区");
    assert_eq!(num(&a1["districts"][0]["rate"]), "75.00");

    // The table views show one level at a time.
    let by_item = |level: &str| {
        let run = scoring(RULES, csv(&MIXED_ROWS[..7]))
            .args(["-f", "csv", "--by", "item", "--level", level])
            .run();
        run.code(0).stderr("");
        run.stdout
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(by_item("1"), ["A", "B"]);
    assert_eq!(by_item("2"), ["A1", "A2", "B1"]);
}

#[test]
fn an_item_with_nothing_applying_has_no_rate() {
    let v = json(RULES, &["甲区,p1,R1,合格,,,"]);
    let b = find(&v, "items", "B");
    assert_eq!(
        [
            num(&b["city"]["earned"]),
            num(&b["city"]["max"]),
            num(&b["city"]["rate"])
        ],
        ["0.00", "0.00", "null"]
    );
}

// --- ranks, bands, rounding ---------------------------------------------------

/// R1 rows giving 甲区 100, 乙区 75, 丙区 75, 丁区 50.
const RANKED_ROWS: &[&str] = &[
    "甲区,p1,R1,合格,,,",
    "乙区,p1,R1,合格,,,",
    "乙区,p2,R1,合格,,,",
    "乙区,p3,R1,合格,,,",
    "乙区,p4,R1,不合格,,,",
    "丙区,p1,R1,合格,,,",
    "丙区,p2,R1,合格,,,",
    "丙区,p3,R1,合格,,,",
    "丙区,p4,R1,不合格,,,",
    "丁区,p1,R1,合格,,,",
    "丁区,p2,R1,不合格,,,",
];

#[test]
fn ties_share_a_rank_and_bands_are_inclusive_at_red_only() {
    // bands: red = 100 (≥ is red), black = 75 (only < 75 is black).
    let run = scoring(RULES, csv(RANKED_ROWS))
        .file("ceping.toml", "[bands]\nred = 100\nblack = 75\n")
        .args(["-f", "json"])
        .run();
    run.code(0).stderr("");
    let v = run.json();
    let got: Vec<(String, String, Value, Value)> = v["districts"]
        .as_array()
        .expect("districts")
        .iter()
        .map(|d| {
            (
                d["name"].as_str().expect("name").to_string(),
                num(&d["score"]),
                d["rank"].clone(),
                d["band"].clone(),
            )
        })
        .collect();
    let row = |n: &str, s: &str, r: u64, b: Value| (n.to_string(), s.to_string(), r.into(), b);
    // Listed by rank, ties by name (丙 U+4E19 before 乙 U+4E59).
    assert_eq!(
        got,
        [
            row("甲区", "100.00", 1, "red".into()),
            row("丙区", "75.00", 2, Value::Null),
            row("乙区", "75.00", 2, Value::Null),
            row("丁区", "50.00", 4, "black".into()),
        ]
    );
}

#[test]
fn no_bands_without_a_project_file() {
    let v = json(RULES, RANKED_ROWS);
    for d in v["districts"].as_array().expect("districts") {
        assert_eq!(d["band"], Value::Null);
    }
}

#[test]
fn rounding_is_half_away_from_zero_and_done_once() {
    // R1: 16 rows over 4 districts, one pass → city 10 × 1/16 = 0.625 → 0.63
    // (banker's rounding would give 0.62). R2: one pass in 甲区 → 10.
    // City: 100 × (0.625 + 10) / 20 = 53.125 → 53.13 (not 53.12; and not
    // 100 × (0.63 + 10) / 20 = 53.15, which rounding early would give).
    // 甲区: R1 1/4 → 2.5, R2 10 → 62.5; the others R1 0/4 → 0.
    // Mean of districts: 62.5 / 4 = 15.625 → 15.63.
    let mut rows = vec!["甲区,r2,R2,合格,,,".to_string()];
    for (i, d) in ["甲区", "乙区", "丙区", "丁区"].iter().enumerate() {
        for p in 0..4 {
            let result = if i == 0 && p == 0 {
                "合格"
            } else {
                "不合格"
            };
            rows.push(format!("{d},p{p},R1,{result},,,"));
        }
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let v = json(RULES, &rows);
    assert_eq!(earned(&v, "R1"), "0.63");
    assert_eq!(num(&find(&v, "criteria", "R1")["rate"]), "6.25");
    assert_eq!(city(&v), "53.13");
    assert_eq!(num(&v["city"]["district_mean"]), "15.63");
    assert_eq!(district(&v, "甲区"), "62.50");
}

#[test]
fn decimals_sets_the_precision() {
    // 2/3 of R1 → 66.666…: 67 with 0 decimals, 66.667 with 3.
    let rows = [
        "甲区,p1,R1,合格,,,",
        "甲区,p2,R1,合格,,,",
        "甲区,p3,R1,不合格,,,",
    ];
    let v = json(&rules(&[("decimals = 2", "decimals = 0")]), &rows);
    assert_eq!(city(&v), "67");
    let v = json(&rules(&[("decimals = 2", "decimals = 3")]), &rows);
    assert_eq!(city(&v), "66.667");
}

// --- --fail-below ---------------------------------------------------------------

/// R1 3/4 → 75.
const SEVENTY_FIVE: &[&str] = &[
    "甲区,p1,R1,合格,,,",
    "甲区,p2,R1,合格,,,",
    "甲区,p3,R1,合格,,,",
    "甲区,p4,R1,不合格,,,",
];

#[test]
fn fail_below_exits_1_after_writing_the_report() {
    let report = scoring(RULES, csv(SEVENTY_FIVE)).args(["-f", "json"]).run();
    report.code(0);
    let run = scoring(RULES, csv(SEVENTY_FIVE))
        .args(["-f", "json", "--fail-below", "80"])
        .run();
    run.code(1)
        .stdout(&report.stdout)
        .stderr("ceping: 全市得分 75.00 低于 --fail-below 80\n");

    let t = scoring(RULES, csv(SEVENTY_FIVE)).args([
        "--lang",
        "en",
        "--fail-below",
        "75.01",
        "-o",
        "out.json",
    ]);
    t.run()
        .code(1)
        .stdout("")
        .stderr("ceping: the city score 75.00 is below --fail-below 75.01\n");
    assert_eq!(
        String::from_utf8(t.read("out.json")).expect("UTF-8"),
        report.stdout
    );
}

#[test]
fn fail_below_passes_at_or_above_the_gate() {
    for gate in ["75", "74.99", "0"] {
        scoring(RULES, csv(SEVENTY_FIVE))
            .args(["--fail-below", gate])
            .run()
            .code(0)
            .stderr("");
    }
}

// --- --round ----------------------------------------------------------------

/// R1 in 甲区, one row per round: 第1轮 pass, 第2轮 fail, 第10轮 pass,
/// 第10轮 fail; and a row without a round, a pass.
fn rounds() -> Test {
    let data = "批次,区县,点位,标准编号,结果\n\
                第1轮,甲区,p1,R1,合格\n\
                第2轮,甲区,p1,R1,不合格\n\
                第10轮,甲区,p1,R1,合格\n\
                第10轮,甲区,p2,R1,不合格\n\
                ,甲区,p1,R1,合格\n";
    scoring(RULES, data)
}

fn scored(run: &Run) -> (Value, Value, String) {
    run.code(0).stderr("");
    let v = run.json();
    (v["round"].clone(), v["rounds"].clone(), city(&v))
}

#[test]
fn round_latest_is_the_last_in_natural_order() {
    // 第10轮 comes after 第2轮: 1/2 → 50.
    let (round, list, score) = scored(&rounds().args(["-f", "json", "--round", "latest"]).run());
    assert_eq!(round, "第10轮");
    assert_eq!(list, serde_json::json!(["第10轮"]));
    assert_eq!(score, "50.00");
}

#[test]
fn round_by_name_is_normalised() {
    let (round, _, score) = scored(&rounds().args(["-f", "json", "--round", "第2轮"]).run());
    assert_eq!((round, score.as_str()), ("第2轮".into(), "0.00"));
    // Full-width digits and spaces, as typed in a Chinese input method.
    let (round, _, score) = scored(&rounds().args(["-f", "json", "-r", " 第１轮 "]).run());
    assert_eq!((round, score.as_str()), ("第1轮".into(), "100.00"));
}

#[test]
fn round_all_pools_every_round_including_rows_without_one() {
    // Pooled, p1 is one place with 4 rows (3 passes) and p2 one with a
    // fail: R1 = 10 × (3/4 + 0/1) / 2 = 3.75 → 37.5.
    let (round, list, score) = scored(&rounds().args(["-f", "json", "--round", "all"]).run());
    assert_eq!(round, "all");
    assert_eq!(list, serde_json::json!(["第1轮", "第2轮", "第10轮"]));
    assert_eq!(score, "37.50");
}

#[test]
fn the_rows_without_a_round_by_their_shown_name() {
    // Only the row without a round, a pass.
    for (name, lang) in [("（无批次）", "zh"), ("(无批次)", "zh"), ("(none)", "en")] {
        let (round, list, score) = scored(
            &rounds()
                .args(["-f", "json", "--lang", lang, "--round", name])
                .run(),
        );
        assert_eq!((round, score.as_str()), (Value::Null, "100.00"), "{name}");
        assert_eq!(list, serde_json::json!([]));
    }
}

#[test]
fn a_single_round_needs_no_flag() {
    let data = "批次,区县,点位,标准编号,结果\n第3轮,甲区,p1,R1,合格\n";
    let run = scoring(RULES, data).args(["-f", "json"]).run();
    let (round, list, score) = scored(&run);
    assert_eq!((round, score.as_str()), ("第3轮".into(), "100.00"));
    assert_eq!(list, serde_json::json!(["第3轮"]));
    // No round column at all: no round.
    let v = json(RULES, &["甲区,p1,R1,合格,,,"]);
    assert_eq!(
        (&v["round"], &v["rounds"]),
        (&Value::Null, &serde_json::json!([]))
    );
}

#[test]
fn the_same_point_in_two_rounds_is_not_a_duplicate() {
    // rounds() has p1 in four rounds; `all` uses every row.
    let run = rounds().args(["-f", "json", "--round", "all"]).run();
    run.code(0);
    assert_eq!(
        run.json()["rows"],
        serde_json::json!({"read": 5, "used": 5, "rejected": 0})
    );
}

#[test]
fn the_table_names_the_round() {
    let run = rounds()
        .args(["--round", "all", "-f", "table", "--lang", "en"])
        .run();
    run.code(0)
        .stdout_has("Round: all rounds pooled (第1轮, 第2轮, 第10轮)");
    let run = rounds().args(["--round", "latest", "-f", "md"]).run();
    run.code(0).stdout_has("批次：第10轮");
}
