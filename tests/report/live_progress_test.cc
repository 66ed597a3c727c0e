#include "report/live_progress.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>

namespace ks {
namespace {

TEST(LiveProgressLine, ElsewhereOnlyWhatIsPrintedAppears) {
  std::ostringstream out;
  std::atomic<int> snapshots{0};
  {
    LiveProgressLine live(out, false, [&] {
      ++snapshots;
      return std::vector<ProgressEntry>{};
    });
    live.Print("PASS  hello\n\n");
    live.Stop();
  }
  EXPECT_EQ(out.str(), "PASS  hello\n\n");
  EXPECT_EQ(snapshots.load(), 0);
}

TEST(LiveProgressLine, OnATerminalTheLineIsRewrittenAndClearedAroundResults) {
  std::ostringstream out;
  std::atomic<int> snapshots{0};
  LiveProgressLine live(out, true, [&] {
    ++snapshots;
    return std::vector<ProgressEntry>{{"001 hello", 5, 3, "produce from p"}};
  });
  while (snapshots.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  live.Print("PASS  hello\n\n");
  live.Stop();
  live.Stop();  // only the first call clears the line
  const std::string text = out.str();
  EXPECT_EQ(text.rfind("\r\033[K001 hello: 5 acked, 3 consumed, produce from p", 0), 0u) << text;
  // The line may come back below the result before Stop() (a slow machine), then is cleared.
  EXPECT_NE(text.find("\r\033[KPASS  hello\n\n"), std::string::npos) << text;
  const std::string clear = "\r\033[K";
  ASSERT_GE(text.size(), clear.size());
  EXPECT_EQ(text.substr(text.size() - clear.size()), clear) << text;
  EXPECT_NE(text.substr(text.size() - 2 * clear.size()), clear + clear) << text;
}

}  // namespace
}  // namespace ks
