#include "target/embedded_target.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <map>
#include <thread>

#include "scenario/requirements.h"
#include "target/client_logs.h"
#include "target/embedded_faults.h"
#include "target/offsets_query.h"

namespace ks {
namespace {

// Calls call(0..count-1) from up to 64 threads at once. Each rd_kafka_mock_* call waits for the
// mock's thread, which in librdkafka 2.0.2 often misses its wake-up and answers only at its next
// 1 s tick (measured: 64 sequential set_leader calls took 5 to 12 s). Calls made concurrently are
// all answered at the same tick, so a whole layout costs at most about a second.
void ConcurrentMockCalls(size_t count, const std::function<void(size_t)>& call) {
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < count; i = next++) call(i);
  };
  std::vector<std::jthread> workers;
  for (size_t i = 0; i < std::min<size_t>(count, 64); ++i) workers.emplace_back(worker);
}

// The share of `p`'s `messages` records that may land in the fullest of `partitions`
// partitions, where that cannot be counted: hashed keys (which do not spread perfectly: a 25%
// margin over an even share) and keyless records, which stick to one random partition per
// batch (the sticky partitioner, KIP-480) and so fill partitions unevenly: measured here, 1M
// keyless 100 B records over 64 partitions (an even share is half a partition's cap) still
// lost 45,412 to the cap; hence 4 times an even share.
double HashedShare(const ProducerSpec& p, int64_t messages, int partitions) {
  double spread = partitions;
  double unevenness = 1.25;
  if (p.key) {
    spread = std::min<double>(partitions, p.key->DistinctUpperBound(messages));
  } else {
    unevenness = 4;
  }
  return spread >= partitions ? std::min(1.0, unevenness / spread) : 1.0 / spread;
}

}  // namespace

std::set<std::string> EmbeddedTarget::DetectCapabilities(int librdkafka_version) {
  std::set<std::string> out = {"transactions"};
  if (librdkafka_version >= kReadCommittedVersion) out.insert("read_committed");
  return out;
}

EmbeddedTarget::EmbeddedTarget(std::string run_id, std::vector<ConfigEntry> client)
    : run_id_(std::move(run_id)),
      client_(std::move(client)),
      capabilities_(DetectCapabilities(rd_kafka_version())) {}

EmbeddedTarget::~EmbeddedTarget() {
  cluster_.reset();  // the cluster first: it runs on a thread of handle_
  handle_.reset();
}

int64_t EmbeddedTarget::EstimatedRecordBytes(const ProducerSpec& p) const {
  int64_t key = 0;
  if (p.key) {
    key = static_cast<int64_t>(std::max(
        p.key->Render(0).size(), p.key->Render(std::max<int64_t>(p.messages - 1, 0)).size()));
  }
  // Record v2 overhead (length, attributes, deltas, key/value lengths: up to ~20 B), the ks.id
  // header (besides the producer's name and the run id: '#', sequence, '@' and lengths, ~30 B)
  // and a share of the 61 B batch header.
  constexpr int64_t kOverhead = 64;
  return p.value_size + key + static_cast<int64_t>(p.name.size() + run_id_.size()) + kOverhead;
}

