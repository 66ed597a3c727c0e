// The scenario model from the converted document: topics, producers, consumer groups,
// processors, Lua modules and expect entries (the steps: step_builder.cc).
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

#include "scenario/check_catalogue.h"
#include "scenario/key_template.h"
#include "scenario/load_context.h"
#include "scenario/model_reader.h"
#include "scenario/quantity.h"

namespace ks {

namespace {

using model_detail::Get;
using model_detail::Json;
using model_detail::ModelReader;
using model_detail::NumberText;
using model_detail::ReadString;
using model_detail::ReadStrings;

class Builder : public ModelReader {
 public:
  using ModelReader::ModelReader;

  void Build() {
    const Json& root = doc_.value;
    s_.loc = Loc("");
    ReadString(root, "name", &s_.name);
    ReadString(root, "title", &s_.title);
    // A scenario written for CI rather than as a lesson may leave the title out: its name then
    // names it everywhere a title is shown (list, JSON report).
    if (s_.title.empty()) s_.title = s_.name;
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
  }

 private:
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
    p.client = Client(item, pointer);
    // The Java client's default partitioner; a command client's is what the scenario says.
    if (p.client.kind == ClientSpec::Kind::kJava && Get(item, "partitioner") == nullptr) {
      p.partitioner.kind = PartitionerKind::kMurmur2;
    }
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
    g.client = Client(item, pointer);
    s_.groups.push_back(std::move(g));
    ctx_.group_pointers.push_back(pointer);
  }

  // `client: librdkafka | java | {java: true} | {command: [...], env: {...}}`, with an optional
  // startup_timeout (what cannot map onto a process client: process_client_rules.cc).
  ClientSpec Client(const Json& item, const std::string& pointer) {
    ClientSpec c;
    const Json* v = Get(item, "client");
    if (v == nullptr) return c;
    const std::string p = JsonPointerChild(pointer, "client");
    c.loc = Loc(p);
    if (v->is_string()) {
      if (v->get<std::string>() == "java") c.kind = ClientSpec::Kind::kJava;
      return c;
    }
    if (!v->is_object()) return c;
    if (Get(*v, "java") != nullptr) c.kind = ClientSpec::Kind::kJava;
    if (Get(*v, "command") != nullptr) {
      c.kind = ClientSpec::Kind::kCommand;
      ReadStrings(*v, "command", &c.command);
    }
    if (const Json* env = Get(*v, "env"); env && env->is_object()) {
      for (auto it = env->begin(); it != env->end(); ++it) {
        if (it->is_string()) c.env.emplace_back(it.key(), it->get<std::string>());
      }
    }
    if (const Json* t = Get(*v, "startup_timeout"); t && t->is_string()) {
      const std::string tp = JsonPointerChild(p, "startup_timeout");
      if (std::optional<int64_t> ms = Duration(tp, *t)) {
        if (*ms == 0) {
          // Not the default in disguise: no program says startup_complete in no time.
          ctx_.Error(tp, Loc(tp), "startup_timeout must be longer than 0ms");
        } else {
          c.startup_timeout_ms = *ms;
        }
      }
    }
    return c;
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
};

}  // namespace

void BuildModel(LoadContext* ctx) {
  Builder(ctx).Build();
  model_detail::BuildSteps(ctx);
}

}  // namespace ks
