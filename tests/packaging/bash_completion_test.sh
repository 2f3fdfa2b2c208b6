#!/usr/bin/env bash
# The bash completion the build wrote: sourced into bash, asked as <TAB> would ask it.
# Usage: bash_completion_test.sh LRSCHED COMPLETION_SCRIPT
set -uo pipefail
lrsched=$1
# shellcheck source=/dev/null
source "$2"
failures=0

# complete WORD... : COMPREPLY, space-separated, for the last word being completed.
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=()
  _lrsched
  echo "${COMPREPLY[*]}"
}

expect() {
  local want=$1
  shift
  local got
  got=$(complete_words "$@")
  if [[ $got != "$want" ]]; then
    echo "FAIL: '$*<TAB>' gave [$got], expected [$want]"
    failures=$((failures + 1))
  fi
}

expect "simulate" lrsched sim
# The hidden commands (completion, man) are not offered.
expect "simulate gallery list plot describe -h --help --version" lrsched ""
expect "" lrsched com
expect "--optimizer" lrsched simulate --opt
expect "--momentum --momentum-panel" lrsched plot --mom
expect "csv json" lrsched simulate --format ""
expect "json" lrsched simulate --format = j
expect "png svg pdf" lrsched gallery --format ""
expect "CosineAnnealingLR CosineAnnealingWarmRestarts" lrsched plot CosineA
expect "StepLR StepLRScheduler" lrsched describe Step
expect "OneCycleLR" lrsched plot "StepLR(3)" --then OneC
expect "warmup_cosine_decay_schedule" lrsched simulate --lr 1 warmup_cos
# After an option that takes free text, nothing is offered.
expect "" lrsched simulate --steps ""

# Every schedule `lrsched list` shows, and only those, for an empty SPEC.
want=$("$lrsched" list | sed 's/(.*//' | tr '\n' ' ')
expect "${want% }" lrsched simulate ""

# Paths: files for -o, folders only for gallery's -o.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/runs"
touch "$dir/run.json"
expect "$dir/run.json $dir/runs" lrsched simulate -o "$dir/run"
expect "$dir/runs" lrsched gallery --output "$dir/run"

if ((failures)); then
  exit 1
fi
echo "bash completion: all cases pass"
