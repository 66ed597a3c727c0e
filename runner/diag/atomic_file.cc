#include "diag/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace ks {

namespace fs = std::filesystem;

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  // Only ever the file this object created: never anything that existed before.
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

Status AtomicFile::Open() {
  const fs::path target(path_);
  if (!target.has_filename()) return Status::Error(what_ + ": not a file name");
  const fs::path parent = target.parent_path();
  if (std::error_code ec; !parent.empty() && !fs::create_directories(parent, ec) && ec) {
    return Fail(ec.value(), fmt::format("cannot create the folder {}", parent.string()));
  }
  const size_t slash = path_.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : path_.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  // O_EXCL: the file is new, so no existing file is ever written or removed. The pid and a
  // counter keep writers apart (--jobs); mode 0666 under the user's umask, as any file they
  // create; O_CLOEXEC, so a fault command started meanwhile does not inherit it.
  static std::atomic<uint64_t> counter{0};
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string candidate =
        fmt::format(".{}.tmp-{}-{}", base, static_cast<long>(::getpid()), counter.fetch_add(1));
    fd_ = ::open((dir + candidate).c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd_ >= 0) {
      tmp_ = dir + candidate;
      return Status::Ok();
    }
    if (errno != EEXIST) return Fail(errno, "cannot create a temporary file " + dir + candidate);
  }
  return Fail(EEXIST, "cannot create a temporary file in " + (dir.empty() ? "." : dir));
}

Status AtomicFile::Write(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    // A regular file never takes 0 bytes unless the disk is full; do not spin on it.
    if (n <= 0) return Fail(n < 0 ? errno : ENOSPC, "cannot write " + tmp_);
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status AtomicFile::Commit() {
  // fsync before rename: otherwise a power loss can leave the new name on an empty file.
  if (::fsync(fd_) != 0) return Fail(errno, "cannot flush " + tmp_);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return Fail(errno, "cannot close " + tmp_);
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    return Fail(errno, "cannot rename " + tmp_ + " to it");
  }
  tmp_.clear();
  return Status::Ok();
}

Status AtomicFile::Fail(int err, const std::string& step) const {
  return Status::Error(fmt::format("{}: {}: {}", what_, step, std::strerror(err)));
}

Status WriteFileAtomically(const std::string& path, std::string_view content,
                           const std::string& what) {
  AtomicFile file(path, what);
  if (Status s = file.Open(); !s.ok()) return s;
  if (Status s = file.Write(content); !s.ok()) return s;
  return file.Commit();
}

}  // namespace ks
