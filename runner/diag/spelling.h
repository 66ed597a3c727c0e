#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ks {

/// Returns the candidate closest to `word` by edit distance (Levenshtein, case-insensitive),
/// or nothing when no candidate is within `max_distance` edits (ninja's SpellcheckStringV
/// uses the same rule, with a distance of 3). Ties go to the earliest candidate.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        int max_distance = 3);

}  // namespace ks
