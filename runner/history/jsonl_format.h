#pragma once

// The JSON Lines history format's shared words (runner/history only): its version, the names of
// op types, kinds and roles, and the hex spelling of keys that are not UTF-8. jsonl_writer.cc
// writes them, jsonl_reader.cc and jsonl_op_parser.h read them.

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "history/history.h"

namespace ks::jsonl_detail {

using Json = nlohmann::json;

inline constexpr std::string_view kUnknownName = "?";
inline constexpr int kFormatVersion = 1;
/// At most this many errors are reported for one file.
inline constexpr size_t kMaxErrors = 20;

inline constexpr std::array kOpTypes = {OpType::kInvoke, OpType::kOk, OpType::kFail, OpType::kInfo};
inline constexpr const auto& kOpKinds = kAllOpKinds;
inline constexpr std::array kRoles = {ActorInfo::Role::kRunner, ActorInfo::Role::kProducer,
                                      ActorInfo::Role::kMember};

inline std::string_view RoleName(ActorInfo::Role r) {
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

constexpr char kHexDigits[] = "0123456789abcdef";

inline std::string ToHex(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 2);
  for (unsigned char c : s) {
    out.push_back(kHexDigits[c >> 4]);
    out.push_back(kHexDigits[c & 0xf]);
  }
  return out;
}

inline int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/// Lowercase hex to bytes; false for an odd length or any other character.
inline bool DecodeHex(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  out->resize(hex.size() / 2);
  for (size_t i = 0; i < out->size(); ++i) {
    int hi = HexValue(hex[2 * i]), lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*out)[i] = static_cast<char>(hi << 4 | lo);
  }
  return true;
}

}  // namespace ks::jsonl_detail
