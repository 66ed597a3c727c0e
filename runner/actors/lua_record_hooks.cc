#include "actors/lua_record_hooks.h"

#include <fmt/format.h>

#include <algorithm>
#include <lua.hpp>

namespace ks {
namespace {

// lua_type names for "expected a string, got a table" messages.
std::string TypeName(lua_State* L, int index) { return luaL_typename(L, index); }

}  // namespace

std::unique_ptr<LuaRecordHooks> LuaRecordHooks::Open(const ProducerSpec& spec, const LuaPlan& plan,
                                                     std::string* error) {
  const bool any = spec.key_lua || spec.value_lua || spec.headers_lua ||
                   spec.partitioner.kind == PartitionerKind::kLua;
  if (!any) return nullptr;
  auto hooks = std::make_unique<LuaRecordHooks>();
  hooks->spec_ = &spec;
  hooks->sandbox_ = plan.Open(spec.name, error);
  if (!hooks->sandbox_) return nullptr;
  auto find = [&](const std::optional<LuaRef>& ref, LuaFunction* out) {
    if (!ref) return true;
    if (Status st = FindLua(*hooks->sandbox_, *ref, out); !st.ok()) {
      *error = st.message();
      return false;
    }
    return true;
  };
  std::optional<LuaRef> partitioner;
  if (spec.partitioner.kind == PartitionerKind::kLua) partitioner = spec.partitioner.lua;
  if (!find(spec.key_lua, &hooks->key_) || !find(spec.value_lua, &hooks->value_) ||
      !find(spec.headers_lua, &hooks->headers_) || !find(partitioner, &hooks->partitioner_)) {
    return nullptr;
  }
  return hooks;
}

Status LuaRecordHooks::Key(int64_t i, std::string* key, bool* null_key) {
  Status st = sandbox_->Call(
      key_,
      [&](lua_State* L) {
        lua_pushinteger(L, i);
        return 1;
      },
      1,
      [&](lua_State* L) {
        *null_key = lua_isnil(L, -1);
        if (*null_key) return Status::Ok();
        if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER) {
          return Status::Error("a key must be a string or nil, got " + TypeName(L, -1));
        }
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        key->assign(s, len);
        return Status::Ok();
      });
  return st.ok() ? st : Status::Error(LuaErrorAt(*spec_->key_lua, st));
}

Status LuaRecordHooks::Value(int64_t i, std::string* value) {
  Status st = sandbox_->Call(
      value_,
      [&](lua_State* L) {
        lua_pushinteger(L, i);
        return 1;
      },
      1,
      [&](lua_State* L) {
        if (lua_type(L, -1) != LUA_TSTRING) {
          return Status::Error("a value must be a string, got " + TypeName(L, -1));
        }
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        value->assign(s, len);
        return Status::Ok();
      });
  return st.ok() ? st : Status::Error(LuaErrorAt(*spec_->value_lua, st));
}

Status LuaRecordHooks::Headers(int64_t i,
                               std::vector<std::pair<std::string, std::string>>* headers) {
  headers->clear();
  Status st = sandbox_->Call(
      headers_,
      [&](lua_State* L) {
        lua_pushinteger(L, i);
        return 1;
      },
      1,
      [&](lua_State* L) {
        if (lua_isnil(L, -1)) return Status::Ok();
        if (!lua_istable(L, -1)) {
          return Status::Error("headers must be a table {name = value}, got " + TypeName(L, -1));
        }
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
          if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TSTRING) {
            std::string message =
                fmt::format("a header must be a string name and value, got {} = {}",
                            TypeName(L, -2), TypeName(L, -1));
            lua_pop(L, 2);
            return Status::Error(message);
          }
          size_t klen = 0, vlen = 0;
          const char* k = lua_tolstring(L, -2, &klen);
          const char* v = lua_tolstring(L, -1, &vlen);
          headers->emplace_back(std::string(k, klen), std::string(v, vlen));
          lua_pop(L, 1);
        }
        std::sort(headers->begin(), headers->end());
        return Status::Ok();
      });
  return st.ok() ? st : Status::Error(LuaErrorAt(*spec_->headers_lua, st));
}

Status LuaRecordHooks::Partition(const std::string* key, int partitions, int32_t* partition) {
  Status st = sandbox_->Call(
      partitioner_,
      [&](lua_State* L) {
        if (key) {
          lua_pushlstring(L, key->data(), key->size());
        } else {
          lua_pushnil(L);
        }
        lua_pushinteger(L, partitions);
        return 2;
      },
      1,
      [&](lua_State* L) {
        int isnum = 0;
        const lua_Integer p = lua_tointegerx(L, -1, &isnum);
        if (!isnum) {
          return Status::Error("a partitioner must return an integer, got " + TypeName(L, -1));
        }
        if (p < 0 || p >= partitions) {
          return Status::Error(fmt::format("partition {} is outside 0..{}", p, partitions - 1));
        }
        *partition = static_cast<int32_t>(p);
        return Status::Ok();
      });
  return st.ok() ? st : Status::Error(LuaErrorAt(spec_->partitioner.lua, st));
}

}  // namespace ks
