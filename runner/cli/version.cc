#include "cli/version.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <librdkafka/rdkafka.h>

#include <vector>

#include "scenario/requirements.h"
#include "target/embedded_target.h"

namespace ks {

std::string VersionText() {
  const std::set<std::string> has = EmbeddedTarget::DetectCapabilities(rd_kafka_version());
  std::vector<std::string> lacks;
  for (const std::string& c : KnownCapabilities()) {
    if (!has.count(c)) lacks.push_back(c);
  }
  return fmt::format(
      "kafka-scenario {}\n"
      "librdkafka {}\n"
      "embedded cluster: librdkafka {}'s mock; has {}; lacks {} (scenarios requiring these "
      "need a real cluster: --target or --bootstrap-server)\n",
      ProgramVersion(), rd_kafka_version_str(), rd_kafka_version_str(),
      has.empty() ? "no capability" : fmt::format("{}", fmt::join(has, ", ")),
      fmt::join(lacks, ", "));
}

}  // namespace ks
