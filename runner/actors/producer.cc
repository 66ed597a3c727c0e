#include "actors/producer.h"

#include <fmt/format.h>

#include <chrono>
#include <random>

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
      return nullptr;
  }
  return nullptr;
}

OpType DeliveryType(rd_kafka_msg_status_t status) {
  switch (status) {
    case RD_KAFKA_MSG_STATUS_PERSISTED:
      return OpType::kOk;
    case RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED:
      return OpType::kInfo;
    case RD_KAFKA_MSG_STATUS_NOT_PERSISTED:
      return OpType::kFail;
  }
  return OpType::kInfo;
}

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

void ProducerActor::OnDelivery(const rd_kafka_message_t* msg) {
  Op op;
  op.kind = OpKind::kSend;
  op.type = DeliveryType(rd_kafka_message_status(msg));
  if (msg->err && op.type == OpType::kOk) op.type = OpType::kInfo;  // never call an error "ok"
  op.producer = setup_.history_producer;
  op.seq = reinterpret_cast<uintptr_t>(msg->_private);
  op.topic = setup_.topic->history_id;
  op.partition = msg->partition;
  op.offset = op.type == OpType::kFail ? -1 : msg->offset;
  log_->Append(op, static_cast<const char*>(msg->key), msg->key ? msg->key_len : 0);
  if (op.type == OpType::kOk) {
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
  auto set = [&](const std::string& k, const std::string& v, const SourceLoc& loc) {
    if (SetConf(conf.get(), k, v, &error)) return true;
    error = loc.line > 0 ? fmt::format("{}: producer '{}': {}", loc.ToString(), spec.name, error)
                         : fmt::format("producer '{}': {}", spec.name, error);
    return false;
  };
  for (const auto& e : setup_.defaults) {
    if (!set(e.key, e.value, e.loc)) return Status::Error(error);
  }
  if (const char* p = LibrdkafkaPartitioner(spec.partitioner.kind)) {
    if (!set("partitioner", p, spec.partitioner.loc)) return Status::Error(error);
  }
  for (const auto& e : spec.config) {
    if (!set(e.key, e.value, e.loc)) return Status::Error(error);
  }
  if (!set("bootstrap.servers", setup_.bootstrap_servers, {}) || !set("client.id", spec.name, {})) {
    return Status::Error(error);
  }
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &ProducerActor::DeliveryCallback);
  rd_kafka_conf_set_opaque(conf.get(), this);
  rk_ = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  if (!rk_) return Status::Error(fmt::format("producer '{}': {}", spec.name, error));
  conf.release();
  // Warm the client up: fetch the topic's metadata (and so connect to its leaders) now, bounded.
  // librdkafka 2.0.2's first produce request from a client idle since its creation otherwise
  // waited about 1 s (measured on the embedded cluster).
  TopicPtr rkt(rd_kafka_topic_new(rk_.get(), setup_.topic->physical.c_str(), nullptr));
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(rk_.get(), 0, rkt.get(), &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    MetadataPtr owned(md);
  }
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ProducerActor::Join() {
  if (thread_.joinable()) thread_.join();
}

void ProducerActor::Send(int64_t count) {
  std::lock_guard lock(mu_);
  requested_ += count;
  progress_->finished.store(false);
}

int64_t ProducerActor::Requested() const {
  std::lock_guard lock(mu_);
  return requested_;
}

void ProducerActor::Run() {
  const ProducerSpec& spec = *setup_.spec;
  // Seeded payload bytes: a pool larger than one value; record i takes a slice at a
  // seed-determined offset, so payloads differ between records and runs repeat exactly.
  std::mt19937_64 rng(setup_.seed ^ std::hash<std::string>{}(spec.name));
  constexpr size_t kSlack = 4096;
  std::vector<char> pool(static_cast<size_t>(spec.value_size) + kSlack);
  for (auto& c : pool) c = static_cast<char>(rng());

  std::string identity, key;
  const bool keyed = spec.key.has_value();
  const int partitions = setup_.topic->partitions;
  // Records are numbered across batches (produce steps), so a record's identity is unique for
  // the whole run; pacing restarts with each batch.
  int64_t next = 0;
  int64_t batch_first = 0;
  auto batch_start = std::chrono::steady_clock::now();
  bool idle = true;
  while (!stop_.load(std::memory_order_relaxed)) {
    const int64_t requested = Requested();
    if (next >= requested) {
      // Nothing to send: serve delivery reports until more is asked for or the actor closes.
      idle = true;
      rd_kafka_poll(rk_.get(), 5);
      if (rd_kafka_outq_len(rk_.get()) == 0) {
        progress_->finished.store(next >= Requested());
        if (closing_.load()) break;
      }
      if (log_->NowUs() >= setup_.deadline_us) break;
      continue;
    }
    if (idle) {
      idle = false;
      batch_first = next;
      batch_start = std::chrono::steady_clock::now();
    }
    const int64_t i = next++;
    if (spec.rate_per_s > 0) {
      auto due = batch_start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                   std::chrono::duration<double>(
                                       static_cast<double>(i - batch_first) / spec.rate_per_s));
      while (std::chrono::steady_clock::now() < due && !stop_.load(std::memory_order_relaxed)) {
        rd_kafka_poll(rk_.get(), 1);
      }
    }
    int32_t partition = RD_KAFKA_PARTITION_UA;
    if (spec.partitioner.kind == PartitionerKind::kExplicit) {
      partition = spec.partitioner.partition;
    } else if (spec.partitioner.kind == PartitionerKind::kRoundRobin) {
      partition = static_cast<int32_t>(i % partitions);
    }
    if (keyed) key = spec.key->Render(i);
    FormatIdentity(spec.name, static_cast<uint64_t>(i), &identity);
    const char* value = pool.data() + (static_cast<size_t>(i) * 7919u) % kSlack;

    Op invoke;
    invoke.kind = OpKind::kSend;
    invoke.type = OpType::kInvoke;
    invoke.producer = setup_.history_producer;
    invoke.seq = static_cast<uint64_t>(i);
    invoke.topic = setup_.topic->history_id;
    invoke.partition = partition;
    log_->Append(invoke, keyed ? key.data() : nullptr, keyed ? key.size() : 0);

    for (;;) {
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk_.get(), RD_KAFKA_V_TOPIC(setup_.topic->physical.c_str()),
          RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_KEY(keyed ? key.data() : nullptr, keyed ? key.size() : 0),
          RD_KAFKA_V_VALUE(const_cast<char*>(value), static_cast<size_t>(spec.value_size)),
          RD_KAFKA_V_HEADER(kIdentityHeader.data(), identity.data(),
                            static_cast<ssize_t>(identity.size())),
          RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(i))), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && !stop_.load(std::memory_order_relaxed)) {
        rd_kafka_poll(rk_.get(), 10);  // serve delivery reports to make room
        continue;
      }
      // Refused before it left the client: definitely not written.
      Op fail = invoke;
      fail.type = OpType::kFail;
      log_->Append(fail, keyed ? key.data() : nullptr, keyed ? key.size() : 0);
      progress_->failed.fetch_add(1, std::memory_order_relaxed);
      if (error_.empty()) error_ = fmt::format("produce() failed: {}", rd_kafka_err2str(err));
      break;
    }
    progress_->sent.fetch_add(1, std::memory_order_relaxed);
    if ((i & 1023) == 0) rd_kafka_poll(rk_.get(), 0);
  }
  // Stopped early, or out of time: purge what is left so every record still gets a completion
  // (purged in-flight records come back POSSIBLY_PERSISTED, queued ones NOT_PERSISTED).
  if (rd_kafka_outq_len(rk_.get()) > 0) {
    rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(rk_.get(), 1000);
  }
  rd_kafka_poll(rk_.get(), 0);
  progress_->finished.store(true);
}

}  // namespace ks
