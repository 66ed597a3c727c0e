// Reading a history back (LoadHistoryJsonl, LoadHistoryJsonlText): bounded lines, the header,
// then each op through the fast parser (jsonl_op_parser.h) or, for anything unusual, the DOM
// reader that owns every error message (file:line[:column], jsonl_line_errors.h).
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>

#include "diag/input_limits.h"
#include "diag/text_check.h"
#include "diag/utc_time.h"
#include "history/jsonl.h"
#include "history/jsonl_format.h"
#include "history/jsonl_line_errors.h"
#include "history/jsonl_op_parser.h"
#include "history/jsonl_part.h"
#include "history/op_memory.h"
#include "history/padded_lines.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using namespace jsonl_detail;  // the format's words, private to history/

static_assert(PaddedLines::kPadding >= simdjson::SIMDJSON_PADDING);

class Loader {
 public:
  Loader(const std::string& path, LoadedHistory& out)
      : path_(path), out_(out), e_(path, out.errors) {}

  /// Called once the header line has been read, with its actors and groups and the actors'
  /// names to ids: references valid only during the call (the loader goes on changing them).
  using HeaderRead = std::function<void(const History& header, const Interner& actors)>;

  /// Reads the history in `in`, at most `limit` bytes of it.
  void Run(std::istream& in, uint64_t limit = UINT64_MAX, const HeaderRead& header_read = {}) {
    PaddedLines lines(in, limits::kMaxHistoryLineBytes, limit);
    std::string_view line;
    size_t n = 0;
    bool too_long = false;
    while (!e_.full() && lines.Next(&line, &too_long)) {
      e_.SetLine(++n);
      if (too_long) {
        e_.Error(fmt::format("the line is longer than {}, the limit for a history line",
                             ByteSizeText(limits::kMaxHistoryLineBytes)));
        if (n == 1) return;
        continue;
      }
      if (n > 1 && ReadFastOp(line, lines.Readable(line))) continue;
      if (std::optional<Diagnostic> bad = CheckText(line, path_, limits::kMaxHistoryLineBytes,
                                                    ControlCharacters::kLeftToTheParser)) {
        e_.ErrorAt(static_cast<size_t>(bad->loc.column), bad->message);
        if (n == 1) return;
        continue;
      }
      if (n == 1) {
        if (!ReadHeader(std::string(line))) return;  // no op line can be read without its actors
        if (header_read) header_read(h_, actor_ids_);
        continue;
      }
      ReadOpWithErrors(std::string(line));
    }
    if (in.bad()) {
      e_.SetLine(n + 1);
      e_.Error(fmt::format("cannot read: {}", std::strerror(errno)));
    } else if (n == 0) {
      e_.SetLine(1);
      e_.Error("empty file: expected the header line {\"kafka_scenario_history\": 1, ...}");
    }
    if (out_.errors.empty()) out_.history = std::move(h_);
  }

  /// Reserves room for about `ops` ops (a guess from the file's size): growing a vector of
  /// millions of ops by doubling copies each op about twice.
  void Reserve(size_t ops) { ReserveOps(&h_.ops, ops); }

 private:
  bool Parse(const std::string& line, Json* j, std::string_view expected) {
    if (line.empty()) {
      e_.Error(fmt::format("empty line: expected {}", expected));
      return false;
    }
    try {
      *j = Json::parse(line);
    } catch (const Json::exception& ex) {
      // Not only parse_error: a number beyond a double ("1e999") is out_of_range (406).
      size_t column = 0;
      const std::string message = fmt::format("invalid JSON ({}): expected {}",
                                              ParseErrorText(ex.what(), &column), expected);
      if (column > 0) {
        e_.ErrorAt(column, message);
      } else {
        e_.Error(message);
      }
      return false;
    }
    return e_.Object(*j, "a line");
  }

