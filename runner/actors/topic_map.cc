#include "actors/topic_map.h"

namespace ks {

void TopicMap::Add(Entry e) {
  e.first_slot = slots_;
  if (e.declared_partitions == 0) e.declared_partitions = e.partitions;
  slots_ += e.partitions;
  entries_.push_back(std::move(e));
}

const TopicMap::Entry* TopicMap::FindPhysical(std::string_view physical) const {
  for (const auto& e : entries_) {
    if (e.physical == physical) return &e;
  }
  return nullptr;
}

const TopicMap::Entry* TopicMap::FindLogical(std::string_view logical) const {
  for (const auto& e : entries_) {
    if (e.logical == logical) return &e;
  }
  return nullptr;
}

}  // namespace ks
