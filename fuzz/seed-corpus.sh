#!/bin/sh
# Seeds fuzz/corpus/<target>/ from fixtures/ (the corpora are never committed): each fixture and
# each regression whole, and cut into pieces of 16 lines, short enough for -max_len, so that the
# fuzzers start from every layout's headings, headers and rows rather than from the front matter
# alone.
set -eu
cd "$(dirname "$0")"
pieces=$(mktemp -d)
trap 'rm -rf "$pieces"' EXIT
fixtures="../fixtures/*.txt ../fixtures/*.md ../fixtures/regressions/*.txt"
for fixture in $fixtures; do
    split -l 16 "$fixture" "$pieces/$(basename "$fixture")."
done
for target in parse_audit render_human render_machine; do
    mkdir -p "corpus/$target"
    # shellcheck disable=SC2086 # the globs are meant to expand
    cp $fixtures "$pieces"/* "corpus/$target/"
done
echo "corpus/parse_audit now holds $(ls corpus/parse_audit | wc -l) inputs"
