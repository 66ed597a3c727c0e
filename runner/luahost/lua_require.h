#pragma once

// require() for the sandbox, and loading a module file as a text chunk.

#include <set>
#include <string>

#include "luahost/lua_module_roots.h"

struct lua_State;

namespace ks {

/// What require() needs; owned by the sandbox, outlives the state.
struct ModuleLoader {
  const ModuleRoots* roots = nullptr;
  std::set<std::string> loading;  ///< names being loaded now, to report circular requires
};

/// Reads `module` and loads it as a text chunk (binary chunks are refused) named
/// "@<display>", so messages read "lua/orders.lua:12: ...". Returns LUA_OK with the chunk's
/// function pushed, or an error status (LUA_ERRFILE, LUA_ERRSYNTAX, LUA_ERRMEM) with the message
/// pushed. Lua errors raised while pushing are not caught: call it in protected mode.
int LoadModuleChunk(lua_State* L, const ResolvedModule& module);

/// Sets the global `require(name)`: returns the registry's loaded-modules table entry
/// (LUA_LOADED_TABLE, as package.loaded) when there is one; otherwise resolves "a.b" to a/b.lua
/// in the module roots, runs it once with (name, path) and stores its result (true when it
/// returns nothing). Errors (raised in Lua, all starting "require('name'): "): a library left
/// out of the sandbox, outside the allowed folders, not found, syntax error, circular require.
/// `loader` must outlive the state.
void InstallRequire(lua_State* L, ModuleLoader* loader);

}  // namespace ks
