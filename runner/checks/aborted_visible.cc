// aborted_visible: the group read records that were never written, or written and aborted.
//
// Jepsen's G1a, aborted read (jepsen/tests/kafka.clj): an ok poll returned a value whose send op
// ended :fail. librdkafka's delivery report says NOT_PERSISTED (kFail) only when the record is
// certainly not in the log (rd_kafka_message_status), so a poll of such a record means the client
// lied, or the broker kept what it said it dropped. The records of aborted transactions count
// too: they are in the log, followed by an abort marker, and KIP-98's read_committed isolation
// promises that a reader never returns them (R2 in kgo-verifier's terms: reading an aborted record
// is an invalid read). A read_uncommitted group does read them, on any broker: a lesson expects
// that with a min bound. AbortedCollector (common.h) is the one place that decides which records
// count; records of transactions whose outcome is unknown do not.

#include <fmt/format.h>

#include "checks/check_registry.h"
#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeAbortedVisible(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  Scope scope;
  if (!StartCheck(history, spec, {"group"}, {"aborted_visible"}, &out, &scope)) return out;
  const std::string& group = history.groups[scope.group];
  // Each record's first poll by the group; the aborted records are collected in the same pass.
  DenseTable<uint32_t> first_poll(kNoId, DenseBudget(history));
  AbortedCollector collector;
  size_t polls = 0;
  size_t foreign = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    PrefetchOp(history, i);
    const Op& op = history.ops[i];
    auto index = static_cast<uint32_t>(i);
    collector.See(op, index);
    if (!IsGroupPoll(op, scope)) continue;
    if (!op.has_record()) {
      ++foreign;
      continue;
    }
    ++polls;
    uint32_t& first = first_poll(op.producer, op.seq);
    if (first == kNoId) first = index;
  }
  if (polls == 0) {
    out.nothing_to_judge = PolledNoRecordOfThisRun(group, foreign);
    return out;
  }
  std::vector<AbortedRecord> aborted = collector.Take();

  size_t visible = 0;
  for (const AbortedRecord& gone : aborted) {
    if (!gone.aborted()) continue;
    uint32_t poll_op = first_poll.Get(gone.producer, gone.seq);
    if (poll_op == kNoId) continue;
    ++visible;
    if (out.evidence_text.size() >= MaxEvidenceLines()) continue;
    const Op& send = history.ops[gone.op];
    const Op& poll = history.ops[poll_op];
    std::string why = gone.why == AbortedRecord::Why::kTxnAborted
                          ? fmt::format("sent in aborted transaction {} (aborted at {})",
                                        gone.txn_number, Seconds(history.ops[gone.txn].time_us))
                          : fmt::format("delivery failed at {} (not persisted: never written)",
                                        Seconds(send.time_us));
    out.evidence_text.push_back(
        fmt::format("{}: {}, yet {} polled it at {} at {}", RecordWithKey(history, send), why,
                    ActorName(history, poll.actor), Where(history, poll), Seconds(poll.time_us)));
    if (gone.why == AbortedRecord::Why::kTxnAborted) {
      AddEvidence(history, {gone.op, gone.txn, poll_op}, &out);
    } else {
      AddEvidence(history, {gone.op, poll_op}, &out);
    }
  }
  AddMoreLine(visible, out.evidence_text.size(), "aborted records polled", &out);
  out.figures = {{"aborted_visible", static_cast<double>(visible)}};
  return out;
}

}  // namespace ks::check_detail

KS_CHECK(aborted_visible, check_detail::ComputeAbortedVisible, "aborted_visible")
