#pragma once

// The lua_Alloc behind every sandbox: the memory limit of LuaLimits::memory_bytes.

#include <cstddef>
#include <string>

namespace ks {

/// Counts the bytes a lua_State holds and refuses to grow past a limit. Lua turns a refusal
/// into its "not enough memory" error (after one emergency collection), which the sandbox
/// reports as "memory limit of N MiB exceeded". One allocator per state; not thread-safe
/// (a state belongs to one thread at a time).
class LuaAllocator {
 public:
  /// `limit_bytes`: the most the state may hold at once.
  explicit LuaAllocator(size_t limit_bytes) : limit_(limit_bytes) {}

  /// The lua_Alloc (Lua 5.4 manual, lua_Alloc): `ud` is a LuaAllocator*. Frees when `nsize`
  /// is 0; returns null (refuses) when growing a block would pass the limit. Shrinking never
  /// fails, as Lua assumes.
  static void* Alloc(void* ud, void* ptr, size_t osize, size_t nsize);

  /// Bytes held now.
  size_t in_use() const { return in_use_; }
  /// The limit given at construction, in bytes.
  size_t limit() const { return limit_; }
  /// Whether an allocation was refused since the last ClearRefused(): tells the memory limit
  /// apart from a real out-of-memory when Lua reports "not enough memory".
  bool refused() const { return refused_; }
  void ClearRefused() { refused_ = false; }

 private:
  size_t limit_;
  size_t in_use_ = 0;
  bool refused_ = false;
};

/// "memory limit of 64 MiB exceeded" (KiB or bytes when the limit is not a whole number of
/// MiB): the text every memory-limit error carries.
std::string MemoryLimitMessage(size_t limit_bytes);

}  // namespace ks
