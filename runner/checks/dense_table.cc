#include "checks/dense_table.h"

#include <algorithm>

namespace ks::check_detail {

void SortByRecord(std::vector<RecordRef>& refs) {
  std::sort(refs.begin(), refs.end(), [](const RecordRef& a, const RecordRef& b) {
    if (a.producer != b.producer) return a.producer < b.producer;
    if (a.seq != b.seq) return a.seq < b.seq;
    return a.op < b.op;
  });
}

void UniqueByRecord(std::vector<RecordRef>& refs) {
  refs.erase(std::unique(refs.begin(), refs.end(), SameRecord), refs.end());
}

}  // namespace ks::check_detail
