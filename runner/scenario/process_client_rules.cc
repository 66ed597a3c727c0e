// What a process client (`client: java` or `client: {command: ...}`) cannot do, refused at load
// with the reason, at the field that asks for it (docs/process-actors.md lists the mapping).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "diag/spelling.h"
#include "scenario/load_context.h"
#include "scenario/model_reader.h"

namespace ks {

namespace {

using model_detail::Get;
using model_detail::Json;

/// K when `key` renders exactly i % K in decimal (VerifiableProducer's --repeating-keys K).
std::optional<int64_t> RepeatingKeys(const KeyTemplate& key) {
  if (key.parts.size() != 1) return std::nullopt;
  const auto* tokens = std::get_if<std::vector<KeyTemplate::Token>>(&key.parts[0]);
  if (tokens == nullptr || tokens->size() != 3) return std::nullopt;
  const auto& t = *tokens;
  if (t[0].kind != KeyTemplate::Token::kIndex || t[1].kind != KeyTemplate::Token::kConst ||
      t[2].kind != KeyTemplate::Token::kMod || t[1].value < 1 || t[1].value > INT32_MAX) {
    return std::nullopt;
  }
  return t[1].value;
}

// Lower-case letters, digits, '_', '.' and '-': the shape of a placeholder, misspelt or not.
bool LooksLikeAPlaceholder(const std::string& name) {
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
  });
}

// The placeholder `name` most likely meant: within 2 edits ({bootstap}), or one followed by a
// separator and more ({group_id}, {bootstrap.servers}, {topic_name}).
std::optional<std::string> NearPlaceholder(const std::string& name,
                                           const std::vector<std::string>& placeholders) {
  if (auto near = ClosestMatch(name, placeholders, 2)) return near;
  for (const std::string& p : placeholders) {
    if (name.size() > p.size() && name.starts_with(p) &&
        (name[p.size()] == '_' || name[p.size()] == '.' || name[p.size()] == '-')) {
      return p;
    }
  }
  return std::nullopt;
}

class Rules {
 public:
  explicit Rules(LoadContext* ctx) : ctx_(*ctx), doc_(*ctx->doc), s_(*ctx->scenario) {}

  void Check() {
    for (size_t i = 0; i < s_.producers.size() && i < ctx_.producer_pointers.size(); ++i) {
      const ProducerSpec& p = s_.producers[i];
      if (!p.client.is_process()) continue;
      Producer(p, ctx_.producer_pointers[i]);
    }
    for (size_t i = 0; i < s_.groups.size() && i < ctx_.group_pointers.size(); ++i) {
      const GroupSpec& g = s_.groups[i];
      if (!g.client.is_process()) continue;
      Group(g, ctx_.group_pointers[i]);
    }
    for (size_t i = 0; i < s_.groups.size() && i < ctx_.group_pointers.size(); ++i) {
      if (s_.groups[i].client.is_process()) IdentityReachesValues(s_.groups[i], i);
    }
    for (size_t i = 0; i < s_.steps.size() && i < ctx_.step_pointers.size(); ++i) {
      const StepSpec& step = s_.steps[i];
      if (step.kind != StepSpec::Kind::kSeek) continue;
      const GroupSpec* g = s_.FindGroup(step.seek.target.substr(0, step.seek.target.find('/')));
      if (g == nullptr || !g->client.is_process()) continue;
      Refuse(ctx_.step_pointers[i], step.loc,
             fmt::format("group {} is a {} client: the runner cannot move a process's position "
                         "(the verifiable clients' protocol has no seek)",
                         g->name, ToString(g->client.kind)),
             "seek a librdkafka group, or have the program seek on its own");
    }
  }

 private:
  void Refuse(const std::string& pointer, const SourceLoc& loc, std::string message,
              std::string hint = "") {
    if (ctx_.ReportedWithin(pointer)) return;
    ctx_.Error(pointer, loc, std::move(message), std::move(hint));
  }

  const Json* At(const std::string& pointer) const {
    const Json::json_pointer p(pointer);
    return doc_.value.contains(p) ? &doc_.value.at(p) : nullptr;
  }

  // `field` of the entry at `pointer`, if written: refused with `why`.
  void RefuseField(const std::string& pointer, const char* field, const std::string& why,
                   std::string hint = "") {
    const Json* entry = At(pointer);
    if (entry == nullptr || Get(*entry, field) == nullptr) return;
    const std::string p = JsonPointerChild(pointer, field);
    Refuse(p, doc_.sources.KeyLoc(p), why, std::move(hint));
  }

