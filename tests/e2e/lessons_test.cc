// Runs every lesson in scenarios/ on the embedded cluster: each must pass, or be skipped exactly
// when the embedded cluster lacks what it `requires` (or its topic steps imply).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/scenario_paths.h"
#include "report/console.h"
#include "run/scenario_runner.h"
#include "scenario/loader.h"
#include "scenario/requirements.h"
#include "support/run_and_judge.h"
#include "target/embedded_target.h"

namespace ks {
namespace {

std::vector<std::string> Lessons() {
  std::vector<std::string> missing;
  return ExpandScenarioPaths({KS_SOURCE_DIR "/scenarios"}, &missing);
}

class LessonTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LessonTest, PassesOnTheEmbeddedCluster) {
  LoadResult loaded = LoadScenarioFile(GetParam());
  ASSERT_TRUE(loaded.scenario) << FormatLoadErrors(loaded);
  EmbeddedTarget target;
  const bool lacks =
      !MissingCapability(RequiredCapabilities(*loaded.scenario), target.capabilities()).empty();
  ScenarioResult r = test_support::RunAndJudge(*loaded.scenario, target);
  EXPECT_EQ(ToString(r.verdict), lacks ? "skip" : "pass") << FormatResult(*loaded.scenario, r);
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(info.param.find_last_of('/') + 1);
  name = name.substr(0, name.find('.'));
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, LessonTest, ::testing::ValuesIn(Lessons()), TestName);

TEST(Lessons, ThereAreLessonsToRun) { EXPECT_GE(Lessons().size(), 3u); }

}  // namespace
}  // namespace ks
