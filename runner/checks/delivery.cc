// The delivery guarantee a group showed, in Kafka's words (at-most-once, at-least-once,
// exactly-once: the consumer-side semantics of Kafka's documentation, "Message Delivery
// Semantics"), read off the lost and duplicates checks rather than computed again: the summary
// must never disagree with the checks a report prints next to it.

#include "checks/delivery.h"

#include "checks/common.h"

namespace ks {

namespace {

int64_t FigureValue(const CheckFigures& figures, const std::string& name) {
  return static_cast<int64_t>(FindFigure(figures.figures, name).value_or(0));
}

// Crashes, restarts and mid-run stops of the group's members, and every injected fault.
std::vector<std::string> GroupEvents(const History& history, uint32_t group) {
  std::vector<std::string> events;
  int64_t last_poll_us = -1;
  for (const Op& op : history.ops) {
    if (op.kind == OpKind::kPoll && history.GroupOf(op.actor) == group) last_poll_us = op.time_us;
  }
  std::vector<char> started(history.actors.size(), 0);
  bool polled = false;  // a member starting after the group's first poll joined a running group
  for (const Op& op : history.ops) {
    if (op.kind == OpKind::kFault && op.type == OpType::kInvoke && op.seq < history.notes.size()) {
      events.push_back(history.notes.Get(static_cast<uint32_t>(op.seq)));
      continue;
    }
    if (op.actor >= history.actors.size() || history.GroupOf(op.actor) != group) continue;
    const std::string& who = history.actors[op.actor].name;
    if (op.kind == OpKind::kPoll) {
      polled = true;
    } else if (op.kind == OpKind::kCrash) {
      events.push_back(who + " crashed");
    } else if (op.kind == OpKind::kStart) {
      if (started[op.actor]) {
        events.push_back(who + " restarted");
      } else if (polled) {
        events.push_back(who + " joined");
      }
      started[op.actor] = 1;
    } else if (op.kind == OpKind::kStop && op.time_us < last_poll_us) {
      events.push_back(who + " stopped");
    }
  }
  return events;
}

}  // namespace

GroupDelivery SummarizeDelivery(const History& history, uint32_t group) {
  GroupDelivery out;
  if (group >= history.groups.size()) {
    out.verdict = "nothing consumed";
    return out;
  }
  out.group = history.groups[group];
  ExpectSpec spec;
  spec.scope = {{"group", out.group}};
  size_t acknowledged = 0;
  CheckFigures lost = check_detail::ComputeLostCounting(history, spec, &acknowledged);
  CheckFigures consumed;
  CheckFigures duplicates = check_detail::ComputeDuplicatesCounting(history, spec, &consumed);
  out.acknowledged = static_cast<int64_t>(acknowledged);
  out.consumed = FigureValue(consumed, "consumed");
  out.lost = FigureValue(lost, "lost");
  out.unseen = FigureValue(lost, "unseen");
  out.duplicates = FigureValue(duplicates, "duplicates");
  out.aborted_visible =
      FigureValue(check_detail::ComputeAbortedVisible(history, spec), "aborted_visible");
  out.events = GroupEvents(history, group);
  out.rebalances = SummarizeRebalances(history, group);
  bool missing = out.lost + out.unseen > 0;
  bool repeated = out.duplicates > 0;
  if (out.consumed == 0) {
    out.verdict = "nothing consumed";
  } else if (missing && repeated) {
    out.verdict = "neither";
  } else if (missing) {
    out.verdict = "at-most-once";
  } else if (repeated) {
    out.verdict = "at-least-once";
  } else {
    out.verdict = "exactly-once";
  }
  return out;
}

}  // namespace ks
