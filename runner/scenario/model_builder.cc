#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>

#include "diag/line_index.h"
#include "scenario/env_interpolation.h"
#include "scenario/expect_vocabulary.h"
#include "scenario/key_template.h"
#include "scenario/load_context.h"
#include "scenario/quantity.h"

namespace ks {

namespace {

using Json = nlohmann::json;

const Json* Get(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Readers that leave `*out` alone when the value is absent or has the wrong type: the schema has
// reported the wrong type already, and a default lets the later stages keep checking.
void ReadString(const Json& object, const char* key, std::string* out) {
  if (const Json* v = Get(object, key); v != nullptr && v->is_string())
    *out = v->get<std::string>();
}

// Bounds as the user wrote them: 3 rather than 3.0 (the cast is only safe well inside int64).
std::string NumberText(double v) {
  if (std::fabs(v) < 1e15 && v == std::trunc(v)) return std::to_string(static_cast<int64_t>(v));
  return Json(v).dump();
}

void ReadStrings(const Json& object, const char* key, std::vector<std::string>* out) {
  const Json* v = Get(object, key);
  if (v == nullptr || !v->is_array()) return;
  for (const Json& item : *v) {
    if (item.is_string()) out->push_back(item.get<std::string>());
  }
}

class Builder {
 public:
  explicit Builder(LoadContext* ctx)
      : ctx_(*ctx), doc_(*ctx->doc), s_(*ctx->scenario), lines_(ctx->scenario->source) {}

  void Build() {
    const Json& root = doc_.value;
    s_.loc = Loc("");
    ReadString(root, "name", &s_.name);
    ReadString(root, "title", &s_.title);
    ReadString(root, "lesson", &s_.lesson);
    ReadStrings(root, "tags", &s_.tags);
    ReadStrings(root, "requires", &s_.requires_);
    ReadInt(root, "", "seed", &s_.seed);
    if (const Json* timeout = Get(root, "timeout"); timeout != nullptr && timeout->is_string()) {
      if (std::optional<int64_t> ms = Duration("/timeout", *timeout)) {
        if (*ms == 0) {
          ctx_.Error("/timeout", Loc("/timeout"), "timeout must be longer than 0ms");
        } else {
          s_.timeout_ms = *ms;
        }
      }
    }
    if (const Json* cluster = Get(root, "cluster"); cluster != nullptr && cluster->is_object()) {
      s_.cluster.loc = Loc("/cluster");
      ReadInt(*cluster, "/cluster", "brokers", &s_.cluster.brokers);
    }
    ForEachItem("topics", [&](const Json& item, const std::string& p) { Topic(item, p); });
    ForEachItem("producers", [&](const Json& item, const std::string& p) { Producer(item, p); });
    ForEachItem("consumer_groups", [&](const Json& item, const std::string& p) { Group(item, p); });
    ForEachItem("processors", [&](const Json& item, const std::string& p) { Processor(item, p); });
    if (const Json* lua = Get(root, "lua"); lua != nullptr && lua->is_array()) {
      for (size_t i = 0; i < lua->size(); ++i) {
        if ((*lua)[i].is_string()) {
          s_.lua_modules.emplace_back((*lua)[i].get<std::string>(),
                                      Loc(JsonPointerChild("/lua", i)));
        }
      }
    }
    ForEachItem("expect", [&](const Json& item, const std::string& p) { Expect(item, p); });
    ForEachItem("steps", [&](const Json& item, const std::string& p) { Step(item, p); });
  }

 private:
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

  // A processor is a consumer group with a transform: the group machinery (steps, waits,
  // checks) then applies to it unchanged.
  void Processor(const Json& item, const std::string& pointer) {
    GroupSpec g;
    g.loc = Loc(pointer);
    ReadString(item, "name", &g.name);
    ReadStrings(item, "from", &g.topics);
    ReadInt(item, pointer, "members", &g.members);
    g.offset_reset = OffsetReset::kEarliest;
    std::string offset_reset;
    ReadString(item, "offset_reset", &offset_reset);
    if (offset_reset == "latest") g.offset_reset = OffsetReset::kLatest;
    g.commit.mode = CommitMode::kAfterProcess;
    ProcessingSpec processing;
    processing.loc = g.loc;
    processing.lua = Lua(item, pointer, "lua", true);
    g.processing = std::move(processing);
    TransformSpec t;
    ReadStrings(item, "to", &t.to);
    t.producer_config = Config(item, pointer, "producer_config");
    if (const Json* tx = Get(item, "transactional"); tx && tx->is_boolean()) {
      t.transactional = tx->get<bool>();
    }
    g.transform = std::move(t);
    g.config = Config(item, pointer);
    s_.groups.push_back(std::move(g));
    ctx_.group_pointers.push_back(pointer);
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

  void Topic(const Json& item, const std::string& pointer) {
    TopicSpec t;
    t.loc = Loc(pointer);
    ReadString(item, "name", &t.name);
    ReadInt(item, pointer, "partitions", &t.partitions);
    ReadInt(item, pointer, "replication_factor", &t.replication_factor);
    t.config = Config(item, pointer);
    s_.topics.push_back(std::move(t));
    ctx_.topic_pointers.push_back(pointer);
  }

  void Producer(const Json& item, const std::string& pointer) {
    ProducerSpec p;
    p.loc = Loc(pointer);
    ReadString(item, "name", &p.name);
    ReadString(item, "topic", &p.topic);
    ReadInt(item, pointer, "messages", &p.messages);
    if (const Json* rate = Get(item, "rate"); rate != nullptr && !rate->is_null()) {
      const std::string rate_pointer = JsonPointerChild(pointer, "rate");
      if (rate->is_string()) {
        std::string error;
        if (std::optional<double> r = ParseRatePerSecond(rate->get<std::string>(), &error)) {
          p.rate_per_s = *r;
        } else if (!ctx_.ReportedWithin(rate_pointer)) {
          ctx_.Error(rate_pointer, Loc(rate_pointer), error);
        }
      } else if (rate->is_number() && rate->get<double>() > 0) {
        p.rate_per_s = rate->get<double>();
      }
    }
    if (const Json* key = Get(item, "key"); key != nullptr && key->is_string()) {
      KeyTemplate(*key, JsonPointerChild(pointer, "key"), &p);
    }
    p.key_lua = Lua(item, pointer, "key");
    if (const Json* value = Get(item, "value")) {
      ReadInt(*value, JsonPointerChild(pointer, "value"), "size", &p.value_size);
    }
    p.value_lua = Lua(item, pointer, "value");
    p.headers_lua = Lua(item, pointer, "headers");
    p.partitioner.loc = p.loc;
    if (const Json* partitioner = Get(item, "partitioner")) {
      p.partitioner.loc = Loc(JsonPointerChild(pointer, "partitioner"));
      if (partitioner->is_string()) {
        const std::string kind = partitioner->get<std::string>();
        if (kind == "murmur2") p.partitioner.kind = PartitionerKind::kMurmur2;
        if (kind == "crc32") p.partitioner.kind = PartitionerKind::kCrc32;
        if (kind == "round_robin") p.partitioner.kind = PartitionerKind::kRoundRobin;
        if (kind == "random") p.partitioner.kind = PartitionerKind::kRandom;
      } else if (auto fn = Lua(item, pointer, "partitioner")) {
        p.partitioner.kind = PartitionerKind::kLua;
        p.partitioner.lua = std::move(*fn);
      } else if (partitioner->is_object()) {
        p.partitioner.kind = PartitionerKind::kExplicit;
        ReadInt(*partitioner, JsonPointerChild(pointer, "partitioner"), "partition",
                &p.partitioner.partition);
      }
    }
    if (const Json* tx = Get(item, "transactional"); tx && tx->is_object()) {
      const std::string tx_pointer = JsonPointerChild(pointer, "transactional");
      TransactionSpec t;
      t.loc = Loc(tx_pointer);
      t.id = p.name;
      ReadString(*tx, "id", &t.id);
      ReadInt(*tx, tx_pointer, "batch", &t.batch);
      ReadInt(*tx, tx_pointer, "abort_every", &t.abort_every);
      p.transactional = std::move(t);
    }
    p.config = Config(item, pointer);
    s_.producers.push_back(std::move(p));
    ctx_.producer_pointers.push_back(pointer);
  }

  void KeyTemplate(const Json& key, const std::string& pointer, ProducerSpec* p) {
    ks::KeyTemplate parsed;
    std::string error;
    int column = 0;
    if (ParseKeyTemplate(key.get<std::string>(), &parsed, &error, &column)) {
      p->key = std::move(parsed);
      return;
    }
    // Point inside the string: past the opening quote when the value is quoted (escapes in a
    // double-quoted string would shift this; templates rarely contain any).
    SourceLoc loc = Loc(pointer);
    const NodeSource* source = doc_.sources.Find(pointer);
    if (source != nullptr && source->quoted && QuoteAt(loc)) ++loc.column;
    loc.column += column;
    ctx_.Error(pointer, loc, "bad key template: " + error);
  }

  bool QuoteAt(const SourceLoc& loc) const {
    const std::optional<std::string_view> line = lines_.Line(loc.line);
    if (!line || loc.column <= 0) return false;
    const size_t at = static_cast<size_t>(loc.column - 1);
    return at < line->size() && ((*line)[at] == '"' || (*line)[at] == '\'');
  }

  void Group(const Json& item, const std::string& pointer) {
    GroupSpec g;
    g.loc = Loc(pointer);
    ReadString(item, "name", &g.name);
    ReadStrings(item, "topics", &g.topics);
    ReadInt(item, pointer, "members", &g.members);
    std::string offset_reset, commit;
    ReadString(item, "offset_reset", &offset_reset);
    if (offset_reset == "earliest") g.offset_reset = OffsetReset::kEarliest;
    if (const Json* commit_json = Get(item, "commit")) {
      const Json* settings = commit_json->is_object() ? commit_json : nullptr;
      if (settings) {
        ReadString(*settings, "mode", &commit);
        const std::string commit_pointer = JsonPointerChild(pointer, "commit");
        ReadInt(*settings, commit_pointer, "every", &g.commit.every);
        if (const Json* interval = Get(*settings, "interval"); interval && interval->is_string()) {
          g.commit.interval_ms =
              Duration(JsonPointerChild(commit_pointer, "interval"), *interval).value_or(100);
        }
        if (const Json* async = Get(*settings, "async"); async && async->is_boolean()) {
          g.commit.async = async->get<bool>();
        }
      } else if (commit_json->is_string()) {
        commit = commit_json->get<std::string>();
      }
    }
    if (commit == "after_process") g.commit.mode = CommitMode::kAfterProcess;
    if (commit == "never") g.commit.mode = CommitMode::kNever;
    if (commit == "low_watermark") g.commit.mode = CommitMode::kLowWatermark;
    if (commit == "highest_done") g.commit.mode = CommitMode::kHighestDone;
    if (const Json* processing = Get(item, "processing"); processing && processing->is_object()) {
      g.processing = Processing(*processing, JsonPointerChild(pointer, "processing"));
    }
    if (const Json* priority = Get(item, "priority"); priority && priority->is_boolean()) {
      g.priority = priority->get<bool>();
    }
    if (g.commit.mode == CommitMode::kAfterProcess && g.processing && g.processing->workers > 1) {
      // Parallel workers finish records out of order: "the offset after the processed record"
      // is no longer one offset. The two well-known answers are the other two modes.
      const std::string p = JsonPointerChild(pointer, "commit");
      if (!ctx_.ReportedWithin(p)) {
        ctx_.Error(p, Loc(p),
                   fmt::format("commit after_process is ambiguous with {} workers: records finish "
                               "out of order",
                               g.processing->workers),
                   "use low_watermark (commit below the oldest unfinished record) or "
                   "highest_done (the unsafe pattern)");
      }
    }
    g.config = Config(item, pointer);
    s_.groups.push_back(std::move(g));
    ctx_.group_pointers.push_back(pointer);
  }

  ProcessingSpec Processing(const Json& item, const std::string& pointer) {
    ProcessingSpec p;
    p.loc = Loc(pointer);
    const std::string delay_pointer = JsonPointerChild(pointer, "delay");
    auto ms = [&](const Json& object, const char* key) -> double {
      const Json* v = Get(object, key);
      if (v == nullptr || !v->is_string()) return 0;
      return static_cast<double>(Duration(JsonPointerChild(delay_pointer, key), *v).value_or(0));
    };
    if (const Json* delay = Get(item, "delay"); delay && delay->is_string()) {
      p.delay.fixed_ms = static_cast<double>(Duration(delay_pointer, *delay).value_or(0));
    } else if (delay && delay->is_object()) {
      std::string distribution;
      ReadString(*delay, "distribution", &distribution);
      p.delay.min_ms = ms(*delay, "min");
      p.delay.max_ms = ms(*delay, "max");
      p.delay.mean_ms = ms(*delay, "mean");
      p.delay.stddev_ms = ms(*delay, "stddev");
      // Which fields a distribution needs is checked here rather than in the schema, so that
      // the error names the missing field instead of listing the schema's alternatives.
      auto need = [&](const char* field, std::initializer_list<const char*> keys) {
        for (const char* k : keys) {
          if (Get(*delay, k) == nullptr && !ctx_.ReportedWithin(delay_pointer)) {
            ctx_.Error(delay_pointer, Loc(delay_pointer),
                       fmt::format("a {} delay needs `{}`", field, k));
          }
        }
      };
      if (distribution == "uniform") {
        p.delay.distribution = DelaySpec::Distribution::kUniform;
        need("uniform", {"min", "max"});
        if (p.delay.max_ms < p.delay.min_ms && !ctx_.ReportedWithin(delay_pointer)) {
          ctx_.Error(delay_pointer, Loc(delay_pointer), "a uniform delay needs min <= max");
        }
      } else if (distribution == "exponential") {
        p.delay.distribution = DelaySpec::Distribution::kExponential;
        need("exponential", {"mean"});
      } else if (distribution == "normal") {
        p.delay.distribution = DelaySpec::Distribution::kNormal;
        need("normal", {"mean", "stddev"});
      }
    }
    if (const Json* rate = Get(item, "failure_rate"); rate && rate->is_number()) {
      p.failure_rate = rate->get<double>();
    }
    std::string on_failure;
    ReadString(item, "on_failure", &on_failure);
    if (on_failure == "skip") p.on_failure = ProcessingSpec::OnFailure::kSkip;
    ReadInt(item, pointer, "workers", &p.workers);
    p.lua = Lua(item, pointer, "lua", true);
    return p;
  }

  void Expect(const Json& item, const std::string& pointer) {
    if (item.size() != 1) return;  // reported by the schema
    const std::string check = item.begin().key();
    const Json& body = item.begin().value();
    if (check == "lua" && body.is_string()) {
      ExpectSpec e;
      e.check = check;
      e.loc = KeyLoc(JsonPointerChild(pointer, check));
      e.lua = LuaRef{body.get<std::string>(), Loc(JsonPointerChild(pointer, check))};
      s_.expect.push_back(std::move(e));
      ctx_.expect_pointers.push_back(pointer);
      return;
    }
    if (!body.is_object()) return;
    const std::string body_pointer = JsonPointerChild(pointer, check);
    ExpectSpec e;
    e.loc = KeyLoc(body_pointer);
    e.check = check;
    const std::vector<std::string>& scope_keys = ScopeKeys();
    FigureBound main;
    bool has_main = false;
    for (auto it = body.begin(); it != body.end(); ++it) {
      const std::string& key = it.key();
      const std::string p = JsonPointerChild(body_pointer, key);
      if (std::find(scope_keys.begin(), scope_keys.end(), key) != scope_keys.end()) {
        if (it->is_string()) e.scope[key] = it->get<std::string>();
      } else if (key == "min" || key == "max" || key == "equals") {
        const SourceLoc at = KeyLoc(p);
        if (!has_main || std::tie(at.line, at.column) < std::tie(main.loc.line, main.loc.column)) {
          main.loc = at;  // the first of min/max/equals as written
        }
        has_main = true;
      } else {
        FigureBound bound;
        bound.figure = key;
        bound.loc = KeyLoc(p);
        if (it->is_number()) {
          bound.min = bound.max = it->get<double>();
        } else if (it->is_object()) {
          if (!Bound(*it, p, &bound)) continue;
        } else {
          continue;
        }
        e.bounds.push_back(std::move(bound));
      }
    }
    if (has_main) {
      if (Bound(body, body_pointer, &main)) e.bounds.insert(e.bounds.begin(), std::move(main));
    }
    s_.expect.push_back(std::move(e));
    ctx_.expect_pointers.push_back(pointer);
  }

  // Fills min/max from a map of min, max and equals; reports contradictions the schema cannot.
  bool Bound(const Json& object, const std::string& pointer, FigureBound* bound) {
    const Json* min = Get(object, "min");
    const Json* max = Get(object, "max");
    const Json* equals = Get(object, "equals");
    if (equals != nullptr && (min != nullptr || max != nullptr)) {
      const std::string p = JsonPointerChild(pointer, "equals");
      ctx_.Error(p, KeyLoc(p), "'equals' cannot be combined with 'min' or 'max'",
                 "equals: N means min: N and max: N");
      return false;
    }
    if (equals != nullptr && equals->is_number()) bound->min = bound->max = equals->get<double>();
    if (min != nullptr && min->is_number()) bound->min = min->get<double>();
    if (max != nullptr && max->is_number()) bound->max = max->get<double>();
    if (bound->min && bound->max && *bound->min > *bound->max) {
      const std::string p = JsonPointerChild(pointer, "max");
      ctx_.Error(p, KeyLoc(p),
                 "max (" + NumberText(*bound->max) + ") is less than min (" +
                     NumberText(*bound->min) + "): no figure can pass");
      return false;
    }
    return true;
  }

  // ---- steps -----------------------------------------------------------------------------

  // The one key of `object` among `keys` (a step's action, a wait's condition); empty when it has
  // none or several (reported by the schema).
  static std::string OneKeyOf(const Json& object, std::initializer_list<const char*> keys) {
    std::string found;
    for (const char* key : keys) {
      if (!object.contains(key)) continue;
      if (!found.empty()) return "";
      found = key;
    }
    return found;
  }

  void Step(const Json& item, const std::string& pointer) {
    static const std::pair<const char*, StepSpec::Kind> kActions[] = {
        {"start", StepSpec::Kind::kStart},
        {"stop", StepSpec::Kind::kStop},
        {"crash", StepSpec::Kind::kCrash},
        {"restart", StepSpec::Kind::kRestart},
        {"produce", StepSpec::Kind::kProduce},
        {"wait", StepSpec::Kind::kWait},
        {"sleep", StepSpec::Kind::kSleep},
        {"seek", StepSpec::Kind::kSeek},
        {"fault", StepSpec::Kind::kFault},
        {"lua", StepSpec::Kind::kLua},
        {"add_partitions", StepSpec::Kind::kAddPartitions},
        {"recreate_topic", StepSpec::Kind::kRecreateTopic},
        {"alter_topic", StepSpec::Kind::kAlterTopic},
    };
    StepSpec step;
    std::string action;
    for (const auto& [name, kind] : kActions) {
      if (!item.contains(name)) continue;
      if (!action.empty()) return;  // two actions: reported by the schema
      action = name;
      step.kind = kind;
    }
    if (action.empty()) return;
    const std::string p = JsonPointerChild(pointer, action);
    step.loc = KeyLoc(p);
    const Json& value = item.at(action);
    switch (step.kind) {
      case StepSpec::Kind::kStart:
      case StepSpec::Kind::kStop:
      case StepSpec::Kind::kCrash:
      case StepSpec::Kind::kRestart:
        if (value.is_string()) step.target = value.get<std::string>();
        break;
      case StepSpec::Kind::kProduce:
        if (value.is_string()) {
          step.target = value.get<std::string>();
        } else if (value.is_object()) {
          ReadString(value, "producer", &step.target);
          if (const Json* messages = Get(value, "messages");
              messages != nullptr && messages->is_number_integer()) {
            int64_t n = 0;
            ReadInt(value, p, "messages", &n);
            if (n > 0) step.messages = n;
          }
          if (const Json* wait = Get(value, "wait"); wait != nullptr && wait->is_boolean()) {
            step.wait = wait->get<bool>();
          }
        }
        break;
      case StepSpec::Kind::kWait:
        if (value.is_object()) Wait(value, p, &step.wait_for);
        break;
      case StepSpec::Kind::kSleep:
        if (value.is_string()) step.sleep_ms = Duration(p, value).value_or(0);
        break;
      case StepSpec::Kind::kSeek:
        if (value.is_object()) Seek(value, p, &step.seek);
        break;
      case StepSpec::Kind::kFault:
        if (value.is_object()) Fault(value, p, &step.fault);
        break;
      case StepSpec::Kind::kLua:
        if (value.is_string()) step.lua = LuaRef{value.get<std::string>(), Loc(p)};
        break;
      case StepSpec::Kind::kRecreateTopic:
        if (value.is_string()) step.target = value.get<std::string>();
        break;
      case StepSpec::Kind::kAddPartitions:
        if (value.is_object()) {
          ReadString(value, "topic", &step.target);
          int64_t count = 0;
          ReadInt(value, p, "count", &count);
          step.partitions = static_cast<int32_t>(count);
        }
        break;
      case StepSpec::Kind::kAlterTopic:
        if (value.is_object()) {
          ReadString(value, "topic", &step.target);
          step.topic_config = Config(value, p);
        }
        break;
    }
    if (const Json* after = Get(item, "after"); after != nullptr && after->is_object()) {
      Trigger(*after, JsonPointerChild(pointer, "after"), &step.after);
    }
    s_.steps.push_back(std::move(step));
    ctx_.step_pointers.push_back(pointer);
  }

  // A duration that must be longer than 0ms (a wait's `within`, a fault's `for`).
  int64_t PositiveDuration(const Json& object, const std::string& pointer, const char* key) {
    const Json* v = Get(object, key);
    if (v == nullptr || !v->is_string()) return 0;
    const std::string p = JsonPointerChild(pointer, key);
    const std::optional<int64_t> ms = Duration(p, *v);
    if (ms && *ms == 0) {
      ctx_.Error(p, Loc(p), std::string(key) + " must be longer than 0ms");
      return 0;
    }
    return ms.value_or(0);
  }

  void Wait(const Json& object, const std::string& pointer, WaitSpec* w) {
    w->within_ms = PositiveDuration(object, pointer, "within");
    const std::string condition = OneKeyOf(
        object, {"consumed", "drained", "assigned", "rebalanced", "acked", "lag", "purged"});
    ReadString(object, "group", &w->group);
    ReadString(object, "producer", &w->producer);
    if (condition == "consumed") {
      w->kind = WaitSpec::Kind::kConsumed;
      ReadInt(object, pointer, "consumed", &w->count);
    } else if (condition == "acked") {
      w->kind = WaitSpec::Kind::kAcked;
      ReadInt(object, pointer, "acked", &w->count);
    } else if (condition == "purged") {
      w->kind = WaitSpec::Kind::kPurged;
      ReadString(object, "purged", &w->topic);
    } else if (condition == "lag") {
      w->kind = WaitSpec::Kind::kLagAtMost;
      const Json& lag = object.at("lag");
      if (lag.is_object()) {
        ReadInt(lag, JsonPointerChild(pointer, "lag"), "max", &w->count);
      } else {
        ReadInt(object, pointer, "lag", &w->count);
      }
    } else if (!condition.empty()) {
      w->kind = condition == "drained"    ? WaitSpec::Kind::kDrained
                : condition == "assigned" ? WaitSpec::Kind::kAssigned
                                          : WaitSpec::Kind::kRebalanced;
      GroupCondition(object, pointer, condition, w);
    }
  }

  // drained, assigned and rebalanced name their group, or are `true` beside `group`.
  void GroupCondition(const Json& object, const std::string& pointer, const std::string& key,
                      WaitSpec* w) {
    const Json& value = object.at(key);
    const std::string p = JsonPointerChild(pointer, key);
    const Json* group = Get(object, "group");
    const std::string example =
        s_.groups.empty() || s_.groups[0].name.empty() ? std::string("billing") : s_.groups[0].name;
    if (value.is_string()) {
      if (group != nullptr) {
        const std::string g = JsonPointerChild(pointer, "group");
        if (!ctx_.ReportedWithin(g)) {
          ctx_.Error(g, KeyLoc(g), "the group is given twice: by " + key + " and by group",
                     "write " + key + ": " + value.get<std::string>() +
                         ", or group: " + value.get<std::string>() + " with " + key + ": true");
        }
      }
      w->group = value.get<std::string>();
    } else if (value.is_boolean() && value.get<bool>() && group == nullptr) {
      ctx_.Error(p, Loc(p), key + ": true needs the group it waits for",
                 "add group: " + example + ", or write " + key + ": " + example);
    }
  }

  void Seek(const Json& object, const std::string& pointer, SeekSpec* seek) {
    ReadString(object, "group", &seek->target);
    const Json* to = Get(object, "to");
    if (to == nullptr) return;
    const std::string p = JsonPointerChild(pointer, "to");
    if (to->is_string()) {
      seek->to = to->get<std::string>() == "end" ? SeekSpec::To::kEnd : SeekSpec::To::kBeginning;
    } else if (to->is_object() && to->contains("offset")) {
      seek->to = SeekSpec::To::kOffset;
      ReadInt(*to, p, "offset", &seek->value);
    } else if (to->is_object() && to->contains("timestamp")) {
      seek->to = SeekSpec::To::kTimestamp;
      ReadInt(*to, p, "timestamp", &seek->value);
    }
  }

  void Fault(const Json& object, const std::string& pointer, FaultSpec* f) {
    f->for_ms = PositiveDuration(object, pointer, "for");
    const std::string kind =
        OneKeyOf(object, {"broker_down", "broker_up", "leader", "request_errors", "rtt"});
    if (kind.empty()) return;
    const Json& body = object.at(kind);
    const std::string p = JsonPointerChild(pointer, kind);
    if (kind == "broker_down" || kind == "broker_up") {
      f->kind = kind == "broker_down" ? FaultSpec::Kind::kBrokerDown : FaultSpec::Kind::kBrokerUp;
      ReadInt(object, pointer, kind.c_str(), &f->broker);
    } else if (kind == "leader") {
      f->kind = FaultSpec::Kind::kLeader;
      ReadString(body, "topic", &f->topic);
      ReadInt(body, p, "partition", &f->partition);
      ReadInt(body, p, "broker", &f->broker);
    } else if (kind == "request_errors") {
      f->kind = FaultSpec::Kind::kRequestErrors;
      ReadString(body, "api", &f->api);
      ReadStrings(body, "errors", &f->errors);
      f->count = static_cast<int32_t>(f->errors.size());  // one request per listed error
      ReadInt(body, p, "count", &f->count);
    } else {
      f->kind = FaultSpec::Kind::kRtt;
      ReadInt(body, p, "broker", &f->broker);
      ReadInt(body, p, "ms", &f->ms);
    }
  }

  void Trigger(const Json& object, const std::string& pointer, TriggerSpec* t) {
    const std::string event = OneKeyOf(object, {"acked", "consumed"});
    if (event.empty()) return;
    t->kind = event == "acked" ? TriggerSpec::Kind::kAcked : TriggerSpec::Kind::kConsumed;
    ReadInt(object, pointer, event.c_str(), &t->count);
    ReadString(object, "producer", &t->producer);
    ReadString(object, "group", &t->group);
  }

  LoadContext& ctx_;
  const YamlJson& doc_;
  Scenario& s_;
  const LineIndex lines_;  // of s_.source, for QuoteAt
  const EnvLookup env_ = ProcessEnv();
};

}  // namespace

void BuildModel(LoadContext* ctx) { Builder(ctx).Build(); }

}  // namespace ks
