#pragma once

#include <cstddef>
#include <string_view>

struct lua_State;

namespace ks {

/// Lua's string patterns run in C, where the instruction budget's count hook never fires, and
/// they backtrack: string.find(("a"):rep(40), ("a*"):rep(40) .. "b") ran for more than 10 s. The
/// guard refuses a call whose worst case is too large, before it starts.

/// Quantified items (`*`, `+`, `-`, `?` after a single-character class) in a Lua pattern, and
/// whether it is anchored with `^`. Escapes (`%x`), sets (`[...]`), `%b` and `%f` are parsed as
/// Lua's matcher reads them (lstrlib.c).
int PatternQuantifiers(std::string_view pattern, bool* anchored);

/// The worst case of matching `pattern` against `subject_length` bytes, as a count of matcher
/// steps: n^q for an anchored pattern with q quantifiers, n^(q+1) unanchored (every start
/// position is tried); n * m for a pattern without quantifiers.
double PatternWorstCase(size_t subject_length, std::string_view pattern);

/// Steps beyond which a pattern call is refused: about a second of matching.
inline constexpr double kPatternStepLimit = 1e9;

/// Replaces string.find, match, gmatch and gsub in the string table at `string_table` with
/// guarded versions that raise a Lua error naming the pattern when PatternWorstCase exceeds
/// kPatternStepLimit (find with `plain` set is not guarded: it does not backtrack).
void GuardPatternFunctions(lua_State* L, int string_table);

}  // namespace ks
