#!/usr/bin/env bash
# The test command (npx -y pnpm@10.34.8 test). First the packages' type declarations (tsc -b per package:
# it type-checks their sources and writes dist/*.d.ts), then, side by side, vitest, the typecheck of the
# tests, examples and scripts against those declarations, and the module-dependency rules (check:deps).
# vitest keeps both cores busy, and the two checks read only what is already written, so they need not
# wait for each other. Exits non-zero if any fails.
set -uo pipefail
cd "$(dirname "$0")/.."

tsc -b packages/* || exit

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
tsc -b > "$logs/typecheck" 2>&1 &
typecheck=$!
pnpm --silent check:deps > "$logs/deps" 2>&1 &
deps=$!
vitest run "$@"
tests=$?
failed=$((tests != 0))

report() { # name, pid, log
  if wait "$2"; then echo "$1: no errors"; else echo "$1 failed:"; cat "$3"; failed=1; fi
}
report "typecheck of the tests, examples and scripts (tsc -b)" "$typecheck" "$logs/typecheck"
report "module dependencies (check:deps, .dependency-cruiser.cjs)" "$deps" "$logs/deps"
exit "$failed"
