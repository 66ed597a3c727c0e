#include "actors/commit_tracker.h"

#include <algorithm>

namespace ks {

void CommitTracker::Polled(int slot, int64_t offset) {
  Slot& s = At(slot);
  s.in_flight.insert(offset);
  s.highest_polled = std::max(s.highest_polled, offset);
}

void CommitTracker::Done(int slot, int64_t offset) {
  Slot& s = At(slot);
  // A record polled before a Reset (seek, revoke) is no longer tracked: ignore it.
  if (s.in_flight.erase(offset) == 0) return;
  s.highest_done = std::max(s.highest_done, offset);
}

int64_t CommitTracker::CommitOffset(int slot, CommitMode mode) const {
  const Slot& s = slots_[static_cast<size_t>(slot)];
  int64_t next = -1;
  switch (mode) {
    case CommitMode::kAfterProcess:
    case CommitMode::kLowWatermark:
      if (s.highest_polled >= 0) {
        next = s.in_flight.empty() ? s.highest_polled + 1 : *s.in_flight.begin();
      }
      break;
    case CommitMode::kHighestDone:
      if (s.highest_done >= 0) next = s.highest_done + 1;
      break;
    case CommitMode::kAuto:
    case CommitMode::kNever:
      break;
  }
  return next > s.committed ? next : -1;
}

}  // namespace ks
