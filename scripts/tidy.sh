#!/usr/bin/env bash
# clang-tidy (config: .clang-tidy) over every source of the library, the spec language and the
# CLI, using build/compile_commands.json (scripts/setup.sh makes it). Any finding fails the run.
# The libtorch adapter (torch/src) is left out: clang 14 cannot parse libtorch 1.13's headers
# with GCC 12's standard library (incomplete c10::IValue in std::vector).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f build/compile_commands.json ]]; then
  echo "tidy: build/compile_commands.json is missing; run scripts/setup.sh first" >&2
  exit 2
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
run-clang-tidy-14 -p build -j"$(nproc)" -quiet "$PWD/(src|cli)/" >"$log" 2>&1 || status=$?
grep -v -e "warnings generated" -e "^Suppressed" -e "^Use -header-filter" -e "^clang-tidy-14 " \
  "$log" || true
if ((status != 0)); then
  echo "tidy: findings above" >&2
  exit 1
fi
echo "tidy: clean"
