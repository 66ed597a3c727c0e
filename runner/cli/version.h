#pragma once

#include <string>

namespace ks {

/// kafka-scenario's version: CMake's project version, then in parentheses `git describe
/// --always --dirty --tags` of the checkout it was built from, when it was built from one
/// ("0.1.0 (07d8e7a-dirty)"). Generated at build time (cmake/version.cmake).
const char* ProgramVersion();

/// What `kafka-scenario --version` prints, one fact per line: this program's version, the
/// librdkafka its clients use (rd_kafka_version_str(): the installed library, not the headers),
/// and what the embedded cluster (that librdkafka's mock) can show: the capabilities of
/// KnownCapabilities() it has and those it lacks.
std::string VersionText();

}  // namespace ks
