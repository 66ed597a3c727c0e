#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "actors/client_errors.h"
#include "actors/commit_tracker.h"
#include "actors/group_member.h"
#include "actors/lua_processing.h"
#include "actors/processing_model.h"
#include "actors/progress.h"
#include "actors/topic_map.h"
#include "actors/value_identity.h"
#include "diag/status.h"
#include "history/recorder.h"
#include "scenario/model.h"
#include "target/rdkafka_handles.h"

namespace ks {

/// Everything a consumer-group member needs from the run, fixed before it starts.
struct MemberSetup {
  const GroupSpec* group = nullptr;
  int index = 0;  ///< i in "group/i"
  const TopicMap* topics = nullptr;
  const History* tables = nullptr;  ///< producers table, to resolve identity headers
  std::string bootstrap_servers;
  std::string group_id;               ///< group.id on the cluster; empty: the group's name
  std::vector<ConfigEntry> defaults;  ///< the target's client defaults; the group's config wins
  /// A processor's transactional.id prefix on the cluster (Target::TransactionalId of the
  /// group's name); each member appends "-<index>".
  std::string transactional_id;
  uint64_t seed = 1;  ///< the scenario's seed: drives processing delays, failures
  /// Target::run_id(): a polled record has an identity only if its header carries this run id
  /// (ParseIdentity), and a processor's outputs carry it in theirs.
  std::string run_id;
  /// Identities carried in values (process producers' batches); null: headers only. A record
  /// without this run's identity header is looked up here before it counts as foreign.
  const ValueIdentities* identities = nullptr;
  /// Process clients (ProcessMember): the scenario file's folder ({scenario_dir}) and, for
  /// java, the class path of Kafka's jars (FindKafkaClasspath).
  std::string scenario_dir;
  std::string classpath;
  const LuaPlan* lua = nullptr;  ///< the scenario's Lua, for processing.lua
  // A processor's output side (GroupSpec::transform):
  std::vector<ConfigEntry> producer_defaults;  ///< the target's producer defaults
  uint32_t history_producer = kNoId;           ///< History::producers id of "group/i"
  ProducerProgress* outputs = nullptr;         ///< the processor's acknowledged outputs
  /// The next output sequence number of member "group/i", shared by its restarts: a record's
  /// identity must stay unique for the whole run.
  std::shared_ptr<std::atomic<uint64_t>> output_seq = std::make_shared<std::atomic<uint64_t>>(0);
  /// Where the error callbacks of the member's clients (its consumer and a processor's output
  /// producer) report, shared by its restarts like output_seq; the run reads it at the end.
  std::shared_ptr<ClientErrors> client_errors = std::make_shared<ClientErrors>();
};

/// A consumer-group member: one librdkafka KafkaConsumer on its own thread, subscribed to the
/// group's topics. It records a poll op per record (with the identity from its header when this
/// run wrote it, else none: a foreign record), assign and revoke ops from its rebalance callback,
/// and commit ops from librdkafka's offset commit callback.
///
/// Processing (the group's `processing:`): each polled record is processed with a seeded delay
/// and failure rate, on the poll thread (1 worker) or by `workers` threads that take records in
/// poll order and may finish them out of order; every attempt is recorded as a process op. A
/// failed attempt is retried or the record is skipped.
///
/// Commit modes: `auto` is enable.auto.commit=true (librdkafka commits polled offsets every
/// auto.commit.interval.ms, 5 s by default, processed or not). `after_process` and
/// `low_watermark` commit below the oldest record still being processed, `highest_done` past the
/// highest processed one (CommitTracker), every `commit.every` records or `commit.interval`,
/// before giving up partitions in a rebalance and when the member stops. `never` commits nothing.
class MemberActor : public GroupMember {
 public:
  MemberActor(MemberSetup setup, ActorLog* log, GroupProgress* progress);
  ~MemberActor() override;
  MemberActor(const MemberActor&) = delete;
  MemberActor& operator=(const MemberActor&) = delete;

