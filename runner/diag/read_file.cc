#include "diag/read_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "diag/text_check.h"

namespace ks {

bool ReadWholeFile(const std::string& path, std::string* text, std::string* error,
                   uint64_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    const uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes) {
      *error = FileTooLargeText(size, max_bytes);
      return false;
    }
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::string("cannot read the file: ") + std::strerror(errno);
    return false;
  }
  std::string buffer;
  char chunk[64 * 1024];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    buffer.append(chunk, static_cast<size_t>(in.gcount()));
    if (buffer.size() > max_bytes) {  // a file that grew, or one without a size
      *error = FileTooLargeText(std::nullopt, max_bytes);
      return false;
    }
  }
  if (in.bad()) {
    *error = std::string("cannot read the file: ") + std::strerror(errno);
    return false;
  }
  *text = std::move(buffer);
  return true;
}

}  // namespace ks
