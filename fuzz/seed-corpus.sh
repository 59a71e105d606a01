#!/bin/sh
# Seeds every fuzz target's corpus with the project's pages: the rule fixtures, the valid-page
# fixtures, the seeds and the guides. Run from the repository root or from fuzz/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
for target in parse check fix build_page; do
    mkdir -p "$root/fuzz/corpus/$target"
    find "$root/tests/fixtures" "$root/guides" -type f \( -name '*.md' -o -name '*.txt' \) |
        while read -r f; do
            name=$(printf '%s' "$f" | sha256sum | cut -c1-16)
            cp "$f" "$root/fuzz/corpus/$target/$name"
        done
done
echo "seeded $(ls "$root/fuzz/corpus/parse" | wc -l) files per target"
