// How a process actor's program is started: its placeholders, the flags Kafka's verifiable
// clients get from the scenario, the properties file it reads and the Java names of the target's
// connection settings.
#include "actors/process_command.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/loader.h"
#include "target/properties_file.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

using Argv = std::vector<std::string>;

// A scenario whose producer p and group g are java clients, with `producer` and `group` lines
// added to their entries (6 blanks of indentation each).
Scenario JavaScenario(const std::string& producer, const std::string& group) {
  const std::string text = R"(name: process-command
topics:
  - name: orders
    partitions: 3
producers:
  - name: p
    topic: orders
    messages: 5
    client: java
)" + producer + R"(consumer_groups:
  - name: g
    topics: [orders]
    client: java
)" + group + R"(expect:
  - no_loss: {group: g}
)";
  const LoadResult r = LoadScenarioText(text, "/scenarios/s.yaml");
  EXPECT_TRUE(r.scenario.has_value()) << FormatLoadErrors(r) << "\n" << text;
  return r.scenario.value_or(Scenario{});
}

const Placeholders kValues = {
    {"bootstrap", "b1:9092,b2:9092"},
    {"topic", "run-orders"},
    {"topics", "run-orders"},
    {"group", "run-g"},
    {"member", "0"},
    {"messages", "5"},
    {"value_prefix", "12345"},
    {"offset_reset", "earliest"},
    {"client_config", "/tmp/c.p"},
    {"scenario_dir", "/scenarios"},
};

// The value after `flag` in `argv`, or "<absent>"; "<no value>" when the flag is the last word.
std::string FlagValue(const Argv& argv, const std::string& flag) {
  const auto it = std::find(argv.begin(), argv.end(), flag);
  if (it == argv.end()) return "<absent>";
  return it + 1 == argv.end() ? "<no value>" : *(it + 1);
}

bool HasWord(const Argv& argv, const std::string& word) {
  return std::find(argv.begin(), argv.end(), word) != argv.end();
}

