// Writing a history as JSON Lines (SaveHistoryJsonl, OpToJson): a header line, then one line
// per op, formatted by hand for speed; keys that are not UTF-8 are written in hex.
#include <fmt/format.h>

#include <string>
#include <string_view>

#include "diag/atomic_file.h"
#include "diag/input_limits.h"
#include "diag/secrets.h"
#include "diag/text_check.h"
#include "diag/utc_time.h"
#include "history/jsonl.h"
#include "history/jsonl_format.h"

namespace ks {
namespace {

using namespace jsonl_detail;  // the format's words, private to history/

// Big enough that write() calls cost nothing next to formatting, small enough to stay in cache.
constexpr size_t kFlushBytes = 1 << 20;

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. This is
// exactly what nlohmann's parser accepts, so a key written as a plain string loads back intact.
bool IsValidUtf8(std::string_view s) { return !FirstInvalidUtf8(s); }

// ---------------------------------------------------------------------------------------------
// Saving

using Buffer = fmt::memory_buffer;

void Append(Buffer& b, std::string_view s) { b.append(s.data(), s.data() + s.size()); }

template <typename T>
void AppendInt(Buffer& b, T v) {
  fmt::format_int f(v);
  b.append(f.data(), f.data() + f.size());
}

// The same escapes as nlohmann's dump(), so names read the same in the header (written by
// nlohmann) and in op lines. `s` must be valid UTF-8; multi-byte characters pass through.
void AppendJsonString(Buffer& b, std::string_view s) {
  b.push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    b.append(s.data() + start, s.data() + i);
    start = i + 1;
    switch (c) {
      case '"':
        Append(b, "\\\"");
        break;
      case '\\':
        Append(b, "\\\\");
        break;
      case '\b':
        Append(b, "\\b");
        break;
      case '\f':
        Append(b, "\\f");
        break;
      case '\n':
        Append(b, "\\n");
        break;
      case '\r':
        Append(b, "\\r");
        break;
      case '\t':
        Append(b, "\\t");
        break;
      default: {
        const char esc[] = {'\\', 'u', '0', '0', kHexDigits[c >> 4], kHexDigits[c & 0xf]};
        b.append(esc, esc + sizeof(esc));
      }
    }
  }
  b.append(s.data() + start, s.data() + s.size());
  b.push_back('"');
}

std::string JsonFragment(std::string_view prefix, std::string_view value,
                         std::string_view suffix = {}) {
  Buffer b;
  Append(b, prefix);
  AppendJsonString(b, value);
  Append(b, suffix);
  return fmt::to_string(b);
}

// Formats op lines. Every name is escaped once up front, so writing an op is a handful of
// appends: escaping per op would dominate the cost on histories of millions of ops.
class OpLineWriter {
 public:
  explicit OpLineWriter(const History& h) : h_(h) {
    for (OpType t : kOpTypes) {
      for (OpKind k : kOpKinds) {
        heads_[static_cast<size_t>(t)][static_cast<size_t>(k)] =
            fmt::format(R"({{"type":"{}","f":"{}","time_us":)", ToString(t), ToString(k));
      }
    }
    for (const ActorInfo& a : h.actors) {
      std::string s = JsonFragment(R"(,"actor":)", a.name);
      if (a.group != kNoId) s += JsonFragment(R"(,"group":)", h.groups[a.group]);
      actors_.push_back(std::move(s));
    }
    for (const std::string& t : h.topics.All()) topics_.push_back(JsonFragment(R"(,"topic":)", t));
    for (const std::string& p : h.producers.All()) {
      records_.push_back(JsonFragment(R"(,"record":{"producer":)", p, R"(,"seq":)"));
    }
  }

  void Write(Buffer& b, const Op& op) const {
    Append(b, heads_[static_cast<size_t>(op.type)][static_cast<size_t>(op.kind)]);
    AppendInt(b, op.time_us);
    Append(b, actors_[op.actor]);
    if (op.topic != kNoId) Append(b, topics_[op.topic]);
    if (op.partition != -1) {
      Append(b, R"(,"partition":)");
      AppendInt(b, op.partition);
    }
    if (op.offset != -1) {
      Append(b, R"(,"offset":)");
      AppendInt(b, op.offset);
    }
    if (op.key != kNoId) {
      const std::string& key = h_.keys.Get(op.key);
      if (IsValidUtf8(key)) {
        Append(b, R"(,"key":)");
        AppendJsonString(b, key);
      } else {
        Append(b, R"(,"key_hex":")");
        for (unsigned char c : key) {
          b.push_back(kHexDigits[c >> 4]);
          b.push_back(kHexDigits[c & 0xf]);
        }
        b.push_back('"');
      }
    }
    if (op.producer != kNoId) {
      Append(b, records_[op.producer]);
      AppendInt(b, op.seq);
      b.push_back('}');
    }
    if (op.generation != -1) {
      Append(b, R"(,"generation":)");
      AppendInt(b, op.generation);
    }
    if (op.kind == OpKind::kFault) {
      Append(b, R"(,"note":)");
      AppendJsonString(b, h_.notes.Get(static_cast<uint32_t>(op.seq)));
    }
    if (op.kind == OpKind::kTxn) {
      Append(b, R"(,"txn":)");
      AppendInt(b, op.seq);
    }
    Append(b, "}\n");
  }

