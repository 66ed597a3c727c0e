#include "report/check_table.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "report/explain.h"
#include "scenario/check_catalogue.h"

namespace ks {
namespace {

// "group; topic", "topic; member, producer", "producer and/or topic".
std::string ScopeText(const CheckEntry& c) {
  if (!c.any_of_scope.empty()) return fmt::format("{}", fmt::join(c.any_of_scope, " and/or "));
  std::string out = fmt::format("{}", fmt::join(c.required_scope, ", "));
  if (!c.optional_scope.empty()) out += fmt::format("; {}", fmt::join(c.optional_scope, ", "));
  return out;
}

std::string BoundsText(const std::vector<FigureBound>& bounds) {
  std::vector<std::string> parts;
  for (const FigureBound& b : bounds) parts.push_back(FigureBoundText(b, ""));
  return fmt::format("{}", fmt::join(parts, ", "));
}

// The description, then what the name implies or what applies without bounds.
std::string Meaning(const CheckEntry& c) {
  std::string out = c.description;
  if (!c.implied_bounds.empty()) out += fmt::format(" (means {})", BoundsText(c.implied_bounds));
  if (!c.default_bounds.empty()) {
    out += fmt::format(" (without bounds: {})", BoundsText(c.default_bounds));
  }
  return out;
}

}  // namespace

std::string FormatCheckTable(bool markdown) {
  std::string out;
  if (markdown) {
    out += "| check | scope | figures (main first) | meaning |\n| --- | --- | --- | --- |\n";
  }
  for (const CheckEntry& c : CheckCatalogue()) {
    const std::string figures = fmt::format("{}", fmt::join(c.figures, ", "));
    if (markdown) {
      out += fmt::format("| `{}` | {} | {} | {} |\n", c.name, ScopeText(c), figures, Meaning(c));
    } else {
      out += fmt::format("{} ({})\n    figures: {}\n    {}\n", c.name, ScopeText(c), figures,
                         Meaning(c));
    }
  }
  return out;
}

}  // namespace ks
