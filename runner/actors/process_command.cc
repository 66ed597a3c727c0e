#include "actors/process_command.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>

#include "actors/client_config.h"
#include "diag/atomic_file.h"
#include "diag/read_file.h"
#include "target/properties_file.h"

namespace ks {

namespace {

constexpr const char* kJavaHeap = "-Xmx256m";  // a member needs little; 2-core CI runs several

std::optional<std::string> ConfigValue(const std::vector<ConfigEntry>& config,
                                       std::string_view key) {
  std::optional<std::string> out;
  for (const ConfigEntry& e : config) {
    if (e.key == key) out = e.value;  // the later entry wins, as in a properties file
  }
  return out;
}

std::vector<std::string> JavaPrefix(const std::string& classpath, const char* main_class) {
  // The tools print with the JVM's default charset and format numbers in its default locale:
  // under LANG=C a value "café" prints as "caf?", and a locale with other digits would print
  // VerifiableProducer's "<prefix>.<n>" in them. Both are fixed here, whatever the machine's.
  return {"java",
          kJavaHeap,
          "-Dfile.encoding=UTF-8",
          "-Dstdout.encoding=UTF-8",
          "-Dsun.stdout.encoding=UTF-8",
          "-Duser.language=en",
          "-Duser.country=US",
          "-cp",
          classpath,
          main_class};
}

// A JAAS option value in double quotes: Kafka's JAAS parser (ConfigFile syntax) reads '\' and
// '"' escaped with a backslash.
std::string JaasQuoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + '"';
}

// librdkafka's assignor names where a scenario written for it uses them; Java's class names
// pass through.
std::string JavaAssignor(std::string_view name) {
  if (name == "range") return "org.apache.kafka.clients.consumer.RangeAssignor";
  if (name == "roundrobin") return "org.apache.kafka.clients.consumer.RoundRobinAssignor";
  if (name == "cooperative-sticky") {
    return "org.apache.kafka.clients.consumer.CooperativeStickyAssignor";
  }
  return std::string(name);
}

// A list such as librdkafka's default "range,roundrobin", each name mapped.
std::string JavaAssignors(const std::string& list) {
  std::string out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string_view name = std::string_view(list).substr(start, end - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (!name.empty()) {
      if (!out.empty()) out += ',';
      out += JavaAssignor(name);
    }
    start = end + 1;
  }
  return out;
}

ProcessLaunch Substituted(std::vector<std::string> argv, const ClientSpec& client,
                          const Placeholders& values) {
  ProcessLaunch out;
  for (auto& a : argv) out.argv.push_back(SubstitutePlaceholders(a, values));
  for (const auto& [k, v] : client.env) out.env.emplace_back(k, SubstitutePlaceholders(v, values));
  return out;
}

}  // namespace

std::string SubstitutePlaceholders(std::string_view text, const Placeholders& values) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    // The innermost braces: a placeholder inside a program's own ("f() { echo {topic}; }").
    open = text.rfind('{', close);
    const std::string_view name = text.substr(open + 1, close - open - 1);
    out.append(text.substr(i, open - i));
    bool replaced = false;
    for (const auto& [k, v] : values) {
      if (k == name) {
        out += v;
        replaced = true;
        break;
      }
    }
    if (!replaced) out.append(text.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(text.substr(std::min(i, text.size())));
  return out;
}

Status FindKafkaClasspath(std::string* classpath) {
  if (const char* cp = std::getenv("KS_KAFKA_CLASSPATH"); cp != nullptr && *cp != '\0') {
    *classpath = cp;
    return Status::Ok();
  }
  namespace fs = std::filesystem;
  fs::path dir;
  if (const char* d = std::getenv("KS_KAFKA_DIR"); d != nullptr && *d != '\0') {
    dir = d;
  } else {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) dir = exe.parent_path() / "kafka-cluster";
  }
  const fs::path libs = dir / "libs";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(libs, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("kafka-tools-") && name.ends_with(".jar")) {
      *classpath = (libs / "*").string();
      return Status::Ok();
    }
  }
  return Status::Error(fmt::format(
      "client: java needs Apache Kafka's jars (org.apache.kafka:kafka-tools), and {} has none: "
      "run scripts/kafka-cluster fetch (Maven resolves them into build/kafka-cluster/libs), or "
      "set KS_KAFKA_CLASSPATH to their class path",
      libs.string()));
}

