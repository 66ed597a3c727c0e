#include "luahost/scenario_lua.h"

#include <fmt/format.h>

#include <cstdlib>
#include <functional>

namespace ks {

std::vector<std::filesystem::path> LuaModuleRoots(const Scenario& scenario) {
  std::vector<std::filesystem::path> roots;
  std::filesystem::path file(scenario.path);
  roots.push_back(file.has_parent_path() ? file.parent_path() : std::filesystem::path("."));
  if (const char* env = std::getenv("KS_LUA_PATH"); env != nullptr && *env != '\0') {
    roots.emplace_back(env);
  } else {
    roots.emplace_back(KS_LUA_DIR);
  }
  return roots;
}

LuaPlan LuaPlan::Of(const Scenario& scenario) {
  LuaPlan plan;
  plan.roots = LuaModuleRoots(scenario);
  plan.modules = scenario.lua_modules;
  plan.seed = scenario.seed;
  return plan;
}

std::unique_ptr<LuaSandbox> LuaPlan::Open(std::string_view stream, std::string* error) const {
  const uint64_t stream_seed = seed ^ (std::hash<std::string_view>{}(stream)*0x9e3779b97f4a7c15ull);
  std::unique_ptr<LuaSandbox> sandbox = LuaSandbox::Create(limits, stream_seed, roots, error);
  if (!sandbox) return nullptr;
  for (const auto& [path, loc] : modules) {
    if (Status st = sandbox->LoadModule(path); !st.ok()) {
      *error = fmt::format("{}: lua module '{}': {}", loc.ToString(), path, st.message());
      return nullptr;
    }
  }
  return sandbox;
}

Status FindLua(LuaSandbox& sandbox, const LuaRef& ref, LuaFunction* out) {
  if (Status st = sandbox.Find(ref.function, out); !st.ok()) {
    return Status::Error(fmt::format("{}: {}", ref.loc.ToString(), st.message()));
  }
  return Status::Ok();
}

std::string LuaErrorAt(const LuaRef& ref, const Status& error) {
  return fmt::format("{}: {}", ref.loc.ToString(), error.message());
}

bool UsesLua(const Scenario& s) {
  if (!s.lua_modules.empty()) return true;
  for (const auto& p : s.producers) {
    if (p.key_lua || p.value_lua || p.headers_lua || p.partitioner.kind == PartitionerKind::kLua) {
      return true;
    }
  }
  for (const auto& g : s.groups) {
    if (g.processing && g.processing->lua) return true;
  }
  for (const auto& step : s.steps) {
    if (step.kind == StepSpec::Kind::kLua) return true;
  }
  for (const auto& e : s.expect) {
    if (e.check == "lua") return true;
  }
  return false;
}

}  // namespace ks
