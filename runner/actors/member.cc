#include "actors/member.h"

#include <fmt/format.h>

#include <set>
#include <thread>

#include "actors/group_generation.h"
#include "actors/record_identity.h"
#include "target/client_logs.h"

namespace ks {
namespace {

constexpr int kPollMs = 50;
constexpr int64_t kCommitEveryRecords = 1000;
constexpr int64_t kCommitEveryUs = 100000;

}  // namespace

MemberActor::MemberActor(MemberSetup setup, ActorLog* log, GroupProgress* progress)
    : setup_(std::move(setup)),
      log_(log),
      progress_(progress),
      name_(fmt::format("{}/{}", setup_.group->name, setup_.index)),
      processed_next_(static_cast<size_t>(setup_.topics->slots()), -1) {}

MemberActor::~MemberActor() { Stop(); }

std::string MemberActor::error() const {
  std::lock_guard lock(error_mu_);
  return error_;
}

Status MemberActor::Start() {
  const GroupSpec& g = *setup_.group;
  ConfPtr conf(rd_kafka_conf_new());
  RouteClientLogs(conf.get());
  std::string error;
  auto set = [&](const std::string& k, const std::string& v, const SourceLoc& loc) {
    if (SetConf(conf.get(), k, v, &error)) return true;
    error = loc.line > 0 ? fmt::format("{}: group '{}': {}", loc.ToString(), g.name, error)
                         : fmt::format("group '{}': {}", g.name, error);
    return false;
  };
  for (const auto& e : setup_.defaults) {
    if (!set(e.key, e.value, e.loc)) return Status::Error(error);
  }
  if (!set("auto.offset.reset", g.offset_reset == OffsetReset::kEarliest ? "earliest" : "latest",
           g.loc) ||
      !set("enable.auto.commit", g.commit == CommitMode::kAuto ? "true" : "false", g.loc)) {
    return Status::Error(error);
  }
  for (const auto& e : g.config) {
    if (!set(e.key, e.value, e.loc)) return Status::Error(error);
  }
  if (!set("bootstrap.servers", setup_.bootstrap_servers, {}) || !set("group.id", g.name, {}) ||
      !set("client.id", name_, {})) {
    return Status::Error(error);
  }
  rd_kafka_conf_set_rebalance_cb(conf.get(), &MemberActor::RebalanceCallback);
  rd_kafka_conf_set_offset_commit_cb(conf.get(), &MemberActor::CommitCallback);
  rd_kafka_conf_set_opaque(conf.get(), this);
  rk_ = NewClient(RD_KAFKA_CONSUMER, conf.get(), &error);
  if (!rk_) return Status::Error(fmt::format("member {}: {}", name_, error));
  conf.release();
  rd_kafka_poll_set_consumer(rk_.get());

  PartitionListPtr topics(rd_kafka_topic_partition_list_new(static_cast<int>(g.topics.size())));
  for (const auto& t : g.topics) {
    const TopicMap::Entry* e = setup_.topics->FindLogical(t);
    rd_kafka_topic_partition_list_add(topics.get(), e ? e->physical.c_str() : t.c_str(),
                                      RD_KAFKA_PARTITION_UA);
  }
  if (rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_.get(), topics.get())) {
    return Status::Error(
        fmt::format("member {}: subscribe failed: {}", name_, rd_kafka_err2str(err)));
  }
  Op start;
  start.kind = OpKind::kStart;
  log_->Append(start);
  progress_->SetLive(setup_.index, true);
  has_run_ = true;
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void MemberActor::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

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
      if (rd_kafka_error_t* error = rd_kafka_seek_partitions(rk_.get(), list.get(), 5000)) {
        result =
            Status::Error(fmt::format("{}: seek failed: {}", name_, rd_kafka_error_string(error)));
        rd_kafka_error_destroy(error);
      }
    }
    for (int i = 0; result.ok() && i < list->cnt; ++i) {
      const auto& tp = list->elems[i];
      const TopicMap::Entry* topic = setup_.topics->FindPhysical(tp.topic);
      if (!topic) continue;
      Op op;
      op.kind = OpKind::kSeek;
      op.generation = generation_;
      op.topic = topic->history_id;
      op.partition = tp.partition;
      op.offset = tp.offset;
      log_->Append(op);
      // The group's progress is its position: a replay reads the partition again from here.
      const int slot = topic->first_slot + tp.partition;
      progress_->polled_offsets.Set(slot, tp.offset >= 0 ? tp.offset - 1 : -1);
    }
  }
  std::lock_guard lock(seek_mu_);
  seek_done_ = result;
  seek_cv_.notify_all();
}

void MemberActor::Crash() {
  crash_.store(true);
  Stop();
}

