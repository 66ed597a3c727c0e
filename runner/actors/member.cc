// A consumer group member: its client's life (start, stop, crash, leave), the poll loop and
// rebalances. Seeks, commits, processing workers, processor outputs and priority pausing are in
// member_seek.cc, member_commits.cc, member_processing.cc, member_output.cc and
// member_priority.cc.
#include "actors/member.h"

#include <fmt/format.h>

#include <thread>

#include "actors/client_config.h"
#include "actors/record_identity.h"
#include "target/client_logs.h"

namespace ks {
namespace {

constexpr int kPollMs = 50;
// Records a member takes ahead of its workers: enough to keep them busy, few enough that a crash
// abandons a handful, as with a real bounded worker pool.
constexpr size_t kQueuedPerWorker = 2;

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

std::string MemberActor::fatal_error() const {
  std::lock_guard lock(error_mu_);
  return fatal_error_;
}

void MemberActor::SetFatal(const std::string& message) {
  std::lock_guard lock(error_mu_);
  if (fatal_error_.empty()) fatal_error_ = fmt::format("{}: {}", name_, message);
}

Status MemberActor::Start() {
  const GroupSpec& g = *setup_.group;
  ConfPtr conf(rd_kafka_conf_new());
  RouteClientLogs(conf.get());
  std::string error;
  ClientConfig set(conf.get(), fmt::format("group '{}'", g.name));
  if (!set.SetAll(setup_.defaults)) return set.error();
  // The end of a partition says where a member stands before it reads anything: a `latest`
  // member's position is known only once its lookup of the log end is done (ReachedEnd), so a
  // `drained` wait can tell when records written from then on will be read.
  if (!set.Set("enable.partition.eof", "true")) return set.error();
  if (!set.Set("auto.offset.reset",
               g.offset_reset == OffsetReset::kEarliest ? "earliest" : "latest", g.loc) ||
      !set.Set("enable.auto.commit", g.commit.mode == CommitMode::kAuto ? "true" : "false",
               g.loc)) {
    return set.error();
  }
  for (const auto& e : g.config) {
    // Static membership (KIP-345) needs one group.instance.id per member: the group's value
    // names the group's instances, each member adds its index.
    const std::string value =
        e.key == "group.instance.id" ? MemberInstanceId(e.value, setup_.index) : e.value;
    if (!set.Set(e.key, value, e.loc)) return set.error();
  }
  if (!set.Set("bootstrap.servers", setup_.bootstrap_servers) ||
      !set.Set("group.id", setup_.group_id.empty() ? g.name : setup_.group_id) ||
      !set.Set("client.id", name_)) {
    return set.error();
  }
  rd_kafka_conf_set_rebalance_cb(conf.get(), &MemberActor::RebalanceCallback);
  rd_kafka_conf_set_offset_commit_cb(conf.get(), &MemberActor::CommitCallback);
  // Served by rd_kafka_consumer_poll on the poll thread: rd_kafka_poll_set_consumer below
  // forwards the main queue, where librdkafka puts error events, to the consumer queue.
  rd_kafka_conf_set_error_cb(conf.get(), &MemberActor::ErrorCallback);
  rd_kafka_conf_set_opaque(conf.get(), this);
  rk_ = NewClient(RD_KAFKA_CONSUMER, conf.get(), &error);
  if (!rk_) return Status::Error(fmt::format("member {}: {}", name_, error));
  conf.release();
  rd_kafka_poll_set_consumer(rk_.get());
  if (g.processing && g.processing->lua) {
    if (!setup_.lua) return Status::Error(fmt::format("member {}: no Lua plan", name_));
    // One sandbox per processing thread: a lua_State is never used by two threads.
    const size_t threads = static_cast<size_t>(std::max(1, g.processing->workers));
    for (size_t i = 0; i < threads; ++i) {
      auto lua = LuaProcessing::Open(g, *setup_.lua, fmt::format("{}#{}", name_, i), &error);
      if (!lua) return Status::Error(error);
      lua_.push_back(std::move(lua));
    }
  }
  if (g.transform) {
    if (Status st = StartOutputProducer(); !st.ok()) return st;
  }

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
    for (int i = 0; i < model_->spec().workers; ++i) {
      workers_.emplace_back([this, i] { WorkerLoop(static_cast<size_t>(i)); });
    }
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void MemberActor::Stop() {
  stop_.store(true);
  Leave();
  if (thread_.joinable()) thread_.join();
}

bool MemberActor::WaitFinalCommit(std::chrono::steady_clock::time_point deadline) {
  if (!running()) return true;  // never started, or already ended
  std::unique_lock lock(leave_mu_);
  return leave_cv_.wait_until(lock, deadline, [&] { return final_commit_done_; });
}

void MemberActor::Leave() {
  {
    std::lock_guard lock(leave_mu_);
    may_leave_ = true;
  }
  leave_cv_.notify_all();
}

void MemberActor::MarkFinalCommitDone() {
  {
    std::lock_guard lock(leave_mu_);
    final_commit_done_ = true;
  }
  leave_cv_.notify_all();
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

void MemberActor::OnPartitionEnd(const rd_kafka_message_t* msg) {
  const TopicMap::Entry* topic = setup_.topics->FindPhysical(rd_kafka_topic_name(msg->rkt));
  if (topic == nullptr || msg->partition < 0 || msg->offset < 0) return;
  const int slot = topic->first_slot + msg->partition;
  if (model_) {
    // Records of the partition still queued or being processed are not consumed yet: the last
    // of them to finish raises the position (Consumed), and a crash abandons them.
    std::lock_guard lock(work_mu_);
    if (tracker_.InFlight(slot) > 0) return;
  }
  progress_->ReachedEnd(slot, msg->offset);
}

void MemberActor::Run() {
  const CommitSpec& commit = setup_.group->commit;
  while (!stop_.load(std::memory_order_relaxed)) {
    MessagePtr msg(rd_kafka_consumer_poll(rk_.get(), kPollMs));
    if (out_) rd_kafka_poll(out_.get(), 0);  // a processor's output delivery reports
    if (setup_.group->priority) PriorityResume();
    if (msg) {
      if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (!setup_.group->priority || !PriorityDefers(msg.get())) OnMessage(msg.get());
      } else if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        OnPartitionEnd(msg.get());
      } else {
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
    EndCrashed();
  } else {
    EndCleanly();
  }
}

void MemberActor::EndCrashed() {
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
  if (out_) {
    // Outputs still queued die with the process; their reports are not recorded.
    rd_kafka_purge(out_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    progress_->in_flight.fetch_sub(outputs_in_flight_.exchange(0));
  }
  out_.reset();
  // A process killed: nothing more reaches the cluster from this member.
  rd_kafka_destroy_flags(rk_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  Op crash;
  crash.kind = OpKind::kCrash;
  Record(crash);
  MarkFinalCommitDone();  // nothing more to wait for
}

void MemberActor::EndCleanly() {
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
  if (setup_.group->commit.mode == CommitMode::kAuto) {
    // What was polled since the last auto-commit, committed while the group is stable; left to
    // consumer_close, the commit would race the other members' LeaveGroup.
    CommitSync(nullptr);
  }
  if (out_) {
    rd_kafka_flush(out_.get(), 10000);
    out_.reset();
  }
  MarkFinalCommitDone();
  {
    // The group's other members may still be committing: leave only when the run says so.
    std::unique_lock lock(leave_mu_);
    leave_cv_.wait(lock, [&] { return may_leave_; });
  }
  // Marks where this member starts to leave, so that a history shows every final commit of the
  // group before the first LeaveGroup (tests/run/group_stop_test.cc).
  Op leave;
  leave.kind = OpKind::kLeave;
  leave.generation = generation_;
  Record(leave);
  // A clean close: leaves the group (and, with auto-commit, commits anything left).
  rd_kafka_consumer_close(rk_.get());
  rk_.reset();
  Op stop;
  stop.kind = OpKind::kStop;
  Record(stop);
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
  // Without this run's identity (another tool's record, or one an earlier run left in a topic it
  // used again) the poll stays foreign: no check may count it as this run's record.
  if (rd_kafka_message_headers(msg, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
      rd_kafka_header_get_last(headers, kIdentityHeader.data(), &value, &size) ==
          RD_KAFKA_RESP_ERR_NO_ERROR &&
      ParseIdentity(std::string_view(static_cast<const char*>(value), size), setup_.run_id,
                    &producer, &seq)) {
    op.producer = setup_.tables->producers.Find(producer);
    op.seq = op.producer == kNoId ? 0 : seq;
  } else if (setup_.identities != nullptr && setup_.identities->any() && msg->payload != nullptr) {
    // A process producer's record carries its identity in its value ("<prefix>.<n>").
    uint32_t id = kNoId;
    if (setup_.identities->Resolve(
            std::string_view(static_cast<const char*>(msg->payload), msg->len), *setup_.tables, &id,
            &seq)) {
      op.producer = id;
      op.seq = seq;
    }
  }
  const char* key = static_cast<const char*>(msg->key);
  const size_t key_len = msg->key ? msg->key_len : 0;
  Record(op, key, key_len);
  const int slot = topic->first_slot + msg->partition;
  progress_->polled.fetch_add(1, std::memory_order_relaxed);
  if (!model_) {
    // No processing model: a record is consumed, and processed, when it is polled.
    progress_->Consumed(slot, msg->offset);
    std::lock_guard lock(work_mu_);
    tracker_.Polled(slot, msg->offset);
    tracker_.Done(slot, msg->offset);
    ++processed_since_commit_;
    dirty_ = true;
    return;
  }
  Work work{slot, op, key ? std::string(key, key_len) : std::string(), key != nullptr, {}, {}};
  if (!lua_.empty()) {
    // The Lua hook sees the record's value and headers (the identity header excluded).
    work.value.assign(static_cast<const char*>(msg->payload), msg->payload ? msg->len : 0);
    for (size_t i = 0; headers != nullptr; ++i) {
      const char* name = nullptr;
      const void* hv = nullptr;
      size_t hsize = 0;
      if (rd_kafka_header_get_all(headers, i, &name, &hv, &hsize) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        break;
      }
      if (kIdentityHeader == name) continue;
      work.headers.emplace_back(name, std::string(static_cast<const char*>(hv), hv ? hsize : 0));
    }
  }
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
  if (Process(work, 0)) Finish(work);
}

void MemberActor::CommitCallback(rd_kafka_t*, rd_kafka_resp_err_t err,
                                 rd_kafka_topic_partition_list_t* offsets, void* opaque) {
  static_cast<MemberActor*>(opaque)->OnCommit(err, offsets);
}

void MemberActor::ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<MemberActor*>(opaque)->setup_.client_errors->OnError(rk, err, reason);
}

}  // namespace ks
