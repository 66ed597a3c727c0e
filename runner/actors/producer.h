#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/client_errors.h"
#include "actors/lua_record_hooks.h"
#include "actors/producer_client.h"
#include "actors/progress.h"
#include "actors/topic_map.h"
#include "actors/value_identity.h"
#include "diag/status.h"
#include "history/recorder.h"
#include "scenario/model.h"
#include "target/rdkafka_handles.h"

namespace ks {

/// Everything a producer actor needs from the run, fixed before it starts.
struct ProducerSetup {
  const ProducerSpec* spec = nullptr;
  const TopicMap::Entry* topic = nullptr;
  std::string bootstrap_servers;
  std::vector<ConfigEntry> defaults;  ///< the target's client defaults; the spec's config wins
  uint64_t seed = 1;                  ///< the scenario seed: drives the payload bytes
  uint32_t history_producer = 0;      ///< History::producers id of this producer
  int64_t deadline_us = 0;            ///< run-clock time by which it must have finished
  const LuaPlan* lua = nullptr;       ///< the scenario's Lua, for key/value/headers/partitioner
  std::string run_id;                 ///< Target::run_id(), part of every record's identity
  /// A process group reads the topic: the identity goes into the value too (IdentityValue),
  /// since the verifiable clients print no headers.
  bool identity_in_value = false;
  /// Process producers (ProcessProducer): where their batches' value prefixes are registered,
  /// the scenario file's folder ({scenario_dir}) and, for java, the class path of Kafka's jars.
  ValueIdentities* identities = nullptr;
  std::string scenario_dir;
  std::string classpath;
  /// transactional.id on the cluster (Target::TransactionalId of the spec's id); empty: the
  /// spec's id as written.
  std::string transactional_id;
  /// Where the client's error callback reports (TLS, SASL, connection errors); the run reads it
  /// after the actor stopped.
  std::shared_ptr<ClientErrors> client_errors = std::make_shared<ClientErrors>();
};

/// A producer actor: one librdkafka producer on its own thread that sends `messages` records at
/// the spec's rate, each with its identity header, and records a send invoke per record and a
/// completion per delivery report (PERSISTED -> ok, POSSIBLY_PERSISTED -> info, NOT_PERSISTED ->
/// fail; rd_kafka_message_status).
///
/// With `transactional` (KIP-98) it sets transactional.id (librdkafka then implies
/// enable.idempotence), calls rd_kafka_init_transactions in Start(), and sends in transactions of
/// `batch` records, numbered from 1 across the run: a txn invoke op at rd_kafka_begin_transaction,
/// then the batch's sends, then rd_kafka_commit_transaction (txn ok) or, for numbers that are
/// multiples of `abort_every`, rd_kafka_abort_transaction (txn fail). When fewer than `batch`
/// records are left of what was asked for, they form a transaction of their own. Before a planned
/// abort the actor flushes, so the aborted records are in the log (delivered ok) as the records of
/// an application that aborts late: what read_committed readers must not see. Every
/// transactional call has a timeout (30 s, or what is left until the deadline). An abortable
/// error aborts the transaction (txn fail); a fatal error, or a commit still unanswered at the
/// deadline, records txn info (outcome unknown) and stops the actor; either becomes error().
/// For a transactional producer ProducerProgress counts a record as acknowledged (acked,
/// acked_offsets) once its transaction committed, not at its delivery report: records of aborted
/// transactions are never acknowledged, so a read_committed group is never waited for on them.
class ProducerActor : public ProducerClient {
 public:
  ProducerActor(ProducerSetup setup, ActorLog* log, ProducerProgress* progress);
  ~ProducerActor() override;
  ProducerActor(const ProducerActor&) = delete;
  ProducerActor& operator=(const ProducerActor&) = delete;

