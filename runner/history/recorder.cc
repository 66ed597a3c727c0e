#include "history/recorder.h"

#include <algorithm>

namespace ks {

void ActorLog::Append(Op op, const char* key, size_t key_len) {
  op.actor = actor_;
  op.time_us = clock_->NowUs();
  op.key = key ? keys_.Intern(std::string_view(key, key_len)) : kNoId;
  ops_.push_back(op);
}

uint32_t HistoryRecorder::AddGroup(std::string_view name, bool processes) {
  uint32_t id = tables_.FindGroup(name);
  if (id == kNoId) {
    tables_.groups.emplace_back(name);
    id = static_cast<uint32_t>(tables_.groups.size() - 1);
  }
  if (processes) {
    if (tables_.processing_groups.size() <= id) tables_.processing_groups.resize(id + 1);
    tables_.processing_groups[id] = true;
  }
  return id;
}

uint32_t HistoryRecorder::AddProducer(std::string_view name, ProducerInfo info) {
  uint32_t id = tables_.producers.Intern(name);
  if (tables_.producer_info.size() <= id) tables_.producer_info.resize(id + 1);
  tables_.producer_info[id] = std::move(info);
  return id;
}

ActorLog& HistoryRecorder::AddActor(ActorInfo info) {
  auto id = static_cast<uint32_t>(tables_.actors.size());
  tables_.actors.push_back(std::move(info));
  return logs_.emplace_back(id, &clock_);
}

History HistoryRecorder::Finish() {
  History out = std::move(tables_);
  size_t total = 0;
  for (const auto& log : logs_) total += log.ops_.size();
  out.ops.reserve(total);
  for (auto& log : logs_) {
    std::vector<uint32_t> remap(log.keys_.size());
    for (uint32_t i = 0; i < remap.size(); ++i) remap[i] = out.keys.Intern(log.keys_.Get(i));
    for (Op op : log.ops_) {
      if (op.key != kNoId) op.key = remap[op.key];
      out.ops.push_back(op);
    }
  }
  // Each log is already in time order; a stable sort keeps same-microsecond ops of one actor
  // in the order they happened.
  std::stable_sort(out.ops.begin(), out.ops.end(),
                   [](const Op& a, const Op& b) { return a.time_us < b.time_us; });
  logs_.clear();
  tables_ = History{};
  return out;
}

}  // namespace ks
