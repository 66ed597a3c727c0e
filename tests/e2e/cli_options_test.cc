// The command line as a Kafka user types it, through the built binary: --version, unknown
// commands and options named with a suggestion, Kafka's --bootstrap-server spelling, kcat's -X
// and Kafka's tools' --client-config, and an unreachable cluster asked once per run.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/binary_run.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

using test_support::BinaryRun;
using test_support::RunBinary;

namespace fs = std::filesystem;

const std::string kScenario = KS_SOURCE_DIR "/tests/data/e2e/client-properties.yaml";
const std::string kHello = KS_SOURCE_DIR "/scenarios/001-hello.yaml";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliOptions, VersionNamesTheProgramLibrdkafkaAndTheEmbeddedClustersCapabilities) {
  for (const char* flag : {"--version", "-V"}) {
    BinaryRun r = RunBinary({flag});
    ASSERT_EQ(r.status, 0) << flag << ": " << r.err;
    const std::vector<std::string> lines = Lines(r.out);
    ASSERT_EQ(lines.size(), 3u) << r.out;
    EXPECT_TRUE(lines[0].starts_with("kafka-scenario 0.")) << lines[0];
    EXPECT_EQ(lines[1], std::string("librdkafka ") + rd_kafka_version_str());
    for (const std::string& c : EmbeddedTarget::DetectCapabilities(rd_kafka_version())) {
      EXPECT_TRUE(Has(lines[2], "has " + c)) << lines[2];
    }
    EXPECT_TRUE(Has(lines[2], "real_cluster")) << lines[2];  // among what it lacks
    EXPECT_EQ(r.err, "");
  }
}

