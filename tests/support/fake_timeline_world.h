#pragma once

// A TimelineWorld for the timeline's and the lua steps' tests: no Kafka, no real time.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "run/lua_step.h"
#include "run/timeline.h"
#include "scenario/model.h"
#include "support/manual_clock.h"

namespace ks::test_support {

/// Logs each action and undo as "<ms>: <what>" (ms since the manual clock's start at 1000).
/// Producer "p" acknowledges 10 records per ms once it produces, up to 1000; waits and `after:`
/// triggers compare that with their count. A step on target "broken", a produce step of another
/// producer and a fault on broker 9 fail. `pacer` is the timeline's wait loop (pass it to
/// RunTimeline); with a LuaPlan, lua steps run through LuaSteps on it, as in RunWorld.
class FakeTimelineWorld : public TimelineWorld {
 public:
  explicit FakeTimelineWorld(ManualClock* clock, int64_t deadline_ms = 61000)
      : clock_(clock), pacer(*clock, deadline_ms) {}
  /// `scenario` is the run's for LuaSteps (its producers bound ks.produce).
  FakeTimelineWorld(ManualClock* clock, LuaPlan plan, int64_t deadline_ms,
                    Scenario scenario = OneProducer())
      : FakeTimelineWorld(clock, deadline_ms) {
    scenario_ = std::move(scenario);
    lua_ = std::make_unique<LuaSteps>(std::move(plan), scenario_, *this, pacer);
  }

  /// A scenario with producer "p" (100 records of 100 bytes) and no steps.
  static Scenario OneProducer() {
    Scenario s;
    ProducerSpec p;
    p.name = "p";
    p.topic = "t";
    p.messages = 100;
    s.producers.push_back(p);
    return s;
  }

  Status Act(const StepSpec& s) override {
    log.push_back(Stamp(DescribeStep(s)));
    if (s.kind == StepSpec::Kind::kLua) {
      return lua_ ? lua_->Run(s) : Status::Error("no Lua for lua steps");
    }
    if (s.target == "broken") return Status::Error("cannot do that");
    if (s.kind == StepSpec::Kind::kProduce) {
      if (s.target != "p") return Status::Error("no producer");
      producing_since_ = clock_->NowMs();
    }
    if (s.kind == StepSpec::Kind::kFault && s.fault.broker == 9) {
      return Status::Error("no broker 9");
    }
    return Status::Ok();
  }
  Status Undo(const FaultSpec& f) override {
    log.push_back(Stamp("undo " + DescribeFault(f)));
    return Status::Ok();
  }
  void MarkWaitStart(const WaitSpec&) override {}
  std::optional<std::string> Missing(const WaitSpec& w) override {
    if (Acked() >= w.count) return std::nullopt;
    return "p has " + std::to_string(Acked()) + " of " + std::to_string(w.count);
  }
  bool Happened(const TriggerSpec& t) override { return Acked() >= t.count; }
  std::optional<std::string> ProducersPending() override {
    if (producing_since_ < 0 || Acked() >= kRecords) return std::nullopt;
    return "p has " + std::to_string(Acked()) + " of " + std::to_string(kRecords);
  }

  std::vector<std::string> log;

 private:
  static constexpr int64_t kRecords = 1000;
  int64_t Acked() const {
    return producing_since_ < 0
               ? 0
               : std::min<int64_t>(kRecords, (clock_->NowMs() - producing_since_) * 10);
  }
  std::string Stamp(const std::string& what) const {
    return std::to_string(clock_->NowMs() - 1000) + ": " + what;
  }

  ManualClock* clock_;
  int64_t producing_since_ = -1;
  Scenario scenario_;

 public:
  Pacer pacer;

 private:
  std::unique_ptr<LuaSteps> lua_;
};

}  // namespace ks::test_support
