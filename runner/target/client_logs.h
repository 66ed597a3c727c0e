#pragma once

#include <librdkafka/rdkafka.h>

namespace ks {

/// Routes a client's librdkafka log lines into the run's log (spdlog) at debug level instead of
/// stderr. During faults librdkafka logs misleading lines such as "verify that
/// security.protocol is correctly configured" (embedded-cluster-facts.md); they belong in -v
/// output, not in a lesson's console.
void RouteClientLogs(rd_kafka_conf_t* conf);

}  // namespace ks