ProcessLaunch ProducerLaunch(const ProducerSpec& p, const std::string& classpath,
                             const Placeholders& values) {
  if (p.client.kind == ClientSpec::Kind::kCommand) {
    return Substituted(p.client.command, p.client, values);
  }
  std::vector<std::string> argv =
      JavaPrefix(classpath, "org.apache.kafka.tools.VerifiableProducer");
  for (const char* a :
       {"--bootstrap-server", "{bootstrap}", "--topic", "{topic}", "--max-messages", "{messages}",
        "--value-prefix", "{value_prefix}", "--producer.config", "{client_config}"}) {
    argv.emplace_back(a);
  }
  if (p.rate_per_s > 0) {
    // A whole number up to INT32_MAX (validated at load: process_client_rules.cc).
    argv.insert(argv.end(),
                {"--throughput",
                 std::to_string(static_cast<int32_t>(std::min(p.rate_per_s, 2147483647.0)))});
  }
  if (p.key) {
    // Validated at load (process_client_rules.cc): the template is "{i % K}".
    const auto& tokens = std::get<std::vector<KeyTemplate::Token>>(p.key->parts[0]);
    argv.insert(argv.end(), {"--repeating-keys", std::to_string(tokens[1].value)});
  }
  return Substituted(std::move(argv), p.client, values);
}

ProcessLaunch MemberLaunch(const GroupSpec& g, const std::string& classpath,
                           const std::vector<ConfigEntry>& config, const Placeholders& values) {
  if (g.client.kind == ClientSpec::Kind::kCommand) {
    return Substituted(g.client.command, g.client, values);
  }
  std::vector<std::string> argv =
      JavaPrefix(classpath, "org.apache.kafka.tools.VerifiableConsumer");
  for (const char* a :
       {"--bootstrap-server", "{bootstrap}", "--topic", "{topic}", "--group-id", "{group}",
        "--verbose", "--reset-policy", "{offset_reset}", "--consumer.config", "{client_config}"}) {
    argv.emplace_back(a);
  }
  if (g.commit.mode == CommitMode::kAuto) argv.emplace_back("--enable-autocommit");
  if (auto v = ConfigValue(config, "session.timeout.ms")) {
    argv.insert(argv.end(), {"--session-timeout", *v});
  }
  if (auto v = ConfigValue(config, "group.instance.id")) {
    argv.insert(argv.end(), {"--group-instance-id", *v});
  }
  if (auto v = ConfigValue(config, "partition.assignment.strategy")) {
    argv.insert(argv.end(), {"--assignment-strategy", JavaAssignors(*v)});
  }
  return Substituted(std::move(argv), g.client, values);
}

std::vector<ConfigEntry> ProcessClientConfig(const ClientSpec& client,
                                             const std::vector<ConfigEntry>& config,
                                             bool producer) {
  std::vector<ConfigEntry> out;
  if (producer && client.kind == ClientSpec::Kind::kJava && !ConfigValue(config, "retries")) {
    out.push_back({"retries", "2147483647", {}});
  }
  out.insert(out.end(), config.begin(), config.end());
  return out;
}

