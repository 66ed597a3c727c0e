#include "target/external_target.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <thread>

#include "target/offsets_query.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

constexpr int kAdminTimeoutMs = 30000;

// A client for metadata and admin requests.
KafkaPtr AdminClient(const std::string& bootstrap, std::string* error) {
  ConfPtr conf(rd_kafka_conf_new());
  if (!SetConf(conf.get(), "bootstrap.servers", bootstrap, error)) return nullptr;
  KafkaPtr rk = NewClient(RD_KAFKA_PRODUCER, conf.get(), error);
  if (rk) conf.release();
  return rk;
}

// Partition counts of the topics in `names` that exist (with a leader for every partition).
Status ReadyTopics(rd_kafka_t* rk, std::map<std::string, int>* partitions) {
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, 10000)) {
    return Status::Error(
        fmt::format("cannot read the cluster's metadata: {}", rd_kafka_err2str(err)));
  }
  MetadataPtr owned(md);
  partitions->clear();
  for (int i = 0; i < md->topic_cnt; ++i) {
    const auto& t = md->topics[i];
    if (t.err) continue;
    bool led = true;
    for (int p = 0; p < t.partition_cnt; ++p) led = led && t.partitions[p].leader >= 0;
    if (led) (*partitions)[t.topic] = t.partition_cnt;
  }
  return Status::Ok();
}

}  // namespace

ExternalTarget::ExternalTarget(ExternalOptions options) : options_(std::move(options)) {}

ExternalTarget::~ExternalTarget() {
  if (created_.empty() || options_.keep_topics) return;
  // Only what this run created, never anything else.
  std::string error;
  KafkaPtr rk = AdminClient(options_.bootstrap_servers, &error);
  if (!rk) {
    spdlog::warn("could not delete this run's topics ({}): {}", fmt::join(created_, ", "), error);
    return;
  }
  std::vector<rd_kafka_DeleteTopic_t*> topics;
  for (const auto& t : created_) topics.push_back(rd_kafka_DeleteTopic_new(t.c_str()));
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
  rd_kafka_DeleteTopics(rk.get(), topics.data(), topics.size(), nullptr, queue);
  if (rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, kAdminTimeoutMs)) {
    if (rd_kafka_event_error(ev)) {
      spdlog::warn("could not delete this run's topics ({}): {}", fmt::join(created_, ", "),
                   rd_kafka_event_error_string(ev));
    }
    rd_kafka_event_destroy(ev);
  } else {
    spdlog::warn("no answer within {} ms to deleting this run's topics ({})", kAdminTimeoutMs,
                 fmt::join(created_, ", "));
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_DeleteTopic_destroy_array(topics.data(), topics.size());
}

std::string ExternalTarget::CannotRun(const Scenario& s) const {
  if (std::string missing = MissingCapability(s.requires_, capabilities_); !missing.empty()) {
    return fmt::format(
        "requires '{}': the external target does not yet learn what a cluster supports, so it "
        "runs only scenarios without requires",
        missing);
  }
  for (const StepSpec& step : s.steps) {
    if (step.kind == StepSpec::Kind::kFault) {
      return fmt::format(
          "{}: fault steps need a command that makes the fault on this cluster "
          "(a target file), which the external target does not support yet",
          step.loc.ToString());
    }
  }
  return {};
}

std::string ExternalTarget::TopicName(const std::string& logical) const {
  if (options_.existing_topics) return logical;
  return fmt::format("ks-{}-{}", options_.run_id, logical);
}

