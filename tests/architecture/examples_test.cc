// The CI example and the docker-compose cluster are for users to copy: the example runs nowhere
// in this repository, shows its JUnit reports as tests, and the cluster is reachable from this
// machine only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "support/read_file.h"

namespace {

using ks::test_support::ReadFile;

namespace fs = std::filesystem;

TEST(Examples, NoWorkflowOfThisRepositoryRunsOnEveryPush) {
  const fs::path workflows = fs::path(KS_SOURCE_DIR) / ".github" / "workflows";
  if (!fs::exists(workflows)) return;  // none at all: nothing runs
  for (const auto& f : fs::directory_iterator(workflows)) {
    const std::string text = ReadFile(f.path());
    EXPECT_FALSE(std::regex_search(text, std::regex(R"(\n\s*(push|pull_request)\s*:)")))
        << f.path() << " runs on push or pull_request; examples belong in docs/examples/";
  }
}

TEST(Examples, TheWorkflowExampleShowsEveryJUnitReportItWritesInTheChecksView) {
  const std::string text =
      ReadFile(fs::path(KS_SOURCE_DIR) / "docs/examples/github-actions-lessons-on-kafka.yml");
  ASSERT_FALSE(text.empty());
  std::smatch reporter;
  ASSERT_TRUE(std::regex_search(text, reporter,
                                std::regex(R"(uses: mikepenz/action-junit-report@v\d+\s+)"
                                           R"((?:if: .*\s+)?with:\s+report_paths: (\S+))")))
      << "no test-report step";
  // report_paths is a glob of the form out/report*.xml: every --junit file must match it.
  const std::string glob = reporter[1];
  const size_t star = glob.find('*');
  ASSERT_NE(star, std::string::npos) << glob;
  const std::regex junit(R"(--junit (\S+))");
  int reports = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), junit);
       it != std::sregex_iterator(); ++it, ++reports) {
    const std::string file = (*it)[1];
    EXPECT_TRUE(file.starts_with(glob.substr(0, star)) && file.ends_with(glob.substr(star + 1)))
        << file << " is not shown: it does not match " << glob;
  }
  EXPECT_GE(reports, 2);
  // A check run needs the token's permission to write one.
  EXPECT_NE(text.find("checks: write"), std::string::npos);
}

TEST(Examples, TheComposeClusterPublishesItsPortsOnLoopbackOnly) {
  const std::string text = ReadFile(fs::path(KS_SOURCE_DIR) / "docker-compose.yml");
  ASSERT_FALSE(text.empty());
  const std::regex mapping(R"re(\n\s+- "([^"]*:\d+)")re");
  int ports = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), mapping);
       it != std::sregex_iterator(); ++it, ++ports) {
    EXPECT_TRUE((*it)[1].str().starts_with("127.0.0.1:")) << (*it)[1];
  }
  EXPECT_EQ(ports, 6);  // two listeners on each of three brokers
}

}  // namespace
