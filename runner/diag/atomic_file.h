#pragma once

// One way to write a file a user or a CI job reads (histories, reports): never half-written,
// never over a file that is not the destination.

#include <string>
#include <string_view>

#include "diag/status.h"

namespace ks {

/// A file written next to its destination and renamed over it once complete: rename() within
/// one filesystem is atomic, so readers see either the old file or the whole new one. The
/// temporary file (".<name>.tmp-<pid>-<n>" in the destination's folder, so a glob for reports
/// does not pick it up) is created exclusively (O_EXCL), so no existing file is ever written
/// or removed, and it is removed again if the object is destroyed before Commit().
class AtomicFile {
 public:
  /// `path`: the destination. Every error starts with `what`, e.g. "cannot save history to
  /// out.jsonl", then says which step failed and strerror's words.
  AtomicFile(std::string path, std::string what) : path_(std::move(path)), what_(std::move(what)) {}
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  /// Creates missing parent folders and the temporary file (mode 0666 under the umask).
  Status Open();
  /// Appends `data` (a full disk is an error, never a loop).
  Status Write(std::string_view data);
  /// fsync, close and rename over the destination.
  Status Commit();

 private:
  Status Fail(int err, const std::string& step) const;
  std::string path_;
  std::string what_;
  std::string tmp_;
  int fd_ = -1;
};

/// Writes `content` to `path` through an AtomicFile; errors start with `what`.
Status WriteFileAtomically(const std::string& path, std::string_view content,
                           const std::string& what);

}  // namespace ks
