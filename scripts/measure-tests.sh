#!/usr/bin/env bash
# Measures the test command as docs/performance.md reports it: wall time, CPU time, the largest process
# and the peak memory of the whole process tree (sampled every half second), with the machine and how
# busy it was, and the test files that took the most CPU time (vitest.setup.ts writes each file's to
# STEGVIS_TEST_CPU). Usage: bash scripts/measure-tests.sh [command …] (default: npx -y pnpm@10.34.8 test).
set -euo pipefail
cd "$(dirname "$0")/.."
command=("$@")
[ ${#command[@]} -gt 0 ] || command=(npx -y pnpm@10.34.8 test)
log="$(mktemp -d /tmp/stegvis-measure.XXXXXX)"

# The RSS of a process and all its descendants, in kB.
tree_rss() {
  local pids=("$1") all=() next
  while [ ${#pids[@]} -gt 0 ]; do
    all+=("${pids[@]}")
    next=$(ps -o pid= --ppid "$(IFS=,; echo "${pids[*]}")" 2>/dev/null | tr -d ' ' || true)
    # shellcheck disable=SC2206
    pids=($next)
  done
  ps -o rss= -p "$(IFS=,; echo "${all[*]}")" 2>/dev/null | awk '{s += $1} END {print s + 0}'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, Node $(node --version); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# The machine's busy and idle time over the run (/proc/stat, in clock ticks): the busy part includes what
# /usr/bin/time cannot see, a PostgreSQL server started by pg_ctl (it leaves the process tree).
machine() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat; }
read -r busy0 idle0 < <(machine)
STEGVIS_TEST_CPU="$log/files" /usr/bin/time -v -o "$log/time" "${command[@]}" > "$log/output" 2>&1 &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(tree_rss "$pid")
  [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 0.5
done
status=0
wait "$pid" || status=$?
read -r busy1 idle1 < <(machine)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  the machine over the run: busy $(((busy1 - busy0) / 100)) s, idle $(((idle1 - idle0) / 100)) s (all cores)"
grep -E 'Elapsed|User time|System time|Maximum resident' "$log/time" | sed 's/^\s*/  /'
echo "  peak memory of the process tree (sampled): $((peak / 1024)) MB"
echo "  exit status $status; output in $log/output"
grep -E 'Test Files|Tests  |Duration' "$log/output" | sed 's/\x1b\[[0-9;]*m//g; s/^\s*/  /' || true
if [ -s "$log/files" ]; then
  echo "  test files by CPU time (their worker's and child processes'; s CPU, s wall, file), of $(awk '{s += $1} END {printf "%.0f", s}' "$log/files") s in all:"
  sort -rn "$log/files" | head -n 12 | sed "s|$PWD/|    |"
fi
exit "$status"
