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
  const std::string lacking = lacks.empty()
                                  ? "lacks nothing a scenario can require"
                                  : fmt::format(
                                        "lacks {} (scenarios requiring these need a real cluster: "
                                        "--target or --bootstrap-server)",
                                        fmt::join(lacks, ", "));
  return fmt::format(
      "kafka-scenario {}\nlibrdkafka {}\nembedded cluster: librdkafka {}'s mock; has {}; {}\n",
      ProgramVersion(), rd_kafka_version_str(), rd_kafka_version_str(),
      has.empty() ? "no capability" : fmt::format("{}", fmt::join(has, ", ")), lacking);
}

}  // namespace ks
