#pragma once

// The instruction budget: a count hook that stops a Lua call after N VM instructions, at a
// deadline, or when the run is interrupted.

#include <chrono>
#include <cstdint>
#include <string>

struct lua_State;
struct lua_Debug;

namespace ks {

/// Stops Lua code that runs too long (including `while true do end`) with the error
/// "<chunk>:<line>: instruction budget of N exceeded". Counted by a LUA_MASKCOUNT hook (Lua 5.4
/// manual, lua_sethook) every kStep instructions, so a call may overrun by up to kStep.
/// Once exhausted, the hook fires on every instruction and raises each time, so Lua code that
/// catches the error with pcall cannot keep running: the next instruction outside the pcall
/// raises again. C functions (string.rep, patterns) run no instructions and are not counted.
/// The same hook ends a call at `deadline` (a run's deadline) and at a SIGINT or SIGTERM
/// (diag/interrupt.h), checked every kStep instructions, so a run never waits on Lua past either.
class InstructionBudget {
 public:
  static constexpr int kStep = 1000;
  using Clock = std::chrono::steady_clock;

  /// `limit`: instructions per Start() (positive). `deadline`: no Lua instruction runs after it.
  explicit InstructionBudget(int64_t limit, Clock::time_point deadline = Clock::time_point::max())
      : limit_(limit), deadline_(deadline) {}

  /// Installs the hook on `L` and keeps `this` in L's extra space (lua_getextraspace), where
  /// the hook finds it; threads created later inherit both. Call once, before any code runs.
  void Install(lua_State* L);
  /// Starts a fresh budget for one entry into Lua (a Call, a module load, an inline function).
  void Start(lua_State* L);
  /// Makes any further instruction fail (before lua_close runs the finalizers left by Lua
  /// code, so a finalizer that loops cannot hold up the destructor).
  void Exhaust(lua_State* L);

  /// Whether the budget ran out since Start(), even if Lua code caught the error with pcall:
  /// the host treats such a call as failed too.
  bool exhausted() const { return exhausted_; }
  /// Why the call was stopped: "instruction budget of N exceeded", "stopped at the scenario's
  /// deadline (its timeout)" or "stopped: the run was interrupted (SIGINT or SIGTERM)".
  std::string Message() const;
  /// The limit given at construction.
  int64_t limit() const { return limit_; }
  /// Instructions counted since Start(), to a precision of kStep.
  int64_t executed() const { return executed_; }

 private:
  enum class Why { kInstructions, kDeadline, kInterrupted };
  static void Hook(lua_State* L, lua_Debug* ar);

  int64_t limit_;
  Clock::time_point deadline_;
  int64_t executed_ = 0;
  int step_ = kStep;
  bool exhausted_ = false;
  Why why_ = Why::kInstructions;
};

}  // namespace ks
