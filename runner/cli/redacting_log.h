#pragma once

#include <spdlog/logger.h>

#include <memory>

namespace ks {

/// A logger named "kafka-scenario" that writes to stderr with every registered secret
/// (RegisterSecret) replaced by "***": librdkafka's own log lines may quote a property's value.
std::shared_ptr<spdlog::logger> NewRedactingStderrLogger();

}  // namespace ks
