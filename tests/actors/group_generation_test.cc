#include "actors/group_generation.h"

#include <gtest/gtest.h>

#include "target/embedded_target.h"
#include "target/rdkafka_handles.h"

namespace ks {
namespace {

TEST(GroupGeneration, IsUnknownForAClientOutsideAGroup) {
  std::string error;
  ConfPtr conf(rd_kafka_conf_new());
  KafkaPtr rk = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  ASSERT_TRUE(rk) << error;
  conf.release();
  EXPECT_LE(CurrentGeneration(rk.get()), 0);
}

}  // namespace
}  // namespace ks