 private:
  const History& h_;
  std::array<std::array<std::string, kOpKinds.size()>, kOpTypes.size()> heads_;
  std::vector<std::string> actors_, topics_, records_;
};

// Every id must point into its table and every name must be valid UTF-8 (only keys may hold
// arbitrary bytes): checked before anything is written so that a bad history leaves no file.
std::string FindSaveProblem(const History& h, const HistoryHeader& header) {
  auto bad_name = [](std::string_view what, const std::string& s) {
    return IsValidUtf8(s) ? std::string()
                          : fmt::format("{} \"{}\" is not valid UTF-8", what, ToHex(s));
  };
  std::string p;
  for (auto [what, s] : {std::pair{"scenario", &header.scenario},
                         {"scenario_file", &header.scenario_file},
                         {"target", &header.target},
                         {"kafka_client", &header.kafka_client},
                         {"run_id", &header.run_id}}) {
    if (!(p = bad_name(what, *s)).empty()) return p;
  }
  if (!header.started.empty() && !ParseIsoUtc(header.started)) {
    return "started is not a UTC time like 2024-05-01T12:34:56Z";
  }
  for (const std::string& problem : header.problems) {
    if (!(p = bad_name("problem (hex)", problem)).empty()) return p;
  }
  for (const std::string& g : h.groups) {
    if (!(p = bad_name("group (hex)", g)).empty()) return p;
  }
  for (const std::string& t : h.topics.All()) {
    if (!(p = bad_name("topic (hex)", t)).empty()) return p;
  }
  for (const std::string& n : h.producers.All()) {
    if (!(p = bad_name("producer (hex)", n)).empty()) return p;
  }
  if (h.producer_info.size() > h.producers.size()) {
    return fmt::format("{} producer infos for {} producers", h.producer_info.size(),
                       h.producers.size());
  }
  for (const ProducerInfo& info : h.producer_info) {
    if (!(p = bad_name("partitioner (hex)", info.partitioner)).empty()) return p;
    if (info.topic != kNoId && info.topic >= h.topics.size()) {
      return fmt::format("a producer's topic id {} is outside the {} topics", info.topic,
                         h.topics.size());
    }
  }
  for (const ActorInfo& a : h.actors) {
    if (!(p = bad_name("actor (hex)", a.name)).empty()) return p;
    if (a.group != kNoId && a.group >= h.groups.size()) {
      return fmt::format("actor \"{}\" has group id {} outside the {} groups", a.name, a.group,
                         h.groups.size());
    }
  }
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const Op& op = h.ops[i];
    auto out_of = [&](std::string_view field, uint32_t id, size_t size) {
      return fmt::format("op {} has {} id {} outside the {} in the history", i, field, id, size);
    };
    if (op.actor >= h.actors.size()) return out_of("actor", op.actor, h.actors.size());
    if (op.topic != kNoId && op.topic >= h.topics.size()) {
      return out_of("topic", op.topic, h.topics.size());
    }
    if (op.producer != kNoId && op.producer >= h.producers.size()) {
      return out_of("producer", op.producer, h.producers.size());
    }
    if (op.key != kNoId && op.key >= h.keys.size()) return out_of("key", op.key, h.keys.size());
    if (op.kind == OpKind::kFault && op.seq >= h.notes.size()) {
      return fmt::format("fault op {} has note id {} outside the {} notes", i, op.seq,
                         h.notes.size());
    }
    if (static_cast<size_t>(op.type) >= kOpTypes.size() ||
        static_cast<size_t>(op.kind) >= kOpKinds.size()) {
      return fmt::format("op {} has an unknown type or kind", i);
    }
  }
  return {};
}

