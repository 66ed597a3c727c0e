#pragma once

// A large clean history built directly, for the benchmarks of what reads histories (the checks,
// the HTML report).

#include <cstdint>
#include <string>
#include <vector>

#include "history/history.h"
#include "partition/partitioner.h"

namespace ks::bench {

/// A clean history of `records` keyed records: each sent, acknowledged at the partition murmur2
/// gives its key, polled once by the partition's owner (member p % members of group "billing");
/// a commit every 100 records; final commits and watermarks. About 3 ops per record, one every
/// `us_per_op` microseconds.
inline History LargeHistory(int64_t records, int32_t partitions, int members,
                            int64_t us_per_op = 1) {
  History h;
  h.topics.Intern("orders");
  h.producers.Intern("order-service");
  h.groups.push_back("billing");
  h.actors.push_back({"order-service", ActorInfo::Role::kProducer, kNoId, -1});
  for (int m = 0; m < members; ++m) {
    h.actors.push_back({"billing/" + std::to_string(m), ActorInfo::Role::kMember, 0, m});
  }
  h.actors.push_back({"runner", ActorInfo::Role::kRunner, kNoId, -1});
  for (int k = 0; k < 1000; ++k) h.keys.Intern("user-" + std::to_string(k));
  // Keys placed as the declared partitioner does (the placement check predicts them).
  h.producer_info.push_back({0, "murmur2", -1});
  std::vector<int32_t> placement;
  for (int k = 0; k < 1000; ++k)
    placement.push_back(Murmur2Partition(h.keys.Get(static_cast<uint32_t>(k)), partitions));
  h.ops.reserve(static_cast<size_t>(records) * 3 + static_cast<size_t>(records) / 100 + 1000);
  int64_t t = 0;
  for (int32_t p = 0; p < partitions; ++p) {
    Op op;
    op.kind = OpKind::kAssign;
    op.actor = 1 + static_cast<uint32_t>(p % members);
    op.topic = 0;
    op.partition = p;
    op.time_us = (t++) * us_per_op;
    h.ops.push_back(op);
  }
  std::vector<int64_t> next(static_cast<size_t>(partitions), 0);
  for (int64_t i = 0; i < records; ++i) {
    Op op;
    op.kind = OpKind::kSend;
    op.type = OpType::kInvoke;
    op.producer = 0;
    op.seq = static_cast<uint64_t>(i);
    op.key = static_cast<uint32_t>(i % 1000);
    op.actor = 0;
    op.topic = 0;
    op.time_us = (t++) * us_per_op;
    h.ops.push_back(op);
    op.type = OpType::kOk;
    op.partition = placement[op.key];
    op.offset = next[static_cast<size_t>(op.partition)]++;
    op.time_us = (t++) * us_per_op;
    h.ops.push_back(op);
    op.kind = OpKind::kPoll;
    op.actor = 1 + static_cast<uint32_t>(op.partition % members);
    op.time_us = (t++) * us_per_op;
    h.ops.push_back(op);
    if (i % 100 == 99) {  // a commit of the polled position now and then
      Op commit = op;
      commit.kind = OpKind::kCommit;
      commit.offset = op.offset + 1;
      commit.producer = kNoId;
      commit.time_us = (t++) * us_per_op;
      h.ops.push_back(commit);
    }
  }
  for (int32_t p = 0; p < partitions; ++p) {  // the final commits: the group caught up
    Op op;
    op.kind = OpKind::kCommit;
    op.actor = 1 + static_cast<uint32_t>(p % members);
    op.topic = 0;
    op.partition = p;
    op.offset = next[static_cast<size_t>(p)];
    op.time_us = (t++) * us_per_op;
    h.ops.push_back(op);
  }
  for (int32_t p = 0; p < partitions; ++p) {
    Op op;
    op.kind = OpKind::kWatermark;
    op.actor = static_cast<uint32_t>(members + 1);
    op.topic = 0;
    op.partition = p;
    op.offset = next[static_cast<size_t>(p)];
    op.time_us = (t++) * us_per_op;
    h.ops.push_back(op);
  }
  return h;
}

}  // namespace ks::bench
