#pragma once

// A sandboxed Lua 5.4 state for scenario hooks (generators, partitioners, processing,
// processors, `lua` steps, custom checks). One LuaSandbox belongs to one thread at a time: an
// actor that calls Lua from several threads (parallel workers) owns one sandbox per thread.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diag/status.h"

struct lua_State;

namespace ks {

/// What one sandbox may use. Exceeding any fails the call with a clear message.
struct LuaLimits {
  int64_t instructions_per_call = 50'000'000;  ///< VM instructions per Call(), counted by a hook
  size_t memory_bytes = 64u << 20;             ///< bytes the state may hold at once (allocator)
  /// No Lua runs after this instant (steady clock): a run's deadline. A SIGINT or SIGTERM
  /// (diag/interrupt.h) stops Lua as well. Checked by the instruction hook (lua_budget.h).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

/// A function found by name in a sandbox (a registry reference; valid while the sandbox lives).
struct LuaFunction {
  int ref = -2;      ///< LUA_NOREF when unset
  std::string name;  ///< as written in the scenario, e.g. "orders.confirm"
  bool valid() const { return ref >= 0; }
};

/// A sandboxed lua_State (Lua 5.4, built as C++ so errors unwind through destructors).
///
/// Libraries: base without dofile, loadfile and binary chunks (load accepts text only), string,
/// table, math (math.random seeded from the scenario seed; math.randomseed needs a seed), utf8.
/// No os, io, package, debug, coroutine, string.dump, __gc metamethods (setmetatable refuses
/// them: finalizers run outside the budget); xpcall calls its handler after unwinding.
/// require(name) loads name.lua (dots become folders) as text from the module roots only, once.
/// Every entry into Lua (Call, LoadModule, Find) runs under a fresh instruction budget; the
/// allocator enforces the memory limit. Lua errors raised while `push` or `read` run outside a
/// protected call come back as a Status too (the panic function throws to the sandbox), never as an
/// abort.
class LuaSandbox {
 public:
  /// Creates a sandbox; `seed` seeds math.random; `module_roots` are the folders require() and
  /// LoadModule() may read from, in search order (the scenario's folder, then the project's lua/).
  /// Returns null and sets `error` (when not null) for a non-positive budget or when Lua cannot
  /// start within the memory limit.
  static std::unique_ptr<LuaSandbox> Create(const LuaLimits& limits, uint64_t seed,
                                            std::vector<std::filesystem::path> module_roots,
                                            std::string* error);
  ~LuaSandbox();
  LuaSandbox(const LuaSandbox&) = delete;
  LuaSandbox& operator=(const LuaSandbox&) = delete;

  /// Runs a module file (a scenario's `lua:` entry, relative paths resolved against the module
  /// roots, the first root holding the file wins) as a text chunk named "@<path as given>",
  /// under the budget. If it returns a table, the table becomes the global named after the
  /// file's stem (lua/orders.lua -> `orders`), so `orders.confirm` names its functions, and
  /// require("orders") returns it. Errors: file missing or outside the roots (symlinks and
  /// "../" included), a stem that would replace a library (string, table, math, utf8, _G),
  /// syntax error, runtime error (with traceback), budget or memory exceeded.
  Status LoadModule(const std::string& path);
  /// Finds a function and keeps a registry reference to it in `out` (released by lua_close):
  /// "fn" (a global), "mod.fn" (a field of a global table, any depth; __index is honoured), or
  /// an inline function written as Lua source starting with `function` (compiled as
  /// `return <source>`, chunk name "=inline", so its messages read "inline:1: ..."). Runs under
  /// the instruction budget. Errors name what was not found ("no global 'orders'", "'orders'
  /// has no field 'confirm'"), what is not a table or not a function, or the inline source's
  /// syntax error.
  Status Find(const std::string& name, LuaFunction* out);
  /// Calls `fn` under a fresh instruction budget. `push` (may be empty) pushes the arguments
  /// and returns how many (it may push up to 18 values; more need luaL_checkstack). `read` (may
  /// be empty) reads the `results` values left on the stack (index -results .. -1, or all of
  /// them with LUA_MULTRET) and returns an error for a wrong shape. The stack is back where it
  /// was afterwards, error or not, and the sandbox stays usable.
  /// Errors, each starting "Lua function '<fn.name>'": not found (an unset `fn`); "failed:"
  /// with the Lua message ("lua/orders.lua:12: ...") and its stack traceback, "instruction
  /// budget of N exceeded" or "memory limit of N MiB exceeded"; `read`'s message.
  Status Call(const LuaFunction& fn, const std::function<int(lua_State*)>& push, int results,
              const std::function<Status(lua_State*)>& read);
  /// The raw state, for pushing arguments and registering host functions (e.g. the `ks` table
  /// of a lua step); valid while the sandbox lives. Host functions report errors with
  /// lua_error/luaL_error, never a C++ exception (Lua's catch-all would lose its message).
  lua_State* state() const { return L_; }
  /// Bytes the state holds now, as counted by the allocator that enforces memory_bytes.
  size_t memory_in_use() const;

 private:
  LuaSandbox() = default;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  lua_State* L_ = nullptr;
};

}  // namespace ks
