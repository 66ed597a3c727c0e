#include "target/external_target.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "scenario/requirements.h"
#include "target/offsets_query.h"
#include "target/shell_command.h"

namespace ks {
namespace {

constexpr int kAdminTimeoutMs = 30000;

void ReplaceAll(std::string* text, const std::string& from, const std::string& to) {
  for (size_t at = text->find(from); at != std::string::npos;
       at = text->find(from, at + to.size())) {
    text->replace(at, from.size(), to);
  }
}

}  // namespace

const char* FaultKindName(FaultSpec::Kind kind) {
  switch (kind) {
    case FaultSpec::Kind::kBrokerDown:
      return "broker_down";
    case FaultSpec::Kind::kBrokerUp:
      return "broker_up";
    case FaultSpec::Kind::kLeader:
      return "leader";
    case FaultSpec::Kind::kRequestErrors:
      return "request_errors";
    case FaultSpec::Kind::kRtt:
      return "rtt";
  }
  return "?";
}

ExternalTarget::ExternalTarget(ExternalOptions options) : options_(std::move(options)) {
  if (!options_.admin) {
    const std::string bootstrap = options_.bootstrap_servers;
    const std::vector<ConfigEntry> client = options_.client;
    options_.admin = [bootstrap, client](std::string* error) {
      return NewRdKafkaAdmin(bootstrap, client, kAdminTimeoutMs, error);
    };
  }
  if (!options_.run_command) {
    options_.run_command = [](const std::string& command, const std::string& dir, int64_t ms) {
      return RunShellCommand(command, dir, ms);
    };
  }
}

ExternalTarget::~ExternalTarget() {
  // A broker left down or frozen by the scenario (a fault without `for:`, or a run cut short)
  // comes back: the cluster outlives the run.
  for (int32_t broker : std::set<int32_t>(down_)) {
    FaultSpec up;
    up.kind = FaultSpec::Kind::kBrokerUp;
    up.broker = broker;
    if (Status st = InjectFault(up); !st.ok()) {
      spdlog::warn("broker {} is still down after the run: {}", broker, st.message());
    }
  }
  for (int32_t broker : std::set<int32_t>(slowed_)) {
    FaultSpec rtt;
    rtt.kind = FaultSpec::Kind::kRtt;
    rtt.broker = broker;
    if (Status st = UndoFault(rtt); !st.ok()) {
      spdlog::warn("broker {} still answers late after the run: {}", broker, st.message());
    }
  }
  if (created_.empty()) return;
  if (options_.keep_topics) {
    spdlog::warn("kept this run's topics (--keep-topics): {}", fmt::join(created_, ", "));
    return;
  }
  // Only what this run created, never anything else.
  Status error = Status::Ok();
  AdminClient* admin = Admin(&error);
  if (admin) error = admin->DeleteTopics(created_);
  if (!error.ok()) {
    spdlog::warn("could not delete this run's topics ({}): {}", fmt::join(created_, ", "),
                 error.message());
  }
}

AdminClient* ExternalTarget::Admin(Status* error) const {
  if (!admin_) {
    std::string why;
    admin_ = options_.admin(&why);
    if (!admin_) *error = Status::Error(fmt::format("cannot create an admin client: {}", why));
  }
  return admin_.get();
}

void ExternalTarget::Learn() const {
  if (learned_once_) return;
  learned_once_ = true;
  if (!options_.unreachable.ok()) {
    unreachable_ = options_.unreachable;
    learned_ = LearnCapabilities(unreachable_, false, {}, 0, options_.client);
    return;
  }
  Status status = Status::Ok();
  std::map<std::string, std::string> configs;
  bool refused = false;
  int brokers = 0;
  if (AdminClient* admin = Admin(&status)) {
    ClusterMetadata md;
    status = admin->Metadata(&md);
    unreachable_ = status;
    brokers = static_cast<int>(md.brokers.size());
    brokers_ = brokers;
    if (status.ok() && md.brokers.empty()) status = Status::Error("the metadata lists no broker");
    if (status.ok()) status = admin->DescribeBrokerConfigs(md.brokers.front(), &configs, &refused);
  }
  learned_ = LearnCapabilities(status, refused, configs, brokers, options_.client);
  spdlog::debug("{}: capabilities {}", options_.name, fmt::join(learned_.has, ", "));
}

std::string ExternalTarget::CannotRun(const Scenario& s) const {
  Learn();
  if (!unreachable_.ok()) return "";  // an error for Setup to report, not a reason to skip
  if (std::string missing = MissingCapability(RequiredCapabilities(s), learned_.has);
      !missing.empty()) {
    auto why = learned_.lacks.find(missing);
    return fmt::format("requires '{}', which {} lacks{}", missing, options_.name,
                       why == learned_.lacks.end() ? std::string() : ": " + why->second);
  }
  for (const StepSpec& step : s.steps) {
    // A leader fault reassigns the partition's replicas on a real cluster (a reassignment,
    // then an election), for good: on a topic the user owns that is a change too.
    const bool leader_fault =
        step.kind == StepSpec::Kind::kFault && step.fault.kind == FaultSpec::Kind::kLeader;
    const bool changes_topic = step.kind == StepSpec::Kind::kAddPartitions ||
                               step.kind == StepSpec::Kind::kRecreateTopic ||
                               step.kind == StepSpec::Kind::kAlterTopic || leader_fault;
    if (changes_topic && options_.existing_topics) {
      return fmt::format(
          "{}: a {} step would change a topic this run did not create (--existing-topics uses "
          "topics as they are)",
          step.loc.ToString(), leader_fault ? "leader fault" : ToString(step.kind));
    }
    if (step.kind != StepSpec::Kind::kFault) continue;
    // Which partitions a broker's outage reaches depends on the cluster's shape: a lesson
    // written for one broker shows something else on three.
    const bool broker_fault = step.fault.kind == FaultSpec::Kind::kBrokerDown ||
                              step.fault.kind == FaultSpec::Kind::kBrokerUp;
    if (broker_fault && brokers_ > 0 && s.cluster.brokers != brokers_) {
      return fmt::format(
          "{}: a {} fault in a scenario written for {} broker(s) (cluster.brokers), and {} has "
          "{}: stopping broker {} would reach other partitions than the lesson expects",
          step.loc.ToString(), FaultKindName(step.fault.kind), s.cluster.brokers, options_.name,
          brokers_, step.fault.broker);
    }
    std::vector<std::string> kinds = {FaultKindName(step.fault.kind)};
    if (step.fault.for_ms > 0 && step.fault.kind == FaultSpec::Kind::kBrokerDown) {
      kinds.push_back("broker_up");  // the undo
    }
    for (const std::string& kind : kinds) {
      if (!options_.fault_commands.count(kind)) {
        return fmt::format(
            "{}: a {} fault needs a command that makes it on {}, and its target file has none "
            "(faults: {{{}: ...}})",
            step.loc.ToString(), kind, options_.name, kind);
      }
    }
  }
  return {};
}

std::string ExternalTarget::RunScoped(const std::string& logical) const {
  return fmt::format("ks-{}-{}", options_.run_id, logical);
}

std::string ExternalTarget::TopicName(const std::string& logical) const {
  if (options_.existing_topics) return logical;
  return RunScoped(logical);
}

std::string ExternalTarget::GroupId(const std::string& logical) const {
  // Even on existing topics: a run must not resume from another run's committed offsets.
  return RunScoped(logical);
}

std::string ExternalTarget::TransactionalId(const std::string& logical) const {
  return RunScoped(logical);
}

Status ExternalTarget::AwaitTopics(const std::vector<std::string>& names, bool present) const {
  Status status = Status::Ok();
  AdminClient* admin = Admin(&status);
  if (!admin) return status;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kAdminTimeoutMs);
  // Present: ready (every partition led). Gone: not even listed, as a topic being deleted is.
  auto done = [&](const ClusterMetadata& md) {
    for (const auto& n : names) {
      if (present ? md.topics.count(n) == 0 : md.listed.count(n) != 0) return false;
    }
    return true;
  };
  // Every broker must say so, each of its own knowledge: a client asks whichever broker it
  // likes, and one that hears "unknown topic" fails produce() or is assigned nothing.
  ClusterMetadata cluster;
  if (Status st = admin->Metadata(&cluster); !st.ok()) return st;
  std::set<int32_t> pending(cluster.brokers.begin(), cluster.brokers.end());
  for (;;) {
    // A broker that does not answer this time (busy, restarting) is asked again.
    std::string last_error;
    for (auto it = pending.begin(); it != pending.end();) {
      ClusterMetadata md;
      Status st = admin->BrokerMetadata(*it, &md);
      if (!st.ok()) last_error = st.message();
      it = st.ok() && done(md) ? pending.erase(it) : std::next(it);
    }
    if (pending.empty()) return Status::Ok();
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Error(fmt::format(
          "topics {} were not {} in the metadata of broker(s) {} within {} ms{}",
          fmt::join(names, ", "), present ? "ready" : "gone", fmt::join(pending, ", "),
          kAdminTimeoutMs, last_error.empty() ? "" : " (last error: " + last_error + ")"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

Status ExternalTarget::Setup(const Scenario& s) {
  Learn();
  // A cluster whose metadata did not come within the deadline moments ago: not twice.
  if (!unreachable_.ok()) return unreachable_;
  Status status = Status::Ok();
  AdminClient* admin = Admin(&status);
  if (!admin) return status;
  ClusterMetadata md;
  if (Status st = admin->Metadata(&md); !st.ok()) return st;
  for (const TopicSpec& t : s.topics) topic_configs_[t.name] = t.config;
  if (options_.existing_topics) {
    for (const TopicSpec& t : s.topics) {
      auto it = md.topics.find(t.name);
      if (it == md.topics.end()) {
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
  if (md.controller >= 0 &&
      std::find(md.brokers.begin(), md.brokers.end(), md.controller) == md.brokers.end()) {
    // librdkafka's mock names controller 0 and numbers its brokers from 1: a CreateTopics would
    // wait out the admin deadline for a controller that does not exist. Say what works instead.
    std::vector<std::string> specs;
    for (const TopicSpec& t : s.topics) specs.push_back(fmt::format("{}:{}", t.name, t.partitions));
    return Status::Error(fmt::format(
        "{} names controller {}, which is none of its brokers ({}), so it cannot create topics; "
        "librdkafka's mock cluster (kafka-scenario broker) does that: create them when starting "
        "it (kafka-scenario broker --topics {}) and run with --existing-topics",
        options_.bootstrap_servers, md.controller, fmt::join(md.brokers, ", "),
        fmt::join(specs, ",")));
  }
  std::vector<NewTopic> topics;
  std::vector<std::string> names;
  for (const TopicSpec& t : s.topics) {
    const std::string name = TopicName(t.name);
    if (md.topics.count(name)) {
      return Status::Error(fmt::format("topic {} already exists: it is not this run's", name));
    }
    topics.push_back({name, t.partitions, t.replication_factor, t.config});
    names.push_back(name);
  }
  // `created_` gets what the cluster created even when another topic failed: those are deleted.
  if (Status st = admin->CreateTopics(topics, &created_); !st.ok()) return st;
  // Clients must not start before every broker knows the topics and their leaders.
  return AwaitTopics(names, true);
}

std::vector<ConfigEntry> ExternalTarget::ClientDefaults(ClientRole role) const {
  std::vector<ConfigEntry> out = options_.client;
  if (role == ClientRole::kConsumer) {
    out.push_back({"session.timeout.ms", "10000", {}});
    out.push_back({"heartbeat.interval.ms", "1000", {}});
  }
  return out;
}

Status ExternalTarget::RunFault(const std::string& kind, const FaultSpec& f, int64_t ms) const {
  auto it = options_.fault_commands.find(kind);
  if (it == options_.fault_commands.end()) {
    return Status::Error(fmt::format("{} has no command for a {} fault", options_.name, kind));
  }
  std::string command = it->second;
  ReplaceAll(&command, "{broker}", std::to_string(f.broker));
  ReplaceAll(&command, "{topic}", f.topic.empty() ? "" : TopicName(f.topic));
  ReplaceAll(&command, "{partition}", std::to_string(f.partition));
  ReplaceAll(&command, "{ms}", std::to_string(ms));
  ReplaceAll(&command, "{api}", f.api);
  ReplaceAll(&command, "{count}", std::to_string(f.count));
  spdlog::debug("{}: {} fault: {}", options_.name, kind, command);
  return options_.run_command(command, options_.fault_directory, options_.fault_timeout_ms);
}

Status ExternalTarget::InjectFault(const FaultSpec& fault) {
  Status st = RunFault(FaultKindName(fault.kind), fault, fault.ms);
  if (!st.ok()) return st;
  if (fault.kind == FaultSpec::Kind::kBrokerDown) down_.insert(fault.broker);
  if (fault.kind == FaultSpec::Kind::kBrokerUp) down_.erase(fault.broker);
  if (fault.kind == FaultSpec::Kind::kRtt) {
    if (fault.ms > 0) {
      slowed_.insert(fault.broker);
    } else {
      slowed_.erase(fault.broker);
    }
  }
  return st;
}

Status ExternalTarget::UndoFault(const FaultSpec& fault) {
  switch (fault.kind) {
    case FaultSpec::Kind::kBrokerDown: {
      Status st = RunFault("broker_up", fault, 0);
      if (st.ok()) down_.erase(fault.broker);
      return st;
    }
    case FaultSpec::Kind::kRtt: {
      Status st = RunFault("rtt", fault, 0);
      if (st.ok()) slowed_.erase(fault.broker);
      return st;
    }
    default:
      return Status::Error(fmt::format("a {} fault cannot be undone on {}",
                                       FaultKindName(fault.kind), options_.name));
  }
}

Status ExternalTarget::QueryOffsets(const Scenario& s, int timeout_ms,
                                    std::vector<PartitionOffsets>* out) {
  return QueryPartitionOffsets(
      options_.bootstrap_servers, ClientDefaults(ClientRole::kAdmin), s,
      [this](const std::string& n) { return TopicName(n); }, timeout_ms, out);
}

Status ExternalTarget::RefuseOnExistingTopics(const char* step, const std::string& topic) const {
  if (!options_.existing_topics) return Status::Ok();
  return Status::Error(fmt::format(
      "{} would change topic '{}', which this run did not create (--existing-topics): refusing",
      step, topic));
}

Status ExternalTarget::AddPartitions(const std::string& topic, int total) {
  if (Status st = RefuseOnExistingTopics("add_partitions", topic); !st.ok()) return st;
  Status status = Status::Ok();
  AdminClient* admin = Admin(&status);
  if (!admin) return status;
  return admin->CreatePartitions(TopicName(topic), total);
}

Status ExternalTarget::RecreateTopic(const TopicSpec& t) {
  if (Status st = RefuseOnExistingTopics("recreate_topic", t.name); !st.ok()) return st;
  Status status = Status::Ok();
  AdminClient* admin = Admin(&status);
  if (!admin) return status;
  const std::string name = TopicName(t.name);
  if (std::find(created_.begin(), created_.end(), name) == created_.end()) {
    return Status::Error(
        fmt::format("topic {} is not one this run created: refusing to delete it", name));
  }
  if (Status st = admin->DeleteTopics({name}); !st.ok()) return st;
  std::erase(created_, name);
  if (Status st = AwaitTopics({name}, false); !st.ok()) return st;
  // The topic as declared: a recreated topic has none of the alterations made since.
  topic_configs_[t.name] = t.config;
  // A broker may still be finishing the deletion (ZooKeeper clusters mark the topic first):
  // TOPIC_ALREADY_EXISTS until then.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kAdminTimeoutMs);
  for (;;) {
    Status st =
        admin->CreateTopics({{name, t.partitions, t.replication_factor, t.config}}, &created_);
    if (st.ok()) break;
    if (st.message().find("TOPIC_ALREADY_EXISTS") == std::string::npos ||
        std::chrono::steady_clock::now() >= deadline) {
      if (st.message().find("no answer") != std::string::npos) {
        spdlog::warn(
            "{} may exist without this run knowing it (CreateTopics unanswered): it is "
            "not deleted at the end",
            name);
      }
      return st;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  return AwaitTopics({name}, true);
}

Status ExternalTarget::AlterTopic(const std::string& topic,
                                  const std::vector<ConfigEntry>& configs) {
  // AlterConfigs replaces every override: it would reset the user's own.
  if (Status st = RefuseOnExistingTopics("alter_topic", topic); !st.ok()) return st;
  Status status = Status::Ok();
  AdminClient* admin = Admin(&status);
  if (!admin) return status;
  std::vector<ConfigEntry>& current = topic_configs_[topic];
  for (const ConfigEntry& c : configs) {
    auto it = std::find_if(current.begin(), current.end(),
                           [&](const ConfigEntry& e) { return e.key == c.key; });
    if (it == current.end()) {
      current.push_back(c);
    } else {
      it->value = c.value;
    }
  }
  return admin->AlterTopicConfigs(TopicName(topic), current);
}

}  // namespace ks
