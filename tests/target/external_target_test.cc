#include "target/external_target.h"

#include <gtest/gtest.h>

namespace ks {
namespace {

TEST(ExternalTarget, TopicsOfARunCarryItsIdUnlessTheyExistAlready) {
  ExternalTarget created({"localhost:9092", false, false, "18c2f-0"});
  EXPECT_EQ(created.TopicName("orders"), "ks-18c2f-0-orders");
  ExternalTarget existing({"localhost:9092", true, false, "18c2f-0"});
  EXPECT_EQ(existing.TopicName("orders"), "orders");
  EXPECT_TRUE(created.created_topics().empty());  // nothing created: nothing to delete
}

TEST(ExternalTarget, SkipsWhatItCannotShowInsteadOfPassing) {
  ExternalTarget t({"localhost:9092", true, false, "x"});
  Scenario plain;
  EXPECT_EQ(t.CannotRun(plain), "");
  Scenario needs;
  needs.requires_ = {"transactions"};
  EXPECT_NE(t.CannotRun(needs).find("requires 'transactions'"), std::string::npos);
  Scenario faulty;
  StepSpec fault;
  fault.kind = StepSpec::Kind::kFault;
  fault.loc = {"f.yaml", 9, 5};
  faulty.steps = {fault};
  EXPECT_NE(t.CannotRun(faulty).find("f.yaml:9:5: fault steps need a command"), std::string::npos)
      << t.CannotRun(faulty);
  EXPECT_FALSE(t.InjectFault(FaultSpec{}).ok());
}

}  // namespace
}  // namespace ks
