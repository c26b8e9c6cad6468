#!/usr/bin/env bash
# The test command (npx -y pnpm@10.34.8 test). Side by side from the start: vitest (it runs the sources, and
# needs nothing built), and the typecheck — `tsc -b packages/*`, which type-checks each package and writes its
# declarations (dist/*.d.ts), then `tsc -b` of the tests, examples and scripts against them — and the
# module-dependency rules (check:deps). Only the docs test needs the declarations (docs/cli.md's build runs
# `tsc -b` per package, which must not write them at the same time): it waits for the file named by
# STEGVIS_DECLARATIONS. Exits non-zero if anything fails.
set -uo pipefail
cd "$(dirname "$0")/.."

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
export STEGVIS_DECLARATIONS="$logs/declarations.done"
# One checker a project (--checkers 1): TypeScript 7 starts four by default, and each works out the types of zod,
# xstate and the rest again for its share of the files; beside vitest on two cores that is CPU the tests need. A
# typecheck from nothing took 16.7 s of CPU so against 30, and less wall time too.
(
  tsc -b --checkers 1 packages/*
  status=$?
  touch "$STEGVIS_DECLARATIONS"
  [ "$status" -eq 0 ] && tsc -b --checkers 1
) > "$logs/typecheck" 2>&1 &
typecheck=$!
node scripts/check-deps.mjs > "$logs/deps" 2>&1 &
deps=$!
vitest run "$@"
tests=$?
failed=$((tests != 0))

report() { # name, pid, log
  if wait "$2"; then echo "$1: no errors"; else echo "$1 failed:"; cat "$3"; failed=1; fi
}
report "typecheck of the packages, tests, examples and scripts (tsc -b)" "$typecheck" "$logs/typecheck"
report "module dependencies (check:deps, .dependency-cruiser.cjs)" "$deps" "$logs/deps"
exit "$failed"
