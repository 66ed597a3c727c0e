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
/// Lua's matcher reads them (lstrlib.c). `honours_anchor` false reads a leading `^` as
/// string.gmatch does in Lua 5.4: a literal character (which may then be quantified), never an
/// anchor. `scans`, when given, gets the items that each scan up to the whole subject per try
/// without being quantified: `%bxy` and back-references `%1`..`%9`.
int PatternQuantifiers(std::string_view pattern, bool* anchored, bool honours_anchor = true,
                       int* scans = nullptr);

/// The worst case of matching `pattern` against `subject_length` bytes, as a count of matcher
/// steps: n^k for an anchored pattern with k = quantifiers + scanning items, n^(k+1) unanchored
/// (every start position is tried); n * m for a pattern with neither. `honours_anchor` as above:
/// false for string.gmatch, which tries every start position whatever the pattern begins with.
double PatternWorstCase(size_t subject_length, std::string_view pattern,
                        bool honours_anchor = true);

/// Steps beyond which a pattern call is refused: about a second of matching.
inline constexpr double kPatternStepLimit = 1e9;

/// Replaces string.find, match, gmatch and gsub in the string table at `string_table` with
/// guarded versions that raise a Lua error naming the pattern when PatternWorstCase exceeds
/// kPatternStepLimit (find with `plain` set is not guarded: it does not backtrack; gmatch is
/// judged with honours_anchor false, and over all its iterations at once).
void GuardPatternFunctions(lua_State* L, int string_table);

}  // namespace ks
