#include "checks/timeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <tuple>

#include "checks/common.h"
#include "checks/ownership.h"
#include "checks/timeline_events.h"

namespace ks {
namespace {

using check_detail::GroupOwnership;
using check_detail::PartitionSlots;

double Ms(int64_t us) { return static_cast<double>(us) / 1000.0; }

// A step series that keeps at most four points per interval, its first, lowest, highest and last
// values (M4 downsampling), so that a long run's series stays within its share of the points and
// a fall within one interval (a position rewinding after a crash, then reading again) still shows.
class StepSeries {
 public:
  explicit StepSeries(double interval_ms = 100) : interval_ms_(interval_ms) {}

  void Set(double t_ms, int64_t value) {
    const auto interval = static_cast<int64_t>(t_ms / interval_ms_);
    if (open_ && interval != interval_) Flush();
    const Kept p{t_ms, value, sets_++};
    if (!open_) {
      open_ = true;
      interval_ = interval;
      first_ = low_ = high_ = last_ = p;
      return;
    }
    if (value < low_.value) low_ = p;
    if (value > high_.value) high_ = p;
    last_ = p;
  }
  bool empty() const { return points_.empty() && !open_; }
  StepPoints Take() {
    if (open_) Flush();
    return std::move(points_);
  }

 private:
  struct Kept {
    double t_ms = 0;
    int64_t value = 0;
    uint64_t order = 0;  // which Set() it was: ops of one microsecond keep their order
  };

  void Flush() {
    std::array<Kept, 4> kept = {first_, low_, high_, last_};
    std::sort(kept.begin(), kept.end(),
              [](const Kept& a, const Kept& b) { return a.order < b.order; });
    for (size_t k = 0; k < kept.size(); ++k) {
      if (k > 0 && kept[k].order == kept[k - 1].order) continue;  // one point kept twice
      // A step holds its value: a point that repeats the one before it adds nothing.
      if (points_.empty() || points_.back().second != kept[k].value) {
        points_.emplace_back(kept[k].t_ms, kept[k].value);
      }
    }
    open_ = false;
  }

  double interval_ms_;
  bool open_ = false;
  int64_t interval_ = 0;
  uint64_t sets_ = 0;
  Kept first_, low_, high_, last_;
  StepPoints points_;
};

// What one pass learns before the series are built: the groups' topics (assigned or polled by
// a member: the lag check's scope), the members of each group, and how many actors sent.
struct Layout {
  PartitionSlots slots;
  std::vector<std::pair<uint32_t, int32_t>> slot_names;  // slot -> (topic, partition)
  std::vector<std::vector<uint8_t>> group_topics;        // [group][topic]
  std::vector<std::vector<uint32_t>> members;            // [group] -> member actors
  size_t senders = 0;  // actors with an acknowledged send: producers, members writing outputs

