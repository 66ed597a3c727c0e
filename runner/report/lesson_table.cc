#include "report/lesson_table.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "scenario/requirements.h"

namespace ks {

std::string LessonNumber(const std::string& path) {
  const std::string file = std::filesystem::path(path).filename().string();
  auto end =
      std::find_if(file.begin(), file.end(), [](unsigned char c) { return !std::isdigit(c); });
  return std::string(file.begin(), end);
}

std::string ShortTitle(const std::string& title) {
  constexpr size_t kMost = 50;
  // Lesson titles read "Topic - what it shows": the topic alone names the lesson in a table.
  std::string out = title.substr(0, title.find(" - "));
  if (out.size() > kMost) out = out.substr(0, kMost - 3) + "...";
  return out;
}

LessonRow MakeLessonRow(const Scenario& s, const std::set<std::string>& capabilities,
                        const std::string& cannot_run) {
  LessonRow row{LessonNumber(s.path), s.name, ShortTitle(s.title), s.tags, "yes"};
  if (auto missing = MissingCapabilities(RequiredCapabilities(s), capabilities); !missing.empty()) {
    row.runs = fmt::format("needs {}", fmt::join(missing, ", "));
  } else if (!cannot_run.empty()) {
    row.runs = "no: " + cannot_run;
  }
  return row;
}

std::string FormatLessonTable(const std::vector<LessonRow>& rows) {
  std::vector<std::vector<std::string>> cells = {{"#", "NAME", "TITLE", "TAGS", "RUNS HERE"}};
  for (const auto& r : rows) {
    // Three tags say what a lesson is about; the rest are for --tag, counted here.
    std::vector<std::string> tags(
        r.tags.begin(),
        r.tags.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(r.tags.size(), 3)));
    if (r.tags.size() > 3) tags.push_back(fmt::format("+{}", r.tags.size() - 3));
    cells.push_back({r.number.empty() ? "-" : r.number, r.name, r.title,
                     fmt::format("{}", fmt::join(tags, ", ")), r.runs});
  }
  std::vector<size_t> widths(cells.front().size(), 0);
  for (const auto& line : cells) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], line[i].size());
  }
  std::string out;
  for (const auto& line : cells) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      // The last column is not padded, so no line ends in spaces.
      text += i + 1 < line.size() ? fmt::format("{:<{}}  ", line[i], widths[i]) : line[i];
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  }
  return out;
}

}  // namespace ks
