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

// An op's topic is 16 bits wide but reads back every id a history may hold, and kNoId.
TEST(OpTest, AnOpsTopicHoldsEveryIdBelowTheLimitAndNoId) {
  Op op;
  EXPECT_EQ(op.topic, kNoId);
  for (uint32_t id : {0u, 1u, 255u, 256u, limits::kMaxHistoryTopics - 1, kNoId}) {
    op.topic = id;
    EXPECT_EQ(static_cast<uint32_t>(op.topic), id);
  }
  const OpTopic copy = op.topic;
  EXPECT_EQ(copy, kNoId);
}

}  // namespace
}  // namespace ks