  void Producer(const ProducerSpec& p, const std::string& pointer) {
    if (p.client.kind == ClientSpec::Kind::kCommand) Placeholders(p.client, pointer, true);
    const bool java = p.client.kind == ClientSpec::Kind::kJava;
    const std::string who =
        java ? "Kafka's VerifiableProducer" : "a command client (the program makes its records)";
    const std::string value_why =
        java ? "VerifiableProducer writes the value \"<prefix>.<i>\": the record's identity, which "
               "every check reads"
             : "the program writes the value \"{value_prefix}.<i>\": the record's identity, which "
               "every check reads";
    RefuseField(pointer, "value", fmt::format("{} sets no value size: {}", who, value_why));
    RefuseField(pointer, "headers", fmt::format("{} sends no headers", who));
    RefuseField(pointer, "transactional",
                fmt::format("{} is not transactional (no transactional.id, no transactions)", who),
                "use a librdkafka producer for transactions");
    if (!java) {
      RefuseField(pointer, "key", "a command client's program chooses its own keys",
                  "remove key:, or use client: java (keys i % K) or librdkafka");
      return;
    }
    if (p.key_lua) {
      RefuseField(pointer, "key", "VerifiableProducer's keys are i % K (--repeating-keys K)",
                  "write key: \"{i % 10}\"");
    } else if (p.key && !RepeatingKeys(*p.key)) {
      RefuseField(pointer, "key",
                  fmt::format("VerifiableProducer's keys are i % K (--repeating-keys K); \"{}\" is "
                              "not",
                              p.key->source),
                  "write key: \"{i % 10}\" for ten keys");
    }
    if (p.partitioner.kind != PartitionerKind::kMurmur2) {
      RefuseField(pointer, "partitioner",
                  fmt::format("the Java client partitions keyed records by murmur2 (its default "
                              "partitioner; KIP-480's sticky partitioner for null keys), not {}",
                              ToString(p.partitioner.kind)),
                  "remove partitioner: (murmur2 is taken) or write partitioner: murmur2");
    }
    if (p.rate_per_s > 2147483647.0) {
      RefuseField(pointer, "rate",
                  fmt::format("VerifiableProducer's --throughput is at most 2147483647 records "
                              "per second, not {}/s",
                              p.rate_per_s));
    } else if (p.rate_per_s > 0 &&
               p.rate_per_s != static_cast<double>(static_cast<int64_t>(p.rate_per_s))) {
      RefuseField(pointer, "rate",
                  fmt::format("VerifiableProducer's --throughput is whole records per second, not "
                              "{}/s",
                              p.rate_per_s));
    }
  }

  void Group(const GroupSpec& g, const std::string& pointer) {
    if (g.client.kind == ClientSpec::Kind::kCommand) Placeholders(g.client, pointer, false);
    const bool java = g.client.kind == ClientSpec::Kind::kJava;
    const std::string who =
        java ? std::string("Kafka's VerifiableConsumer") : std::string("a command client");
    RefuseField(pointer, "processing",
                fmt::format("{} has no processing model: {}", who,
                            java ? "it commits each poll's records once it has printed them"
                                 : "the program processes records as it is written"));
    RefuseField(pointer, "priority", fmt::format("{} has no topic priority", who));
    if (!java) {
      RefuseField(pointer, "commit", "a command client's program commits as it is written",
                  "remove commit: (the program's offsets_committed lines are the commits)");
      return;
    }
    if (g.topics.size() > 1) {
      RefuseField(pointer, "topics",
                  fmt::format("VerifiableConsumer subscribes to one topic; group {} names {}",
                              g.name, g.topics.size()));
    }
    const Json* entry = At(pointer);
    const Json* commit = entry ? Get(*entry, "commit") : nullptr;
    if (commit != nullptr && commit->is_object()) {
      for (const char* field : {"every", "interval", "async"}) {
        if (Get(*commit, field) == nullptr) continue;
        const std::string p = JsonPointerChild(JsonPointerChild(pointer, "commit"), field);
        Refuse(p, doc_.sources.KeyLoc(p),
               fmt::format("VerifiableConsumer commits synchronously after each poll; it has no "
                           "commit {}",
                           field));
      }
    }
    if (g.commit.mode != CommitMode::kAuto && g.commit.mode != CommitMode::kAfterProcess) {
      RefuseField(pointer, "commit",
                  fmt::format("VerifiableConsumer commits either after each poll (after_process) "
                              "or with enable.auto.commit (auto), not {}",
                              ToString(g.commit.mode)));
    }
  }

