#!/bin/sh
# The translation pass's cost in instructions: `check` with and without the pass on the three
# bilingual corpora (benches/corpus/bilingual.rs), counted by valgrind's callgrind on one
# thread. Unlike times, the counts do not move when other work shares the machine; they miss
# what instructions do not show (cache misses, page faults, waiting threads), so read them
# beside `cargo bench --bench translation`.
#
# Each figure is (count of 3 runs - count of 1 run) / 2: one run's instructions, without the
# corpus being written and the language models being loaded.
#
# Usage: benches/instructions.sh [shared|typical|worst]...   (default: all three; shared takes
# about ten minutes under callgrind)
set -eu
command -v valgrind >/dev/null || { echo "needs valgrind (apt install valgrind)" >&2; exit 1; }
cargo build --release --example translation_cost >&2
bin=target/release/examples/translation_cost
count() { # corpus pass runs
    GUIDE_LINT_RUNS=$3 GUIDE_LINT_PASS=$2 RAYON_NUM_THREADS=1 \
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" 1 "$1" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
set -- ${@:-shared typical worst}
for corpus in "$@"; do
    w1=$(count "$corpus" without 1); w3=$(count "$corpus" without 3)
    p1=$(count "$corpus" with 1); p3=$(count "$corpus" with 3)
    awk -v c="$corpus" -v w1="$w1" -v w3="$w3" -v p1="$p1" -v p3="$p3" 'BEGIN {
        w = (w3 - w1) / 2; p = (p3 - p1) / 2;
        printf "%-8s without %6.0f M, with %6.0f M instructions a run: ratio %.2f\n", c, w / 1e6, p / 1e6, p / w }'
done
