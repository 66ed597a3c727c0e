// The timeline of the scenario model: each entry of `steps` as a StepSpec (an action, a wait,
// a sleep, a seek, a fault, a lua step), with its trigger.
#include <fmt/format.h>

#include <initializer_list>
#include <string>
#include <utility>

#include "scenario/model_reader.h"

namespace ks::model_detail {
namespace {

class StepBuilder : public ModelReader {
 public:
  using ModelReader::ModelReader;

  void Build() {
    ForEachItem("steps", [&](const Json& item, const std::string& p) { Step(item, p); });
  }

 private:
  // The one key of `object` among `keys` (a step's action, a wait's condition); empty when it has
  // none or several (reported by the schema).
  static std::string OneKeyOf(const Json& object, std::initializer_list<const char*> keys) {
    std::string found;
    for (const char* key : keys) {
      if (!object.contains(key)) continue;
      if (!found.empty()) return "";
      found = key;
    }
    return found;
  }

  void Step(const Json& item, const std::string& pointer) {
    static const std::pair<const char*, StepSpec::Kind> kActions[] = {
        {"start", StepSpec::Kind::kStart},
        {"stop", StepSpec::Kind::kStop},
        {"crash", StepSpec::Kind::kCrash},
        {"restart", StepSpec::Kind::kRestart},
        {"produce", StepSpec::Kind::kProduce},
        {"wait", StepSpec::Kind::kWait},
        {"sleep", StepSpec::Kind::kSleep},
        {"seek", StepSpec::Kind::kSeek},
        {"fault", StepSpec::Kind::kFault},
        {"lua", StepSpec::Kind::kLua},
        {"add_partitions", StepSpec::Kind::kAddPartitions},
        {"recreate_topic", StepSpec::Kind::kRecreateTopic},
        {"alter_topic", StepSpec::Kind::kAlterTopic},
    };
    StepSpec step;
    std::string action;
    for (const auto& [name, kind] : kActions) {
      if (!item.contains(name)) continue;
      if (!action.empty()) return;  // two actions: reported by the schema
      action = name;
      step.kind = kind;
    }
    if (action.empty()) return;
    const std::string p = JsonPointerChild(pointer, action);
    step.loc = KeyLoc(p);
    Action(item.at(action), p, &step);
    if (const Json* after = Get(item, "after"); after != nullptr && after->is_object()) {
      Trigger(*after, JsonPointerChild(pointer, "after"), &step.after);
    }
    s_.steps.push_back(std::move(step));
    ctx_.step_pointers.push_back(pointer);
  }

  // The value of a step's action key (at `p`) into `step`, whose kind is set.
  void Action(const Json& value, const std::string& p, StepSpec* step) {
    switch (step->kind) {
      case StepSpec::Kind::kStart:
      case StepSpec::Kind::kStop:
      case StepSpec::Kind::kCrash:
      case StepSpec::Kind::kRestart:
        if (value.is_string()) step->target = value.get<std::string>();
        break;
      case StepSpec::Kind::kProduce:
        if (value.is_string()) {
          step->target = value.get<std::string>();
        } else if (value.is_object()) {
          ReadString(value, "producer", &step->target);
          if (const Json* messages = Get(value, "messages");
              messages != nullptr && messages->is_number_integer()) {
            int64_t n = 0;
            ReadInt(value, p, "messages", &n);
            if (n > 0) step->messages = n;
          }
          if (const Json* wait = Get(value, "wait"); wait != nullptr && wait->is_boolean()) {
            step->wait = wait->get<bool>();
          }
        }
        break;
      case StepSpec::Kind::kWait:
        if (value.is_object()) Wait(value, p, &step->wait_for);
        break;
      case StepSpec::Kind::kSleep:
        if (value.is_string()) step->sleep_ms = Duration(p, value).value_or(0);
        break;
      case StepSpec::Kind::kSeek:
        if (value.is_object()) Seek(value, p, &step->seek);
        break;
      case StepSpec::Kind::kFault:
        if (value.is_object()) Fault(value, p, &step->fault);
        break;
      case StepSpec::Kind::kLua:
        if (value.is_string()) step->lua = LuaRef{value.get<std::string>(), Loc(p)};
        break;
      case StepSpec::Kind::kRecreateTopic:
        if (value.is_string()) step->target = value.get<std::string>();
        break;
      case StepSpec::Kind::kAddPartitions:
        if (value.is_object()) {
          ReadString(value, "topic", &step->target);
          int64_t count = 0;
          ReadInt(value, p, "count", &count);
          step->partitions = static_cast<int32_t>(count);
        }
        break;
      case StepSpec::Kind::kAlterTopic:
        if (value.is_object()) {
          ReadString(value, "topic", &step->target);
          step->topic_config = Config(value, p);
        }
        break;
    }
  }

  // A duration that must be longer than 0ms (a wait's `within`, a fault's `for`).
  int64_t PositiveDuration(const Json& object, const std::string& pointer, const char* key) {
    const Json* v = Get(object, key);
    if (v == nullptr || !v->is_string()) return 0;
    const std::string p = JsonPointerChild(pointer, key);
    const std::optional<int64_t> ms = Duration(p, *v);
    if (ms && *ms == 0) {
      ctx_.Error(p, Loc(p), std::string(key) + " must be longer than 0ms");
      return 0;
    }
    return ms.value_or(0);
  }