Status ExternalTarget::Setup(const Scenario& s) {
  std::string error;
  KafkaPtr rk = AdminClient(options_.bootstrap_servers, &error);
  if (!rk) return Status::Error(fmt::format("cannot create an admin client: {}", error));
  std::map<std::string, int> ready;
  if (Status st = ReadyTopics(rk.get(), &ready); !st.ok()) return st;
  if (options_.existing_topics) {
    for (const TopicSpec& t : s.topics) {
      auto it = ready.find(t.name);
      if (it == ready.end()) {
        return Status::Error(
            fmt::format("{}: topic '{}' does not exist on {} (--existing-topics "
                        "uses topics as they are)",
                        t.loc.ToString(), t.name, options_.bootstrap_servers));
      }
      if (it->second != t.partitions) {
        return Status::Error(fmt::format(
            "{}: topic '{}' has {} partitions on the cluster, the scenario says {}: refusing to "
            "run on a topic of another shape",
            t.loc.ToString(), t.name, it->second, t.partitions));
      }
    }
    return Status::Ok();
  }
  std::vector<rd_kafka_NewTopic_t*> topics;
  char errstr[512];
  for (const TopicSpec& t : s.topics) {
    const std::string name = TopicName(t.name);
    if (ready.count(name)) {
      rd_kafka_NewTopic_destroy_array(topics.data(), topics.size());
      return Status::Error(fmt::format("topic {} already exists: it is not this run's", name));
    }
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(name.c_str(), t.partitions,
                                                    t.replication_factor, errstr, sizeof errstr);
    if (!nt) {
      rd_kafka_NewTopic_destroy_array(topics.data(), topics.size());
      return Status::Error(fmt::format("{}: topic '{}': {}", t.loc.ToString(), t.name, errstr));
    }
    for (const ConfigEntry& c : t.config) {
      rd_kafka_NewTopic_set_config(nt, c.key.c_str(), c.value.c_str());
    }
    topics.push_back(nt);
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
  rd_kafka_CreateTopics(rk.get(), topics.data(), topics.size(), nullptr, queue);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, kAdminTimeoutMs);
  Status result = Status::Ok();
  if (!ev) {
    result = Status::Error(fmt::format("no answer to CreateTopics within {} ms", kAdminTimeoutMs));
  } else {
    const rd_kafka_CreateTopics_result_t* res = rd_kafka_event_CreateTopics_result(ev);
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        res ? rd_kafka_CreateTopics_result_topics(res, &n) : nullptr;
    if (rd_kafka_event_error(ev)) {
      result =
          Status::Error(fmt::format("CreateTopics failed: {}", rd_kafka_event_error_string(ev)));
    }
    for (size_t i = 0; i < n; ++i) {
      if (rd_kafka_topic_result_error(results[i]) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        created_.push_back(rd_kafka_topic_result_name(results[i]));
      } else if (result.ok()) {
        result = Status::Error(fmt::format("cannot create topic {}: {}",
                                           rd_kafka_topic_result_name(results[i]),
                                           rd_kafka_topic_result_error_string(results[i])));
      }
    }
    rd_kafka_event_destroy(ev);
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy_array(topics.data(), topics.size());
  if (!result.ok()) return result;
  // Clients must not start before every broker knows the topics and their leaders.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kAdminTimeoutMs);
  for (;;) {
    if (Status st = ReadyTopics(rk.get(), &ready); !st.ok()) return st;
    bool all = true;
    for (const TopicSpec& t : s.topics) all = all && ready.count(TopicName(t.name)) != 0;
    if (all) return Status::Ok();
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Error(
          fmt::format("the topics' metadata did not propagate within {} ms", kAdminTimeoutMs));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

std::vector<ConfigEntry> ExternalTarget::ClientDefaults(ClientRole role) const {
  std::vector<ConfigEntry> out;
  if (role == ClientRole::kConsumer) {
    out.push_back({"session.timeout.ms", "10000", {}});
    out.push_back({"heartbeat.interval.ms", "1000", {}});
  }
  return out;
}

Status ExternalTarget::InjectFault(const FaultSpec&) {
  return Status::Error("the external target has no fault commands");
}

Status ExternalTarget::UndoFault(const FaultSpec&) {
  return Status::Error("the external target has no fault commands");
}

Status ExternalTarget::QueryOffsets(const Scenario& s, int timeout_ms,
                                    std::vector<PartitionOffsets>* out) {
  return QueryPartitionOffsets(
      options_.bootstrap_servers, ClientDefaults(ClientRole::kAdmin), s,
      [this](const std::string& n) { return TopicName(n); }, timeout_ms, out);
}

}  // namespace ks
