#pragma once

// Text hygiene for the machine-readable reports. Report text comes from places the runner does
// not control (record keys read back from Kafka, librdkafka error strings, file paths), yet an
// XML or JSON consumer rejects the whole file over one bad byte.

#include <string>
#include <string_view>

namespace ks {

/// `s` with every byte that is not part of a well-formed UTF-8 sequence replaced by U+FFFD.
std::string ValidUtf8(std::string_view s);

/// ValidUtf8(s), with the code points XML 1.0 forbids even as character references (control
/// characters other than tab, line feed and carriage return; U+FFFE; U+FFFF) also replaced
/// by U+FFFD.
std::string XmlSafe(std::string_view s);

}  // namespace ks
