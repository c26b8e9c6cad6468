#!/usr/bin/env bash
# Measures the test command as docs/performance.md reports it: wall time, CPU time, the largest process
# and the peak memory of the whole process tree (sampled every second), with the machine and how busy it
# was, and the test files that took the most CPU time (vitest.setup.ts writes each file's to
# STEGVIS_TEST_CPU). Usage: bash scripts/measure-tests.sh [command …] (default: npx -y pnpm@10.34.8 test).
#
# The CPU time of everything the command starts: as root on a machine with cgroup v1's cpuacct (this one), the
# command runs in a cgroup of its own, which also counts what leaves the process tree — a PostgreSQL server
# started by pg_ctl, Chromium's renderers — and nothing else that runs on the machine meanwhile. Elsewhere,
# the machine's busy time from /proc/stat, which counts everything.
set -euo pipefail
cd "$(dirname "$0")/.."
command=("$@")
[ ${#command[@]} -gt 0 ] || command=(npx -y pnpm@10.34.8 test)
log="$(mktemp -d /tmp/stegvis-measure.XXXXXX)"

# The RSS of a process and all its descendants, in kB: one ps a sample (a ps per level of the tree cost
# 0.16 s of CPU a sample, a fifth of a core at two samples a second).
tree_rss() {
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '{ parent[$1] = $2; rss[$1] = $3 }
    END { for (p in parent) { q = p; while (q != root && (q in parent) && parent[q] != q && q > 1) q = parent[q]; if (q == root) s += rss[p] } print s + 0 }'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, Node $(node --version); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
machine() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat; }
read -r busy0 idle0 < <(machine)
cgroup=/sys/fs/cgroup/cpuacct/stegvis-measure-$$
if [ "$(id -u)" -eq 0 ] && mkdir "$cgroup" 2>/dev/null; then
  trap 'rmdir "$cgroup" 2>/dev/null || true' EXIT
  start=(bash -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$cgroup")
else
  cgroup=
  start=()
fi
STEGVIS_TEST_CPU="$log/files" /usr/bin/time -v -o "$log/time" "${start[@]}" "${command[@]}" > "$log/output" 2>&1 &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(tree_rss "$pid")
  [ "$rss" -gt "$peak" ] && peak=$rss
  sleep 1
done
status=0
wait "$pid" || status=$?
read -r busy1 idle1 < <(machine)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$cgroup" ]; then
  # Processes the command left behind would still count; the test command leaves none.
  echo "  CPU of everything the command started (its cgroup): $(awk '{printf "%.1f", $1 / 1e9}' "$cgroup/cpuacct.usage") s ($(awk '{printf "%s %.1f s ", $1, $2 / 100}' "$cgroup/cpuacct.stat"))"
fi
echo "  the machine over the run: busy $(((busy1 - busy0) / 100)) s, idle $(((idle1 - idle0) / 100)) s (all cores, whatever ran)"
grep -E 'Elapsed|User time|System time|Maximum resident' "$log/time" | sed 's/^\s*/  /'
echo "  peak memory of the process tree (sampled): $((peak / 1024)) MB"
echo "  exit status $status; output in $log/output"
grep -E 'Test Files|Tests  |Duration' "$log/output" | sed 's/\x1b\[[0-9;]*m//g; s/^\s*/  /' || true
if [ -s "$log/files" ]; then
  echo "  test files by CPU time (their worker's and child processes'; s CPU, s wall, file), of $(awk '{s += $1} END {printf "%.0f", s}' "$log/files") s in all:"
  sort -rn "$log/files" | head -n 12 | sed "s|$PWD/|    |"
fi
exit "$status"