  /// Creates the consumer (errors name a bad property), subscribes, starts the poll thread and
  /// the processing workers.
  Status Start() override;
  /// Stops cleanly: finishes the records being processed, makes its final commit (per the
  /// group's mode; with `auto`, a synchronous commit of the polled offsets), then
  /// rd_kafka_consumer_close (leaves the group). Blocks until the threads have ended.
  void Stop() override;
  /// Asks the member to stop cleanly without waiting: it finishes its records and makes its
  /// final commit, then holds on to its membership until Leave() (or Stop()). Stopping a whole
  /// group this way (RequestStop each, WaitFinalCommit each, then Leave) lets every member
  /// commit before any LeaveGroup starts a rebalance, during which the coordinator rejects
  /// commits; Kafka's KafkaConsumer.close() likewise commits before it sends LeaveGroup.
  void RequestStop() override { stop_.store(true); }
  /// Waits until the member, asked to stop, has made its final commit (or has crashed or
  /// ended), at most until `deadline`. False when the deadline came first.
  [[nodiscard]] bool WaitFinalCommit(std::chrono::steady_clock::time_point deadline) override;
  /// Lets a member that is stopping leave the group (rd_kafka_consumer_close) and end; does
  /// not wait for it (Stop() does).
  void Leave() override;
  /// Kills the member as if its process died: records being processed are abandoned, no final
  /// commit, no consumer close, no LeaveGroup (rd_kafka_destroy_flags with
  /// RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE). The group notices only when session.timeout.ms
  /// expires, as with a real kill. Records a crash op.
  void Crash() override;
  /// Moves the member's position in every partition it owns (Kafka's seek: replay or skip), on
  /// its own poll thread, and waits up to `timeout_ms` for it to be done. Records a seek op per
  /// partition. Errors say why the seek could not be done.
  Status Seek(const SeekSpec& seek, int timeout_ms) override;
  /// True between Start() and Stop() or Crash().
  bool running() const override { return thread_.joinable(); }
  /// True once Start() has succeeded, even after the member stopped: a client runs once.
  bool has_run() const override { return has_run_; }
  const std::string& name() const override { return name_; }
  /// A problem met while running (a consumer error other than a transient one), or "".
  std::string error() const override;
  /// An error that fails the scenario (a Lua hook's error, an output that could not be
  /// produced), or "".
  std::string fatal_error() const override;

 private:
  /// A polled record handed to processing.
  struct Work {
    int slot = 0;
    Op poll;  ///< the record's poll op: identity, topic, partition, offset
    std::string key;
    bool has_key = false;
    std::string value;  ///< value and headers: only for a Lua processing hook
    std::vector<std::pair<std::string, std::string>> headers;
  };

