#include "luahost/lua_pattern_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <lua.hpp>
#include <string>

namespace ks {

int PatternQuantifiers(std::string_view p, bool* anchored) {
  *anchored = !p.empty() && p[0] == '^';
  size_t i = *anchored ? 1 : 0;
  int quantifiers = 0;
  while (i < p.size()) {
    // One single-character class: %x, [set], or a plain character.
    if (p[i] == '%' && i + 1 < p.size()) {
      if (p[i + 1] == 'b') {  // %bxy: balanced match, no quantifier follows
        i += 4;
        continue;
      }
      if (p[i + 1] == 'f') {  // %f[set]: a frontier, no quantifier follows
        i += 2;
        if (i < p.size() && p[i] == '[') {
          ++i;
          if (i < p.size() && p[i] == '^') ++i;
          if (i < p.size()) ++i;  // a first ']' belongs to the set
          while (i < p.size() && p[i] != ']') i += p[i] == '%' ? 2 : 1;
          ++i;
        }
        continue;
      }
      i += 2;
    } else if (p[i] == '[') {
      ++i;
      if (i < p.size() && p[i] == '^') ++i;
      if (i < p.size()) ++i;  // a first ']' belongs to the set
      while (i < p.size() && p[i] != ']') i += p[i] == '%' ? 2 : 1;
      ++i;
    } else if (p[i] == '(' || p[i] == ')' || (p[i] == '$' && i + 1 == p.size())) {
      ++i;
      continue;  // captures and the end anchor take no quantifier
    } else {
      ++i;
    }
    if (i < p.size() && (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?')) {
      ++quantifiers;
      ++i;
    }
  }
  return quantifiers;
}

double PatternWorstCase(size_t subject_length, std::string_view pattern) {
  bool anchored = false;
  const int q = PatternQuantifiers(pattern, &anchored);
  const double n = static_cast<double>(subject_length) + 1;
  if (q == 0) return n * static_cast<double>(pattern.size() + 1);
  return std::pow(n, anchored ? q : q + 1);
}

namespace {

// The guarded function: upvalue 1 is the original, upvalue 2 the function's name.
int GuardedPatternCall(lua_State* L) {
  const bool find_plain =
      lua_toboolean(L, 4) && std::string_view(lua_tostring(L, lua_upvalueindex(2))) == "find";
  if (!find_plain && lua_type(L, 1) == LUA_TSTRING && lua_type(L, 2) == LUA_TSTRING) {
    size_t subject = 0, pattern = 0;
    lua_tolstring(L, 1, &subject);
    const char* p = lua_tolstring(L, 2, &pattern);
    const double steps = PatternWorstCase(subject, std::string_view(p, pattern));
    if (steps > kPatternStepLimit) {
      std::string shown(p, std::min<size_t>(pattern, 40));
      if (pattern > 40) shown += "...";
      const std::string message = fmt::format(
          "string.{}: pattern '{}' over {} bytes could take up to {:.0e} matcher steps, which "
          "run outside the instruction budget; use fewer repeated items (* + - ?), anchor it "
          "with ^, or match a shorter string",
          lua_tostring(L, lua_upvalueindex(2)), shown, subject, steps);
      luaL_where(L, 1);
      lua_pushlstring(L, message.data(), message.size());
      lua_concat(L, 2);
      return lua_error(L);
    }
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

}  // namespace

void GuardPatternFunctions(lua_State* L, int string_table) {
  string_table = lua_absindex(L, string_table);
  for (const char* name : {"find", "match", "gmatch", "gsub"}) {
    lua_getfield(L, string_table, name);
    lua_pushstring(L, name);
    lua_pushcclosure(L, &GuardedPatternCall, 2);
    lua_setfield(L, string_table, name);
  }
}

}  // namespace ks
