#include "actors/producer.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <random>

#include "actors/client_config.h"
#include "actors/record_identity.h"
#include "target/client_logs.h"

namespace ks {
namespace {

// librdkafka's names for the partitioners the scenario format offers (CONFIGURATION.md,
// `partitioner`). round_robin and explicit partitions are chosen by the actor itself.
const char* LibrdkafkaPartitioner(PartitionerKind kind) {
  switch (kind) {
    case PartitionerKind::kCrc32:
      return "consistent_random";
    case PartitionerKind::kMurmur2:
      return "murmur2_random";
    case PartitionerKind::kRandom:
      return "random";
    case PartitionerKind::kRoundRobin:
    case PartitionerKind::kExplicit:
    case PartitionerKind::kLua:
      return nullptr;
  }
  return nullptr;
}

struct TxnErrorDeleter {
  void operator()(rd_kafka_error_t* e) const { rd_kafka_error_destroy(e); }
};
/// A transactional call's error (nullptr: success).
using TxnErrorPtr = std::unique_ptr<rd_kafka_error_t, TxnErrorDeleter>;

/// "TRANSACTION_COORDINATOR_FENCED: <librdkafka's words> (fatal)": an error as messages show it.
std::string Describe(const rd_kafka_error_t* e) {
  const char* kind = rd_kafka_error_is_fatal(e)             ? " (fatal)"
                     : rd_kafka_error_txn_requires_abort(e) ? " (abortable)"
                     : rd_kafka_error_is_retriable(e)       ? " (retriable)"
                                                            : "";
  return fmt::format("{}: {}{}", rd_kafka_error_name(e), rd_kafka_error_string(e), kind);
}

/// The longest any transactional call may block.
constexpr int kTxnTimeoutMs = 30000;

/// The payload pool's bytes beyond one value: record i's value starts at (i * 7919) % kPoolSlack.
constexpr size_t kPoolSlack = 4096;

}  // namespace

ProducerActor::ProducerActor(ProducerSetup setup, ActorLog* log, ProducerProgress* progress)
    : setup_(std::move(setup)), log_(log), progress_(progress) {}

ProducerActor::~ProducerActor() {
  RequestStop();
  Join();
}

void ProducerActor::DeliveryCallback(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  static_cast<ProducerActor*>(opaque)->OnDelivery(msg);
}

void ProducerActor::ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  static_cast<ProducerActor*>(opaque)->setup_.client_errors->OnError(rk, err, reason);
}

void ProducerActor::OnDelivery(const rd_kafka_message_t* msg) {
  Op op;
  op.kind = OpKind::kSend;
  op.type = DeliveryType(msg);
  if (msg->err && op.type == OpType::kOk) op.type = OpType::kInfo;  // never call an error "ok"
  op.producer = setup_.history_producer;
  op.seq = reinterpret_cast<uintptr_t>(msg->_private);
  op.topic = setup_.topic->history_id;
  op.partition = msg->partition;
  op.offset = op.type == OpType::kFail ? -1 : msg->offset;
  log_->Append(op, static_cast<const char*>(msg->key), msg->key ? msg->key_len : 0);
  if (op.type == OpType::kOk && setup_.spec->transactional) {
    // Acknowledged once its transaction commits (EndTransaction).
    ++txn_acked_;
    if (msg->partition >= 0 && static_cast<size_t>(msg->partition) < txn_acked_offsets_.size()) {
      int64_t& mark = txn_acked_offsets_[static_cast<size_t>(msg->partition)];
      mark = std::max(mark, msg->offset);
    }
  } else if (op.type == OpType::kOk) {
    progress_->acked.fetch_add(1, std::memory_order_relaxed);
    progress_->acked_offsets.Raise(setup_.topic->first_slot + msg->partition, msg->offset);
  } else {
    progress_->failed.fetch_add(1, std::memory_order_relaxed);
  }
}