TEST(CliOptions, NoCommandOrAnUnknownOneIsAUsageErrorThatSaysWhatToType) {
  BinaryRun none = RunBinary({});
  EXPECT_EQ(none.status, 2);
  EXPECT_TRUE(Has(none.err, "error: a command is required: run, validate")) << none.err;
  BinaryRun typo = RunBinary({"rnu", "scenarios/"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_TRUE(Has(typo.err, "error: unknown command 'rnu' (did you mean 'run'?)")) << typo.err;
  BinaryRun far = RunBinary({"launch"});
  EXPECT_EQ(far.status, 2);
  EXPECT_TRUE(Has(far.err, "error: unknown command 'launch'; the commands are run,")) << far.err;
}

TEST(CliOptions, AnUnknownOptionIsNamedWithTheNearestOneAndNothingRuns) {
  BinaryRun r = RunBinary({"run", "--jbos", "2", kHello});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(Has(r.err, "error: unknown option '--jbos' for 'run' (did you mean '--jobs'?)"))
      << r.err;
  EXPECT_EQ(r.out, "");
  // An option of the app after the command is known; a misspelt one is still named.
  BinaryRun app_option = RunBinary({"list", "--colour=never", KS_SOURCE_DIR "/scenarios"});
  EXPECT_EQ(app_option.status, 2);
  EXPECT_TRUE(Has(app_option.err, "(did you mean '--color'?)")) << app_option.err;
  // A command's option written before the command: said where it goes.
  BinaryRun early = RunBinary({"--bootstrap-server", "h:1", "list"});
  EXPECT_EQ(early.status, 2);
  EXPECT_TRUE(Has(early.err,
                  "'--bootstrap-server' is an option of 'list': write it after the "
                  "command"))
      << early.err;
  // A word no option is near gets no guess.
  BinaryRun x = RunBinary({"validate", "-X", "acks=all", kHello});
  EXPECT_EQ(x.status, 2);
  EXPECT_TRUE(Has(x.err, "error: unknown option '-X' for 'validate' (kafka-scenario validate"))
      << x.err;
}

TEST(CliOptions, ClientPropertiesFromXAndClientConfigReachEveryClientBeforeTheScenarios) {
  BinaryRun plain = RunBinary({"run", kScenario});
  ASSERT_EQ(plain.status, 0) << plain.out << plain.err;
  // message.max.bytes=1000 refuses small-limit's 2000-byte records; own-limit sets its own.
  BinaryRun x = RunBinary({"run", kScenario, "-X", "message.max.bytes=1000"});
  EXPECT_EQ(x.status, 1) << x.out << x.err;
  EXPECT_TRUE(Has(x.out, "FAIL produced {producer: small-limit}")) << x.out;
  EXPECT_TRUE(Has(x.out, "ok   produced {producer: own-limit}")) << x.out;
  // kcat's joined spelling too.
  EXPECT_EQ(RunBinary({"run", kScenario, "-Xmessage.max.bytes=1000"}).status, 1);
  const fs::path props = fs::temp_directory_path() / "ks_cli_options_test.properties";
  std::ofstream(props) << "# as Kafka's tools read --command-config\nmessage.max.bytes = 1000\n";
  BinaryRun file = RunBinary({"run", "--client-config", props.string(), kScenario});
  EXPECT_EQ(file.status, 1) << file.out << file.err;
  EXPECT_TRUE(Has(file.out, "FAIL produced {producer: small-limit}")) << file.out;
  // -X comes after the file: it wins.
  BinaryRun both = RunBinary(
      {"run", "--client-config", props.string(), "-X", "message.max.bytes=1000000", kScenario});
  EXPECT_EQ(both.status, 0) << both.out << both.err;
  fs::remove(props);
}

TEST(CliOptions, AClientPropertyLibrdkafkaRefusesStopsTheRunBeforeItStarts) {
  BinaryRun r = RunBinary({"run", kScenario, "-X", "acks=sometimes"});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(Has(r.err, "error: -X acks: ")) << r.err;
  EXPECT_EQ(r.out, "");
  // A misspelt credential property: its value is in no output.
  BinaryRun secret = RunBinary({"run", kScenario, "-X", "sasl.pasword=hunter-e2e"});
  EXPECT_EQ(secret.status, 2);
  EXPECT_TRUE(Has(secret.err, "error: -X sasl.pasword: No such configuration property"))
      << secret.err;
  EXPECT_FALSE(Has(secret.out + secret.err, "hunter-e2e"));
  BinaryRun missing = RunBinary({"run", kScenario, "--client-config", "/nonexistent.properties"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(Has(missing.err, "/nonexistent.properties: error: cannot read the file"))
      << missing.err;
}

TEST(CliOptions, AnUnreachableClusterIsAskedOnceWithin10SecondsAndNamed) {
  // Kafka's spelling; three scenarios, each of which would wait 30 s for its own answer.
  const fs::path report = fs::temp_directory_path() / "ks_cli_options_unreachable.json";
  const auto start = std::chrono::steady_clock::now();
  BinaryRun r = RunBinary({"run", "--bootstrap-server", "127.0.0.1:1", "--json", report.string(),
                           kHello, KS_SOURCE_DIR "/scenarios/005-load-balancing.yaml",
                           KS_SOURCE_DIR "/scenarios/014-idempotent-producer.yaml"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.status, 3) << r.out << r.err;
  EXPECT_TRUE(Has(r.err,
                  "error: cannot reach the Kafka cluster at 127.0.0.1:1 within 10 s: "
                  "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed"))
      << r.err;
  // One 10 s probe, said once; not 30 s (or even 10 s) per scenario.
  EXPECT_LT(seconds, 18.0);
  size_t said = 0;
  for (size_t at = r.err.find("cannot reach"); at != std::string::npos;
       at = r.err.find("cannot reach", at + 1)) {
    ++said;
  }
  EXPECT_EQ(said, 1u) << r.err;
  // Every scenario is in the report, as an error, 014 (which requires a capability) too.
  std::ifstream in(report);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  ASSERT_TRUE(j.is_object()) << "no report";
  ASSERT_EQ(j["scenarios"].size(), 3u);
  for (const auto& s : j["scenarios"]) EXPECT_EQ(s["verdict"], "error") << s.dump();
  fs::remove(report);
  // --bootstrap-servers, the older spelling, on list: nothing to run, so exit 3 at once.
  BinaryRun list = RunBinary({"list", "--bootstrap-servers", "127.0.0.1:1", kHello});
  EXPECT_EQ(list.status, 3);
  EXPECT_TRUE(Has(list.err, "cannot reach the Kafka cluster at 127.0.0.1:1")) << list.err;
}

}  // namespace
}  // namespace ks
