#include "history/op.h"

#include <fmt/format.h>

namespace ks {

std::string OpUnfitText(const Op& op) {
  const auto text = [](std::string_view field, int64_t min, int64_t max) {
    return fmt::format("its {}: an op holds {} to {}", field, min, max);
  };
  if (!op.time_us.fits()) return text("time_us", OpTime::kMin, OpTime::kMax);
  if (!op.offset.fits()) return text("offset", OpOffset::kMin, OpOffset::kMax);
  if (!op.generation.fits()) return text("generation", OpGeneration::kMin, OpGeneration::kMax);
  if (!op.partition.fits()) return text("partition", -1, OpPartition::kMax);
  return "";
}

std::string_view ToString(OpType t) {
  switch (t) {
    case OpType::kInvoke:
      return "invoke";
    case OpType::kOk:
      return "ok";
    case OpType::kFail:
      return "fail";
    case OpType::kInfo:
      return "info";
  }
  return "?";
}

std::string_view ToString(OpKind k) {
  switch (k) {
    case OpKind::kSend:
      return "send";
    case OpKind::kPoll:
      return "poll";
    case OpKind::kCommit:
      return "commit";
    case OpKind::kAssign:
      return "assign";
    case OpKind::kRevoke:
      return "revoke";
    case OpKind::kStart:
      return "start";
    case OpKind::kStop:
      return "stop";
    case OpKind::kWatermark:
      return "watermark";
    case OpKind::kLogStart:
      return "log_start";
    case OpKind::kCrash:
      return "crash";
    case OpKind::kFault:
      return "fault";
    case OpKind::kSeek:
      return "seek";
    case OpKind::kProcess:
      return "process";
    case OpKind::kTxn:
      return "txn";
    case OpKind::kLeave:
      return "leave";
  }
  return "?";
}

}  // namespace ks
