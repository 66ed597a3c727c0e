#include "actors/group_generation.h"

#include <cstring>
#include <memory>

namespace ks {
namespace {

struct MetadataDeleter {
  void operator()(rd_kafka_consumer_group_metadata_t* m) const {
    rd_kafka_consumer_group_metadata_destroy(m);
  }
};
using MetadataPtr = std::unique_ptr<rd_kafka_consumer_group_metadata_t, MetadataDeleter>;

struct Buffer {
  void* data = nullptr;
  size_t size = 0;
  ~Buffer() { rd_kafka_mem_free(nullptr, data); }
};

bool Write(const rd_kafka_consumer_group_metadata_t* m, Buffer* out) {
  rd_kafka_error_t* error = rd_kafka_consumer_group_metadata_write(m, &out->data, &out->size);
  if (error) {
    rd_kafka_error_destroy(error);
    return false;
  }
  return true;
}

// Where the generation id sits in the serialized metadata: found by writing a known, unlikely
// id and looking for its bytes. -1 when it is not found exactly once.
long GenerationOffset() {
  static const long offset = [] {
    constexpr int32_t kMarker = 0x5ca1ab1e;
    MetadataPtr m(rd_kafka_consumer_group_metadata_new_with_genid("g", kMarker, "m", nullptr));
    Buffer b;
    if (!m || !Write(m.get(), &b)) return -1L;
    long found = -1;
    const auto* bytes = static_cast<const unsigned char*>(b.data);
    for (size_t i = 0; i + sizeof kMarker <= b.size; ++i) {
      int32_t v;
      std::memcpy(&v, bytes + i, sizeof v);
      if (v == kMarker) {
        if (found >= 0) return -1L;  // ambiguous
        found = static_cast<long>(i);
      }
    }
    return found;
  }();
  return offset;
}

}  // namespace

int32_t CurrentGeneration(rd_kafka_t* rk) {
  const long offset = GenerationOffset();
  if (offset < 0) return -1;
  MetadataPtr m(rd_kafka_consumer_group_metadata(rk));
  Buffer b;
  if (!m || !Write(m.get(), &b) || b.size < static_cast<size_t>(offset) + sizeof(int32_t)) {
    return -1;
  }
  int32_t generation;
  std::memcpy(&generation, static_cast<const unsigned char*>(b.data) + offset, sizeof generation);
  return generation;
}

}  // namespace ks
