#pragma once

// A file's whole content, for tests that look at what a command or a test wrote.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ks::test_support {

/// The bytes of the file at `path`; "" when it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace ks::test_support
