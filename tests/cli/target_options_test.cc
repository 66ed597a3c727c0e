// -X and --client-config: client properties for every client, in Kafka's tools' and kcat's
// spellings, checked before anything runs, after the target file's and before the scenario's.
#include "cli/target_options.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "diag/secrets.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

// Writes `text` to a fresh file under the test's temporary folder; returns its path.
std::string WriteFile(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "ks_target_options_test";
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return (dir / name).string();
}

std::vector<std::string> Pairs(const std::vector<ConfigEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.key + "=" + e.value);
  return out;
}

TEST(TargetOptions, TargetFileThenClientConfigThenXInTheOrderGiven) {
  const std::string target = WriteFile("t.yaml",
                                       "bootstrap_servers: h:9092\n"
                                       "client: {security.protocol: SASL_SSL, acks: all}\n");
  const std::string props = WriteFile("c.properties", "acks=1\nlinger.ms: 5\n");
  TargetArgs args{"", target, props, {"linger.ms=20", "compression.type=zstd"}};
  ExternalOptions o;
  std::ostringstream err;
  ASSERT_TRUE(LoadExternalOptions(args, &o, err)) << err.str();
  EXPECT_EQ(o.bootstrap_servers, "h:9092");
  // Set in this order, the later wins: -X over --client-config over the target file.
  EXPECT_EQ(Pairs(o.client),
            (std::vector<std::string>{"security.protocol=SASL_SSL", "acks=all", "acks=1",
                                      "linger.ms=5", "linger.ms=20", "compression.type=zstd"}));
  EXPECT_EQ(o.client[2].loc.ToString(), props + ":1:1");
}

TEST(TargetOptions, WithoutServersOnlyTheCommandLinesPropertiesForTheEmbeddedCluster) {
  ExternalOptions o;
  std::ostringstream err;
  ASSERT_TRUE(LoadExternalOptions({"", "", "", {"acks=0"}}, &o, err)) << err.str();
  EXPECT_EQ(o.bootstrap_servers, "");
  EXPECT_EQ(Pairs(o.client), (std::vector<std::string>{"acks=0"}));
}

TEST(TargetOptions, AnXWithoutAnEqualsSignOrWithAnUnknownPropertyIsRefusedByName) {
  std::vector<ConfigEntry> out;
  std::ostringstream err;
  EXPECT_FALSE(LoadClientProperties({"", "", "", {"acks"}}, &out, err));
  EXPECT_NE(err.str().find("-X takes prop=value"), std::string::npos) << err.str();
  err.str("");
  EXPECT_FALSE(LoadClientProperties({"", "", "", {"sasl.jaas.config=x"}}, &out, err));
  // librdkafka says what to use instead of a Java client's property.
  EXPECT_NE(err.str().find("JAAS configuration is not supported"), std::string::npos) << err.str();
  err.str("");
  EXPECT_FALSE(LoadClientProperties({"", "", "", {"no.such.property=1"}}, &out, err));
  EXPECT_NE(err.str().find("No such configuration property"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("CONFIGURATION.md"), std::string::npos) << err.str();
  err.str("");
  EXPECT_FALSE(LoadClientProperties({"", "", "", {"acks=sometimes"}}, &out, err));
  EXPECT_NE(err.str().find("-X acks: "), std::string::npos) << err.str();
  err.str("");
  // The cluster is chosen by its own options: a property would be overridden silently.
  EXPECT_FALSE(LoadClientProperties({"", "", "", {"bootstrap.servers=h:1"}}, &out, err));
  EXPECT_NE(err.str().find("--bootstrap-server"), std::string::npos) << err.str();
}

TEST(TargetOptions, AClientConfigFileIsCheckedLineByLine) {
  const std::string props = WriteFile("bad.properties",
                                      "# Kafka's client.properties\n"
                                      "acks=all\n"
                                      "ssl.truststore.location=/etc/kafka/truststore.jks\n");
  std::vector<ConfigEntry> out;
  std::ostringstream err;
  EXPECT_FALSE(LoadClientProperties({"", "", props, {}}, &out, err));
  EXPECT_NE(err.str().find(props + ":3:1: error: Java TrustStores are not supported, use "
                                   "`ssl.ca.location`"),
            std::string::npos)
      << err.str();
  err.str("");
  EXPECT_FALSE(LoadClientProperties({"", "", "/nonexistent/c.properties", {}}, &out, err));
  EXPECT_NE(err.str().find("/nonexistent/c.properties: error: cannot read the file"),
            std::string::npos)
      << err.str();
}

TEST(TargetOptions, CredentialsGivenOnTheCommandLineAreRedacted) {
  const std::string props = WriteFile("secret.properties", "sasl.password=file-secret-1\n");
  std::vector<ConfigEntry> out;
  std::ostringstream err;
  ASSERT_TRUE(LoadClientProperties({"", "", props, {"sasl.password=x-secret-2"}}, &out, err));
  EXPECT_EQ(Redact("a file-secret-1 and x-secret-2"), "a *** and ***");
}

TEST(TargetOptions, ErrorsNeverShowAValueThatMayBeACredential) {
  // Keys that are not credential names (misspelt), or no key at all: nothing is registered as a
  // secret, so the errors must not echo the values.
  const std::vector<std::vector<std::string>> refused = {
      {"sasl.pasword=hunter-x1"}, {"sasl.password:hunter-x1"}, {"=hunter-x1"}};
  for (const auto& x : refused) {
    std::vector<ConfigEntry> out;
    std::ostringstream err;
    EXPECT_FALSE(LoadClientProperties({"", "", "", x}, &out, err)) << x[0];
    EXPECT_NE(err.str(), "");
    EXPECT_EQ(err.str().find("hunter-x1"), std::string::npos) << err.str();
  }
  // In a file: a misspelt key, and a malformed escape inside a password (the entry is never
  // read, so its value is never registered).
  const std::string props = WriteFile("leaky.properties",
                                      "sasl.pasword=hunter-f1\n"
                                      "sasl.password=abc\\uhunter-f2\n");
  std::vector<ConfigEntry> out;
  std::ostringstream err;
  EXPECT_FALSE(LoadClientProperties({"", "", props, {}}, &out, err));
  EXPECT_NE(err.str().find(props + ":1:1: error: No such configuration property: "
                                   "\"sasl.pasword\""),
            std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find(props + ":2:"), std::string::npos) << err.str();
  EXPECT_EQ(err.str().find("hunter-f"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace ks
