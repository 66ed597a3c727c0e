#include "target/cluster_capabilities.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace ks {
namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// The broker-side capabilities, each learned only from a DescribeConfigs answer.
constexpr const char* kBrokerSide[] = {
    "real_cluster", "retention",      "idempotent_dedup", "alter_configs", "add_partitions",
    "transactions", "read_committed", "compaction",       "delete_topics", "java_client"};

// sasl and ssl: what the target's own clients speak (its security.protocol).
void LearnClientSecurity(const std::vector<ConfigEntry>& client, LearnedCapabilities* out) {
  std::string protocol = "PLAINTEXT";
  for (const ConfigEntry& e : client) {
    if (e.key == "security.protocol") protocol = Upper(e.value);
  }
  if (protocol.starts_with("SASL_")) {
    out->has.insert("sasl");
  } else {
    out->lacks["sasl"] = fmt::format("the target's clients use security.protocol {}", protocol);
  }
  if (protocol == "SSL" || protocol == "SASL_SSL") {
    out->has.insert("ssl");
  } else {
    out->lacks["ssl"] = fmt::format("the target's clients use security.protocol {}", protocol);
  }
}

// Why the cluster cannot run transactions, from its transaction log's settings (Kafka's
// transaction.state.log.replication.factor and .min.isr), or "" when it can. `config(name,
// fallback)` reads a broker config.
template <typename Config>
std::string NoTransactions(const Config& config, int brokers) {
  const std::string txn_rf = config("transaction.state.log.replication.factor", "3");
  int rf = 3;
  std::from_chars(txn_rf.data(), txn_rf.data() + txn_rf.size(), rf);
  const std::string txn_isr = config("transaction.state.log.min.isr", "2");
  int min_isr = 2;
  std::from_chars(txn_isr.data(), txn_isr.data() + txn_isr.size(), min_isr);
  std::string no_transactions;
  if (min_isr > rf) {
    no_transactions = fmt::format(
        "transaction.state.log.min.isr is {} but its replication factor is {}: writes to the "
        "transaction log fail with NOT_ENOUGH_REPLICAS",
        min_isr, rf);
  } else if (rf > brokers) {
    no_transactions = fmt::format(
        "transaction.state.log.replication.factor is {} but the cluster has {} broker(s): the "
        "transaction coordinator cannot create its log",
        rf, brokers);
  }
  return no_transactions;
}

}  // namespace

LearnedCapabilities LearnCapabilities(const Status& described, bool refused,
                                      const std::map<std::string, std::string>& configs,
                                      int brokers, const std::vector<ConfigEntry>& client) {
  LearnedCapabilities out;
  LearnClientSecurity(client, &out);
  if (!described.ok() && refused) {
    // A broker said no: a real cluster, whose configs this principal may not read.
    out.has.insert("real_cluster");
    out.has.insert("java_client");  // Kafka's own client talks to every Kafka broker
    for (const char* c : kBrokerSide) {
      if (std::string_view(c) == "real_cluster" || std::string_view(c) == "java_client") continue;
      out.lacks[c] = fmt::format(
          "the brokers refused DescribeConfigs ({}): allow the runner's principal to describe "
          "the cluster's configs so that it can tell what the cluster supports",
          described.message());
    }
    return out;
  }
  if (!described.ok()) {
    for (const char* c : kBrokerSide) {
      out.lacks[c] = fmt::format(
          "the cluster did not answer DescribeConfigs ({}), so the runner cannot tell what it "
          "supports",
          described.message());
    }
    return out;
  }
  auto config = [&](const char* name, const char* fallback) {
    auto it = configs.find(name);
    return it == configs.end() || it->second.empty() ? std::string(fallback) : it->second;
  };
  for (const char* c :
       {"real_cluster", "retention", "idempotent_dedup", "alter_configs", "java_client"}) {
    out.has.insert(c);
  }
  // "0.11.0-IV2", "2.8-IV1", "3.7-IV4": the major version decides CreatePartitions (1.0+).
  const std::string ibp = config("inter.broker.protocol.version", "");
  int major = 1;
  if (!ibp.empty()) std::from_chars(ibp.data(), ibp.data() + ibp.size(), major);
  if (major >= 1) {
    out.has.insert("add_partitions");
  } else {
    out.lacks["add_partitions"] =
        fmt::format("inter.broker.protocol.version is {}: CreatePartitions needs 1.0", ibp);
  }
  const std::string no_transactions = NoTransactions(config, brokers);
  for (const char* c : {"transactions", "read_committed"}) {
    if (no_transactions.empty()) {
      out.has.insert(c);
    } else {
      out.lacks[c] = no_transactions;
    }
  }
  if (config("log.cleaner.enable", "true") != "false") {
    out.has.insert("compaction");
  } else {
    out.lacks["compaction"] = "log.cleaner.enable is false on the brokers";
  }
  if (config("delete.topic.enable", "true") != "false") {
    out.has.insert("delete_topics");
  } else {
    out.lacks["delete_topics"] = "delete.topic.enable is false on the brokers";
  }
  return out;
}

}  // namespace ks
