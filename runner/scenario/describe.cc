#include "scenario/describe.h"

#include <fmt/format.h>

namespace ks {

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

}  // namespace ks