  void Wait(const Json& object, const std::string& pointer, WaitSpec* w) {
    w->within_ms = PositiveDuration(object, pointer, "within");
    const std::string condition = OneKeyOf(
        object, {"consumed", "drained", "assigned", "rebalanced", "acked", "lag", "purged"});
    ReadString(object, "group", &w->group);
    ReadString(object, "producer", &w->producer);
    if (condition == "consumed") {
      w->kind = WaitSpec::Kind::kConsumed;
      ReadInt(object, pointer, "consumed", &w->count);
    } else if (condition == "acked") {
      w->kind = WaitSpec::Kind::kAcked;
      ReadInt(object, pointer, "acked", &w->count);
    } else if (condition == "purged") {
      w->kind = WaitSpec::Kind::kPurged;
      ReadString(object, "purged", &w->topic);
    } else if (condition == "lag") {
      w->kind = WaitSpec::Kind::kLagAtMost;
      const Json& lag = object.at("lag");
      if (lag.is_object()) {
        ReadInt(lag, JsonPointerChild(pointer, "lag"), "max", &w->count);
      } else {
        ReadInt(object, pointer, "lag", &w->count);
      }
    } else if (!condition.empty()) {
      w->kind = condition == "drained"    ? WaitSpec::Kind::kDrained
                : condition == "assigned" ? WaitSpec::Kind::kAssigned
                                          : WaitSpec::Kind::kRebalanced;
      GroupCondition(object, pointer, condition, w);
    }
  }

  // drained, assigned and rebalanced name their group, or are `true` beside `group`.
  void GroupCondition(const Json& object, const std::string& pointer, const std::string& key,
                      WaitSpec* w) {
    const Json& value = object.at(key);
    const std::string p = JsonPointerChild(pointer, key);
    const Json* group = Get(object, "group");
    const std::string example =
        s_.groups.empty() || s_.groups[0].name.empty() ? std::string("billing") : s_.groups[0].name;
    if (value.is_string()) {
      if (group != nullptr) {
        const std::string g = JsonPointerChild(pointer, "group");
        if (!ctx_.ReportedWithin(g)) {
          ctx_.Error(g, KeyLoc(g), "the group is given twice: by " + key + " and by group",
                     "write " + key + ": " + value.get<std::string>() +
                         ", or group: " + value.get<std::string>() + " with " + key + ": true");
        }
      }
      w->group = value.get<std::string>();
    } else if (value.is_boolean() && value.get<bool>() && group == nullptr) {
      ctx_.Error(p, Loc(p), key + ": true needs the group it waits for",
                 "add group: " + example + ", or write " + key + ": " + example);
    }
  }

  void Seek(const Json& object, const std::string& pointer, SeekSpec* seek) {
    ReadString(object, "group", &seek->target);
    const Json* to = Get(object, "to");
    if (to == nullptr) return;
    const std::string p = JsonPointerChild(pointer, "to");
    if (to->is_string()) {
      seek->to = to->get<std::string>() == "end" ? SeekSpec::To::kEnd : SeekSpec::To::kBeginning;
    } else if (to->is_object() && to->contains("offset")) {
      seek->to = SeekSpec::To::kOffset;
      ReadInt(*to, p, "offset", &seek->value);
    } else if (to->is_object() && to->contains("timestamp")) {
      seek->to = SeekSpec::To::kTimestamp;
      ReadInt(*to, p, "timestamp", &seek->value);
    }
  }

  void Fault(const Json& object, const std::string& pointer, FaultSpec* f) {
    f->for_ms = PositiveDuration(object, pointer, "for");
    const std::string kind =
        OneKeyOf(object, {"broker_down", "broker_up", "leader", "request_errors", "rtt"});
    if (kind.empty()) return;
    const Json& body = object.at(kind);
    const std::string p = JsonPointerChild(pointer, kind);
    if (kind == "broker_down" || kind == "broker_up") {
      f->kind = kind == "broker_down" ? FaultSpec::Kind::kBrokerDown : FaultSpec::Kind::kBrokerUp;
      ReadInt(object, pointer, kind.c_str(), &f->broker);
    } else if (kind == "leader") {
      f->kind = FaultSpec::Kind::kLeader;
      ReadString(body, "topic", &f->topic);
      ReadInt(body, p, "partition", &f->partition);
      ReadInt(body, p, "broker", &f->broker);
    } else if (kind == "request_errors") {
      f->kind = FaultSpec::Kind::kRequestErrors;
      ReadString(body, "api", &f->api);
      ReadStrings(body, "errors", &f->errors);
      f->count = static_cast<int32_t>(f->errors.size());  // one request per listed error
      ReadInt(body, p, "count", &f->count);
    } else {
      f->kind = FaultSpec::Kind::kRtt;
      ReadInt(body, p, "broker", &f->broker);
      ReadInt(body, p, "ms", &f->ms);
    }
  }

  void Trigger(const Json& object, const std::string& pointer, TriggerSpec* t) {
    const std::string event = OneKeyOf(object, {"acked", "consumed"});
    if (event.empty()) return;
    t->kind = event == "acked" ? TriggerSpec::Kind::kAcked : TriggerSpec::Kind::kConsumed;
    ReadInt(object, pointer, event.c_str(), &t->count);
    ReadString(object, "producer", &t->producer);
    ReadString(object, "group", &t->group);
  }
};

}  // namespace

void BuildSteps(LoadContext* ctx) { StepBuilder(ctx).Build(); }

}  // namespace ks::model_detail
