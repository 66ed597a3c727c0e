// Nanoseconds per call into a sandboxed Lua function (LuaSandbox::Call), next to a bare Lua 5.4
// state (lua_pcall, no hook, no sandbox) doing the same work.
//
//   cmake --build build --target bench_lua_calls && build/bench_lua_calls [CALLS]
//
// CALLS defaults to 1,000,000 per measurement; each figure is the median of 5 measurements.
// Three shapes: a minimal function (no arguments, one integer result); a value generator called
// with (i) returning a 100-byte string the host copies out; a processing hook called with a
// record table {topic, partition, offset, key, value (100 B)} returning "ok". The bare column
// runs the same Lua functions in a plain luaL_newstate() state with lua_pcall and the same
// pushes and reads, so the difference is what the sandbox costs (count hook, allocator,
// message handler, std::function).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <lua.hpp>
#include <memory>
#include <string>
#include <vector>

#include "bench_scenario.h"
#include "luahost/lua_sandbox.h"

namespace ks {
namespace {

using Clock = std::chrono::steady_clock;

// Where results go so that the compiler keeps the reads.
volatile int64_t g_sink = 0;

constexpr const char* kModule = R"(local M = {}
function M.minimal() return 1 end
local pad = string.rep("v", 90)
function M.value(i) return string.format("%010d", i) .. pad end
function M.process(record)
  if #record.value ~= 100 then error("value of " .. #record.value .. " bytes") end
  return "ok"
end
return M
)";

const std::string kValue(100, 'x');

// Pushes a record table as a processing hook receives it.
int PushRecord(lua_State* L, int64_t i) {
  lua_createtable(L, 0, 5);
  lua_pushliteral(L, "orders");
  lua_setfield(L, -2, "topic");
  lua_pushinteger(L, i % 64);
  lua_setfield(L, -2, "partition");
  lua_pushinteger(L, i);
  lua_setfield(L, -2, "offset");
  char key[16];
  const int n = std::snprintf(key, sizeof key, "user-%d", static_cast<int>(i % 1000));
  lua_pushlstring(L, key, static_cast<size_t>(n));
  lua_setfield(L, -2, "key");
  lua_pushlstring(L, kValue.data(), kValue.size());
  lua_setfield(L, -2, "value");
  return 1;
}

// One way to call a function `calls` times; returns false on the first failure.
struct Shape {
  const char* name;
  std::function<bool(int64_t calls)> sandboxed;
  std::function<bool(int64_t calls)> bare;
};

double NsPerCall(const std::function<bool(int64_t)>& run, int64_t calls) {
  std::vector<double> samples;
  run(calls / 10);  // warm up: caches, the string table, the allocator
  for (int r = 0; r < 5; ++r) {
    const auto start = Clock::now();
    if (!run(calls)) return -1;
    samples.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() /
                      static_cast<double>(calls));
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

}  // namespace
}  // namespace ks