  bool ReadHeader(const std::string& line) {
    size_t before = out_.errors.size();
    Json j;
    if (!Parse(line, &j, "the header object {\"kafka_scenario_history\": 1, ...}")) return false;
    auto version = j.find("kafka_scenario_history");
    if (version == j.end()) {
      e_.Error(
          fmt::format("expected the header object {{\"kafka_scenario_history\": {}, ...}} "
                      "on the first line{}",
                      kFormatVersion, j.contains("f") ? ", found an op" : ""));
      return false;
    }
    if (*version != kFormatVersion) {
      e_.Error(
          fmt::format("unsupported history format \"kafka_scenario_history\": {} (this "
                      "build reads {})",
                      Shorten(*version), kFormatVersion));
      return false;
    }
    constexpr std::string_view kWhere = "the header";
    constexpr std::string_view kAllowed =
        "kafka_scenario_history, scenario, scenario_file, seed, target, kafka_client, run_id, "
        "started, problems, actors, groups, processing_groups, topics, producers";
    for (auto& [k, v] : j.items()) {
      if (k == "kafka_scenario_history" || k == "actors" || k == "producers" ||
          k == "processing_groups") {
        continue;
      }
      HistoryHeader& hh = out_.header;
      if (k == "scenario" || k == "scenario_file" || k == "target" || k == "kafka_client" ||
          k == "run_id") {
        std::string* dst = k == "scenario"        ? &hh.scenario
                           : k == "scenario_file" ? &hh.scenario_file
                           : k == "target"        ? &hh.target
                           : k == "run_id"        ? &hh.run_id
                                                  : &hh.kafka_client;
        if (const std::string* s = e_.String(v, k)) *dst = *s;
      } else if (k == "started") {
        if (const std::string* s = e_.String(v, k)) {
          if (ParseIsoUtc(*s)) {
            hh.started = *s;
          } else {
            e_.Error(fmt::format(
                "field \"started\" must be a UTC time like \"2024-05-01T12:34:56Z\", got {}",
                Shorten(v)));
          }
        }
      } else if (k == "seed") {
        e_.Uint64(v, k, &hh.seed);
      } else if (k == "problems") {
        ReadNames(e_, v, k, [&](const std::string& p) {
          hh.problems.push_back(p);
          return true;
        });
      } else if (k == "groups") {
        ReadNames(e_, v, k, [&](const std::string& g) {
          if (h_.FindGroup(g) != kNoId) return false;
          h_.groups.push_back(g);
          return true;
        });
      } else if (k == "topics") {
        ReadNames(e_, v, k, [&](const std::string& t) {
          size_t size = h_.topics.size();
          if (h_.topics.Intern(t) != size) return false;
          if (!FitsOpId(size)) e_.Error(TooManyTopics());
          return true;
        });
      } else {
        e_.Unknown(k, kWhere, kAllowed);
      }
    }
    for (std::string_view k : {"scenario", "scenario_file", "seed", "target", "kafka_client",
                               "actors", "groups", "topics", "producers"}) {
      if (!j.contains(k)) e_.Missing(k, kWhere, "see schemas/history.schema.json");
    }
    // Actors and producers refer to groups and topics by name, so they come after.
    if (auto it = j.find("processing_groups"); it != j.end()) {
      ReadNames(e_, *it, "processing_groups", [&](const std::string& g) {
        const uint32_t id = h_.FindGroup(g);
        if (id == kNoId) {
          e_.Error(fmt::format("processing_groups: \"{}\" is not in the header's groups", g));
          return true;
        }
        if (h_.Processes(id)) return false;
        if (h_.processing_groups.size() <= id) h_.processing_groups.resize(id + 1);
        h_.processing_groups[id] = true;
        return true;
      });
    }
    if (auto it = j.find("actors"); it != j.end()) ReadActors(*it);
    if (auto it = j.find("producers"); it != j.end()) ReadProducers(*it);
    return out_.errors.size() == before;
  }

  void ReadActors(const Json& v) {
    if (!v.is_array()) {
      e_.Error(fmt::format("field \"actors\" must be an array of objects, got {}", Shorten(v)));
      return;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      if (!FitsOpId(i)) {
        e_.Error(TooManyClients("actors"));
        return;
      }
      std::string where = fmt::format("actors[{}]", i);
      if (!e_.Object(v[i], where)) continue;
      ActorInfo a;
      for (auto& [k, f] : v[i].items()) {
        if (k == "name") {
          if (const std::string* s = e_.String(f, where + ".name")) a.name = *s;
        } else if (k == "role") {
          ParseEnum(e_, f, where + ".role", kRoles, &a.role);
        } else if (k == "group") {
          if (const std::string* s = e_.String(f, where + ".group")) {
            a.group = h_.FindGroup(*s);
            if (a.group == kNoId) {
              e_.Error(fmt::format("{}.group \"{}\" is not in the header's groups", where, *s));
            }
          }
        } else if (k == "index") {
          int32_t index;
          if (e_.Int32(f, where + ".index", 0, &index)) a.member_index = index;
        } else {
          e_.Unknown(k, where, "name, role, group, index");
        }
      }
      if (!v[i].contains("name")) e_.Missing("name", where, "a string");
      if (!v[i].contains("role")) e_.Missing("role", where, "runner, producer or member");
      // Interned ids are actor indexes while the names are distinct; a repeated name fails the
      // header, and no op line is read against ids that no longer match.
      if (actor_ids_.Find(a.name) != kNoId) {
        e_.Error(fmt::format("{}: actor \"{}\" is listed twice", where, a.name));
      } else {
        actor_ids_.Intern(a.name);
      }
      h_.actors.push_back(std::move(a));
    }
  }

