#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "diag/status.h"
#include "luahost/scenario_lua.h"
#include "scenario/model.h"

namespace ks {

/// A record as a processing hook sees it.
struct LuaRecord {
  std::string topic;  ///< the scenario's topic name
  int32_t partition = 0;
  int64_t offset = 0;
  bool has_key = false;
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;
  int attempt = 0;  ///< 0 for the first processing attempt
};

/// One record a processor's function asked to produce.
struct LuaOutput {
  std::string topic;  ///< one of the processor's `to` topics
  bool has_key = false;
  std::string key;
  std::string value;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// What a processing hook decided for one attempt.
struct LuaOutcome {
  bool failed = false;             ///< "fail": the attempt failed
  int64_t delay_ms = 0;            ///< a number: time spent before the attempt succeeded
  std::vector<LuaOutput> outputs;  ///< a processor's outputs (nil, one table or a list)
};

/// A group's processing.lua in a sandbox of its own (one per processing thread). For a plain
/// group the function returns "ok", "fail" or a delay in ms; for a processor (GroupSpec::
/// transform) it returns its outputs, and an output without a topic goes to the first `to` topic.
class LuaProcessing {
 public:
  /// Opens a sandbox from `plan` for `stream` (the member, or member and worker) and finds the
  /// group's function. Errors point at the YAML field that named the function.
  static std::unique_ptr<LuaProcessing> Open(const GroupSpec& group, const LuaPlan& plan,
                                             const std::string& stream, std::string* error);
  /// Calls the function with `record`; errors (Lua errors with traceback, a result of the wrong
  /// shape, an output to a topic outside `to`) point at the YAML field.
  Status Process(const LuaRecord& record, LuaOutcome* outcome);

 private:
  std::unique_ptr<LuaSandbox> sandbox_;
  const GroupSpec* group_ = nullptr;
  LuaFunction fn_;
};

}  // namespace ks
