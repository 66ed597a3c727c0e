#pragma once

// The history reader's fast path for op lines (runner/history only).

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "history/history.h"
#include "history/jsonl_format.h"

namespace ks::jsonl_detail {

// The fields of an op line; key and key_hex are one (having both counts as a repeat).
enum class OpField : uint8_t {
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
  kNote,
  kTxn,
};
/// The bit of `f` in FastOpParser's set of the fields a line had.
constexpr unsigned Bit(OpField f) { return 1u << static_cast<unsigned>(f); }

/// `*last` when `table` holds `s` there, else `lookup(s)`, remembered in `*last`. Most lines
/// name the actor, topic and producer the line before named: one comparison instead of a hash
/// lookup.
template <typename Lookup>
uint32_t SameAsLast(const Interner& table, std::string_view s, uint32_t* last, Lookup lookup) {
  if (*last == kNoId || table.Get(*last) != s) *last = lookup(s);
  return *last;
}

// Reads an op line as SaveHistoryJsonl writes it, with simdjson's DOM parser (simdjson picks
// the fastest kernel the CPU has at run time; On-Demand would be fixed at the build's baseline).
// simdjson validates the whole line: well-formed UTF-8 (RFC 3629), no unescaped control
// characters in strings, JSON's grammar (RFC 8259). Anything unusual (a parse error, an unknown
// or repeated field, a wrong type, an unknown name, two fields that both set Op::seq) makes
// Parse() return false, and the caller reads the line again with the DOM reader, which owns
// every error message. So this class only has to be right about what it accepts: every line it
// accepts, the DOM reader accepts with the same result.
class FastOpParser {
 public:
  /// `h`'s groups and actors, and `actors` (names to actor ids), are read, never changed.
  FastOpParser(const History& h, const Interner& actors) : h_(h), actors_(actors) {}

  /// True when `line` is a valid op; then `op` is complete, and topic(), producer(), key() and
  /// note(), the names still to intern, are set where has_...() says. `readable`: how many
  /// bytes from line.data() may be read, at least line.size() + simdjson::SIMDJSON_PADDING.
  /// The names stay valid until the next call.
  bool Parse(std::string_view line, size_t readable, Op* op) {
    // A line starts with its object: anything else (a byte order mark, spaces) is left to the
    // DOM reader, which says what it thinks of it.
    if (line.empty() || line.front() != '{') return false;
    if (readable < line.size() + simdjson::SIMDJSON_PADDING) return false;
    simdjson::dom::object object;
    if (parser_.parse(line.data(), line.size(), false).get(object)) return false;
    op_ = Op();
    seen_ = 0;
    for (const auto field : object) {
      if (!ReadField(TopField(field.key), field.value)) return false;
    }
    constexpr unsigned kRequired =
        Bit(OpField::kType) | Bit(OpField::kF) | Bit(OpField::kTime) | Bit(OpField::kActor);
    if ((seen_ & kRequired) != kRequired) return false;
    // record.seq, note and txn all set Op::seq: the DOM reader decides between them.
    constexpr unsigned kSeqFields =
        Bit(OpField::kRecord) | Bit(OpField::kNote) | Bit(OpField::kTxn);
    if (const unsigned set = seen_ & kSeqFields; set & (set - 1)) return false;
    if (seen_ & Bit(OpField::kGroup)) {
      uint32_t g = h_.actors[op_.actor].group;
      if (g == kNoId || h_.groups[g] != group_) return false;
    }
    *op = op_;
    return true;
  }

  bool has_topic() const { return seen_ & Bit(OpField::kTopic); }
  bool has_producer() const { return seen_ & Bit(OpField::kRecord); }
  bool has_key() const { return seen_ & Bit(OpField::kKey); }
  bool has_note() const { return seen_ & Bit(OpField::kNote); }
  std::string_view topic() const { return topic_; }
  std::string_view producer() const { return producer_; }
  /// The key's bytes (decoded when it was written as key_hex).
  std::string_view key() const { return key_; }
  /// A fault op's words (its "note"): the caller interns them into Op::seq.
  std::string_view note() const { return note_; }

 private:
  // By length first: this runs for every field of every line.
  OpField TopField(std::string_view k) {
    using namespace std::string_view_literals;
    switch (k.size()) {
      case 1:
        return k == "f"sv ? OpField::kF : OpField::kNone;
      case 3:
        if (k == "txn"sv) return OpField::kTxn;
        key_is_hex_ = false;
        return k == "key"sv ? OpField::kKey : OpField::kNone;
      case 4:
        return k == "type"sv ? OpField::kType : k == "note"sv ? OpField::kNote : OpField::kNone;
      case 5:
        return k == "actor"sv   ? OpField::kActor
               : k == "topic"sv ? OpField::kTopic
               : k == "group"sv ? OpField::kGroup
                                : OpField::kNone;
      case 6:
        return k == "offset"sv   ? OpField::kOffset
               : k == "record"sv ? OpField::kRecord
                                 : OpField::kNone;
      case 7:
        if (k == "time_us"sv) return OpField::kTime;
        key_is_hex_ = true;
        return k == "key_hex"sv ? OpField::kKey : OpField::kNone;
      case 9:
        return k == "partition"sv ? OpField::kPartition : OpField::kNone;
      case 10:
        return k == "generation"sv ? OpField::kGeneration : OpField::kNone;
      default:
        return OpField::kNone;
    }
  }

