// Bad input through the command line: each reproducer is refused with exit 2 and file:line:col,
// never a crash, a hang or unbounded memory; and outputs that cannot be written stop `run`
// before anything runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/cli_runner.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using test_support::Cli;
using test_support::CliRun;

const std::string kHello = std::string(KS_SOURCE_DIR) + "/scenarios/001-hello.yaml";

class InputLimitsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ks-cli-limits-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  fs::path dir_;
};

TEST_F(InputLimitsCli, ValidateRefusesEachReproducerWithItsLocation) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
    bomb += "]\n";
  }
  const struct {
    std::string name, text, location;
  } cases[] = {
      {"utf8.yaml", "name: x\ntitle: \"a" + std::string(1 << 20, '\x85') + "\"\n", ":2:10: "},
      {"long-name.yaml", "name: " + std::string(30000, 'a') + "\n", ":1:7: "},
      {"bomb.yaml", bomb, ":5:36: "},
      {"tag.yaml", "name: !!python/object:os.system x\n", ":1:7: "},
      {"deep.yaml", "a: " + std::string(5000, '[') + std::string(5000, ']') + "\n", ":1:67: "},
  };
  for (const auto& c : cases) {
    const std::string path = Write(c.name, c.text);
    const CliRun r = Cli({"validate", path});
    EXPECT_EQ(r.outcome, Outcome::kInvalidInput) << c.name;
    EXPECT_NE(r.err.find(path + c.location + "error: "), std::string::npos) << c.name << ":\n"
                                                                            << r.err.substr(0, 500);
  }
}

TEST_F(InputLimitsCli, ValidateRefusesPartitionsTheClusterCannotServe) {
  std::ifstream in(kHello);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t at = text.find("partitions: 3");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 13, "partitions: 100000");
  const std::string path = Write("partitions.yaml", text);
  const CliRun r = Cli({"validate", path});
  EXPECT_EQ(r.outcome, Outcome::kInvalidInput);
  EXPECT_NE(r.err.find("100,000 partitions, over the limit of 10,000 for a scenario"),
            std::string::npos)
      << r.err;
}

TEST_F(InputLimitsCli, RunChecksItsOutputsBeforeRunning) {
  // A regular file where a folder should be: nothing can be created under it, even as root
  // (a read-only folder or a full disk give the same early error).
  const std::string file = Write("not-a-folder", "x");
  const CliRun junit = Cli({"run", kHello, "--junit", file + "/report.xml"});
  EXPECT_EQ(junit.outcome, Outcome::kInvalidInput);
  EXPECT_NE(junit.err.find("--junit " + file + "/report.xml: " + file + " is not a folder"),
            std::string::npos)
      << junit.err;
  EXPECT_EQ(junit.out.find("passed"), std::string::npos) << "ran before checking:\n" << junit.out;

  const CliRun json = Cli({"run", kHello, "--json", file + "/deeper/report.json"});
  EXPECT_EQ(json.outcome, Outcome::kInvalidInput);
  EXPECT_NE(json.err.find("--json "), std::string::npos) << json.err;

  const CliRun history = Cli({"run", kHello, "--history", file + "/histories/"});
  EXPECT_EQ(history.outcome, Outcome::kInvalidInput);
  EXPECT_NE(history.err.find("--history " + file + "/histories/: " + file + " is not a folder"),
            std::string::npos)
      << history.err;

  const CliRun folder = Cli({"run", kHello, "--junit", dir_.string()});
  EXPECT_EQ(folder.outcome, Outcome::kInvalidInput);
  EXPECT_NE(folder.err.find("is a folder"), std::string::npos) << folder.err;
}

}  // namespace
}  // namespace ks
