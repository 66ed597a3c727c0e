#include "history/op_memory.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace ks {
namespace {

TEST(OpMemory, ABlockIsTwoAlignedHugePagesOfOps) {
  OpBlock block = NewOpBlock();
  ASSERT_NE(block.get(), nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block.get()) % (uintptr_t{2} << 20), 0u);
  // Every op of the block can be written and read back.
  for (size_t i : {size_t{0}, kOpBlockOps / 2, kOpBlockOps - 1}) {
    block[i] = Op{};
    block[i].seq = i;
  }
  EXPECT_EQ(block[0].seq, 0u);
  EXPECT_EQ(block[kOpBlockOps - 1].seq, kOpBlockOps - 1);
  EXPECT_EQ(block[kOpBlockOps - 1].producer, kNoId);
}

TEST(OpMemory, BlocksAreApart) {
  OpBlock a = NewOpBlock(), b = NewOpBlock();
  const auto pa = reinterpret_cast<uintptr_t>(a.get()), pb = reinterpret_cast<uintptr_t>(b.get());
  EXPECT_TRUE(pa + kOpBlockOps * sizeof(Op) <= pb || pb + kOpBlockOps * sizeof(Op) <= pa);
}

TEST(OpMemory, ReserveOpsReservesAndKeepsTheOps) {
  std::vector<Op> ops(3);
  ops[2].seq = 42;
  ReserveOps(&ops, 1'000'000);
  EXPECT_GE(ops.capacity(), 1'000'000u);
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(ops[2].seq, 42u);
}

}  // namespace
}  // namespace ks
