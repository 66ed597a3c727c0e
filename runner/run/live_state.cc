#include "run/live_state.h"

#include <fmt/format.h>

namespace ks {
namespace {

// Lists at most a few items: a wait message names the first problems, not all of them.
std::string Some(const std::vector<std::string>& items, size_t most = 4) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < most; ++i) {
    if (i) out += ", ";
    out += items[i];
  }
  if (items.size() > most) out += fmt::format(" and {} more", items.size() - most);
  return out;
}

}  // namespace

std::string LiveState::SlotName(int slot) const {
  for (const auto& e : topics.entries()) {
    if (slot >= e.first_slot && slot < e.first_slot + e.partitions) {
      return fmt::format("{}[{}]", e.logical, slot - e.first_slot);
    }
  }
  return fmt::format("slot {}", slot);
}

std::optional<std::string> GroupAssigned(const LiveState& state, const LiveGroup& g) {
  auto [assignments, assigned_once, live] = g.progress->Snapshot();
  std::vector<std::string> problems;
  bool any_live = false;
  for (size_t m = 0; m < assigned_once.size(); ++m) {
    if (!live[m]) continue;  // a member that is not running owns nothing and waits for nothing
    any_live = true;
    if (!assigned_once[m]) {
      problems.push_back(fmt::format("{}/{} has no assignment yet", g.spec->name, m));
    }
  }
  if (!any_live) return fmt::format("group {} has no running member", g.spec->name);
  std::vector<std::string> unowned, shared;
  for (int slot : g.slots) {
    int owners = 0;
    for (const auto& a : assignments) owners += static_cast<int>(a.count(slot));
    if (owners == 0) unowned.push_back(state.SlotName(slot));
    if (owners > 1) shared.push_back(state.SlotName(slot));
  }
  if (!unowned.empty()) problems.push_back("unowned: " + Some(unowned));
  if (!shared.empty()) problems.push_back("owned by more than one member: " + Some(shared));
  if (problems.empty()) return std::nullopt;
  return fmt::format("group {}: {}", g.spec->name, Some(problems));
}

int64_t GroupConsumed(const LiveGroup& g) {
  int64_t consumed = 0;
  for (int slot : g.slots) consumed += g.progress->consumed_offsets.Get(slot) + 1;
  return consumed;
}

int64_t AckedEnd(const LiveState& state, int slot) {
  int64_t acked = -1;
  for (const auto& p : state.producers)
    acked = std::max(acked, p.progress->acked_offsets.Get(slot));
  // A processor's outputs are records to read too (the next stage of a pipeline).
  for (const auto& other : state.groups) {
    if (other.outputs) acked = std::max(acked, other.outputs->acked_offsets.Get(slot));
  }
  return acked;
}

int64_t GroupLag(const LiveState& state, const LiveGroup& g) {
  int64_t lag = 0;
  for (int slot : g.slots) {
    const int64_t acked = AckedEnd(state, slot);
    // Committed offsets are next offsets to read; -1 (none yet) lags from offset 0.
    lag += std::max<int64_t>(0, acked + 1 - std::max<int64_t>(0, g.progress->committed.Get(slot)));
  }
  return lag;
}

std::optional<std::string> ProducersFinished(const LiveState& state) {
  std::vector<std::string> pending;
  for (const auto& p : state.producers) {
    if (!p.progress->finished.load()) {
      pending.push_back(fmt::format("{} sent {} of {}, {} acknowledged", p.spec->name,
                                    p.progress->sent.load(), p.spec->messages,
                                    p.progress->acked.load()));
    }
  }
  if (pending.empty()) return std::nullopt;
  return Some(pending);
}

std::optional<std::string> GroupDrained(const LiveState& state, const LiveGroup& g) {
  std::vector<std::string> behind;
  for (int slot : g.slots) {
    const int64_t acked = AckedEnd(state, slot);
    if (acked < 0) continue;
    int64_t polled = g.progress->positions.Get(slot);
    if (polled < acked) {
      behind.push_back(
          polled < 0
              ? fmt::format("{} nothing of offsets 0..{}", state.SlotName(slot), acked)
              : fmt::format("{} up to offset {} of {}", state.SlotName(slot), polled, acked));
    }
  }
  const int64_t in_flight = g.progress->in_flight.load();
  if (behind.empty() && in_flight == 0) return std::nullopt;
  if (behind.empty()) {
    return fmt::format("group {} has read everything but is still processing {} records",
                       g.spec->name, in_flight);
  }
  return fmt::format("group {} has {} {}", g.spec->name, g.spec->processing ? "processed" : "read",
                     Some(behind));
}

}  // namespace ks
