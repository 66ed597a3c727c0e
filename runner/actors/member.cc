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
// Records a member takes ahead of its workers: enough to keep them busy, few enough that a crash
// abandons a handful, as with a real bounded worker pool.
constexpr size_t kQueuedPerWorker = 2;
// A sleep is cut into slices so that a crash stops processing promptly.
constexpr int64_t kSleepSliceUs = 5000;

}  // namespace

MemberActor::MemberActor(MemberSetup setup, ActorLog* log, GroupProgress* progress)
    : setup_(std::move(setup)),
      log_(log),
      progress_(progress),
      name_(fmt::format("{}/{}", setup_.group->name, setup_.index)),
      tracker_(setup_.topics->slots()) {
  if (setup_.group->processing) model_.emplace(*setup_.group->processing, setup_.seed);
}

MemberActor::~MemberActor() { Stop(); }

void MemberActor::Record(const Op& op, const char* key, size_t key_len) {
  std::lock_guard lock(log_mu_);
  log_->Append(op, key, key_len);
}

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
      !set("enable.auto.commit", g.commit.mode == CommitMode::kAuto ? "true" : "false", g.loc)) {
    return Status::Error(error);
  }
  for (const auto& e : g.config) {
    // Static membership (KIP-345) needs one group.instance.id per member: the group's value
    // names the group's instances, each member adds its index.
    const std::string value =
        e.key == "group.instance.id" ? fmt::format("{}-{}", e.value, setup_.index) : e.value;
    if (!set(e.key, value, e.loc)) return Status::Error(error);
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
  Record(start);
  progress_->SetLive(setup_.index, true);
  has_run_ = true;
  last_commit_us_ = log_->NowUs();
  if (model_ && model_->spec().workers > 1) {
    for (int i = 0; i < model_->spec().workers; ++i)
      workers_.emplace_back([this] { WorkerLoop(); });
  }
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
      Record(op);
      // The group's progress is its position: a replay reads the partition again from here.
      const int slot = topic->first_slot + tp.partition;
      progress_->consumed_offsets.Set(slot, tp.offset >= 0 ? tp.offset - 1 : -1);
      std::lock_guard lock(work_mu_);
      tracker_.Reset(slot);
    }
  }
  std::lock_guard lock(seek_mu_);
  seek_done_ = result;
  seek_cv_.notify_all();
}

void MemberActor::Crash() {
  {
    // Under the lock, so that a thread about to wait sees the flag or gets the notification.
    std::lock_guard lock(work_mu_);
    crash_.store(true);
  }
  idle_cv_.notify_all();
  work_cv_.notify_all();
  Stop();
}

void MemberActor::Run() {
  const CommitSpec& commit = setup_.group->commit;
  while (!stop_.load(std::memory_order_relaxed)) {
    MessagePtr msg(rd_kafka_consumer_poll(rk_.get(), kPollMs));
    if (msg) {
      if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        OnMessage(msg.get());
      } else if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        std::lock_guard lock(error_mu_);
        error_ = rd_kafka_message_errstr(msg.get());
      }
    }
    if (crash_.load()) break;
    {
      std::unique_lock lock(seek_mu_);
      if (seek_) {
        SeekSpec seek = *seek_;
        seek_.reset();
        lock.unlock();
        DoSeek(seek);
      }
    }
    if (ProcessedOffsetCommits()) {
      bool due = false;
      {
        std::lock_guard lock(work_mu_);
        due = dirty_ && (processed_since_commit_ >= commit.every ||
                         log_->NowUs() - last_commit_us_ >= commit.interval_ms * 1000);
      }
      if (due) CommitProcessed(commit.async);
    }
  }
  progress_->SetLive(setup_.index, false);
  if (crash_.load()) {
    {
      std::lock_guard lock(work_mu_);
      workers_end_ = true;
      progress_->in_flight.fetch_sub(static_cast<int64_t>(in_flight_));
      in_flight_ = 0;
      queue_.clear();
    }
    work_cv_.notify_all();
    idle_cv_.notify_all();
    for (auto& w : workers_) w.join();
    workers_.clear();
    // A process killed: nothing more reaches the cluster from this member.
    rd_kafka_destroy_flags(rk_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    Op crash;
    crash.kind = OpKind::kCrash;
    Record(crash);
    return;
  }
  // A clean stop finishes what it took on before it commits and leaves.
  WaitIdle();
  {
    std::lock_guard lock(work_mu_);
    workers_end_ = true;
  }
  work_cv_.notify_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
  if (ProcessedOffsetCommits()) CommitProcessed(false);
  // A clean close: leaves the group (and, with auto-commit, commits what was polled).
  rd_kafka_consumer_close(rk_.get());
  rk_.reset();
  Op stop;
  stop.kind = OpKind::kStop;
  Record(stop);
}