std::string EmbeddedTarget::FullestPartition(const Scenario& s) const {
  const std::vector<int64_t> sends = SendsByProducer(s);
  for (const auto& topic : s.topics) {
    // Counted exactly: round_robin, which the librdkafka producer actor follows itself (record
    // i to partition i % partitions over its whole life), and an explicit partition, which gets
    // every record. Hashed keys, keyless placement and a program's own round_robin can only be
    // estimated; that estimate is added to the fullest exact partition, as if all landed there.
    const auto partitions = static_cast<size_t>(std::max(topic.partitions, 1));
    std::vector<double> exact_bytes(partitions, 0), exact_records(partitions, 0);
    double hashed_bytes = 0, hashed_records = 0;
    for (size_t i = 0; i < s.producers.size(); ++i) {
      const ProducerSpec& p = s.producers[i];
      if (p.topic != topic.name) continue;
      const auto n = static_cast<double>(sends[i]);
      const auto record_bytes = static_cast<double>(EstimatedRecordBytes(p));
      // A program's declared partition is counted as where it goes too: the placement check
      // holds it to that partition (docs/process-actors.md).
      const bool placed = !p.client.is_process();
      if (p.partitioner.kind == PartitionerKind::kExplicit) {
        const auto at = static_cast<size_t>(p.partitioner.partition);
        if (at >= partitions) continue;  // refused at load: the partition does not exist
        exact_bytes[at] += n * record_bytes;
        exact_records[at] += n;
      } else if (placed && p.partitioner.kind == PartitionerKind::kRoundRobin) {
        // Partition k gets ceil((n - k) / partitions) of records 0..n-1.
        for (size_t k = 0; k < partitions; ++k) {
          const double records = std::max(
              0.0, std::ceil((n - static_cast<double>(k)) / static_cast<double>(partitions)));
          exact_bytes[k] += records * record_bytes;
          exact_records[k] += records;
        }
      } else {
        const double share = HashedShare(p, sends[i], static_cast<int>(partitions));
        hashed_bytes += share * n * record_bytes;
        hashed_records += share * n;
      }
    }
    const double bytes = *std::max_element(exact_bytes.begin(), exact_bytes.end()) + hashed_bytes;
    const double records =
        *std::max_element(exact_records.begin(), exact_records.end()) + hashed_records;
    if (bytes > kPartitionMaxBytes || records > kPartitionMaxBatches) {
      return fmt::format(
          "topic '{}' would put about {:.1f} MiB and {:.0f} records in one partition; the "
          "embedded cluster keeps at most 5 MiB or 100,000 batches per partition and silently "
          "drops the oldest: add partitions, spread keyless records with `partitioner: "
          "round_robin`, or produce fewer or smaller records",
          topic.name, bytes / (1024.0 * 1024.0), records);
    }
  }
  return "";
}

std::string EmbeddedTarget::CannotRun(const Scenario& s) const {
  std::string missing = MissingCapability(RequiredCapabilities(s), capabilities_);
  if (!missing.empty()) {
    // Why, as measured on librdkafka 2.0.2's mock (embedded-cluster-facts.md).
    static const std::map<std::string, std::string> why = {
        {"idempotent_dedup",
         "it checks producer sequence numbers only for transactional producers, so a retried "
         "batch from a plain idempotent producer is appended again"},
        {"read_committed",
         "it writes no transaction markers: read_committed consumers see aborted and open "
         "transactions (librdkafka 2.15's mock hides them)"},
        {"compaction", "it has no log compaction"},
        {"retention", "it has no time- or size-based retention"},
        {"add_partitions", "it cannot add partitions to a topic"},
        {"delete_topics", "it cannot delete topics"},
        {"alter_configs", "it has no topic configs to alter (no AlterConfigs)"},
        {"real_cluster", "it is not a real Kafka cluster"},
        {"java_client",
         "the Java client (kafka-clients 3.9) gets no answer from it: measured, VerifiableProducer "
         "and VerifiableConsumer start but never send or join"},
        {"sasl", "it has no SASL authentication"},
        {"ssl", "it has no TLS listeners"},
    };
    auto it = why.find(missing);
    return fmt::format("requires '{}', which the embedded cluster (librdkafka {} mock) lacks{}",
                       missing, rd_kafka_version_str(),
                       it == why.end() ? std::string() : ": " + it->second);
  }
  if (std::string full = FullestPartition(s); !full.empty()) return full;
  return "";
}

