#include "actors/record_identity.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

TEST(RecordIdentity, RoundTrips) {
  std::string v;
  FormatIdentity("order-service", 17, &v);
  EXPECT_EQ(v, "order-service#17");
  std::string_view producer;
  uint64_t seq = 0;
  ASSERT_TRUE(ParseIdentity(v, &producer, &seq));
  EXPECT_EQ(producer, "order-service");
  EXPECT_EQ(seq, 17u);
}

TEST(RecordIdentity, SplitsAtTheLastHash) {
  std::string_view producer;
  uint64_t seq = 0;
  ASSERT_TRUE(ParseIdentity("a#b#18446744073709551615", &producer, &seq));
  EXPECT_EQ(producer, "a#b");
  EXPECT_EQ(seq, 18446744073709551615u);
}

TEST(RecordIdentity, RejectsForeignHeaders) {
  std::string_view producer;
  uint64_t seq = 0;
  for (const char* bad : {"", "#1", "p#", "p", "p#1x", "p#-1", "p# 1"}) {
    EXPECT_FALSE(ParseIdentity(bad, &producer, &seq)) << bad;
  }
}

}  // namespace
}  // namespace ks