  /// Creates the client (errors name a bad property) and starts the sending thread, which
  /// sends nothing until Send() asks for records.
  Status Start() override;
  /// Asks for `count` more records, numbered after the ones already asked for (a `produce`
  /// step). ProducerProgress::finished turns true once all of them have their delivery reports.
  void Send(int64_t count) override;
  /// Every record asked for so far.
  int64_t Requested() const override;
  /// Lets the thread end once everything asked for is acknowledged (or the deadline passes).
  void Close() override { closing_.store(true); }
  /// Asks the thread to stop sending now (an aborted run); Join() still waits for it. What is
  /// left is purged: those records complete as fail or info.
  void RequestStop() override { stop_.store(true); }
  /// Waits for the thread to end.
  void Join() override;
  /// A problem met while running (a produce() error other than a full queue, a transactional
  /// call that failed), or "". Read it after Join().
  const std::string& error() const override { return error_; }

 private:
  struct SendState;
  struct Record;
  /// The sending thread: sends what Send() asked for, in order, until stopped, closed with
  /// everything delivered, out of time, or failed; then FinishSending().
  void Run();
  /// Nothing left to send: ends an open transaction, serves delivery reports for up to 5 ms and
  /// publishes `finished`. False when the thread must end (closing with nothing queued, a
  /// failed transaction, or the deadline).
  bool ServeWhileIdle(SendState& st);
  /// Sends record st.next (paced, in its transaction); false when the thread must end.
  bool SendNext(SendState& st);
  /// Waits, serving delivery reports, until record `i` is due at the spec's rate (counted from
  /// the start of its batch) or the actor is stopped. No wait without a rate.
  void PaceRecord(const SendState& st, int64_t i);
  /// Fills in record `i`'s key (into st.key), identity, value and, through the Lua hooks, its
  /// key, partition, value and headers. False (error set) when a Lua hook failed.
  bool ShapeRecord(SendState& st, int64_t i, Record* record);
  /// Records the send invoke of record `i` and produces it, retrying while the queue is full.
  /// False when librdkafka refused it (recorded as fail, error set).
  bool Produce(const SendState& st, int64_t i, const Record& record);
  /// Aborts a transaction still open, purges what is left and flushes for up to 1 s (so purged
  /// records get their completions), serves the last delivery reports and sets `finished`.
  void FinishSending();
  void OnDelivery(const rd_kafka_message_t* msg);
  static void DeliveryCallback(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);
  static void ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque);

  // Transactions (spec->transactional); all on the actor's thread, delivery reports included.
  /// Milliseconds a transactional call may block: 30 s, or less when the deadline is nearer
  /// (at least 1 s).
  int TxnTimeoutMs() const;
  /// Begins transaction txn_number_ + 1 and records its invoke. False (error set) on failure.
  bool BeginTransaction();
  /// Ends the open transaction: commits it, or aborts it when its number is a multiple of
  /// abort_every or `must_abort`. False when the actor must stop (a fatal error, or no outcome
  /// by the deadline).
  bool EndTransaction(bool must_abort);
  /// Aborts the open transaction (txn fail). False, after recording txn info, when the abort
  /// failed or had no answer in time.
  bool AbortTransaction();
  /// Records a txn op of `type` for the current transaction.
  void RecordTxn(OpType type);
  /// Sets error() unless an earlier error is already there.
  void SetError(std::string message);

  ProducerSetup setup_;
  std::unique_ptr<LuaRecordHooks> lua_;  ///< used by the sending thread only
  ActorLog* log_;
  ProducerProgress* progress_;
  KafkaPtr rk_;
  /// The topic's handle, looked up once: produce() by topic name takes the client's write lock
  /// to find the topic for every record. Declared after rk_ so that it is destroyed first.
  TopicPtr rkt_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> closing_{false};
  mutable std::mutex mu_;
  std::atomic<int64_t> requested_{0};  // changed under mu_ (with progress_->finished)
  std::string error_;
  // The current transaction: its number (from 1), whether it is open, its records so far, and
  // what its delivery reports acknowledged, applied to progress_ only when it commits.
  int64_t txn_number_ = 0;
  bool txn_open_ = false;
  int64_t txn_records_ = 0;
  int64_t txn_acked_ = 0;
  std::vector<int64_t> txn_acked_offsets_;  // highest acked offset per partition of the topic
};

}  // namespace ks
