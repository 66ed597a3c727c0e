// AtomicFile: readers see the old file or the whole new one; nothing else is ever touched.
#include "diag/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ks {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ks-atomic-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir_);
  }
  static std::string Read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  size_t Entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(dir_), {}));
  }
  fs::path dir_;
};

TEST_F(AtomicFileTest, TheDestinationChangesOnlyAtCommit) {
  const fs::path path = dir_ / "report.json";
  std::ofstream(path) << "old";
  AtomicFile file(path.string(), "cannot write it");
  ASSERT_TRUE(file.Open().ok());
  ASSERT_TRUE(file.Write("new ").ok());
  ASSERT_TRUE(file.Write("content").ok());
  EXPECT_EQ(Read(path), "old");
  EXPECT_EQ(Entries(), 2u);  // the destination and the hidden temporary file
  ASSERT_TRUE(file.Commit().ok());
  EXPECT_EQ(Read(path), "new content");
  EXPECT_EQ(Entries(), 1u);
  const mode_t mask = ::umask(0);  // a file the user creates: 0666 under their umask
  ::umask(mask);
  EXPECT_EQ(static_cast<unsigned>(fs::status(path).permissions() & fs::perms::all),
            0666u & ~static_cast<unsigned>(mask));
}

TEST_F(AtomicFileTest, AbandonedBeforeCommitLeavesEverythingAsItWas) {
  const fs::path path = dir_ / "history.jsonl";
  std::ofstream(path) << "old";
  {
    AtomicFile file(path.string(), "cannot save history");
    ASSERT_TRUE(file.Open().ok());
    ASSERT_TRUE(file.Write("half").ok());
  }
  EXPECT_EQ(Read(path), "old");
  EXPECT_EQ(Entries(), 1u);
}

TEST_F(AtomicFileTest, CreatesMissingFoldersAndRefusesAFolderName) {
  EXPECT_TRUE(WriteFileAtomically((dir_ / "a" / "b" / "out.xml").string(), "x", "w").ok());
  EXPECT_EQ(Read(dir_ / "a" / "b" / "out.xml"), "x");
  const Status not_a_file = WriteFileAtomically((dir_ / "").string(), "x", "cannot write 'x/'");
  EXPECT_EQ(not_a_file.message(), "cannot write 'x/': not a file name");
}

TEST_F(AtomicFileTest, AFolderItCannotWriteIsAnErrorThatSaysWhichStep) {
  if (getuid() == 0) GTEST_SKIP() << "root writes into a read-only folder";
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  const Status refused = WriteFileAtomically((dir_ / "r.json").string(), "x", "cannot write r");
  EXPECT_EQ(refused.message().rfind("cannot write r: cannot create a temporary file ", 0), 0u)
      << refused.message();
}

}  // namespace
}  // namespace ks
