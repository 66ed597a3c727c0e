#include "luahost/lua_require.h"

#include <array>
#include <fstream>
#include <lua.hpp>
#include <sstream>
#include <string_view>

namespace ks {
namespace {

// Reads a whole file; false when it cannot be read. Catches everything: a C++ exception must
// not cross Lua's error handling, which would turn it into an unreadable error.
bool ReadFile(const std::filesystem::path& path, std::string* text) {
  try {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return false;
    *text = std::move(buffer).str();
    return true;
  } catch (...) {
    return false;
  }
}

// Standard libraries the sandbox leaves out on purpose: require() says so instead of "not found".
bool IsWithheldLibrary(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kWithheld = {"os", "io", "debug", "package",
                                                                "coroutine"};
  for (std::string_view w : kWithheld) {
    if (name == w) return true;
  }
  return false;
}

// Removes a name from ModuleLoader::loading when require() returns or a Lua error unwinds
// through it (Lua built as C++ throws, so destructors run).
class LoadingMark {
 public:
  LoadingMark(ModuleLoader* loader, std::string name) : loader_(loader), name_(std::move(name)) {
    loader_->loading.insert(name_);
  }
  ~LoadingMark() { loader_->loading.erase(name_); }
  LoadingMark(const LoadingMark&) = delete;
  LoadingMark& operator=(const LoadingMark&) = delete;

 private:
  ModuleLoader* loader_;
  std::string name_;
};

int Require(lua_State* L) {
  auto* loader = static_cast<ModuleLoader*>(lua_touserdata(L, lua_upvalueindex(1)));
  const char* name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);  // 2
  lua_getfield(L, 2, name);
  if (lua_toboolean(L, -1)) return 1;
  lua_pop(L, 1);
  if (IsWithheldLibrary(name)) {
    return luaL_error(L, "require('%s'): the %s library is not available in the sandbox", name,
                      name);
  }
  if (loader->loading.count(name) != 0) {
    return luaL_error(L, "require('%s'): circular require (%s is still loading)", name, name);
  }
  ResolvedModule module;
  bool resolved = false;
  std::string problem;
  try {
    Status st = loader->roots->ResolveName(name, &module);
    resolved = st.ok();
    problem = st.message();
  } catch (const std::exception& e) {
    problem = e.what();
  }
  if (!resolved) return luaL_error(L, "require('%s'): %s", name, problem.c_str());
  if (LoadModuleChunk(L, module) != LUA_OK) {
    return luaL_error(L, "require('%s'): %s", name, lua_tostring(L, -1));
  }
  LoadingMark mark(loader, name);
  lua_pushstring(L, name);
  lua_pushstring(L, module.display.c_str());
  lua_call(L, 2, 1);  // errors go on with their traceback; `mark` unwinds
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  }
  lua_pushvalue(L, -1);
  lua_setfield(L, 2, name);
  return 1;
}

}  // namespace

int LoadModuleChunk(lua_State* L, const ResolvedModule& module) {
  std::string text;
  if (!ReadFile(module.canonical, &text)) {
    lua_pushfstring(L, "cannot read %s", module.display.c_str());
    return LUA_ERRFILE;
  }
  const std::string chunk_name = "@" + module.display;
  return luaL_loadbufferx(L, text.data(), text.size(), chunk_name.c_str(), "t");
}

void InstallRequire(lua_State* L, ModuleLoader* loader) {
  lua_pushlightuserdata(L, loader);
  lua_pushcclosure(L, &Require, 1);
  lua_setglobal(L, "require");
}

}  // namespace ks
