// Throughput of the runner against a plain librdkafka loop, on the embedded cluster.
//
//   cmake --build build --target bench_throughput && build/bench_throughput [RUNS]
//
// Both sides move the same records (bench/throughput.yaml: 1M x 100 B, no key, round robin over
// 64 partitions,
// one producer, a one-member group reading from earliest) through a fresh embedded cluster.
// The measured phase is from the first send to the last record consumed; the group's 3 s join
// (fixed in librdkafka 2.0.2's mock) is excluded on both sides. Both send the same records, the
// `ks.id` identity header included, with the same client properties (the embedded target's
// defaults) and, as the runner's producer, a topic handle and delivery reports, so the ratio
// is the runner's own cost: history recording and its bookkeeping.
// Target (#18): runner/plain >= 0.9 at the minimum of the runs.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "actors/record_identity.h"
#include "bench_scenario.h"
#include "run/scenario_runner.h"
#include "scenario/loader.h"
#include "target/embedded_target.h"
#include "target/rdkafka_handles.h"

namespace {

using Clock = std::chrono::steady_clock;

void Set(rd_kafka_conf_t* c, const char* k, const char* v) {
  char err[256];
  if (rd_kafka_conf_set(c, k, v, err, sizeof err) != RD_KAFKA_CONF_OK) {
    std::fprintf(stderr, "%s\n", err);
    std::exit(2);
  }
}

void Quiet(const rd_kafka_t*, int, const char*, const char*) {}

// Counts acknowledged records: a producer that wants to know its records arrived asks for
// delivery reports, as the runner's does (without one, librdkafka frees each record on its
// broker thread instead, unreported).
void CountAck(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  if (!m->err) ++*static_cast<int64_t*>(opaque);
}

// The same records with no runner: a producer thread and a consumer polling, nothing recorded.
double PlainLoop(int64_t messages, int partitions, int value_size) {
  ks::ConfPtr cconf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(cconf.get(), Quiet);
  ks::KafkaPtr owner(rd_kafka_new(RD_KAFKA_PRODUCER, cconf.release(), nullptr, 0));
  ks::MockClusterPtr cluster(rd_kafka_mock_cluster_new(owner.get(), 1));
  rd_kafka_mock_topic_create(cluster.get(), "bench", partitions, 1);
  std::string bs = rd_kafka_mock_cluster_bootstraps(cluster.get());

  rd_kafka_conf_t* c = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(c, Quiet);
  Set(c, "bootstrap.servers", bs.c_str());
  Set(c, "group.id", "drain");
  Set(c, "auto.offset.reset", "earliest");
  // The same client properties as the runner's members on the embedded cluster.
  for (const auto& e : ks::EmbeddedTarget().ClientDefaults(ks::ClientRole::kConsumer)) {
    Set(c, e.key.c_str(), e.value.c_str());
  }
  ks::KafkaPtr consumer(rd_kafka_new(RD_KAFKA_CONSUMER, c, nullptr, 0));
  rd_kafka_poll_set_consumer(consumer.get());
  ks::PartitionListPtr sub(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(sub.get(), "bench", RD_KAFKA_PARTITION_UA);
  rd_kafka_subscribe(consumer.get(), sub.get());
  // Wait for the assignment, as the runner does before producing.
  for (auto until = Clock::now() + std::chrono::seconds(20); Clock::now() < until;) {
    rd_kafka_topic_partition_list_t* a = nullptr;
    rd_kafka_assignment(consumer.get(), &a);
    int n = a ? a->cnt : 0;
    if (a) rd_kafka_topic_partition_list_destroy(a);
    if (n == partitions) break;
    rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer.get(), 50);
    if (m) rd_kafka_message_destroy(m);
  }

  rd_kafka_conf_t* p = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(p, Quiet);
  int64_t acked = 0;  // served by rd_kafka_poll and rd_kafka_flush on the producing thread
  rd_kafka_conf_set_dr_msg_cb(p, CountAck);
  rd_kafka_conf_set_opaque(p, &acked);
  Set(p, "bootstrap.servers", bs.c_str());
  for (const auto& e : ks::EmbeddedTarget().ClientDefaults(ks::ClientRole::kProducer)) {
    Set(p, e.key.c_str(), e.value.c_str());
  }
  ks::KafkaPtr producer(rd_kafka_new(RD_KAFKA_PRODUCER, p, nullptr, 0));
  // A topic handle, as the runner's producer holds: by name, produce() looks the topic up under
  // the client's write lock for every record.
  ks::TopicPtr topic(rd_kafka_topic_new(producer.get(), "bench", nullptr));
  std::vector<char> value(static_cast<size_t>(value_size), 'x');
  const auto start = Clock::now();
  std::atomic<double> produced_s{0};
  std::string id;
  const std::string run_id = ks::ScenarioRunId(ks::NewRunPrefix(), 0);
  std::thread produce([&] {
    for (int64_t i = 0; i < messages; ++i) {
      // the runner's identity header
      ks::FormatIdentity("loader", static_cast<uint64_t>(i), run_id, &id);
      while (
          rd_kafka_producev(producer.get(), RD_KAFKA_V_RKT(topic.get()),
                            RD_KAFKA_V_PARTITION(static_cast<int32_t>(i % partitions)),
                            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                            RD_KAFKA_V_VALUE(value.data(), value.size()),
                            RD_KAFKA_V_HEADER("ks.id", id.data(), static_cast<ssize_t>(id.size())),
                            RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(producer.get(), 10);
      }
      if ((i & 1023) == 0) rd_kafka_poll(producer.get(), 0);
    }
    rd_kafka_flush(producer.get(), 60000);
    produced_s = std::chrono::duration<double>(Clock::now() - start).count();
  });
  int64_t got = 0;
  auto last = start;
  for (auto until = Clock::now() + std::chrono::seconds(120);
       got < messages && Clock::now() < until;) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer.get(), 100);
    if (!m) continue;
    if (!m->err) {
      ++got;
      last = Clock::now();
    }
    rd_kafka_message_destroy(m);
  }
  produce.join();
  std::printf("  plain phases (s after first send): last ack %.2f (%lld acks), last poll %.2f\n",
              produced_s.load(), static_cast<long long>(acked),
              std::chrono::duration<double>(last - start).count());
  rd_kafka_consumer_close(consumer.get());
  if (got < messages) {
    int64_t in_log = 0, lo_sum = 0;
    for (int p = 0; p < partitions; ++p) {
      int64_t lo = 0, hi = 0;
      rd_kafka_query_watermark_offsets(producer.get(), "bench", p, &lo, &hi, 5000);
      in_log += hi - lo;
      lo_sum += lo;
    }
    std::fprintf(stderr, "plain loop consumed only %lld of %lld (log holds %lld, lo sum %lld)\n",
                 static_cast<long long>(got), static_cast<long long>(messages),
                 static_cast<long long>(in_log), static_cast<long long>(lo_sum));
    std::exit(1);
  }
  return static_cast<double>(got) / std::chrono::duration<double>(last - start).count();
}

