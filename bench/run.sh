#!/usr/bin/env bash
# Benchmark `ceping score` against a bare csv-crate read of the same file.
#
#   bench/run.sh [ROWS] [RUNS]        (defaults: 10000000 rows, 3 runs each)
#
# Generates conformant data for the shipped sample standard (12 districts,
# 300 points each) into target/bench/ once — as one file, and as one file per
# district — then times, in one run: bare csv-crate reads of the one file (as
# bytes and as text), `ceping score -j1` (one thread) and `ceping score`
# (every core) on the one file, and the same two on the district files (the
# "vs -j1" column of those two compares with the district files at -j1).
# Prints the best wall time of RUNS (interleaved), throughput in MB/s, peak
# memory, and each figure relative to the bare read. Timing is a benchmark,
# never a test.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-10000000}
runs=${2:-3}
dir=target/bench/rows-$rows
std=standards/national-prefecture

cargo build --release --quiet --examples --bin ceping
if [ ! -s "$dir/inspections.csv" ]; then
  mkdir -p "$dir"
  target/release/examples/gen --rows "$rows" --out "$dir"
fi
# The same rows as one file per district, as cities collect them.
split=target/bench/split-$rows
if [ ! -s "$split/01-梁园区.csv" ]; then
  mkdir -p "$split"
  target/release/examples/gen --rows "$rows" --split district --out "$split"
fi
file=$dir/inspections.csv
bytes=$(stat -c %s "$file")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "data: $file, $rows rows, $mb MB, $(nproc) cores"

# The runs are interleaved — every command once, then every command again —
# so that a slow spell of a shared machine does not fall on one command's
# runs only. Each command's best time and highest peak memory are kept.
# The commands compared run one after the other (the bytes read just
# before `-j1`, `-j1` just before every core).
cmds=(
  "target/release/examples/bare --text $file"
  "target/release/examples/bare $file"
  "target/release/ceping score $file -s $std --round all -j1"
  "target/release/ceping score $file -s $std --round all"
  "target/release/ceping score $split -s $std --round all -j1"
  "target/release/ceping score $split -s $std --round all"
)
best=(); best_kb=()
# Per round, the ratios of runs made seconds apart (see the end).
paired_bytes=(); paired_one=(); paired_split=()
for _ in $(seq "$runs"); do
  round=()
  for i in "${!cmds[@]}"; do
    # shellcheck disable=SC2086 # the command is split into words on purpose
    /usr/bin/time -f "%e %M" -o target/bench/time.txt ${cmds[$i]} >/dev/null 2>target/bench/stderr.txt || {
      echo "failed: ${cmds[$i]}" >&2; cat target/bench/stderr.txt >&2; exit 1; }
    read -r s kb < target/bench/time.txt
    if [ -z "${best[$i]:-}" ] || awk -v a="$s" -v b="${best[$i]}" 'BEGIN { exit !(a < b) }'; then
      best[$i]=$s
    fi
    if [ "$kb" -gt "${best_kb[$i]:-0}" ]; then best_kb[$i]=$kb; fi
    round[$i]=$s
  done
  paired_bytes+=("$(awk -v a="${round[1]}" -v b="${round[2]}" 'BEGIN { print 100 * a / b }')")
  paired_one+=("$(awk -v a="${round[2]}" -v b="${round[3]}" 'BEGIN { print a / b }')")
  paired_split+=("$(awk -v a="${round[4]}" -v b="${round[5]}" 'BEGIN { print a / b }')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR + 1) / 2; print (v[int(m)] + v[int(m + 0.5)]) / 2 }'; }
text_s=${best[0]} text_kb=${best_kb[0]}
bare_s=${best[1]} bare_kb=${best_kb[1]}
one_s=${best[2]} one_kb=${best_kb[2]}
all_s=${best[3]} all_kb=${best_kb[3]}
split1_s=${best[4]} split1_kb=${best_kb[4]}
splitn_s=${best[5]} splitn_kb=${best_kb[5]}

row() {
  awk -v name="$1" -v s="$2" -v kb="$3" -v mb="$mb" -v bare="$bare_s" -v text="$text_s" -v one="$one_s" 'BEGIN {
    printf "| %-30s | %6.2f s | %5.0f MB/s | %5.0f MB | %4.0f%% | %4.0f%% | %4.2f× |\n",
      name, s, mb / s, kb / 1024, 100 * bare / s, 100 * text / s, one / s }'
}
echo "| run                            |   time   | throughput | peak mem | vs bytes read | vs text read | vs -j1 |"
echo "|--------------------------------|----------|------------|----------|------|------|-------|"
row "bare read, ByteRecord"          "$bare_s" "$bare_kb"
row "bare read, StringRecord (text)" "$text_s" "$text_kb"
row "ceping score -j1"               "$one_s"  "$one_kb"
row "ceping score (all $(nproc) cores)" "$all_s" "$all_kb"
one_s=$split1_s
row "12 district files, -j1"         "$split1_s" "$split1_kb"
row "12 district files, all cores"   "$splitn_s" "$splitn_kb"
# Best times can come from different rounds, and a shared machine's slow
# spells last minutes: the ratios of runs made in the same round, seconds
# apart, are steadier.
awk -v b="$(median "${paired_bytes[@]}")" -v o="$(median "${paired_one[@]}")" -v s="$(median "${paired_split[@]}")" 'BEGIN {
  printf "\nmedian of the ratios within each round: -j1 vs bytes read %.0f%%; all cores vs -j1 %.2f× (one file), %.2f× (district files)\n", b, o, s }'