  // Reads the value of top-level field `f`; false for a repeated or unknown field, a wrong
  // type or a value out of range.
  bool ReadField(OpField f, simdjson::dom::element v) {
    if (f == OpField::kNone || (seen_ & Bit(f))) return false;
    seen_ |= Bit(f);
    switch (f) {
      case OpField::kType: {
        OpType type;
        if (!Enum(v, kOpTypes, &type)) return false;
        op_.type = type;
        return true;
      }
      case OpField::kF: {
        OpKind kind;
        if (!Enum(v, kOpKinds, &kind)) return false;
        op_.kind = kind;
        return true;
      }
      case OpField::kTime:
        return IntIn(v, OpTime::kMin, OpTime::kMax, &op_.time_us);
      case OpField::kOffset:
        return IntIn(v, OpOffset::kMin, OpOffset::kMax, &op_.offset);
      case OpField::kPartition:
        return IntIn(v, -1, OpPartition::kMax, &op_.partition);
      case OpField::kGeneration:
        return IntIn(v, OpGeneration::kMin, OpGeneration::kMax, &op_.generation);
      case OpField::kTxn:
        return Seq(v, &op_.seq);
      case OpField::kActor: {
        std::string_view name;
        if (v.get_string().get(name)) return false;
        op_.actor = SameAsLast(actors_, name, &last_actor_,
                               [this](std::string_view n) { return actors_.Find(n); });
        return op_.actor != kNoId;
      }
      case OpField::kGroup:
        return !v.get_string().get(group_);
      case OpField::kTopic:
        return !v.get_string().get(topic_);
      case OpField::kNote:
        return !v.get_string().get(note_);
      case OpField::kKey:
        if (v.get_string().get(key_)) return false;
        if (!key_is_hex_) return true;
        if (!DecodeHex(key_, &key_bytes_)) return false;
        key_ = key_bytes_;
        return true;
      case OpField::kRecord:
        return Record(v);
      case OpField::kNone:
        break;
    }
    return false;
  }

  // "record": {"producer": name, "seq": n}, each once, nothing else.
  bool Record(simdjson::dom::element v) {
    simdjson::dom::object record;
    if (v.get_object().get(record)) return false;
    bool producer = false, seq = false;
    for (const auto field : record) {
      if (field.key == "producer" && !producer) {
        producer = true;
        if (field.value.get_string().get(producer_)) return false;
      } else if (field.key == "seq" && !seq) {
        seq = true;
        if (!Seq(field.value, &op_.seq)) return false;
      } else {
        return false;
      }
    }
    return producer && seq;
  }

  // A seq or txn within 1 to kMaxOpSeq. 0 is left to the DOM reader, to be safe: "-0" is the
  // integer 0 to simdjson 3.0 and a signed 0 to nlohmann, which both readers now take as 0.
  static bool Seq(simdjson::dom::element v, uint32_t* out) {
    uint64_t u = 0;
    if (v.get_uint64().get(u) || u == 0 || u > kMaxOpSeq) return false;
    *out = static_cast<uint32_t>(u);
    return true;
  }

  // An integer within [min, max] into an op field (OpInt, OpPartition).
  template <typename T>
  static bool IntIn(simdjson::dom::element v, int64_t min, int64_t max, T* out) {
    int64_t i = 0;
    if (v.get_int64().get(i) || i < min || i > max) return false;
    *out = static_cast<T>(i);
    return true;
  }

  template <typename E, size_t N>
  static bool Enum(simdjson::dom::element v, const std::array<E, N>& values, E* out) {
    std::string_view s;
    if (v.get_string().get(s)) return false;
    for (E x : values) {
      if (ToString(x) == s) {
        *out = x;
        return true;
      }
    }
    return false;
  }

  const History& h_;
  const Interner& actors_;
  simdjson::dom::parser parser_;
  Op op_;
  unsigned seen_ = 0;
  bool key_is_hex_ = false;
  uint32_t last_actor_ = kNoId;  // the actor of the last line that named a known one
  // Views into the parser's document (valid until the next line), or into key_bytes_.
  std::string_view group_, topic_, producer_, key_, note_;
  std::string key_bytes_;  // a key_hex's bytes, reused across lines
};

/// The names an op line held, interned: after FastOpParser::Parse accepted a line, Intern() puts
/// its topic, producer, key and note into a history's tables and their ids into the op.
class FastOpNames {
 public:
  /// `tables`: the history (or a part of one) whose topics, producers, keys and notes take the
  /// names; `op`: the op Parse() gave. A note's id goes to Op::seq. False when the topic's or the
  /// producer's id does not fit an op (FitsOpId: the 65,536th or a later one): the line is then
  /// to be read again with errors.
  bool Intern(const FastOpParser& fast, History* tables, Op* op) {
    if (fast.has_topic()) {
      const uint32_t topic = Repeated(tables->topics, fast.topic(), &last_topic_);
      if (!FitsOpId(topic)) return false;
      op->topic = topic;
    }
    if (fast.has_producer()) {
      const uint32_t producer = Repeated(tables->producers, fast.producer(), &last_producer_);
      if (!FitsOpId(producer)) return false;
      op->producer = producer;
    }
    if (fast.has_key()) op->key = tables->keys.Intern(fast.key());
    if (fast.has_note()) op->seq = tables->notes.Intern(fast.note());
    return true;
  }

 private:
  static uint32_t Repeated(Interner& table, std::string_view s, uint32_t* last) {
    return SameAsLast(table, s, last, [&table](std::string_view n) { return table.Intern(n); });
  }

  uint32_t last_topic_ = kNoId, last_producer_ = kNoId;  // the ids given last
};

}  // namespace ks::jsonl_detail
