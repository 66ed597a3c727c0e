#include "target/rdkafka_handles.h"

#include <atomic>

namespace ks {
namespace {
std::atomic<int64_t> clients_created{0};
}  // namespace

KafkaPtr NewClient(rd_kafka_type_t type, rd_kafka_conf_t* conf, std::string* error) {
  char errstr[512];
  KafkaPtr rk(rd_kafka_new(type, conf, errstr, sizeof errstr));
  if (!rk) {
    *error = errstr;
  } else {
    clients_created.fetch_add(1);
  }
  return rk;
}

int64_t ClientsCreated() { return clients_created.load(); }

bool SetConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value,
             std::string* error) {
  char err[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
    *error = err;
    return false;
  }
  return true;
}

}  // namespace ks
