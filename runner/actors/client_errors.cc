#include "actors/client_errors.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace ks {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// "127.0.0.1:9092", "[::1]:9092", "kafka-1:9092": librdkafka's node name (rd_kafka_mk_nodename).
bool IsNodeName(std::string_view s) {
  const size_t colon = s.rfind(':');
  return colon != std::string_view::npos && colon > 0 && s.find(' ') == std::string_view::npos &&
         AllDigits(s.substr(colon + 1));
}

// "ssl://127.0.0.1:9093/bootstrap", "127.0.0.1:9092/2": a broker's name (rd_kafka_mk_brokername:
// the protocol unless PLAINTEXT, the node name, then its node id, "bootstrap" or "internal").
bool IsBrokerName(std::string_view s) {
  if (const size_t scheme = s.find("://"); scheme != std::string_view::npos) {
    s.remove_prefix(scheme + 3);
  }
  const size_t slash = s.rfind('/');
  if (slash == std::string_view::npos) return false;
  const std::string_view id = s.substr(slash + 1);
  return IsNodeName(s.substr(0, slash)) && (AllDigits(id) || id == "bootstrap" || id == "internal");
}

// librdkafka's logical brokers (rd_kafka_broker_add_logical), whose errors name the broker they
// stand for next: "GroupCoordinator: 127.0.0.1:9092: ...".
bool IsLogicalBroker(std::string_view s) {
  return s == "GroupCoordinator" || s == "TxnCoordinator";
}

}  // namespace

ClientErrorReason SplitClientErrorReason(std::string_view reason) {
  ClientErrorReason out;
  // rd_kafka_broker_set_error's suffix: " (after %dms in state %s[, %d identical error(s)
  // suppressed])". Other parentheses are librdkafka's advice and stay.
  if (const size_t open = reason.rfind(" (after ");
      open != std::string_view::npos && reason.ends_with(')') &&
      reason.find("ms in state ", open) != std::string_view::npos) {
    reason = reason.substr(0, open);
  }
  std::string_view rest = reason;
  if (const size_t colon = rest.find(": "); colon != std::string_view::npos) {
    const std::string_view head = rest.substr(0, colon);
    if (IsBrokerName(head)) {
      out.broker = head;
      rest.remove_prefix(colon + 2);
    } else if (IsLogicalBroker(head)) {
      size_t end = colon;
      const size_t next = rest.find(": ", colon + 2);
      if (next != std::string_view::npos && IsNodeName(rest.substr(colon + 2, next - colon - 2))) {
        end = next;
      }
      out.broker = rest.substr(0, end);
      rest.remove_prefix(end + 2);
    }
  }
  out.text = rest;
  return out;
}

void ClientErrors::Add(std::string_view error, std::string_view reason, bool fatal) {
  ClientErrorReason split = SplitClientErrorReason(reason);
  std::lock_guard lock(mu_);
  for (ClientError& kind : kinds_) {
    if (kind.error == error && kind.reason == split.text && kind.fatal == fatal) {
      ++kind.count;
      return;
    }
  }
  if (kinds_.size() >= kMaxKinds) {
    ++other_;
    return;
  }
  kinds_.push_back(
      {"", std::string(error), std::move(split.broker), std::move(split.text), 1, fatal});
}

void ClientErrors::OnError(rd_kafka_t* rk, int err, const char* reason) {
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (code == RD_KAFKA_RESP_ERR__FATAL && rk != nullptr) {
    char why[512] = "";
    const rd_kafka_resp_err_t underlying = rd_kafka_fatal_error(rk, why, sizeof why);
    if (underlying != RD_KAFKA_RESP_ERR_NO_ERROR) {
      Add(rd_kafka_err2name(underlying), why, true);
      return;
    }
  }
  Add(rd_kafka_err2name(code), reason ? reason : "", code == RD_KAFKA_RESP_ERR__FATAL);
}

std::vector<ClientError> ClientErrors::Snapshot(const std::string& actor) const {
  std::lock_guard lock(mu_);
  std::vector<ClientError> out = kinds_;
  for (ClientError& e : out) e.actor = actor;
  if (other_ > 0) {
    out.push_back(
        {actor, std::string(kOtherClientErrors), "",
         fmt::format("errors of kinds beyond the first {}, counted but not kept", kMaxKinds),
         other_, false});
  }
  return out;
}

}  // namespace ks
