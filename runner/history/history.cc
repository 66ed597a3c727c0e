#include "history/history.h"

namespace ks {

uint32_t Interner::Intern(std::string_view s) {
  auto it = ids_.find(s);
  if (it != ids_.end()) return it->second;
  auto id = static_cast<uint32_t>(strings_.size());
  strings_.emplace_back(s);
  ids_.emplace(strings_.back(), id);
  return id;
}

std::vector<uint32_t> Interner::InternEach(const Interner& other) {
  std::vector<uint32_t> ids(other.size());
  for (uint32_t i = 0; i < ids.size(); ++i) ids[i] = Intern(other.Get(i));
  return ids;
}

uint32_t Interner::Find(std::string_view s) const {
  auto it = ids_.find(s);
  return it == ids_.end() ? kNoId : it->second;
}

uint32_t History::FindGroup(std::string_view name) const {
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i] == name) return static_cast<uint32_t>(i);
  }
  return kNoId;
}

}  // namespace ks
