#pragma once

// The Lua of one scenario: where its modules are found, which files it loads, and how each
// thread of a run gets its own sandbox with them (a lua_State is never shared between threads).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diag/status.h"
#include "luahost/lua_sandbox.h"
#include "scenario/model.h"

namespace ks {

/// The folders a scenario's Lua modules come from, in search order: the scenario file's folder,
/// then the project's lua/ folder (KS_LUA_PATH in the environment, else the lua/ folder of the
/// source tree this binary was built from).
std::vector<std::filesystem::path> LuaModuleRoots(const Scenario& scenario);

/// How to open sandboxes for a scenario. Plain data; Open() may be called from any thread and
/// the sandbox it returns then belongs to that thread.
struct LuaPlan {
  std::vector<std::filesystem::path> roots;
  std::vector<std::pair<std::string, SourceLoc>> modules;  ///< the scenario's `lua:` list
  uint64_t seed = 1;
  LuaLimits limits;

  /// The plan of `scenario` (its roots, modules and seed).
  static LuaPlan Of(const Scenario& scenario);
  /// A sandbox with the modules loaded; math.random seeded from the scenario seed and `stream`
  /// (an actor's name), so each actor draws its own repeatable sequence. Null with `error` set
  /// ("file:line: lua module 'x': ...") when a module cannot be loaded.
  std::unique_ptr<LuaSandbox> Open(std::string_view stream, std::string* error) const;
};

/// Finds `ref` in `sandbox`; the error points at the YAML field that named it.
Status FindLua(LuaSandbox& sandbox, const LuaRef& ref, LuaFunction* out);

/// "file:line: <message>": a failed Lua call, pointing at the YAML field that named the function.
std::string LuaErrorAt(const LuaRef& ref, const Status& error);

/// True when the scenario has any Lua hook (so actors without one never start a Lua state).
bool UsesLua(const Scenario& scenario);

}  // namespace ks
