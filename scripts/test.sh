#!/usr/bin/env bash
# The test command (npx -y pnpm@10.34.8 test). First the packages' type declarations (tsc -b per package:
# it type-checks their sources and writes dist/*.d.ts), then, side by side, vitest and the typecheck of the
# tests, examples and scripts against those declarations: vitest keeps both cores busy, and the typecheck
# reads only what is already written, so they need not wait for each other. Exit non-zero if either fails.
set -uo pipefail
cd "$(dirname "$0")/.."

tsc -b packages/* || exit

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
tsc -b > "$log" 2>&1 &
typecheck=$!
vitest run "$@"
tests=$?
wait "$typecheck"
types=$?

if [ "$types" -ne 0 ]; then
  echo "typecheck of the tests, examples and scripts (tsc -b) failed:"
  cat "$log"
else
  echo "typecheck of the tests, examples and scripts (tsc -b): no errors"
fi
[ "$tests" -eq 0 ] && [ "$types" -eq 0 ]
