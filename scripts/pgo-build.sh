#!/usr/bin/env bash
# Builds guide-lint with profile-guided optimisation (PGO): an instrumented build is run on
# pages of every shape the repository ships, and the release build is then laid out and inlined
# by what those runs did (docs/performance.md, "A profile-guided build").
#
#   scripts/pgo-build.sh                 # -> target/pgo/release/guide-lint
#   scripts/pgo-build.sh --bench-tools   # also the benchmark's parse floor and corpus writer
#
# Needs the toolchain's `llvm-profdata` (`rustup component add llvm-tools`; added here when
# rustup is present) and Python 3 (it writes the language-server session). It takes about
# twice a release build. The profile is made with the toolchain that builds, so it always
# matches it; nothing of it is committed. RUSTFLAGS from the environment are kept (the PGO flag
# is added to them); CARGO_ENCODED_RUSTFLAGS, which would make cargo ignore RUSTFLAGS, is not
# used here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Word lists rather than arrays: an empty array is an unbound variable to bash before 4.4.
features=""
bins="--bin guide-lint"
case "${1:-}" in
  "") ;;
  --bench-tools)
    features="--features bench-tools"
    bins="--bins"
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

unset CARGO_ENCODED_RUSTFLAGS
flags="${RUSTFLAGS:-}"

gen="$root/target/pgo-instrumented"
use="$root/target/pgo"
# The training pages are copied outside the repository, so that no configuration is found
# above them but their own.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
raw="$work/profraw"
mkdir -p "$raw"

step "instrumented build"
# The training runs name their own profile files (LLVM_PROFILE_FILE in `train` below); a fixed
# path here keeps the build's flags, and so cargo's reuse of it, the same from one run of this
# script to the next. Build scripts and proc-macros run instrumented too and write there; what
# they count is not merged.
# shellcheck disable=SC2086 # $features and $bins are word lists
RUSTFLAGS="$flags -Cprofile-generate=$gen/profraw" cargo build --release --locked \
  --target-dir "$gen" $features --bin guide-lint >&2
rm -rf "$gen/profraw"
lint="$gen/release/guide-lint"

step "training runs"
# The pages the repository ships, in copies the runs may change: its guides (checked and built),
# every test fixture page (checked as pages of no project, then fixed), and the realistic and
# translation fixtures' projects with their own configuration (MkDocs English beside Wiki.js
# Danish: the translation pass), each also edited through the language server. Findings are
# expected: a check with findings exits with 1.
mkdir -p "$work/repo" "$work/fixtures"
cp -r guides guide-lint.yml "$work/repo/"
cp -r tests/fixtures/. "$work/fixtures/"
# One training run: its counts written to $raw, its standard error kept to be shown if it fails
# (any exit status but 0 and 1, which a check with findings gives).
train() {
  local status=0
  LLVM_PROFILE_FILE="$raw/%p-%m.profraw" "$lint" "$@" >/dev/null 2>"$work/stderr" || status=$?
  if [ "$status" -gt 1 ]; then
    echo "error: training run \`guide-lint $*\` in $(pwd) failed (exit status $status):" >&2
    cat "$work/stderr" >&2
    return 1
  fi
}

# A language-server session over stdio on the project in the working folder, as an editor
# drives it: every page opened and edited three times, then hover, definition, completion and
# code actions asked at eight of its lines, its links, saved and closed.
cat > "$work/session.py" <<'PY'
import json, os, sys
root = os.getcwd()
pages = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".md"))
out = sys.stdout.buffer
ids = iter(range(1, 1_000_000))
def send(msg):
    body = json.dumps({"jsonrpc": "2.0", **msg}).encode()
    out.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
send({"id": next(ids), "method": "initialize",
      "params": {"processId": None, "rootUri": "file://" + root, "capabilities": {}}})
send({"method": "initialized", "params": {}})
for p in pages:
    uri = "file://" + p
    text = open(p, encoding="utf-8").read()
    lines = text.count("\n")
    send({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    for version in range(2, 5):
        text += "\nA new line, edit %d.\n" % version
        send({"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}})
    doc = {"textDocument": {"uri": uri}}
    for line in range(0, lines, max(1, lines // 8)):
        at = {**doc, "position": {"line": line, "character": 4}}
        for method in ("hover", "definition", "completion"):
            send({"id": next(ids), "method": "textDocument/" + method, "params": at})
        span = {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}}
        send({"id": next(ids), "method": "textDocument/codeAction",
              "params": {**doc, "range": span, "context": {"diagnostics": []}}})
    send({"id": next(ids), "method": "textDocument/documentLink", "params": doc})
    send({"method": "textDocument/didSave", "params": doc})
    send({"method": "textDocument/didClose", "params": doc})
send({"id": next(ids), "method": "shutdown", "params": None})
send({"method": "exit", "params": None})
PY
for project in translation/pairs realistic/mkdocs-bilingual realistic/wikijs-repo; do
  (
    cd "$work/fixtures/$project"
    train check --no-cache --output-format concise
    train check --cache-dir "$work/cache" # human output, the cache written
    train check --cache-dir "$work/cache" # warm: read from the cache
    train check --no-cache --output-format json
    train status
    python3 "$work/session.py" > "$work/session.bin"
    train server < "$work/session.bin"
  )
done
(
  cd "$work/repo"
  train check --no-cache guides
  train build --out "$work/built"
)
(
  cd "$work/fixtures"
  train check --no-cache .
  train check --no-cache --output-format concise .
  train check --no-cache --fix --unsafe-fixes .
)

step "merging the profile"
"$profdata" merge -o "$work/merged.profdata" "$raw"
# One path for every run, so the flags (part of cargo's artefact names) stay the same; rustc
# names the profile among each crate's inputs, so cargo rebuilds when it changes. Replaced only
# when it differs (the counts of two trainings differ a little: threads, hash seeds).
profile="$gen/merged.profdata"
cmp -s "$work/merged.profdata" "$profile" || cp "$work/merged.profdata" "$profile"

step "optimised build"
# shellcheck disable=SC2086 # $features and $bins are word lists
RUSTFLAGS="$flags -Cprofile-use=$profile" cargo build --release --locked \
  --target-dir "$use" $features $bins >&2
echo "$use/release/guide-lint"
