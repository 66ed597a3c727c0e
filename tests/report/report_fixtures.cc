#include "report_fixtures.h"

#include <chrono>

namespace ks::test_support {
namespace {

Scenario MakeScenario(std::string path, std::string name, std::string title,
                      std::vector<std::string> tags) {
  Scenario s;
  s.path = std::move(path);
  s.name = std::move(name);
  s.title = std::move(title);
  s.tags = std::move(tags);
  s.loc = {s.path, 1, 1};
  return s;
}

FigureBound Max(const std::string& figure, double max, SourceLoc loc) {
  FigureBound b;
  b.figure = figure;
  b.max = max;
  b.loc = std::move(loc);
  return b;
}

CheckResult NoDuplicates(const std::string& file) {
  CheckResult c;
  c.check = "no_duplicates";
  c.loc = {file, 29, 5};
  c.scope = {{"group", "billing"}};
  c.passed = true;
  c.figures = {{"duplicates", 0}};
  c.bounds = {{Max("duplicates", 0, c.loc), 0, true}};
  c.summary = "duplicates 0 (max 0)";
  return c;
}

// billing's history in the failed run: one record acknowledged and never polled.
History LossHistory() {
  History h;
  h.actors = {{"runner", ActorInfo::Role::kRunner, kNoId, -1},
              {"order-service", ActorInfo::Role::kProducer, kNoId, -1},
              {"billing/0", ActorInfo::Role::kMember, 0, 0}};
  h.groups = {"billing"};
  h.topics.Intern("orders");
  h.producers.Intern("order-service");
  h.keys.Intern("user-3");
  Op send;
  send.time_us = 1200;
  send.offset = 8;
  send.seq = 17;
  send.producer = 0;
  send.key = 0;
  send.actor = 1;
  send.topic = 0;
  send.partition = 2;
  send.type = OpType::kOk;
  send.kind = OpKind::kSend;
  h.ops.push_back(send);
  return h;
}

// 2024-05-01T12:34:56Z plus `seconds`.
std::chrono::system_clock::time_point At(int seconds) {
  return std::chrono::system_clock::from_time_t(1714566896 + seconds);
}

}  // namespace

SampleRun MakeSampleRun() {
  SampleRun s;
  s.run = {"embedded", "librdkafka 2.0.2", "2024-05-01T12:34:56Z"};

  s.hello =
      MakeScenario("scenarios/001-hello.yaml", "hello", "One producer, one group", {"basics"});
  s.hello_result.started = At(0);
  s.hello_result.verdict = ScenarioResult::Verdict::kPassed;
  s.hello_result.seconds = 1.5;
  CheckResult no_loss;
  no_loss.check = "no_loss";
  no_loss.loc = {s.hello.path, 20, 5};
  no_loss.scope = {{"group", "billing"}};
  no_loss.passed = true;
  no_loss.figures = {{"lost", 0}, {"unseen", 0}};
  no_loss.bounds = {{Max("lost", 0, no_loss.loc), 0, true},
                    {Max("unseen", 0, no_loss.loc), 0, true}};
  no_loss.summary = "lost 0 (max 0), unseen 0 (max 0)";
  s.hello_result.checks = {no_loss};
  s.hello_result.deliveries = {{"billing", 100, 100, 0, 0, 0, "exactly-once"}};

  s.loss = MakeScenario("scenarios/010-loss.yaml", "lost-on-crash", "A crash loses a record", {});
  s.loss_result.started = At(2);
  s.loss_result.verdict = ScenarioResult::Verdict::kFailed;
  s.loss_result.seconds = 2.25;
  s.loss_result.history = LossHistory();
  CheckResult lost;
  lost.check = "no_loss";
  lost.loc = {s.loss.path, 31, 5};
  lost.scope = {{"group", "billing"}};
  lost.passed = false;
  lost.figures = {{"lost", 1}, {"unseen", 0}};
  lost.bounds = {{Max("lost", 0, lost.loc), 1, false}, {Max("unseen", 0, lost.loc), 0, true}};
  lost.evidence = {s.loss_result.history.ops[0]};
  lost.evidence_text = {kLostEvidence};
  lost.summary = "lost 1 (max 0: failed), unseen 0 (max 0)";
  s.loss_result.checks = {NoDuplicates(s.loss.path), lost};
  s.loss_result.problems = {kUnmetWait};
  s.loss_result.deliveries = {{"billing", 100, 99, 1, 0, 0, "at-most-once"}};

  s.skipped = MakeScenario("scenarios/020-more.yaml", "needs-restart", "Broker restart",
                           {"partitions", "ordering"});
  s.skipped_result.started = At(7);
  s.skipped_result.verdict = ScenarioResult::Verdict::kSkipped;
  s.skipped_result.reason = kSkipReason;

  s.error =
      MakeScenario("scenarios/020-more.yaml", "broken-cluster", "", {"partitions", "ordering"});
  s.error_result.started = At(5);
  s.error_result.verdict = ScenarioResult::Verdict::kError;
  s.error_result.reason = kErrorReason;
  s.error_result.seconds = 0.5;
  return s;
}

}  // namespace ks::test_support
