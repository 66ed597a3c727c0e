#pragma once

// The history reader's fast path for op lines (runner/history only).

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "history/history.h"
#include "history/jsonl_format.h"

namespace ks::jsonl_detail {

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

}  // namespace ks::jsonl_detail