Status ProducerActor::Start() {
  const ProducerSpec& spec = *setup_.spec;
  ConfPtr conf(rd_kafka_conf_new());
  RouteClientLogs(conf.get());
  std::string error;
  ClientConfig set(conf.get(), fmt::format("producer '{}'", spec.name));
  if (!set.SetAll(setup_.defaults)) return set.error();
  if (const char* p = LibrdkafkaPartitioner(spec.partitioner.kind)) {
    if (!set.Set("partitioner", p, spec.partitioner.loc)) return set.error();
  }
  if (!set.SetAll(spec.config)) return set.error();
  // KIP-98: a transactional.id makes librdkafka imply enable.idempotence (and acks=all).
  if (spec.transactional &&
      !set.Set("transactional.id",
               setup_.transactional_id.empty() ? spec.transactional->id : setup_.transactional_id,
               spec.transactional->loc)) {
    return set.error();
  }
  if (!set.Set("bootstrap.servers", setup_.bootstrap_servers) || !set.Set("client.id", spec.name)) {
    return set.error();
  }
  if (setup_.lua) {
    lua_ = LuaRecordHooks::Open(spec, *setup_.lua, &error);
    if (!lua_ && !error.empty()) return Status::Error(error);
  }
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &ProducerActor::DeliveryCallback);
  // Served by rd_kafka_poll and rd_kafka_flush on the actor's thread.
  rd_kafka_conf_set_error_cb(conf.get(), &ProducerActor::ErrorCallback);
  rd_kafka_conf_set_opaque(conf.get(), this);
  rk_ = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  if (!rk_) return Status::Error(fmt::format("producer '{}': {}", spec.name, error));
  conf.release();
  // Warm the client up: fetch the topic's metadata (and so connect to its leaders) now, bounded.
  // librdkafka 2.0.2's first produce request from a client idle since its creation otherwise
  // waited about 1 s (measured on the embedded cluster).
  rkt_.reset(rd_kafka_topic_new(rk_.get(), setup_.topic->physical.c_str(), nullptr));
  if (!rkt_) {
    return Status::Error(fmt::format("producer '{}': topic '{}': {}", spec.name,
                                     setup_.topic->physical,
                                     rd_kafka_err2str(rd_kafka_last_error())));
  }
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk_.get(), 0, rkt_.get(), &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    MetadataPtr owned(md);
  }
  if (spec.transactional) {
    txn_acked_offsets_.assign(static_cast<size_t>(std::max(setup_.topic->partitions, 0)), -1);
    // Finds the transaction coordinator and gets a producer id and epoch (InitProducerId),
    // fencing any earlier producer with the same transactional.id.
    if (TxnErrorPtr err(rd_kafka_init_transactions(rk_.get(), TxnTimeoutMs())); err) {
      return Status::Error(
          fmt::format("producer '{}': init_transactions (transactional.id '{}') "
                      "failed: {}",
                      spec.name, spec.transactional->id, Describe(err.get())));
    }
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ProducerActor::Join() {
  if (thread_.joinable()) thread_.join();
}

void ProducerActor::Send(int64_t count) {
  std::lock_guard lock(mu_);
  requested_.fetch_add(count);
  progress_->finished.store(false);
}

int64_t ProducerActor::Requested() const {
  // Read before every record: an atomic load, not the lock Send() takes.
  return requested_.load();
}

/// The sending thread's state across records and batches.
struct ProducerActor::SendState {
  /// Seeded payload bytes: a pool larger than one value; record i takes a slice at a
  /// seed-determined offset, so payloads differ between records and runs repeat exactly.
  std::vector<char> pool;
  // Buffers reused from record to record.
  std::string identity, key, lua_value, identity_value;
  std::vector<std::pair<std::string, std::string>> lua_headers;
  // Records are numbered across batches (produce steps), so a record's identity is unique for
  // the whole run; pacing restarts with each batch.
  int64_t next = 0;
  int64_t batch_first = 0;
  std::chrono::steady_clock::time_point batch_start = std::chrono::steady_clock::now();
  bool idle = true;
  int64_t txn_batch = 0;  ///< records per transaction; 0 when not transactional
};

/// One record about to be produced: where it goes and what it holds (the key and the identity
/// are in SendState).
struct ProducerActor::Record {
  int32_t partition = RD_KAFKA_PARTITION_UA;
  bool keyed = false;
  const char* value = nullptr;
  size_t value_size = 0;
};

void ProducerActor::Run() {
  const ProducerSpec& spec = *setup_.spec;
  SendState st;
  std::mt19937_64 rng(setup_.seed ^ std::hash<std::string>{}(spec.name));
  st.pool.resize(static_cast<size_t>(spec.value_size) + kPoolSlack);
  for (auto& c : st.pool) c = static_cast<char>(rng());
  if (spec.transactional) st.txn_batch = std::max<int64_t>(spec.transactional->batch, 1);
  while (!stop_.load(std::memory_order_relaxed)) {
    if (st.next >= Requested()) {
      if (!ServeWhileIdle(st)) break;
      continue;
    }
    if (!SendNext(st)) break;
  }
  FinishSending();
}

bool ProducerActor::ServeWhileIdle(SendState& st) {
  // Nothing left of what was asked for: a transaction still open ends here, short.
  if (txn_open_ && !EndTransaction(false)) return false;
  // Nothing to send: serve delivery reports until more is asked for or the actor closes.
  st.idle = true;
  rd_kafka_poll(rk_.get(), 5);
  if (rd_kafka_outq_len(rk_.get()) == 0) {
    // Under Send()'s lock: a Send() between reading the count and storing the flag would
    // otherwise be marked finished before its records are sent.
    std::lock_guard lock(mu_);
    progress_->finished.store(st.next >= requested_.load());
    if (closing_.load()) return false;
  }
  return log_->NowUs() < setup_.deadline_us;
}

bool ProducerActor::SendNext(SendState& st) {
  const ProducerSpec& spec = *setup_.spec;
  if (st.idle) {
    st.idle = false;
    st.batch_first = st.next;
    st.batch_start = std::chrono::steady_clock::now();
  }
  const int64_t i = st.next++;
  PaceRecord(st, i);
  Record record;
  if (spec.partitioner.kind == PartitionerKind::kExplicit) {
    record.partition = spec.partitioner.partition;
  } else if (spec.partitioner.kind == PartitionerKind::kRoundRobin) {
    record.partition = static_cast<int32_t>(i % setup_.topic->declared_partitions);
  }
  if (spec.transactional && !txn_open_ && !BeginTransaction()) return false;
  if (!ShapeRecord(st, i, &record)) return false;
  const bool refused = !Produce(st, i, record);
  progress_->sent.fetch_add(1, std::memory_order_relaxed);
  if (spec.transactional) {
    // A refused record leaves its transaction in doubt: abort it rather than commit a part.
    if (refused && !EndTransaction(true)) return false;
    if (!refused && ++txn_records_ >= st.txn_batch && !EndTransaction(false)) return false;
  }
  if ((i & 1023) == 0) rd_kafka_poll(rk_.get(), 0);
  return true;
}

void ProducerActor::PaceRecord(const SendState& st, int64_t i) {
  const ProducerSpec& spec = *setup_.spec;
  if (spec.rate_per_s <= 0) return;
  auto due =
      st.batch_start +
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(static_cast<double>(i - st.batch_first) / spec.rate_per_s));
  while (std::chrono::steady_clock::now() < due && !stop_.load(std::memory_order_relaxed)) {
    rd_kafka_poll(rk_.get(), 1);
  }
}

