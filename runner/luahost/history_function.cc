#include "luahost/history_function.h"

#include <fmt/format.h>

#include <lua.hpp>
#include <string_view>
#include <vector>

namespace ks {
namespace {

// The registry field that holds the sandbox's HistoryState (created by the first check).
constexpr const char* kStateKey = "ks.history.state";
constexpr const char* kHistoryType = "ks.history";
constexpr auto kLastKind = static_cast<int>(kAllOpKinds.back());

// Per sandbox: the history the check under way reads, and which call that is. A `history`
// userdata remembers the call that made it, so one kept in a global by an earlier check refuses
// to be read instead of reading whatever history is current (or one that is gone).
struct HistoryState {
  const History* history = nullptr;
  lua_Integer call = 0;
};

// The userdata a check receives: only the call it belongs to; the ops stay in the History.
struct HistoryHandle {
  lua_Integer call = 0;
};

HistoryState* StateOf(lua_State* L) {
  return static_cast<HistoryState*>(lua_touserdata(L, lua_upvalueindex(1)));
}

// The history `handle` (at `index`) may read, or a Lua error naming the misuse.
const History& Readable(lua_State* L, int index) {
  const auto* handle = static_cast<HistoryHandle*>(luaL_checkudata(L, index, kHistoryType));
  const HistoryState* state = StateOf(L);
  if (state->history == nullptr || handle->call != state->call) {
    luaL_error(L, "the history can be read only while its check runs");
  }
  return *state->history;
}

void SetString(lua_State* L, const char* field, std::string_view value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, field);
}

void SetInteger(lua_State* L, const char* field, int64_t value) {
  lua_pushinteger(L, static_cast<lua_Integer>(value));
  lua_setfield(L, -2, field);
}

// Pushes op `index` (0-based) as a table with names instead of ids; fields whose id is unknown
// (or out of a loaded history's tables) stay nil.
void PushOp(lua_State* L, const History& h, size_t index) {
  const Op& op = h.ops[index];
  lua_createtable(L, 0, 13);
  SetString(L, "kind", ToString(op.kind));
  SetString(L, "type", ToString(op.type));
  SetInteger(L, "time_us", op.time_us);
  if (op.actor < h.actors.size()) {
    const ActorInfo& actor = h.actors[op.actor];
    SetString(L, "actor", actor.name);
    if (actor.group < h.groups.size()) SetString(L, "group", h.groups[actor.group]);
  }
  if (op.topic < h.topics.size()) SetString(L, "topic", h.topics.Get(op.topic));
  SetInteger(L, "partition", op.partition);
  SetInteger(L, "offset", op.offset);
  if (op.key < h.keys.size()) SetString(L, "key", h.keys.Get(op.key));
  if (op.producer < h.producers.size()) SetString(L, "producer", h.producers.Get(op.producer));
  SetInteger(L, "seq", static_cast<int64_t>(op.seq));
  SetInteger(L, "generation", op.generation);
  if (op.kind == OpKind::kFault && op.seq < h.notes.size()) {
    SetString(L, "note", h.notes.Get(static_cast<uint32_t>(op.seq)));
  }
}

int Size(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(Readable(L, 1).ops.size()));
  return 1;
}

int OpAt(lua_State* L) {
  const History& h = Readable(L, 1);
  const lua_Integer i = luaL_checkinteger(L, 2);
  if (i < 1 || i > static_cast<lua_Integer>(h.ops.size())) {
    return luaL_error(L, "history:op(%I): i must be from 1 to %I", i,
                      static_cast<lua_Integer>(h.ops.size()));
  }
  PushOp(L, h, static_cast<size_t>(i - 1));
  return 1;
}

// The iterator history:ops(kind) returns. Upvalues: the state, the handle, the kind (-1: all),
// the 0-based position to scan from.
int NextOp(lua_State* L) {
  const History& h = Readable(L, lua_upvalueindex(2));
  const auto kind = lua_tointeger(L, lua_upvalueindex(3));
  auto at = static_cast<size_t>(lua_tointeger(L, lua_upvalueindex(4)));
  // The scan is C, not Lua: skipping the other kinds costs no instructions of the budget.
  while (at < h.ops.size() && kind >= 0 && static_cast<lua_Integer>(h.ops[at].kind) != kind) ++at;
  if (at >= h.ops.size()) {
    lua_pushinteger(L, static_cast<lua_Integer>(h.ops.size()));
    lua_replace(L, lua_upvalueindex(4));
    return 0;
  }
  lua_pushinteger(L, static_cast<lua_Integer>(at + 1));
  lua_replace(L, lua_upvalueindex(4));
  lua_pushinteger(L, static_cast<lua_Integer>(at + 1));
  PushOp(L, h, at);
  return 2;
}

