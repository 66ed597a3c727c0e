#include "report/console.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "report/explain.h"
#include "report/terminal.h"

namespace ks {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return out;
}

// The colour of a scenario's verdict.
Hue HueOf(ScenarioResult::Verdict v) {
  switch (v) {
    case ScenarioResult::Verdict::kPassed:
      return Hue::kGreen;
    case ScenarioResult::Verdict::kSkipped:
      return Hue::kYellow;
    case ScenarioResult::Verdict::kFailed:
    case ScenarioResult::Verdict::kError:
      break;
  }
  return Hue::kRed;
}

// `word` painted, then padded to `width` columns: padding inside the escape sequences would
// count them as columns and break the alignment.
std::string PaintPadded(std::string_view word, size_t width, Hue hue, bool colour) {
  return Paint(word, hue, colour) + std::string(width > word.size() ? width - word.size() : 0, ' ');
}

// The console's lines for the clients' errors (see FormatResult).
std::string ClientErrorLines(const ScenarioResult& r) {
  const bool faulted = std::any_of(r.history.ops.begin(), r.history.ops.end(),
                                   [](const Op& op) { return op.kind == OpKind::kFault; });
  std::string out;
  int64_t held_back = 0;
  std::vector<std::string> held_names;
  for (const ClientError& e : r.client_errors) {
    if (!faulted || e.fatal || IsSecurityError(e.error)) {
      out += fmt::format("      {}\n", FormatClientError(e));
      continue;
    }
    held_back += e.count;
    if (std::find(held_names.begin(), held_names.end(), e.error) == held_names.end()) {
      held_names.push_back(e.error);
    }
  }
  if (held_back > 0) {
    out += fmt::format(
        "      client errors: {} {}report{} of {}, expected in a run with faults; the JSON report "
        "lists them\n",
        held_back, out.empty() ? "" : "more ", held_back == 1 ? "" : "s",
        fmt::join(held_names, ", "));
  }
  return out;
}

}  // namespace

std::string FormatClientError(const ClientError& e) {
  return fmt::format("{}: client error {} ({}x{}): {}{}", e.actor, e.error,
                     e.fatal ? "fatal, " : "", e.count, e.broker.empty() ? "" : e.broker + ": ",
                     e.reason);
}

std::string FormatExpect(const std::string& check,
                         const std::map<std::string, std::string>& scope) {
  if (scope.empty()) return check;
  std::string out = check + " {";
  bool first = true;
  for (const auto& [k, v] : scope) {
    out += fmt::format("{}{}: {}", first ? "" : ", ", k, v);
    first = false;
  }
  return out + "}";
}

std::string FormatResult(const Scenario& s, const ScenarioResult& r, bool colour) {
  std::string out =
      PaintPadded(Upper(ToString(r.verdict)), 5, HueOf(r.verdict), colour) + " " + NameAndTitle(s);
  // A history judged again by `check` has no wall time of its own: show none rather than 0.0 s.
  if ((r.verdict == ScenarioResult::Verdict::kPassed ||
       r.verdict == ScenarioResult::Verdict::kFailed) &&
      r.seconds > 0) {
    out += fmt::format("  ({:.1f} s)", r.seconds);
  }
  out += "\n";
  out += fmt::format("      {}\n", s.path);
  if (!r.reason.empty()) out += fmt::format("      {}\n", r.reason);
  for (const auto& c : r.checks) {
    out += fmt::format("      {} {:<40} {}\n",
                       PaintPadded(c.passed            ? "ok"
                                   : c.could_not_judge ? "ERR"
                                                       : "FAIL",
                                   4, c.passed ? Hue::kGreen : Hue::kRed, colour),
                       FormatExpect(c.check, c.scope), c.summary);
    if (!c.passed) {
      out += fmt::format("           expected at {}\n", c.loc.ToString());
      for (const auto& line : c.evidence_text) out += fmt::format("           {}\n", line);
    }
  }
  for (const auto& p : ReportedProblems(r)) {
    out += fmt::format("      {} {}\n", Paint("FAIL", Hue::kRed, colour), p);
  }
  for (const auto& d : r.deliveries) out += fmt::format("      {}\n", FormatDelivery(d));
  return out + ClientErrorLines(r);
}

namespace {

// ", 3 rebalances, longest 2.0 s": only when the group rebalanced after its first assignment, so
// that the line stays short for the many lessons where it did not.
std::string RebalancesText(const GroupRebalances& b) {
  if (b.count == 0) return "";
  auto time = [](int64_t ms) {
    return ms < 1000 ? fmt::format("{} ms", ms) : fmt::format("{:.1f} s", ms / 1000.0);
  };
  return fmt::format(", {} {}{}", b.count,
                     b.count == 1 ? "rebalance, " + time(b.longest_ms)
                                  : "rebalances, longest " + time(b.longest_ms),
                     b.unfinished ? (b.count == 1 ? ", unfinished" : ", the last unfinished") : "");
}

}  // namespace

std::string FormatDelivery(const GroupDelivery& d) {
  // What the figures came after, in plain words: the first few events, then a count.
  constexpr size_t kMost = 4;
  std::string after;
  for (size_t i = 0; i < d.events.size() && i < kMost; ++i) {
    after += (i == 0 ? " after " : ", ") + d.events[i];
  }
  if (d.events.size() > kMost) after += fmt::format(" and {} more events", d.events.size() - kMost);
  return fmt::format(
      "{}: {} ({} acknowledged, {} consumed, {} lost, {} unseen, {} duplicates{}{}){}", d.group,
      d.verdict, d.acknowledged, d.consumed, d.lost, d.unseen, d.duplicates,
      d.aborted_visible > 0
          ? fmt::format(", {} aborted or unwritten records seen", d.aborted_visible)
          : std::string(),
      RebalancesText(d.rebalances), after);
}

std::string FormatSummary(const std::vector<ScenarioResult::Verdict>& verdicts, bool colour) {
  int passed = 0, failed = 0, skipped = 0, errors = 0;
  for (auto v : verdicts) {
    switch (v) {
      case ScenarioResult::Verdict::kPassed:
        ++passed;
        break;
      case ScenarioResult::Verdict::kFailed:
        ++failed;
        break;
      case ScenarioResult::Verdict::kSkipped:
        ++skipped;
        break;
      case ScenarioResult::Verdict::kError:
        ++errors;
        break;
    }
  }
  // A count of 0 stays plain: the eye should go to what happened.
  auto count = [&](int n, std::string_view words, Hue hue) {
    return Paint(fmt::format("{} {}", n, words), hue, colour && n > 0);
  };
  return fmt::format("{}, {}, {}, {}", count(passed, "passed", Hue::kGreen),
                     count(failed, "failed", Hue::kRed), count(skipped, "skipped", Hue::kYellow),
                     count(errors, "errors", Hue::kRed));
}

}  // namespace ks
