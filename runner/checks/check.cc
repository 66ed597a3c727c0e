#include "checks/check.h"

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks {

namespace {

FigureBound Max0(const std::string& figure) {
  FigureBound b;
  b.figure = figure;
  b.max = 0;
  return b;
}

std::vector<CheckInfo> MakeChecks() {
  std::vector<CheckInfo> checks;
  checks.push_back({"no_loss",
                    "lost",
                    {"lost", "unseen"},
                    {"group"},
                    {"topic"},
                    {Max0("lost"), Max0("unseen")},
                    "every acknowledged record was consumed by the group: lost 0 and unseen 0",
                    check_detail::ComputeLost});
  checks.push_back({"lost",
                    "lost",
                    {"lost", "unseen"},
                    {"group"},
                    {"topic"},
                    {},
                    "acknowledged records the group never consumed although it read past them "
                    "(lost) or not past them (unseen: lost or delayed)",
                    check_detail::ComputeLost});
  checks.push_back({"no_duplicates",
                    "duplicates",
                    {"duplicates", "redeliveries", "written_twice"},
                    {"group"},
                    {"topic"},
                    {Max0("duplicates")},
                    "no record was consumed more than once by the group",
                    check_detail::ComputeDuplicates});
  checks.push_back({"duplicates",
                    "duplicates",
                    {"duplicates", "redeliveries", "written_twice"},
                    {"group"},
                    {"topic"},
                    {},
                    "records the group consumed more than once (duplicates) and the extra "
                    "deliveries (redeliveries)",
                    check_detail::ComputeDuplicates});
  checks.push_back({"key_order",
                    "keys_out_of_order",
                    {"keys_out_of_order", "inversions"},
                    {"group"},
                    {"topic"},
                    {},
                    "keys whose records the group first consumed in another order than they "
                    "were acknowledged",
                    check_detail::ComputeKeyOrder});
  checks.back().default_bounds = {Max0("keys_out_of_order")};
  checks.push_back({"partition_order",
                    "nonmonotonic",
                    {"nonmonotonic"},
                    {"group"},
                    {"member", "topic"},
                    {},
                    "polls whose offset did not increase within one partition for one member, "
                    "with no rebalance in between",
                    check_detail::ComputePartitionOrder});
  checks.back().default_bounds = {Max0("nonmonotonic")};
  checks.push_back({"poll_skip",
                    "skipped",
                    {"skipped", "gaps"},
                    {"group"},
                    {"member", "topic"},
                    {},
                    "acknowledged records the group never polled that a member jumped over between "
                    "two consecutive polls of a partition it kept (skipped), and such jumps (gaps)",
                    check_detail::ComputePollSkip});
  checks.push_back({"inconsistent_offsets",
                    "inconsistent",
                    {"inconsistent"},
                    {"topic"},
                    {},
                    {},
                    "offsets of the topic tied to two different records across acknowledged sends "
                    "and polls",
                    check_detail::ComputeInconsistentOffsets});
  checks.push_back({"same_key_same_partition",
                    "split_keys",
                    {"split_keys", "keys"},
                    {"topic"},
                    {"producer"},
                    {},
                    "keys whose acknowledged records landed in more than one partition",
                    check_detail::ComputeSameKeySamePartition});
  checks.back().default_bounds = {Max0("split_keys")};
  checks.push_back({"placement",
                    "misplaced",
                    {"misplaced", "checked"},
                    {"topic"},
                    {"producer"},
                    {},
                    "acknowledged records outside the partition their producer's declared "
                    "partitioner gives (misplaced), of those it could predict (checked)",
                    check_detail::ComputePlacement});
  checks.back().default_bounds = {Max0("misplaced")};
  checks.push_back({"partition_spread",
                    "partitions_used",
                    {"partitions_used", "min_per_partition", "max_per_partition", "records"},
                    {"topic"},
                    {"producer"},
                    {},
                    "acknowledged records per partition: partitions used, min, max, total",
                    check_detail::ComputePartitionSpread});
  checks.push_back({"assignment",
                    "unowned_partitions",
                    {"unowned_partitions", "idle_members", "min_partitions_per_member",
                     "max_partitions_per_member"},
                    {"group"},
                    {},
                    {},
                    "the group's final assignment: partitions without exactly one owner, members "
                    "without partitions, partitions per member",
                    check_detail::ComputeAssignment});
  checks.push_back({"consumed",
                    "consumed",
                    {"consumed", "deliveries"},
                    {"group"},
                    {"topic"},
                    {},
                    "distinct records the group consumed (consumed) and all deliveries",
                    check_detail::ComputeConsumed});
  checks.push_back({"produced",
                    "produced",
                    {"produced", "sent", "failed", "indeterminate"},
                    {},
                    {"producer", "topic"},
                    {},
                    "records acknowledged (produced), handed to the client (sent), not written "
                    "(failed) and possibly written (indeterminate), per producer and/or topic",
                    check_detail::ComputeProduced});
  checks.back().any_of_scope = {"producer", "topic"};
  checks.push_back({"delivery_errors",
                    "delivery_errors",
                    {"delivery_errors", "failed", "indeterminate"},
                    {},
                    {"producer", "topic"},
                    {},
                    "sends that were not acknowledged: failed plus indeterminate",
                    check_detail::ComputeDeliveryErrors});
  checks.back().any_of_scope = {"producer", "topic"};
  checks.push_back({"commit_legality",
                    "illegal_commits",
                    {"illegal_commits", "commits"},
                    {"group"},
                    {},
                    {},
                    "commits of a partition the member was not assigned, or of an offset beyond "
                    "its position",
                    check_detail::ComputeCommitLegality});
  checks.back().default_bounds = {Max0("illegal_commits")};
  checks.push_back({"lag",
                    "lag",
                    {"lag", "max_partition_lag"},
                    {"group"},
                    {"topic"},
                    {},
                    "at the end, high watermark minus the group's committed offset, summed over "
                    "partitions (lag) and the largest (max_partition_lag)",
                    check_detail::ComputeLag});
  checks.push_back({"latency",
                    "p99_ms",
                    {"p99_ms", "p50_ms", "max_ms"},
                    {"group"},
                    {"topic"},
                    {},
                    "milliseconds from a record's send to its first poll by the group: 99th and "
                    "50th percentiles and the maximum",
                    check_detail::ComputeLatency});
  checks.push_back({"aborted_visible",
                    "aborted_visible",
                    {"aborted_visible"},
                    {"group"},
                    {},
                    {},
                    "records the group polled whose send failed (never written) or whose "
                    "transaction aborted",
                    check_detail::ComputeAbortedVisible});
  return checks;
}

std::string Summary(const CheckResult& r, const CheckInfo& info) {
  std::vector<std::string> parts;
  // Figures in the check's order, each with all of its bounds.
  for (const std::string& figure : info.figures) {
    std::string bounds;
    double value = 0;
    bool any = false;
    for (const BoundOutcome& o : r.bounds) {
      if (o.bound.figure != figure) continue;
      bounds +=
          fmt::format("{}{}{}", any ? "; " : "", BoundText(o.bound), o.passed ? "" : ": failed");
      value = o.value;
      any = true;
    }
    if (any) parts.push_back(fmt::format("{} {} ({})", figure, FigureText(value), bounds));
  }
  for (const BoundOutcome& o : r.bounds) {
    if (std::find(info.figures.begin(), info.figures.end(), o.bound.figure) == info.figures.end()) {
      parts.push_back(fmt::format("{}: not a figure of {}", o.bound.figure, info.name));
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

}  // namespace

std::string FigureText(double v) { return fmt::format("{}", v); }

std::string BoundText(const FigureBound& b) {
  if (b.min && b.max && *b.min == *b.max) return "equals " + FigureText(*b.min);
  if (b.min && b.max) return fmt::format("min {}, max {}", FigureText(*b.min), FigureText(*b.max));
  if (b.min) return "min " + FigureText(*b.min);
  if (b.max) return "max " + FigureText(*b.max);
  return "no limit";
}

const std::vector<CheckInfo>& AllChecks() {
  static const std::vector<CheckInfo> checks = MakeChecks();
  return checks;
}

const CheckInfo* FindCheck(const std::string& name) {
  for (const CheckInfo& info : AllChecks()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

CheckResult RunCheck(const History& history, const ExpectSpec& spec) {
  CheckResult result;
  result.check = spec.check;
  result.loc = spec.loc;
  result.scope = spec.scope;
  const CheckInfo* info = FindCheck(spec.check);
  if (info == nullptr) {
    result.summary = fmt::format("unknown check '{}'", spec.check);
    return result;
  }
  for (const auto& [key, name] : spec.scope) {
    auto known = [&](const std::vector<std::string>& keys) {
      return std::find(keys.begin(), keys.end(), key) != keys.end();
    };
    if (!known(info->required_scope) && !known(info->optional_scope)) {
      result.summary = fmt::format("{} takes no scope '{}'", info->name, key);
      return result;
    }
  }

  if (!info->any_of_scope.empty() &&
      std::none_of(info->any_of_scope.begin(), info->any_of_scope.end(),
                   [&](const std::string& key) { return spec.scope.contains(key); })) {
    std::string keys;
    for (size_t k = 0; k < info->any_of_scope.size(); ++k) {
      keys += (k == 0                               ? ""
               : k + 1 == info->any_of_scope.size() ? " or "
                                                    : ", ") +
              info->any_of_scope[k];
    }
    result.summary = fmt::format("nothing to judge: the entry names no {}", keys);
    return result;
  }

  CheckFigures figures = info->compute(history, spec);
  result.figures = std::move(figures.figures);
  result.evidence = std::move(figures.evidence);
  result.evidence_text = std::move(figures.evidence_text);

  std::vector<FigureBound> bounds = info->implied_bounds;
  const std::vector<FigureBound>& own = spec.bounds.empty() ? info->default_bounds : spec.bounds;
  bounds.insert(bounds.end(), own.begin(), own.end());
  bool all_held = true;
  for (FigureBound bound : bounds) {
    if (bound.figure.empty()) bound.figure = info->main_figure;
    BoundOutcome outcome;
    auto it = std::find_if(result.figures.begin(), result.figures.end(),
                           [&](const Figure& f) { return f.name == bound.figure; });
    if (it != result.figures.end()) {
      outcome.value = it->value;
      outcome.passed =
          (!bound.min || it->value >= *bound.min) && (!bound.max || it->value <= *bound.max);
    }
    all_held = all_held && outcome.passed;
    outcome.bound = std::move(bound);
    result.bounds.push_back(std::move(outcome));
  }

  if (figures.nothing_to_judge) {
    result.summary = "nothing to judge: " + *figures.nothing_to_judge;
    return result;
  }
  if (result.bounds.empty()) {
    std::string values;
    for (const Figure& f : result.figures) {
      values += fmt::format("{}{} {}", values.empty() ? "" : ", ", f.name, FigureText(f.value));
    }
    result.summary = values + " (no bound given: a check never passes by default)";
    return result;
  }
  result.passed = all_held;
  result.summary = Summary(result, *info);
  return result;
}

}  // namespace ks
