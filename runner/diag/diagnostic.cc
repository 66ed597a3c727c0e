#include "diag/diagnostic.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "diag/line_index.h"

namespace ks {

namespace {

// Whitespace that puts a caret under byte `column` (1-based) of `line`: tabs are copied so that
// the caret lines up whatever the terminal's tab width, and a UTF-8 character counts once because
// YAML parsers count columns in bytes while a terminal shows characters.
std::string CaretPadding(std::string_view line, int column) {
  std::string pad;
  const size_t bytes = std::min(line.size(), static_cast<size_t>(column - 1));
  for (size_t i = 0; i < bytes; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // a UTF-8 continuation byte
    pad += c == '\t' ? '\t' : ' ';
  }
  if (static_cast<size_t>(column - 1) > line.size()) {
    pad.append(static_cast<size_t>(column - 1) - line.size(), ' ');  // just past the line's end
  }
  return pad;
}

// FormatDiagnostic with the source's lines already indexed, so that formatting many diagnostics
// of one file costs one pass over it.
std::string FormatWithIndex(const Diagnostic& d, const LineIndex& lines) {
  std::string out = d.loc.ToString();
  out += ": error: ";
  out += d.message;
  if (!d.hint.empty()) {
    out += " (";
    out += d.hint;
    out += ")";
  }
  out += '\n';
  const std::optional<std::string_view> line = lines.Line(d.loc.line);
  if (!line) return out;
  out += "  ";
  out += *line;
  out += '\n';
  if (d.loc.column > 0) {
    out += "  ";
    out += CaretPadding(*line, d.loc.column);
    out += "^\n";
  }
  return out;
}

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d, const std::string& source) {
  return FormatWithIndex(d, LineIndex(source));
}

void SortByLocation(std::vector<Diagnostic>* ds) {
  std::stable_sort(ds->begin(), ds->end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.column < b.loc.column;
  });
}

std::string FormatDiagnostics(const std::vector<Diagnostic>& ds, const std::string& source) {
  std::vector<Diagnostic> sorted = ds;
  SortByLocation(&sorted);
  const LineIndex lines(source);
  std::string out;
  for (const Diagnostic& d : sorted) out += FormatWithIndex(d, lines);
  return out;
}

}  // namespace ks
