#include "actors/lua_processing.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <lua.hpp>

namespace ks {
namespace {

void SetStringField(lua_State* L, const char* name, const std::string& value) {
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, name);
}

std::string StringAt(lua_State* L, int index) {
  size_t len = 0;
  const char* s = lua_tolstring(L, index, &len);
  return std::string(s, len);
}

// Reads one output table at the top of the stack.
Status ReadOutput(lua_State* L, const TransformSpec& t, LuaOutput* out) {
  if (!lua_istable(L, -1)) {
    return Status::Error(fmt::format(
        "an output must be a table {{topic, key, value, headers}}, got {}", luaL_typename(L, -1)));
  }
  lua_getfield(L, -1, "topic");
  if (lua_isnil(L, -1)) {
    out->topic = t.to.front();
  } else if (lua_type(L, -1) == LUA_TSTRING) {
    out->topic = StringAt(L, -1);
    if (std::find(t.to.begin(), t.to.end(), out->topic) == t.to.end()) {
      lua_pop(L, 1);
      return Status::Error(fmt::format("output topic '{}' is not one of the processor's to: [{}]",
                                       out->topic, fmt::join(t.to, ", ")));
    }
  } else {
    lua_pop(L, 1);
    return Status::Error("an output's topic must be a string");
  }
  lua_pop(L, 1);
  lua_getfield(L, -1, "key");
  out->has_key = !lua_isnil(L, -1);
  if (out->has_key) {
    if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER) {
      lua_pop(L, 1);
      return Status::Error("an output's key must be a string or nil");
    }
    out->key = StringAt(L, -1);
  }
  lua_pop(L, 1);
  lua_getfield(L, -1, "value");
  if (!lua_isnil(L, -1)) {
    if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER) {
      lua_pop(L, 1);
      return Status::Error("an output's value must be a string or nil");
    }
    out->value = StringAt(L, -1);
  }
  lua_pop(L, 1);
  lua_getfield(L, -1, "headers");
  if (lua_istable(L, -1)) {
    lua_pushnil(L);
    while (lua_next(L, -2) != 0) {
      if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING) {
        out->headers.emplace_back(StringAt(L, -2), StringAt(L, -1));
      }
      lua_pop(L, 1);
    }
    std::sort(out->headers.begin(), out->headers.end());
  }
  lua_pop(L, 1);
  return Status::Ok();
}

}  // namespace

std::unique_ptr<LuaProcessing> LuaProcessing::Open(const GroupSpec& group, const LuaPlan& plan,
                                                   const std::string& stream, std::string* error) {
  auto p = std::make_unique<LuaProcessing>();
  p->group_ = &group;
  p->sandbox_ = plan.Open(stream, error);
  if (!p->sandbox_) return nullptr;
  if (Status st = FindLua(*p->sandbox_, *group.processing->lua, &p->fn_); !st.ok()) {
    *error = st.message();
    return nullptr;
  }
  return p;
}

Status LuaProcessing::Process(const LuaRecord& r, LuaOutcome* outcome) {
  *outcome = LuaOutcome{};
  const TransformSpec* transform = group_->transform ? &*group_->transform : nullptr;
  Status st = sandbox_->Call(
      fn_,
      [&](lua_State* L) {
        lua_createtable(L, 0, 8);
        SetStringField(L, "topic", r.topic);
        lua_pushinteger(L, r.partition);
        lua_setfield(L, -2, "partition");
        lua_pushinteger(L, r.offset);
        lua_setfield(L, -2, "offset");
        if (r.has_key) SetStringField(L, "key", r.key);
        SetStringField(L, "value", r.value);
        lua_createtable(L, 0, static_cast<int>(r.headers.size()));
        for (const auto& [name, value] : r.headers) SetStringField(L, name.c_str(), value);
        lua_setfield(L, -2, "headers");
        lua_pushinteger(L, r.attempt);
        lua_setfield(L, -2, "attempt");
        return 1;
      },
      1,
      [&](lua_State* L) -> Status {
        if (transform) {
          if (lua_isnil(L, -1)) return Status::Ok();
          if (!lua_istable(L, -1)) {
            return Status::Error(
                fmt::format("a processor returns nil, an output table or a list of them, got {}",
                            luaL_typename(L, -1)));
          }
          // A list has element 1; a single output has named fields.
          lua_rawgeti(L, -1, 1);
          const bool list = !lua_isnil(L, -1);
          lua_pop(L, 1);
          if (!list) {
            LuaOutput out;
            if (Status s = ReadOutput(L, *transform, &out); !s.ok()) return s;
            outcome->outputs.push_back(std::move(out));
            return Status::Ok();
          }
          const lua_Integer n = luaL_len(L, -1);
          for (lua_Integer i = 1; i <= n; ++i) {
            lua_rawgeti(L, -1, i);
            LuaOutput out;
            Status s = ReadOutput(L, *transform, &out);
            lua_pop(L, 1);
            if (!s.ok()) return s;
            outcome->outputs.push_back(std::move(out));
          }
          return Status::Ok();
        }
        if (lua_type(L, -1) == LUA_TNUMBER) {
          outcome->delay_ms = std::max<int64_t>(0, static_cast<int64_t>(lua_tonumber(L, -1)));
          return Status::Ok();
        }
        if (lua_type(L, -1) == LUA_TSTRING) {
          const std::string s = StringAt(L, -1);
          if (s == "ok") return Status::Ok();
          if (s == "fail") {
            outcome->failed = true;
            return Status::Ok();
          }
        }
        return Status::Error(
            fmt::format("a processing function returns \"ok\", \"fail\" or a delay in ms, got {}",
                        lua_type(L, -1) == LUA_TSTRING ? "\"" + StringAt(L, -1) + "\""
                                                       : std::string(luaL_typename(L, -1))));
      });
  return st.ok() ? st : Status::Error(LuaErrorAt(*group_->processing->lua, st));
}

}  // namespace ks
