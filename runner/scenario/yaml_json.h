#pragma once

// YAML text -> nlohmann::json, remembering where every node was written. The JSON feeds the
// schema validator (valijson's nlohmann adapter) and the model filler; the source map turns a
// JSON pointer from either of them back into file:line:col.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diag/diagnostic.h"
#include "diag/source_loc.h"

namespace ks {

/// Where one node of a YAML document was written.
struct NodeSource {
  SourceLoc value;      ///< the value's first character (1-based)
  SourceLoc key;        ///< the key naming it in its parent map; equals `value` for list items
  std::string text;     ///< a scalar's text exactly as written (without quotes); empty otherwise
  bool quoted = false;  ///< a scalar written in quotes or as a block: always a string
};

/// Locations of a converted document's nodes, keyed by RFC 6901 JSON pointer ("" is the root,
/// "/topics/0/partitions" a nested value).
class SourceMap {
 public:
  /// Records where the node at `pointer` was written.
  void Set(const std::string& pointer, NodeSource source);
  /// The node at `pointer`, or nullptr when it was not in the file (e.g. a default).
  const NodeSource* Find(const std::string& pointer) const;
  /// Where the value at `pointer` was written; for a node not in the file, its nearest ancestor's
  /// location, so that a diagnostic about a missing key points at the map that lacks it.
  SourceLoc ValueLoc(const std::string& pointer) const;
  /// Where the key naming `pointer` was written (the value's location for list items); falls
  /// back to the nearest ancestor like ValueLoc.
  SourceLoc KeyLoc(const std::string& pointer) const;

 private:
  std::unordered_map<std::string, NodeSource> nodes_;
};

/// A YAML document as JSON plus the source map of its nodes.
struct YamlJson {
  nlohmann::json value;
  SourceMap sources;
};

/// `parent` extended by one member name or index, escaped as RFC 6901 requires (~ -> ~0, / -> ~1).
std::string JsonPointerChild(const std::string& parent, std::string_view key);
/// `parent` extended by an array index.
std::string JsonPointerChild(const std::string& parent, size_t index);

/// Parses `text` (the contents of `file`, used in locations) as one YAML document and converts it
/// to JSON. Plain scalars that read as integers, floats or booleans (YAML 1.1 words such as `yes`
/// included, as yaml-cpp reads them) become numbers and booleans; quoted scalars stay strings;
/// empty values and `~` become null. Returns false after adding one diagnostic at the error's
/// position when the text is not YAML, or breaks a limit of diag/input_limits.h (checked before
/// the document is built: size, UTF-8, nesting, nodes and bytes with aliases expanded, scalar
/// length, explicit tags; see FindYamlLimitBreach). Keys that are not scalars and duplicate keys
/// add diagnostics but still return true (the first value of a duplicate key is kept), so that the
/// rest of the file is still checked.
bool YamlToJson(const std::string& text, const std::string& file, YamlJson* out,
                std::vector<Diagnostic>* diagnostics);

}  // namespace ks
