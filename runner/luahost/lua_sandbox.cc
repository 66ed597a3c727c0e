#include "luahost/lua_sandbox.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <lua.hpp>
#include <string_view>

#include "luahost/lua_allocator.h"
#include "luahost/lua_budget.h"
#include "luahost/lua_libs.h"
#include "luahost/lua_module_roots.h"
#include "luahost/lua_require.h"

namespace ks {
namespace fs = std::filesystem;

namespace {

// Thrown by the panic function: a Lua error outside any protected call (e.g. out of memory
// while `push` builds the arguments) comes back to the sandbox instead of aborting. Lua 5.4
// resets the thread before it calls the panic function (luaE_resetthread), so the state
// stays usable.
struct LuaPanic {
  std::string message;
};

int Panic(lua_State* L) {
  const char* message = lua_tostring(L, -1);
  throw LuaPanic{message != nullptr ? message : "an error object that is not a string"};
}

// The message handler of every protected call: appends the stack traceback to the message
// (as lua.c's msghandler does); the stack is still intact only here.
int MessageHandler(lua_State* L) {
  const char* message = lua_tostring(L, 1);
  if (message == nullptr) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    message = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, message, 1);
  return 1;
}

// Sets up a fresh state in protected mode: arg 1 the seed, arg 2 the ModuleLoader.
int Setup(lua_State* L) {
  const auto seed = static_cast<uint64_t>(lua_tointeger(L, 1));
  auto* loader = static_cast<ModuleLoader*>(lua_touserdata(L, 2));
  lua_settop(L, 0);
  OpenSandboxLibraries(L, seed);
  InstallRequire(L, loader);
  return 0;
}

// Walks "a.b.c" from the globals, honouring __index. Arg 1: the name. Returns the value (nil
// when the last part is missing); raises a plain message when a part before the last is not a
// table.
int LookUp(lua_State* L) {
  size_t length = 0;
  const char* text = lua_tolstring(L, 1, &length);
  const std::string_view name(text, length);
  lua_pushglobaltable(L);
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    const std::string_view part =
        name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (part.empty()) {
      lua_pushliteral(L, "a name has an empty part");
      return lua_error(L);
    }
    lua_pushlstring(L, part.data(), part.size());
    lua_gettable(L, -2);
    lua_remove(L, -2);
    if (dot == std::string_view::npos) return 1;
    if (!lua_istable(L, -1)) {
      const std::string prefix(name.substr(0, dot));
      if (start == 0 && lua_isnil(L, -1)) {
        lua_pushfstring(L, "no global '%s'", prefix.c_str());
      } else {
        lua_pushfstring(L, "'%s' is %s, not a table", prefix.c_str(),
                        lua_isnil(L, -1) ? "nil" : luaL_typename(L, -1));
      }
      return lua_error(L);
    }
    start = dot + 1;
  }
}

// Whether a function name is inline Lua source ("function(r) ... end").
bool IsInline(std::string_view name) {
  const size_t first = name.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  name.remove_prefix(first);
  constexpr std::string_view kKeyword = "function";
  if (name.substr(0, kKeyword.size()) != kKeyword) return false;
  if (name.size() == kKeyword.size()) return true;
  const auto next = static_cast<unsigned char>(name[kKeyword.size()]);
  return !(std::isalnum(next) || next == '_');  // `functions.x` is a table called functions
}

// A function name for messages: inline source is cut to its first line.
std::string Shown(const std::string& name) {
  if (!IsInline(name)) return name;
  constexpr size_t kMax = 60;
  const size_t first = name.find_first_not_of(" \t\r\n");
  std::string line = name.substr(first, name.find('\n', first) - first);
  if (line.size() > kMax) line = line.substr(0, kMax);
  return line.size() + first < name.size() ? line + " ..." : line;
}

// A type name with its article, for "is a number".
std::string TypeWithArticle(lua_State* L, int index) {
  if (lua_isnil(L, index)) return "nil";
  const std::string type = luaL_typename(L, index);
  const bool vowel = type.find_first_of("aeiou") == 0;
  return (vowel ? "an " : "a ") + type;
}

// File stems that would replace a library of the sandbox if LoadModule made them globals.
bool IsLibraryName(std::string_view stem) {
  static constexpr std::array<std::string_view, 6> kLibraries = {"_G",   "string", "table",
                                                                 "math", "utf8",   "require"};
  for (std::string_view lib : kLibraries) {
    if (stem == lib) return true;
  }
  return false;
}

}  // namespace

struct LuaSandbox::Impl {
  Impl(const LuaLimits& limits, std::vector<fs::path> module_roots)
      : allocator(limits.memory_bytes),
        budget(limits.instructions_per_call, limits.deadline),
        roots(std::move(module_roots)) {
    loader.roots = &roots;
  }