  explicit Layout(const History& h) : slots(h) {}
};

Layout Survey(const History& history) {
  Layout layout(history);
  const size_t topics = history.topics.size();
  layout.slot_names.resize(layout.slots.size());
  for (uint32_t t = 0; t < topics; ++t) {
    for (int32_t p = 0; p < layout.slots.PartitionsSeen(t); ++p) {
      layout.slot_names[static_cast<size_t>(layout.slots.Slot(t, p))] = {t, p};
    }
  }
  layout.group_topics.assign(history.groups.size(), std::vector<uint8_t>(topics, 0));
  layout.members.resize(history.groups.size());
  for (uint32_t a = 0; a < history.actors.size(); ++a) {
    const uint32_t g = history.GroupOf(a);
    if (g < layout.members.size()) layout.members[g].push_back(a);
  }
  std::vector<uint8_t> sends(history.actors.size(), 0);
  for (const Op& op : history.ops) {
    const uint32_t g = history.GroupOf(op.actor);
    if (op.topic < topics && g < history.groups.size() &&
        (op.kind == OpKind::kAssign || op.kind == OpKind::kPoll)) {
      layout.group_topics[g][op.topic] = 1;
    }
    if (op.kind == OpKind::kSend && op.type == OpType::kOk && op.has_record() &&
        op.actor < sends.size()) {
      sends[op.actor] = 1;
    }
  }
  layout.senders = static_cast<size_t>(std::count(sends.begin(), sends.end(), 1));
  return layout;
}

// Records per bucket: a producer's acknowledged sends, a group's ok polls.
std::vector<Timeline::Rate> Rates(const History& history, int64_t bucket_us, size_t buckets) {
  std::vector<std::vector<uint32_t>> acked(history.actors.size());
  std::vector<std::vector<uint32_t>> polled(history.groups.size());
  auto count = [&](std::vector<uint32_t>& counts, int64_t time_us) {
    if (counts.empty()) counts.assign(buckets, 0);
    const auto b = static_cast<size_t>(std::max<int64_t>(0, time_us) / bucket_us);
    ++counts[std::min(b, buckets - 1)];
  };
  for (const Op& op : history.ops) {
    if (op.type != OpType::kOk || op.actor >= history.actors.size()) continue;
    if (op.kind == OpKind::kSend && op.has_record()) count(acked[op.actor], op.time_us);
    const uint32_t g = history.GroupOf(op.actor);
    if (op.kind == OpKind::kPoll && g < polled.size()) count(polled[g], op.time_us);
  }
  std::vector<Timeline::Rate> rates;
  for (size_t a = 0; a < acked.size(); ++a) {
    if (!acked[a].empty()) {
      rates.push_back({history.actors[a].name, "acknowledged", std::move(acked[a])});
    }
  }
  for (size_t g = 0; g < polled.size(); ++g) {
    if (!polled[g].empty()) rates.push_back({history.groups[g], "consumed", std::move(polled[g])});
  }
  return rates;
}

// Wide enough for a sum of any number of partitions' lags of up to 2^47 each (an op's offset is
// at most 2^47 - 1); a GCC and clang extension, hence the marker that keeps -Wpedantic
// quiet.
__extension__ using WideLag = __int128;

// The offset after `offset`, for a record at `offset` (an op's offset is at most 2^47 - 1).
int64_t Next(int64_t offset) { return offset + 1; }

// Log ends, positions, commits and lag, replayed op by op.
class OffsetReplay {
 public:
  OffsetReplay(const History& history, const Layout& layout, double interval_ms)
      : history_(history), layout_(layout) {
    const size_t slots = layout.slots.size();
    const size_t groups = history.groups.size();
    log_end_.assign(slots, 0);
    log_start_.assign(slots, 0);
    log_end_series_.assign(slots, StepSeries(interval_ms));
    committed_.assign(groups, std::vector<int64_t>(slots, -1));
    position_series_.assign(groups, std::vector<StepSeries>(slots, StepSeries(interval_ms)));
    committed_series_.assign(groups, std::vector<StepSeries>(slots, StepSeries(interval_ms)));
    touched_.assign(groups, std::vector<uint8_t>(slots, 0));
    lag_.assign(groups, 0);
    lag_series_.assign(groups, StepSeries(interval_ms));
    before_.resize(groups);
  }

