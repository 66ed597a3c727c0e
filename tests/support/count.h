#pragma once

// How often a text holds a substring, for tests that check a message is said once.

#include <cstddef>
#include <string>

namespace ks::test_support {

/// Occurrences of `what` in `text`, overlapping ones included ("aa" is twice in "aaa").
inline size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace ks::test_support
