#include "history/jsonl.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "diag/input_limits.h"
#include "diag/secrets.h"
#include "diag/text_check.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr std::string_view kUnknownName = "?";
constexpr int kFormatVersion = 1;
constexpr size_t kMaxErrors = 20;
// Big enough that write() calls cost nothing next to formatting, small enough to stay in cache.
constexpr size_t kFlushBytes = 1 << 20;

constexpr std::array kOpTypes = {OpType::kInvoke, OpType::kOk, OpType::kFail, OpType::kInfo};
constexpr const auto& kOpKinds = kAllOpKinds;

std::string_view RoleName(ActorInfo::Role r) {
  switch (r) {
    case ActorInfo::Role::kRunner:
      return "runner";
    case ActorInfo::Role::kProducer:
      return "producer";
    case ActorInfo::Role::kMember:
      return "member";
  }
  return "?";
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. This is
// exactly what nlohmann's parser accepts, so a key written as a plain string loads back intact.
bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c == 0xe0) lo = 0xa0;
      if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c == 0xf0) lo = 0x90;
      if (c == 0xf4) hi = 0x8f;
    } else {
      return false;
    }
    if (static_cast<size_t>(end - p) <= n) return false;
    if (p[1] < lo || p[1] > hi) return false;
    for (size_t i = 2; i <= n; ++i) {
      if (p[i] < 0x80 || p[i] > 0xbf) return false;
    }
    p += n + 1;
  }
  return true;
}

constexpr char kHexDigits[] = "0123456789abcdef";

std::string ToHex(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    out.push_back(kHexDigits[c >> 4]);
    out.push_back(kHexDigits[c & 0xf]);
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

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

// A file written next to its destination and renamed over it once complete: rename() within
// one filesystem is atomic, so readers see either the old file or the whole new one.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path) : path_(std::move(path)) {}
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile() {
    if (fd_ >= 0) ::close(fd_);
    // Only ever the file this object created: never anything that existed before.
    if (!tmp_.empty()) ::unlink(tmp_.c_str());
  }

  Status Open() {
    fs::path parent = fs::path(path_).parent_path();
    if (std::error_code ec; !parent.empty() && !fs::create_directories(parent, ec) && ec) {
      return Fail(ec.value(), fmt::format("cannot create the folder {}", parent.string()));
    }
    size_t slash = path_.rfind('/');
    std::string dir = slash == std::string::npos ? "" : path_.substr(0, slash + 1);
    std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
    std::string tmpl = dir + "." + base + ".tmp-XXXXXX";
    // mkstemp creates the file exclusively, so no existing file is ever written or removed.
    fd_ = ::mkstemp(tmpl.data());
    if (fd_ < 0) return Fail(errno, "cannot create a temporary file " + tmpl);
    tmp_ = tmpl;
    // mkstemp makes the file private (0600); a history is an ordinary report file.
    if (::fchmod(fd_, 0644) != 0) return Fail(errno, "cannot set the permissions of " + tmp_);
    return Status::Ok();
  }

  Status Write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      // A regular file never takes 0 bytes unless the disk is full; do not spin on it.
      if (n <= 0) return Fail(n < 0 ? errno : ENOSPC, "cannot write " + tmp_);
      data.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  Status Commit() {
    // fsync before rename: otherwise a power loss can leave the new name on an empty file.
    if (::fsync(fd_) != 0) return Fail(errno, "cannot flush " + tmp_);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Fail(errno, "cannot close " + tmp_);
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
      return Fail(errno, "cannot rename " + tmp_ + " to it");
    }
    tmp_.clear();
    return Status::Ok();
  }

 private:
  Status Fail(int err, const std::string& what) const {
    return Status::Error(
        fmt::format("cannot save history to {}: {}: {}", path_, what, std::strerror(err)));
  }
  std::string path_;
  std::string tmp_;
  int fd_ = -1;
};

// ---------------------------------------------------------------------------------------------
// Loading

/// Lowercase hex to bytes; false for an odd length or any other character.
bool DecodeHex(const std::string& hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  out->resize(hex.size() / 2);
  for (size_t i = 0; i < out->size(); ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<char>(hi << 4 | lo);
  }
  return true;
}

std::string Shorten(const Json& v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  constexpr size_t kMax = 40;
  if (s.size() > kMax) s = s.substr(0, kMax) + "...";
  return s;
}

