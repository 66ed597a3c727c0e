#!/bin/bash
# Peak memory (RSS, /usr/bin/time's %M) of a run, per record, in two places:
# - outside: the cluster is `kafka-scenario broker` in a process of its own, started fresh for
#   each run with the scenario's first topic, so the figure is the runner's own: its history, its
#   clients' buffers, judging;
# - inside: the embedded cluster in the runner's process, as `run SCENARIO` with no cluster
#   given, so the figure also holds the embedded cluster's copy of every record.
# With ANCHOR (another build's kafka-scenario), each run of this build is followed by the same
# run of the anchor (the order alternating), on the same kind of broker (this build's).
# Prints min / median / max of the peaks in MiB and in bytes per record; exits non-zero if a run
# did not pass (a figure of a failing run means nothing).
# Usage: bench/memory.sh SCENARIO RUNS [ANCHOR]   e.g. bench/memory.sh bench/throughput-3m.yaml 5
# Needs build/kafka-scenario and /usr/bin/time (Debian's `time` package).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -ge 2 ] || { sed -n '2,14p' "$0" >&2; exit 2; }
scenario=$1 runs=$2 anchor=${3:-}
bin=build/kafka-scenario
[ -x "$bin" ] || { echo "build first: scripts/setup --target kafka-scenario" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time: apt-get install time" >&2; exit 2; }
records=$(grep -m1 -oE 'messages: *[0-9]+' "$scenario" | grep -oE '[0-9]+$' || true)
# The scenario's first topic, name:partitions, for the broker to create (the mock cluster creates
# no topics for a client: the run uses it with --existing-topics).
topic=$(awk '/^topics:/ { t = 1 } t && /name:/ && !n { n = $NF } t && /partitions:/ { print n ":" $NF; exit }' "$scenario")
[ -n "$records" ] && [ -n "$topic" ] ||
  { echo "$scenario: wants 'messages: N' and a topic with 'partitions: N'" >&2; exit 2; }

work=$(mktemp -d)
broker_pid=
stop_broker() {
  [ -n "$broker_pid" ] || return 0
  kill "$broker_pid" 2>/dev/null || true
  wait "$broker_pid" 2>/dev/null || true
  broker_pid=
}
trap 'stop_broker; rm -rf "$work"' EXIT

# Starts a fresh `broker`; sets $bootstrap from its first line. 30 s at most.
start_broker() {
  "$bin" broker --topics "$topic" >"$work/broker.out" 2>&1 &
  broker_pid=$!
  for _ in $(seq 300); do
    if line=$(grep -m1 '^bootstrap.servers=' "$work/broker.out"); then
      bootstrap=${line#bootstrap.servers=}
      return 0
    fi
    sleep 0.1
  done
  echo "broker printed no bootstrap.servers in 30 s:" >&2
  cat "$work/broker.out" >&2
  return 1
}

# measure NAME BIN WHERE: one run; appends its peak in KiB to $work/NAME.WHERE.
measure() {
  local name=$1 run_bin=$2 where=$3 cluster=()
  if [ "$where" = outside ]; then
    start_broker
    cluster=(--bootstrap-servers "$bootstrap" --existing-topics)
  fi
  if ! timeout 1200 /usr/bin/time -o "$work/time" -f '%M' \
      "$run_bin" run "${cluster[@]}" "$scenario" >"$work/run.out" 2>&1; then
    echo "$name, $where: the run did not pass:" >&2
    tail -n 20 "$work/run.out" >&2
    exit 1
  fi
  stop_broker
  tail -n 1 "$work/time" >>"$work/$name.$where"
}

# summary FILE: "min / median / max MiB  (min / median / max B a record)" of the peaks in FILE.
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
    printf '%-6s %-7s %s' "$name" "$where" "$(summary "$work/$name.$where")"
    echo
  done
done
