#include "run/lua_step.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <initializer_list>
#include <lua.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "diag/input_limits.h"
#include "diag/interrupt.h"
#include "diag/text_check.h"
#include "scenario/quantity.h"

namespace ks {

namespace {

// What the ks functions act on; a light userdata upvalue of each of them.
struct Api {
  TimelineWorld& world;
  Pacer& pacer;
  const Scenario& scenario;
  // What the run's producers send so far: the scenario's sends as written, plus every ks.produce
  // of this run's lua steps. ks.produce keeps them within the limits loading checked.
  DeclaredSends sent;
};

// The ks functions below are Lua C functions: they report every problem with luaL_error (Lua is
// built as C++, so the error unwinds through the std::strings in scope), never an exception.

Api& ApiOf(lua_State* L) { return *static_cast<Api*>(lua_touserdata(L, lua_upvalueindex(1))); }

[[noreturn]] void Raise(lua_State* L, const std::string& message) {
  luaL_error(L, "%s", message.c_str());
  std::abort();  // not reached: luaL_error unwinds to the protected call
}

std::string TypeWithArticle(lua_State* L, int index) {
  if (lua_isnil(L, index)) return "nil";
  const std::string type = luaL_typename(L, index);
  return (type.find_first_of("aeiou") == 0 ? "an " : "a ") + type;
}

// The value at `index` as ms: a non-negative number of ms or a duration string ("2s").
int64_t DurationAt(lua_State* L, int index, const std::string& what) {
  if (lua_type(L, index) == LUA_TSTRING) {
    std::string error;
    if (auto ms = ParseDurationMs(lua_tostring(L, index), &error)) return *ms;
    Raise(L, fmt::format("{}: {}", what, error));
  }
  if (lua_type(L, index) == LUA_TNUMBER) {
    const lua_Number ms = lua_tonumber(L, index);
    if (ms >= 0 && ms < 1e15) return static_cast<int64_t>(ms + 0.5);
    Raise(L, fmt::format("{}: {} ms is not a duration", what, ms));
  }
  Raise(L, fmt::format("{} must be a number of ms or a duration such as \"2s\", not {}", what,
                       TypeWithArticle(L, index)));
}

// Fails for keys of the table at `index` that are not in `known`: a typo (`consume=`) must not
// silently change what a step does.
void OnlyKeys(lua_State* L, int index, const char* fn,
              std::initializer_list<std::string_view> known) {
  lua_pushnil(L);
  while (lua_next(L, index) != 0) {
    lua_pop(L, 1);
    const bool is_string = lua_type(L, -1) == LUA_TSTRING;
    const std::string_view key = is_string ? lua_tostring(L, -1) : "";
    if (!is_string || std::find(known.begin(), known.end(), key) == known.end()) {
      std::string names;
      for (std::string_view k : known) names += (names.empty() ? "" : ", ") + std::string(k);
      Raise(L,
            fmt::format("{}: unknown field {}; the fields are {}", fn,
                        is_string ? "'" + std::string(key) + "'" : TypeWithArticle(L, -1), names));
    }
  }
}

// t[key] of the table at `index` as an integer, or nothing when absent.
std::optional<int64_t> IntegerField(lua_State* L, int index, const char* key, const char* fn) {
  lua_getfield(L, index, key);
  std::optional<int64_t> out;
  if (!lua_isnil(L, -1)) {
    int is_integer = 0;
    const lua_Integer value = lua_tointegerx(L, -1, &is_integer);
    if (!is_integer || lua_type(L, -1) != LUA_TNUMBER) {
      Raise(L, fmt::format("{}: {} must be an integer, not {}", fn, key, TypeWithArticle(L, -1)));
    }
    out = value;
  }
  lua_pop(L, 1);
  return out;
}

// t[key] of the table at `index` as a string, or nothing when absent.
std::optional<std::string> StringField(lua_State* L, int index, const char* key, const char* fn) {
  lua_getfield(L, index, key);
  std::optional<std::string> out;
  if (lua_type(L, -1) == LUA_TSTRING) {
    out = lua_tostring(L, -1);
  } else if (!lua_isnil(L, -1)) {
    Raise(L, fmt::format("{}: {} must be a string, not {}", fn, key, TypeWithArticle(L, -1)));
  }
  lua_pop(L, 1);
  return out;
}

// t[key] of the table at `index` must be absent or true (`drained=true`); false is refused,
// since "wait until not drained" is not a condition the world can check.
bool TrueField(lua_State* L, int index, const char* key, const char* fn) {
  lua_getfield(L, index, key);
  const int type = lua_type(L, -1);
  const bool set = type == LUA_TBOOLEAN && lua_toboolean(L, -1);
  if (type != LUA_TNIL && !set) {
    Raise(L, fmt::format("{}: {} must be true, not {}", fn, key,
                         type == LUA_TBOOLEAN ? "false" : TypeWithArticle(L, -1)));
  }
  lua_pop(L, 1);
  return set;
}

// Raises when `producer` sending `n` more records would take the run past the record or payload
// limit that loading checked the scenario against (diag/input_limits.h); else returns what the
// run sends with them.
DeclaredSends WithinLimits(lua_State* L, const Api& api, const ProducerSpec& producer, int64_t n) {
  // Compared before adding, so that no sum can overflow.
  if (n > limits::kMaxRecords - api.sent.records) {
    Raise(L,
          fmt::format("ks.produce('{}', {}): the run's producers would send {} records, over "
                      "the limit of {} for a scenario",
                      producer.name, n,
                      CountText(static_cast<uint64_t>(api.sent.records) + static_cast<uint64_t>(n)),
                      CountText(limits::kMaxRecords)));
  }
  const uint64_t bytes =
      static_cast<uint64_t>(n) * static_cast<uint64_t>(std::max(producer.value_size, 0));
  if (bytes >
      limits::kMaxPayloadBytes - std::min(api.sent.payload_bytes, limits::kMaxPayloadBytes)) {
    Raise(L, fmt::format("ks.produce('{}', {}): the run's producers would send {} of values "
                         "(records x value size), over the limit of {} for a scenario",
                         producer.name, n, ByteSizeText(api.sent.payload_bytes + bytes),
                         ByteSizeText(limits::kMaxPayloadBytes)));
  }
  return {api.sent.records + n, api.sent.payload_bytes + bytes};
}

// ks.produce(producer, n)
int Produce(lua_State* L) {
  Api& api = ApiOf(L);
  StepSpec step;
  step.kind = StepSpec::Kind::kProduce;
  step.target = luaL_checkstring(L, 1);
  if (!lua_isnoneornil(L, 2)) {
    const lua_Integer n = luaL_checkinteger(L, 2);
    if (n <= 0) Raise(L, fmt::format("ks.produce('{}', {}): n must be positive", step.target, n));
    step.messages = n;
  }
  // A producer the scenario does not declare: the world refuses it below.
  DeclaredSends sent = api.sent;
  if (const ProducerSpec* p = api.scenario.FindProducer(step.target)) {
    sent = WithinLimits(L, api, *p, step.messages.value_or(p->messages));
  }
  if (Status st = api.world.Act(step); !st.ok()) {
    Raise(L, fmt::format("ks.produce('{}'): {}", step.target, st.message()));
  }
  api.sent = sent;
  return 0;
}

// ks.sleep(ms)
int Sleep(lua_State* L) {
  Api& api = ApiOf(L);
  const int64_t ms = DurationAt(L, 1, "ks.sleep(ms)");
  const Pacer::Outcome out = api.pacer.Sleep(ms);
  if (out.end == Pacer::Outcome::End::kInterrupted) Raise(L, "ks.sleep: interrupted");
  if (out.cut) {
    Raise(L, fmt::format("ks.sleep({} ms): the scenario's timeout came after {:.1f} s", ms,
                         out.waited_ms / 1000.0));
  }
  return 0;
}

// The WaitSpec a ks.wait table (at index 1) describes.
WaitSpec ReadWait(lua_State* L) {
  constexpr const char* kFn = "ks.wait";
  luaL_checktype(L, 1, LUA_TTABLE);
  OnlyKeys(L, 1, kFn,
           {"group", "producer", "consumed", "drained", "assigned", "rebalanced", "lag", "acked",
            "within"});
  WaitSpec w;
  w.group = StringField(L, 1, "group", kFn).value_or("");
  w.producer = StringField(L, 1, "producer", kFn).value_or("");
  int conditions = 0;
  if (auto n = IntegerField(L, 1, "consumed", kFn)) {
    w.kind = WaitSpec::Kind::kConsumed;
    w.count = *n;
    ++conditions;
  }
  if (auto n = IntegerField(L, 1, "lag", kFn)) {
    w.kind = WaitSpec::Kind::kLagAtMost;
    w.count = *n;
    ++conditions;
  }
  if (auto n = IntegerField(L, 1, "acked", kFn)) {
    w.kind = WaitSpec::Kind::kAcked;
    w.count = *n;
    ++conditions;
  }
  const std::pair<const char*, WaitSpec::Kind> kFlags[] = {
      {"drained", WaitSpec::Kind::kDrained},
      {"assigned", WaitSpec::Kind::kAssigned},
      {"rebalanced", WaitSpec::Kind::kRebalanced}};
  for (const auto& [key, kind] : kFlags) {
    if (TrueField(L, 1, key, kFn)) {
      w.kind = kind;
      ++conditions;
    }
  }
  if (conditions != 1) {
    Raise(L, fmt::format("ks.wait: give one condition (consumed=, drained=true, assigned=true, "
                         "rebalanced=true, lag= with group=; acked= with producer=), not {}",
                         conditions));
  }
  const bool of_producer = w.kind == WaitSpec::Kind::kAcked;
  if (of_producer ? w.producer.empty() || !w.group.empty()
                  : w.group.empty() || !w.producer.empty()) {
    Raise(L, fmt::format("ks.wait: this condition needs {} (and no {})",
                         of_producer ? "producer=" : "group=", of_producer ? "group" : "producer"));
  }
  lua_getfield(L, 1, "within");
  w.within_ms = lua_isnil(L, -1) ? kLuaWaitDefaultMs : DurationAt(L, -1, "ks.wait: within");
  lua_pop(L, 1);
  if (w.within_ms <= 0) Raise(L, "ks.wait: within must be longer than 0 ms");
  return w;
}

// ks.wait{...}
int Wait(lua_State* L) {
  Api& api = ApiOf(L);
  StepSpec step;
  step.kind = StepSpec::Kind::kWait;
  step.wait_for = ReadWait(L);
  const WaitSpec& w = step.wait_for;
  api.world.MarkWaitStart(w);
  const Pacer::Outcome out = api.pacer.WaitUntil([&] { return api.world.Missing(w); }, w.within_ms);
  if (out.met()) return 0;
  if (out.end == Pacer::Outcome::End::kInterrupted) {
    Raise(L, "ks.wait: interrupted while waiting: " + out.missing);
  }
  Raise(L, fmt::format("ks.wait: {} not met within {:.1f} s{}: {}", DescribeStep(step),
                       out.waited_ms / 1000.0, out.cut ? " (the scenario's timeout)" : "",
                       out.missing));
}

// The FaultSpec a ks.fault table (at index 1) describes.
FaultSpec ReadFault(lua_State* L) {
  constexpr const char* kFn = "ks.fault";
  luaL_checktype(L, 1, LUA_TTABLE);
  OnlyKeys(L, 1, kFn, {"broker_down", "broker_up", "leader"});
  FaultSpec f;
  int kinds = 0;
  if (auto b = IntegerField(L, 1, "broker_down", kFn)) {
    f.kind = FaultSpec::Kind::kBrokerDown;
    f.broker = static_cast<int32_t>(*b);
    ++kinds;
  }
  if (auto b = IntegerField(L, 1, "broker_up", kFn)) {
    f.kind = FaultSpec::Kind::kBrokerUp;
    f.broker = static_cast<int32_t>(*b);
    ++kinds;
  }
  lua_getfield(L, 1, "leader");
  if (!lua_isnil(L, -1)) {
    constexpr const char* kLeader = "ks.fault{leader=}";
    if (!lua_istable(L, -1)) {
      Raise(L, fmt::format("{}: leader must be a table {{topic=, partition=, broker=}}, not {}",
                           kFn, TypeWithArticle(L, -1)));
    }
    const int leader = lua_gettop(L);
    OnlyKeys(L, leader, kLeader, {"topic", "partition", "broker"});
    std::optional<std::string> topic = StringField(L, leader, "topic", kLeader);
    std::optional<int64_t> partition = IntegerField(L, leader, "partition", kLeader);
    std::optional<int64_t> broker = IntegerField(L, leader, "broker", kLeader);
    if (!topic || !partition || !broker) {
      Raise(L, fmt::format("{}: topic, partition and broker are all needed", kLeader));
    }
    f.kind = FaultSpec::Kind::kLeader;
    f.topic = *topic;
    f.partition = static_cast<int32_t>(*partition);
    f.broker = static_cast<int32_t>(*broker);
    ++kinds;
  }
  lua_pop(L, 1);
  if (kinds != 1) {
    Raise(L, fmt::format("ks.fault: give one of broker_down=N, broker_up=N, "
                         "leader={{topic=, partition=, broker=}}, not {}",
                         kinds));
  }
  return f;
}

// ks.fault{...}
int Fault(lua_State* L) {
  Api& api = ApiOf(L);
  StepSpec step;
  step.kind = StepSpec::Kind::kFault;
  step.fault = ReadFault(L);
  if (Status st = api.world.Act(step); !st.ok()) {
    Raise(L, fmt::format("ks.fault: {}: {}", DescribeFault(step.fault), st.message()));
  }
  return 0;
}

// Pushes a fresh `ks` table for one call, so a step that changes it does not change the next.
int PushKs(lua_State* L, Api* api) {
  static constexpr luaL_Reg kFunctions[] = {
      {"produce", &Produce}, {"sleep", &Sleep}, {"wait", &Wait}, {"fault", &Fault}};
  lua_createtable(L, 0, 4);
  for (const luaL_Reg& f : kFunctions) {
    lua_pushlightuserdata(L, api);
    lua_pushcclosure(L, f.func, 1);
    lua_setfield(L, -2, f.name);
  }
  return 1;
}

}  // namespace

struct LuaSteps::Impl {
  LuaPlan plan;
  Api api;
  bool opened = false;
  std::unique_ptr<LuaSandbox> sandbox;
  std::string open_error;
};

LuaSteps::LuaSteps(LuaPlan plan, const Scenario& scenario, TimelineWorld& world, Pacer& pacer)
    : impl_(new Impl{std::move(plan), Api{world, pacer, scenario, SendsAsWritten(scenario)}}) {}

LuaSteps::~LuaSteps() = default;

Status LuaSteps::Run(const StepSpec& step) {
  Impl& impl = *impl_;
  if (!impl.opened) {
    impl.opened = true;
    impl.sandbox = impl.plan.Open("steps", &impl.open_error);
    if (!impl.sandbox && impl.open_error.empty()) {
      impl.open_error = "the Lua state for lua steps cannot start";
    }
  }
  if (!impl.sandbox) return Status::Error(impl.open_error);
  LuaFunction fn;
  if (Status st = impl.sandbox->Find(step.lua.function, &fn); !st.ok()) return st;
  return impl.sandbox->Call(
      fn, [&impl](lua_State* L) { return PushKs(L, &impl.api); }, 0, nullptr);
}

}  // namespace ks
