#include "checks/evidence.h"

#include <fmt/format.h>

namespace ks::check_detail {
namespace {

// Per thread: checks run on the workers of `run --jobs`, each judging its own scenario. Set by
// RunCheck rather than passed down: only the HTML report's anomaly lists ask for more, and every
// computation would otherwise carry a parameter for that one caller.
thread_local EvidenceLimit current_limit;

}  // namespace

size_t MaxEvidenceOps() { return current_limit.ops; }
size_t MaxEvidenceLines() { return current_limit.lines; }

ScopedEvidenceLimit::ScopedEvidenceLimit(EvidenceLimit limit) : previous_(current_limit) {
  current_limit = limit;
}
ScopedEvidenceLimit::~ScopedEvidenceLimit() { current_limit = previous_; }

std::string RecordName(const History& history, const Op& op) {
  if (!op.has_record() || op.producer >= history.producers.size()) return "a foreign record";
  return fmt::format("{}#{}", history.producers.Get(op.producer), op.seq);
}

std::string PolledNoRecordOfThisRun(const std::string& group, size_t foreign) {
  return foreign == 0 ? fmt::format("{} polled nothing", group)
                      : fmt::format("{} polled {} records, none with this run's identity header",
                                    group, foreign);
}

std::string KeyName(const History& history, uint32_t key) {
  if (key == kNoId || key >= history.keys.size()) return "null";
  return history.keys.Get(key);
}

std::string TopicPartition(const History& history, uint32_t topic, int32_t partition) {
  std::string_view name = topic < history.topics.size()
                              ? std::string_view(history.topics.Get(topic))
                              : std::string_view("?");
  if (partition < 0) return fmt::format("{}[?]", name);
  return fmt::format("{}[{}]", name, partition);
}

std::string Where(const History& history, const Op& op) {
  std::string tp = TopicPartition(history, op.topic, op.partition);
  if (op.offset < 0) return tp + "@?";
  return fmt::format("{}@{}", tp, op.offset);
}

std::string ActorName(const History& history, uint32_t actor) {
  return actor < history.actors.size() ? history.actors[actor].name : std::string("?");
}

std::string Seconds(int64_t time_us) {
  // Milliseconds are enough to read; microseconds only when needed to tell two ops apart.
  if (time_us % 1000 == 0) return fmt::format("{:.3f}s", static_cast<double>(time_us) / 1e6);
  return fmt::format("{:.6f}s", static_cast<double>(time_us) / 1e6);
}

std::string RecordWithKey(const History& history, const Op& op) {
  if (op.key == kNoId) return RecordName(history, op);
  return fmt::format("{} (key {})", RecordName(history, op), KeyName(history, op.key));
}

void AddEvidence(const History& history, std::initializer_list<uint32_t> ops, CheckFigures* out) {
  for (uint32_t i : ops) {
    if (out->evidence.size() >= MaxEvidenceOps()) return;
    if (i < history.ops.size()) out->evidence.push_back(history.ops[i]);
  }
}

void AddMoreLine(size_t total, size_t shown, const std::string& what, CheckFigures* out) {
  if (total > shown)
    out->evidence_text.push_back(fmt::format("... and {} more {}", total - shown, what));
}

}  // namespace ks::check_detail
