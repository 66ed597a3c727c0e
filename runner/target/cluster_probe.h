#pragma once

#include <string>
#include <vector>

#include "diag/status.h"
#include "scenario/model.h"

namespace ks {

/// Asks the cluster at `bootstrap_servers` for its brokers (one Metadata request, no topics),
/// with `client`'s properties, within `timeout_ms`: whether a run can reach it at all, asked once
/// per invocation rather than once per scenario. Ok when it answers. Otherwise an error that
/// names the address, what the client tried (the first distinct reports of librdkafka's error
/// callback, e.g. "127.0.0.1:9092/bootstrap: Connect to ipv4#127.0.0.1:9092 failed: Connection
/// refused") and what to check: the address, that the cluster runs, its security.protocol.
Status ProbeCluster(const std::string& bootstrap_servers, const std::vector<ConfigEntry>& client,
                    int timeout_ms);

}  // namespace ks