std::string HeaderLine(const History& h, const HistoryHeader& header) {
  using OJson = nlohmann::ordered_json;
  OJson j;
  j["kafka_scenario_history"] = kFormatVersion;
  j["scenario"] = header.scenario;
  j["scenario_file"] = header.scenario_file;
  j["seed"] = header.seed;
  j["target"] = header.target;
  j["kafka_client"] = header.kafka_client;
  if (!header.run_id.empty()) j["run_id"] = header.run_id;
  if (!header.started.empty()) j["started"] = header.started;
  if (!header.problems.empty()) j["problems"] = header.problems;
  OJson actors = OJson::array();
  for (const ActorInfo& a : h.actors) {
    OJson o;
    o["name"] = a.name;
    o["role"] = RoleName(a.role);
    if (a.group != kNoId) o["group"] = h.groups[a.group];
    if (a.member_index >= 0) o["index"] = a.member_index;
    actors.push_back(std::move(o));
  }
  j["actors"] = std::move(actors);
  j["groups"] = h.groups;
  OJson processing = OJson::array();
  for (uint32_t g = 0; g < h.groups.size(); ++g) {
    if (h.Processes(g)) processing.push_back(h.groups[g]);
  }
  if (!processing.empty()) j["processing_groups"] = std::move(processing);
  j["topics"] = h.topics.All();
  OJson producers = OJson::array();
  for (size_t i = 0; i < h.producers.size(); ++i) {
    OJson o;
    o["name"] = h.producers.Get(static_cast<uint32_t>(i));
    if (i < h.producer_info.size()) {
      const ProducerInfo& info = h.producer_info[i];
      if (info.topic != kNoId) o["topic"] = h.topics.Get(info.topic);
      o["partitioner"] = info.partitioner;
      if (info.partition != -1) o["partition"] = info.partition;
    }
    producers.push_back(std::move(o));
  }
  j["producers"] = std::move(producers);
  return j.dump() + "\n";
}

}  // namespace

nlohmann::json OpToJson(const History& h, const Op& op) {
  Json j = Json::object();
  j["type"] = ToString(op.type);
  j["f"] = ToString(op.kind);
  j["time_us"] = int64_t{op.time_us};
  j["actor"] =
      op.actor < h.actors.size() ? std::string_view(h.actors[op.actor].name) : kUnknownName;
  uint32_t group = h.GroupOf(op.actor);
  if (group != kNoId) {
    j["group"] = group < h.groups.size() ? std::string_view(h.groups[group]) : kUnknownName;
  }
  if (op.topic != kNoId) {
    j["topic"] =
        op.topic < h.topics.size() ? std::string_view(h.topics.Get(op.topic)) : kUnknownName;
  }
  if (op.partition != -1) j["partition"] = int64_t{op.partition};
  if (op.offset != -1) j["offset"] = int64_t{op.offset};
  if (op.key != kNoId) {
    if (op.key >= h.keys.size()) {
      j["key"] = kUnknownName;
    } else if (const std::string& key = h.keys.Get(op.key); IsValidUtf8(key)) {
      j["key"] = key;
    } else {
      j["key_hex"] = ToHex(key);
    }
  }
  if (op.producer != kNoId) {
    j["record"] = {{"producer", op.producer < h.producers.size()
                                    ? std::string_view(h.producers.Get(op.producer))
                                    : kUnknownName},
                   {"seq", op.seq}};
  }
  if (op.generation != -1) j["generation"] = int64_t{op.generation};
  if (op.kind == OpKind::kFault && op.seq < h.notes.size()) {
    j["note"] = h.notes.Get(static_cast<uint32_t>(op.seq));
  }
  if (op.kind == OpKind::kTxn) j["txn"] = op.seq;
  return j;
}

Status SaveHistoryJsonl(const History& h, const HistoryHeader& header, const std::string& path) {
  if (std::string problem = FindSaveProblem(h, header); !problem.empty()) {
    return Status::Error(fmt::format("cannot save history to {}: {}", path, problem));
  }
  AtomicFile file(path, fmt::format("cannot save history to {}", path));
  if (Status s = file.Open(); !s.ok()) return s;
  // The header holds the run's free text (problems, notes): no credential may show there.
  if (Status s = file.Write(Redact(HeaderLine(h, header))); !s.ok()) return s;
  OpLineWriter writer(h);
  Buffer buf;
  for (const Op& op : h.ops) {
    writer.Write(buf, op);
    if (buf.size() >= kFlushBytes) {
      if (Status s = file.Write({buf.data(), buf.size()}); !s.ok()) return s;
      buf.clear();
    }
  }
  if (Status s = file.Write({buf.data(), buf.size()}); !s.ok()) return s;
  return file.Commit();
}

}  // namespace ks
