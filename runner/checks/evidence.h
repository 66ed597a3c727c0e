#pragma once

// How checks show what they found (private to runner/checks): the limits of evidence, the words
// every check uses for records, keys and places, and the helpers that fill CheckFigures.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "checks/check.h"
#include "history/history.h"

namespace ks::check_detail {

/// At most this many ops go into CheckFigures::evidence: a counter-example, not a dump. The
/// limit of the RunCheck call in progress on this thread (EvidenceLimit, checks/check.h).
size_t MaxEvidenceOps();
/// At most this many findings are described in evidence_text; a last line counts the rest. The
/// limit of the RunCheck call in progress on this thread.
size_t MaxEvidenceLines();

/// Sets the limits MaxEvidenceOps and MaxEvidenceLines give on this thread for its lifetime
/// (RunCheck's call), and restores the previous ones after.
class ScopedEvidenceLimit {
 public:
  explicit ScopedEvidenceLimit(EvidenceLimit limit);
  ~ScopedEvidenceLimit();
  ScopedEvidenceLimit(const ScopedEvidenceLimit&) = delete;
  ScopedEvidenceLimit& operator=(const ScopedEvidenceLimit&) = delete;

 private:
  EvidenceLimit previous_;
};

/// Adds `item` to `first`, which keeps the MaxEvidenceLines() smallest items by `less` in order:
/// a pass meets findings in time order, while evidence names the first few in report order
/// (identity, key, offset).
template <typename T, typename Less>
void KeepFirst(std::vector<T>& first, T item, Less less) {
  auto it = std::upper_bound(first.begin(), first.end(), item, less);
  if (first.size() >= MaxEvidenceLines() && it == first.end()) return;
  first.insert(it, std::move(item));
  if (first.size() > MaxEvidenceLines()) first.pop_back();
}

// Words for evidence_text, so that every check names things the same way.

/// "order-service#17"; "a foreign record" without identity.
std::string RecordName(const History& history, const Op& op);
/// Why a check of `group`'s records has nothing to judge when the group polled none of this run's
/// records: "billing polled nothing", or "billing polled 3 records, none with this run's identity
/// header" when it polled `foreign` foreign records only.
std::string PolledNoRecordOfThisRun(const std::string& group, size_t foreign);
/// "user-3", or "null" for a record without a key.
std::string KeyName(const History& history, uint32_t key);
/// "orders[2]"
std::string TopicPartition(const History& history, uint32_t topic, int32_t partition);
/// "orders[2]@8" (offset "?" when unknown)
std::string Where(const History& history, const Op& op);
/// The actor's name, e.g. "billing/1".
std::string ActorName(const History& history, uint32_t actor);
/// A run time (microseconds since the run started) as seconds: "1.234s", or "1.234567s" when
/// the time is not a whole millisecond.
std::string Seconds(int64_t time_us);
/// "order-service#17 (key user-3)"; the key part is left out for a null key.
std::string RecordWithKey(const History& history, const Op& op);

/// Appends the ops of `ops` to `out->evidence` while fewer than MaxEvidenceOps() are held.
void AddEvidence(const History& history, std::initializer_list<uint32_t> ops, CheckFigures* out);
/// Appends "... and N more <what>" when `total` findings exceeded the lines shown.
void AddMoreLine(size_t total, size_t shown, const std::string& what, CheckFigures* out);

}  // namespace ks::check_detail
