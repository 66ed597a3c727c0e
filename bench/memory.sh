#!/bin/bash
# Peak memory (RSS, /usr/bin/time's %M) of a run, per record, in two places:
# - outside: the cluster is `kafka-scenario broker` in a process of its own, started fresh for
#   each run with the scenario's topic, so the figure is the runner's own: its history, its
#   clients' buffers, judging;
# - inside: the embedded cluster in the runner's process, as `run SCENARIO` with no cluster
#   given, so the figure also holds the embedded cluster's copy of every record.
# With ANCHOR (another build's kafka-scenario), each run of this build is followed by the same
# run of the anchor (the order alternating), on the same kind of broker (this build's).
# Prints min / median / max of the peaks in MiB and in bytes per record (an even count's median
# is the upper middle, as bench/README.md's figures); exits non-zero if a run did not pass (a
# figure of a failing run means nothing). SCENARIO: one topic, one producer, no steps (so that
# its `messages` is the run's record count), as bench/throughput-3m.yaml.
# Usage: bench/memory.sh SCENARIO RUNS [ANCHOR]   e.g. bench/memory.sh bench/throughput-3m.yaml 5
# Needs build/kafka-scenario and /usr/bin/time (Debian's `time` package).
set -euo pipefail
usage() { sed -n '2,15p' "$self" >&2; exit 2; }
self=$(realpath "$0")
[ "$#" -ge 2 ] || usage
scenario=$(realpath "$1") runs=$2 anchor=${3:+$(realpath "$3")}
cd "$(dirname "$self")/.."
bin=build/kafka-scenario
[ -x "$bin" ] || { echo "build first: scripts/setup --target kafka-scenario" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "RUNS: a count of runs from 1, not '$runs'" >&2; usage; }
[ -r "$scenario" ] || { echo "$1: no such file" >&2; exit 2; }
[ -z "$anchor" ] || [ -x "$anchor" ] || { echo "$3: not an executable" >&2; exit 2; }

# The record count and the topic, name:partitions (the embedded cluster creates no topic for a
# client: `broker` creates it, the run uses it with --existing-topics).
producers=$(grep -cE '^[[:space:]]+messages:[[:space:]]*[0-9]+[[:space:]]*(#.*)?$' "$scenario" ||
  true)
records=$(grep -m1 -E '^[[:space:]]+messages:' "$scenario" | grep -oE '[0-9]+' | head -n 1 || true)
topic=$(awk '/^topics:/ { t = 1; next } t && /^[^[:space:]#-]/ { exit }
  t && match($0, /name:[[:space:]]*"?[A-Za-z0-9._-]+/) && n == "" {
    n = substr($0, RSTART, RLENGTH); sub(/name:[[:space:]]*"?/, "", n) }
  t && match($0, /partitions:[[:space:]]*[0-9]+/) && n != "" {
    p = substr($0, RSTART, RLENGTH); sub(/partitions:[[:space:]]*/, "", p); print n ":" p; exit }
' "$scenario")
if [ "$producers" != 1 ] || grep -qE '^steps:' "$scenario" || [ -z "$topic" ]; then
  echo "$1: wants one producer with 'messages: N', no steps, and a topic with 'partitions: N'" >&2
  exit 2
fi

work=$(mktemp -d)
broker_pid=
# Stops the broker: TERM, then KILL if it has not exited within 10 s.
stop_broker() {
  [ -n "$broker_pid" ] || return 0
  kill "$broker_pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$broker_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$broker_pid" 2>/dev/null || true
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=
}
trap 'stop_broker; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# Starts a fresh `broker`; sets $bootstrap from its first line. 30 s at most.
start_broker() {
  : >"$work/broker.out"
  "$bin" broker --topics "$topic" >"$work/broker.out" 2>&1 &
  broker_pid=$!
  for _ in $(seq 300); do
    if line=$(grep -m1 '^bootstrap.servers=' "$work/broker.out"); then
      bootstrap=${line#bootstrap.servers=}
      return 0
    fi
    kill -0 "$broker_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "the broker printed no bootstrap.servers (30 s at most):" >&2
  cat "$work/broker.out" >&2
  return 1
}

# measure NAME BIN WHERE: one run; appends its peak in KiB to $work/NAME.WHERE.
measure() {
  local name=$1 run_bin=$2 where=$3 cluster=() rc=0
  if [ "$where" = outside ]; then
    start_broker
    cluster=(--bootstrap-servers "$bootstrap" --existing-topics)
  fi
  # timeout in the foreground: Ctrl-C reaches the run. %M is the largest of time's child
  # (timeout) and the children it waited for: the run's peak.
  /usr/bin/time -o "$work/time" -f '%M' timeout --foreground -k 30 1200 \
    "$run_bin" run "${cluster[@]}" "$scenario" >"$work/run.out" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "$name, $where: the run did not pass (exit $rc; 124: 1200 s passed):" >&2
    tail -n 20 "$work/run.out" >&2
    exit 1
  fi
  stop_broker
  tail -n 1 "$work/time" >>"$work/$name.$where"
}

# summary FILE: "min / median / max MiB  min / median / max B a record" of the peaks in FILE.
summary() {
  sort -n "$1" | awk -v r="$records" '
    { kib[NR] = $1 }
    END {
      m = kib[int(NR / 2) + 1]
      printf "%6.0f / %6.0f / %6.0f MiB   %4.0f / %4.0f / %4.0f B a record\n",
        kib[1] / 1024, m / 1024, kib[NR] / 1024,
        kib[1] * 1024 / r, m * 1024 / r, kib[NR] * 1024 / r
    }'
}

names=(this)
[ -n "$anchor" ] && names+=(anchor)
for i in $(seq "$runs"); do
  order=("${names[@]}")
  if [ $((i % 2)) -eq 0 ] && [ -n "$anchor" ]; then order=(anchor this); fi
  for name in "${order[@]}"; do
    run_bin=$bin
    [ "$name" = anchor ] && run_bin=$anchor
    for where in outside inside; do measure "$name" "$run_bin" "$where"; done
  done
  echo "run $i of $runs done" >&2
done

echo "$scenario: $records records, $runs runs, peak RSS min / median / max"
for name in "${names[@]}"; do
  for where in outside inside; do
    printf '%-6s %-7s %s\n' "$name" "$where" "$(summary "$work/$name.$where")"
  done
done
