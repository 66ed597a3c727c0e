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

TEST(OpBlockPool, PrefaultsWholeBlocksThatAreTakenThenMapsMore) {
  OpBlockPool pool;
  pool.Prefault(kOpBlockOps + 1);  // two blocks' worth
  EXPECT_EQ(pool.size(), 2u);
  OpBlock a = pool.Take(), b = pool.Take();
  EXPECT_EQ(pool.size(), 0u);
  OpBlock c = pool.Take();  // none left: mapped anew
  ASSERT_TRUE(a && b && c);
  EXPECT_NE(a.get(), b.get());
  EXPECT_NE(b.get(), c.get());
  c[kOpBlockOps - 1].seq = 7;
  EXPECT_EQ(c[kOpBlockOps - 1].seq, 7u);
  pool.Prefault(1);
  EXPECT_EQ(pool.size(), 1u);
  pool.Clear();
  EXPECT_EQ(pool.size(), 0u);
}

TEST(OpBlocks, FillFromTheirPoolAndReadBackInOrder) {
  OpBlockPool pool;
  pool.Prefault(kOpBlockOps);
  OpBlocks ops(&pool);
  for (size_t i = 0; i < kOpBlockOps + 5; ++i) {
    Op op;
    op.seq = i;
    ops.push_back(op);
    // The first block is a log's own, in small pages; the second comes from the pool.
    if (i == 0) {
      EXPECT_EQ(pool.size(), 1u);
    }
  }
  EXPECT_EQ(pool.size(), 0u);
  ASSERT_EQ(ops.size(), kOpBlockOps + 5);
  EXPECT_EQ(ops[0].seq, 0u);
  EXPECT_EQ(ops[kOpBlockOps + 4].seq, kOpBlockOps + 4);
  EXPECT_TRUE(OpBlocks::EndsBlock(kOpBlockOps - 1));
  EXPECT_FALSE(OpBlocks::EndsBlock(kOpBlockOps));
  ops.ReleaseBlockOf(0);  // the second block stays readable
  EXPECT_EQ(ops[kOpBlockOps].seq, kOpBlockOps);
  OpBlocks moved = std::move(ops);
  EXPECT_EQ(moved.size(), kOpBlockOps + 5);
  EXPECT_EQ(ops.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(moved[kOpBlockOps + 4].seq, kOpBlockOps + 4);
}

}  // namespace
}  // namespace ks