// Collects errors for one line; stops collecting at kMaxErrors.
class LineErrors {
 public:
  LineErrors(const std::string& path, std::vector<std::string>& errors)
      : path_(path), errors_(errors) {}
  void SetLine(size_t line) { line_ = line; }
  bool full() const { return errors_.size() >= kMaxErrors; }

  /// "file:line: message", for a problem with the line as a whole (a field, a value).
  void Error(std::string_view message) {
    if (!full()) errors_.push_back(fmt::format("{}:{}: {}", path_, line_, message));
  }

  /// "file:line:column: message" (column 1-based, in bytes), as every diagnostic
  /// (diag/source_loc.h), for a problem at one place in the line.
  void ErrorAt(size_t column, std::string_view message) {
    if (!full()) errors_.push_back(fmt::format("{}:{}:{}: {}", path_, line_, column, message));
  }

  /// A string field, or nullptr (with an error) when `v` is not a string.
  const std::string* String(const Json& v, std::string_view field) {
    if (v.is_string()) return v.get_ptr<const std::string*>();
    Error(fmt::format("field \"{}\" must be a string, got {}", field, Shorten(v)));
    return nullptr;
  }

  /// An integer field within [min, max]; floats and out-of-range values are errors.
  bool Int(const Json& v, std::string_view field, int64_t min, int64_t max, int64_t* out) {
    if (v.is_number_unsigned()) {
      uint64_t u = v.get<uint64_t>();
      if (u <= static_cast<uint64_t>(max)) {
        *out = static_cast<int64_t>(u);
        return true;
      }
    } else if (v.is_number_integer()) {
      int64_t i = v.get<int64_t>();
      if (i >= min && i <= max) {
        *out = i;
        return true;
      }
    }
    Error(fmt::format("field \"{}\" must be an integer from {} to {}, got {}", field, min, max,
                      Shorten(v)));
    return false;
  }

  bool Uint64(const Json& v, std::string_view field, uint64_t* out) {
    if (v.is_number_unsigned()) {
      *out = v.get<uint64_t>();
      return true;
    }
    Error(fmt::format("field \"{}\" must be an integer from 0 to {}, got {}", field,
                      std::numeric_limits<uint64_t>::max(), Shorten(v)));
    return false;
  }

  bool Int32(const Json& v, std::string_view field, int32_t min, int32_t* out) {
    int64_t i;
    if (!Int(v, field, min, std::numeric_limits<int32_t>::max(), &i)) return false;
    *out = static_cast<int32_t>(i);
    return true;
  }

  bool Object(const Json& v, std::string_view what) {
    if (v.is_object()) return true;
    Error(fmt::format("{} must be a JSON object, got {}", what, Shorten(v)));
    return false;
  }

  void Missing(std::string_view field, std::string_view where, std::string_view expected) {
    Error(fmt::format("missing field \"{}\" in {} (expected {})", field, where, expected));
  }

  void Unknown(std::string_view field, std::string_view where, std::string_view allowed) {
    Error(fmt::format("unknown field \"{}\" in {} (allowed: {})", field, where, allowed));
  }

 private:
  const std::string& path_;
  std::vector<std::string>& errors_;
  size_t line_ = 0;
};

// nlohmann's parse error of one line: its text without "parse error at line 1, column N: ",
// and N in `*column` (1-based: the last byte nlohmann read, so the end of a token it could not
// take, or one past the line's end); 0 when it names no column (out_of_range: "number overflow
// parsing '1e999'"). nlohmann parses one line at a time here, and the line that counts is the
// file's, which the caller reports.
std::string ParseErrorText(const char* what, size_t* column) {
  std::string s = JsonParseErrorText(what);
  *column = 0;
  constexpr std::string_view kPrefix = "parse error at line 1, column ";
  if (!s.starts_with(kPrefix)) return s;
  size_t i = kPrefix.size(), n = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    n = n * 10 + static_cast<size_t>(s[i] - '0');
  }
  if (i == kPrefix.size() || s.compare(i, 2, ": ") != 0) return s;
  *column = n;
  return s.substr(i + 2);
}

std::string_view EnumName(OpType t) { return ToString(t); }
std::string_view EnumName(OpKind k) { return ToString(k); }
std::string_view EnumName(ActorInfo::Role r) { return RoleName(r); }

template <typename Enum, size_t N>
bool ParseEnum(LineErrors& e, const Json& v, std::string_view field,
               const std::array<Enum, N>& values, Enum* out) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    for (Enum x : values) {
      if (EnumName(x) == s) {
        *out = x;
        return true;
      }
    }
  }
  std::string names;
  for (Enum x : values) names += fmt::format("{}{}", names.empty() ? "" : ", ", EnumName(x));
  e.Error(fmt::format("field \"{}\" must be one of {}; got {}", field, names, Shorten(v)));
  return false;
}

