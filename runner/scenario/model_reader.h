#pragma once

// What the model builder's stages share (runner/scenario only): lenient readers of the converted
// document, and ModelReader, the base of model_builder.cc (topics, producers, groups, expect) and
// step_builder.cc (the timeline). Readers leave a value at its default when the schema has
// already reported it.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "diag/line_index.h"
#include "scenario/env_interpolation.h"
#include "scenario/load_context.h"
#include "scenario/quantity.h"

namespace ks::model_detail {

using Json = nlohmann::json;

inline const Json* Get(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Readers that leave `*out` alone when the value is absent or has the wrong type: the schema has
// reported the wrong type already, and a default lets the later stages keep checking.
inline void ReadString(const Json& object, const char* key, std::string* out) {
  if (const Json* v = Get(object, key); v != nullptr && v->is_string())
    *out = v->get<std::string>();
}

// Bounds as the user wrote them: 3 rather than 3.0 (the cast is only safe well inside int64).
inline std::string NumberText(double v) {
  if (std::fabs(v) < 1e15 && v == std::trunc(v)) return std::to_string(static_cast<int64_t>(v));
  return Json(v).dump();
}

inline void ReadStrings(const Json& object, const char* key, std::vector<std::string>* out) {
  const Json* v = Get(object, key);
  if (v == nullptr || !v->is_array()) return;
  for (const Json& item : *v) {
    if (item.is_string()) out->push_back(item.get<std::string>());
  }
}

/// The state and reading helpers of one model build over `ctx` (which must outlive it): source
/// locations, `{lua: fn}` references, integers that must fit, durations, client config maps.
class ModelReader {
 public:
  explicit ModelReader(LoadContext* ctx)
      : ctx_(*ctx), doc_(*ctx->doc), s_(*ctx->scenario), lines_(ctx->scenario->source) {}

 protected:
  SourceLoc Loc(const std::string& pointer) const { return doc_.sources.ValueLoc(pointer); }

  // `{lua: fn}` at object[key], or a bare function string when `bare` is allowed.
  std::optional<LuaRef> Lua(const Json& object, const std::string& pointer, const char* key,
                            bool bare = false) {
    const Json* v = Get(object, key);
    if (v == nullptr) return std::nullopt;
    const std::string p = JsonPointerChild(pointer, key);
    if (bare && v->is_string()) return LuaRef{v->get<std::string>(), Loc(p)};
    if (const Json* fn = v->is_object() ? Get(*v, "lua") : nullptr; fn && fn->is_string()) {
      return LuaRef{fn->get<std::string>(), Loc(JsonPointerChild(p, "lua"))};
    }
    return std::nullopt;
  }

  // Reads an integer the schema has checked for type and sign; a value too large for the
  // model's field (e.g. partitions: 10000000000) is reported rather than truncated.
  template <typename Int>
  void ReadInt(const Json& object, const std::string& pointer, const char* key, Int* out) {
    const Json* v = Get(object, key);
    if (v == nullptr || !v->is_number_integer()) return;
    constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<Int>::max());
    bool fits;
    if (v->is_number_unsigned()) {
      fits = v->get<uint64_t>() <= kMax;
    } else {
      const int64_t x = v->get<int64_t>();
      fits = x >= 0 ? static_cast<uint64_t>(x) <= kMax
                    : std::is_signed_v<Int> &&
                          x >= static_cast<int64_t>(std::numeric_limits<Int>::min());
    }
    if (!fits) {
      const std::string p = JsonPointerChild(pointer, key);
      if (!ctx_.ReportedWithin(p)) {
        ctx_.Error(p, Loc(p),
                   std::string(key) + " " + v->dump() + " is too large (at most " +
                       std::to_string(std::numeric_limits<Int>::max()) + ")");
      }
      return;
    }
    *out = v->get<Int>();
  }
  SourceLoc KeyLoc(const std::string& pointer) const { return doc_.sources.KeyLoc(pointer); }

  template <typename F>
  void ForEachItem(const char* key, F&& f) {
    const Json* list = Get(doc_.value, key);
    if (list == nullptr || !list->is_array()) return;
    const std::string pointer = JsonPointerChild("", key);
    for (size_t i = 0; i < list->size(); ++i) {
      if ((*list)[i].is_object()) f((*list)[i], JsonPointerChild(pointer, i));
    }
  }

  std::optional<int64_t> Duration(const std::string& pointer, const Json& v) {
    std::string error;
    std::optional<int64_t> ms = ParseDurationMs(v.get<std::string>(), &error);
    if (!ms && !ctx_.ReportedWithin(pointer)) ctx_.Error(pointer, Loc(pointer), error);
    return ms;
  }

  std::vector<ConfigEntry> Config(const Json& object, const std::string& pointer,
                                  const char* key = "config") {
    std::vector<ConfigEntry> entries;
    const Json* config = Get(object, key);
    if (config == nullptr || !config->is_object()) return entries;
    const std::string config_pointer = JsonPointerChild(pointer, key);
    for (auto it = config->begin(); it != config->end(); ++it) {
      const std::string p = JsonPointerChild(config_pointer, it.key());
      ConfigEntry entry{it.key(), "", KeyLoc(p)};
      const NodeSource* source = doc_.sources.Find(p);
      if (it->is_string()) {
        // Credentials come from the environment (${env:NAME}), never from the file itself.
        std::string error;
        if (!InterpolateProperty(entry.key, it->get<std::string>(), env_, &entry.value, &error)) {
          ctx_.Error(p, Loc(p), error, "set the variable, or give a default: ${env:NAME:-default}");
          continue;
        }
      } else if (it->is_boolean()) {
        entry.value = it->get<bool>() ? "true" : "false";  // librdkafka's spelling, not `yes`
      } else if (it->is_number_integer()) {
        entry.value = std::to_string(it->get<int64_t>());
      } else if (it->is_number() && source != nullptr && !source->text.empty()) {
        entry.value = source->text;  // as written: 0.5 stays 0.5, not 0.500000
      } else if (it->is_number()) {
        entry.value = it->dump();
      } else {
        continue;  // reported by the schema
      }
      entries.push_back(std::move(entry));
    }
    // In the file's order, as a reader expects them listed back.
    std::sort(entries.begin(), entries.end(), [](const ConfigEntry& a, const ConfigEntry& b) {
      return std::tie(a.loc.line, a.loc.column) < std::tie(b.loc.line, b.loc.column);
    });
    return entries;
  }

  LoadContext& ctx_;
  const YamlJson& doc_;
  Scenario& s_;
  const LineIndex lines_;  // of s_.source, for QuoteAt
  const EnvLookup env_ = ProcessEnv();
};

/// Fills ctx->scenario->steps (and ctx->step_pointers) from the document's `steps`, reporting
/// what the schema cannot see: empty wait and fault durations, a wait's group given twice or
/// not at all. step_builder.cc.
void BuildSteps(LoadContext* ctx);

}  // namespace ks::model_detail
