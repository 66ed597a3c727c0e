#include "report/progress_line.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

TEST(ProgressLine, EveryRunningScenarioOnOneLine) {
  const std::string line = FormatProgressLine(
      {{"001 hello", 1200, 950, "wait until billing drained"}, {"003 consumer-groups", 0, 0, ""}},
      200);
  EXPECT_EQ(line,
            "001 hello: 1200 acked, 950 consumed, wait until billing drained | "
            "003 consumer-groups: 0 acked, 0 consumed");
}

TEST(ProgressLine, CutToTheTerminalsWidth) {
  const std::string line = FormatProgressLine({{"001 hello", 1200, 950, "produce from p"}}, 20);
  EXPECT_EQ(line, "001 hello: 1200 a...");
  EXPECT_EQ(line.size(), 20u);
  EXPECT_EQ(FormatProgressLine({}, 80), "");
}

}  // namespace
}  // namespace ks
