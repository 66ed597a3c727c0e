// The delivery guarantee a group showed, in Kafka's words (at-most-once, at-least-once,
// exactly-once: the consumer-side semantics of Kafka's documentation, "Message Delivery
// Semantics"), read off the lost and duplicates checks rather than computed again: the summary
// must never disagree with the checks a report prints next to it.

#include "checks/delivery.h"

#include "checks/common.h"

namespace ks {

namespace {

int64_t FigureValue(const CheckFigures& figures, const std::string& name) {
  for (const Figure& f : figures.figures) {
    if (f.name == name) return static_cast<int64_t>(f.value);
  }
  return 0;
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
