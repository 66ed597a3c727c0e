#pragma once

// Wall-clock times as the reports and saved histories write them: ISO-8601 in UTC to the second,
// "2024-05-01T12:34:56Z".

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ks {

/// `t` as ISO-8601 UTC to the second, "2024-05-01T12:34:56Z" (the fraction is dropped).
std::string IsoUtc(std::chrono::system_clock::time_point t);

/// The time `text` names when it is exactly what IsoUtc writes ("YYYY-MM-DDTHH:MM:SSZ", a real
/// date and time of day, no leap second); nullopt for anything else, including other ISO-8601
/// spellings (an offset, a fraction, a space for the T): the one spelling is what makes a saved
/// file compare byte for byte.
std::optional<std::chrono::system_clock::time_point> ParseIsoUtc(std::string_view text);

}  // namespace ks
