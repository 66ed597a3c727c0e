#include "target/target_file.h"

#include <gtest/gtest.h>

#include "diag/secrets.h"
#include "support/fake_env.h"

namespace ks {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return test_support::FakeEnv(std::move(vars));
}

TEST(TargetFile, LoadsServersClientPropertiesAndFaultCommands) {
  TargetFileResult r =
      LoadTargetText(R"(
name: compose
bootstrap_servers: localhost:19093,localhost:29093
client:
  security.protocol: SASL_PLAINTEXT
  sasl.mechanism: PLAIN
  sasl.username: kafka-scenario
  sasl.password: ${env:KS_TARGET_TEST_PASSWORD}
  socket.timeout.ms: 30000
  enable.ssl.certificate.verification: false
faults:
  timeout: 90s
  broker_down: docker compose -f ../docker-compose.yml stop kafka-{broker}
  broker_up: docker compose -f ../docker-compose.yml start kafka-{broker}
)",
                     "targets/compose.yaml", Env({{"KS_TARGET_TEST_PASSWORD", "p4ss-from-env"}}));
  ASSERT_TRUE(r.target) << FormatDiagnostics(r.diagnostics, r.source);
  const TargetFile& t = *r.target;
  EXPECT_EQ(t.name, "compose");
  EXPECT_EQ(t.directory, "targets");
  EXPECT_EQ(t.bootstrap_servers, "localhost:19093,localhost:29093");
  ASSERT_EQ(t.client.size(), 6u);
  EXPECT_EQ(t.client[3].key, "sasl.password");
  EXPECT_EQ(t.client[3].value, "p4ss-from-env");
  EXPECT_EQ(t.client[4].value, "30000");
  EXPECT_EQ(t.client[5].value, "false");
  EXPECT_EQ(t.fault_timeout_ms, 90000);
  EXPECT_EQ(t.fault_commands.size(), 2u);
  EXPECT_EQ(t.fault_commands.at("broker_down"),
            "docker compose -f ../docker-compose.yml stop kafka-{broker}");
  // The password is a secret from the moment it is known.
  EXPECT_EQ(Redact("login with p4ss-from-env failed"), "login with *** failed");
}

TEST(TargetFile, ResolvesRelativeFilesAgainstTheTargetFilesFolder) {
  TargetFileResult r = LoadTargetText(R"(bootstrap_servers: localhost:19194
client:
  security.protocol: SSL
  ssl.ca.location: ../build/kafka-cluster/tls/ca.pem
  ssl.certificate.location: /etc/kafka/client.pem
  ssl.key.location: ${env:KS_TARGET_TEST_TLS:-tls}/client.key
  ssl.crl.location: probe
  sasl.kerberos.keytab: kafka.keytab
  client.id: ../not-a-file
)",
                                      "/repo/targets/ssl.yaml", Env({}));
  ASSERT_TRUE(r.target) << FormatDiagnostics(r.diagnostics, r.source);
  const auto value = [&](const std::string& key) {
    for (const ConfigEntry& e : r.target->client) {
      if (e.key == key) return e.value;
    }
    return std::string("(absent)");
  };
  EXPECT_EQ(value("ssl.ca.location"), "/repo/build/kafka-cluster/tls/ca.pem");
  EXPECT_EQ(value("ssl.certificate.location"), "/etc/kafka/client.pem");
  EXPECT_EQ(value("ssl.key.location"), "/repo/targets/tls/client.key");
  // librdkafka's word for the system's CA paths, and properties that name no file, stay as written.
  EXPECT_EQ(value("ssl.crl.location"), "probe");
  EXPECT_EQ(value("sasl.kerberos.keytab"), "/repo/targets/kafka.keytab");
  EXPECT_EQ(value("client.id"), "../not-a-file");
  EXPECT_EQ(value("security.protocol"), "SSL");
}

TEST(TargetFile, ReportsEveryProblemWithItsPlace) {
  TargetFileResult r = LoadTargetText(R"(bootstrap_server: localhost:9092
client:
  sasl.password: [not, a, scalar]
faults:
  broker_dwn: docker stop kafka-{broker}
)",
                                      "t.yaml", Env({}));
  EXPECT_FALSE(r.target);
  const std::string text = FormatDiagnostics(r.diagnostics, r.source);
  EXPECT_NE(text.find("t.yaml:1:1: error: unknown key 'bootstrap_server' (did you mean "
                      "'bootstrap_servers'?)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("t.yaml:5:3: error: unknown key 'broker_dwn' (did you mean 'broker_down'?)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("t.yaml:3:18: error: expected"), std::string::npos) << text;
}

