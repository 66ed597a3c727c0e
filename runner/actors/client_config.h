#pragma once

#include <string>
#include <vector>

#include "diag/status.h"
#include "scenario/model.h"
#include "target/rdkafka_handles.h"

namespace ks {

/// Sets librdkafka properties (CONFIGURATION.md names) on one client's configuration, naming who
/// asked for a refused one: "file:line: producer 'p': <librdkafka's reason>" for a property the
/// scenario wrote, "producer 'p': ..." for one the runner sets.
class ClientConfig {
 public:
  /// `who` names the client in errors, e.g. "group 'billing'".
  ClientConfig(rd_kafka_conf_t* conf, std::string who) : conf_(conf), who_(std::move(who)) {}
  /// False, with error() set, when librdkafka refuses the property or its value.
  bool Set(const std::string& key, const std::string& value, const SourceLoc& loc = {});
  /// Sets `entries` in order; false at the first refused one.
  bool SetAll(const std::vector<ConfigEntry>& entries);
  /// The refusal, as a Status.
  Status error() const { return Status::Error(error_); }

 private:
  rd_kafka_conf_t* conf_;
  std::string who_;
  std::string error_;
};

/// Static membership (KIP-345): a group's `group.instance.id` names its instances, and member
/// `index` (i of "group/i") is "<value>-<index>", whichever client plays it.
std::string MemberInstanceId(const std::string& value, int index);

}  // namespace ks
