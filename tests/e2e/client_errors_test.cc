// End to end on the embedded cluster: clients whose SASL login cannot work (the embedded cluster
// has no SASL) get only timed-out deliveries, and the run says why through librdkafka's error
// callback: on the console and in the JSON report, without changing the verdict.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "support/cli_runner.h"

namespace ks {
namespace {

using test_support::Cli;
using test_support::CliRun;

TEST(ClientErrorsEndToEnd, AFailedSaslLoginIsNamedOnTheConsoleAndInTheReport) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ks-client-errors-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path json_path = dir / "r.json";
  CliRun r = Cli(
      {"run", KS_SOURCE_DIR "/tests/data/e2e/client-errors.yaml", "--json", json_path.string()});
  // Client errors are not problems: the checks, which expect impostor's records to fail, decide.
  EXPECT_EQ(r.outcome, Outcome::kOk) << r.out << r.err;
  EXPECT_NE(r.out.find("      impostor: client error _AUTHENTICATION (x"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("      locked-out/0: client error _AUTHENTICATION (x"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("SASL Handshake not supported by broker (required by mechanism PLAIN)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("trusted: client error"), std::string::npos) << r.out;

  std::ifstream in(json_path);
  std::stringstream text;
  text << in.rdbuf();
  std::filesystem::remove_all(dir);
  const nlohmann::json report = nlohmann::json::parse(text.str());
  std::set<std::string> seen;  // "actor error"
  for (const auto& e : report["scenarios"][0]["client_errors"]) {
    seen.insert(e["actor"].get<std::string>() + " " + e["error"].get<std::string>());
    EXPECT_GE(e["count"].get<int>(), 1);
    EXPECT_EQ(e["reason"].get<std::string>().find("(after "), std::string::npos) << e;
  }
  EXPECT_TRUE(seen.contains("impostor _AUTHENTICATION")) << text.str();
  EXPECT_TRUE(seen.contains("locked-out/0 _AUTHENTICATION")) << text.str();
  for (const std::string& s : seen) EXPECT_FALSE(s.starts_with("trusted ")) << s;
}

}  // namespace
}  // namespace ks