constexpr std::array kRoles = {ActorInfo::Role::kRunner, ActorInfo::Role::kProducer,
                               ActorInfo::Role::kMember};

// Reads a JSON array of unique strings into `add`, reporting `field[i]` on errors.
template <typename Add>
void ReadNames(LineErrors& e, const Json& v, std::string_view field, Add add) {
  if (!v.is_array()) {
    e.Error(fmt::format("field \"{}\" must be an array of strings, got {}", field, Shorten(v)));
    return;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    std::string name = fmt::format("{}[{}]", field, i);
    if (const std::string* s = e.String(v[i], name); s && !add(*s)) {
      e.Error(fmt::format("{} \"{}\" is listed twice", name, *s));
    }
  }
}

// Reads an op line that is exactly as SaveHistoryJsonl writes it, through nlohmann's SAX
// interface: no DOM is built, which makes loading about 1.6 times as fast. Anything unusual
// (a parse error, an unknown or repeated field, a wrong type, an unknown name) makes Parse()
// return false, and the caller reads the line again with the DOM reader, which owns every
// error message. So this class only has to be right about what it accepts.
class FastOpParser {
 public:
  using string_t = std::string;
  using binary_t = Json::binary_t;

  FastOpParser(const History& h, const std::unordered_map<std::string, uint32_t>& actor_ids)
      : h_(h), actor_ids_(actor_ids) {}

  /// True when `line` is a valid op; then `op` is complete and `topic`, `producer` and `key`
  /// (the names still to intern) are set.
  bool Parse(const std::string& line, Op* op) {
    op_ = Op();
    seen_ = 0;
    depth_ = 0;
    field_ = Field::kNone;
    key_is_hex_ = false;
    if (!Json::sax_parse(line, this)) return false;
    const unsigned kRequired =
        Bit(Field::kType) | Bit(Field::kF) | Bit(Field::kTime) | Bit(Field::kActor);
    if ((seen_ & kRequired) != kRequired) return false;
    if ((seen_ & Bit(Field::kRecord)) && (seen_ & (Bit(Field::kProducer) | Bit(Field::kSeq))) !=
                                             (Bit(Field::kProducer) | Bit(Field::kSeq))) {
      return false;
    }
    if (seen_ & Bit(Field::kGroup)) {
      uint32_t g = h_.actors[op_.actor].group;
      if (g == kNoId || h_.groups[g] != group_) return false;
    }
    *op = op_;
    return true;
  }

  bool has_topic() const { return seen_ & Bit(Field::kTopic); }
  bool has_producer() const { return seen_ & Bit(Field::kProducer); }
  bool has_key() const { return seen_ & Bit(Field::kKey); }
  const std::string& topic() const { return topic_; }
  const std::string& producer() const { return producer_; }
  /// The key's bytes (decoded when it was written as key_hex).
  const std::string& key() const { return key_; }

  // nlohmann's SAX interface.
  bool null() { return false; }
  bool boolean(bool) { return false; }
  bool number_float(double, const string_t&) { return false; }
  bool binary(binary_t&) { return false; }
  bool start_array(size_t) { return false; }
  bool end_array() { return false; }
  bool parse_error(size_t, const std::string&, const nlohmann::detail::exception&) { return false; }
  bool start_object(size_t) {
    if (depth_ == 0) return ++depth_, true;
    if (depth_ == 1 && field_ == Field::kRecord) return ++depth_, true;
    return false;
  }
  bool end_object() { return --depth_, true; }

  bool key(string_t& k) {
    field_ = depth_ == 1 ? TopField(k) : RecordField(k);
    if (field_ == Field::kNone || (seen_ & Bit(field_))) return false;
    seen_ |= Bit(field_);
    return true;
  }

  bool number_unsigned(uint64_t v) {
    switch (field_) {
      case Field::kSeq:
        op_.seq = v;
        return true;
      case Field::kTime:
      case Field::kOffset:
        if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
        return number_integer(static_cast<int64_t>(v));
      case Field::kPartition:
      case Field::kGeneration:
        if (v > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) return false;
        return number_integer(static_cast<int64_t>(v));
      default:
        return false;
    }
  }

