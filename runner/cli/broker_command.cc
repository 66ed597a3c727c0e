// `kafka-scenario broker`: an embedded cluster for any Kafka client, served until interrupted.

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <signal.h>

#include <charconv>

#include "cli/commands.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

// "orders:3" -> (orders, 3); "orders" -> (orders, 1).
bool ParseTopic(const std::string& text, TopicSpec* out, std::string* error) {
  const size_t colon = text.rfind(':');
  out->name = text.substr(0, colon);
  out->partitions = 1;
  if (colon != std::string::npos) {
    const char* begin = text.data() + colon + 1;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(begin, end, out->partitions);
    if (ec != std::errc() || stop != end || out->partitions < 1 || out->partitions > 10000) {
      *error = fmt::format(
          "--topics: '{}': expected name:partitions with 1 to 10000 partitions, "
          "e.g. orders:3",
          text);
      return false;
    }
  }
  if (out->name.empty()) {
    *error = fmt::format("--topics: '{}': the topic has no name (expected name:partitions)", text);
    return false;
  }
  return true;
}

}  // namespace

Outcome BrokerCommand(int brokers, const std::vector<std::string>& topics, std::ostream& out,
                      std::ostream& err) {
  Scenario s;
  s.name = "broker";
  s.cluster.brokers = brokers;
  for (const std::string& t : topics) {
    TopicSpec topic;
    std::string error;
    if (!ParseTopic(t, &topic, &error)) {
      err << "error: " << error << "\n";
      return Outcome::kInvalidInput;
    }
    // Replicated like a small production cluster, so leader failover has somewhere to go.
    topic.replication_factor = std::min(brokers, 3);
    s.topics.push_back(topic);
  }
  // SIGINT and SIGTERM are waited for, not handled: blocked before the cluster's threads
  // start (they inherit the mask), then taken with sigwait on this thread.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  EmbeddedTarget target;
  if (Status st = target.Setup(s); !st.ok()) {
    err << "error: " << st.message() << "\n";
    return Outcome::kClusterError;
  }
  out << "bootstrap.servers=" << target.bootstrap_servers() << "\n";
  out << fmt::format("kafka-scenario broker: {} broker(s), librdkafka {} mock\n", brokers,
                     rd_kafka_version_str());
  for (const TopicSpec& t : s.topics) {
    out << fmt::format("topic {}: {} partition(s), replication factor {}\n", t.name, t.partitions,
                       t.replication_factor);
  }
  out << "serving until interrupted (Ctrl-C)\n" << std::flush;
  int signal = 0;
  sigwait(&stop, &signal);
  out << "stopped by signal " << signal << "\n" << std::flush;
  return Outcome::kOk;
}

}  // namespace ks
