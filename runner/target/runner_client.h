#pragma once

#include <librdkafka/rdkafka.h>

#include <functional>
#include <string>
#include <vector>

#include "scenario/model.h"
#include "target/rdkafka_handles.h"

namespace ks {

/// A client of `type` for the runner's own requests to a cluster (admin requests, offset
/// queries, the reachability probe), not a scenario's actor: its log lines go to the run's log
/// (RouteClientLogs), then `client`'s properties are set (the target's: security settings),
/// then bootstrap.servers = `bootstrap_servers` and client.id = `client_id`; `configure`, when
/// given, adds what it needs (callbacks, opaque) before the client is made. Returns nullptr with
/// `error` (librdkafka's words, naming the property) when a property is refused or the client
/// cannot be made.
KafkaPtr NewRunnerClient(rd_kafka_type_t type, const std::string& bootstrap_servers,
                         const std::vector<ConfigEntry>& client, const std::string& client_id,
                         std::string* error,
                         const std::function<void(rd_kafka_conf_t*)>& configure = {});

}  // namespace ks
