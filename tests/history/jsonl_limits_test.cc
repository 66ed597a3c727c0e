// The history loader's limits (diag/input_limits.h): a line without an end, invalid UTF-8 and a
// file too large to load are refused by line number, without reading them whole.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "history/jsonl.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

const std::string kSample = std::string(KS_SOURCE_DIR) + "/tests/data/history/sample.jsonl";

class JsonlLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("ks-jsonl-limits-" + std::to_string(getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl"))
                .string();
    std::ifstream in(kSample, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    sample_ = text.str();
  }
  void TearDown() override { fs::remove(path_); }

  // The sample's header and first `ops` op lines.
  std::string Head(int ops) const {
    size_t end = 0;
    for (int i = 0; i <= ops; ++i) end = sample_.find('\n', end) + 1;
    return sample_.substr(0, end);
  }

  std::string path_;
  std::string sample_;
};

TEST_F(JsonlLimitsTest, SampleLoads) {
  std::ofstream(path_, std::ios::binary) << sample_;
  EXPECT_TRUE(LoadHistoryJsonl(path_).errors.empty());
}

TEST_F(JsonlLimitsTest, EndlessLineIsRefusedWithoutReadingItWhole) {
  {
    std::ofstream out(path_, std::ios::binary);
    out << Head(2) << "{\"type\": \"";
    const std::string chunk(1 << 20, 'a');
    for (int i = 0; i < 6; ++i) out << chunk;  // 6 MiB, no line break
  }
  const LoadedHistory h = LoadHistoryJsonl(path_);
  ASSERT_EQ(h.errors.size(), 1u);
  EXPECT_EQ(h.errors[0], path_ + ":4: the line is longer than 4 MiB, the limit for a history line");
  EXPECT_FALSE(h.history.has_value());
}

TEST_F(JsonlLimitsTest, LinesAfterALongOneAreStillRead) {
  std::ofstream(path_, std::ios::binary)
      << Head(1) << std::string(5 << 20, ' ') << "\n{\"type\": 7}\n";
  const LoadedHistory h = LoadHistoryJsonl(path_);
  ASSERT_GE(h.errors.size(), 2u);  // line 4's op has several faults
  EXPECT_TRUE(h.errors[0].starts_with(path_ + ":3: the line is longer than 4 MiB"));
  EXPECT_TRUE(h.errors[1].starts_with(path_ + ":4: ")) << h.errors[1];
}

TEST_F(JsonlLimitsTest, InvalidUtf8IsReportedByLineAndColumn) {
  std::ofstream(path_, std::ios::binary)
      << Head(1) << "{\"type\":\"invoke\",\"f\":\"start\",\"actor\":\"a\x85\x85\"}\n";
  const LoadedHistory h = LoadHistoryJsonl(path_);
  ASSERT_EQ(h.errors.size(), 1u);
  EXPECT_EQ(h.errors[0], path_ +
                             ":3:40: invalid UTF-8: byte 0x85 is not part of a valid "
                             "character");
}

TEST_F(JsonlLimitsTest, TooLargeAFileIsRefusedByItsSize) {
  std::ofstream(path_, std::ios::binary) << sample_;
  fs::resize_file(path_, uint64_t{9} << 30);  // sparse: no disk space used
  const LoadedHistory h = LoadHistoryJsonl(path_);
  ASSERT_EQ(h.errors.size(), 1u);
  EXPECT_EQ(h.errors[0],
            path_ + ": the file is 9 GiB, over the limit of 8 GiB for this kind of file");
}

}  // namespace
}  // namespace ks
