#pragma once

#include <functional>
#include <string>
#include <vector>

#include "diag/status.h"
#include "scenario/model.h"
#include "target/target.h"

namespace ks {

/// Asks the cluster at `bootstrap_servers` for the log start offset and high watermark of every
/// partition of `scenario`'s topics (ListOffsets through rd_kafka_query_watermark_offsets), all
/// the queries together bounded by `timeout_ms`. `physical_name` maps a scenario topic to its
/// cluster name.
Status QueryPartitionOffsets(const std::string& bootstrap_servers,
                             const std::vector<ConfigEntry>& client_defaults,
                             const Scenario& scenario,
                             const std::function<std::string(const std::string&)>& physical_name,
                             int timeout_ms, std::vector<PartitionOffsets>* out);

}  // namespace ks
