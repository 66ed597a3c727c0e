#include "diag/diagnostic.h"

#include <algorithm>
#include <optional>
#include <string_view>

namespace ks {

namespace {

// The 1-based `line` of `source` without its line break, or nothing past the end.
std::optional<std::string_view> SourceLine(const std::string& source, int line) {
  if (line <= 0) return std::nullopt;
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    const size_t nl = source.find('\n', start);
    if (nl == std::string::npos) return std::nullopt;
    start = nl + 1;
  }
  if (start >= source.size()) return std::nullopt;
  size_t end = source.find('\n', start);
  if (end == std::string::npos) end = source.size();
  std::string_view text(source.data() + start, end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

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

}  // namespace

std::string FormatDiagnostic(const Diagnostic& d, const std::string& source) {
  std::string out = d.loc.ToString();
  out += ": error: ";
  out += d.message;
  if (!d.hint.empty()) {
    out += " (";
    out += d.hint;
    out += ")";
  }
  out += '\n';
  const std::optional<std::string_view> line = SourceLine(source, d.loc.line);
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

void SortByLocation(std::vector<Diagnostic>* ds) {
  std::stable_sort(ds->begin(), ds->end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.loc.line != b.loc.line) return a.loc.line < b.loc.line;
    return a.loc.column < b.loc.column;
  });
}

std::string FormatDiagnostics(const std::vector<Diagnostic>& ds, const std::string& source) {
  std::vector<Diagnostic> sorted = ds;
  SortByLocation(&sorted);
  std::string out;
  for (const Diagnostic& d : sorted) out += FormatDiagnostic(d, source);
  return out;
}

}  // namespace ks
