// delivery_errors: sends that were not acknowledged.
//
// librdkafka reports each record's fate in its delivery report (rd_kafka_message_status,
// CONFIGURATION.md `message.timeout.ms`, `enable.idempotence`): NOT_PERSISTED (failed: certainly
// not written) or POSSIBLY_PERSISTED (indeterminate: a timeout after the request was sent, the
// record may be in the log). A send with no report by the end of the run is indeterminate as
// well (Jepsen's :info for an op that never completed). Kafka's verifiable producer counts the
// same failures as producer_send_error events.

#include <fmt/format.h>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeDeliveryErrors(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"delivery_errors", 0}, {"failed", 0}, {"indeterminate", 0}};
  Scope scope;
  SendTally tally;
  if (auto error = ResolveSendScope(history, spec, &scope, &tally)) {
    out.nothing_to_judge = *error;
    return out;
  }
  if (tally.invoked == 0 && tally.acknowledged + tally.failed + tally.info == 0) {
    out.nothing_to_judge = fmt::format("{} sent nothing", SendScopeName(history, scope));
    return out;
  }
  size_t errors = tally.failed + tally.indeterminate();
  out.figures = {{"delivery_errors", static_cast<double>(errors)},
                 {"failed", static_cast<double>(tally.failed)},
                 {"indeterminate", static_cast<double>(tally.indeterminate())}};
  for (uint32_t index : tally.errors) {
    const Op& op = history.ops[index];
    out.evidence_text.push_back(
        fmt::format("{} to {}: {} at {}", RecordWithKey(history, op),
                    op.partition >= 0 ? TopicPartition(history, op.topic, op.partition)
                                      : history.topics.Get(op.topic),
                    op.type == OpType::kFail ? "delivery failed (not persisted)"
                                             : "delivery indeterminate (possibly persisted)",
                    Seconds(op.time_us)));
    AddEvidence(history, {index}, &out);
  }
  AddMoreLine(tally.failed + tally.info, tally.errors.size(), "failed or indeterminate sends",
              &out);
  if (tally.unanswered() > 0) {
    out.evidence_text.push_back(fmt::format("{} send{} never got a delivery report",
                                            tally.unanswered(),
                                            tally.unanswered() == 1 ? "" : "s"));
  }
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(delivery_errors, check_detail::ComputeDeliveryErrors, "delivery_errors")
