#include "checks/check.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <utility>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks {

namespace {

// The catalogue's checks, each with its computation (null for a name without one:
// tests/checks/run_check_test.cc fails then, and RunCheck reports it).
std::vector<CheckInfo> MakeChecks() {
  const std::vector<CheckComputation> computations = RegisteredComputations();
  std::vector<CheckInfo> checks;
  for (const CheckEntry& entry : CheckCatalogue()) {
    CheckInfo info{entry};
    for (const CheckComputation& c : computations) {
      if (c.name == entry.name) info.compute = c.compute;
    }
    checks.push_back(std::move(info));
  }
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

std::optional<double> FindFigure(const std::vector<Figure>& figures, std::string_view name) {
  for (const Figure& f : figures) {
    if (f.name == name) return f.value;
  }
  return std::nullopt;
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

CheckResult RunCheck(const History& history, const ExpectSpec& spec, EvidenceLimit limit) {
  CheckResult result;
  result.check = spec.check;
  result.loc = spec.loc;
  result.scope = spec.scope;
  const CheckInfo* info = FindCheck(spec.check);
  if (info == nullptr) {
    result.summary = fmt::format("unknown check '{}'", spec.check);
    return result;
  }
  for (const auto& entry : spec.scope) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    const std::string& key = entry.first;
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

  if (info->compute == nullptr) {
    result.summary = fmt::format("check '{}' has no computation", spec.check);
    return result;
  }
  check_detail::ScopedEvidenceLimit scoped(limit);
  CheckFigures figures = info->compute(history, spec);
  result.figures = std::move(figures.figures);
  result.evidence = std::move(figures.evidence);
  result.evidence_text = std::move(figures.evidence_text);

  bool all_held = true;
  for (FigureBound bound : EffectiveBounds(*info, spec)) {
    BoundOutcome outcome;
    if (const std::optional<double> value = FindFigure(result.figures, bound.figure)) {
      outcome.value = *value;
      outcome.passed = (!bound.min || *value >= *bound.min) && (!bound.max || *value <= *bound.max);
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
