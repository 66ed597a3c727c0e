#pragma once

// The limits on a YAML document's shape (diag/input_limits.h), checked on yaml-cpp's parse
// events before any node is built: a document that breaks one is never loaded.

#include <optional>
#include <string>

#include "diag/diagnostic.h"

namespace ks {

/// Parses the first document of `text` (the contents of `file`) as events, building nothing, and
/// returns the first limit it breaks, located at the node that breaks it: maps and lists nested
/// deeper than kMaxYamlDepth; more than kMaxYamlNodes nodes or kMaxYamlExpandedBytes bytes of
/// scalars once aliases are expanded (each use of an alias counts its anchor's whole content); a
/// scalar over kMaxYamlScalarBytes; an alias inside the node its anchor names (an infinite
/// document); an explicit tag such as `!!python/object` (the scenario format has no use for
/// tags, and a tag that is ignored would hide what the author meant). Nothing when the document
/// is within every limit. Throws YAML::Exception for a syntax error found on the way.
std::optional<Diagnostic> FindYamlLimitBreach(const std::string& text, const std::string& file);

}  // namespace ks
