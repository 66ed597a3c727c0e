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

#include "checks/common.h"

namespace ks::check_detail {

namespace {

/// The nearest-rank p-th percentile of `values` (not empty); reorders them.
int64_t NearestRank(std::vector<int64_t>& values, double p) {
  auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  size_t k = std::clamp<size_t>(rank, 1, values.size()) - 1;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

double Ms(int64_t us) { return static_cast<double>(us) / 1000.0; }

}  // namespace

CheckFigures ComputeLatency(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"p99_ms", 0}, {"p50_ms", 0}, {"max_ms", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  std::vector<RecordRef> invokes;
  std::vector<RecordRef> polls;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (!op.has_record() || (scope.topic != kNoId && op.topic != scope.topic)) continue;
    if (op.kind == OpKind::kSend && op.type == OpType::kInvoke) {
      invokes.push_back({op.seq, op.producer, static_cast<uint32_t>(i)});
    } else if (IsGroupPoll(op, scope)) {
      polls.push_back({op.seq, op.producer, static_cast<uint32_t>(i)});
    }
  }
  SortByRecord(invokes);
  UniqueByRecord(invokes);
  SortByRecord(polls);
  UniqueByRecord(polls);  // the first poll of each record: the earliest op

  std::vector<int64_t> latencies;
  latencies.reserve(std::min(invokes.size(), polls.size()));
  std::pair<uint32_t, uint32_t> slowest{kNoId, kNoId};
  int64_t slowest_us = 0;
  size_t v = 0;
  for (const RecordRef& poll : polls) {
    while (v < invokes.size() &&
           (invokes[v].producer < poll.producer ||
            (invokes[v].producer == poll.producer && invokes[v].seq < poll.seq))) {
      ++v;
    }
    if (v >= invokes.size() || !SameRecord(invokes[v], poll)) continue;
    int64_t us = history.ops[poll.op].time_us - history.ops[invokes[v].op].time_us;
    latencies.push_back(us);
    if (slowest.first == kNoId || us > slowest_us) {
      slowest = {invokes[v].op, poll.op};
      slowest_us = us;
    }
  }
  if (latencies.empty()) {
    out.nothing_to_judge =
        polls.empty() ? fmt::format("{} polled nothing", group)
                      : fmt::format("{} polled no record whose send is in the history", group);
    return out;
  }
  size_t n = latencies.size();
  int64_t p50 = NearestRank(latencies, 50);
  int64_t p99 = NearestRank(latencies, 99);
  out.figures = {{"p99_ms", Ms(p99)}, {"p50_ms", Ms(p50)}, {"max_ms", Ms(slowest_us)}};
  out.evidence_text.push_back(
      fmt::format("{} records first consumed by {}: p50 {} ms, p99 {} ms, "
                  "max {} ms",
                  n, group, Ms(p50), Ms(p99), Ms(slowest_us)));
  const Op& send = history.ops[slowest.first];
  const Op& poll = history.ops[slowest.second];
  out.evidence_text.push_back(fmt::format(
      "slowest: {} sent at {}, first polled by {} at {} at {}: {} ms", RecordWithKey(history, send),
      Seconds(send.time_us), ActorName(history, poll.actor), Where(history, poll),
      Seconds(poll.time_us), Ms(slowest_us)));
  AddEvidence(history, {slowest.first, slowest.second}, &out);
  return out;
}

}  // namespace ks::check_detail
