#include "report/compare.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "checks/check.h"
#include "report/console.h"
#include "report/lesson_table.h"

namespace ks {
namespace {

constexpr std::string_view kAbsent = "-";

std::string VerdictText(const SavedScenario& s) {
  return s.reason.empty() ? s.verdict : s.verdict + ": " + s.reason;
}

// As the console: wall time only for a scenario that ran, so a skip does not read "0.0".
std::string SecondsText(const SavedScenario& s) {
  if ((s.verdict != "pass" && s.verdict != "fail") || !s.seconds || *s.seconds <= 0) return "";
  return fmt::format("{:.1f}", *s.seconds);
}

std::string DeliveryText(const SavedDelivery& d) {
  return fmt::format("{}/{}/{}/{}", d.acknowledged, d.consumed, d.lost, d.duplicates);
}

// "3, longest 2012 ms"; "0" without a rebalance after the first assignment.
std::optional<std::string> RebalancesText(const SavedDelivery& d) {
  if (!d.rebalances) return std::nullopt;
  const SavedRebalances& b = *d.rebalances;
  if (b.count == 0) return "0";
  return fmt::format("{}{}, longest {} ms", b.count, b.unfinished ? " (last unfinished)" : "",
                     b.longest_ms);
}

// The figures the entry bounds, once each in bound order: what its expect line is about.
std::string CheckText(const SavedCheck& c) {
  std::vector<std::string> seen;
  std::string out;
  for (const SavedBound& b : c.bounds) {
    if (std::find(seen.begin(), seen.end(), b.figure) != seen.end()) continue;
    seen.push_back(b.figure);
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", b.figure,
                       b.value ? FigureText(*b.value) : "null");
  }
  if (out.empty()) out = "no figures";
  return c.passed ? out : out + " (failed)";
}

// Pairs the items of two lists by key, the n-th of a key on the left with the n-th on the right:
// the left's order first, then what only the right has. A scenario may run twice in one report,
// a check may be written twice with the same scope.
template <typename T, typename Key>
std::vector<std::pair<const T*, const T*>> Pair(const std::vector<T>& left,
                                                const std::vector<T>& right, Key key) {
  std::map<std::string, std::vector<const T*>> unmatched;
  for (const T& r : right) unmatched[key(r)].push_back(&r);
  std::map<std::string, size_t> taken;
  std::vector<std::pair<const T*, const T*>> out;
  std::set<const T*> matched_right;
  for (const T& l : left) {
    const std::string k = key(l);
    const auto& candidates = unmatched[k];
    size_t& n = taken[k];
    const T* r = n < candidates.size() ? candidates[n] : nullptr;
    ++n;
    if (r != nullptr) matched_right.insert(r);
    out.emplace_back(&l, r);
  }
  for (const T& r : right) {
    if (!matched_right.contains(&r)) out.emplace_back(nullptr, &r);
  }
  return out;
}

template <typename T, typename Key, typename Text>
std::vector<ComparedLine> CompareLines(const std::vector<T>& left, const std::vector<T>& right,
                                       Key key, Text text) {
  std::vector<ComparedLine> lines;
  for (const auto& [l, r] : Pair(left, right, key)) {
    ComparedLine line;
    line.label = key(l != nullptr ? *l : *r);
    if (l != nullptr) line.left = text(*l);
    if (r != nullptr) line.right = text(*r);
    line.differs = line.left != line.right;
    lines.push_back(std::move(line));
  }
  return lines;
}

ComparisonRow CompareScenario(const SavedScenario* l, const SavedScenario* r) {
  static const std::vector<SavedDelivery> kNoDeliveries;
  static const std::vector<SavedCheck> kNoChecks;
  const SavedScenario& any = l != nullptr ? *l : *r;
  ComparisonRow row;
  const std::string number = LessonNumber(any.file);
  row.lesson = number.empty() ? any.name : number + " " + any.name;
  row.presence = l == nullptr   ? Presence::kRightOnly
                 : r == nullptr ? Presence::kLeftOnly
                                : Presence::kBoth;
  if (l != nullptr) {
    row.left_verdict = VerdictText(*l);
    row.left_seconds = SecondsText(*l);
  }
  if (r != nullptr) {
    row.right_verdict = VerdictText(*r);
    row.right_seconds = SecondsText(*r);
  }
  const std::vector<SavedDelivery>& left_groups = l != nullptr ? l->deliveries : kNoDeliveries;
  const std::vector<SavedDelivery>& right_groups = r != nullptr ? r->deliveries : kNoDeliveries;
  auto group = [](const SavedDelivery& d) { return d.group; };
  for (const auto& [ld, rd] : Pair(left_groups, right_groups, group)) {
    ComparedLine line;
    line.label = group(ld != nullptr ? *ld : *rd);
    if (ld != nullptr) line.left = DeliveryText(*ld);
    if (rd != nullptr) line.right = DeliveryText(*rd);
    line.differs = line.left != line.right;
    row.groups.push_back(std::move(line));
    // Rebalance time is timing, like wall time: the embedded cluster takes about
    // session.timeout.ms - 1 s per rebalance by design, so it is shown but never a difference.
    ComparedLine timing;
    timing.label = row.groups.back().label + " rebalances";
    timing.timing = true;
    if (ld != nullptr) timing.left = RebalancesText(*ld);
    if (rd != nullptr) timing.right = RebalancesText(*rd);
    if (timing.left || timing.right) row.groups.push_back(std::move(timing));
  }
  row.checks = CompareLines(
      l != nullptr ? l->checks : kNoChecks, r != nullptr ? r->checks : kNoChecks,
      [](const SavedCheck& c) { return FormatExpect(c.check, c.scope); }, CheckText);
  if (row.presence == Presence::kBoth) {
    row.verdicts_differ = l->verdict != r->verdict;
    auto differs = [](const ComparedLine& line) { return line.differs; };
    row.figures_differ = std::any_of(row.groups.begin(), row.groups.end(), differs) ||
                         std::any_of(row.checks.begin(), row.checks.end(), differs);
  }
  return row;
}

ComparedSide Side(const SavedReport& report, const std::string& label) {
  return {label, report.source, report.kafka_client, report.started};
}

struct Counts {
  size_t both = 0, verdicts = 0, figures = 0, left_only = 0, right_only = 0;
};

Counts Count(const ReportComparison& c) {
  Counts n;
  for (const ComparisonRow& row : c.rows) {
    n.both += row.presence == Presence::kBoth;
    n.verdicts += row.verdicts_differ;
    n.figures += row.figures_differ;
    n.left_only += row.presence == Presence::kLeftOnly;
    n.right_only += row.presence == Presence::kRightOnly;
  }
  return n;
}

std::string CountLine(const ReportComparison& c) {
  Counts n = Count(c);
  std::string out =
      fmt::format("{} {} in both reports: {} with different verdicts, {} with different figures",
                  n.both, n.both == 1 ? "scenario" : "scenarios", n.verdicts, n.figures);
  if (n.left_only > 0) out += fmt::format("; {} only in {}", n.left_only, c.left.label);
  if (n.right_only > 0) out += fmt::format("; {} only in {}", n.right_only, c.right.label);
  return out + ".";
}

// Markdown ---------------------------------------------------------------------------------------

// Text that stays inside its table cell and shows as written: a bare | would end the cell, a
// newline the row, and <, >, *, ` would become markup. An underscore only emphasises at a word's
// edge, so check names (no_loss) stay readable in the file.
std::string Cell(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    auto word = [&](size_t k) {
      return k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '_');
    };
    switch (c) {
      case '\n':
      case '\r':
        out += ' ';
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '|':
      case '*':
      case '`':
      case '\\':
      case '[':
      case ']':
        out += '\\';
        out += c;
        break;
      case '_':
        if (i == 0 || !word(i - 1) || !word(i + 1)) out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Bold(const std::string& cell, bool bold) {
  return bold && !cell.empty() ? "**" + cell + "**" : cell;
}

// The lines of one side, "label: text", one per <br>; a line this side lacks is left out.
std::string LinesCell(const std::vector<ComparedLine>& lines, bool left) {
  std::string out;
  for (const ComparedLine& line : lines) {
    const std::optional<std::string>& text = left ? line.left : line.right;
    if (!text) continue;
    if (!out.empty()) out += "<br>";
    out += Bold(Cell(line.label + ": " + *text), line.differs);
  }
  return out.empty() ? std::string(kAbsent) : out;
}

std::string OrAbsent(const std::string& s) { return s.empty() ? std::string(kAbsent) : s; }

std::string Report(const ComparedSide& side) {
  return fmt::format("**{}** is {} (started {}, {})", Cell(side.label), Cell(side.source),
                     Cell(OrAbsent(side.started)), Cell(OrAbsent(side.kafka_client)));
}

// Text ---------------------------------------------------------------------------------------

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

}  // namespace

MergedReports MergeReports(const std::vector<SavedReport>& reports) {
  MergedReports out;
  if (reports.size() == 1) {
    out.report = reports.front();
    return out;
  }
  auto joined = [&](std::string SavedReport::*field) {
    std::vector<std::string> seen;
    for (const SavedReport& r : reports) {
      const std::string& v = r.*field;
      if (!v.empty() && std::find(seen.begin(), seen.end(), v) == seen.end()) seen.push_back(v);
    }
    return fmt::format("{}", fmt::join(seen, ", "));
  };
  SavedReport merged;
  merged.target = joined(&SavedReport::target);
  merged.kafka_client = joined(&SavedReport::kafka_client);
  merged.started = joined(&SavedReport::started);
  std::vector<std::string> sources;
  for (const SavedReport& r : reports) sources.push_back(r.source);
  merged.source = fmt::format("{}", fmt::join(sources, ", "));

  // Per scenario name, in order of first appearance: the first report that has it, and every
  // report that ran it.
  std::vector<std::string> names;
  std::map<std::string, size_t> first;
  std::map<std::string, std::vector<size_t>> ran;
  for (size_t i = 0; i < reports.size(); ++i) {
    for (const SavedScenario& s : reports[i].scenarios) {
      if (first.emplace(s.name, i).second) names.push_back(s.name);
      std::vector<size_t>& in = ran[s.name];
      if (s.verdict != "skip" && (in.empty() || in.back() != i)) in.push_back(i);
    }
  }
  for (const std::string& name : names) {
    const std::vector<size_t>& in = ran[name];
    if (in.size() > 1) {
      std::vector<std::string> where;
      for (size_t i : in) {
        std::string verdicts;
        for (const SavedScenario& s : reports[i].scenarios) {
          if (s.name == name && s.verdict != "skip") {
            verdicts += (verdicts.empty() ? "" : ", ") + s.verdict;
          }
        }
        where.push_back(fmt::format("in {} ({})", reports[i].source, verdicts));
      }
      std::string list = where.front();
      for (size_t k = 1; k < where.size(); ++k) {
        list += (k + 1 == where.size() ? " and " : ", ") + where[k];
      }
      out.errors.push_back(fmt::format(
          "scenario '{}' ran {}: a scenario may run in only one report of a side, since "
          "nothing says which run counts; the others must skip it or not have it",
          name, list));
      continue;
    }
    const size_t from = in.empty() ? first[name] : in.front();
    for (const SavedScenario& s : reports[from].scenarios) {
      if (s.name == name) merged.scenarios.push_back(s);
    }
  }
  if (out.errors.empty()) out.report = std::move(merged);
  return out;
}

std::string RowDifferences(const ReportComparison& c, const ComparisonRow& row) {
  if (row.presence == Presence::kLeftOnly) return "only in " + c.left.label;
  if (row.presence == Presence::kRightOnly) return "only in " + c.right.label;
  if (row.verdicts_differ && row.figures_differ) return "verdict, figures";
  if (row.verdicts_differ) return "verdict";
  if (row.figures_differ) return "figures";
  return "";
}

ReportComparison CompareReports(const SavedReport& left, const SavedReport& right) {
  ReportComparison c;
  std::string l = left.target.empty() ? "left" : left.target;
  std::string r = right.target.empty() ? "right" : right.target;
  if (l == r) {
    l += " (left)";
    r += " (right)";
  }
  c.left = Side(left, l);
  c.right = Side(right, r);
  auto name = [](const SavedScenario& s) { return s.name; };
  for (const auto& [ls, rs] : Pair(left.scenarios, right.scenarios, name)) {
    c.rows.push_back(CompareScenario(ls, rs));
  }
  return c;
}

std::string FormatComparisonMarkdown(const ReportComparison& c) {
  const std::string l = Cell(c.left.label), r = Cell(c.right.label);
  std::string out = fmt::format(
      "Two kafka-scenario reports compared scenario by scenario: {}; {}. Groups show records "
      "acknowledged/consumed/lost/duplicates, then their rebalances after the first assignment "
      "and the longest one; checks show the figures each expect entry bounds. Lines that differ "
      "are in bold and the last column names what differs; wall time (s) and rebalance time "
      "never count as differences.\n\n",
      Report(c.left), Report(c.right));
  out += fmt::format(
      "| lesson | {0} verdict | {1} verdict | {0} s | {1} s | {0} groups | {1} groups | "
      "{0} checks | {1} checks | differs |\n",
      l, r);
  out += "| --- | --- | --- | ---: | ---: | --- | --- | --- | --- | --- |\n";
  for (const ComparisonRow& row : c.rows) {
    out += fmt::format(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", Cell(row.lesson),
        Bold(Cell(OrAbsent(row.left_verdict)), row.verdicts_differ),
        Bold(Cell(OrAbsent(row.right_verdict)), row.verdicts_differ), OrAbsent(row.left_seconds),
        OrAbsent(row.right_seconds), LinesCell(row.groups, true), LinesCell(row.groups, false),
        LinesCell(row.checks, true), LinesCell(row.checks, false), Cell(RowDifferences(c, row)));
  }
  return out + "\n" + CountLine(c) + "\n";
}

std::string FormatComparisonText(const ReportComparison& c) {
  // Each detail line: label, left, right. The label and left columns are as wide as their widest
  // entry, up to a limit past which a long skip reason pushes its own line out instead.
  constexpr size_t kMaxWidth = 48;
  struct Line {
    std::string label, left, right;
  };
  std::vector<std::pair<const ComparisonRow*, std::vector<Line>>> blocks;
  size_t label_width = 0, left_width = c.left.label.size();
  for (const ComparisonRow& row : c.rows) {
    std::vector<Line> lines;
    lines.push_back({"verdict", OrAbsent(row.left_verdict), OrAbsent(row.right_verdict)});
    lines.push_back({"seconds", OrAbsent(row.left_seconds), OrAbsent(row.right_seconds)});
    for (const ComparedLine& g : row.groups) {
      lines.push_back({"group " + g.label, g.left.value_or(std::string(kAbsent)),
                       g.right.value_or(std::string(kAbsent))});
    }
    for (const ComparedLine& k : row.checks) {
      lines.push_back(
          {k.label, k.left.value_or(std::string(kAbsent)), k.right.value_or(std::string(kAbsent))});
    }
    for (const Line& line : lines) {
      label_width = std::max(label_width, std::min(line.label.size(), kMaxWidth));
      left_width = std::max(left_width, std::min(line.left.size(), kMaxWidth));
    }
    blocks.emplace_back(&row, std::move(lines));
  }
  std::string out = fmt::format("left:  {}  {}  started {}  {}\n", c.left.label, c.left.source,
                                OrAbsent(c.left.started), OrAbsent(c.left.kafka_client));
  out += fmt::format("right: {}  {}  started {}  {}\n", c.right.label, c.right.source,
                     OrAbsent(c.right.started), OrAbsent(c.right.kafka_client));
  out += fmt::format("\n  {}  {} | {}\n", Pad("", label_width), Pad(c.left.label, left_width),
                     c.right.label);
  for (const auto& [row, lines] : blocks) {
    const std::string differs = RowDifferences(c, *row);
    out += row->lesson + (differs.empty() ? "" : "  DIFFERS: " + differs) + "\n";
    for (const Line& line : lines) {
      out += fmt::format("  {}  {} | {}\n", Pad(line.label, label_width),
                         Pad(line.left, left_width), line.right);
    }
  }
  return out + "\n" + CountLine(c) + "\n";
}

}  // namespace ks
