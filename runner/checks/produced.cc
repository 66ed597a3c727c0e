// produced: how many records a producer (or all producers of a topic) sent, and how each ended.
//
// The counts of Kafka's verifiable producer (tests/kafkatest/services/verifiable_producer.py:
// producer_send_success and producer_send_error events, the acked set that validate_delivery
// compares with what was consumed), split by librdkafka's message status
// (rd_kafka_message_status): PERSISTED is produced, NOT_PERSISTED failed, POSSIBLY_PERSISTED
// indeterminate; a send that never got a delivery report is indeterminate too, as Jepsen treats
// an op that never completed (:info). So produced + failed + indeterminate == sent.

#include <fmt/format.h>

#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeProduced(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"produced", 0}, {"sent", 0}, {"failed", 0}, {"indeterminate", 0}};
  Scope scope;
  SendTally tally;
  if (auto error = ResolveSendScope(history, spec, &scope, &tally)) {
    out.nothing_to_judge = *error;
    return out;
  }
  out.figures = {{"produced", static_cast<double>(tally.acknowledged)},
                 {"sent", static_cast<double>(tally.invoked)},
                 {"failed", static_cast<double>(tally.failed)},
                 {"indeterminate", static_cast<double>(tally.indeterminate())}};
  // A zero is a figure (a producer that must send nothing), so there is always something to
  // judge; the evidence says where the records went.
  out.evidence_text.push_back(fmt::format(
      "{}: {} sent, {} acknowledged, {} failed, {} indeterminate ({} possibly persisted, {} "
      "without a delivery report)",
      SendScopeName(history, scope), tally.invoked, tally.acknowledged, tally.failed,
      tally.indeterminate(), tally.info, tally.unanswered()));
  return out;
}

}  // namespace ks::check_detail