  void ReadProducers(const Json& v) {
    if (!v.is_array()) {
      e_.Error(fmt::format("field \"producers\" must be an array of objects, got {}", Shorten(v)));
      return;
    }
    for (size_t i = 0; i < v.size(); ++i) {
      if (!FitsOpId(i)) {
        e_.Error(TooManyClients("producers"));
        return;
      }
      std::string where = fmt::format("producers[{}]", i);
      if (!e_.Object(v[i], where)) continue;
      ProducerInfo info;
      bool has_info = false;
      std::string name;
      for (auto& [k, f] : v[i].items()) {
        if (k == "name") {
          if (const std::string* s = e_.String(f, where + ".name")) name = *s;
        } else if (k == "topic") {
          has_info = true;
          if (const std::string* s = e_.String(f, where + ".topic")) {
            info.topic = h_.topics.Find(*s);
            if (info.topic == kNoId) {
              e_.Error(fmt::format("{}.topic \"{}\" is not in the header's topics", where, *s));
            }
          }
        } else if (k == "partitioner") {
          has_info = true;
          if (const std::string* s = e_.String(f, where + ".partitioner")) info.partitioner = *s;
        } else if (k == "partition") {
          has_info = true;
          e_.Int32(f, where + ".partition", std::numeric_limits<int32_t>::min(), &info.partition);
        } else {
          e_.Unknown(k, where, "name, topic, partitioner, partition");
        }
      }
      if (!v[i].contains("name")) e_.Missing("name", where, "a string");
      uint32_t id = h_.producers.Intern(name);
      if (id != i) {
        e_.Error(fmt::format("{}: producer \"{}\" is listed twice", where, name));
        continue;
      }
      // producer_info covers a prefix of the producers: a producer without a configuration
      // before one with it gets the defaults.
      if (has_info) {
        h_.producer_info.resize(i);
        h_.producer_info.push_back(std::move(info));
      }
    }
  }

  // An op line through the fast parser; false when it is not one the fast parser takes, and
  // the line still has to be read (and its errors reported) by ReadOpWithErrors.
  bool ReadFastOp(std::string_view line, size_t readable) {
    Op op;
    if (!fast_.Parse(line, readable, &op)) return false;
    if (op.time_us < last_time_us_) {
      e_.Error(fmt::format("time_us {} is before the previous op's {} (ops must be in time order)",
                           op.time_us, last_time_us_));
      return true;
    }
    if (!names_.Intern(fast_, &h_, &op)) return false;
    last_time_us_ = op.time_us;
    h_.ops.push_back(op);
    return true;
  }

  // Which of an op line's required fields were there, and the group it named.
  struct OpFields {
    const std::string* group = nullptr;
    bool type = false, f = false, time = false, key = false;
  };

  // The DOM reader: slower, and says what is wrong with a line.
  void ReadOpWithErrors(const std::string& line) {
    constexpr std::string_view kExpected = "an op object {\"type\", \"f\", \"time_us\", ...}";
    constexpr std::string_view kAllowed =
        "type, f, time_us, actor, group, topic, partition, offset, key, key_hex, record, "
        "generation, note, txn";
    size_t before = out_.errors.size();
    Json j;
    if (!Parse(line, &j, kExpected)) return;
    Op op;
    OpFields seen;
    for (auto& [k, v] : j.items()) {
      if (!ReadOpField(k, v, &op, &seen)) e_.Unknown(k, kOpWhere, kAllowed);
    }
    CheckOpComplete(j, op, seen);
    if (out_.errors.size() != before) return;
    last_time_us_ = op.time_us;
    h_.ops.push_back(op);
  }

  static constexpr std::string_view kOpWhere = "an op";

  static std::string TooManyTopics() {
    return fmt::format(
        "more than {} topics in one history: an op holds its topic in 16 bits "
        "(runner/diag/input_limits.h); split the history into files by topic",
        CountText(limits::kMaxHistoryIds));
  }

  // `what`: "actors" or "producers", which only a history no run wrote can have too many of.
  static std::string TooManyClients(std::string_view what) {
    return fmt::format(
        "more than {} {} in one history: an op holds each id in 16 bits "
        "(runner/diag/input_limits.h), and a run has at most {} clients",
        CountText(limits::kMaxHistoryIds), what, limits::kMaxClients);
  }

