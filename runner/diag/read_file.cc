#include "diag/read_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ks {

bool ReadWholeFile(const std::string& path, std::string* text, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  if (in) buffer << in.rdbuf();
  if (!in || in.bad()) {
    *error = std::string("cannot read the file: ") + std::strerror(errno);
    return false;
  }
  *text = buffer.str();
  return true;
}

}  // namespace ks
