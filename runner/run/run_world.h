#pragma once

#include <map>
#include <optional>
#include <string>

#include "run/live_state.h"
#include "run/timeline.h"
#include "target/target.h"

namespace ks {

/// The timeline's world during a real run: steps act on the live actors and the target, and
/// waits read the actors' progress counters.
class RunWorld : public TimelineWorld {
 public:
  RunWorld(LiveState& live, Target& target) : live_(live), target_(target) {}

  Status Act(const StepSpec& step) override;
  Status Undo(const FaultSpec& fault) override { return target_.UndoFault(fault); }
  void MarkWaitStart(const WaitSpec& wait) override;
  std::optional<std::string> Missing(const WaitSpec& wait) override;
  bool Happened(const TriggerSpec& after) override;
  std::optional<std::string> ProducersPending() override { return ProducersFinished(live_); }

 private:
  LiveGroup* FindGroup(const std::string& name);
  LiveProducer* FindProducer(const std::string& name);
  /// The members a step names: all of a group's for "group", one for "group/i".
  Status Members(const std::string& target, LiveGroup** group, std::vector<int>* members);

  LiveState& live_;
  Target& target_;
  std::map<std::string, int64_t> rebalances_at_wait_;  // group -> rebalances when a wait began
};

}  // namespace ks
