// Golden tests for load errors: each tests/data/invalid/<name>.yaml is loaded and its formatted
// diagnostics must equal tests/data/invalid/<name>.expected byte for byte. After a deliberate
// wording change, regenerate with KS_UPDATE_GOLDEN=1 ./scenario_tests and review the diff.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scenario/loader.h"
#include "support/read_file.h"

namespace ks {
namespace {

using test_support::ReadFile;

namespace fs = std::filesystem;

const char kInvalidDir[] = "tests/data/invalid";

std::vector<std::string> InvalidScenarioNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(KS_SOURCE_DIR) / kInvalidDir)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class GoldenErrorsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenErrorsTest, FormattedErrorsMatchExpected) {
  const std::string relative = std::string(kInvalidDir) + "/" + GetParam() + ".yaml";
  const fs::path root(KS_SOURCE_DIR);
  const LoadResult result = LoadScenarioText(ReadFile(root / relative), relative);
  EXPECT_FALSE(result.scenario.has_value()) << "an invalid file loaded";
  const std::string actual = FormatLoadErrors(result);
  const fs::path expected_path = root / kInvalidDir / (GetParam() + ".expected");
  if (std::getenv("KS_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << actual;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path << " is missing; actual output:\n"
                                         << actual;
  EXPECT_EQ(ReadFile(expected_path), actual);
}

INSTANTIATE_TEST_SUITE_P(InvalidScenarios, GoldenErrorsTest,
                         ::testing::ValuesIn(InvalidScenarioNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// The cases every loader change must keep covering: deleting a file would silently drop one.
TEST(GoldenErrorsInventory, RequiredCasesArePresent) {
  const std::vector<std::string> names = InvalidScenarioNames();
  for (const char* required :
       {"misspelt_key", "wrong_type", "unknown_topic", "misspelt_check", "unknown_figure",
        "yaml_syntax", "bad_duration", "bad_template", "duplicate_names", "three_at_once",
        "steps_shape", "steps_references", "steps_faults"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
}

}  // namespace
}  // namespace ks
