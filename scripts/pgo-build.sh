#!/usr/bin/env bash
# Builds guide-lint with profile-guided optimisation (PGO): an instrumented build is run on
# pages of every shape the repository ships, and the release build is then laid out and inlined
# by what those runs did (docs/performance.md, "Profile-guided build").
#
#   scripts/pgo-build.sh                 # -> target/pgo/release/guide-lint
#   scripts/pgo-build.sh --bench-tools   # also the benchmark's parse floor and corpus writer
#
# Needs the toolchain's `llvm-profdata` (`rustup component add llvm-tools`; added here when
# rustup is present). It takes about twice a release build. The profile is made with the
# toolchain that builds, so it always matches it; nothing of it is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

features=()
bins=(--bin guide-lint)
case "${1:-}" in
  "") ;;
  --bench-tools)
    features=(--features bench-tools)
    bins=(--bins)
    ;;
  *)
    echo "usage: scripts/pgo-build.sh [--bench-tools]" >&2
    exit 2
    ;;
esac

step() { printf '\n==> %s\n' "$*" >&2; }

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  if command -v rustup >/dev/null 2>&1; then
    step "adding the toolchain's llvm-tools (rustup)"
    rustup component add llvm-tools >&2
  fi
fi
if [ ! -x "$profdata" ]; then
  echo "error: $profdata not found; install the toolchain's llvm-tools component" >&2
  exit 1
fi

gen="$root/target/pgo-instrumented"
use="$root/target/pgo"
# The training pages are copied outside the repository, so that no configuration is found
# above them but their own.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raw="$work/profraw"
mkdir -p "$raw"

step "instrumented build"
# The runs name their own profile files (LLVM_PROFILE_FILE below); a fixed path here keeps the
# build's flags, and so cargo's reuse of it, the same from one run of this script to the next.
RUSTFLAGS="-Cprofile-generate=$gen/profraw" cargo build --release --locked \
  --target-dir "$gen" "${features[@]}" --bin guide-lint >&2
lint="$gen/release/guide-lint"

# The training runs write their counts here.
export LLVM_PROFILE_FILE="$raw/%p-%m.profraw"

step "training runs"
# The pages the repository ships, in copies the runs may change: its guides (checked and built),
# every test fixture page (checked as pages of no project, then fixed), and the realistic and
# translation fixtures' projects with their own configuration (MkDocs English beside Wiki.js
# Danish: the translation pass). Findings are expected: a run with findings exits with 1.
mkdir -p "$work/repo" "$work/fixtures"
cp -r guides guide-lint.yml "$work/repo/"
cp -r tests/fixtures/. "$work/fixtures/"
run() { "$lint" "$@" >/dev/null 2>&1 || [ $? -eq 1 ]; }
for project in translation/pairs realistic/mkdocs-bilingual realistic/wikijs-repo; do
  (
    cd "$work/fixtures/$project"
    run check --no-cache --output-format concise
    run check --cache-dir "$work/cache" # human output, the cache written
    run check --cache-dir "$work/cache" # warm: read from the cache
    run check --no-cache --output-format json
    run status
  )
done
(
  cd "$work/repo"
  run check --no-cache guides
  run build --out "$work/built"
)
(
  cd "$work/fixtures"
  run check --no-cache .
  run check --no-cache --output-format concise .
  run check --no-cache --fix --unsafe-fixes .
)

step "merging the profile"
"$profdata" merge -o "$work/merged.profdata" "$raw"
# Named by its content: cargo rebuilds when the flags change, not when a file they name does.
sum=$(sha256sum "$work/merged.profdata" | cut -c1-16)
profile="$gen/merged-$sum.profdata"
rm -f "$gen"/merged-*.profdata
cp "$work/merged.profdata" "$profile"

step "optimised build"
RUSTFLAGS="-Cprofile-use=$profile" cargo build --release --locked \
  --target-dir "$use" "${features[@]}" "${bins[@]}" >&2
echo "$use/release/guide-lint"