std::string Joined(const Argv& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

TEST(SubstitutePlaceholders, ReplacesKnownNamesAndKeepsOtherBraces) {
  const Placeholders v = {{"topic", "orders"}, {"group", "g1"}, {"empty", ""}};
  EXPECT_EQ(SubstitutePlaceholders("--topic={topic}", v), "--topic=orders");
  EXPECT_EQ(SubstitutePlaceholders("{topic}", v), "orders");
  EXPECT_EQ(SubstitutePlaceholders("no placeholder", v), "no placeholder");
  EXPECT_EQ(SubstitutePlaceholders("", v), "");
  // Adjacent and repeated.
  EXPECT_EQ(SubstitutePlaceholders("{topic}{group}", v), "ordersg1");
  EXPECT_EQ(SubstitutePlaceholders("{topic}/{topic}-{group}.{topic}", v),
            "orders/orders-g1.orders");
  EXPECT_EQ(SubstitutePlaceholders("a{empty}b", v), "ab");
  // Unknown names, empty braces and braces that are a program's own stay as they are.
  EXPECT_EQ(SubstitutePlaceholders("{unknown}", v), "{unknown}");
  EXPECT_EQ(SubstitutePlaceholders("{}", v), "{}");
  EXPECT_EQ(SubstitutePlaceholders("{Topic} { topic} {topic }", v), "{Topic} { topic} {topic }");
  EXPECT_EQ(SubstitutePlaceholders(R"({"a": 1} {topic})", v), R"({"a": 1} orders)");
  EXPECT_EQ(SubstitutePlaceholders("}{topic}{", v), "}orders{");
  // No closing brace: the rest is kept.
  EXPECT_EQ(SubstitutePlaceholders("{topic", v), "{topic");
  EXPECT_EQ(SubstitutePlaceholders("{group}-{topic", v), "g1-{topic");
  // A value is not searched again for placeholders.
  EXPECT_EQ(SubstitutePlaceholders("{x}", {{"x", "{topic}"}, {"topic", "no"}}), "{topic}");
}

// A shell script's own braces around a placeholder (a function body, an awk program, ${VAR})
// must not hide it.
TEST(SubstitutePlaceholders, FindsAPlaceholderInsideAProgramsOwnBraces) {
  const Placeholders v = {{"topic", "orders"}, {"group", "g1"}};
  EXPECT_EQ(SubstitutePlaceholders("f() { echo {topic}; }; f", v), "f() { echo orders; }; f");
  EXPECT_EQ(SubstitutePlaceholders(R"(awk '{print "{topic}"}')", v), R"(awk '{print "orders"}')");
  EXPECT_EQ(SubstitutePlaceholders("{{topic}}", v), "{orders}");
  EXPECT_EQ(SubstitutePlaceholders("${HOME}/{group}", v), "${HOME}/g1");
  EXPECT_EQ(SubstitutePlaceholders("{a{group}b{topic}}", v), "{ag1borders}");
}

// How every java client starts: UTF-8 output and an English locale whatever the machine's (the
// tools print keys, values and "<prefix>.<n>" with the JVM's defaults), then the main class.
Argv JavaArgv(const char* main_class) {
  return {"java",
          "-Xmx256m",
          "-Dfile.encoding=UTF-8",
          "-Dstdout.encoding=UTF-8",
          "-Dsun.stdout.encoding=UTF-8",
          "-Duser.language=en",
          "-Duser.country=US",
          "-cp",
          "/kafka/libs/*",
          main_class};
}

// The first `n` words of `argv` (all of them when it is shorter).
Argv Head(const Argv& argv, size_t n) {
  return Argv(argv.begin(), argv.begin() + static_cast<long>(std::min(n, argv.size())));
}

TEST(ProducerLaunch, RunsVerifiableProducerWithTheScenariosSettings) {
  const Scenario s = JavaScenario("    key: \"{i % 10}\"\n    rate: 200/s\n", "");
  ASSERT_EQ(s.producers.size(), 1u);
  const ProcessLaunch l = ProducerLaunch(s.producers[0], "/kafka/libs/*", kValues);
  EXPECT_EQ(Head(l.argv, JavaArgv("org.apache.kafka.tools.VerifiableProducer").size()),
            JavaArgv("org.apache.kafka.tools.VerifiableProducer"))
      << Joined(l.argv);
  EXPECT_EQ(FlagValue(l.argv, "--bootstrap-server"), "b1:9092,b2:9092");
  EXPECT_EQ(FlagValue(l.argv, "--topic"), "run-orders");
  EXPECT_EQ(FlagValue(l.argv, "--max-messages"), "5");
  EXPECT_EQ(FlagValue(l.argv, "--value-prefix"), "12345");
  EXPECT_EQ(FlagValue(l.argv, "--producer.config"), "/tmp/c.p");
  EXPECT_EQ(FlagValue(l.argv, "--throughput"), "200");
  EXPECT_EQ(FlagValue(l.argv, "--repeating-keys"), "10");
  EXPECT_TRUE(l.env.empty());
  for (const auto& a : l.argv) EXPECT_EQ(a.find('{'), std::string::npos) << Joined(l.argv);
}

TEST(ProducerLaunch, NoKeyNoRateNoFlag) {
  const Scenario s = JavaScenario("", "");
  const ProcessLaunch l = ProducerLaunch(s.producers[0], "/cp", kValues);
  EXPECT_FALSE(HasWord(l.argv, "--throughput")) << Joined(l.argv);
  EXPECT_FALSE(HasWord(l.argv, "--repeating-keys")) << Joined(l.argv);
  // A rate per minute that is whole per second, and one key.
  const Scenario per_minute = JavaScenario("    key: \"{i % 1}\"\n    rate: 120/m\n", "");
  const ProcessLaunch m = ProducerLaunch(per_minute.producers[0], "/cp", kValues);
  EXPECT_EQ(FlagValue(m.argv, "--throughput"), "2");
  EXPECT_EQ(FlagValue(m.argv, "--repeating-keys"), "1");
}

TEST(ProducerLaunch, ACommandIsItsArgvAndEnvWithPlaceholdersReplaced) {
  ProducerSpec p;
  p.client.kind = ClientSpec::Kind::kCommand;
  p.client.command = {"python3", "{scenario_dir}/producer.py", "--n={messages}", "{unknown}"};
  p.client.env = {{"BOOTSTRAP", "{bootstrap}"}, {"PREFIX", "v{value_prefix}"}};
  const ProcessLaunch l = ProducerLaunch(p, "/never/used", kValues);
  EXPECT_EQ(l.argv, (Argv{"python3", "/scenarios/producer.py", "--n=5", "{unknown}"}));
  ASSERT_EQ(l.env.size(), 2u);
  EXPECT_EQ(l.env[0], (std::pair<std::string, std::string>{"BOOTSTRAP", "b1:9092,b2:9092"}));
  EXPECT_EQ(l.env[1], (std::pair<std::string, std::string>{"PREFIX", "v12345"}));
}

TEST(MemberLaunch, RunsVerifiableConsumerWithTheGroupsSettings) {
  const Scenario s = JavaScenario("", "    commit: auto\n    offset_reset: earliest\n");
  ASSERT_EQ(s.groups.size(), 1u);
  const std::vector<ConfigEntry> config = {{"security.protocol", "SSL", {}},
                                           {"session.timeout.ms", "6000", {}},
                                           {"session.timeout.ms", "45000", {}}};
  const ProcessLaunch l = MemberLaunch(s.groups[0], "/kafka/libs/*", config, kValues);
  EXPECT_EQ(Head(l.argv, JavaArgv("org.apache.kafka.tools.VerifiableConsumer").size()),
            JavaArgv("org.apache.kafka.tools.VerifiableConsumer"))
      << Joined(l.argv);
  EXPECT_EQ(FlagValue(l.argv, "--bootstrap-server"), "b1:9092,b2:9092");
  EXPECT_EQ(FlagValue(l.argv, "--topic"), "run-orders");
  EXPECT_EQ(FlagValue(l.argv, "--group-id"), "run-g");
  EXPECT_EQ(FlagValue(l.argv, "--reset-policy"), "earliest");
  EXPECT_EQ(FlagValue(l.argv, "--consumer.config"), "/tmp/c.p");
  EXPECT_TRUE(HasWord(l.argv, "--verbose")) << Joined(l.argv);  // one record_data per record
  EXPECT_TRUE(HasWord(l.argv, "--enable-autocommit")) << Joined(l.argv);
  // The later entry wins, as in the properties file.
  EXPECT_EQ(FlagValue(l.argv, "--session-timeout"), "45000");
  EXPECT_FALSE(HasWord(l.argv, "--group-instance-id")) << Joined(l.argv);
  EXPECT_FALSE(HasWord(l.argv, "--assignment-strategy")) << Joined(l.argv);
  for (const auto& a : l.argv) EXPECT_EQ(a.find('{'), std::string::npos) << Joined(l.argv);
}

TEST(MemberLaunch, CommitsAfterEachPollUnlessAuto) {
  for (const char* commit :
       {"    commit: after_process\n", "    commit: {mode: after_process}\n"}) {
    const Scenario s = JavaScenario("", commit);
    ASSERT_EQ(s.groups.size(), 1u);
    const ProcessLaunch l = MemberLaunch(s.groups[0], "/cp", {}, kValues);
    EXPECT_FALSE(HasWord(l.argv, "--enable-autocommit")) << commit << Joined(l.argv);
    EXPECT_FALSE(HasWord(l.argv, "--session-timeout")) << Joined(l.argv);
  }
  // Without commit: the default, auto.
  const Scenario s = JavaScenario("", "");
  EXPECT_TRUE(HasWord(MemberLaunch(s.groups[0], "/cp", {}, kValues).argv, "--enable-autocommit"));
}

TEST(MemberLaunch, StaticMembershipAndTheAssignorBecomeFlags) {
  const Scenario s = JavaScenario("", "");
  for (const auto& [librdkafka, java] : std::vector<std::pair<std::string, std::string>>{
           {"range", "org.apache.kafka.clients.consumer.RangeAssignor"},
           {"roundrobin", "org.apache.kafka.clients.consumer.RoundRobinAssignor"},
           {"cooperative-sticky", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"},
           {"org.example.MyAssignor", "org.example.MyAssignor"},
           // librdkafka's default is a list: each name maps.
           {"range, roundrobin",
            "org.apache.kafka.clients.consumer.RangeAssignor,"
            "org.apache.kafka.clients.consumer.RoundRobinAssignor"}}) {
    const ProcessLaunch l = MemberLaunch(
        s.groups[0], "/cp",
        {{"group.instance.id", "g-0", {}}, {"partition.assignment.strategy", librdkafka, {}}},
        kValues);
    EXPECT_EQ(FlagValue(l.argv, "--group-instance-id"), "g-0");
    EXPECT_EQ(FlagValue(l.argv, "--assignment-strategy"), java);
  }
}

TEST(MemberLaunch, ACommandIsItsArgvAndEnvWithPlaceholdersReplaced) {
  GroupSpec g;
  g.name = "g";
  g.client.kind = ClientSpec::Kind::kCommand;
  g.client.command = {"sh", "-c", "exec ./app --topics {topics} --member {member}"};
  g.client.env = {{"CONFIG", "{client_config}"}, {"RESET", "{offset_reset}"}};
  const ProcessLaunch l = MemberLaunch(g, "", {{"session.timeout.ms", "6000", {}}}, kValues);
  // No flag of VerifiableConsumer is added to a program's own argv.
  EXPECT_EQ(l.argv, (Argv{"sh", "-c", "exec ./app --topics run-orders --member 0"}));
  ASSERT_EQ(l.env.size(), 2u);
  EXPECT_EQ(l.env[0].second, "/tmp/c.p");
  EXPECT_EQ(l.env[1].second, "earliest");
}

TEST(ProcessClientConfig, AJavaProducerRetriesLikeTheJavaClientUnlessTold) {
  ClientSpec java;
  java.kind = ClientSpec::Kind::kJava;
  ClientSpec command;
  command.kind = ClientSpec::Kind::kCommand;
  const std::vector<ConfigEntry> config = {{"acks", "all", {}}};

  std::vector<ConfigEntry> out = ProcessClientConfig(java, config, /*producer=*/true);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].key, "retries");
  EXPECT_EQ(out[0].value, "2147483647");
  EXPECT_EQ(out[1].key, "acks");

  // The scenario's retries stand, alone.
  out = ProcessClientConfig(java, {{"retries", "0", {}}, {"acks", "1", {}}}, true);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].key, "retries");
  EXPECT_EQ(out[0].value, "0");

  // Not for a consumer, nor for a program of the user's.
  out = ProcessClientConfig(java, config, /*producer=*/false);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].key, "acks");
  out = ProcessClientConfig(command, config, true);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].key, "acks");
  EXPECT_TRUE(ProcessClientConfig(command, {}, true).empty());
}

