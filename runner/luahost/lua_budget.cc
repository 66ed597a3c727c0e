#include "luahost/lua_budget.h"

#include <algorithm>
#include <lua.hpp>

namespace ks {

void InstructionBudget::Install(lua_State* L) {
  *static_cast<InstructionBudget**>(lua_getextraspace(L)) = this;
  Start(L);
}

void InstructionBudget::Start(lua_State* L) {
  executed_ = 0;
  exhausted_ = false;
  step_ = static_cast<int>(std::min<int64_t>(kStep, std::max<int64_t>(limit_, 1)));
  // lua_sethook also restarts the hook's countdown, so every call gets the whole budget.
  lua_sethook(L, &InstructionBudget::Hook, LUA_MASKCOUNT, step_);
}

void InstructionBudget::Exhaust(lua_State* L) {
  exhausted_ = true;
  lua_sethook(L, &InstructionBudget::Hook, LUA_MASKCOUNT, 1);
}

std::string InstructionBudget::Message() const {
  return "instruction budget of " + std::to_string(limit_) + " exceeded";
}

void InstructionBudget::Hook(lua_State* L, lua_Debug* /*ar*/) {
  auto* self = *static_cast<InstructionBudget**>(lua_getextraspace(L));
  if (!self->exhausted_) {
    self->executed_ += self->step_;
    if (self->executed_ <= self->limit_) return;
    // From now on every instruction raises: see the class comment.
    self->Exhaust(L);
  }
  // Level 0 is the Lua function being counted: its chunk:line tells where the time went.
  luaL_where(L, 0);
  lua_pushfstring(L, "instruction budget of %I exceeded", static_cast<lua_Integer>(self->limit_));
  lua_concat(L, 2);
  lua_error(L);
}

}  // namespace ks