Status EmbeddedTarget::Setup(const Scenario& s) {
  ConfPtr conf(rd_kafka_conf_new());
  RouteClientLogs(conf.get());
  std::string error;
  // The mock cluster hangs off a client handle; a producer that never produces is the lightest.
  if (!SetConf(conf.get(), "client.id", "kafka-scenario-embedded", &error)) {
    return Status::Error(error);
  }
  handle_ = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  if (!handle_) {
    return Status::Error(fmt::format("cannot create the embedded cluster's client: {}", error));
  }
  conf.release();
  cluster_.reset(rd_kafka_mock_cluster_new(handle_.get(), s.cluster.brokers));
  if (!cluster_) {
    return Status::Error(
        fmt::format("cannot start an embedded cluster of {} brokers", s.cluster.brokers));
  }
#ifdef KS_HAVE_MOCK_REBALANCE_DELAY
  // Newer mocks (librdkafka 2.6+) hold a new group's first rebalance for
  // group.initial.rebalance.delay.ms, 3 s as on a real broker; Kafka's own tests set it to 0,
  // and so do we: members join in one step instead of waiting out the delay. 2.0.2 has no
  // setter and a fixed first-join delay of about 3 s (embedded-cluster-facts.md).
  rd_kafka_mock_group_initial_rebalance_delay_ms(cluster_.get(), 0);
#endif
  bootstraps_ = rd_kafka_mock_cluster_bootstraps(cluster_.get());
  brokers_ = s.cluster.brokers;
  std::vector<std::string> errors(s.topics.size());
  ConcurrentMockCalls(s.topics.size(), [&](size_t i) {
    const TopicSpec& topic = s.topics[i];
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(
        cluster_.get(), topic.name.c_str(), topic.partitions, topic.replication_factor);
    if (err) {
      errors[i] = fmt::format("cannot create topic '{}' on the embedded cluster: {}", topic.name,
                              rd_kafka_err2str(err));
    }
  });
  for (const auto& e : errors) {
    if (!e.empty()) return Status::Error(e);
  }
  // Group coordinators, pinned like leaders so a broker fault hits the same groups every run.
  for (size_t i = 0; i < s.groups.size(); ++i) {
    const int32_t broker = static_cast<int32_t>(i) % s.cluster.brokers + 1;
    if (Status st = SetCoordinator(s.groups[i].name, broker); !st.ok()) return st;
  }
  return PinLeaders(s);
}

Status EmbeddedTarget::PinLeaders(const Scenario& s) {
  // The mock picks leaders at random; pin them (partition p -> broker p % brokers + 1) so every
  // run of a scenario is laid out alike. With one broker there is nothing to choose.
  // Replicas follow the leader round the brokers (p's copies on p+1, p+2, ... mod brokers), as
  // Kafka's rack-unaware placement strides them.
  for (const auto& topic : s.topics) {
    for (int p = 0; p < topic.partitions; ++p) {
      leaders_[{topic.name, p}] = p % s.cluster.brokers + 1;
      std::vector<int32_t>& replicas = replicas_[{topic.name, p}];
      for (int r = 0; r < std::min(topic.replication_factor, s.cluster.brokers); ++r) {
        replicas.push_back((p + r) % s.cluster.brokers + 1);
      }
    }
  }
  if (s.cluster.brokers <= 1) return Status::Ok();
  struct Pin {
    const std::string* topic;
    int32_t partition;
    int32_t leader;
    std::string error;
  };
  std::vector<Pin> pins;
  for (const auto& topic : s.topics) {
    for (int p = 0; p < topic.partitions; ++p) {
      pins.push_back({&topic.name, p, p % s.cluster.brokers + 1, {}});
    }
  }
  ConcurrentMockCalls(pins.size(), [&](size_t i) {
    Pin& pin = pins[i];
    rd_kafka_resp_err_t err = rd_kafka_mock_partition_set_leader(cluster_.get(), pin.topic->c_str(),
                                                                 pin.partition, pin.leader);
    if (err) {
      pin.error = fmt::format("cannot make broker {} the leader of {}[{}]: {}", pin.leader,
                              *pin.topic, pin.partition, rd_kafka_err2str(err));
    }
  });
  for (const auto& pin : pins) {
    if (!pin.error.empty()) return Status::Error(pin.error);
  }
  return Status::Ok();
}

Status EmbeddedTarget::SetLeader(const std::string& topic, int32_t partition, int32_t broker) {
  rd_kafka_resp_err_t err =
      rd_kafka_mock_partition_set_leader(cluster_.get(), topic.c_str(), partition, broker);
  if (err) {
    return Status::Error(fmt::format("cannot make broker {} the leader of {}[{}]: {}", broker,
                                     topic, partition, rd_kafka_err2str(err)));
  }
  leaders_[{topic, partition}] = broker;
  return Status::Ok();
}

