#!/usr/bin/env bash
# The man page the build wrote renders without a warning, and documents every subcommand and
# option `lrsched --help` shows. Usage: manpage_test.sh LRSCHED MANPAGE
set -uo pipefail
lrsched=$1
page=$2
failures=0

warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
if [[ -n $warnings ]]; then
  echo "FAIL: groff warns:"
  echo "$warnings"
  failures=$((failures + 1))
fi
if command -v man >/dev/null; then
  warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
  if [[ -n $warnings ]]; then
    echo "FAIL: man -l warns:"
    echo "$warnings"
    failures=$((failures + 1))
  fi
fi

text=$(groff -man -Tutf8 -P-cbou "$page" 2>/dev/null)
require() {
  if ! grep -qF -- "$1" <<<"$text"; then
    echo "FAIL: the page lacks '$1'"
    failures=$((failures + 1))
  fi
}
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS SCHEDULES "EXIT STATUS"; do
  require "$section"
done
# An option's entry: the option at the start of an indented line ("-o, --output FILE").
require_entry() {
  if ! grep -qE -- "^ +(-[a-z], )?$1([ ,]|\$)" <<<"$text"; then
    echo "FAIL: the page has no entry for '$1'"
    failures=$((failures + 1))
  fi
}
# Every subcommand and each of its options, as --help lists them.
commands=$("$lrsched" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}')
for command in $commands; do
  require "lrsched $command [options]"
  for option in $("$lrsched" "$command" --help | grep -oE -- '^ +(-[a-z],)?--?[a-z][a-z-]*' |
                  sed 's/.*[ ,]//'); do
    require_entry "$option"
  done
done
require "--format {csv|json}"
require "--lr LR[,LR...]"
require "CosineAnnealingWarmRestarts"
require "$("$lrsched" --version)"

if ((failures)); then
  exit 1
fi
echo "man page: renders cleanly and documents every command"
