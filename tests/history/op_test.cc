#include "history/op.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ks {
namespace {

std::vector<std::string> KindNames() {
  std::vector<std::string> names;
  for (OpKind k : kAllOpKinds) names.emplace_back(ToString(k));
  return names;
}

// kAllOpKinds is every value the enum names: a kind added to OpKind (and so to ToString, which
// -Wswitch makes complete) but not to the list fails here.
TEST(OpTest, AllOpKindsListsEveryKindOnce) {
  for (int i = 0; i <= 255; ++i) {
    const auto k = static_cast<OpKind>(i);
    const bool listed = std::find(kAllOpKinds.begin(), kAllOpKinds.end(), k) != kAllOpKinds.end();
    EXPECT_EQ(listed, ToString(k) != "?") << "OpKind " << i << " (" << ToString(k) << ")";
  }
  std::vector<std::string> names = KindNames();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
}

// The history schema documents the "f" a history can hold: exactly the C++ kinds, in order.
TEST(OpTest, HistorySchemaListsTheOpKinds) {
  std::ifstream in(std::string(KS_SOURCE_DIR) + "/schemas/history.schema.json");
  const nlohmann::json schema = nlohmann::json::parse(in);
  EXPECT_EQ(schema["definitions"]["op"]["properties"]["f"]["enum"].get<std::vector<std::string>>(),
            KindNames());
}

// An op's ids are 16 bits wide but read back every id a history may hold, and kNoId.
TEST(OpTest, AnOpsIdsHoldEveryIdBelowTheLimitAndNoId) {
  Op op;
  EXPECT_EQ(op.topic, kNoId);
  EXPECT_EQ(op.actor, kNoId);
  EXPECT_EQ(op.producer, kNoId);
  EXPECT_FALSE(op.has_record());
  for (uint32_t id : {0u, 1u, 255u, 256u, limits::kMaxHistoryIds - 1, kNoId}) {
    op.topic = id;
    op.actor = id;
    op.producer = id;
    EXPECT_EQ(static_cast<uint32_t>(op.topic), id);
    EXPECT_EQ(static_cast<uint32_t>(op.actor), id);
    EXPECT_EQ(static_cast<uint32_t>(op.producer), id);
  }
  const OpId copy = op.topic;
  EXPECT_EQ(copy, kNoId);
}

// The defaults an op starts with, through the narrow fields.
TEST(OpTest, ANewOpHasNoOffsetPartitionOrGeneration) {
  const Op op;
  EXPECT_EQ(op.time_us, 0);
  EXPECT_EQ(op.offset, -1);
  EXPECT_EQ(op.partition, -1);
  EXPECT_EQ(op.generation, -1);
  EXPECT_EQ(op.key, kNoId);
  EXPECT_EQ(op.type, OpType::kOk);
  EXPECT_EQ(op.kind, OpKind::kSend);
  EXPECT_TRUE(OpFits(op));
  EXPECT_EQ(OpUnfitText(op), "");
}

// Each narrow field reads back every value from its minimum to its maximum, and holds one
// beyond as "does not fit", never as another value.
TEST(OpTest, NarrowFieldsHoldTheirRangeAndMarkWhatIsBeyond) {
  for (int64_t v : {OpOffset::kMin, int64_t{-2}, int64_t{-1}, int64_t{0}, int64_t{1},
                    int64_t{0xffffffff}, int64_t{1} << 40, OpOffset::kMax}) {
    Op op;
    op.offset = v;
    op.time_us = v;
    EXPECT_EQ(op.offset, v);
    EXPECT_EQ(op.time_us, v);
    EXPECT_TRUE(OpFits(op));
  }
  for (int64_t v : {OpOffset::kMax + 1, OpOffset::kMin - 1, INT64_MAX, INT64_MIN}) {
    Op op;
    op.offset = v;
    EXPECT_FALSE(op.offset.fits()) << v;
    EXPECT_FALSE(OpFits(op)) << v;
    EXPECT_EQ(OpUnfitText(op), "its offset: an op holds -140737488355327 to 140737488355327");
  }
  for (int64_t g :
       {OpGeneration::kMin, int64_t{-1}, int64_t{0}, int64_t{70000}, OpGeneration::kMax}) {
    Op op;
    op.generation = g;
    EXPECT_EQ(op.generation, g);
  }
  Op wide_generation;
  wide_generation.generation = int64_t{INT32_MAX};
  EXPECT_EQ(OpUnfitText(wide_generation), "its generation: an op holds -8388607 to 8388607");
  for (int32_t p : {-1, 0, 1, 255, 10'000, OpPartition::kMax}) {
    Op op;
    op.partition = p;
    EXPECT_EQ(op.partition, p);
    EXPECT_TRUE(OpFits(op));
  }
  for (int32_t p : {-2, OpPartition::kMax + 1, INT32_MAX, INT32_MIN}) {
    Op op;
    op.partition = p;
    EXPECT_FALSE(OpFits(op)) << p;
    EXPECT_EQ(OpUnfitText(op), "its partition: an op holds -1 to 65533");
  }
  Op late;
  late.time_us = OpTime::kMax + 1;
  EXPECT_EQ(OpUnfitText(late), "its time_us: an op holds -140737488355327 to 140737488355327");
}

TEST(OpTest, TypeAndKindShareAByteAndHoldEveryValue) {
  Op op;
  for (OpKind k : kAllOpKinds) {
    for (OpType t : {OpType::kInvoke, OpType::kOk, OpType::kFail, OpType::kInfo}) {
      op.kind = k;
      op.type = t;
      EXPECT_EQ(op.kind, k);
      EXPECT_EQ(op.type, t);
    }
  }
}

}  // namespace
}  // namespace ks
