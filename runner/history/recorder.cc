#include "history/recorder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>

namespace ks {

void ActorLog::Append(Op op, const char* key, size_t key_len) {
  op.actor = actor_;
  op.time_us = clock_->NowUs();
  op.key = key ? keys_.Intern(std::string_view(key, key_len)) : kNoId;
  if (!OpFits(op)) [[unlikely]] {
    if (unfit_.empty()) unfit_ = OpUnfitText(op);
  }
  if (op.time_us < last_time_us_) in_order_ = false;
  last_time_us_ = op.time_us;
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
  return logs_.emplace_back(id, &clock_, &pool_);
}

std::string HistoryRecorder::UnfitOps() const {
  for (const ActorLog& log : logs_) {
    if (!log.unfit_.empty()) {
      return fmt::format("an op of {} did not fit the history: {} (history/op.h)",
                         tables_.actors[log.actor()].name, log.unfit_);
    }
  }
  return "";
}

void HistoryRecorder::Prefault(size_t ops) { pool_.Prefault(std::min(ops, kMaxPrefaultOps)); }

History HistoryRecorder::Finish() {
  // Back to the system before the merge maps the merged ops: its page faults reuse the memory.
  pool_.Clear();
  History out = std::move(tables_);
  size_t total = 0;
  bool in_order = true;
  std::vector<std::vector<uint32_t>> remaps;
  for (const auto& log : logs_) {
    total += log.size();
    in_order = in_order && log.in_order_;
    remaps.push_back(out.keys.InternEach(log.keys_));
  }
  ReserveOps(&out.ops, total);
  if (in_order) {
    MergeInOrder(remaps, &out.ops);
  } else {
    for (size_t l = 0; l < logs_.size(); ++l) {
      for (size_t i = 0; i < logs_[l].size(); ++i) {
        Op op = logs_[l].ops_[i];
        if (op.key != kNoId) op.key = remaps[l][op.key];
        out.ops.push_back(op);
      }
    }
    // A stable sort keeps same-microsecond ops in registration order, then append order: what
    // the merge gives logs in time order.
    std::stable_sort(out.ops.begin(), out.ops.end(),
                     [](const Op& a, const Op& b) { return a.time_us < b.time_us; });
  }
  logs_.clear();
  tables_ = History{};
  return out;
}

void HistoryRecorder::MergeInOrder(const std::vector<std::vector<uint32_t>>& remaps,
                                   std::vector<Op>* out) {
  // Each log's next op, smallest time first, ties to the log registered first.
  struct Head {
    int64_t time_us;
    size_t log;
    bool operator>(const Head& o) const {
      return time_us != o.time_us ? time_us > o.time_us : log > o.log;
    }
  };
  std::vector<size_t> next(logs_.size(), 0);
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  for (size_t l = 0; l < logs_.size(); ++l) {
    if (logs_[l].size() > 0) heads.push({logs_[l].ops_[0].time_us, l});
  }
  while (!heads.empty()) {
    const size_t l = heads.top().log;
    heads.pop();
    ActorLog& log = logs_[l];
    // Takes this log's ops while they come before every other log's next op.
    const Head limit = heads.empty() ? Head{INT64_MAX, SIZE_MAX} : heads.top();
    size_t& i = next[l];
    do {
      Op op = log.ops_[i];
      if (op.key != kNoId) op.key = remaps[l][op.key];
      out->push_back(op);
      if (OpBlocks::EndsBlock(i)) log.ops_.ReleaseBlockOf(i);
      ++i;
    } while (i < log.size() && !(Head{log.ops_[i].time_us, l} > limit));
    if (i < log.size()) heads.push({log.ops_[i].time_us, l});
  }
}

}  // namespace ks
