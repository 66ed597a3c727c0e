#pragma once

// The libraries a sandbox opens, and what it takes out of them.

#include <cstdint>

struct lua_State;

namespace ks {

/// Sets up a fresh state; call it in protected mode (from a lua_CFunction run by lua_pcall).
/// `seed` is the scenario seed (its 64 bits become one lua_Integer). Opens base, string,
/// table, math and utf8 only (no os, io, package, debug, coroutine); removes dofile, loadfile
/// and string.dump; replaces `load` with one that accepts text chunks only (mode "t", in the
/// sandbox's globals unless an env is given), `setmetatable` with one that refuses __gc
/// (finalizers run with hooks off, outside the budget) and `xpcall` with one that calls the
/// message handler after unwinding (a handler called for the budget's error runs with hooks
/// off); seeds math.random with math.randomseed(seed) and
/// replaces math.randomseed with one that requires a seed, so every run draws the same numbers.
/// Raises a Lua error (out of memory) when the state cannot hold the libraries.
void OpenSandboxLibraries(lua_State* L, uint64_t seed);

}  // namespace ks
