// No credential appears in any output: the console, the logs, the JSON and JUnit reports and the
// history. The scenario's title holds the same text as the password it reads from the
// environment, so each output has the text to leak, and must show *** instead.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/cli_runner.h"
#include "support/read_file.h"

namespace ks {
namespace {

using test_support::Cli;
using test_support::CliRun;
using test_support::ReadFile;

constexpr const char* kSecret = "s3cr3t-e2e-value-7";

TEST(SecretRedaction, NoOutputShowsACredential) {
  ::setenv("KS_E2E_SECRET", kSecret, 1);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ks-secret-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  ::testing::internal::CaptureStderr();
  CliRun r = Cli({"-v", "run", KS_SOURCE_DIR "/tests/data/e2e/secret-in-config.yaml", "--json",
                  (dir / "r.json").string(), "--junit", (dir / "r.xml").string(), "--history",
                  (dir / "h.jsonl").string()});
  const std::string log = ::testing::internal::GetCapturedStderr();
  ::unsetenv("KS_E2E_SECRET");
  EXPECT_EQ(r.outcome, Outcome::kCheckFailed) << r.out << r.err;
  const std::string json = ReadFile(dir / "r.json");
  const std::string junit = ReadFile(dir / "r.xml");
  const std::string history = ReadFile(dir / "h.jsonl");
  ASSERT_FALSE(json.empty());
  ASSERT_FALSE(junit.empty());
  ASSERT_FALSE(history.empty());
  for (const auto& [name, text] : {std::pair<const char*, const std::string&>{"stdout", r.out},
                                   {"stderr", r.err},
                                   {"log", log},
                                   {"json", json},
                                   {"junit", junit},
                                   {"history", history}}) {
    EXPECT_EQ(text.find(kSecret), std::string::npos) << name << ":\n" << text.substr(0, 2000);
  }
  // Redacted, not dropped: the title is still there, with the password replaced.
  EXPECT_NE(r.out.find("The password *** never shows"), std::string::npos) << r.out;
  EXPECT_NE(json.find("The password *** never shows"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ks