bool MemberActor::ProcessedOffsetCommits() const {
  const CommitMode mode = setup_.group->commit.mode;
  return mode == CommitMode::kAfterProcess || mode == CommitMode::kLowWatermark ||
         mode == CommitMode::kHighestDone;
}

bool MemberActor::SleepUnlessCrashed(int64_t us) {
  while (us > 0) {
    if (crash_.load(std::memory_order_relaxed)) return false;
    const int64_t slice = std::min(us, kSleepSliceUs);
    std::this_thread::sleep_for(std::chrono::microseconds(slice));
    us -= slice;
  }
  return !crash_.load(std::memory_order_relaxed);
}

bool MemberActor::Process(const Work& work) {
  const ProcessingSpec& spec = model_->spec();
  for (int attempt = 0;; ++attempt) {
    if (!SleepUnlessCrashed(model_->DelayUs(work.slot, work.poll.offset, attempt))) return false;
    const bool failed = model_->Fails(work.slot, work.poll.offset, attempt);
    Op op = work.poll;
    op.kind = OpKind::kProcess;
    op.type = failed ? OpType::kFail : OpType::kOk;
    {
      std::lock_guard lock(log_mu_);
      // A killed process records nothing after its death.
      if (crash_.load()) return false;
      log_->Append(op, work.has_key ? work.key.data() : nullptr, work.key.size());
    }
    if (!failed || spec.on_failure == ProcessingSpec::OnFailure::kSkip) return true;
  }
}

void MemberActor::Finish(const Work& work) {
  {
    std::lock_guard lock(work_mu_);
    if (crash_.load() || in_flight_ == 0) return;  // abandoned by a crash
    tracker_.Done(work.slot, work.poll.offset);
    ++processed_since_commit_;
    dirty_ = true;
    --in_flight_;
  }
  progress_->in_flight.fetch_sub(1);
  progress_->consumed_offsets.Raise(work.slot, work.poll.offset);
  idle_cv_.notify_all();
}

void MemberActor::WorkerLoop() {
  for (;;) {
    Work work;
    {
      std::unique_lock lock(work_mu_);
      work_cv_.wait(lock, [&] { return workers_end_ || !queue_.empty(); });
      if (queue_.empty()) return;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    idle_cv_.notify_all();  // queue space
    if (Process(work)) Finish(work);
  }
}

void MemberActor::WaitIdle() {
  std::unique_lock lock(work_mu_);
  idle_cv_.wait(lock, [&] { return in_flight_ == 0 || crash_.load(); });
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
  const char* key = static_cast<const char*>(msg->key);
  const size_t key_len = msg->key ? msg->key_len : 0;
  Record(op, key, key_len);
  const int slot = topic->first_slot + msg->partition;
  progress_->polled.fetch_add(1, std::memory_order_relaxed);
  if (!model_) {
    // No processing model: a record is consumed, and processed, when it is polled.
    progress_->consumed_offsets.Raise(slot, msg->offset);
    std::lock_guard lock(work_mu_);
    tracker_.Polled(slot, msg->offset);
    tracker_.Done(slot, msg->offset);
    ++processed_since_commit_;
    dirty_ = true;
    return;
  }
  Work work{slot, op, key ? std::string(key, key_len) : std::string(), key != nullptr};
  {
    std::unique_lock lock(work_mu_);
    tracker_.Polled(slot, msg->offset);
    ++in_flight_;
    progress_->in_flight.fetch_add(1);
    if (!workers_.empty()) {
      // Bounded hand-off: the poll thread waits for queue space, as a real worker pool would.
      idle_cv_.wait(lock, [&] {
        return queue_.size() < kQueuedPerWorker * workers_.size() || crash_.load();
      });
      if (crash_.load()) return;
      queue_.push_back(std::move(work));
      lock.unlock();
      work_cv_.notify_one();
      return;
    }
  }
  if (Process(work)) Finish(work);
}

void MemberActor::CommitProcessed(bool async) {
  if (!rk_) return;
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
  if (offsets->cnt == 0) return;
  // The commit callback reports the outcome per partition, sync or async (recorded there).
  rd_kafka_commit(rk_.get(), offsets.get(), async ? 1 : 0);
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
    Record(op);
  }
}

}  // namespace ks