  // The text of the error on the stack top after a failed protected call (`status`), with
  // Lua's "not enough memory" named as the memory limit when the allocator refused. A call
  // that returned normally after Lua code caught the budget's error with pcall failed too.
  std::string ErrorText(lua_State* L, int status) const {
    if (status == LUA_OK) return budget.Message() + " (the error was caught by pcall in Lua)";
    const char* raw = lua_tostring(L, -1);
    std::string text = raw != nullptr ? raw : "(error object is not a string)";
    return NameMemoryLimit(std::move(text), status == LUA_ERRMEM);
  }

  std::string NameMemoryLimit(std::string text, bool memory_error) const {
    constexpr std::string_view kLuaOutOfMemory = "not enough memory";
    if (!allocator.refused()) return text;
    const size_t at = text.find(kLuaOutOfMemory);
    if (at != std::string::npos) {
      return text.replace(at, kLuaOutOfMemory.size(), MemoryLimitMessage(allocator.limit()));
    }
    return memory_error ? MemoryLimitMessage(allocator.limit()) + ": " + text : text;
  }

  LuaAllocator allocator;
  InstructionBudget budget;
  ModuleRoots roots;
  ModuleLoader loader;
  int depth = 0;  // entries into Lua under way: a host function may call back into Lua
};

namespace {

// One entry into Lua from the host: the outermost one starts a fresh instruction budget and
// forgets earlier memory refusals; nested ones (a host function calling back) share it.
class Entry {
 public:
  Entry(lua_State* L, int* depth, InstructionBudget* budget, LuaAllocator* allocator)
      : depth_(depth) {
    if ((*depth_)++ == 0) {
      budget->Start(L);
      allocator->ClearRefused();
    }
  }
  ~Entry() { --*depth_; }
  Entry(const Entry&) = delete;
  Entry& operator=(const Entry&) = delete;

 private:
  int* depth_;
};

}  // namespace

std::unique_ptr<LuaSandbox> LuaSandbox::Create(const LuaLimits& limits, uint64_t seed,
                                               std::vector<fs::path> module_roots,
                                               std::string* error) {
  const auto fail = [error](std::string message) {
    if (error != nullptr) *error = std::move(message);
    return std::unique_ptr<LuaSandbox>();
  };
  if (limits.instructions_per_call <= 0) {
    return fail(fmt::format("the Lua instruction budget must be positive, not {}",
                            limits.instructions_per_call));
  }
  // The constructor is private; the object is owned from the first moment.
  std::unique_ptr<LuaSandbox> sandbox(new LuaSandbox());
  sandbox->impl_ = std::make_unique<Impl>(limits, std::move(module_roots));
  Impl& impl = *sandbox->impl_;
  lua_State* L = lua_newstate(&LuaAllocator::Alloc, &impl.allocator);
  if (L == nullptr) {
    return fail("Lua cannot start: " + MemoryLimitMessage(limits.memory_bytes));
  }
  sandbox->L_ = L;
  lua_atpanic(L, &Panic);
  impl.budget.Install(L);
  lua_pushcfunction(L, &Setup);
  lua_pushinteger(L, static_cast<lua_Integer>(seed));
  lua_pushlightuserdata(L, &impl.loader);
  const int status = lua_pcall(L, 2, 0, 0);
  if (status != LUA_OK) {
    return fail("Lua cannot start: " + impl.ErrorText(L, status));
  }
  return sandbox;
}

LuaSandbox::~LuaSandbox() {
  if (L_ == nullptr) return;
  // lua_close runs the finalizers Lua code left behind: they get no instructions to spend.
  impl_->budget.Exhaust(L_);
  try {
    lua_close(L_);
  } catch (...) {
    // A destructor must not throw; lua_close runs finalizers in protected mode, so this is
    // only a guard.
  }
}

size_t LuaSandbox::memory_in_use() const { return impl_->allocator.in_use(); }

