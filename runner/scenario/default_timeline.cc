#include "scenario/default_timeline.h"

namespace ks {
namespace {

StepSpec Wait(WaitSpec::Kind kind, const std::string& group, const SourceLoc& loc,
              int64_t within_ms) {
  StepSpec step;
  step.kind = StepSpec::Kind::kWait;
  step.loc = loc;
  step.wait_for.kind = kind;
  step.wait_for.group = group;
  step.wait_for.within_ms = within_ms;
  return step;
}

}  // namespace

std::vector<StepSpec> DefaultTimeline(const Scenario& s) {
  std::vector<StepSpec> steps;
  for (const GroupSpec& g : s.groups) {
    StepSpec start;
    start.kind = StepSpec::Kind::kStart;
    start.target = g.name;
    start.loc = g.loc;
    steps.push_back(std::move(start));
  }
  for (const GroupSpec& g : s.groups) {
    steps.push_back(Wait(WaitSpec::Kind::kAssigned, g.name, g.loc, s.timeout_ms));
  }
  for (const ProducerSpec& p : s.producers) {
    StepSpec produce;
    produce.kind = StepSpec::Kind::kProduce;
    produce.target = p.name;
    produce.loc = p.loc;
    steps.push_back(std::move(produce));
  }
  if (!s.producers.empty()) {
    steps.push_back(
        Wait(WaitSpec::Kind::kProducersFinished, "", s.producers.front().loc, s.timeout_ms));
  }
  // Processors drain first, in the order declared: their outputs are what the next stage and
  // the plain groups read.
  for (bool processors : {true, false}) {
    for (const GroupSpec& g : s.groups) {
      if (g.transform.has_value() != processors) continue;
      steps.push_back(Wait(WaitSpec::Kind::kDrained, g.name, g.loc, s.timeout_ms));
    }
  }
  return steps;
}

}  // namespace ks