TEST(TargetFile, AnUnsetVariableIsAnErrorAtItsValue) {
  TargetFileResult r = LoadTargetText(R"(bootstrap_servers: ${env:KS_TARGET_TEST_SERVERS}
client:
  sasl.password: ${env:KS_TARGET_TEST_UNSET}
)",
                                      "t.yaml", Env({{"KS_TARGET_TEST_SERVERS", "b:9092"}}));
  EXPECT_FALSE(r.target);
  ASSERT_EQ(r.diagnostics.size(), 1u) << FormatDiagnostics(r.diagnostics, r.source);
  EXPECT_EQ(r.diagnostics[0].loc.line, 3);
  EXPECT_EQ(r.diagnostics[0].loc.column, 18);
  EXPECT_EQ(r.diagnostics[0].message, "environment variable KS_TARGET_TEST_UNSET is not set");
}

TEST(TargetFile, CredentialsAreSecretWhereverTheyAppear) {
  TargetFileResult r =
      LoadTargetText(R"(bootstrap_servers: b:9092
client:
  ssl.key.password: written-in-the-file-9
  sasl.password: "pa${oops"
faults:
  broker_down: ssh admin@host --password ${env:KS_TARGET_TEST_ADMIN_PASSWORD} stop {broker}
)",
                     "t.yaml", Env({{"KS_TARGET_TEST_ADMIN_PASSWORD", "cmd-secret-77"}}));
  EXPECT_FALSE(r.target);  // "pa${oops" is not a valid reference
  // The literal value, the variable named like a password used in a command: all redacted, also
  // in the diagnostics that quote the file.
  EXPECT_EQ(Redact("written-in-the-file-9 cmd-secret-77"), "*** ***");
  const std::string text = Redact(FormatDiagnostics(r.diagnostics, r.source));
  EXPECT_EQ(text.find("pa${oops"), std::string::npos) << text;
}

TEST(TargetFile, InputLimitsApplyAsToScenarios) {
  // The same YAML limits as a scenario (diag/input_limits.h), at file:line:col.
  TargetFileResult tag =
      LoadTargetText("bootstrap_servers: !!python/object:os.system x\n", "t.yaml", Env({}));
  EXPECT_FALSE(tag.target);
  ASSERT_EQ(tag.diagnostics.size(), 1u);
  EXPECT_EQ(tag.diagnostics[0].loc.ToString(), "t.yaml:1:20");
  EXPECT_EQ(tag.diagnostics[0].message, "YAML tags are not supported: '!!python/object:os.system'");

  TargetFileResult utf8 =
      LoadTargetText("bootstrap_servers: localhost:9092\nname: \"a\x85\x85\"\n", "t.yaml", Env({}));
  EXPECT_FALSE(utf8.target);
  ASSERT_EQ(utf8.diagnostics.size(), 1u);
  EXPECT_EQ(utf8.diagnostics[0].loc.ToString(), "t.yaml:2:9");

  TargetFileResult timeout = LoadTargetText(
      "bootstrap_servers: localhost:9092\nfaults:\n  timeout: " + std::string(50000, '1') + "s\n",
      "t.yaml", Env({}));
  EXPECT_FALSE(timeout.target);
  ASSERT_EQ(timeout.diagnostics.size(), 1u);
  EXPECT_EQ(timeout.diagnostics[0].loc.ToString(), "t.yaml:3:12");
  EXPECT_TRUE(timeout.diagnostics[0].message.starts_with("this value is 50,001 bytes long"))
      << timeout.diagnostics[0].message;
}

TEST(TargetFile, TheRepositorysTargetFilesLoad) {
  for (const char* file : {"targets/docker-compose.yaml", "targets/docker-compose-sasl.yaml"}) {
    TargetFileResult r = LoadTargetFile(std::string(KS_SOURCE_DIR) + "/" + file, Env({}));
    ASSERT_TRUE(r.target) << file << "\n" << FormatDiagnostics(r.diagnostics, r.source);
    EXPECT_FALSE(r.target->bootstrap_servers.empty());
    EXPECT_TRUE(r.target->fault_commands.count("broker_down")) << file;
    EXPECT_TRUE(r.target->fault_commands.count("broker_up")) << file;
  }
}

}  // namespace
}  // namespace ks