// The runner: the measured phase comes from its own history (first send invoke to last poll).
double ThroughRunner(const ks::Scenario& s, double* wall_s) {
  ks::EmbeddedTarget target;
  const auto t0 = Clock::now();
  const ks::ScenarioResult r = ks::bench::RunOrExit(s, target);
  *wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  int64_t first_send = -1, last_poll = 0, polls = 0, last_invoke = 0, last_ack = 0, first_poll = -1,
          rebalance_ops = 0;
  for (const auto& op : r.history.ops) {
    if (op.kind == ks::OpKind::kSend && first_send < 0) first_send = op.time_us;
    if (op.kind == ks::OpKind::kSend && op.type == ks::OpType::kInvoke) last_invoke = op.time_us;
    if (op.kind == ks::OpKind::kSend && op.type == ks::OpType::kOk) last_ack = op.time_us;
    if (op.kind == ks::OpKind::kPoll && first_poll < 0) first_poll = op.time_us;
    if (op.kind == ks::OpKind::kRevoke || op.kind == ks::OpKind::kAssign) ++rebalance_ops;
    if (op.kind == ks::OpKind::kPoll) {
      last_poll = op.time_us;
      ++polls;
    }
  }
  std::printf(
      "  runner phases (s after first send): last produce() %.2f, last ack %.2f, first poll "
      "%.2f, last poll %.2f; %lld assign/revoke ops\n",
      (last_invoke - first_send) / 1e6, (last_ack - first_send) / 1e6,
      (first_poll - first_send) / 1e6, (last_poll - first_send) / 1e6,
      static_cast<long long>(rebalance_ops));
  return static_cast<double>(polls) / (static_cast<double>(last_poll - first_send) / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 3;
  const ks::Scenario s = ks::bench::LoadBenchScenario("throughput.yaml");
  const auto& producer = s.producers.at(0);
  std::printf("%lld records x %d B, %d partitions, %d run(s) each, librdkafka %s\n",
              static_cast<long long>(producer.messages), producer.value_size,
              s.topics.at(0).partitions, runs, rd_kafka_version_str());
  std::vector<double> ratios;
  for (int i = 0; i < runs; ++i) {
    double plain = PlainLoop(producer.messages, s.topics.at(0).partitions, producer.value_size);
    double wall = 0;
    double runner = ThroughRunner(s, &wall);
    ratios.push_back(runner / plain);
    std::printf(
        "run %d: plain %.0f rec/s, runner %.0f rec/s, ratio %.2f (runner wall %.1f s "
        "incl. group join and checks)\n",
        i + 1, plain, runner, runner / plain, wall);
  }
  std::printf("ratio runner/plain, min / median / max: %s (target: min >= 0.9)\n",
              ks::bench::SpreadText(ratios, "%.2f").c_str());
  return 0;
}
