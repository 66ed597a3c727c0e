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

/// A producer's Lua hooks (key, value, headers generators and a partitioner), in one sandbox
/// owned by the producer's thread. Each call's error points at the YAML field that named the
/// function and carries the Lua traceback.
class LuaRecordHooks {
 public:
  /// Opens a sandbox from `plan` for producer `spec` and finds its functions. Null, with `error`
  /// set, when a module or a function cannot be found. Null without error when `spec` has no
  /// Lua hook.
  LuaRecordHooks() = default;
  static std::unique_ptr<LuaRecordHooks> Open(const ProducerSpec& spec, const LuaPlan& plan,
                                              std::string* error);

  bool has_key() const { return key_.valid(); }
  bool has_value() const { return value_.valid(); }
  bool has_headers() const { return headers_.valid(); }
  bool has_partitioner() const { return partitioner_.valid(); }

  /// key(i) -> a string, or nil for a null key (`*null_key` set).
  Status Key(int64_t i, std::string* key, bool* null_key);
  /// value(i) -> a string (bytes).
  Status Value(int64_t i, std::string* value);
  /// headers(i) -> {name = value, ...}; string values only; sorted by name for repeatability.
  Status Headers(int64_t i, std::vector<std::pair<std::string, std::string>>* headers);
  /// partitioner(key or nil, partitions) -> a partition in [0, partitions).
  Status Partition(const std::string* key, int partitions, int32_t* partition);

 private:
  std::unique_ptr<LuaSandbox> sandbox_;
  const ProducerSpec* spec_ = nullptr;
  LuaFunction key_, value_, headers_, partitioner_;
};

}  // namespace ks
