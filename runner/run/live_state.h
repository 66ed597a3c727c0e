#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/member.h"
#include "actors/producer.h"
#include "actors/progress.h"
#include "actors/topic_map.h"
#include "scenario/model.h"

namespace ks {

/// The live actors of one run and their progress counters, in scenario order.
struct LiveGroup {
  const GroupSpec* spec = nullptr;
  std::unique_ptr<GroupProgress> progress;
  std::vector<std::unique_ptr<MemberActor>> members;
  std::vector<int> slots;  ///< every (topic, partition) slot of the group's topics
};

struct LiveProducer {
  const ProducerSpec* spec = nullptr;
  std::unique_ptr<ProducerProgress> progress;
  std::unique_ptr<ProducerActor> actor;
};

struct LiveState {
  TopicMap topics;
  std::vector<LiveGroup> groups;
  std::vector<LiveProducer> producers;

  /// "orders[2]" for a slot.
  std::string SlotName(int slot) const;
};

/// Met when every member of `g` has had an assignment (possibly empty: an idle member) and
/// together the members own every partition of the group's topics exactly once; otherwise says
/// which member has none and which partitions are unowned or owned twice.
std::optional<std::string> GroupAssigned(const LiveState& state, const LiveGroup& g);

/// Met when every producer has finished (all delivery reports in).
std::optional<std::string> ProducersFinished(const LiveState& state);

/// Met when group `g` has polled, in every partition of its topics, up to the highest offset any
/// producer had acknowledged there; otherwise names the partitions it has not reached.
std::optional<std::string> GroupDrained(const LiveState& state, const LiveGroup& g);

}  // namespace ks