Status EmbeddedTarget::SetCoordinator(const std::string& group, int32_t broker) {
  if (rd_kafka_resp_err_t err =
          rd_kafka_mock_coordinator_set(cluster_.get(), "group", group.c_str(), broker)) {
    return Status::Error(fmt::format("cannot make broker {} the coordinator of group '{}': {}",
                                     broker, group, rd_kafka_err2str(err)));
  }
  coordinators_[group] = broker;
  return Status::Ok();
}

Status EmbeddedTarget::BrokerDown(int32_t broker) {
  if (rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_down(cluster_.get(), broker)) {
    return Status::Error(
        fmt::format("cannot take broker {} down: {}", broker, rd_kafka_err2str(err)));
  }
  down_.insert(broker);
  // Each partition the broker led moves to its next replica that is up, as Kafka's controller
  // elects one from the ISR. A partition without one (replication_factor 1, or every copy down)
  // keeps the dead leader: it is offline until the broker is back, as on Kafka.
  for (auto& [tp, leader] : leaders_) {
    if (leader != broker) continue;
    const std::vector<int32_t>& replicas = replicas_[tp];
    auto up =
        std::find_if(replicas.begin(), replicas.end(), [&](int32_t r) { return !down_.count(r); });
    if (up == replicas.end()) continue;
    if (Status st = SetLeader(tp.first, tp.second, *up); !st.ok()) return st;
  }
  // Group coordinators: __consumer_offsets is replicated on every broker
  // (offsets.topic.replication.factor 3 by default), so the next broker up takes over.
  int32_t successor = 0;
  for (int32_t step = 1; step < brokers_ && !successor; ++step) {
    int32_t candidate = (broker - 1 + step) % brokers_ + 1;
    if (!down_.count(candidate)) successor = candidate;
  }
  if (!successor) return Status::Ok();
  for (auto& [group, coordinator] : coordinators_) {
    if (coordinator != broker) continue;
    if (Status st = SetCoordinator(group, successor); !st.ok()) return st;
  }
  return Status::Ok();
}

Status EmbeddedTarget::InjectFault(const FaultSpec& f) {
  if (!cluster_) return Status::Error("the embedded cluster is not up");
  auto check_broker = [&](int32_t b) {
    return b >= 1 && b <= brokers_
               ? Status::Ok()
               : Status::Error(
                     fmt::format("no broker {}: the cluster has brokers 1..{}", b, brokers_));
  };
  switch (f.kind) {
    case FaultSpec::Kind::kBrokerDown:
      if (Status st = check_broker(f.broker); !st.ok()) return st;
      return BrokerDown(f.broker);
    case FaultSpec::Kind::kBrokerUp:
      if (Status st = check_broker(f.broker); !st.ok()) return st;
      if (rd_kafka_resp_err_t err = rd_kafka_mock_broker_set_up(cluster_.get(), f.broker)) {
        return Status::Error(
            fmt::format("cannot bring broker {} up: {}", f.broker, rd_kafka_err2str(err)));
      }
      down_.erase(f.broker);
      return Status::Ok();
    case FaultSpec::Kind::kLeader: {
      if (Status st = check_broker(f.broker); !st.ok()) return st;
      auto it = leaders_.find({f.topic, f.partition});
      if (it == leaders_.end()) {
        return Status::Error(fmt::format("no partition {}[{}]", f.topic, f.partition));
      }
      leaders_before_[{f.topic, f.partition}] = it->second;
      // As a reassignment that puts the broker first (the replication factor kept), then a
      // preferred election: what scripts/kafka-cluster does on a real cluster.
      std::vector<int32_t>& replicas = replicas_[{f.topic, f.partition}];
      const size_t factor = std::max<size_t>(replicas.size(), 1);
      std::erase(replicas, f.broker);
      replicas.insert(replicas.begin(), f.broker);
      replicas.resize(factor);
      return SetLeader(f.topic, f.partition, f.broker);
    }
    case FaultSpec::Kind::kRequestErrors: {
      std::optional<int16_t> key = ApiKeyOf(f.api);
      if (!key) return Status::Error(fmt::format("the embedded cluster has no API '{}'", f.api));
      std::vector<rd_kafka_resp_err_t> errors;
      for (int32_t i = 0; i < f.count; ++i) {
        const std::string& name = f.errors[static_cast<size_t>(i) % f.errors.size()];
        std::optional<rd_kafka_resp_err_t> code = ErrorCodeOf(name);
        if (!code) return Status::Error(fmt::format("librdkafka knows no error '{}'", name));
        errors.push_back(*code);
      }
      // The mock answers these requests with the errors and does not append them: an injected
      // Produce error never leaves a record behind (embedded-cluster-facts.md).
      rd_kafka_mock_push_request_errors_array(cluster_.get(), *key, errors.size(), errors.data());
      return Status::Ok();
    }
    case FaultSpec::Kind::kRtt:
      if (Status st = check_broker(f.broker); !st.ok()) return st;
      if (rd_kafka_resp_err_t err =
              rd_kafka_mock_broker_set_rtt(cluster_.get(), f.broker, static_cast<int>(f.ms))) {
        return Status::Error(
            fmt::format("cannot delay broker {}: {}", f.broker, rd_kafka_err2str(err)));
      }
      return Status::Ok();
  }
  return Status::Error("unknown fault");
}

