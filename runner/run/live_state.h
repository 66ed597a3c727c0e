#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/group_member.h"
#include "actors/member.h"
#include "actors/producer.h"
#include "actors/producer_client.h"
#include "actors/progress.h"
#include "actors/topic_map.h"
#include "scenario/model.h"

namespace ks {

/// The live actors of one run and their progress counters, in scenario order.
struct LiveGroup {
  const GroupSpec* spec = nullptr;
  std::unique_ptr<GroupProgress> progress;
  std::vector<std::unique_ptr<GroupMember>> members;
  std::vector<MemberSetup> setups;  ///< per member: what a (re)started client needs
  std::vector<ActorLog*> logs;      ///< per member: its history log, kept across restarts
  std::vector<int> slots;           ///< every (topic, partition) slot of the group's topics
  std::unique_ptr<ProducerProgress> outputs;  ///< a processor's outputs (GroupSpec::transform)
};

struct LiveProducer {
  const ProducerSpec* spec = nullptr;
  std::unique_ptr<ProducerProgress> progress;
  std::unique_ptr<ProducerClient> actor;
  std::shared_ptr<ClientErrors> client_errors;  ///< its client's error reports (ProducerSetup)
};

struct LiveState {
  const Scenario* scenario = nullptr;  ///< the scenario being run (topics as declared)
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

/// Distinct records `g` has consumed so far, counted from the highest offset polled in each
/// partition (offsets start at 0 on the run's fresh topics).
int64_t GroupConsumed(const LiveGroup& g);

/// The highest acknowledged offset of `slot`: by any producer, or by a processor writing its
/// outputs there; -1 when none.
int64_t AckedEnd(const LiveState& state, int slot);

/// Acknowledged records past `g`'s last successful commit, summed over its partitions: Kafka's
/// consumer lag as kafka-consumer-groups.sh prints it (log end offset minus committed offset)
/// and as the `lag` check judges it at the end (checks/lag.cc). A partition never committed lags
/// by all it holds.
int64_t GroupLag(const LiveState& state, const LiveGroup& g);

/// Met when every producer has finished (all delivery reports in).
std::optional<std::string> ProducersFinished(const LiveState& state);

/// Met when group `g`'s position (polled, or with a processing model finished processing) in
/// every partition of its topics is at the highest offset any producer had acknowledged there,
/// and no record is still being processed: Kafka's lag of 0, so records re-delivered after a
/// rebalance must be read again first. Otherwise names what it has not reached.
std::optional<std::string> GroupDrained(const LiveState& state, const LiveGroup& g);

}  // namespace ks
