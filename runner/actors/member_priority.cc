// Priority pausing: a member reading several topics by priority pauses the lower ones while a
// higher one has records waiting.
#include <algorithm>

#include "actors/member.h"
#include "actors/seek_partitions.h"

namespace ks {
namespace {

// True when partition `tp` (its offset: the member's position) has records the member has not
// read: its high watermark, as last fetched (no request), is past the position.
bool RecordsWaiting(rd_kafka_t* rk, const rd_kafka_topic_partition_t& tp) {
  int64_t low = 0, high = 0;
  if (rd_kafka_get_watermark_offsets(rk, tp.topic, tp.partition, &low, &high) !=
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    return false;
  }
  return tp.offset >= 0 ? high > tp.offset : high > low;
}

}  // namespace

bool MemberActor::PriorityDefers(const rd_kafka_message_t* msg) {
  const auto& topics = setup_.group->topics;
  auto rank_of = [&](const char* physical) -> size_t {
    const TopicMap::Entry* e = setup_.topics->FindPhysical(physical);
    if (!e) return topics.size();
    return static_cast<size_t>(std::find(topics.begin(), topics.end(), e->logical) -
                               topics.begin());
  };
  const size_t rank = rank_of(rd_kafka_topic_name(msg->rkt));
  if (rank == 0) return false;
  rd_kafka_topic_partition_list_t* owned = nullptr;
  if (rd_kafka_assignment(rk_.get(), &owned) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
  PartitionListPtr assignment(owned);
  rd_kafka_position(rk_.get(), assignment.get());
  // Records are waiting in an earlier topic when its high watermark (as last fetched) is past
  // the member's position there.
  bool earlier_waiting = false;
  for (int i = 0; i < assignment->cnt && !earlier_waiting; ++i) {
    const auto& tp = assignment->elems[i];
    if (rank_of(tp.topic) >= rank) continue;
    earlier_waiting = RecordsWaiting(rk_.get(), tp);
  }
  if (!earlier_waiting) return false;
  // Put this record back (it will be fetched again) and pause every partition of this and the
  // later topics until the earlier ones have nothing waiting.
  PartitionListPtr back(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(back.get(), rd_kafka_topic_name(msg->rkt), msg->partition)
      ->offset = msg->offset;
  PartitionListPtr pause(rd_kafka_topic_partition_list_new(assignment->cnt));
  for (int i = 0; i < assignment->cnt; ++i) {
    const auto& tp = assignment->elems[i];
    if (rank_of(tp.topic) < rank) continue;
    rd_kafka_topic_partition_list_add(pause.get(), tp.topic, tp.partition);
    if (const TopicMap::Entry* e = setup_.topics->FindPhysical(tp.topic)) {
      paused_slots_.push_back(e->first_slot + tp.partition);
    }
  }
  rd_kafka_pause_partitions(rk_.get(), pause.get());
  // The deferred record is read again after the resume. If the seek is not applied in time, the
  // records already fetched past it may come first: the priority check would show it.
  (void)SeekPartitions(rk_.get(), back.get());
  return true;
}

void MemberActor::PriorityResume() {
  if (paused_slots_.empty()) return;
  rd_kafka_topic_partition_list_t* owned = nullptr;
  if (rd_kafka_assignment(rk_.get(), &owned) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  PartitionListPtr assignment(owned);
  rd_kafka_position(rk_.get(), assignment.get());
  const std::string& first = setup_.group->topics.front();
  // Resume once no partition of the first (highest-priority) topic has records waiting. Paused
  // partitions of several ranks resume together; a later record of a lower rank is deferred
  // again if a higher rank fills up meanwhile.
  PartitionListPtr resume(rd_kafka_topic_partition_list_new(assignment->cnt));
  for (int i = 0; i < assignment->cnt; ++i) {
    const auto& tp = assignment->elems[i];
    const TopicMap::Entry* e = setup_.topics->FindPhysical(tp.topic);
    if (!e) continue;
    if (e->logical == first) {
      if (RecordsWaiting(rk_.get(), tp)) return;  // the highest priority still has records
    } else {
      rd_kafka_topic_partition_list_add(resume.get(), tp.topic, tp.partition);
    }
  }
  rd_kafka_resume_partitions(rk_.get(), resume.get());
  paused_slots_.clear();
}

}  // namespace ks