Status LuaSandbox::LoadModule(const std::string& path) {
  ResolvedModule module;
  if (Status st = impl_->roots.Resolve(path, &module); !st.ok()) {
    return Status::Error("cannot load Lua module " + st.message());
  }
  const std::string stem = fs::path(module.display).stem().string();
  if (IsLibraryName(stem)) {
    return Status::Error(fmt::format(
        "cannot load Lua module {}: its global '{}' would replace Lua's own; rename the file",
        module.display, stem));
  }
  const int base = lua_gettop(L_);
  Entry entry(L_, &impl_->depth, &impl_->budget, &impl_->allocator);
  try {
    lua_pushcfunction(L_, &MessageHandler);
    int status = LoadModuleChunk(L_, module);
    if (status == LUA_OK) status = lua_pcall(L_, 0, 1, base + 1);
    if (status != LUA_OK || impl_->budget.exhausted()) {
      std::string text = impl_->ErrorText(L_, status);
      lua_settop(L_, base);
      return Status::Error(fmt::format("Lua module {} failed: {}", module.display, text));
    }
    if (lua_istable(L_, -1)) {
      // Also in the loaded-modules table: require(stem) returns this table, and tracebacks
      // name its functions "orders.confirm".
      luaL_getsubtable(L_, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
      lua_pushvalue(L_, -2);
      lua_setfield(L_, -2, stem.c_str());
      lua_pop(L_, 1);
      lua_setglobal(L_, stem.c_str());
    }
    lua_settop(L_, base);
    return Status::Ok();
  } catch (const LuaPanic& panic) {
    lua_settop(L_, 0);
    return Status::Error(fmt::format("Lua module {} failed: {}", module.display,
                                     impl_->NameMemoryLimit(panic.message, false)));
  }
}

Status LuaSandbox::Find(const std::string& name, LuaFunction* out) {
  const std::string shown = Shown(name);
  const bool is_inline = IsInline(name);
  const int base = lua_gettop(L_);
  Entry entry(L_, &impl_->depth, &impl_->budget, &impl_->allocator);
  try {
    lua_pushcfunction(L_, &MessageHandler);
    int status = LUA_OK;
    if (is_inline) {
      const std::string source = "return " + name;
      status = luaL_loadbufferx(L_, source.data(), source.size(), "=inline", "t");
      if (status == LUA_OK) status = lua_pcall(L_, 0, 1, base + 1);
    } else {
      lua_pushcfunction(L_, &LookUp);
      lua_pushlstring(L_, name.data(), name.size());
      status = lua_pcall(L_, 1, 1, 0);  // no traceback: LookUp's messages are plain
    }
    std::string problem;
    if (status != LUA_OK || impl_->budget.exhausted()) {
      problem =
          fmt::format("Lua function '{}' {}: {}", shown,
                      is_inline ? "does not compile" : "not found", impl_->ErrorText(L_, status));
    } else if (lua_isnil(L_, -1) && !is_inline) {
      const size_t dot = name.rfind('.');
      problem = dot == std::string::npos
                    ? fmt::format("Lua function '{}' not found: no global '{}'", shown, name)
                    : fmt::format("Lua function '{}' not found: '{}' has no field '{}'", shown,
                                  name.substr(0, dot), name.substr(dot + 1));
    } else if (!lua_isfunction(L_, -1)) {
      problem =
          fmt::format("Lua function '{}' is {}, not a function", shown, TypeWithArticle(L_, -1));
    }
    if (!problem.empty()) {
      lua_settop(L_, base);
      return Status::Error(std::move(problem));
    }
    out->ref = luaL_ref(L_, LUA_REGISTRYINDEX);
    out->name = name;
    lua_settop(L_, base);
    return Status::Ok();
  } catch (const LuaPanic& panic) {
    lua_settop(L_, 0);
    return Status::Error(fmt::format("Lua function '{}' not found: {}", shown,
                                     impl_->NameMemoryLimit(panic.message, false)));
  }
}

Status LuaSandbox::Call(const LuaFunction& fn, const std::function<int(lua_State*)>& push,
                        int results, const std::function<Status(lua_State*)>& read) {
  if (!fn.valid()) {
    return Status::Error(
        fmt::format("Lua function '{}' not found (Find it before calling it)", Shown(fn.name)));
  }
  const int base = lua_gettop(L_);
  Entry entry(L_, &impl_->depth, &impl_->budget, &impl_->allocator);
  try {
    lua_pushcfunction(L_, &MessageHandler);
    lua_rawgeti(L_, LUA_REGISTRYINDEX, fn.ref);
    const int args = push ? push(L_) : 0;
    if (args < 0 || lua_gettop(L_) != base + 2 + args) {
      const int pushed = lua_gettop(L_) - base - 2;
      lua_settop(L_, base);
      return Status::Error(
          fmt::format("Lua function '{}': the host pushed {} arguments but said {}", Shown(fn.name),
                      pushed, args));
    }
    const int status = lua_pcall(L_, args, results, base + 1);
    Status result = Status::Ok();
    if (status != LUA_OK || impl_->budget.exhausted()) {
      result = Status::Error(fmt::format("Lua function '{}' failed: {}", Shown(fn.name),
                                         impl_->ErrorText(L_, status)));
    } else if (read) {
      result = read(L_);
      if (!result.ok()) {
        result =
            Status::Error(fmt::format("Lua function '{}': {}", Shown(fn.name), result.message()));
      }
    }
    lua_settop(L_, base);
    return result;
  } catch (const LuaPanic& panic) {
    lua_settop(L_, 0);
    return Status::Error(fmt::format("Lua function '{}' failed: {}", Shown(fn.name),
                                     impl_->NameMemoryLimit(panic.message, false)));
  }
}

}  // namespace ks
