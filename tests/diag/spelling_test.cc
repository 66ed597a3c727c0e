#include "diag/spelling.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

const std::vector<std::string> kKeys = {"name", "partitions", "replication_factor", "config"};

TEST(ClosestMatch, FindsTheIntendedKey) {
  EXPECT_EQ(ClosestMatch("partitons", kKeys), "partitions");
  EXPECT_EQ(ClosestMatch("nme", kKeys), "name");
  EXPECT_EQ(ClosestMatch("confg", kKeys), "config");
  EXPECT_EQ(ClosestMatch("replication-factor", kKeys), "replication_factor");
}

TEST(ClosestMatch, IgnoresCase) {
  EXPECT_EQ(ClosestMatch("PARTITIONS", kKeys), "partitions");
  EXPECT_EQ(ClosestMatch("Name", kKeys), "name");
}

TEST(ClosestMatch, NothingBeyondTheMaximumDistance) {
  EXPECT_EQ(ClosestMatch("brokers", kKeys), std::nullopt);
  EXPECT_EQ(ClosestMatch("partitionsxxxx", kKeys), std::nullopt);  // 4 edits
  EXPECT_EQ(ClosestMatch("partitionsxxx", kKeys), "partitions");   // 3 edits
  EXPECT_EQ(ClosestMatch("partitionsx", kKeys, 0), std::nullopt);
  EXPECT_EQ(ClosestMatch("anything", {}), std::nullopt);
}

TEST(ClosestMatch, TiesGoToTheEarliestCandidate) {
  EXPECT_EQ(ClosestMatch("ab", {"xb", "ax"}), "xb");
  EXPECT_EQ(ClosestMatch("ab", {"ax", "xb"}), "ax");
}

TEST(ClosestMatch, ExactMatchIsDistanceZero) {
  EXPECT_EQ(ClosestMatch("config", kKeys, 0), "config");
  EXPECT_EQ(ClosestMatch("", {"a", "bb"}), "a");
}

}  // namespace
}  // namespace ks
