// produced: how many records a producer (or all producers of a topic) sent, and how each ended.
//
// The counts of Kafka's verifiable producer (tests/kafkatest/services/verifiable_producer.py:
// producer_send_success and producer_send_error events, the acked set that validate_delivery
// compares with what was consumed), split by librdkafka's message status
// (rd_kafka_message_status): PERSISTED is produced, NOT_PERSISTED failed, POSSIBLY_PERSISTED
// indeterminate; a send that never got a delivery report is indeterminate too, as Jepsen treats
// an op that never completed (:info). So produced + failed + indeterminate == sent.
//
// Transactions (KIP-98) change no figure: a record of an aborted transaction that was delivered
// is in the log (PERSISTED, so produced), behind an abort marker. The evidence says how many
// transactions committed and aborted and how many produced records an abort took back, so that
// `produced` is not read as "committed".

#include <fmt/format.h>

#include <string>
#include <vector>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {
namespace {

// "transactions: 30 (20 committed, 10 aborted, 0 of unknown outcome); 1000 produced records were in
// aborted transactions", or "" when the scope's producers used no transaction.
std::string TransactionLine(const History& history, const Scope& scope) {
  // Transactions belong to producer actors; a send names its producer and its actor, so the
  // scope's actors are those of its sends. Txn outcomes are counted per actor meanwhile.
  struct PerActor {
    bool in_scope = false;
    size_t outcomes[3] = {0, 0, 0};  // committed, aborted, unknown
  };
  std::vector<PerActor> actors(history.actors.size());
  AbortedCollector collector;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    collector.See(op, static_cast<uint32_t>(i));
    if (op.actor >= actors.size()) continue;
    if (op.kind == OpKind::kSend) {
      if ((scope.producer == kNoId || op.producer == scope.producer) &&
          (scope.topic == kNoId || op.topic == scope.topic)) {
        actors[op.actor].in_scope = true;
      }
    } else if (op.kind == OpKind::kTxn && op.type != OpType::kInvoke) {
      ++actors[op.actor].outcomes[op.type == OpType::kOk ? 0 : op.type == OpType::kFail ? 1 : 2];
    }
  }
  size_t committed = 0, aborted = 0, unknown = 0;
  for (const PerActor& a : actors) {
    if (!a.in_scope) continue;
    committed += a.outcomes[0];
    aborted += a.outcomes[1];
    unknown += a.outcomes[2];
  }
  if (committed + aborted + unknown == 0) return "";
  // Produced (kOk) records whose transaction aborted.
  DenseTable<uint8_t> taken_back(0, DenseBudget(history));
  size_t in_aborted = 0;
  for (const AbortedRecord& r : collector.Take()) {
    if (r.why == AbortedRecord::Why::kTxnAborted) taken_back(r.producer, r.seq) = 1;
  }
  for (const Op& op : history.ops) {
    if (op.kind != OpKind::kSend || op.type != OpType::kOk || !op.has_record()) continue;
    if (scope.producer != kNoId && op.producer != scope.producer) continue;
    if (scope.topic != kNoId && op.topic != scope.topic) continue;
    if (taken_back.Get(op.producer, op.seq) != 0) ++in_aborted;
  }
  return fmt::format(
      "transactions: {} ({} committed, {} aborted, {} of unknown outcome); {} produced records "
      "were in aborted transactions",
      committed + aborted + unknown, committed, aborted, unknown, in_aborted);
}

}  // namespace

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
  if (std::string txn = TransactionLine(history, scope); !txn.empty()) {
    out.evidence_text.push_back(std::move(txn));
  }
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(produced, check_detail::ComputeProduced, "produced")
