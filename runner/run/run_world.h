#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "luahost/scenario_lua.h"
#include "run/live_state.h"
#include "run/lua_step.h"
#include "run/timeline.h"
#include "target/target.h"

namespace ks {

/// What a run's `lua` and `stop` steps need: the scenario and its Lua, the timeline's wait loop
/// and when the run must end.
struct LuaStepContext {
  const LuaPlan* plan = nullptr;  ///< null: a lua step fails (no Lua for this run)
  /// What ks.sleep and ks.wait wait with: the pacer the timeline runs on (RunTimeline), so the
  /// timeline ticks while a lua step waits. Null: a lua step fails.
  Pacer* pacer = nullptr;
  /// The run's scenario: its producers and sends bound ks.produce. Null: a lua step fails.
  const Scenario* scenario = nullptr;
  /// How long a `stop` step waits for the members' final commits (the scenario's timeout): the
  /// step fails, naming each member that missed it.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

/// The timeline's world during a real run: steps act on the live actors and the target, and
/// waits read the actors' progress counters.
class RunWorld : public TimelineWorld {
 public:
  /// `on_fault(fault, undone)` is called after each fault was injected (undone = false) or
  /// undone (true), so the run can record it in the history.
  using FaultHook = std::function<void(const FaultSpec&, bool undone)>;
  /// `live`, `target`, `lua.plan` and `lua.scenario` must outlive the world. A `lua` step runs
  /// fn(ks) in a sandbox opened from `*lua.plan` at the first lua step, on the thread that calls
  /// Act.
  RunWorld(LiveState& live, Target& target, FaultHook on_fault, LuaStepContext lua = {})
      : live_(live), target_(target), on_fault_(std::move(on_fault)), lua_(lua) {}

  Status Act(const StepSpec& step) override;
  Status Undo(const FaultSpec& fault) override;
  void MarkWaitStart(const WaitSpec& wait) override;
  std::optional<std::string> Missing(const WaitSpec& wait) override;
  bool Happened(const TriggerSpec& after) override;
  std::optional<std::string> ProducersPending() override { return ProducersFinished(live_); }

 private:
  LiveGroup* FindGroup(const std::string& name);
  LiveProducer* FindProducer(const std::string& name);
  /// Why `topic` still has records (a partition's log start offset below its high watermark),
  /// or nothing once every record is deleted. Asks the cluster at most once a second.
  std::optional<std::string> TopicNotPurged(const std::string& topic);
  /// add_partitions: the target adds them; the groups reading the topic must then own them.
  Status AddPartitions(const StepSpec& step);
  /// recreate_topic: the target deletes and creates the topic; its offset marks restart.
  Status RecreateTopic(const StepSpec& step);
  /// start, stop, crash, restart: on the members the step names. A stop stops them together
  /// (each makes its final commit before any leaves); a restarted member is a new client.
  Status ActOnMembers(const StepSpec& step);
  /// The members a step names: all of a group's for "group", one for "group/i".
  Status Members(const std::string& target, LiveGroup** group, std::vector<int>* members);

  LiveState& live_;
  Target& target_;
  FaultHook on_fault_;
  std::map<std::string, int64_t> rebalances_at_wait_;  // group -> rebalances when a wait began
  LuaStepContext lua_;
  std::unique_ptr<LuaSteps> lua_steps_;  // at the first lua step: a run without one has no Lua
  std::chrono::steady_clock::time_point purge_checked_at_;  // the last purged query
  std::string purge_missing_;                               // and what it found left
};

}  // namespace ks
