// A member's commits of processed records' offsets, and what the commit callback records.
#include <fmt/format.h>

#include <set>

#include "actors/group_generation.h"
#include "actors/member.h"

namespace ks {

bool MemberActor::ProcessedOffsetCommits() const {
  const CommitMode mode = setup_.group->commit.mode;
  return mode == CommitMode::kAfterProcess || mode == CommitMode::kLowWatermark ||
         mode == CommitMode::kHighestDone;
}

void MemberActor::CommitProcessed(bool async) {
  if (!rk_) return;
  const bool transactional = out_ && setup_.group->transform->transactional;
  // At-least-once for a processor: the outputs of processed records are acknowledged before
  // their input offsets are committed, so a crash re-processes rather than loses.
  if (out_ && !transactional) rd_kafka_flush(out_.get(), 10000);
  PartitionListPtr offsets(rd_kafka_topic_partition_list_new(4));
  {
    std::lock_guard lock(work_mu_);
    for (const auto& t : setup_.topics->entries()) {
      for (int p = 0; p < t.partitions; ++p) {
        const int slot = t.first_slot + p;
        const int64_t next = tracker_.CommitOffset(slot, setup_.group->commit.mode);
        if (next < 0) continue;
        rd_kafka_topic_partition_list_add(offsets.get(), t.physical.c_str(), p)->offset = next;
        tracker_.MarkCommitted(slot, next);
      }
    }
    dirty_ = false;
    processed_since_commit_ = 0;
    last_commit_us_ = log_->NowUs();
  }
  if (transactional) {
    // Outputs and input offsets commit together, or not at all.
    CommitOutputTransaction(offsets.get());
    // The interval runs from the end of a commit, not its start (as Kafka Streams'
    // commit.interval.ms): on Apache Kafka a transaction's commit takes a round of
    // AddOffsetsToTxn retries (CONCURRENT_TRANSACTIONS until the previous markers are written,
    // ~100 ms here), and timed from its start every next record found a commit due: one
    // record per transaction, 7 records/s (lesson 024 stalled at ~150 of 2,000).
    std::lock_guard lock(work_mu_);
    last_commit_us_ = log_->NowUs();
    return;
  }
  if (offsets->cnt == 0) return;
  // The commit callback reports the outcome per partition (recorded there).
  if (async) {
    rd_kafka_commit(rk_.get(), offsets.get(), 1);
    return;
  }
  CommitSync(offsets.get());
  std::lock_guard lock(work_mu_);
  last_commit_us_ = log_->NowUs();  // from the end of a synchronous commit, as above
}

void MemberActor::CommitSync(const rd_kafka_topic_partition_list_t* offsets) {
  // rd_kafka_commit would only enqueue the callback for the next poll, which for the final
  // commit is consumer_close: its commit ops would land after the member began to leave. With
  // no queue, rd_kafka_commit_queue serves the callback before it returns.
  rd_kafka_commit_queue(rk_.get(), offsets, nullptr, &MemberActor::CommitCallback, this);
}

void MemberActor::RebalanceCallback(rd_kafka_t*, rd_kafka_resp_err_t err,
                                    rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  static_cast<MemberActor*>(opaque)->OnRebalance(err, partitions);
}

void MemberActor::OnRebalance(rd_kafka_resp_err_t err,
                              rd_kafka_topic_partition_list_t* partitions) {
  std::set<int> slots;
  auto record = [&](OpKind kind) {
    for (int i = 0; i < partitions->cnt; ++i) {
      const auto& tp = partitions->elems[i];
      const TopicMap::Entry* topic = setup_.topics->FindPhysical(tp.topic);
      if (!topic) continue;
      Op op;
      op.kind = kind;
      op.generation = generation_;
      op.topic = topic->history_id;
      op.partition = tp.partition;
      Record(op);
      slots.insert(topic->first_slot + tp.partition);
    }
  };
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    generation_ = CurrentGeneration(rk_.get());
    record(OpKind::kAssign);
    const bool from_start = setup_.group->offset_reset == OffsetReset::kEarliest;
    for (int slot : slots) progress_->Resumed(slot, from_start);
    rd_kafka_assign(rk_.get(), partitions);
    progress_->SetAssignment(setup_.index, std::move(slots));
    return;
  }
  if (ProcessedOffsetCommits()) {
    // Before giving the partitions up: finish what is being processed, then commit it, so the
    // next owner starts after it (the onPartitionsRevoked pattern of Kafka's documentation).
    WaitIdle();
    CommitProcessed(false);
  }
  record(OpKind::kRevoke);
  {
    std::lock_guard lock(work_mu_);
    for (int slot : slots) tracker_.Reset(slot);
  }
  progress_->ClearAssignment(setup_.index);
  rd_kafka_assign(rk_.get(), nullptr);
  if (err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    std::lock_guard lock(error_mu_);
    error_ = fmt::format("rebalance error: {}", rd_kafka_err2str(err));
  }
}

void MemberActor::OnCommit(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets) {
  if (!offsets) return;
  for (int i = 0; i < offsets->cnt; ++i) {
    const auto& tp = offsets->elems[i];
    if (tp.offset < 0) continue;  // nothing to commit for that partition
    const TopicMap::Entry* topic = setup_.topics->FindPhysical(tp.topic);
    if (!topic) continue;
    Op op;
    op.kind = OpKind::kCommit;
    op.generation = generation_;
    op.type = (err || tp.err) ? OpType::kFail : OpType::kOk;
    op.topic = topic->history_id;
    op.partition = tp.partition;
    op.offset = tp.offset;
    Record(op);
    if (op.type == OpType::kOk) progress_->Committed(topic->first_slot + tp.partition, tp.offset);
  }
}

}  // namespace ks