  bool number_integer(int64_t v) {
    constexpr int64_t kMin32 = std::numeric_limits<int32_t>::min();
    constexpr int64_t kMax32 = std::numeric_limits<int32_t>::max();
    switch (field_) {
      case Field::kTime:
        op_.time_us = v;
        return true;
      case Field::kOffset:
        op_.offset = v;
        return true;
      case Field::kPartition:
        if (v < kMin32 || v > kMax32) return false;
        op_.partition = static_cast<int32_t>(v);
        return true;
      case Field::kGeneration:
        if (v < kMin32 || v > kMax32) return false;
        op_.generation = static_cast<int32_t>(v);
        return true;
      default:
        return false;  // includes a negative seq
    }
  }

  bool string(string_t& v) {
    switch (field_) {
      case Field::kType:
        return FindEnum(kOpTypes, v, &op_.type);
      case Field::kF:
        return FindEnum(kOpKinds, v, &op_.kind);
      case Field::kActor: {
        auto it = actor_ids_.find(v);
        if (it == actor_ids_.end()) return false;
        op_.actor = it->second;
        return true;
      }
      case Field::kGroup:
        group_.swap(v);
        return true;
      case Field::kTopic:
        topic_.swap(v);
        return true;
      case Field::kProducer:
        producer_.swap(v);
        return true;
      case Field::kKey:
        if (key_is_hex_) return DecodeHex(v, &key_);
        key_.swap(v);
        return true;
      default:
        return false;
    }
  }

 private:
  enum class Field : uint8_t {
    kNone,
    kType,
    kF,
    kTime,
    kActor,
    kGroup,
    kTopic,
    kPartition,
    kOffset,
    kKey,
    kRecord,
    kGeneration,
    kProducer,
    kSeq,
  };
  static constexpr unsigned Bit(Field f) { return 1u << static_cast<unsigned>(f); }

  // Compares as string_view, which checks the length first: comparing std::string with a
  // literal runs strlen and memcmp for every candidate, a tenth of the load time.
  Field TopField(std::string_view k) {
    using namespace std::string_view_literals;
    if (k == "type"sv) return Field::kType;
    if (k == "f"sv) return Field::kF;
    if (k == "time_us"sv) return Field::kTime;
    if (k == "actor"sv) return Field::kActor;
    if (k == "group"sv) return Field::kGroup;
    if (k == "topic"sv) return Field::kTopic;
    if (k == "partition"sv) return Field::kPartition;
    if (k == "offset"sv) return Field::kOffset;
    if (k == "record"sv) return Field::kRecord;
    if (k == "generation"sv) return Field::kGeneration;
    // key and key_hex share a field so that having both counts as a repeat.
    if (k == "key"sv || k == "key_hex"sv) {
      key_is_hex_ = k.size() == 7;
      return Field::kKey;
    }
    return Field::kNone;
  }
  static Field RecordField(std::string_view k) {
    using namespace std::string_view_literals;
    if (k == "producer"sv) return Field::kProducer;
    if (k == "seq"sv) return Field::kSeq;
    return Field::kNone;
  }

  template <typename Enum, size_t N>
  static bool FindEnum(const std::array<Enum, N>& values, const std::string& s, Enum* out) {
    for (Enum x : values) {
      if (ToString(x) == s) {
        *out = x;
        return true;
      }
    }
    return false;
  }

  const History& h_;
  const std::unordered_map<std::string, uint32_t>& actor_ids_;
  Op op_;
  unsigned seen_ = 0;
  int depth_ = 0;
  Field field_ = Field::kNone;
  bool key_is_hex_ = false;
  // Reused across lines so that a line costs no allocation once they have grown.
  std::string group_, topic_, producer_, key_;
};

// Reads one line (without its '\n') into `line`; false once the input is exhausted. A line
// longer than `max` bytes sets `*too_long` and keeps only its first `max` bytes; the rest of it
// is read and dropped, so that a file without line breaks costs no more memory than `max`.
bool ReadBoundedLine(std::istream& in, size_t max, std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  bool any = false;
  char chunk[4096];
  while (true) {
    in.getline(chunk, sizeof chunk);
    const std::streamsize got = in.gcount();
    const bool ended = in.good();  // '\n' found, extracted and counted, not stored
    // The chunk filled up before the line ended (a read error also sets failbit alone).
    const bool full = in.fail() && !in.eof() && !in.bad() &&
                      got == static_cast<std::streamsize>(sizeof chunk - 1);
    const size_t stored = static_cast<size_t>(got) - (ended ? 1 : 0);
    any = any || got > 0;
    if (line->size() + stored > max) {
      *too_long = true;
    } else {
      line->append(chunk, stored);
    }
    if (full) {
      in.clear();
      continue;
    }
    return ended || any;
  }
}

