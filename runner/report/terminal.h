#pragma once

// What the console output may use of a terminal: colour (ANSI SGR sequences) and the live
// progress line (a line rewritten in place with "\r" and "ESC[K"). Decided once per command from
// the --color option, whether stdout is a terminal, NO_COLOR and TERM; the formatting functions
// are then told, and never look at the environment themselves. Files (JSON, JUnit, histories)
// never get colour.

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace ks {

/// The --color option.
enum class ColorMode {
  kAuto,    ///< colour on a terminal that can show it, unless NO_COLOR is set
  kAlways,  ///< colour even into a pipe or a file, whatever NO_COLOR and TERM say
  kNever,   ///< no colour
};

/// "auto", "always" or "never" as a ColorMode; nothing for any other word.
std::optional<ColorMode> ParseColorMode(std::string_view word);

/// How a command's console output looks.
struct OutputStyle {
  bool colour = false;     ///< verdict words in colour (Paint)
  bool live_line = false;  ///< `run` shows its live progress line (LiveProgressLine)
};

/// The style for `mode`, given whether stdout is a terminal and the values of NO_COLOR and TERM
/// (nullptr when unset). A pure function, so that each rule can be tested without a terminal:
/// - NO_COLOR set and not empty turns automatic colour off (https://no-color.org).
/// - TERM unset, empty or "dumb" means a terminal that cannot be trusted with escape sequences:
///   neither colour nor the live line, as git decides for its own colour (color.c,
///   check_auto_color) and Emacs' shell buffers need.
/// - An explicit --color=always or --color=never wins over the environment, as in git, ls and
///   cargo: whoever typed it meant it. It decides colour only; the live line needs a terminal.
OutputStyle DecideOutputStyle(ColorMode mode, bool terminal, const char* no_color,
                              const char* term);

/// Whether `out` is std::cout and standard output is a terminal.
bool IsTerminal(const std::ostream& out);

/// DecideOutputStyle for output to `out`: IsTerminal(out) and this process's NO_COLOR and TERM.
OutputStyle OutputStyleFor(ColorMode mode, const std::ostream& out);

/// The colours of the console's words: green for what passed, red for what failed or could not
/// be judged, yellow for what was skipped (what test runners such as pytest and cargo show).
enum class Hue { kGreen, kRed, kYellow };

/// `text` between the SGR sequences of `hue` and a reset when `colour`, else `text` as it is.
std::string Paint(std::string_view text, Hue hue, bool colour);

}  // namespace ks
