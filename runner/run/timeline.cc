#include "run/timeline.h"

#include <fmt/format.h>

#include "diag/interrupt.h"

namespace ks {

namespace {

class Timeline {
 public:
  Timeline(TimelineWorld& world, Pacer& pacer) : world_(world), pacer_(pacer) {
    pacer_.SetTick([this] { Tick(); });
  }
  ~Timeline() { pacer_.SetTick(nullptr); }
  Timeline(const Timeline&) = delete;
  Timeline& operator=(const Timeline&) = delete;

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
        pacer_.deadline_ms() - pacer_.NowMs(), "the timeline's end");
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

  // Fires triggered steps whose event happened, and undoes faults whose time has come. The
  // pacer calls it while anything waits, a Lua step's ks.wait and ks.sleep included; a
  // triggered lua step waits until no Lua step runs (one Lua state serves them all).
  void Tick() {
    for (size_t i = 0; i < triggered_.size();) {
      const StepSpec* s = triggered_[i];
      if (!(in_lua_ && s->kind == StepSpec::Kind::kLua) && world_.Happened(s->after)) {
        triggered_.erase(triggered_.begin() + static_cast<std::ptrdiff_t>(i));
        Do(*s);
      } else {
        ++i;
      }
    }
    const int64_t now = pacer_.NowMs();
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

  // Waits (Pacer::WaitUntil) for at most `within_ms`; false, with a problem naming `step` if
  // given, when `missing` still says something at the end.
  bool WaitUntil(const std::function<std::optional<std::string>()>& missing, int64_t within_ms,
                 const std::string& what, const StepSpec* step = nullptr) {
    const Pacer::Outcome out = pacer_.WaitUntil(missing, within_ms);
    if (out.met()) return true;
    if (out.end == Pacer::Outcome::End::kInterrupted) {
      problems_.push_back(fmt::format("interrupted while waiting for {}: {}", what, out.missing));
      return false;
    }
    std::string text =
        fmt::format("{} not met within {:.1f} s: {}", what, out.waited_ms / 1000.0, out.missing);
    if (step) return Fail(*step, text);
    problems_.push_back(text);
    return false;
  }

  bool Do(const StepSpec& s) {
    switch (s.kind) {
      case StepSpec::Kind::kSleep:
        // A sleep the deadline cuts short is no failure: the next step meets the deadline.
        if (pacer_.Sleep(s.sleep_ms).end == Pacer::Outcome::End::kInterrupted) {
          problems_.push_back(fmt::format("interrupted during {}", DescribeStep(s)));
          return false;
        }
        return true;
      case StepSpec::Kind::kWait:
        world_.MarkWaitStart(s.wait_for);
        return WaitUntil([&] { return world_.Missing(s.wait_for); }, s.wait_for.within_ms,
                         DescribeStep(s), &s);
      default:
        break;
    }
    const bool lua = s.kind == StepSpec::Kind::kLua;
    const bool outer_lua = in_lua_;
    if (lua) in_lua_ = true;
    const Status st = world_.Act(s);
    in_lua_ = outer_lua;
    if (!st.ok()) return Fail(s, st.message());
    if (s.kind == StepSpec::Kind::kFault && s.fault.for_ms > 0) {
      undos_.push_back({pacer_.NowMs() + s.fault.for_ms, &s});
    }
    if (s.kind == StepSpec::Kind::kProduce && s.wait) {
      return WaitUntil([&] { return world_.ProducersPending(); },
                       pacer_.deadline_ms() - pacer_.NowMs(), DescribeStep(s) + " acknowledged",
                       &s);
    }
    return true;
  }

  TimelineWorld& world_;
  Pacer& pacer_;
  bool in_lua_ = false;  // a lua step is running: its ks.wait and ks.sleep tick the timeline
  std::vector<const StepSpec*> triggered_;
  std::vector<Undo> undos_;
  std::vector<std::string> problems_;
};

}  // namespace

std::vector<std::string> RunTimeline(const std::vector<StepSpec>& steps, TimelineWorld& world,
                                     Pacer& pacer) {
  return Timeline(world, pacer).Run(steps);
}

std::vector<std::string> RunTimeline(const std::vector<StepSpec>& steps, TimelineWorld& world,
                                     TimelineClock& clock, int64_t deadline_ms, int64_t tick_ms) {
  Pacer pacer(clock, deadline_ms, tick_ms);
  return RunTimeline(steps, world, pacer);
}

}  // namespace ks
