#pragma once

// Helpers for the Lua host's tests: a temporary module folder and one-line calls.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <lua.hpp>
#include <memory>
#include <string>
#include <vector>

#include "luahost/lua_sandbox.h"

namespace ks::test_support {

/// A folder of its own under the system's temporary folder, removed (only it) on destruction.
class TempFolder {
 public:
  TempFolder() {
    static std::atomic<int> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
            ("ks-luahost-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(now % 1000000));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  const std::filesystem::path& path() const { return path_; }

  /// Writes `text` to `relative` (folders created) and returns the full path.
  std::filesystem::path Write(const std::string& relative, const std::string& text) const {
    const std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

/// A sandbox over `roots`; fails the test (and returns null) when it cannot start.
inline std::unique_ptr<LuaSandbox> NewSandbox(std::vector<std::filesystem::path> roots,
                                              LuaLimits limits = {}, uint64_t seed = 1) {
  std::string error;
  auto sandbox = LuaSandbox::Create(limits, seed, std::move(roots), &error);
  EXPECT_NE(sandbox, nullptr) << error;
  return sandbox;
}

/// Finds `name` and calls it with integer arguments; the results come back as strings
/// (lua_tostring, "nil"/"true"/"false" for the others).
inline Status CallWith(LuaSandbox& sandbox, const std::string& name,
                       const std::vector<lua_Integer>& args, int results,
                       std::vector<std::string>* out = nullptr) {
  LuaFunction fn;
  if (Status st = sandbox.Find(name, &fn); !st.ok()) return st;
  return sandbox.Call(
      fn,
      [&](lua_State* L) {
        for (lua_Integer a : args) lua_pushinteger(L, a);
        return static_cast<int>(args.size());
      },
      results,
      [&](lua_State* L) {
        if (out == nullptr) return Status::Ok();
        out->clear();
        for (int i = -results; i < 0; ++i) {
          if (lua_isboolean(L, i)) {
            out->push_back(lua_toboolean(L, i) ? "true" : "false");
          } else if (lua_isnil(L, i)) {
            out->push_back("nil");
          } else {
            size_t n = 0;
            const char* s = lua_tolstring(L, i, &n);
            out->push_back(s != nullptr ? std::string(s, n) : luaL_typename(L, i));
          }
        }
        return Status::Ok();
      });
}

/// Calls `name` with no arguments and returns its one result as a string ("" on error, with
/// the error in `status`).
inline std::string CallOne(LuaSandbox& sandbox, const std::string& name, Status* status = nullptr) {
  std::vector<std::string> out;
  Status st = CallWith(sandbox, name, {}, 1, &out);
  if (status != nullptr) *status = st;
  return st.ok() && !out.empty() ? out[0] : "";
}

}  // namespace ks::test_support