  void Apply(const Op& op) {
    const int64_t s = layout_.slots.Slot(op.topic, op.partition);
    if (s < 0) return;
    const auto slot = static_cast<size_t>(s);
    const double t = Ms(op.time_us);
    if (op.kind == OpKind::kSend && op.type == OpType::kOk && op.offset >= 0) {
      if (Next(op.offset) > log_end_[slot]) MoveEnds(slot, t, Next(op.offset), log_start_[slot]);
    } else if (op.kind == OpKind::kWatermark) {
      // The broker's own reading: it may be lower than the acks made it (a recreated topic).
      MoveEnds(slot, t, std::max<int64_t>(0, op.offset), log_start_[slot]);
    } else if (op.kind == OpKind::kLogStart) {
      MoveEnds(slot, t, log_end_[slot], op.offset);
    }
    const uint32_t g = history_.GroupOf(op.actor);
    if (g >= history_.groups.size() || op.type != OpType::kOk) return;
    if (op.kind == OpKind::kAssign) {
      touched_[g][slot] = 1;
    } else if ((op.kind == OpKind::kPoll || op.kind == OpKind::kSeek) && op.offset >= 0) {
      // A seek to the beginning or end (-2, -1) names no offset: the next poll shows where.
      touched_[g][slot] = 1;
      position_series_[g][slot].Set(
          t, op.kind == OpKind::kPoll ? Next(op.offset) : int64_t{op.offset});
    } else if (op.kind == OpKind::kCommit && op.offset >= 0) {
      touched_[g][slot] = 1;
      const int64_t before = Contribution(g, slot);
      committed_[g][slot] = op.offset;
      committed_series_[g][slot].Set(t, op.offset);
      AddLag(g, before, Contribution(g, slot), t);
    }
  }

