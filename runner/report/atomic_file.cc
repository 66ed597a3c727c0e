#include "report/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "diag/secrets.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

std::string Errno() { return std::strerror(errno); }

Status WriteAll(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::Error(Errno());
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  // Without fsync a crash after the rename can leave an empty file under the final name.
  if (::fsync(fd) != 0) return Status::Error(Errno());
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view raw) {
  // Reports quote scenario text and client errors: no credential may show there.
  const std::string redacted = Redact(std::string(raw));
  const std::string_view content = redacted;
  fs::path target(path);
  if (!target.has_filename()) {
    return Status::Error(fmt::format("cannot write report '{}': not a file name", path));
  }
  fs::path dir = target.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      return Status::Error(fmt::format("cannot write report '{}': cannot create folder '{}': {}",
                                       path, dir.string(), ec.message()));
    }
  }

  // A hidden name that a glob for reports (*.xml, *.json) does not pick up half-written; the pid
  // and a counter keep concurrent writers apart, and O_EXCL makes sure no existing file is reused.
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 100 && fd < 0; ++attempt) {
    fs::path candidate = dir / fmt::format(".{}.tmp.{}.{}", target.filename().string(),
                                           static_cast<long>(::getpid()), attempt);
    tmp = candidate.string();
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    return Status::Error(
        fmt::format("cannot write report '{}': cannot create a temporary file: {}", path, Errno()));
  }

  Status written = WriteAll(fd, content);
  if (::close(fd) != 0 && written.ok()) written = Status::Error(Errno());
  if (written.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) {
    written = Status::Error(Errno());
  }
  if (!written.ok()) {
    ::unlink(tmp.c_str());
    return Status::Error(fmt::format("cannot write report '{}': {}", path, written.message()));
  }
  return Status::Ok();
}

}  // namespace ks
