#include "history/op.h"

namespace ks {

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