  std::vector<Timeline::Partition> TakePartitions() {
    std::vector<Timeline::Partition> out;
    for (size_t slot = 0; slot < layout_.slot_names.size(); ++slot) {
      const auto [topic, partition] = layout_.slot_names[slot];
      Timeline::Partition p{
          history_.topics.Get(topic), partition, log_end_series_[slot].Take(), {}};
      for (size_t g = 0; g < history_.groups.size(); ++g) {
        if (touched_[g][slot] == 0) continue;
        p.groups.push_back({history_.groups[g], position_series_[g][slot].Take(),
                            committed_series_[g][slot].Take()});
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  std::vector<Timeline::Lag> TakeLag() {
    std::vector<Timeline::Lag> out;
    for (size_t g = 0; g < history_.groups.size(); ++g) {
      if (!lag_series_[g].empty()) out.push_back({history_.groups[g], lag_series_[g].Take()});
    }
    return out;
  }

 private:
  // Sets the partition's log end and log start, and every group's lag with them.
  void MoveEnds(size_t slot, double t, int64_t end, int64_t start) {
    for (size_t g = 0; g < before_.size(); ++g) before_[g] = Contribution(g, slot);
    // A reading is a point even where it changes nothing: an empty partition charts as 0.
    log_end_series_[slot].Set(t, end);
    log_end_[slot] = end;
    log_start_[slot] = start;
    for (size_t g = 0; g < before_.size(); ++g) AddLag(g, before_[g], Contribution(g, slot), t);
  }

  // The partition's share of group g's lag (check_detail::PartitionLag): 0 outside its topics.
  int64_t Contribution(size_t g, size_t slot) const {
    if (layout_.group_topics[g][layout_.slot_names[slot].first] == 0) return 0;
    return check_detail::PartitionLag(log_end_[slot], committed_[g][slot], log_start_[slot]);
  }

  void AddLag(size_t g, int64_t before, int64_t after, double t) {
    if (before == after) return;
    lag_[g] += static_cast<WideLag>(after) - before;
    lag_series_[g].Set(t, static_cast<int64_t>(std::min<WideLag>(lag_[g], INT64_MAX)));
  }

  const History& history_;
  const Layout& layout_;
  std::vector<int64_t> log_end_;
  std::vector<int64_t> log_start_;
  std::vector<StepSeries> log_end_series_;
  std::vector<std::vector<int64_t>> committed_;
  std::vector<std::vector<StepSeries>> position_series_;
  std::vector<std::vector<StepSeries>> committed_series_;
  std::vector<std::vector<uint8_t>> touched_;
  // Each partition's share is at most 2^47; a sum over 2^16 partitions or more may not fit 64 bits.
  std::vector<WideLag> lag_;
  std::vector<StepSeries> lag_series_;
  std::vector<int64_t> before_;  // MoveEnds' scratch, by group
};

bool ChangesOwnership(OpKind k) {
  return k == OpKind::kAssign || k == OpKind::kRevoke || k == OpKind::kStart ||
         k == OpKind::kStop || k == OpKind::kCrash;
}

// Group g's members' spans, replayed with the assignment check's GroupOwnership.
void AddOwnership(const History& history, const Layout& layout, uint32_t g, double end_ms,
                  std::vector<Timeline::Ownership>* out) {
  const std::vector<uint32_t>& members = layout.members[g];
  GroupOwnership own(history, members);
  const size_t width = own.slots().size();
  std::vector<std::vector<double>> open(members.size(), std::vector<double>(width, -1));
  std::vector<Timeline::Ownership> lanes(members.size());
  auto close = [&](size_t m, size_t slot, double to) {
    const auto [topic, partition] = layout.slot_names[slot];
    lanes[m].spans.push_back({history.topics.Get(topic), partition, open[m][slot], to});
    open[m][slot] = -1;
  };
  for (size_t i = 0; i < history.ops.size(); ++i) {
    own.Apply(i);
    const Op& op = history.ops[i];
    const uint32_t m = own.MemberOf(op.actor);
    if (m == kNoId || !ChangesOwnership(op.kind)) continue;
    for (size_t slot = 0; slot < width; ++slot) {
      const bool held = own.Assigned(m, slot) != kNoId;
      if (held && open[m][slot] < 0) open[m][slot] = Ms(op.time_us);
      if (!held && open[m][slot] >= 0) close(m, slot, Ms(op.time_us));
    }
  }
  for (size_t m = 0; m < members.size(); ++m) {
    for (size_t slot = 0; slot < width; ++slot) {
      if (open[m][slot] >= 0) close(m, slot, end_ms);
    }
    std::sort(
        lanes[m].spans.begin(), lanes[m].spans.end(),
        [](const Timeline::Span& a, const Timeline::Span& b) { return a.from_ms < b.from_ms; });
    lanes[m].member = history.actors[members[m]].name;
    lanes[m].group = history.groups[g];
    out->push_back(std::move(lanes[m]));
  }
}

// Keeps the `max_spans` spans that began first (ties by lane, then by place in it) and counts
// the others in `spans_dropped`: the chart shows how the run began.
void DropLatestSpans(size_t max_spans, Timeline* timeline) {
  struct Start {
    double from_ms;
    size_t lane;
    size_t index;
    bool operator<(const Start& o) const {
      return std::tie(from_ms, lane, index) < std::tie(o.from_ms, o.lane, o.index);
    }
  };
  std::vector<Start> starts;
  for (size_t lane = 0; lane < timeline->ownership.size(); ++lane) {
    const auto& spans = timeline->ownership[lane].spans;
    for (size_t i = 0; i < spans.size(); ++i) starts.push_back({spans[i].from_ms, lane, i});
  }
  if (starts.size() <= max_spans) return;
  std::nth_element(starts.begin(), starts.begin() + static_cast<std::ptrdiff_t>(max_spans),
                   starts.end());
  std::vector<std::vector<uint8_t>> drop(timeline->ownership.size());
  for (size_t lane = 0; lane < drop.size(); ++lane) {
    drop[lane].assign(timeline->ownership[lane].spans.size(), 0);
  }
  for (size_t k = max_spans; k < starts.size(); ++k) drop[starts[k].lane][starts[k].index] = 1;
  for (size_t lane = 0; lane < drop.size(); ++lane) {
    auto& spans = timeline->ownership[lane].spans;
    size_t kept = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
      if (drop[lane][i] == 0) spans[kept++] = std::move(spans[i]);
    }
    spans.resize(kept);
  }
  timeline->spans_dropped = starts.size() - max_spans;
}

// Latency bucket edges in ms: 1-2-5 steps from 1 ms, up to the first edge above `max_ms`.
std::vector<double> LatencyEdges(double max_ms) {
  std::vector<double> edges = {0};
  for (double decade = 1;; decade *= 10) {
    for (double step : {1.0, 2.0, 5.0}) {
      edges.push_back(decade * step);
      if (decade * step > max_ms) return edges;
    }
  }
}

// Group g's latency histogram and the latency check's figures; nothing when it measured none.
void AddLatency(const History& history, uint32_t g, std::vector<Timeline::Latency>* out) {
  ExpectSpec spec;
  spec.check = "latency";
  spec.scope["group"] = history.groups[g];
  std::vector<int64_t> latencies;
  const CheckFigures figures = check_detail::ComputeLatencyKeeping(history, spec, &latencies);
  if (figures.nothing_to_judge || latencies.empty()) return;
  Timeline::Latency l;
  l.group = history.groups[g];
  l.p99_ms = FindFigure(figures.figures, "p99_ms").value_or(0);
  l.p50_ms = FindFigure(figures.figures, "p50_ms").value_or(0);
  l.max_ms = FindFigure(figures.figures, "max_ms").value_or(0);
  l.records = latencies.size();
  l.edges_ms = LatencyEdges(l.max_ms);
  l.counts.assign(l.edges_ms.size() - 1, 0);
  for (int64_t us : latencies) {
    const auto it = std::upper_bound(l.edges_ms.begin(), l.edges_ms.end(), Ms(us));
    const auto bin = static_cast<size_t>(std::max<std::ptrdiff_t>(1, it - l.edges_ms.begin()) - 1);
    ++l.counts[std::min(bin, l.counts.size() - 1)];
  }
  out->push_back(std::move(l));
}

}  // namespace

Timeline BuildTimeline(const History& history, const TimelineLimits& limits) {
  Timeline timeline;
  if (history.ops.empty()) return timeline;
  const int64_t end_us = std::max<int64_t>(0, history.ops.back().time_us);
  timeline.end_ms = Ms(end_us);
  // 100 ms, or the next multiple of it that keeps the buckets within both limits.
  const Layout layout = Survey(history);
  // One rate per group and per actor with an acknowledged send (producers, and members that
  // write outputs).
  const size_t rate_series = std::max<size_t>(1, history.groups.size() + layout.senders);
  const size_t max_buckets =
      std::max<size_t>(1, std::min(limits.max_buckets, limits.max_rate_points / rate_series));
  const double needed = timeline.end_ms / static_cast<double>(max_buckets);
  timeline.bucket_ms = std::max<int64_t>(100, static_cast<int64_t>(std::ceil(needed / 100)) * 100);
  const auto buckets = static_cast<size_t>(end_us / (timeline.bucket_ms * 1000)) + 1;
  timeline.rates = Rates(history, timeline.bucket_ms * 1000, buckets);

  const size_t groups = history.groups.size();
  const double series = static_cast<double>(layout.slots.size() * (1 + 2 * groups) + groups);
  // Up to four points per interval (StepSeries).
  const double interval_ms =
      std::max(static_cast<double>(timeline.bucket_ms),
               4 * timeline.end_ms * series /
                   static_cast<double>(std::max<size_t>(1, limits.max_step_points)));
  OffsetReplay replay(history, layout, interval_ms);
  for (const Op& op : history.ops) replay.Apply(op);
  timeline.partitions = replay.TakePartitions();
  timeline.lag = replay.TakeLag();
  for (uint32_t g = 0; g < groups; ++g) {
    AddOwnership(history, layout, g, timeline.end_ms, &timeline.ownership);
  }
  DropLatestSpans(limits.max_spans, &timeline);
  for (uint32_t g = 0; g < groups; ++g) {
    AddLatency(history, g, &timeline.latency);
  }
  timeline.events = TimelineEvents(history, limits.max_events);
  return timeline;
}

}  // namespace ks
