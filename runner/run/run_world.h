#pragma once

#include <functional>
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
  /// `on_fault(fault, undone)` is called after each fault was injected (undone = false) or
  /// undone (true), so the run can record it in the history.
  using FaultHook = std::function<void(const FaultSpec&, bool undone)>;
  RunWorld(LiveState& live, Target& target, FaultHook on_fault)
      : live_(live), target_(target), on_fault_(std::move(on_fault)) {}

  Status Act(const StepSpec& step) override;
  Status Undo(const FaultSpec& fault) override;
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
  FaultHook on_fault_;
  std::map<std::string, int64_t> rebalances_at_wait_;  // group -> rebalances when a wait began
};

}  // namespace ks
