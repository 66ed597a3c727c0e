#pragma once

// A check is a pure function of a history: it computes figures (counts, sizes), and the expect
// entry's bounds decide pass or fail. Nothing here talks to Kafka.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "history/history.h"
#include "scenario/check_catalogue.h"
#include "scenario/model.h"

namespace ks {

/// One computed figure, e.g. {"lost", 3}.
struct Figure {
  std::string name;
  double value = 0;
};

/// The value of the figure named `name` among `figures`, or nothing when there is none.
std::optional<double> FindFigure(const std::vector<Figure>& figures, std::string_view name);

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
  /// Set when the check gave no verdict, so the history was neither found right nor wrong: a
  /// custom check whose Lua raised an error, ran out of its time, instructions or memory, or
  /// returned no boolean (checks/lua_check.h). `passed` is false and `summary` says why; JudgeRun
  /// (checks/scenario_result.h) makes the scenario's verdict an error rather than a failure. Unlike
  /// `nothing_to_judge`, which is a finding about the history and fails the check.
  bool could_not_judge = false;
};

/// A check of the catalogue (scenario/check_catalogue.h: name, figures, scope keys, implied and
/// default bounds, description) with the computation that judges it.
struct CheckInfo : CheckEntry {
  /// Computes the check's figures over a history (checks/common.h); never null for a check of
  /// the catalogue.
  CheckFigures (*compute)(const History&, const ExpectSpec&) = nullptr;
};

/// Every check of the catalogue, in its order, with its computation.
const std::vector<CheckInfo>& AllChecks();

/// The check named `name` (aliases such as no_loss included), or nullptr.
const CheckInfo* FindCheck(const std::string& name);

/// A figure's value in the words the reports use: "3", "0.25", the shortest text that reads back
/// as the same double ("inf", "nan" for values that are not finite).
std::string FigureText(double value);

/// A bound in the words the reports use: "equals 0", "min 1, max 5", "max 0", or "no limit".
std::string BoundText(const FigureBound& bound);

/// How much of what a check found RunCheck keeps as evidence. The default is a counter-example
/// for the console and the reports; the HTML report lists the first 100 anomalies.
struct EvidenceLimit {
  size_t lines =
      5;  ///< findings described in CheckResult::evidence_text (a last line counts the rest)
  size_t ops = 5;  ///< ops in CheckResult::evidence
};

/// Computes the check named by `spec.check` over `history` and applies the entry's bounds plus
/// the check's implied ones. A check with no bounds at all (e.g. `consumed: {group: g}`) fails:
/// a check never passes by default. Never throws for a spec that passed validation; an unknown
/// check name gives a failed result that says so. `limit` bounds the evidence kept.
CheckResult RunCheck(const History& history, const ExpectSpec& spec, EvidenceLimit limit = {});

}  // namespace ks