// A folder of its own for files a test writes, removed at the end.
class TempDir {
 public:
  TempDir() {
    const auto* test = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("ks-process-command-" + std::to_string(::getpid()) + "-" + test->name());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

 private:
  fs::path path_;
};

// The Java properties as "key=value" lines, in order.
std::string Lines(const std::vector<ConfigEntry>& entries) {
  std::string out;
  for (const auto& e : entries) out += e.key + "=" + e.value + "\n";
  return out;
}

TEST(JavaConnectionConfig, SaslBecomesAJaasLine) {
  std::vector<ConfigEntry> java;
  ASSERT_TRUE(JavaConnectionConfig({{"security.protocol", "SASL_PLAINTEXT", {}},
                                    {"sasl.mechanism", "SCRAM-SHA-512", {}},
                                    {"sasl.username", "alice", {}},
                                    {"sasl.password", "s3cr3t", {}}},
                                   &java)
                  .ok());
  EXPECT_EQ(Lines(java),
            "security.protocol=SASL_PLAINTEXT\n"
            "sasl.mechanism=SCRAM-SHA-512\n"
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
            "username=\"alice\" password=\"s3cr3t\";\n");

  // librdkafka's older name sasl.mechanisms, and PLAIN.
  java.clear();
  ASSERT_TRUE(JavaConnectionConfig({{"sasl.mechanisms", "PLAIN", {}},
                                    {"sasl.username", "bob", {}},
                                    {"sasl.password", "pw", {}},
                                    {"security.protocol", "SASL_SSL", {}}},
                                   &java)
                  .ok());
  EXPECT_EQ(Lines(java),
            "security.protocol=SASL_SSL\n"
            "sasl.mechanism=PLAIN\n"
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            "username=\"bob\" password=\"pw\";\n");
}

// A password is the user's: '"' and '\\' are escaped as Kafka's JAAS parser reads them.
TEST(JavaConnectionConfig, QuotesAndBackslashesInCredentialsAreEscaped) {
  std::vector<ConfigEntry> java;
  ASSERT_TRUE(JavaConnectionConfig({{"sasl.mechanism", "PLAIN", {}},
                                    {"sasl.username", "a\"b", {}},
                                    {"sasl.password", "c\\d\"", {}}},
                                   &java)
                  .ok());
  EXPECT_EQ(Lines(java),
            "sasl.mechanism=PLAIN\n"
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            "username=\"a\\\"b\" password=\"c\\\\d\\\"\";\n");
}

// Static membership (KIP-345): each member is its own instance, as librdkafka members are.
TEST(ProcessClientProperties, EachMemberGetsItsOwnGroupInstanceId) {
  ClientSpec java;
  java.kind = ClientSpec::Kind::kJava;
  for (int member : {0, 1}) {
    std::vector<ConfigEntry> out;
    ASSERT_TRUE(ProcessClientProperties(java, {{"security.protocol", "PLAINTEXT", {}}},
                                        {{"group.instance.id", "web", {}}}, false, member, &out)
                    .ok());
    EXPECT_EQ(Lines(out),
              fmt::format("security.protocol=PLAINTEXT\ngroup.instance.id=web-{}\n", member));
  }
  // A producer has no instance: the value stays as written.
  std::vector<ConfigEntry> out;
  ASSERT_TRUE(
      ProcessClientProperties(java, {}, {{"group.instance.id", "web", {}}}, true, -1, &out).ok());
  EXPECT_EQ(Lines(out), "retries=2147483647\ngroup.instance.id=web\n");
}

// A mechanism other than PLAIN and SCRAM would get a login module that cannot do it.
TEST(JavaConnectionConfig, RefusesASaslMechanismItHasNoLoginModuleFor) {
  for (const char* mechanism : {"GSSAPI", "OAUTHBEARER"}) {
    std::vector<ConfigEntry> java;
    const Status st = JavaConnectionConfig(
        {{"sasl.mechanism", mechanism, {}}, {"sasl.username", "u", {}}}, &java);
    EXPECT_FALSE(st.ok()) << mechanism;
    EXPECT_NE(st.message().find(std::string("sasl.mechanism ") + mechanism), std::string::npos)
        << st.message();
  }
}

TEST(JavaConnectionConfig, TimeoutsPassAsTheyAre) {
  std::vector<ConfigEntry> java;
  ASSERT_TRUE(
      JavaConnectionConfig(
          {{"session.timeout.ms", "10000", {}}, {"heartbeat.interval.ms", "1000", {}}}, &java)
          .ok());
  EXPECT_EQ(Lines(java), "session.timeout.ms=10000\nheartbeat.interval.ms=1000\n");
  java.clear();
  EXPECT_TRUE(JavaConnectionConfig({}, &java).ok());
  EXPECT_TRUE(java.empty());
}

TEST(JavaConnectionConfig, TheCaBecomesAPemTrustStore) {
  std::vector<ConfigEntry> java;
  ASSERT_TRUE(
      JavaConnectionConfig(
          {{"security.protocol", "SSL", {}}, {"ssl.ca.location", "/etc/kafka/ca.pem", {}}}, &java)
          .ok());
  EXPECT_EQ(Lines(java),
            "security.protocol=SSL\n"
            "ssl.truststore.type=PEM\n"
            "ssl.truststore.location=/etc/kafka/ca.pem\n");
}

TEST(JavaConnectionConfig, TheClientCertificateBecomesAnInlinePemKeyStore) {
  TempDir dir;
  const std::string chain =
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
      "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";
  const std::string key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";
  const std::string cert_path = dir.Write("client.pem", chain);
  const std::string key_path = dir.Write("client.key", key);
  std::vector<ConfigEntry> java;
  const Status st = JavaConnectionConfig(
      {{"ssl.certificate.location", cert_path, {}}, {"ssl.key.location", key_path, {}}}, &java);
  ASSERT_TRUE(st.ok()) << st.message();
  ASSERT_EQ(java.size(), 3u);
  EXPECT_EQ(java[0].key, "ssl.keystore.type");
  EXPECT_EQ(java[0].value, "PEM");
  EXPECT_EQ(java[1].key, "ssl.keystore.certificate.chain");
  EXPECT_EQ(java[1].value, chain);
  EXPECT_EQ(java[2].key, "ssl.keystore.key");
  EXPECT_EQ(java[2].value, key);

  // A file that cannot be read is an error naming it.
  java.clear();
  const Status missing = JavaConnectionConfig(
      {{"ssl.certificate.location", cert_path, {}}, {"ssl.key.location", key_path + ".gone", {}}},
      &java);
  EXPECT_FALSE(missing.ok());
  EXPECT_EQ(missing.message(), "cannot read the target's ssl.key.location " + key_path +
                                   ".gone for a java client: cannot read the file: No such file or "
                                   "directory");
}

// Half a client certificate would let the Java client connect without one, where librdkafka
// refuses: the broker's refusal would then be far from its cause.
TEST(JavaConnectionConfig, RefusesACertificateWithoutItsKeyAndAKeyWithoutItsCertificate) {
  std::vector<ConfigEntry> java;
  Status st = JavaConnectionConfig({{"ssl.certificate.location", "/c.pem", {}}}, &java);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("ssl.key.location"), std::string::npos) << st.message();
  st = JavaConnectionConfig({{"ssl.key.location", "/c.key", {}}}, &java);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("ssl.certificate.location"), std::string::npos) << st.message();
}

