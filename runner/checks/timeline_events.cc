#include "checks/timeline_events.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace ks {
namespace {

// The run's events in time order. Ops one action made at once (a member's seeks or starts of
// several partitions) are one event; past `max_events`, the last one counts what was left out.
class EventList {
 public:
  explicit EventList(size_t max_events) : max_(max_events) {}

  void Add(double t_ms, const char* kind, const std::string& actor, std::string label) {
    if (!events_.empty()) {
      Timeline::Event& last = events_.back();
      if (last.kind == kind && last.actor == actor && t_ms - last.t_ms < 100) {
        ++merged_;
        return;
      }
    }
    Close();
    if (events_.size() >= max_) {
      ++dropped_;
      return;
    }
    events_.push_back({t_ms, kind, actor, std::move(label)});
  }

  std::vector<Timeline::Event> Take() {
    Close();
    if (dropped_ > 0 && !events_.empty()) {
      events_.back().label += fmt::format(" ({} later events not shown)", dropped_);
    }
    return std::move(events_);
  }

 private:
  void Close() {
    if (merged_ > 0 && !events_.empty()) events_.back().label += fmt::format(" (+{})", merged_);
    merged_ = 0;
  }

  size_t max_;
  size_t merged_ = 0;
  size_t dropped_ = 0;
  std::vector<Timeline::Event> events_;
};

// What a group's assign op says about a rebalance: a new generation, or for a history without
// generations, the first assignment after a member came, went or had partitions revoked.
struct GroupEpoch {
  int32_t generation = -1;
  bool unsettled = true;
};

}  // namespace

std::vector<Timeline::Event> TimelineEvents(const History& history, size_t max_events) {
  EventList events(max_events);
  std::vector<uint8_t> ended(history.actors.size(), 0);
  std::vector<GroupEpoch> epochs(history.groups.size());
  for (const Op& op : history.ops) {
    if (op.actor >= history.actors.size() ||
        (op.type == OpType::kFail && op.kind != OpKind::kTxn)) {
      continue;
    }
    const std::string& actor = history.actors[op.actor].name;
    const double t = static_cast<double>(op.time_us) / 1000.0;
    const uint32_t g = history.GroupOf(op.actor);
    GroupEpoch* epoch = g < epochs.size() ? &epochs[g] : nullptr;
    switch (op.kind) {
      case OpKind::kStart: {
        const char* kind = ended[op.actor] != 0 ? "restart" : "start";
        events.Add(t, kind, actor, fmt::format("{} {}", kind, actor));
        ended[op.actor] = 0;
        if (epoch != nullptr) epoch->unsettled = true;
        break;
      }
      case OpKind::kStop:
      case OpKind::kCrash: {
        const char* kind = op.kind == OpKind::kStop ? "stop" : "crash";
        events.Add(t, kind, actor, fmt::format("{} {}", kind, actor));
        ended[op.actor] = 1;
        if (epoch != nullptr) epoch->unsettled = true;
        break;
      }
      case OpKind::kFault: {
        const std::string note = op.seq < history.notes.size()
                                     ? history.notes.Get(static_cast<uint32_t>(op.seq))
                                     : std::string("?");
        const bool on = op.type == OpType::kInvoke;
        events.Add(t, on ? "fault" : "fault_end", actor,
                   fmt::format("{} {}", on ? "fault" : "fault undone:", note));
        break;
      }
      case OpKind::kSeek:
        events.Add(t, "seek", actor, fmt::format("seek {}", actor));
        break;
      case OpKind::kTxn:
        if (op.type == OpType::kFail) {
          events.Add(t, "txn_abort", actor, fmt::format("abort {} txn {}", actor, op.seq));
        }
        break;
      case OpKind::kAssign:
        if (epoch == nullptr || op.type != OpType::kOk) break;
        if (op.generation >= 0 ? op.generation != epoch->generation : epoch->unsettled) {
          const std::string& group = history.groups[g];
          events.Add(t, "rebalance", group,
                     op.generation >= 0 ? fmt::format("rebalance {} gen {}", group, op.generation)
                                        : fmt::format("rebalance {}", group));
          epoch->generation = op.generation;
          epoch->unsettled = false;
        }
        break;
      case OpKind::kRevoke:
        if (epoch != nullptr) epoch->unsettled = true;
        break;
      default:
        break;
    }
  }
  return events.Take();
}

}  // namespace ks
