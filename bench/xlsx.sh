#!/usr/bin/env bash
# Benchmark reading Excel workbooks against the same rows as CSV.
#
#   bench/xlsx.sh [ROWS] [RUNS]        (defaults: 100000 rows, 3 runs each)
#
# Generates ROWS conformant rows for the shipped sample standard into
# target/bench/ once — as one CSV file, and as one workbook (a sheet per
# round, a title row above the header, dates as Excel dates) — then times
# `ceping score` on each, -j1 and every core, interleaved. Prints the best
# wall time of RUNS, rows per second and peak memory. A workbook is
# decompressed and parsed whole by calamine before its rows are checked, so
# its memory grows with the sheet (CSV's does not). Timing is a benchmark,
# never a test.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-100000}
runs=${2:-3}
std=standards/national-prefecture
csv=target/bench/xlsx-csv-$rows
book=target/bench/xlsx-$rows

cargo build --release --quiet --examples --bin ceping
if [ ! -s "$csv/inspections.csv" ]; then
  mkdir -p "$csv"
  target/release/examples/gen --rows "$rows" --out "$csv"
fi
if [ ! -s "$book/inspections.xlsx" ]; then
  mkdir -p "$book"
  target/release/examples/gen --rows "$rows" --xlsx 1 --out "$book"
fi
echo "data: $rows rows; CSV $(stat -c %s "$csv/inspections.csv") bytes, xlsx $(stat -c %s "$book/inspections.xlsx") bytes, $(nproc) cores"

cmds=(
  "target/release/ceping score $csv/inspections.csv -s $std --round all -j1"
  "target/release/ceping score $book/inspections.xlsx -s $std --round all -j1"
  "target/release/ceping score $csv/inspections.csv -s $std --round all"
  "target/release/ceping score $book/inspections.xlsx -s $std --round all"
)
names=("CSV, -j1" "xlsx, -j1" "CSV, all cores" "xlsx, all cores")
best=(); best_kb=()
for _ in $(seq "$runs"); do
  for i in "${!cmds[@]}"; do
    # shellcheck disable=SC2086 # the command is split into words on purpose
    /usr/bin/time -f "%e %M" -o target/bench/time.txt ${cmds[$i]} >/dev/null 2>target/bench/stderr.txt || {
      echo "failed: ${cmds[$i]}" >&2; cat target/bench/stderr.txt >&2; exit 1; }
    read -r s kb < target/bench/time.txt
    if [ -z "${best[$i]:-}" ] || awk -v a="$s" -v b="${best[$i]}" 'BEGIN { exit !(a < b) }'; then
      best[$i]=$s
    fi
    if [ "$kb" -gt "${best_kb[$i]:-0}" ]; then best_kb[$i]=$kb; fi
  done
done
echo "| run              |   time   |   rows/s   | peak mem |"
echo "|------------------|----------|------------|----------|"
for i in "${!cmds[@]}"; do
  awk -v name="${names[$i]}" -v s="${best[$i]}" -v kb="${best_kb[$i]}" -v rows="$rows" 'BEGIN {
    printf "| %-16s | %6.2f s | %10.0f | %5.0f MB |\n", name, s, rows / (s > 0 ? s : 0.01), kb / 1024 }'
done