  // A process group reads values only: every record it reads must carry its identity there.
  void IdentityReachesValues(const GroupSpec& g, size_t index) {
    const std::string who =
        fmt::format("group {} reads it with a {} client, which prints values, not headers", g.name,
                    ToString(g.client.kind));
    for (size_t i = 0; i < s_.producers.size() && i < ctx_.producer_pointers.size(); ++i) {
      const ProducerSpec& p = s_.producers[i];
      if (p.client.is_process() || !p.value_lua) continue;
      if (std::find(g.topics.begin(), g.topics.end(), p.topic) == g.topics.end()) continue;
      RefuseField(ctx_.producer_pointers[i], "value",
                  fmt::format("a value from Lua cannot carry the record's identity, and {}: "
                              "every record of producer {} would be foreign to it",
                              who, p.name),
                  "leave value out (the identity is then written into the value)");
    }
    for (const GroupSpec& processor : s_.groups) {
      if (!processor.transform) continue;
      for (const std::string& t : processor.transform->to) {
        if (std::find(g.topics.begin(), g.topics.end(), t) == g.topics.end()) continue;
        RefuseField(ctx_.group_pointers[index], "topics",
                    fmt::format("processor {} writes topic {} with each record's identity in a "
                                "header only, and {}: its records would all be foreign",
                                processor.name, t, who),
                    "read the processor's outputs with a librdkafka group");
      }
    }
  }

  // Placeholders are replaced by name: a near miss ({bootstap}, {group_id}) or one of the other
  // kind of actor's ({member} in a producer) would reach the program as it is, so they are
  // refused. Other braces are the program's own: a shell's ${VAR}, awk's {print}, any name with
  // a capital letter.
  void Placeholders(const ClientSpec& c, const std::string& pointer, bool producer) {
    static const std::vector<std::string> kProducer = {
        "bootstrap", "topic", "messages", "value_prefix", "client_config", "scenario_dir"};
    static const std::vector<std::string> kGroup = {"bootstrap",     "topic",       "topics",
                                                    "group",         "member",      "offset_reset",
                                                    "client_config", "scenario_dir"};
    const std::vector<std::string>& mine = producer ? kProducer : kGroup;
    const std::vector<std::string>& other = producer ? kGroup : kProducer;
    auto check = [&](const std::string& text, const std::string& at) {
      for (size_t open = text.find('{'); open != std::string::npos;
           open = text.find('{', open + 1)) {
        const size_t close = text.find_first_of("{}", open + 1);
        if (close == std::string::npos || text[close] != '}') continue;
        const std::string name = text.substr(open + 1, close - open - 1);
        if (open > 0 && text[open - 1] == '$') continue;  // the shell's ${name}
        if (name.empty() || !LooksLikeAPlaceholder(name) ||
            std::find(mine.begin(), mine.end(), name) != mine.end()) {
          continue;
        }
        if (std::find(other.begin(), other.end(), name) != other.end()) {
          Refuse(at, doc_.sources.ValueLoc(at),
                 fmt::format("{{{}}} is a placeholder of {}, not of {}", name,
                             producer ? "consumer groups" : "producers",
                             producer ? "producers" : "consumer groups"));
        } else if (auto near = NearPlaceholder(name, mine)) {
          Refuse(at, doc_.sources.ValueLoc(at), fmt::format("no placeholder {{{}}}", name),
                 fmt::format("did you mean {{{}}}?", *near));
        }
      }
    };
    const std::string client = JsonPointerChild(pointer, "client");
    for (size_t i = 0; i < c.command.size(); ++i) {
      check(c.command[i], JsonPointerChild(JsonPointerChild(client, "command"), i));
    }
    for (const auto& [key, value] : c.env) {
      check(value, JsonPointerChild(JsonPointerChild(client, "env"), key));
    }
  }

  LoadContext& ctx_;
  const YamlJson& doc_;
  const Scenario& s_;
};

}  // namespace

void CheckProcessClients(LoadContext* ctx) { Rules(ctx).Check(); }

}  // namespace ks
