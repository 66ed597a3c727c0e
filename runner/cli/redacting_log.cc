#include "cli/redacting_log.h"

#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>
#include <string>

#include "diag/secrets.h"

namespace ks {
namespace {

class RedactingStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    const std::string line = Redact(std::string(formatted.data(), formatted.size()));
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

}  // namespace

std::shared_ptr<spdlog::logger> NewRedactingStderrLogger() {
  return std::make_shared<spdlog::logger>("kafka-scenario",
                                          std::make_shared<RedactingStderrSink>());
}

}  // namespace ks
