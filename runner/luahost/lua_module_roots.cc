#include "luahost/lua_module_roots.h"

#include <fmt/format.h>

#include <system_error>

namespace ks {
namespace fs = std::filesystem;

namespace {

// Absolute and with symlinks and ".." resolved as far as the path exists. Never throws: a path
// the system cannot resolve comes back as its lexical normal form.
fs::path Canonical(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  if (ec) {
    fs::path a = fs::absolute(p, ec);
    return (ec ? p : a).lexically_normal();
  }
  return c;
}

bool IsRegularFile(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// Whether `p` is `root` or below it (both canonical).
bool Below(const fs::path& p, const fs::path& root) {
  auto pi = p.begin();
  for (auto ri = root.begin(); ri != root.end(); ++ri, ++pi) {
    // weakly_canonical keeps a trailing separator as an empty last element: it matches anything.
    if (ri->empty()) continue;
    if (pi == p.end() || *pi != *ri) return false;
  }
  return true;
}

}  // namespace

ModuleRoots::ModuleRoots(std::vector<fs::path> roots) : roots_(std::move(roots)) {
  canonical_.reserve(roots_.size());
  for (const fs::path& r : roots_) canonical_.push_back(Canonical(r));
}

bool ModuleRoots::Inside(const fs::path& canonical) const {
  for (const fs::path& root : canonical_) {
    if (Below(canonical, root)) return true;
  }
  return false;
}

std::string ModuleRoots::Describe() const {
  if (roots_.empty()) return "(no module folders)";
  std::string out;
  for (const fs::path& r : roots_) {
    if (!out.empty()) out += ", ";
    out += r.string();
  }
  return out;
}

Status ModuleRoots::Resolve(const fs::path& path, ResolvedModule* out) const {
  const std::string shown = path.string();
  const auto outside = [&] {
    return Status::Error(fmt::format("{} is outside the allowed folders ({})", shown, Describe()));
  };
  if (path.empty()) return Status::Error("an empty path names no Lua module");
  if (path.is_absolute()) {
    const fs::path c = Canonical(path);
    if (!Inside(c)) return outside();
    if (!IsRegularFile(c)) return Status::Error(fmt::format("{} not found", shown));
    *out = {c, path.lexically_normal().string()};
    return Status::Ok();
  }
  bool escapes_everywhere = true;
  for (const fs::path& root : roots_) {
    const fs::path candidate = root / path;
    const fs::path c = Canonical(candidate);
    const bool inside = Inside(c);
    escapes_everywhere = escapes_everywhere && !inside;
    if (!IsRegularFile(c)) continue;
    // Found, but a symlink or "../" leads out of every root: refuse rather than look further,
    // so that the message names the real problem.
    if (!inside) return outside();
    *out = {c, path.lexically_normal().string()};
    return Status::Ok();
  }
  if (escapes_everywhere && !roots_.empty()) return outside();
  return Status::Error(fmt::format("{} not found in {}", shown, Describe()));
}

Status ModuleRoots::ResolveName(const std::string& name, ResolvedModule* out) const {
  // Module names are dot-separated words; anything that could spell a path is refused before
  // the file system is asked.
  bool empty_part = name.empty() || name.front() == '.' || name.back() == '.' ||
                    name.find("..") != std::string::npos;
  if (empty_part || name.find_first_of("/\\") != std::string::npos ||
      name.find('\0') != std::string::npos) {
    return Status::Error(fmt::format(
        "'{}' is outside the allowed folders ({}): a module name is dot-separated words, "
        "a.b loads a/b.lua",
        name, Describe()));
  }
  std::string relative = name;
  for (char& c : relative) {
    if (c == '.') c = '/';
  }
  relative += ".lua";
  for (const fs::path& root : roots_) {
    const fs::path candidate = root / relative;
    const fs::path c = Canonical(candidate);
    if (!IsRegularFile(c)) continue;
    if (!Inside(c)) {
      return Status::Error(
          fmt::format("{} is outside the allowed folders ({})", candidate.string(), Describe()));
    }
    *out = {c, candidate.lexically_normal().string()};
    return Status::Ok();
  }
  return Status::Error(fmt::format("{} not found in {}", relative, Describe()));
}

}  // namespace ks
