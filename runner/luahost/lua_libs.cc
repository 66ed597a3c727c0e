#include "luahost/lua_libs.h"

#include <lua.hpp>

#include "luahost/lua_pattern_guard.h"

namespace ks {
namespace {

// Calls the wrapped Lua function (upvalue 1) with the arguments on the stack and returns all its
// results: the tail every wrapper below shares once it has checked or changed its arguments.
int CallOriginal(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

// load(chunk [, chunkname [, mode [, env]]]) with the mode forced to "t": Lua's own load (the
// upvalue) refuses a binary chunk with "attempt to load a binary chunk (mode is 't')". Binary
// chunks are refused because malformed bytecode can crash the VM (Lua 5.4 manual, load).
int TextOnlyLoad(lua_State* L) {
  // Keeps "no env argument" apart from "env = nil" (the chunk then has no globals at all).
  if (lua_gettop(L) < 3) lua_settop(L, 3);
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  return CallOriginal(L);
}

// math.randomseed(x [, y]) as Lua's (the upvalue), but never without a seed: Lua would seed
// from the clock and a run would no longer repeat.
int SeededRandomseed(lua_State* L) {
  if (lua_isnone(L, 1)) {
    return luaL_error(L,
                      "math.randomseed() needs a seed in a scenario: math.random is seeded from "
                      "the scenario seed so that runs repeat");
  }
  return CallOriginal(L);
}

// setmetatable(t, mt) as Lua's (the upvalue), but refusing a metatable with a __gc field. Lua
// runs finalizers with hooks off (lgc.c, GCTM), so a finalizer would escape the instruction
// budget. Checking when the metatable is set suffices: a __gc field added later does not mark
// the object for finalization (Lua 5.4 manual, 2.5.3). The check is a raw get, as Lua's is.
int SetmetatableWithoutGc(lua_State* L) {
  if (lua_type(L, 2) == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    const bool has_gc = lua_rawget(L, 2) != LUA_TNIL;
    lua_pop(L, 1);
    if (has_gc) {
      return luaL_error(L,
                        "setmetatable: __gc metamethods are not available in the sandbox "
                        "(finalizers would run outside the instruction budget)");
    }
  }
  return CallOriginal(L);
}

// xpcall(f, msgh, ...) that calls the message handler after the error has unwound, not at the
// point of the error. When the instruction budget's hook raises, Lua calls the handler with
// hooks off (ldo.c, luaD_hook leaves them off until the pcall returns), so a handler that loops
// would never be stopped. Without the debug library a handler cannot look at the stack anyway,
// so only the order changes: to-be-closed variables close before the handler runs.
int XpcallAfterUnwind(lua_State* L) {
  const int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  luaL_checkstack(L, n, "too many arguments to xpcall");
  lua_pushvalue(L, 1);
  for (int i = 3; i <= n; ++i) lua_pushvalue(L, i);
  const int status = lua_pcall(L, n - 2, LUA_MULTRET, 0);
  if (status == LUA_OK) {
    lua_pushboolean(L, 1);
    lua_insert(L, n + 1);
    return lua_gettop(L) - n;
  }
  if (status != LUA_ERRMEM) {  // as Lua: no handler for a memory error
    lua_pushvalue(L, 2);
    lua_insert(L, -2);
    // An error in the handler becomes the result, as Lua's "error in error handling" does.
    lua_pcall(L, 1, 1, 0);
  }
  lua_pushboolean(L, 0);
  lua_insert(L, -2);
  return 2;
}

void RemoveField(lua_State* L, int table, const char* name) {
  lua_pushnil(L);
  lua_setfield(L, table, name);
}

}  // namespace

void OpenSandboxLibraries(lua_State* L, uint64_t seed) {
  static constexpr luaL_Reg kLibraries[] = {
      {LUA_GNAME, luaopen_base},       {LUA_STRLIBNAME, luaopen_string},
      {LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
      {LUA_UTF8LIBNAME, luaopen_utf8},
  };
  for (const luaL_Reg& lib : kLibraries) {
    luaL_requiref(L, lib.name, lib.func, 1);
    lua_pop(L, 1);
  }

  lua_pushglobaltable(L);
  const int globals = lua_gettop(L);
  RemoveField(L, globals, "dofile");
  RemoveField(L, globals, "loadfile");
  lua_getfield(L, globals, "load");
  lua_pushcclosure(L, &TextOnlyLoad, 1);
  lua_setfield(L, globals, "load");
  lua_getfield(L, globals, "setmetatable");
  lua_pushcclosure(L, &SetmetatableWithoutGc, 1);
  lua_setfield(L, globals, "setmetatable");
  lua_pushcfunction(L, &XpcallAfterUnwind);
  lua_setfield(L, globals, "xpcall");

  lua_getfield(L, globals, LUA_STRLIBNAME);
  RemoveField(L, lua_gettop(L), "dump");  // its only use would be a binary chunk for load
  GuardPatternFunctions(L, lua_gettop(L));
  lua_pop(L, 1);

  lua_getfield(L, globals, LUA_MATHLIBNAME);
  const int math = lua_gettop(L);
  lua_getfield(L, math, "randomseed");
  lua_pushvalue(L, -1);
  lua_pushinteger(L, static_cast<lua_Integer>(seed));
  lua_call(L, 1, 0);
  lua_pushcclosure(L, &SeededRandomseed, 1);
  lua_setfield(L, math, "randomseed");
  lua_settop(L, globals - 1);
}

}  // namespace ks
