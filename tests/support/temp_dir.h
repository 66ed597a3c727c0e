#pragma once

// A folder of its own for each test, removed afterwards: tests may run in parallel (ctest -j).

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <utility>

namespace ks::test_support {

/// A test fixture with an empty folder under the system's temporary folder, named
/// `prefix`-<pid>-<counter>-<clock>, created before each test and removed with its contents
/// after it.
class TempDirTest : public ::testing::Test {
 protected:
  explicit TempDirTest(std::string prefix = "ks-test") : prefix_(std::move(prefix)) {}

  void SetUp() override {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  /// `name` inside the test's folder.
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::filesystem::path dir_;

 private:
  std::string prefix_;
};

}  // namespace ks::test_support