void MemberActor::Run() {
  while (!stop_.load(std::memory_order_relaxed)) {
    MessagePtr msg(rd_kafka_consumer_poll(rk_.get(), kPollMs));
    if (msg) {
      if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        OnMessage(msg.get());
        if (setup_.group->processing_delay_ms > 0) {
          // Processing: the member is busy and polls nothing meanwhile (a slow consumer).
          std::this_thread::sleep_for(std::chrono::milliseconds(setup_.group->processing_delay_ms));
        }
      } else if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        std::lock_guard lock(error_mu_);
        error_ = rd_kafka_message_errstr(msg.get());
      }
    }
    {
      std::unique_lock lock(seek_mu_);
      if (seek_) {
        SeekSpec seek = *seek_;
        seek_.reset();
        lock.unlock();
        DoSeek(seek);
      }
    }
    if (setup_.group->commit == CommitMode::kAfterProcess && dirty_ &&
        (processed_since_commit_ >= kCommitEveryRecords ||
         log_->NowUs() - last_commit_us_ >= kCommitEveryUs)) {
      CommitProcessed();
    }
  }
  progress_->SetLive(setup_.index, false);
  if (crash_.load()) {
    // A process killed: nothing more reaches the cluster from this member.
    rd_kafka_destroy_flags(rk_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    Op crash;
    crash.kind = OpKind::kCrash;
    log_->Append(crash);
    return;
  }
  if (setup_.group->commit == CommitMode::kAfterProcess) CommitProcessed();
  // A clean close: leaves the group (and, with auto-commit, commits what was polled).
  rd_kafka_consumer_close(rk_.get());
  rk_.reset();
  Op stop;
  stop.kind = OpKind::kStop;
  log_->Append(stop);
}

void MemberActor::OnMessage(const rd_kafka_message_t* msg) {
  const TopicMap::Entry* topic = setup_.topics->FindPhysical(rd_kafka_topic_name(msg->rkt));
  if (!topic) return;  // not a topic of the scenario
  Op op;
  op.kind = OpKind::kPoll;
  op.type = OpType::kOk;
  op.generation = generation_;
  op.topic = topic->history_id;
  op.partition = msg->partition;
  op.offset = msg->offset;
  rd_kafka_headers_t* headers = nullptr;
  const void* value = nullptr;
  size_t size = 0;
  std::string_view producer;
  uint64_t seq = 0;
  if (rd_kafka_message_headers(msg, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
      rd_kafka_header_get_last(headers, kIdentityHeader.data(), &value, &size) ==
          RD_KAFKA_RESP_ERR_NO_ERROR &&
      ParseIdentity(std::string_view(static_cast<const char*>(value), size), &producer, &seq)) {
    op.producer = setup_.tables->producers.Find(producer);
    op.seq = op.producer == kNoId ? 0 : seq;
  }
  log_->Append(op, static_cast<const char*>(msg->key), msg->key ? msg->key_len : 0);
  const int slot = topic->first_slot + msg->partition;
  progress_->polled_offsets.Raise(slot, msg->offset);
  progress_->polled.fetch_add(1, std::memory_order_relaxed);
  if (setup_.group->commit == CommitMode::kAfterProcess) {
    // No processing model yet: a record is processed as soon as it is polled.
    processed_next_[static_cast<size_t>(slot)] = msg->offset + 1;
    dirty_ = true;
    ++processed_since_commit_;
  }
}

void MemberActor::CommitProcessed() {
  if (!dirty_ || !rk_) return;
  PartitionListPtr offsets(rd_kafka_topic_partition_list_new(4));
  for (const auto& t : setup_.topics->entries()) {
    for (int p = 0; p < t.partitions; ++p) {
      int64_t next = processed_next_[static_cast<size_t>(t.first_slot + p)];
      if (next >= 0) {
        rd_kafka_topic_partition_list_add(offsets.get(), t.physical.c_str(), p)->offset = next;
      }
    }
  }
  // Synchronous: the commit callback still reports the outcome per partition (recorded there).
  rd_kafka_commit(rk_.get(), offsets.get(), 0);
  dirty_ = false;
  processed_since_commit_ = 0;
  last_commit_us_ = log_->NowUs();
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
      log_->Append(op);
      slots.insert(topic->first_slot + tp.partition);
    }
  };
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    generation_ = CurrentGeneration(rk_.get());
    record(OpKind::kAssign);
    rd_kafka_assign(rk_.get(), partitions);
    progress_->SetAssignment(setup_.index, std::move(slots));
    return;
  }
  if (setup_.group->commit == CommitMode::kAfterProcess) CommitProcessed();
  record(OpKind::kRevoke);
  for (int slot : slots) processed_next_[static_cast<size_t>(slot)] = -1;
  progress_->ClearAssignment(setup_.index);
  rd_kafka_assign(rk_.get(), nullptr);
  if (err != RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
    std::lock_guard lock(error_mu_);
    error_ = fmt::format("rebalance error: {}", rd_kafka_err2str(err));
  }
}

void MemberActor::CommitCallback(rd_kafka_t*, rd_kafka_resp_err_t err,
                                 rd_kafka_topic_partition_list_t* offsets, void* opaque) {
  static_cast<MemberActor*>(opaque)->OnCommit(err, offsets);
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
    log_->Append(op);
  }
}

}  // namespace ks