  void Run();
  /// The end of a crash: work abandoned, rd_kafka_destroy without consumer close.
  void EndCrashed();
  /// The end of a clean stop: finishes the records, makes the final commit, waits for Leave(),
  /// then rd_kafka_consumer_close.
  void EndCleanly();
  void OnRebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  void OnCommit(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets);
  void OnMessage(const rd_kafka_message_t* msg);
  /// A partition EOF event (enable.partition.eof): the member's position on that partition is
  /// its end (GroupProgress::ReachedEnd).
  void OnPartitionEnd(const rd_kafka_message_t* msg);
  void DoSeek(const SeekSpec& seek);
  /// Appends to the member's log: the poll thread and the workers share it.
  void Record(const Op& op, const char* key = nullptr, size_t key_len = 0);
  /// Processes one record (every attempt) on processing thread `thread` (0 for the poll thread
  /// or the first worker); false when the member crashed meanwhile.
  bool Process(const Work& work, size_t thread);
  /// One attempt through the Lua hook: `*failed` and the outputs it produced.
  bool ProcessWithLua(const Work& work, size_t thread, int attempt, bool* failed);
  /// Produces a processor's output and records its send invoke.
  void ProduceOutput(const LuaOutput& out);
  void OnOutputDelivery(const rd_kafka_message_t* msg);
  static void OutputDeliveryCallback(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
  Status StartOutputProducer();
  /// Transactional processors: begins a transaction if none is open (out_mu_ held). False,
  /// with a fatal error set, when it cannot.
  bool BeginOutputTransactionLocked();
  /// Transactional processors: sends `offsets` to the open transaction and commits it; records
  /// the txn outcome and a commit op per partition.
  void CommitOutputTransaction(rd_kafka_topic_partition_list_t* offsets);
  void RecordTxn(OpType type);
  /// Priority groups: true when `msg` must wait because an earlier topic has records waiting
  /// (the member then seeks the partition back to msg and pauses the later topics).
  bool PriorityDefers(const rd_kafka_message_t* msg);
  /// Priority groups: resumes paused partitions once no earlier topic has records waiting.
  void PriorityResume();
  void SetFatal(const std::string& message);
  /// Tells WaitFinalCommit() the final commit is made (or will never be).
  void MarkFinalCommitDone();
  /// Ends a record's processing: it may now be committed past.
  void Finish(const Work& work);
  void WorkerLoop(size_t thread);
  /// Waits until no record is being processed (or the member crashed).
  void WaitIdle();
  /// Sleeps `us` microseconds; false when the member crashed meanwhile.
  bool SleepUnlessCrashed(int64_t us);
  bool ProcessedOffsetCommits() const;
  void CommitProcessed(bool async);
  /// Commits `offsets` (null: the positions of the whole assignment) and waits for the outcome;
  /// the commit ops are recorded before it returns.
  void CommitSync(const rd_kafka_topic_partition_list_t* offsets);
  static void RebalanceCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions, void* opaque);
  static void CommitCallback(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                             rd_kafka_topic_partition_list_t* offsets, void* opaque);
  static void ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque);

  MemberSetup setup_;
  ActorLog* log_;
  GroupProgress* progress_;
  std::string name_;
  std::optional<ProcessingModel> model_;
  KafkaPtr rk_;
  KafkaPtr out_;  ///< a processor's output producer
  std::mutex out_mu_;
  /// Outputs produced, not yet reported. Atomic, not under out_mu_: librdkafka serves delivery
  /// reports inside flush and commit_transaction, which run with out_mu_ held.
  std::atomic<int64_t> outputs_in_flight_{0};
  bool txn_open_ = false;    ///< a transactional processor's open transaction (out_mu_)
  uint64_t txn_number_ = 0;  ///< its number, from 1 (out_mu_)
  std::vector<std::unique_ptr<LuaProcessing>> lua_;  ///< one per processing thread
  std::vector<int> paused_slots_;                    ///< priority: partitions paused now
  std::thread thread_;
  std::vector<std::thread> workers_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> crash_{false};
  // The final commit of a clean stop, then the permission to leave (guarded by leave_mu_).
  std::mutex leave_mu_;
  std::condition_variable leave_cv_;
  bool final_commit_done_ = false;
  bool may_leave_ = false;
  bool has_run_ = false;
  std::mutex log_mu_;
  // A seek asked for by the timeline, done by the poll thread (guarded by seek_mu_).
  std::mutex seek_mu_;
  std::condition_variable seek_cv_;
  std::optional<SeekSpec> seek_;
  std::optional<Status> seek_done_;
  // Processing and commit state (guarded by work_mu_).
  std::mutex work_mu_;
  std::condition_variable work_cv_;  ///< work queued, or the workers should end
  std::condition_variable idle_cv_;  ///< a record finished: queue space, maybe idle
  std::deque<Work> queue_;
  bool workers_end_ = false;
  size_t in_flight_ = 0;  ///< records polled whose processing has not ended
  CommitTracker tracker_;
  int64_t processed_since_commit_ = 0;
  bool dirty_ = false;
  int64_t last_commit_us_ = 0;
  int32_t generation_ = -1;  ///< the group generation of the current assignment
  mutable std::mutex error_mu_;
  std::string error_;
  std::string fatal_error_;
};

}  // namespace ks