bool ProducerActor::ShapeRecord(SendState& st, int64_t i, Record* record) {
  const ProducerSpec& spec = *setup_.spec;
  record->keyed = spec.key.has_value();  // a Lua key hook may still make this record's key null
  if (record->keyed) st.key = spec.key->Render(i);
  FormatIdentity(spec.name, static_cast<uint64_t>(i), setup_.run_id, &st.identity);
  record->value = st.pool.data() + (static_cast<size_t>(i) * 7919u) % kPoolSlack;
  record->value_size = static_cast<size_t>(spec.value_size);
  if (setup_.identity_in_value) {
    // A process group reads this topic, and its clients print values, not headers.
    IdentityValue(st.identity, spec.value_size, &st.identity_value);
    record->value = st.identity_value.data();
    record->value_size = st.identity_value.size();
  }
  if (!lua_) return true;
  // A Lua error stops the producer: the run reports it with the hook's line and traceback.
  Status status = Status::Ok();
  if (lua_->has_key()) {
    bool null_key = false;
    status = lua_->Key(i, &st.key, &null_key);
    record->keyed = !null_key;
  }
  if (status.ok() && lua_->has_partitioner()) {
    status = lua_->Partition(record->keyed ? &st.key : nullptr, setup_.topic->declared_partitions,
                             &record->partition);
  }
  if (status.ok() && lua_->has_value()) {
    status = lua_->Value(i, &st.lua_value);
    record->value = st.lua_value.data();
    record->value_size = st.lua_value.size();
  }
  if (status.ok() && lua_->has_headers()) status = lua_->Headers(i, &st.lua_headers);
  if (!status.ok()) {
    SetError(status.message());
    return false;
  }
  return true;
}

