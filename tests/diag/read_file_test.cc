#include "diag/read_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ks {
namespace {

namespace fs = std::filesystem;

TEST(ReadWholeFile, ReadsAFileWithinTheLimit) {
  const fs::path path = fs::temp_directory_path() / ("ks-read-" + std::to_string(getpid()));
  std::ofstream(path) << "name: x\n";
  std::string text, error;
  EXPECT_TRUE(ReadWholeFile(path.string(), &text, &error, 8));
  EXPECT_EQ(text, "name: x\n");
  EXPECT_FALSE(ReadWholeFile(path.string(), &text, &error, 7));
  EXPECT_EQ(error, "the file is 8 bytes, over the limit of 7 bytes for this kind of file");
  fs::remove(path);
}

TEST(ReadWholeFile, RefusesALargeFileByItsSizeWithoutReadingIt) {
  // Sparse: 100 GiB that takes no disk space; reading it would take minutes and all memory.
  const fs::path path = fs::temp_directory_path() / ("ks-sparse-" + std::to_string(getpid()));
  std::ofstream(path).close();
  fs::resize_file(path, uint64_t{100} << 30);
  std::string text, error;
  EXPECT_FALSE(ReadWholeFile(path.string(), &text, &error, 4 << 20));
  EXPECT_EQ(error, "the file is 100 GiB, over the limit of 4 MiB for this kind of file");
  EXPECT_TRUE(text.empty());
  fs::remove(path);
}

TEST(ReadWholeFile, StopsAnEndlessFileAtTheLimit) {
  std::string text, error;
  EXPECT_FALSE(ReadWholeFile("/dev/zero", &text, &error, 1 << 20));
  EXPECT_EQ(error, "the file holds more than the limit of 1 MiB for this kind of file");
}

TEST(ReadWholeFile, SaysWhyAMissingFileCannotBeRead) {
  std::string text, error;
  EXPECT_FALSE(ReadWholeFile("/nonexistent/ks.yaml", &text, &error, 100));
  EXPECT_EQ(error, "cannot read the file: No such file or directory");
}

}  // namespace
}  // namespace ks
