#include "luahost/lua_pattern_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <lua.hpp>
#include <string>

namespace ks {

int PatternQuantifiers(std::string_view p, bool* anchored, bool honours_anchor, int* scans) {
  *anchored = honours_anchor && !p.empty() && p[0] == '^';
  size_t i = *anchored ? 1 : 0;
  int quantifiers = 0;
  int scanning = 0;
  while (i < p.size()) {
    // One single-character class: %x, [set], or a plain character.
    if (p[i] == '%' && i + 1 < p.size()) {
      if (p[i + 1] == 'b') {  // %bxy: balanced match, no quantifier follows
        ++scanning;
        i += 4;
        continue;
      }
      if (p[i + 1] >= '1' && p[i + 1] <= '9') {  // a back-reference compares a whole capture
        ++scanning;
        i += 2;
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
  if (scans != nullptr) *scans = scanning;
  return quantifiers;
}

double PatternWorstCase(size_t subject_length, std::string_view pattern, bool honours_anchor) {
  bool anchored = false;
  int scans = 0;
  const int k = PatternQuantifiers(pattern, &anchored, honours_anchor, &scans) + scans;
  const double n = static_cast<double>(subject_length) + 1;
  if (k == 0) return n * static_cast<double>(pattern.size() + 1);
  return std::pow(n, anchored ? k : k + 1);
}

namespace {

// The guarded function: upvalue 1 is the original, upvalue 2 the function's name.
int GuardedPatternCall(lua_State* L) {
  const std::string_view name = lua_tostring(L, lua_upvalueindex(2));
  const bool find_plain = lua_toboolean(L, 4) && name == "find";
  // Numbers are strings to the originals (lstrlib's luaL_checklstring converts them), so a
  // number subject or pattern is judged too.
  if (!find_plain && lua_isstring(L, 1) && lua_isstring(L, 2)) {
    size_t subject = 0, pattern = 0;
    lua_tolstring(L, 1, &subject);
    const char* p = lua_tolstring(L, 2, &pattern);
    // gmatch (Lua 5.4) reads a leading '^' as a literal and tries every start position.
    const double steps = PatternWorstCase(subject, std::string_view(p, pattern), name != "gmatch");
    if (steps > kPatternStepLimit) {
      std::string shown(p, std::min<size_t>(pattern, 40));
      if (pattern > 40) shown += "...";
      const std::string message = fmt::format(
          "string.{}: pattern '{}' over {} bytes could take up to {:.0e} matcher steps, which "
          "run outside the instruction budget; use fewer repeated items (* + - ?){}, or match a "
          "shorter string",
          name, shown, subject, steps,
          name == "gmatch" ? " (gmatch reads a leading ^ as a literal: it cannot be anchored)"
                           : ", anchor it with ^");
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
