// CheckOutputPaths: outputs that can be written pass, whatever folders are still to be made.
#include "cli/outputs.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ks {
namespace {

namespace fs = std::filesystem;

// Runs each test in a new, empty working folder: the README's `--json out/report.json` is
// relative to it.
class OutputPathsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_ = fs::current_path();
    dir_ = fs::temp_directory_path() /
           ("ks-outputs-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(old_);
    fs::remove_all(dir_);
  }
  fs::path old_, dir_;
};

TEST_F(OutputPathsTest, RelativeFoldersThatDoNotExistYetAreFine) {
  // As in the README: none of out/ exists before the run makes it.
  EXPECT_EQ(CheckOutputPaths({"out/", "out/report.xml", "out/report.json"}, 3), std::nullopt);
  EXPECT_EQ(CheckOutputPaths({"out/a/b/one.history.jsonl", "report.xml", "x/y/report.json"}, 1),
            std::nullopt);
  EXPECT_FALSE(fs::exists("out")) << "the check made a folder";
  // Nothing is left behind by the probe.
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(OutputPathsTest, AnExistingFileIsKeptAsItWas) {
  { std::ofstream("report.json") << "the user's"; }
  EXPECT_EQ(CheckOutputPaths({"", "", "report.json"}, 1), std::nullopt);
  std::ifstream in("report.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "the user's");
}

TEST_F(OutputPathsTest, AFileWhereAFolderShouldBeIsRefused) {
  { std::ofstream("out") << "x"; }
  const auto problem = CheckOutputPaths({"", "out/report.xml", ""}, 1);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(*problem, "--junit out/report.xml: out is not a folder");
}

TEST_F(OutputPathsTest, AnOutputThatIsAnInputIsRefused) {
  fs::create_directories("data");
  { std::ofstream("data/run.history.jsonl") << "the user's history"; }
  OutputPaths paths;
  paths.html = "./data/../data/run.history.jsonl";  // the same file under another name
  const auto problem = CheckOutputsSpareInputs(paths, {"scenario.yaml", "data/run.history.jsonl"});
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(*problem,
            "--html ./data/../data/run.history.jsonl: that is an input of this command, which "
            "writing would destroy; give another file");
  paths.html = "data/page.html";  // does not exist yet: nobody's input
  EXPECT_EQ(CheckOutputsSpareInputs(paths, {"data/run.history.jsonl"}), std::nullopt);
}

}  // namespace
}  // namespace ks
