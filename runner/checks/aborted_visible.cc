// aborted_visible: the group read records that were never written, or written and aborted.
//
// Jepsen's G1a, aborted read (jepsen/tests/kafka.clj): an ok poll returned a value whose send op
// ended :fail. librdkafka's delivery report says NOT_PERSISTED (kFail) only when the record is
// certainly not in the log (rd_kafka_message_status), so a poll of such a record means the client
// lied, or the broker kept what it said it dropped. AbortedRecords() (common.h) is the one place
// that decides which records count; the records of aborted transactions join it once the history
// records transactions, and then this check is the read_committed guarantee (R2 in
// kgo-verifier's terms: reading an aborted record is an invalid read).

#include <fmt/format.h>

#include <algorithm>

#include "checks/common.h"

namespace ks::check_detail {

CheckFigures ComputeAbortedVisible(const History& history, const ExpectSpec& spec) {
  CheckFigures out;
  out.figures = {{"aborted_visible", 0}};
  Scope scope;
  if (auto error = ResolveScope(history, spec, {"group"}, &scope)) {
    out.nothing_to_judge = *error;
    return out;
  }
  const std::string& group = history.groups[scope.group];
  std::vector<RecordRef> polled;
  size_t foreign = 0;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (!IsGroupPoll(op, scope)) continue;
    if (!op.has_record()) {
      ++foreign;
      continue;
    }
    polled.push_back({op.seq, op.producer, static_cast<uint32_t>(i)});
  }
  if (polled.empty()) {
    out.nothing_to_judge =
        foreign == 0 ? fmt::format("{} polled nothing", group)
                     : fmt::format("{} polled {} records, none with a record identity header",
                                   group, foreign);
    return out;
  }
  SortByRecord(polled);
  UniqueByRecord(polled);  // the first poll of each record
  std::vector<RecordRef> aborted = AbortedRecords(history);

  size_t visible = 0;
  size_t p = 0;
  for (const RecordRef& gone : aborted) {
    while (p < polled.size() &&
           (polled[p].producer < gone.producer ||
            (polled[p].producer == gone.producer && polled[p].seq < gone.seq))) {
      ++p;
    }
    if (p >= polled.size() || !SameRecord(polled[p], gone)) continue;
    ++visible;
    if (out.evidence_text.size() >= kMaxEvidenceLines) continue;
    const Op& send = history.ops[gone.op];
    const Op& poll = history.ops[polled[p].op];
    out.evidence_text.push_back(
        fmt::format("{}: delivery failed at {} (not persisted: never written), yet {} polled it "
                    "at {} at {}",
                    RecordWithKey(history, send), Seconds(send.time_us),
                    ActorName(history, poll.actor), Where(history, poll), Seconds(poll.time_us)));
    AddEvidence(history, {gone.op, polled[p].op}, &out);
  }
  AddMoreLine(visible, out.evidence_text.size(), "aborted records polled", &out);
  out.figures = {{"aborted_visible", static_cast<double>(visible)}};
  return out;
}

}  // namespace ks::check_detail
