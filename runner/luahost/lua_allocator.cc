#include "luahost/lua_allocator.h"

#include <fmt/format.h>

#include <cstdlib>

namespace ks {

void* LuaAllocator::Alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
  auto* self = static_cast<LuaAllocator*>(ud);
  // With a null `ptr`, Lua passes the kind of object in `osize`, not a size.
  const size_t old_size = ptr != nullptr ? osize : 0;
  if (nsize == 0) {
    std::free(ptr);
    self->in_use_ -= old_size;
    return nullptr;
  }
  // in_use_ never exceeds limit_, so the subtraction cannot wrap.
  if (nsize > old_size && nsize - old_size > self->limit_ - self->in_use_) {
    self->refused_ = true;
    return nullptr;
  }
  void* block = std::realloc(ptr, nsize);
  if (block == nullptr) return nullptr;  // the machine's own limit: Lua reports it the same way
  self->in_use_ = self->in_use_ - old_size + nsize;
  return block;
}

std::string MemoryLimitMessage(size_t limit_bytes) {
  constexpr size_t kKiB = 1024;
  constexpr size_t kMiB = kKiB * kKiB;
  if (limit_bytes >= kMiB && limit_bytes % kMiB == 0) {
    return fmt::format("memory limit of {} MiB exceeded", limit_bytes / kMiB);
  }
  if (limit_bytes >= kKiB && limit_bytes % kKiB == 0) {
    return fmt::format("memory limit of {} KiB exceeded", limit_bytes / kKiB);
  }
  return fmt::format("memory limit of {} bytes exceeded", limit_bytes);
}

}  // namespace ks