Status JavaConnectionConfig(const std::vector<ConfigEntry>& librdkafka,
                            std::vector<ConfigEntry>* java) {
  std::optional<std::string> user, password, mechanism, cert, key;
  for (const ConfigEntry& e : librdkafka) {
    if (e.key == "security.protocol" || e.key == "session.timeout.ms" ||
        e.key == "heartbeat.interval.ms") {
      java->push_back({e.key, e.value, {}});
    } else if (e.key == "sasl.mechanism" || e.key == "sasl.mechanisms") {
      mechanism = e.value;
    } else if (e.key == "sasl.username") {
      user = e.value;
    } else if (e.key == "sasl.password") {
      password = e.value;
    } else if (e.key == "ssl.ca.location") {
      java->push_back({"ssl.truststore.type", "PEM", {}});
      java->push_back({"ssl.truststore.location", e.value, {}});
    } else if (e.key == "ssl.certificate.location") {
      cert = e.value;
    } else if (e.key == "ssl.key.location") {
      key = e.value;
    } else {
      return Status::Error(fmt::format(
          "the target's client property {} has no Java client equivalent the runner knows: a "
          "java client cannot connect as the runner's clients do",
          e.key));
    }
  }
  if (mechanism) {
    // Only the mechanisms whose login is a user name and a password: GSSAPI or OAUTHBEARER
    // given PlainLoginModule would fail at the broker, far from the cause.
    const char* module = *mechanism == "PLAIN"
                             ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                         : mechanism->starts_with("SCRAM-")
                             ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                             : nullptr;
    if (module == nullptr) {
      return Status::Error(fmt::format(
          "the target's sasl.mechanism {} has no Java login the runner knows (PLAIN and "
          "SCRAM-SHA-256/512 only): a java client cannot connect as the runner's clients do",
          *mechanism));
    }
    java->push_back({"sasl.mechanism", *mechanism, {}});
    java->push_back({"sasl.jaas.config",
                     fmt::format("{} required username={} password={};", module,
                                 JaasQuoted(user.value_or("")), JaasQuoted(password.value_or(""))),
                     {}});
  }
  if (cert.has_value() != key.has_value()) {
    // The Java client would connect without a client certificate, where librdkafka refuses.
    return Status::Error(fmt::format(
        "the target's client properties set {} without {}: a java client needs both for its "
        "key store",
        cert ? "ssl.certificate.location" : "ssl.key.location",
        cert ? "ssl.key.location" : "ssl.certificate.location"));
  }
  if (cert && key) {
    std::string chain, pem, error;
    struct Source {
      const char* property;
      const std::string* path;
      std::string* out;
    };
    for (const Source& f : {Source{"ssl.certificate.location", &*cert, &chain},
                            Source{"ssl.key.location", &*key, &pem}}) {
      if (!ReadWholeFile(*f.path, f.out, &error, 1 << 20)) {
        return Status::Error(fmt::format("cannot read the target's {} {} for a java client: {}",
                                         f.property, *f.path, error));
      }
    }
    java->push_back({"ssl.keystore.type", "PEM", {}});
    java->push_back({"ssl.keystore.certificate.chain", chain, {}});
    java->push_back({"ssl.keystore.key", pem, {}});
  }
  return Status::Ok();
}

Status ProcessClientProperties(const ClientSpec& client, const std::vector<ConfigEntry>& target,
                               const std::vector<ConfigEntry>& config, bool producer,
                               int member_index, std::vector<ConfigEntry>* out) {
  if (client.kind == ClientSpec::Kind::kJava) {
    if (Status st = JavaConnectionConfig(target, out); !st.ok()) return st;
  } else {
    *out = target;  // a program's own client takes librdkafka's names, as given
  }
  for (ConfigEntry e : ProcessClientConfig(client, config, producer)) {
    if (member_index >= 0 && e.key == "group.instance.id") {
      e.value = MemberInstanceId(e.value, member_index);
    }
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

ClientConfigFile::~ClientConfigFile() { Remove(); }

void ClientConfigFile::Remove() {
  // Only what Write() made: its own file in its own folder.
  if (!removed_ && !path_.empty()) ::unlink(path_.c_str());
  if (!removed_ && !dir_.empty()) ::rmdir(dir_.c_str());
  removed_ = true;
}

Status ClientConfigFile::Write(const std::vector<ConfigEntry>& entries) {
  std::error_code ec;
  const std::filesystem::path tmp = std::filesystem::temp_directory_path(ec);
  if (ec) {
    return Status::Error(fmt::format(
        "no temporary folder for a client properties file ({}): set TMPDIR to a folder that "
        "exists",
        ec.message()));
  }
  std::string tmpl = (tmp / "kafka-scenario-client-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return Status::Error(fmt::format("cannot make a folder for a client properties file ({}): {}",
                                     tmpl, std::strerror(errno)));
  }
  dir_ = tmpl;
  const std::string path = dir_ + "/client.properties";
  AtomicFile file(path, "cannot write the client properties file " + path);
  Status st = file.Open();
  if (st.ok()) st = file.Write(FormatProperties(entries));
  if (st.ok()) st = file.Commit();
  if (!st.ok()) return st;
  path_ = path;
  return Status::Ok();
}

}  // namespace ks
