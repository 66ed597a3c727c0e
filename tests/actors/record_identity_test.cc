#include "actors/record_identity.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

constexpr std::string_view kRun = "18c2f9a1b2c3d7f0a-0";

TEST(RecordIdentity, RoundTrips) {
  std::string v;
  FormatIdentity("order-service", 17, kRun, &v);
  EXPECT_EQ(v, "order-service#17@18c2f9a1b2c3d7f0a-0");
  std::string_view producer;
  uint64_t seq = 0;
  ASSERT_TRUE(ParseIdentity(v, kRun, &producer, &seq));
  EXPECT_EQ(producer, "order-service");
  EXPECT_EQ(seq, 17u);
}

TEST(RecordIdentity, SplitsAtTheLastHash) {
  std::string_view producer;
  uint64_t seq = 0;
  ASSERT_TRUE(ParseIdentity("a#b#4294967295@r-1", "r-1", &producer, &seq));
  EXPECT_EQ(producer, "a#b");
  EXPECT_EQ(seq, 4294967295u);
  // Beyond what an op holds (kMaxOpSeq): no run sends that many, so not this run's record.
  EXPECT_FALSE(ParseIdentity("a#b#4294967296@r-1", "r-1", &producer, &seq));
  // A processor member's name holds a '/'.
  ASSERT_TRUE(ParseIdentity("enrich/0#3@r-1", "r-1", &producer, &seq));
  EXPECT_EQ(producer, "enrich/0");
  EXPECT_EQ(seq, 3u);
}

// The same "<producer>#<seq>" written by another run (a topic used again with --existing-topics)
// must not pass for this run's record: that was issue 12's false duplicates.
TEST(RecordIdentity, AnotherRunsValueIsNotThisRuns) {
  std::string earlier;
  FormatIdentity("order-service", 17, "18c2f9a1b2c3d7f0a-0", &earlier);
  std::string_view producer;
  uint64_t seq = 0;
  EXPECT_FALSE(ParseIdentity(earlier, "18c2f9a1b2c3e0042-0", &producer, &seq));
  // The next scenario of the same invocation is another run too.
  EXPECT_FALSE(ParseIdentity(earlier, "18c2f9a1b2c3d7f0a-1", &producer, &seq));
  // A run id that is a prefix or a suffix of this one is another run.
  EXPECT_FALSE(ParseIdentity(earlier, "18c2f9a1b2c3d7f0a-", &producer, &seq));
  EXPECT_FALSE(ParseIdentity(earlier, "8c2f9a1b2c3d7f0a-0", &producer, &seq));
  EXPECT_FALSE(ParseIdentity(earlier, "18c2f9a1b2c3d7f0a-00", &producer, &seq));
  // Versions before run ids wrote "<producer>#<seq>" alone.
  EXPECT_FALSE(ParseIdentity("order-service#17", kRun, &producer, &seq));
  EXPECT_TRUE(ParseIdentity(earlier, "18c2f9a1b2c3d7f0a-0", &producer, &seq));
}

TEST(RecordIdentity, RejectsMalformedValues) {
  std::string_view producer;
  uint64_t seq = 0;
  for (std::string_view bad :
       {"", "@18c2f9a1b2c3d7f0a-0", "#1@18c2f9a1b2c3d7f0a-0", "p#@18c2f9a1b2c3d7f0a-0",
        "p@18c2f9a1b2c3d7f0a-0", "p#1x@18c2f9a1b2c3d7f0a-0", "p#-1@18c2f9a1b2c3d7f0a-0",
        "p# 1@18c2f9a1b2c3d7f0a-0", "p#18446744073709551616@18c2f9a1b2c3d7f0a-0",
        "p#1@18c2f9a1b2c3d7f0a-0 ", "p#1 @18c2f9a1b2c3d7f0a-0"}) {
    EXPECT_FALSE(ParseIdentity(bad, kRun, &producer, &seq)) << bad;
  }
}

}  // namespace
}  // namespace ks
