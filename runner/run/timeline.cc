#include "run/timeline.h"

#include <fmt/format.h>

#include <thread>

#include "diag/interrupt.h"

namespace ks {

int64_t SteadyTimelineClock::NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void SteadyTimelineClock::Pass(int64_t ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

std::string DescribeFault(const FaultSpec& f) {
  switch (f.kind) {
    case FaultSpec::Kind::kBrokerDown:
      return fmt::format("broker_down {}", f.broker);
    case FaultSpec::Kind::kBrokerUp:
      return fmt::format("broker_up {}", f.broker);
    case FaultSpec::Kind::kLeader:
      return fmt::format("leader {}[{}] -> broker {}", f.topic, f.partition, f.broker);
    case FaultSpec::Kind::kRequestErrors: {
      std::string errors;
      for (const auto& e : f.errors) errors += (errors.empty() ? "" : ",") + e;
      return fmt::format("request_errors {} x{} {}", f.api, f.count, errors);
    }
    case FaultSpec::Kind::kRtt:
      return fmt::format("rtt broker {} {} ms", f.broker, f.ms);
  }
  return "fault";
}

std::string DescribeStep(const StepSpec& s) {
  switch (s.kind) {
    case StepSpec::Kind::kStart:
      return "start " + s.target;
    case StepSpec::Kind::kStop:
      return "stop " + s.target;
    case StepSpec::Kind::kCrash:
      return "crash " + s.target;
    case StepSpec::Kind::kRestart:
      return "restart " + s.target;
    case StepSpec::Kind::kProduce:
      return s.messages ? fmt::format("produce {} records from {}", *s.messages, s.target)
                        : "produce from " + s.target;
    case StepSpec::Kind::kSleep:
      return fmt::format("sleep {} ms", s.sleep_ms);
    case StepSpec::Kind::kSeek:
      return "seek " + s.seek.target;
    case StepSpec::Kind::kFault:
      return "fault " + DescribeFault(s.fault);
    case StepSpec::Kind::kLua:
      return "lua " + s.lua.function;
    case StepSpec::Kind::kAddPartitions:
      return fmt::format("add partitions to {}: {} in all", s.target, s.partitions);
    case StepSpec::Kind::kRecreateTopic:
      return "delete and recreate topic " + s.target;
    case StepSpec::Kind::kAlterTopic: {
      std::string configs;
      for (const ConfigEntry& c : s.topic_config) {
        configs += (configs.empty() ? "" : ", ") + c.key + "=" + c.value;
      }
      return fmt::format("alter topic {}: {}", s.target, configs);
    }
    case StepSpec::Kind::kWait: {
      const WaitSpec& w = s.wait_for;
      switch (w.kind) {
        case WaitSpec::Kind::kConsumed:
          return fmt::format("wait until {} consumed {}", w.group, w.count);
        case WaitSpec::Kind::kDrained:
          return fmt::format("wait until {} drained", w.group);
        case WaitSpec::Kind::kAssigned:
          return fmt::format("wait until {} assigned", w.group);
        case WaitSpec::Kind::kRebalanced:
          return fmt::format("wait until {} rebalanced", w.group);
        case WaitSpec::Kind::kAcked:
          return fmt::format("wait until {} acked {}", w.producer, w.count);
        case WaitSpec::Kind::kLagAtMost:
          return fmt::format("wait until {} lag <= {}", w.group, w.count);
        case WaitSpec::Kind::kPurged:
          return fmt::format("wait until {} is purged", w.topic);
        case WaitSpec::Kind::kProducersFinished:
          return "wait until every producer has every delivery report";
      }
    }
  }
  return "step";
}

namespace {

class Timeline {
 public:
  Timeline(TimelineWorld& world, TimelineClock& clock, int64_t deadline_ms, int64_t tick_ms)
      : world_(world), clock_(clock), deadline_ms_(deadline_ms), tick_ms_(tick_ms) {}

  std::vector<std::string> Run(const std::vector<StepSpec>& steps) {
    std::vector<std::string> problems = RunSteps(steps);
    // However the list ended (a failed step, a wait not met, the deadline, an interrupt), a fault
    // with `for:` is undone now: on a real cluster a stopped or frozen broker would outlive the
    // run.
    for (const Undo& u : undos_) {
      if (Status st = world_.Undo(u.step->fault); !st.ok()) {
        problems.push_back(fmt::format("{}: {}: undo: {}", u.step->loc.ToString(),
                                       DescribeStep(*u.step), st.message()));
      }
    }
    undos_.clear();
    return problems;
  }

 private:
  std::vector<std::string> RunSteps(const std::vector<StepSpec>& steps) {
    for (const auto& s : steps) {
      if (s.after.kind != TriggerSpec::Kind::kNone) triggered_.push_back(&s);
    }
    for (const auto& s : steps) {
      if (s.after.kind != TriggerSpec::Kind::kNone) continue;
      if (InterruptRequested()) {
        problems_.push_back(
            fmt::format("interrupted before {} at {}", DescribeStep(s), s.loc.ToString()));
        return problems_;
      }
      if (!Do(s)) return problems_;
      Tick();
    }
    // Everything the list started must finish: triggered steps, fault undos, deliveries.
    WaitUntil(
        [&]() -> std::optional<std::string> {
          if (!triggered_.empty()) {
            return fmt::format("{} at {} was still waiting for its trigger",
                               DescribeStep(*triggered_.front()),
                               triggered_.front()->loc.ToString());
          }
          if (!undos_.empty()) return std::string("a fault was still to be undone");
          return world_.ProducersPending();
        },
        deadline_ms_, "the timeline's end");
    return problems_;
  }

  struct Undo {
    int64_t at_ms;
    const StepSpec* step;
  };

  bool Fail(const StepSpec& s, const std::string& what) {
    problems_.push_back(fmt::format("{}: {}: {}", s.loc.ToString(), DescribeStep(s), what));
    return false;
  }

  // Fires triggered steps whose event happened, and undoes faults whose time has come.
  void Tick() {
    for (size_t i = 0; i < triggered_.size();) {
      const StepSpec* s = triggered_[i];
      if (world_.Happened(s->after)) {
        triggered_.erase(triggered_.begin() + static_cast<std::ptrdiff_t>(i));
        Do(*s);
      } else {
        ++i;
      }
    }
    const int64_t now = clock_.NowMs();
    for (size_t i = 0; i < undos_.size();) {
      if (undos_[i].at_ms <= now) {
        const StepSpec* s = undos_[i].step;
        undos_.erase(undos_.begin() + static_cast<std::ptrdiff_t>(i));
        if (Status st = world_.Undo(s->fault); !st.ok()) Fail(*s, "undo: " + st.message());
      } else {
        ++i;
      }
    }
  }

  // Waits until `missing` returns nothing, ticking; false (with a problem) at `until_ms`.
  bool WaitUntil(const std::function<std::optional<std::string>()>& missing, int64_t until_ms,
                 const std::string& what, const StepSpec* step = nullptr) {
    const int64_t start = clock_.NowMs();
    for (;;) {
      Tick();
      std::optional<std::string> m = missing();
      if (!m) return true;
      if (InterruptRequested()) {
        problems_.push_back(fmt::format("interrupted while waiting for {}: {}", what, *m));
        return false;
      }
      if (clock_.NowMs() >= until_ms) {
        std::string text = fmt::format("{} not met within {:.1f} s: {}", what,
                                       (clock_.NowMs() - start) / 1000.0, *m);
        if (step) return Fail(*step, text);
        problems_.push_back(text);
        return false;
      }
      clock_.Pass(std::min(tick_ms_, until_ms - clock_.NowMs()));
    }
  }

  bool Do(const StepSpec& s) {
    switch (s.kind) {
      case StepSpec::Kind::kSleep: {
        const int64_t until = std::min(clock_.NowMs() + s.sleep_ms, deadline_ms_);
        while (clock_.NowMs() < until) {
          if (InterruptRequested()) {
            problems_.push_back(fmt::format("interrupted during {}", DescribeStep(s)));
            return false;
          }
          Tick();
          clock_.Pass(std::min(tick_ms_, until - clock_.NowMs()));
        }
        return true;
      }
      case StepSpec::Kind::kWait: {
        world_.MarkWaitStart(s.wait_for);
        const int64_t until = std::min(clock_.NowMs() + s.wait_for.within_ms, deadline_ms_);
        return WaitUntil([&] { return world_.Missing(s.wait_for); }, until, DescribeStep(s), &s);
      }
      default:
        break;
    }
    if (Status st = world_.Act(s); !st.ok()) return Fail(s, st.message());
    if (s.kind == StepSpec::Kind::kFault && s.fault.for_ms > 0) {
      undos_.push_back({clock_.NowMs() + s.fault.for_ms, &s});
    }
    if (s.kind == StepSpec::Kind::kProduce && s.wait) {
      return WaitUntil([&] { return world_.ProducersPending(); }, deadline_ms_,
                       DescribeStep(s) + " acknowledged", &s);
    }
    return true;
  }

  TimelineWorld& world_;
  TimelineClock& clock_;
  const int64_t deadline_ms_;
  const int64_t tick_ms_;
  std::vector<const StepSpec*> triggered_;
  std::vector<Undo> undos_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> RunTimeline(const std::vector<StepSpec>& steps, TimelineWorld& world,
                                     TimelineClock& clock, int64_t deadline_ms, int64_t tick_ms) {
  return Timeline(world, clock, deadline_ms, tick_ms).Run(steps);
}

}  // namespace ks
