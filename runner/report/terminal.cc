#include "report/terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace ks {

std::optional<ColorMode> ParseColorMode(std::string_view word) {
  if (word == "auto") return ColorMode::kAuto;
  if (word == "always") return ColorMode::kAlways;
  if (word == "never") return ColorMode::kNever;
  return std::nullopt;
}

OutputStyle DecideOutputStyle(ColorMode mode, bool terminal, const char* no_color,
                              const char* term) {
  const bool capable =
      terminal && term != nullptr && *term != '\0' && std::string_view(term) != "dumb";
  OutputStyle style;
  style.live_line = capable;
  switch (mode) {
    case ColorMode::kAlways:
      style.colour = true;
      break;
    case ColorMode::kNever:
      style.colour = false;
      break;
    case ColorMode::kAuto:
      style.colour = capable && (no_color == nullptr || *no_color == '\0');
      break;
  }
  return style;
}

bool IsTerminal(const std::ostream& out) {
  return &out == &std::cout && ::isatty(STDOUT_FILENO) != 0;
}

OutputStyle OutputStyleFor(ColorMode mode, const std::ostream& out) {
  return DecideOutputStyle(mode, IsTerminal(out), std::getenv("NO_COLOR"), std::getenv("TERM"));
}

std::string Paint(std::string_view text, Hue hue, bool colour) {
  if (!colour) return std::string(text);
  std::string_view start;
  switch (hue) {
    case Hue::kGreen:
      start = "\033[32m";
      break;
    case Hue::kRed:
      start = "\033[31m";
      break;
    case Hue::kYellow:
      start = "\033[33m";
      break;
  }
  std::string out(start);
  out += text;
  return out + "\033[0m";
}

}  // namespace ks
