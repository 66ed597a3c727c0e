// Record identities carried in values, for the clients that print no headers: a process
// producer's batch writes "<prefix>.<n>", a librdkafka producer read by a process group writes
// its identity header's text at the start of the value.
#include "actors/value_identity.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "actors/record_identity.h"

namespace ks {
namespace {

constexpr std::string_view kRun = "18c2f9a1b2c3d7f0a-0";

// The producer and sequence number a value resolves to, as "producer seq"; "" when it does not.
std::string Resolved(const ValueIdentities& ids, std::string_view value, const History& tables) {
  uint32_t producer = 12345;
  uint64_t seq = 12345;
  if (!ids.Resolve(value, tables, &producer, &seq)) return "";
  return std::to_string(producer) + " " + std::to_string(seq);
}

TEST(ValueIdentities, PrefixesArePositiveDistinctAndDrawnFromTheRunId) {
  ValueIdentities ids{std::string(kRun)};
  EXPECT_FALSE(ids.any());
  std::set<int32_t> seen;
  for (int i = 0; i < 2000; ++i) {
    const int32_t prefix =
        ids.AddBatch(static_cast<uint32_t>(i % 3), static_cast<uint64_t>(i), 1000);
    EXPECT_GT(prefix, 0);
    EXPECT_TRUE(seen.insert(prefix).second) << "prefix " << prefix << " given twice";
  }
  EXPECT_TRUE(ids.any());

  // Another run (the next scenario of the invocation, or a later invocation on the same topics)
  // gets other prefixes, so that an earlier run's records do not pass for this run's.
  ValueIdentities next{"18c2f9a1b2c3d7f0a-1"};
  ValueIdentities same{std::string(kRun)};
  int shared = 0;
  for (int i = 0; i < 100; ++i) {
    const int32_t prefix = next.AddBatch(0, 0, 1000);
    if (seen.contains(prefix)) ++shared;
    // The same run id draws the same prefixes: they come from the run id, not from chance.
    EXPECT_TRUE(seen.contains(same.AddBatch(0, 0, 1000)));
  }
  // 100 draws from 2^31 values that all fell among this run's 2000 would be no hash at all.
  EXPECT_LT(shared, 3);
}

TEST(ValueIdentities, APrefixedValueIsItsBatchsBasePlusN) {
  ValueIdentities ids{std::string(kRun)};
  const History tables;
  const int32_t first = ids.AddBatch(2, 0, 1000);
  const int32_t second = ids.AddBatch(2, 1000, 1000);
  const int32_t other = ids.AddBatch(5, 40, 1000);
  const std::string p1 = std::to_string(first), p2 = std::to_string(second);
  const std::string p3 = std::to_string(other);
  EXPECT_EQ(Resolved(ids, p1 + ".0", tables), "2 0");
  EXPECT_EQ(Resolved(ids, p1 + ".999", tables), "2 999");
  EXPECT_EQ(Resolved(ids, p2 + ".0", tables), "2 1000");
  EXPECT_EQ(Resolved(ids, p2 + ".17", tables), "2 1017");
  EXPECT_EQ(Resolved(ids, p3 + ".3", tables), "5 43");
}

// A batch of 1000 has records 0..999: "<prefix>.1000" would be the next batch's record (or one
// never sent), and "%d" never writes a leading zero, so "<prefix>.017" is no record of it.
TEST(ValueIdentities, APrefixedValueOutsideItsBatchOrNotAsPrintedIsNoRecord) {
  ValueIdentities ids{std::string(kRun)};
  const History tables;
  const std::string p = std::to_string(ids.AddBatch(2, 0, 1000));
  EXPECT_EQ(Resolved(ids, p + ".999", tables), "2 999");
  EXPECT_EQ(Resolved(ids, p + ".1000", tables), "");
  EXPECT_EQ(Resolved(ids, p + ".017", tables), "");
  EXPECT_EQ(Resolved(ids, "0" + p + ".17", tables), "");
  EXPECT_EQ(Resolved(ids, p + ".18446744073709551615", tables), "");
}

TEST(ValueIdentities, AnUnknownPrefixOrAnyOtherValueResolvesToNothing) {
  ValueIdentities ids{std::string(kRun)};
  History tables;
  tables.producers.Intern("p");
  const int32_t prefix = ids.AddBatch(0, 0, 1000);
  const std::string p = std::to_string(prefix);
  // A prefix of no batch of this run: another run's, or none at all.
  ValueIdentities earlier{"18c2f9a1b2c3d7f0a-7"};
  const int32_t foreign = earlier.AddBatch(0, 0, 1000);
  ASSERT_NE(foreign, prefix);
  EXPECT_EQ(Resolved(ids, std::to_string(foreign) + ".0", tables), "");
  EXPECT_EQ(Resolved(ids, "0.0", tables), "");
  for (const std::string& junk :
       std::vector<std::string>{std::string(""),
                                std::string("abc"),
                                std::string("."),
                                p,
                                p + ".",
                                "." + p,
                                p + ".1.2",
                                "1.2.3",
                                "-1.2",
                                p + ".-1",
                                p + ".+1",
                                "+" + p + ".1",
                                " " + p + ".1",
                                p + ".1 ",
                                p + ".1x",
                                p + "x.1",
                                p + ".99999999999999999999",
                                "4294967296.0" /* 2^32 */,
                                "2147483648.0" /* above int32 */,
                                std::to_string(prefix + 4294967296ll) + ".0",
                                "0x1.2",
                                "p#1",
                                "p#1@" + std::string(kRun) + "x"}) {
    EXPECT_EQ(Resolved(ids, junk, tables), "") << "'" << junk << "'";
  }
}

TEST(ValueIdentities, AValueStartingWithThisRunsIdentityResolvesToItsProducer) {
  ValueIdentities ids{std::string(kRun)};
  History tables;
  tables.producers.Intern("first");
  tables.producers.Intern("order.service");  // a '.' in the name is not a prefix's
  tables.producers.Intern("enrich/0");
  std::string identity, value;
  FormatIdentity("order.service", 17, kRun, &identity);
  IdentityValue(identity, 100, &value);
  EXPECT_EQ(Resolved(ids, value, tables), "1 17");
  // The identity alone (a value_size smaller than it) resolves too.
  EXPECT_EQ(Resolved(ids, identity, tables), "1 17");
  FormatIdentity("enrich/0", 3, kRun, &identity);
  IdentityValue(identity, 0, &value);
  EXPECT_EQ(Resolved(ids, value, tables), "2 3");

  // A producer the tables do not know, another run's identity, one without a run id: foreign.
  FormatIdentity("stranger", 1, kRun, &identity);
  IdentityValue(identity, 40, &value);
  EXPECT_EQ(Resolved(ids, value, tables), "");
  FormatIdentity("first", 1, "18c2f9a1b2c3d7f0a-1", &identity);
  IdentityValue(identity, 40, &value);
  EXPECT_EQ(Resolved(ids, value, tables), "");
  EXPECT_EQ(Resolved(ids, "first#1 ....", tables), "");
  // The identity must be the value's first word.
  FormatIdentity("first", 1, kRun, &identity);
  EXPECT_EQ(Resolved(ids, "x " + identity, tables), "");
  EXPECT_EQ(Resolved(ids, identity + " trailing words", tables), "0 1");
}

TEST(IdentityValue, PadsTheIdentityToTheValueSize) {
  std::string out = "previous contents";
  IdentityValue("p#1@r", 12, &out);
  EXPECT_EQ(out, "p#1@r ......");
  EXPECT_EQ(out.size(), 12u);
  IdentityValue("p#1@r", 6, &out);  // room for the blank only
  EXPECT_EQ(out, "p#1@r ");
  IdentityValue("p#1@r", 5, &out);  // exactly the identity
  EXPECT_EQ(out, "p#1@r");
}

TEST(IdentityValue, KeepsALongerIdentityWhole) {
  std::string out;
  IdentityValue("order-service#123456@18c2f9a1b2c3d7f0a-0", 10, &out);
  EXPECT_EQ(out, "order-service#123456@18c2f9a1b2c3d7f0a-0");
  IdentityValue("p#1@r", 0, &out);
  EXPECT_EQ(out, "p#1@r");
  IdentityValue("p#1@r", -1, &out);
  EXPECT_EQ(out, "p#1@r");
}

}  // namespace
}  // namespace ks
