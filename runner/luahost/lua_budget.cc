#include "luahost/lua_budget.h"

#include <algorithm>
#include <lua.hpp>

#include "diag/interrupt.h"

namespace ks {

void InstructionBudget::Install(lua_State* L) {
  *static_cast<InstructionBudget**>(lua_getextraspace(L)) = this;
  Start(L);
}

void InstructionBudget::Start(lua_State* L) {
  executed_ = 0;
  exhausted_ = false;
  why_ = Why::kInstructions;
  step_ = static_cast<int>(std::min<int64_t>(kStep, std::max<int64_t>(limit_, 1)));
  // lua_sethook also restarts the hook's countdown, so every call gets the whole budget.
  lua_sethook(L, &InstructionBudget::Hook, LUA_MASKCOUNT, step_);
}

void InstructionBudget::Exhaust(lua_State* L) {
  exhausted_ = true;
  lua_sethook(L, &InstructionBudget::Hook, LUA_MASKCOUNT, 1);
}

std::string InstructionBudget::Message() const {
  switch (why_) {
    case Why::kDeadline:
      return "stopped at the scenario's deadline (its timeout)";
    case Why::kInterrupted:
      return "stopped: the run was interrupted (SIGINT or SIGTERM)";
    case Why::kInstructions:
      break;
  }
  return "instruction budget of " + std::to_string(limit_) + " exceeded";
}

void InstructionBudget::Hook(lua_State* L, lua_Debug* /*ar*/) {
  auto* self = *static_cast<InstructionBudget**>(lua_getextraspace(L));
  if (!self->exhausted_) {
    self->executed_ += self->step_;
    // A clock read every kStep instructions costs ~0.02 ns per instruction.
    if (InterruptRequested()) {
      self->why_ = Why::kInterrupted;
    } else if (Clock::now() >= self->deadline_) {
      self->why_ = Why::kDeadline;
    } else if (self->executed_ <= self->limit_) {
      return;
    }
    // From now on every instruction raises: see the class comment.
    self->Exhaust(L);
  }
  // Level 0 is the Lua function being counted: its chunk:line tells where the time went.
  luaL_where(L, 0);
  const std::string message = self->Message();
  lua_pushlstring(L, message.data(), message.size());
  lua_concat(L, 2);
  lua_error(L);
}

}  // namespace ks
