#!/bin/sh
# guide-lint check beside rumdl check, in one run, on the same corpora: CPU and wall ratios and
# each tool's peak memory. See benches/compare_rumdl.py for what is measured and how.
#
# Usage: benches/compare-rumdl.sh [--pgo] [--times N] [--corpus NAME]... [ROUNDS]
#        (default 5 rounds per tool and corpus, each corpus taken once, all three corpora)
#
# With --times 8, each corpus is taken eight times (the size of a large wiki's pages with their
# history); --corpus bilingual|registry|wikijs runs only the corpora named.
#
# With --pgo, scripts/pgo-build.sh also builds the profile-guided binaries, and the rounds run
# them beside the plain ones.
#
# Needs Python 3 (for the venv rumdl is installed into from PyPI) and network access to PyPI on
# the first run. The corpora are written under ${GUIDE_LINT_BENCH_DIR:-/tmp/guide-lint-bench},
# outside any git work tree, so that no .gitignore hides them from either tool.
set -eu
cd "$(dirname "$0")/.."
pgo=""
rounds=5
extra=""
while [ $# -gt 0 ]; do
    case "$1" in
        --pgo) pgo=target/pgo/release ;;
        --times|--corpus)
            [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
            extra="$extra $1 $2"
            shift
            ;;
        *) rounds=$1 ;;
    esac
    shift
done
if [ -n "$pgo" ]; then
    scripts/pgo-build.sh --bench-tools >/dev/null
fi
RUMDL_VERSION=0.3.0
work=${GUIDE_LINT_BENCH_DIR:-/tmp/guide-lint-bench}
mkdir -p "$work"
if [ ! -x "$work/venv/bin/rumdl" ] || ! "$work/venv/bin/rumdl" --version | grep -q "$RUMDL_VERSION"; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet "rumdl==$RUMDL_VERSION"
fi
cargo build --release --features bench-tools --bin guide-lint --bin guide-lint-parse-floor \
    --bin guide-lint-write-corpus >&2
exec python3 benches/compare_rumdl.py --work "$work" --rumdl "$work/venv/bin/rumdl" \
    --target "${CARGO_TARGET_DIR:-target}/release" --rounds "$rounds" ${pgo:+--pgo-target "$pgo"} $extra