  // An op's "topic": interned, and refused when its id does not fit an op (FitsOpId).
  void ReadTopic(const std::string& name, Op* op) {
    const uint32_t id = h_.topics.Intern(name);
    if (!FitsOpId(id)) {
      e_.Error(TooManyTopics());
    } else {
      op->topic = id;
    }
  }

  // Reads op field `k` into `op`, reporting a wrong value; false when ops have no such field.
  bool ReadOpField(const std::string& k, const Json& v, Op* op, OpFields* seen) {
    if (k == "type") {
      seen->type = true;
      OpType type;
      if (ParseEnum(e_, v, k, kOpTypes, &type)) op->type = type;
    } else if (k == "time_us") {
      seen->time = true;
      e_.IntInto(v, k, OpTime::kMin, OpTime::kMax, &op->time_us);
    } else if (k == "topic") {
      if (const std::string* s = e_.String(v, k)) ReadTopic(*s, op);
    } else if (k == "txn") {
      e_.IntInto(v, k, 0, kMaxOpSeq, &op->seq);
    } else if (k == "f") {
      seen->f = true;
      OpKind kind;
      if (ParseEnum(e_, v, k, kOpKinds, &kind)) op->kind = kind;
    } else if (k == "actor") {
      ReadActor(v, k, op);
    } else if (k == "group") {
      seen->group = e_.String(v, k);
    } else if (k == "generation") {
      e_.IntInto(v, k, OpGeneration::kMin, OpGeneration::kMax, &op->generation);
    } else if (k == "partition") {
      e_.IntInto(v, k, -1, OpPartition::kMax, &op->partition);
    } else if (k == "offset") {
      e_.IntInto(v, k, OpOffset::kMin, OpOffset::kMax, &op->offset);
    } else if (k == "key" || k == "key_hex") {
      ReadKey(k, v, op, seen);
    } else if (k == "record") {
      ReadRecord(v, op);
    } else if (k == "note") {
      if (const std::string* s = e_.String(v, k)) op->seq = h_.notes.Intern(*s);
    } else {
      return false;
    }
    return true;
  }

  void ReadActor(const Json& v, const std::string& k, Op* op) {
    const std::string* s = e_.String(v, k);
    if (s == nullptr) return;
    const uint32_t id = actor_ids_.Find(*s);
    if (id == kNoId) {
      e_.Error(fmt::format("unknown actor \"{}\" (expected a name from the header's actors)", *s));
    } else {
      op->actor = id;
    }
  }

  // "key" (UTF-8) or "key_hex" (any bytes), never both.
  void ReadKey(const std::string& k, const Json& v, Op* op, OpFields* seen) {
    if (seen->key) {
      e_.Error("an op has either \"key\" or \"key_hex\", not both");
      return;
    }
    seen->key = true;
    const std::string* s = e_.String(v, k);
    if (s == nullptr) return;
    if (k == "key") {
      op->key = h_.keys.Intern(*s);
    } else if (std::string bytes; DecodeHex(*s, &bytes)) {
      op->key = h_.keys.Intern(bytes);
    } else {
      e_.Error(fmt::format(
          "field \"key_hex\" must be an even number of lowercase hex digits, got {}", Shorten(v)));
    }
  }

  // The required fields, the group the actor belongs to, and time order.
  void CheckOpComplete(const Json& j, const Op& op, const OpFields& seen) {
    if (!seen.type) e_.Missing("type", kOpWhere, "invoke, ok, fail or info");
    if (!seen.f) e_.Missing("f", kOpWhere, "the op kind: send, poll, commit, ...");
    if (!seen.time) e_.Missing("time_us", kOpWhere, "microseconds since the run started");
    if (!j.contains("actor")) e_.Missing("actor", kOpWhere, "an actor name from the header");
    if (seen.group && op.actor != kNoId) {
      uint32_t g = h_.actors[op.actor].group;
      if (g == kNoId || h_.groups[g] != *seen.group) {
        e_.Error(fmt::format("group \"{}\" is not actor \"{}\"'s group ({})", *seen.group,
                             h_.actors[op.actor].name,
                             g == kNoId ? "it has none" : "\"" + h_.groups[g] + "\""));
      }
    }
    if (seen.time && !h_.ops.empty() && op.time_us < last_time_us_) {
      e_.Error(fmt::format("time_us {} is before the previous op's {} (ops must be in time order)",
                           op.time_us, last_time_us_));
    }
  }

