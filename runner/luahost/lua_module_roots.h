#pragma once

// The folders Lua code may read modules from, and path resolution confined to them.

#include <filesystem>
#include <string>
#include <vector>

#include "diag/status.h"

namespace ks {

/// A file found inside the module roots.
struct ResolvedModule {
  std::filesystem::path canonical;  ///< symlinks resolved; inside one of the roots
  std::string display;              ///< for chunk names and messages ("lua/orders.lua")
};

/// The folders require() and LoadModule() may read, in search order. A path resolves inside
/// them only if its canonical form (symlinks and ".." resolved) lies in a root's canonical
/// form, so neither "../" nor a symlink leads out.
class ModuleRoots {
 public:
  /// `roots`: folders as the caller wrote them (relative to the working directory or
  /// absolute). Folders that do not exist are kept (nothing is found in them).
  explicit ModuleRoots(std::vector<std::filesystem::path> roots);

  /// Resolves `path` to an existing regular file: a relative path against each root in order
  /// (the first root holding it wins), an absolute one as is. `display` is the path as given.
  /// Errors: "<path> is outside the allowed folders (<roots>)", "<path> not found in <roots>".
  Status Resolve(const std::filesystem::path& path, ResolvedModule* out) const;

  /// Resolves a require() name: "a.b" -> "a/b.lua" searched in the roots; `display` is the
  /// root joined with that path. Errors: a name with '/', '\' or an empty part ("..", ".a")
  /// is outside the allowed folders; otherwise as Resolve().
  Status ResolveName(const std::string& name, ResolvedModule* out) const;

  /// The roots as given, comma-separated, for messages.
  std::string Describe() const;

 private:
  bool Inside(const std::filesystem::path& canonical) const;

  std::vector<std::filesystem::path> roots_;      // as given
  std::vector<std::filesystem::path> canonical_;  // weakly canonical, same order
};

}  // namespace ks