bool ProducerActor::Produce(const SendState& st, int64_t i, const Record& record) {
  const char* key = record.keyed ? st.key.data() : nullptr;
  const size_t key_size = record.keyed ? st.key.size() : 0;
  Op invoke;
  invoke.kind = OpKind::kSend;
  invoke.type = OpType::kInvoke;
  invoke.producer = setup_.history_producer;
  invoke.seq = static_cast<uint64_t>(i);
  invoke.topic = setup_.topic->history_id;
  invoke.partition = record.partition;
  log_->Append(invoke, key, key_size);
  for (;;) {
    // librdkafka owns the headers once produce succeeds.
    rd_kafka_headers_t* headers = RecordHeaders(st.identity, st.lua_headers);
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk_.get(), RD_KAFKA_V_RKT(rkt_.get()), RD_KAFKA_V_PARTITION(record.partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key, key_size),
        RD_KAFKA_V_VALUE(const_cast<char*>(record.value), record.value_size),
        RD_KAFKA_V_HEADERS(headers),
        RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(i))), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) rd_kafka_headers_destroy(headers);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return true;
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && !stop_.load(std::memory_order_relaxed)) {
      rd_kafka_poll(rk_.get(), 10);  // serve delivery reports to make room
      continue;
    }
    // Refused before it left the client: definitely not written.
    Op fail = invoke;
    fail.type = OpType::kFail;
    log_->Append(fail, key, key_size);
    progress_->failed.fetch_add(1, std::memory_order_relaxed);
    SetError(fmt::format("produce() failed: {}", rd_kafka_err2str(err)));
    return false;
  }
}

void ProducerActor::FinishSending() {
  // Stopped, out of time, or a fatal error: a transaction still open is aborted (its queued
  // records are purged and fail).
  if (txn_open_) AbortTransaction();
  // Stopped early, or out of time: purge what is left so every record still gets a completion
  // (purged in-flight records come back POSSIBLY_PERSISTED, queued ones NOT_PERSISTED).
  if (rd_kafka_outq_len(rk_.get()) > 0) {
    rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(rk_.get(), 1000);
  }
  rd_kafka_poll(rk_.get(), 0);
  progress_->finished.store(true);
}

int ProducerActor::TxnTimeoutMs() const {
  const int64_t left_ms = (setup_.deadline_us - log_->NowUs()) / 1000;
  return static_cast<int>(std::clamp<int64_t>(left_ms, 1000, kTxnTimeoutMs));
}