  void ReadRecord(const Json& v, Op* op) {
    if (!e_.Object(v, "field \"record\"")) return;
    for (auto& [k, f] : v.items()) {
      if (k == "producer") {
        if (const std::string* s = e_.String(f, "record.producer")) {
          const uint32_t id = h_.producers.Intern(*s);
          if (FitsOpId(id)) {
            op->producer = id;
          } else {
            e_.Error(TooManyClients("producers"));
          }
        }
      } else if (k == "seq") {
        e_.IntInto(f, "record.seq", 0, kMaxOpSeq, &op->seq);
      } else {
        e_.Unknown(k, "record", "producer, seq");
      }
    }
    if (!v.contains("producer")) e_.Missing("producer", "record", "the producer's name");
    if (!v.contains("seq")) e_.Missing("seq", "record", "the record's sequence number");
  }

  const std::string path_;
  LoadedHistory& out_;
  LineErrors e_;
  History h_;
  Interner actor_ids_;  // the header's actors, by name; the first of a repeated name
  FastOpParser fast_{h_, actor_ids_};
  int64_t last_time_us_ = std::numeric_limits<int64_t>::min();
  FastOpNames names_;
};

// From this size on, a history file is read in two parts at once, on two threads.
constexpr uint64_t kTwoPartBytes = uint64_t{32} << 20;

// Reads the file's first half here and its second half on a thread of its own (ReadOpPart).
// False, with `*out` to be thrown away, when anything was unusual: an error in the first half,
// a line of the second the fast parser does not take, time going back at the seam. The caller
// then reads the whole file in one piece, and reports its errors as it always has.
// `before`: the file's identity taken before `in` was opened; a file replaced (renamed over)
// or changed while it is read makes this return false, and it is read again in one piece from
// `in`.
bool LoadInTwoParts(const std::string& path, uint64_t size, std::istream& in,
                    const FileIdentity& before, LoadedHistory* out) {
  const uint64_t seam = NextLineStart(path, size / 2);
  if (seam == 0 || seam >= size) return false;
  OpPart part;
  std::jthread second;  // joined before `part` is read, and on every way out
  Loader loader(path, *out);
  loader.Reserve(static_cast<size_t>(size / 60));
  loader.Run(in, seam, [&](const History& header, const Interner& actors) {
    try {
      // Copies: the first half's loader goes on changing its own.
      History names;
      names.actors = header.actors;
      names.groups = header.groups;
      second = std::jthread([&part, &path, seam, size, names = std::move(names), actors] {
        part = ReadOpPart(path, seam, size, names, actors);
      });
    } catch (const std::exception&) {  // no thread or no memory for one: part.ok stays false
    }
  });
  if (second.joinable()) second.join();
  if (!out->errors.empty() || !part.ok || !out->history) return false;
  if (before.size < 0 || !(IdentityOf(path) == before)) return false;
  History& h = *out->history;
  return AppendOpPart(
      std::move(part),
      h.ops.empty() ? std::numeric_limits<int64_t>::min() : int64_t{h.ops.back().time_us}, &h);
}

}  // namespace

std::string JsonParseErrorText(const char* what) {
  std::string_view s(what);
  if (auto p = s.find("] "); p != std::string_view::npos) s.remove_prefix(p + 2);
  return std::string(s);
}

LoadedHistory LoadHistoryJsonl(const std::string& path) {
  LoadedHistory out;
  const FileIdentity before = IdentityOf(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.errors.push_back(
        fmt::format("{}: cannot open history file: {}", path, std::strerror(errno)));
    return out;
  }
  std::error_code ec;
  uintmax_t size = 0;
  if (fs::is_regular_file(path, ec)) {
    size = fs::file_size(path, ec);
    if (!ec && size > limits::kMaxHistoryFileBytes) {
      out.errors.push_back(
          fmt::format("{}: {}", path, FileTooLargeText(size, limits::kMaxHistoryFileBytes)));
      return out;
    }
  }
  if (!ec && size >= kTwoPartBytes && std::thread::hardware_concurrency() >= 2 &&
      LoadInTwoParts(path, size, in, before, &out)) {
    return out;
  }
  out = LoadedHistory{};
  in.clear();
  in.seekg(0);
  Loader loader(path, out);
  // An op line takes at least ~100 bytes; the reservation is address space until it is used.
  if (!ec) loader.Reserve(static_cast<size_t>(size / 60));
  loader.Run(in);
  return out;
}

LoadedHistory LoadHistoryJsonlText(const std::string& text, const std::string& path) {
  LoadedHistory out;
  std::istringstream in(text);
  Loader(path, out).Run(in);
  return out;
}

}  // namespace ks
