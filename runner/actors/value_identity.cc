#include "actors/value_identity.h"

#include <charconv>
#include <string>

#include "actors/record_identity.h"

namespace ks {

namespace {

// FNV-1a, 64 bits: spreads run ids that differ in one character over the whole range.
uint64_t Fnv1a(std::string_view text, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// A decimal as %d prints one: no sign, no leading zero (but "0"), at most 19 digits.
bool Decimal(std::string_view text, uint64_t* out) {
  if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0')) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool ParsePrefixedValue(std::string_view value, uint64_t* prefix, uint64_t* n) {
  const size_t dot = value.find('.');
  return dot != std::string_view::npos && Decimal(value.substr(0, dot), prefix) &&
         Decimal(value.substr(dot + 1), n);
}

int32_t ValueIdentities::AddBatch(uint32_t producer, uint64_t base, uint64_t count) {
  std::lock_guard lock(mu_);
  for (;;) {
    const uint64_t h = Fnv1a(std::to_string(next_++), Fnv1a(run_id_));
    const auto prefix = static_cast<int32_t>(1 + h % 0x7ffffffeull);
    if (batches_.emplace(prefix, Batch{producer, base, count}).second) return prefix;
  }
}

bool ValueIdentities::any() const {
  std::lock_guard lock(mu_);
  return !batches_.empty();
}

bool ValueIdentities::Resolve(std::string_view value, const History& tables, uint32_t* producer,
                              uint64_t* seq) const {
  uint64_t prefix = 0, n = 0;
  if (ParsePrefixedValue(value, &prefix, &n)) {
    std::lock_guard lock(mu_);
    const auto it =
        prefix <= 0x7fffffffull ? batches_.find(static_cast<int32_t>(prefix)) : batches_.end();
    if (it == batches_.end() || n >= it->second.count) return false;  // not one of its records
    *producer = it->second.producer;
    *seq = it->second.base + n;
    return true;
  }
  std::string_view name;
  if (!ParseIdentity(value.substr(0, value.find(' ')), run_id_, &name, seq)) return false;
  *producer = tables.producers.Find(name);
  return *producer != kNoId;
}

void IdentityValue(std::string_view identity, int value_size, std::string* out) {
  out->assign(identity);
  if (static_cast<int64_t>(out->size()) < value_size) {
    out->push_back(' ');
    out->resize(static_cast<size_t>(value_size), '.');
  }
}

}  // namespace ks
