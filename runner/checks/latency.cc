// latency: time from a record's send to its first consumption by the group.
//
// Trogdor's ProduceBench and ConsumeBench (trogdor/README.md) report p50/p95/p99 and average
// latency; Jepsen's realtime-lag (kafka.clj) is the staleness seen by each poll. This is the
// end-to-end form per record: the first ok poll of the record by any member of the group minus
// the send's invoke (when the producer handed it to librdkafka), both on the runner's steady
// clock. Percentiles use the nearest-rank method: the value at rank ceil(p/100 * n) of the
// sorted latencies.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// The index of the nearest-rank p-th percentile among `n` sorted values (n > 0).
size_t NearestRank(size_t n, double p) {
  auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(n)));
  return std::clamp<size_t>(rank, 1, n) - 1;
}

double Ms(int64_t us) { return static_cast<double>(us) / 1000.0; }

enum : uint8_t { kNone, kInvoked, kPolled, kDone };

/// Per record, whichever of its first invoke and first poll came first; the latency is known
/// when the other arrives, as both are then final. A record's latency replaces its time once
/// known (kDone), so that they are gathered in one allocation of the right size at the end.
struct Pending {
  int64_t time_us = 0;
  uint32_t op = kNoId;
  uint8_t state = kNone;
  bool operator==(const Pending&) const = default;
};

/// The slowest record, the first in identity order among equals.
struct Slowest {
  uint32_t send = kNoId;
  uint32_t poll = kNoId;
  uint32_t producer = 0;
  uint64_t seq = 0;
  int64_t us = 0;
};

/// What the pass found.
struct Timings {
  DenseTable<Pending> pending{Pending{}, 0};
  size_t done = 0;  ///< records with a latency
  size_t polls = 0;
  Slowest slowest;
};

/// The pass: each record's latency, kept in `pending`, and the slowest.
Timings MeasureRecords(const History& history, const Scope& scope) {
  // The loop works on locals, moved out at the end: through the return slot every store
  // could alias the state.
  DenseTable<Pending> pending(Pending{}, DenseBudget(history));
  size_t done = 0;
  size_t polls = 0;
  Slowest slowest;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    if (!op.has_record() || (scope.topic != kNoId && op.topic != scope.topic)) continue;
    bool invoke = op.kind == OpKind::kSend && op.type == OpType::kInvoke;
    bool poll = !invoke && IsGroupConsume(op, scope);
    if (!invoke && !poll) continue;
    polls += poll;
    auto index = static_cast<uint32_t>(i);
    Pending& p = pending(op.producer, op.seq);
    if (p.state == kDone || p.state == (invoke ? kInvoked : kPolled)) continue;
    if (p.state == kNone) {
      p = {op.time_us, index, invoke ? kInvoked : kPolled};
      continue;
    }
    // Op times are within -2^47 to 2^47 - 1 (OpTime): their difference fits an int64_t.
    const int64_t us = invoke ? p.time_us - op.time_us : op.time_us - p.time_us;
    uint32_t send_op = invoke ? index : p.op;
    uint32_t poll_op = invoke ? p.op : index;
    p = {us, p.op, kDone};
    ++done;
    if (slowest.send == kNoId || us > slowest.us ||
        (us == slowest.us && (op.producer != slowest.producer ? op.producer < slowest.producer
                                                              : op.seq < slowest.seq))) {
      slowest = {send_op, poll_op, op.producer, op.seq, us};
    }
  }
  return {std::move(pending), done, polls, slowest};
}

/// The known latencies, in identity order.
std::vector<int64_t> Latencies(const Timings& timings) {
  std::vector<int64_t> latencies;
  latencies.reserve(timings.done);
  timings.pending.ForEach([&](uint32_t, uint64_t, const Pending& p) {
    if (p.state == kDone) latencies.push_back(p.time_us);
  });
  return latencies;
}

/// The nearest-rank p50 and p99 of `latencies` (not empty), which it partly reorders.
std::pair<int64_t, int64_t> P50AndP99(std::vector<int64_t>& latencies) {
  size_t n = latencies.size();
  // p99 ranks at or above p50, so once p50 is in place the p99 search needs only what lies above.
  size_t k50 = NearestRank(n, 50);
  size_t k99 = NearestRank(n, 99);
  auto at = [&](size_t k) { return latencies.begin() + static_cast<std::ptrdiff_t>(k); };
  std::nth_element(latencies.begin(), at(k50), latencies.end());
  if (k99 > k50) std::nth_element(at(k50 + 1), at(k99), latencies.end());
  return {latencies[k50], latencies[k99]};
}

}  // namespace

CheckFigures ComputeLatency(const History& history, const ExpectSpec& spec) {
  return ComputeLatencyKeeping(history, spec, nullptr);
}

CheckFigures ComputeLatencyKeeping(const History& history, const ExpectSpec& spec,
                                   std::vector<int64_t>* latencies_us) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"p99_ms", "p50_ms", "max_ms"}, &out, &scope))
    return out;
  const std::string& group = history.groups[scope.group];
  Timings timings = MeasureRecords(history, scope);
  if (timings.done == 0) {
    out.nothing_to_judge =
        timings.polls == 0 ? fmt::format("{} polled nothing", group)
                           : fmt::format("{} polled no record whose send is in the history", group);
    return out;
  }
  std::vector<int64_t> latencies = Latencies(timings);
  timings.pending = DenseTable<Pending>(Pending{}, 0);
  size_t n = latencies.size();
  auto [p50, p99] = P50AndP99(latencies);
  const Slowest& slowest = timings.slowest;
  out.figures = {{"p99_ms", Ms(p99)}, {"p50_ms", Ms(p50)}, {"max_ms", Ms(slowest.us)}};
  out.evidence_text.push_back(
      fmt::format("{} records first consumed by {}: p50 {} ms, p99 {} ms, "
                  "max {} ms",
                  n, group, Ms(p50), Ms(p99), Ms(slowest.us)));
  const Op& send = history.ops[slowest.send];
  const Op& poll = history.ops[slowest.poll];
  out.evidence_text.push_back(fmt::format(
      "slowest: {} sent at {}, first polled by {} at {} at {}: {} ms", RecordWithKey(history, send),
      Seconds(send.time_us), ActorName(history, poll.actor), Where(history, poll),
      Seconds(poll.time_us), Ms(slowest.us)));
  AddEvidence(history, {slowest.send, slowest.poll}, &out);
  if (latencies_us != nullptr) *latencies_us = std::move(latencies);
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(latency, check_detail::ComputeLatency, "latency")
