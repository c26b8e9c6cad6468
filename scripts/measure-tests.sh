#!/usr/bin/env bash
# Measures the test command as docs/performance.md reports it: wall time, CPU time, the largest process
# and the peak memory of the whole process tree (sampled every half second), with the machine and how
# busy it was. Usage: bash scripts/measure-tests.sh [command …] (default: npx -y pnpm@10.34.8 test).
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
/usr/bin/time -v -o "$log/time" "${command[@]}" > "$log/output" 2>&1 &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(tree_rss "$pid")
  [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 0.5
done
status=0
wait "$pid" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
grep -E 'Elapsed|User time|System time|Maximum resident' "$log/time" | sed 's/^\s*/  /'
echo "  peak memory of the process tree (sampled): $((peak / 1024)) MB"
echo "  exit status $status; output in $log/output"
grep -E 'Test Files|Tests  |Duration' "$log/output" | sed 's/\x1b\[[0-9;]*m//g; s/^\s*/  /' || true
exit "$status"
