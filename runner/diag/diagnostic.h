#pragma once

#include <string>
#include <vector>

#include "diag/source_loc.h"

namespace ks {

/// One problem found in a user's input, tied to where it was written.
struct Diagnostic {
  SourceLoc loc;
  std::string message;  ///< what is wrong and what was expected, e.g. "expected an integer >= 1"
  std::string hint;     ///< optional, e.g. "did you mean 'partitions'?"
};

/// Renders a diagnostic the way compilers and ninja do:
///   file:line:col: error: message (hint)
///     <the source line>
///     <caret under the column>
/// `source` is the whole text of `d.loc.file` (may be empty: then no source line is shown).
std::string FormatDiagnostic(const Diagnostic& d, const std::string& source);

/// Orders diagnostics by line, then column; diagnostics at the same place keep their order.
void SortByLocation(std::vector<Diagnostic>* ds);

/// Formats every diagnostic of one file, in line order, each followed by its source line.
std::string FormatDiagnostics(const std::vector<Diagnostic>& ds, const std::string& source);

}  // namespace ks