class Loader {
 public:
  Loader(const std::string& path, LoadedHistory& out)
      : path_(path), out_(out), e_(path, out.errors) {}

  void Run(std::istream& in) {
    std::string line;
    size_t n = 0;
    bool header_ok = false;
    bool too_long = false;
    while (!e_.full() && ReadBoundedLine(in, limits::kMaxHistoryLineBytes, &line, &too_long)) {
      e_.SetLine(++n);
      if (too_long) {
        e_.Error(fmt::format("the line is longer than {}, the limit for a history line",
                             ByteSizeText(limits::kMaxHistoryLineBytes)));
        if (n == 1) return;
        continue;
      }
      if (std::optional<Diagnostic> bad = CheckText(line, path_, limits::kMaxHistoryLineBytes,
                                                    ControlCharacters::kLeftToTheParser)) {
        e_.ErrorAt(static_cast<size_t>(bad->loc.column), bad->message);
        if (n == 1) return;
        continue;
      }
      if (n == 1) {
        header_ok = ReadHeader(line);
        if (!header_ok) return;  // without the header's actors every op line would be an error
        continue;
      }
      ReadOp(line);
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
        "problems, actors, groups, processing_groups, topics, producers";
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
          return h_.topics.Intern(t) == size;
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
      if (!actor_ids_.emplace(a.name, static_cast<uint32_t>(h_.actors.size())).second) {
        e_.Error(fmt::format("{}: actor \"{}\" is listed twice", where, a.name));
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

  void ReadOp(const std::string& line) {
    Op op;
    if (fast_.Parse(line, &op)) {
      if (op.time_us < last_time_us_) {
        e_.Error(
            fmt::format("time_us {} is before the previous op's {} (ops must be in time order)",
                        op.time_us, last_time_us_));
        return;
      }
      if (fast_.has_topic()) op.topic = h_.topics.Intern(fast_.topic());
      if (fast_.has_producer()) op.producer = h_.producers.Intern(fast_.producer());
      if (fast_.has_key()) op.key = h_.keys.Intern(fast_.key());
      last_time_us_ = op.time_us;
      h_.ops.push_back(op);
      return;
    }
    ReadOpWithErrors(line);
  }

  // The DOM reader: slower, and says what is wrong with a line.
  void ReadOpWithErrors(const std::string& line) {
    constexpr std::string_view kExpected = "an op object {\"type\", \"f\", \"time_us\", ...}";
    constexpr std::string_view kWhere = "an op";
    constexpr std::string_view kAllowed =
        "type, f, time_us, actor, group, topic, partition, offset, key, key_hex, record, "
        "generation, note, txn";
    size_t before = out_.errors.size();
    Json j;
    if (!Parse(line, &j, kExpected)) return;
    Op op;
    const std::string* group = nullptr;
    bool has_type = false, has_f = false, has_time = false, has_key = false;
    for (auto& [k, v] : j.items()) {
      switch (k.empty() ? '\0' : k[0]) {
        case 't':
          if (k == "type") {
            has_type = true;
            ParseEnum(e_, v, k, kOpTypes, &op.type);
            continue;
          }
          if (k == "time_us") {
            has_time = true;
            e_.Int(v, k, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                   &op.time_us);
            continue;
          }
          if (k == "topic") {
            if (const std::string* s = e_.String(v, k)) op.topic = h_.topics.Intern(*s);
            continue;
          }
          if (k == "txn") {
            e_.Uint64(v, k, &op.seq);
            continue;
          }
          break;
        case 'f':
          if (k == "f") {
            has_f = true;
            ParseEnum(e_, v, k, kOpKinds, &op.kind);
            continue;
          }
          break;
        case 'a':
          if (k == "actor") {
            if (const std::string* s = e_.String(v, k)) {
              auto it = actor_ids_.find(*s);
              if (it == actor_ids_.end()) {
                e_.Error(
                    fmt::format("unknown actor \"{}\" (expected a name from the header's "
                                "actors)",
                                *s));
              } else {
                op.actor = it->second;
              }
            }
            continue;
          }
          break;
        case 'g':
          if (k == "group") {
            group = e_.String(v, k);
            continue;
          }
          if (k == "generation") {
            e_.Int32(v, k, std::numeric_limits<int32_t>::min(), &op.generation);
            continue;
          }
          break;
        case 'p':
          if (k == "partition") {
            e_.Int32(v, k, std::numeric_limits<int32_t>::min(), &op.partition);
            continue;
          }
          break;
        case 'o':
          if (k == "offset") {
            e_.Int(v, k, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                   &op.offset);
            continue;
          }
          break;
        case 'k':
          if (k == "key" || k == "key_hex") {
            if (has_key) {
              e_.Error("an op has either \"key\" or \"key_hex\", not both");
              continue;
            }
            has_key = true;
            if (const std::string* s = e_.String(v, k)) {
              if (k == "key") {
                op.key = h_.keys.Intern(*s);
              } else if (std::string bytes; DecodeHex(*s, &bytes)) {
                op.key = h_.keys.Intern(bytes);
              } else {
                e_.Error(
                    fmt::format("field \"key_hex\" must be an even number of lowercase hex "
                                "digits, got {}",
                                Shorten(v)));
              }
            }
            continue;
          }
          break;
        case 'r':
          if (k == "record") {
            ReadRecord(v, &op);
            continue;
          }
          break;
        case 'n':
          if (k == "note") {
            if (const std::string* s = e_.String(v, k)) op.seq = h_.notes.Intern(*s);
            continue;
          }
          break;
      }
      e_.Unknown(k, kWhere, kAllowed);
    }
    if (!has_type) e_.Missing("type", kWhere, "invoke, ok, fail or info");
    if (!has_f) e_.Missing("f", kWhere, "the op kind: send, poll, commit, ...");
    if (!has_time) e_.Missing("time_us", kWhere, "microseconds since the run started");
    if (!j.contains("actor")) e_.Missing("actor", kWhere, "an actor name from the header");
    if (group && op.actor != kNoId) {
      uint32_t g = h_.actors[op.actor].group;
      if (g == kNoId || h_.groups[g] != *group) {
        e_.Error(fmt::format("group \"{}\" is not actor \"{}\"'s group ({})", *group,
                             h_.actors[op.actor].name,
                             g == kNoId ? "it has none" : "\"" + h_.groups[g] + "\""));
      }
    }
    if (has_time && !h_.ops.empty() && op.time_us < last_time_us_) {
      e_.Error(fmt::format("time_us {} is before the previous op's {} (ops must be in time order)",
                           op.time_us, last_time_us_));
    }
    if (out_.errors.size() != before) return;
    last_time_us_ = op.time_us;
    h_.ops.push_back(op);
  }

  void ReadRecord(const Json& v, Op* op) {
    if (!e_.Object(v, "field \"record\"")) return;
    for (auto& [k, f] : v.items()) {
      if (k == "producer") {
        if (const std::string* s = e_.String(f, "record.producer")) {
          op->producer = h_.producers.Intern(*s);
        }
      } else if (k == "seq") {
        e_.Uint64(f, "record.seq", &op->seq);
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
  std::unordered_map<std::string, uint32_t> actor_ids_;
  FastOpParser fast_{h_, actor_ids_};
  int64_t last_time_us_ = std::numeric_limits<int64_t>::min();
};

}  // namespace

std::string JsonParseErrorText(const char* what) {
  std::string_view s(what);
  if (auto p = s.find("] "); p != std::string_view::npos) s.remove_prefix(p + 2);
  return std::string(s);
}

nlohmann::json OpToJson(const History& h, const Op& op) {
  Json j = Json::object();
  j["type"] = ToString(op.type);
  j["f"] = ToString(op.kind);
  j["time_us"] = op.time_us;
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
  if (op.partition != -1) j["partition"] = op.partition;
  if (op.offset != -1) j["offset"] = op.offset;
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
  if (op.generation != -1) j["generation"] = op.generation;
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
  AtomicFile file(path);
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

LoadedHistory LoadHistoryJsonl(const std::string& path) {
  LoadedHistory out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.errors.push_back(
        fmt::format("{}: cannot open history file: {}", path, std::strerror(errno)));
    return out;
  }
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    const uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > limits::kMaxHistoryFileBytes) {
      out.errors.push_back(
          fmt::format("{}: {}", path, FileTooLargeText(size, limits::kMaxHistoryFileBytes)));
      return out;
    }
  }
  Loader(path, out).Run(in);
  return out;
}

LoadedHistory LoadHistoryJsonlText(const std::string& text, const std::string& path) {
  LoadedHistory out;
  std::istringstream in(text);
  Loader(path, out).Run(in);
  return out;
}

}  // namespace ks
