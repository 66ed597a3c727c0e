#include "target/client_logs.h"

#include <spdlog/spdlog.h>

namespace ks {
namespace {

void LogToSpdlog(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  // syslog levels: 0-3 errors, 4 warning; all go to debug because the runner itself reports
  // what matters (delivery errors, failed waits) in the history and the result.
  spdlog::debug("[{}] {} {}: {}", rk ? rd_kafka_name(rk) : "?", level, fac, buf);
}

}  // namespace

void RouteClientLogs(rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, LogToSpdlog); }

}  // namespace ks
