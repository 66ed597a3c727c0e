#pragma once

// A check is a pure function of a history: it computes figures (counts, sizes), and the expect
// entry's bounds decide pass or fail. Nothing here talks to Kafka.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "history/history.h"
#include "scenario/model.h"

namespace ks {

/// One computed figure, e.g. {"lost", 3}.
struct Figure {
  std::string name;
  double value = 0;
};

/// The outcome of one bound of an expect entry.
struct BoundOutcome {
  FigureBound bound;
  double value = 0;
  bool passed = false;
};

/// What a check's computation returns before bounds are applied.
struct CheckFigures {
  std::vector<Figure> figures;  ///< the main figure first
  /// Ops that prove the most important finding (a lost record's send, the two polls of a
  /// duplicate...), at most a handful: a minimal counter-example, not a dump.
  std::vector<Op> evidence;
  /// One line per evidence item or finding, in plain words, e.g.
  /// "record order-service#17 (key user-3) acked at orders[2]@8 was never consumed by billing".
  std::vector<std::string> evidence_text;
  /// Set when the history holds nothing the check could judge (no record acknowledged, a group
  /// that never polled...): the check then fails whatever its bounds say, with this reason.
  std::optional<std::string> nothing_to_judge;
};

/// A judged expect entry.
struct CheckResult {
  std::string check;  ///< as written in the file, e.g. "no_loss"
  SourceLoc loc;      ///< the expect entry
  std::map<std::string, std::string> scope;
  bool passed = false;
  std::vector<Figure> figures;
  std::vector<BoundOutcome> bounds;
  /// What the computation found, whether or not the bounds held: a failed entry shows why, and
  /// an entry that expects an anomaly (`duplicates: {min: 1}`) shows the anomaly it saw.
  std::vector<Op> evidence;
  std::vector<std::string> evidence_text;
  /// One line: "lost 0 (max 0), unseen 0 (max 0)"; a failing bound reads "(max 0: failed)";
  /// "nothing to judge: <why>" or "unknown check 'x'" when there were no figures to bound.
  std::string summary;
};

/// Static description of a check: its name, main figure, every figure it can bound, the scope keys
/// it requires and accepts, and for `no_*` shorthands the bounds they stand for.
struct CheckInfo {
  std::string name;                  ///< as written in expect
  std::string main_figure;           ///< what top-level min/max/equals bound
  std::vector<std::string> figures;  ///< every figure name the check computes
  std::vector<std::string> required_scope;
  std::vector<std::string> optional_scope;
  std::vector<FigureBound> implied_bounds;  ///< e.g. no_loss: lost max 0 and unseen max 0
  std::string description;                  ///< one line, for docs and `explain`
  std::function<CheckFigures(const History&, const ExpectSpec&)> compute;
  /// Bounds used when the entry gives none: checks named for an invariant (`key_order`,
  /// `partition_order`, `same_key_same_partition`) mean "it holds", i.e. main figure max 0.
  /// An entry with bounds of its own (`key_order: {min: 1}`, an expected anomaly) replaces them.
  std::vector<FigureBound> default_bounds;
  /// Scope keys of which the entry must give at least one (`produced` and `delivery_errors`
  /// measure a producer, a topic, or one producer's records on one topic); empty for most checks.
  std::vector<std::string> any_of_scope;
};

/// Every check the runner knows, in documentation order.
const std::vector<CheckInfo>& AllChecks();

/// The check named `name` (aliases such as no_loss included), or nullptr.
const CheckInfo* FindCheck(const std::string& name);

/// A figure's value in the words the reports use: "3", "0.25", the shortest text that reads back
/// as the same double ("inf", "nan" for values that are not finite).
std::string FigureText(double value);

/// A bound in the words the reports use: "equals 0", "min 1, max 5", "max 0", or "no limit".
std::string BoundText(const FigureBound& bound);

/// Computes the check named by `spec.check` over `history` and applies the entry's bounds plus
/// the check's implied ones. A check with no bounds at all (e.g. `consumed: {group: g}`) fails:
/// a check never passes by default. Never throws for a spec that passed validation; an unknown
/// check name gives a failed result that says so.
CheckResult RunCheck(const History& history, const ExpectSpec& spec);

}  // namespace ks