void ProducerActor::SetError(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

void ProducerActor::RecordTxn(OpType type) {
  Op op;
  op.kind = OpKind::kTxn;
  op.type = type;
  op.seq = static_cast<uint64_t>(txn_number_);
  log_->Append(op);
}

bool ProducerActor::BeginTransaction() {
  if (TxnErrorPtr err(rd_kafka_begin_transaction(rk_.get())); err) {
    SetError(fmt::format("transaction {}: begin_transaction failed: {}", txn_number_ + 1,
                         Describe(err.get())));
    return false;
  }
  ++txn_number_;
  txn_open_ = true;
  txn_records_ = 0;
  txn_acked_ = 0;
  std::fill(txn_acked_offsets_.begin(), txn_acked_offsets_.end(), -1);
  RecordTxn(OpType::kInvoke);
  return true;
}

bool ProducerActor::EndTransaction(bool must_abort) {
  const int64_t every = setup_.spec->transactional->abort_every;
  if (must_abort || (every > 0 && txn_number_ % every == 0)) {
    // A planned abort: let the records reach the log first, so that the abort has something to
    // hide (abort_transaction alone would purge the records still queued in the client).
    if (!must_abort) rd_kafka_flush(rk_.get(), TxnTimeoutMs());
    return AbortTransaction();
  }
  for (;;) {
    // Flushes the transaction's records (serving their delivery reports), then EndTxn(commit).
    TxnErrorPtr err(rd_kafka_commit_transaction(rk_.get(), TxnTimeoutMs()));
    if (!err) {
      txn_open_ = false;
      RecordTxn(OpType::kOk);
      progress_->acked.fetch_add(txn_acked_, std::memory_order_relaxed);
      for (size_t p = 0; p < txn_acked_offsets_.size(); ++p) {
        if (txn_acked_offsets_[p] >= 0) {
          progress_->acked_offsets.Raise(setup_.topic->first_slot + static_cast<int>(p),
                                         txn_acked_offsets_[p]);
        }
      }
      return true;
    }
    if (rd_kafka_error_txn_requires_abort(err.get())) {
      SetError(fmt::format("transaction {}: commit_transaction failed: {}; aborted it", txn_number_,
                           Describe(err.get())));
      return AbortTransaction();
    }
    // A retriable error (a timeout) resumes the commit in the background: call again while
    // there is time. Otherwise (fatal, or out of time) nobody knows whether it committed.
    if (rd_kafka_error_is_retriable(err.get()) && !rd_kafka_error_is_fatal(err.get()) &&
        !stop_.load() && log_->NowUs() < setup_.deadline_us) {
      continue;
    }
    SetError(fmt::format("transaction {}: commit_transaction failed: {}; outcome unknown",
                         txn_number_, Describe(err.get())));
    txn_open_ = false;
    RecordTxn(OpType::kInfo);
    return false;
  }
}

bool ProducerActor::AbortTransaction() {
  for (;;) {
    // Purges the records still queued (NOT_PERSISTED), waits for those in flight, then
    // EndTxn(abort): the broker writes an abort marker after the records already in the log.
    TxnErrorPtr err(rd_kafka_abort_transaction(rk_.get(), TxnTimeoutMs()));
    if (!err) {
      txn_open_ = false;
      RecordTxn(OpType::kFail);
      return true;
    }
    if (rd_kafka_error_is_retriable(err.get()) && !rd_kafka_error_is_fatal(err.get()) &&
        !stop_.load() && log_->NowUs() < setup_.deadline_us) {
      continue;
    }
    SetError(fmt::format("transaction {}: abort_transaction failed: {}; outcome unknown",
                         txn_number_, Describe(err.get())));
    txn_open_ = false;
    RecordTxn(OpType::kInfo);
    return false;
  }
}

}  // namespace ks
