#!/bin/sh
# Runs the lrsched binary given as $1 under Valgrind memcheck with the remaining arguments, for
# the CLI contract test: any memory error or definite leak makes the command fail (status 97)
# and prints Valgrind's report on stderr, which the contract test then reports too.
bin="$1"
shift
exec valgrind --quiet --error-exitcode=97 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --track-origins=yes "$bin" "$@"
