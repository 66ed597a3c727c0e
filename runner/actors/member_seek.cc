// A member's seeks: a `seek` step asks (Seek) and the member's own thread moves its position
// (DoSeek), so librdkafka's consumer is only ever used from the thread that polls it.
#include <fmt/format.h>

#include "actors/member.h"
#include "actors/seek_partitions.h"

namespace ks {

Status MemberActor::Seek(const SeekSpec& seek, int timeout_ms) {
  std::unique_lock lock(seek_mu_);
  if (!running()) return Status::Error(name_ + " is not running");
  seek_ = seek;
  seek_done_.reset();
  if (!seek_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                         [&] { return seek_done_.has_value(); })) {
    seek_.reset();
    return Status::Error(fmt::format("{} did not seek within {} ms", name_, timeout_ms));
  }
  return *seek_done_;
}

void MemberActor::DoSeek(const SeekSpec& seek) {
  Status result = Status::Ok();
  rd_kafka_topic_partition_list_t* owned = nullptr;
  if (rd_kafka_resp_err_t err = rd_kafka_assignment(rk_.get(), &owned)) {
    result = Status::Error(
        fmt::format("{}: cannot read its assignment: {}", name_, rd_kafka_err2str(err)));
  } else {
    PartitionListPtr list(owned);
    for (int i = 0; i < list->cnt; ++i) {
      auto& tp = list->elems[i];
      switch (seek.to) {
        case SeekSpec::To::kBeginning:
          tp.offset = RD_KAFKA_OFFSET_BEGINNING;
          break;
        case SeekSpec::To::kEnd:
          tp.offset = RD_KAFKA_OFFSET_END;
          break;
        case SeekSpec::To::kOffset:
        case SeekSpec::To::kTimestamp:
          tp.offset = seek.value;
          break;
      }
    }
    if (seek.to == SeekSpec::To::kTimestamp && list->cnt > 0) {
      // offsetsForTimes: the earliest offset whose timestamp is at or after the given ms.
      if (rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk_.get(), list.get(), 5000)) {
        result = Status::Error(
            fmt::format("{}: cannot look offsets up by time: {}", name_, rd_kafka_err2str(err)));
      }
    }
    if (result.ok() && list->cnt > 0) {
      if (Status st = SeekPartitions(rk_.get(), list.get()); !st.ok()) {
        result = Status::Error(fmt::format("{}: seek failed: {}", name_, st.message()));
      }
    }
    for (int i = 0; result.ok() && i < list->cnt; ++i) {
      const auto& tp = list->elems[i];
      const TopicMap::Entry* topic = setup_.topics->FindPhysical(tp.topic);
      if (!topic) continue;
      if (tp.err) {
        result = Status::Error(fmt::format("{}: seek of {}[{}] failed: {}", name_, tp.topic,
                                           tp.partition, rd_kafka_err2str(tp.err)));
        break;
      }
      Op op;
      op.kind = OpKind::kSeek;
      op.generation = generation_;
      op.topic = topic->history_id;
      op.partition = tp.partition;
      op.offset = tp.offset;
      Record(op);
      // The group's progress is its position: a replay reads the partition again from here.
      // The end (-1, also what a timestamp past the last record finds) is known only once read:
      // the marks stay.
      const int slot = topic->first_slot + tp.partition;
      if (tp.offset >= 0 || tp.offset == RD_KAFKA_OFFSET_BEGINNING) {
        progress_->Seeked(slot, std::max<int64_t>(tp.offset, 0));
      }
      std::lock_guard lock(work_mu_);
      tracker_.Reset(slot);
    }
  }
  std::lock_guard lock(seek_mu_);
  seek_done_ = result;
  seek_cv_.notify_all();
}

}  // namespace ks
