#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "scenario/model.h"

namespace ks {

/// What ParseProperties() or LoadPropertiesFile() found: the entries in file order (a key given
/// twice appears twice; the later wins where they are set in order), or every problem. No copy of
/// the text: a client properties file holds credentials, so its diagnostics are shown without
/// their source lines.
struct PropertiesResult {
  std::vector<ConfigEntry> entries;  ///< each with the file, line and column of its key
  std::vector<Diagnostic> diagnostics;
};

/// Reads `text` as a Java .properties file, as java.util.Properties.load does (and so Kafka's
/// tools with --command-config): `key=value`, `key: value` or `key value`; blank lines and lines
/// whose first non-blank character is '#' or '!' are skipped; a line ending in an odd number of
/// backslashes continues on the next one (its leading blanks dropped); `\t`, `\n`, `\r`, `\f`
/// and `\uXXXX` are escapes (a UTF-16 surrogate pair of two is one character), a backslash before
/// any other character is that character. Bytes are kept as they are (UTF-8 passes through; Java
/// would read ISO-8859-1); a leading UTF-8 byte order mark is dropped. A malformed `\u` escape,
/// half a surrogate pair, or `\u0000` (librdkafka takes C strings) is a diagnostic at its line
/// and column, and its entry is left out. Never throws.
PropertiesResult ParseProperties(const std::string& text, const std::string& path);

/// ParseProperties() over the file at `path` (at most limits::kMaxPropertiesFileBytes); a file that
/// cannot be read, or is larger, is one diagnostic naming it.
PropertiesResult LoadPropertiesFile(const std::string& path);

/// `entries` as a .properties text that ParseProperties (and java.util.Properties.load) reads
/// back as the same keys and values: one `key=value` per line, with '\\', '=', ':', '#', '!',
/// blanks and control characters escaped where Properties.load would otherwise change them, and
/// UTF-8 characters beyond ASCII as \uXXXX (Properties.load(InputStream) reads ISO-8859-1).
std::string FormatProperties(const std::vector<ConfigEntry>& entries);

}  // namespace ks