TEST(JavaConnectionConfig, RefusesAPropertyItHasNoJavaNameFor) {
  for (const char* property :
       {"ssl.key.password", "enable.ssl.certificate.verification", "sasl.oauthbearer.config",
        "ssl.endpoint.identification.algorithm", "client.id"}) {
    std::vector<ConfigEntry> java;
    const Status st =
        JavaConnectionConfig({{"security.protocol", "SSL", {}}, {property, "x", {}}}, &java);
    EXPECT_FALSE(st.ok()) << property;
    EXPECT_EQ(st.message(),
              std::string("the target's client property ") + property +
                  " has no Java client equivalent the runner knows: a java client cannot "
                  "connect as the runner's clients do");
  }
}

// The file as ParseProperties reads it.
std::vector<ConfigEntry> ReadBack(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const PropertiesResult r = ParseProperties(text.str(), path);
  EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics.size() << " diagnostics in " << path;
  return r.entries;
}

TEST(ClientConfigFile, WritesWhatParsePropertiesReadsBack) {
  const std::vector<ConfigEntry> entries = {
      {"bootstrap.servers", "b1:9092,b2:9092", {}},
      {"ssl.keystore.certificate.chain",
       "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
       {}},
      {"sasl.jaas.config", "m required username=\"a\" password=\"x=y:z # !\";", {}},
      {"leading.blanks", "   three", {}},
      {"trailing.blanks", "three   ", {}},
      {"#not.a.comment", "#value", {}},
      {"!bang", "!value", {}},
      {"key with=colon:and blanks", "v", {}},
      {"backslashes", "C:\\path\\to\\file\\", {}},
      {"tab\tand\rreturn", "\t\r\f", {}},
      {"empty", "", {}},
      {"utf8", "p\xC3\xA4ssw\xC3\xB6rd \xE2\x82\xAC \xF0\x9F\x94\x91", {}},
      {"bootstrap.servers", "later:9092", {}},  // a key twice: both, in order
  };
  std::string path, dir;
  {
    ClientConfigFile file;
    EXPECT_EQ(file.path(), "");
    const Status st = file.Write(entries);
    ASSERT_TRUE(st.ok()) << st.message();
    path = file.path();
    dir = fs::path(path).parent_path().string();
    ASSERT_TRUE(fs::exists(path));
    EXPECT_TRUE(fs::path(path).is_absolute());
    // A folder of its own, that only the runner can look into (the file holds credentials).
    EXPECT_EQ(fs::path(dir).filename().string().rfind("kafka-scenario-client-", 0), 0u) << dir;
    EXPECT_EQ(fs::status(dir).permissions() & (fs::perms::group_all | fs::perms::others_all),
              fs::perms::none);
    const std::vector<ConfigEntry> back = ReadBack(path);
    ASSERT_EQ(back.size(), entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      EXPECT_EQ(back[i].key, entries[i].key) << i;
      EXPECT_EQ(back[i].value, entries[i].value) << i;
    }
    // Each of two files is a file of its own.
    ClientConfigFile other;
    ASSERT_TRUE(other.Write({}).ok());
    EXPECT_NE(other.path(), path);
    EXPECT_TRUE(ReadBack(other.path()).empty());
  }
  // Destroyed: the file and its folder are gone.
  EXPECT_FALSE(fs::exists(path)) << path;
  EXPECT_FALSE(fs::exists(dir)) << dir;
}

TEST(ClientConfigFile, AFileNeverWrittenRemovesNothing) {
  TempDir dir;
  const std::string kept = dir.Write("kept", "x");
  { ClientConfigFile file; }
  EXPECT_TRUE(fs::exists(kept));
}

}  // namespace
}  // namespace ks
