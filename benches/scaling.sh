#!/bin/sh
# guide-lint check at 1x, 4x and 16x the generated bilingual corpus: CPU and wall time and peak
# memory per page, and their ratios to the 1x run. See benches/scaling.py.
#
# Usage: benches/scaling.sh [PAGES [ROUNDS]]   (default 250 bilingual pages at 1x, 3 rounds)
#
# The corpora (16x: PAGES x 16 pages, twice as many files) are written under
# ${GUIDE_LINT_BENCH_DIR:-/tmp/guide-lint-bench}.
set -eu
cd "$(dirname "$0")/.."
work=${GUIDE_LINT_BENCH_DIR:-/tmp/guide-lint-bench}
mkdir -p "$work"
cargo build --release --features bench-tools --bin guide-lint --bin guide-lint-write-corpus >&2
exec python3 benches/scaling.py --work "$work" --target "${CARGO_TARGET_DIR:-target}/release" \
    --pages "${1:-250}" --rounds "${2:-3}"
