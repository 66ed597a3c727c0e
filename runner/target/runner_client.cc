#include "target/runner_client.h"

#include "target/client_logs.h"

namespace ks {

KafkaPtr NewRunnerClient(rd_kafka_type_t type, const std::string& bootstrap_servers,
                         const std::vector<ConfigEntry>& client, const std::string& client_id,
                         std::string* error,
                         const std::function<void(rd_kafka_conf_t*)>& configure) {
  ConfPtr conf(rd_kafka_conf_new());
  RouteClientLogs(conf.get());
  for (const ConfigEntry& e : client) {
    if (!SetConf(conf.get(), e.key, e.value, error)) return nullptr;
  }
  if (!SetConf(conf.get(), "bootstrap.servers", bootstrap_servers, error) ||
      !SetConf(conf.get(), "client.id", client_id, error)) {
    return nullptr;
  }
  if (configure) configure(conf.get());
  KafkaPtr rk = NewClient(type, conf.get(), error);
  if (rk) conf.release();  // rd_kafka_new took ownership
  return rk;
}

}  // namespace ks
