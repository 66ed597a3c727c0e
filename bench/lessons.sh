#!/bin/sh
# Wall time of the whole lesson library on the embedded cluster, with --jobs 1 and --jobs 8
# (each scenario on its own embedded cluster). Prints each run's seconds and its summary line;
# exits non-zero if a run did not pass (a timing figure of a failing run means nothing).
# Usage: bench/lessons.sh [JOBS...]   (default: 1 8); needs build/kafka-scenario.
set -eu
cd "$(dirname "$0")/.."
bin=build/kafka-scenario
[ -x "$bin" ] || { echo "build first: scripts/setup" >&2; exit 2; }
[ "$#" -gt 0 ] || set -- 1 8
status=0
for jobs in "$@"; do
  out=$(mktemp)
  start=$(date +%s.%N)
  if "$bin" run scenarios --jobs "$jobs" >"$out" 2>&1; then rc=0; else rc=$?; fi
  end=$(date +%s.%N)
  printf 'jobs %-2s %6.1f s  %s\n' "$jobs" "$(awk "BEGIN { print $end - $start }")" "$(tail -n 1 "$out")"
  if [ "$rc" -ne 0 ]; then
    grep -E '^(FAIL|ERROR) ' "$out" >&2 || true
    status=1
  fi
  rm -f "$out"
done
exit "$status"