Status EmbeddedTarget::UndoFault(const FaultSpec& f) {
  FaultSpec undo = f;
  switch (f.kind) {
    case FaultSpec::Kind::kBrokerDown:
      undo.kind = FaultSpec::Kind::kBrokerUp;
      break;
    case FaultSpec::Kind::kBrokerUp:
      undo.kind = FaultSpec::Kind::kBrokerDown;
      break;
    case FaultSpec::Kind::kRtt:
      undo.ms = 0;
      break;
    case FaultSpec::Kind::kLeader:
      undo.broker = leaders_before_[{f.topic, f.partition}];
      break;
    case FaultSpec::Kind::kRequestErrors: {
      if (std::optional<int16_t> key = ApiKeyOf(f.api)) {
        rd_kafka_mock_clear_request_errors(cluster_.get(), *key);
      }
      return Status::Ok();
    }
  }
  return InjectFault(undo);
}

std::vector<ConfigEntry> EmbeddedTarget::ClientDefaults(ClientRole role) const {
  // Measured on librdkafka 2.0.2's mock (embedded-cluster-facts.md): a session timeout below
  // ~3000 ms makes the group never form; 3000/100 settles a rebalance in ~2 s instead of 44 s.
  // Short reconnect backoffs remove a ~5 s stall after a broker comes back.
  std::vector<ConfigEntry> out = {{"reconnect.backoff.ms", "20", {}},
                                  {"reconnect.backoff.max.ms", "200", {}}};
  if (role == ClientRole::kConsumer) {
    out.push_back({"session.timeout.ms", "3000", {}});
    out.push_back({"heartbeat.interval.ms", "100", {}});
    // The mock answers a Fetch that finds no data only after the full fetch.wait.max.ms (500 ms
    // by default), even when records arrive meanwhile (rdkafka_mock_handlers.c, handle_Fetch),
    // and it returns one batch per partition per Fetch. A consumer that catches up with the
    // producer would stall 500 ms each time; 10 ms keeps it reading.
    out.push_back({"fetch.wait.max.ms", "10", {}});
  }
  out.insert(out.end(), client_.begin(), client_.end());
  return out;
}

Status EmbeddedTarget::QueryOffsets(const Scenario& s, int timeout_ms,
                                    std::vector<PartitionOffsets>* out) {
  return QueryPartitionOffsets(
      bootstraps_, ClientDefaults(ClientRole::kAdmin), s,
      [this](const std::string& n) { return TopicName(n); }, timeout_ms, out);
}

}  // namespace ks