int main(int argc, char** argv) {
  using namespace ks;
  namespace fs = std::filesystem;
  const int64_t calls = argc > 1 ? std::atoll(argv[1]) : 1'000'000;

  bench::TempFolder temp("ks-bench-lua");
  const fs::path& dir = temp.path();
  std::ofstream(dir / "bench.lua") << kModule;

  std::string error;
  auto sandbox = LuaSandbox::Create(LuaLimits{}, 1, {dir}, &error);
  if (!sandbox) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  Status st = sandbox->LoadModule("bench.lua");
  LuaFunction minimal, value, process;
  for (auto [name, fn] : {std::pair{"bench.minimal", &minimal}, std::pair{"bench.value", &value},
                          std::pair{"bench.process", &process}}) {
    if (st.ok()) st = sandbox->Find(name, fn);
  }
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }

  // The bare state: the same module, run with luaL_dofile's equivalent, functions kept on the
  // registry as the sandbox keeps them.
  std::unique_ptr<lua_State, void (*)(lua_State*)> bare(luaL_newstate(), &lua_close);
  luaL_openlibs(bare.get());
  if (luaL_loadstring(bare.get(), kModule) != LUA_OK || lua_pcall(bare.get(), 0, 1, 0) != LUA_OK) {
    std::fprintf(stderr, "bare state: %s\n", lua_tostring(bare.get(), -1));
    return 1;
  }
  int bare_refs[3];
  const char* names[3] = {"minimal", "value", "process"};
  for (int i = 0; i < 3; ++i) {
    lua_getfield(bare.get(), -1, names[i]);
    bare_refs[i] = luaL_ref(bare.get(), LUA_REGISTRYINDEX);
  }
  lua_pop(bare.get(), 1);
  lua_State* B = bare.get();

  int64_t sink = 0;
  std::string out;
  const auto read_integer = [&](lua_State* L) {
    sink += lua_tointeger(L, -1);
    return Status::Ok();
  };
  const auto read_string = [&](lua_State* L) {
    size_t n = 0;
    const char* s = lua_tolstring(L, -1, &n);
    if (s == nullptr) return Status::Error("expected a string");
    out.assign(s, n);
    return Status::Ok();
  };
  const auto read_ok = [&](lua_State* L) {
    size_t n = 0;
    const char* s = lua_tolstring(L, -1, &n);
    return s != nullptr && n == 2 && s[0] == 'o' && s[1] == 'k' ? Status::Ok()
                                                                : Status::Error("expected \"ok\"");
  };
  const auto fail = [](const Status& s) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return false;
  };
  // The bare call: function from the registry, arguments, lua_pcall without a handler.
  const auto bare_call = [B](int ref, const std::function<int(lua_State*)>& push) {
    lua_rawgeti(B, LUA_REGISTRYINDEX, ref);
    const int args = push(B);
    return lua_pcall(B, args, 1, 0) == LUA_OK;
  };

  std::vector<Shape> shapes;
  shapes.push_back({"minimal call (no args, 1 result)",
                    [&](int64_t n) {
                      for (int64_t i = 0; i < n; ++i) {
                        Status s = sandbox->Call(minimal, nullptr, 1, read_integer);
                        if (!s.ok()) return fail(s);
                      }
                      return true;
                    },
                    [&](int64_t n) {
                      for (int64_t i = 0; i < n; ++i) {
                        lua_rawgeti(B, LUA_REGISTRYINDEX, bare_refs[0]);
                        if (lua_pcall(B, 0, 1, 0) != LUA_OK) return false;
                        sink += lua_tointeger(B, -1);
                        lua_pop(B, 1);
                      }
                      return true;
                    }});
  shapes.push_back({"generator (i) -> 100 B string",
                    [&](int64_t n) {
                      for (int64_t i = 0; i < n; ++i) {
                        Status s = sandbox->Call(
                            value,
                            [i](lua_State* L) {
                              lua_pushinteger(L, i);
                              return 1;
                            },
                            1, read_string);
                        if (!s.ok()) return fail(s);
                      }
                      return out.size() == 100;
                    },
                    [&](int64_t n) {
                      for (int64_t i = 0; i < n; ++i) {
                        if (!bare_call(bare_refs[1], [i](lua_State* L) {
                              lua_pushinteger(L, i);
                              return 1;
                            })) {
                          return false;
                        }
                        size_t len = 0;
                        const char* s = lua_tolstring(B, -1, &len);
                        out.assign(s, len);
                        lua_pop(B, 1);
                      }
                      return out.size() == 100;
                    }});
  shapes.push_back(
      {"processing hook (record table) -> \"ok\"",
       [&](int64_t n) {
         for (int64_t i = 0; i < n; ++i) {
           Status s = sandbox->Call(
               process, [i](lua_State* L) { return PushRecord(L, i); }, 1, read_ok);
           if (!s.ok()) return fail(s);
         }
         return true;
       },
       [&](int64_t n) {
         for (int64_t i = 0; i < n; ++i) {
           if (!bare_call(bare_refs[2], [i](lua_State* L) { return PushRecord(L, i); })) {
             return false;
           }
           lua_pop(B, 1);
         }
         return true;
       }});

  std::printf("%lld calls per measurement, median of 5\n", static_cast<long long>(calls));
  std::printf("  %-40s %12s %12s %8s\n", "shape", "sandbox ns", "bare ns", "ratio");
  int status = 0;
  for (const Shape& shape : shapes) {
    const double sandboxed = NsPerCall(shape.sandboxed, calls);
    const double plain = NsPerCall(shape.bare, calls);
    if (sandboxed < 0 || plain < 0) status = 1;
    std::printf("  %-40s %12.0f %12.0f %8.2f\n", shape.name, sandboxed, plain, sandboxed / plain);
  }
  std::printf("sandbox memory in use: %.1f KiB\n", sandbox->memory_in_use() / 1024.0);
  sandbox.reset();
  g_sink = sink;
  return status;
}