int Ops(lua_State* L) {
  Readable(L, 1);
  lua_Integer kind = -1;
  if (!lua_isnoneornil(L, 2)) {
    const std::string_view name = luaL_checkstring(L, 2);
    std::string known;
    for (int k = 0; k <= kLastKind && kind < 0; ++k) {
      const std::string_view candidate = ToString(static_cast<OpKind>(k));
      if (candidate == name) kind = k;
      known += (k == 0 ? "" : ", ") + std::string(candidate);
    }
    if (kind < 0) {
      const std::string message =
          fmt::format("history:ops('{}'): no such kind; the kinds are {}", name, known);
      return luaL_error(L, "%s", message.c_str());
    }
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushvalue(L, 1);
  lua_pushinteger(L, kind);
  lua_pushinteger(L, 0);
  lua_pushcclosure(L, &NextOp, 4);
  return 1;
}

// The sandbox's HistoryState, created with the `history` type (its metatable and methods, each
// holding the state as upvalue 1) the first time. Leaves the stack as it was.
HistoryState* EnsureHistoryType(lua_State* L) {
  lua_getfield(L, LUA_REGISTRYINDEX, kStateKey);
  if (auto* state = static_cast<HistoryState*>(lua_touserdata(L, -1))) {
    lua_pop(L, 1);
    return state;
  }
  lua_pop(L, 1);
  auto* state = static_cast<HistoryState*>(lua_newuserdatauv(L, sizeof(HistoryState), 0));
  *state = HistoryState{};
  lua_setfield(L, LUA_REGISTRYINDEX, kStateKey);  // the registry keeps it alive
  luaL_newmetatable(L, kHistoryType);
  static constexpr luaL_Reg kMethods[] = {{"size", &Size}, {"op", &OpAt}, {"ops", &Ops}};
  lua_createtable(L, 0, 3);
  for (const luaL_Reg& method : kMethods) {
    lua_getfield(L, LUA_REGISTRYINDEX, kStateKey);
    lua_pushcclosure(L, method.func, 1);
    lua_setfield(L, -2, method.name);
  }
  lua_setfield(L, -2, "__index");
  lua_getfield(L, LUA_REGISTRYINDEX, kStateKey);
  lua_pushcclosure(L, &Size, 1);
  lua_setfield(L, -2, "__len");
  // Lua code cannot get at the metatable and swap the methods of later checks.
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
  return state;
}

std::string TypeWithArticle(lua_State* L, int index) {
  if (lua_isnil(L, index)) return "nil (or nothing)";
  const std::string type = luaL_typename(L, index);
  return (type.find_first_of("aeiou") == 0 ? "an " : "a ") + type;
}

}  // namespace

LuaPlan LuaCheckPlan(const Scenario& scenario) {
  LuaPlan plan = LuaPlan::Of(scenario);
  plan.limits.instructions_per_call = kLuaCheckInstructions;
  plan.limits.memory_bytes = kLuaCheckMemoryBytes;
  return plan;
}

Status CallWithHistory(LuaSandbox& sandbox, const LuaRef& ref, const History& history,
                       HistoryVerdict* verdict) {
  LuaFunction fn;
  if (Status st = FindLua(sandbox, ref, &fn); !st.ok()) return st;
  HistoryState* state = nullptr;
  bool passed = false;
  std::string message;
  const Status st = sandbox.Call(
      fn,
      [&](lua_State* L) {
        state = EnsureHistoryType(L);
        state->history = &history;
        ++state->call;
        auto* handle = static_cast<HistoryHandle*>(lua_newuserdatauv(L, sizeof(HistoryHandle), 0));
        handle->call = state->call;
        luaL_setmetatable(L, kHistoryType);
        return 1;
      },
      2,
      [&](lua_State* L) {
        if (!lua_isboolean(L, -2)) {
          return Status::Error(
              fmt::format("returned {} where true or false was expected (and an optional message)",
                          TypeWithArticle(L, -2)));
        }
        passed = lua_toboolean(L, -2) != 0;
        if (lua_isnil(L, -1)) return Status::Ok();
        if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER) {
          return Status::Error(
              fmt::format("returned {} as its message, not a string", TypeWithArticle(L, -1)));
        }
        size_t length = 0;
        const char* text = lua_tolstring(L, -1, &length);
        message.assign(text, length);
        return Status::Ok();
      });
  // Whatever happened, the history is not readable after its check.
  if (state != nullptr) state->history = nullptr;
  if (!st.ok()) return Status::Error(LuaErrorAt(ref, st));
  *verdict = {passed, std::move(message)};
  return Status::Ok();
}

}  // namespace ks
