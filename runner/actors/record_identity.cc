#include "actors/record_identity.h"

#include <charconv>

namespace ks {

void FormatIdentity(std::string_view producer, uint64_t seq, std::string_view run_id,
                    std::string* out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, seq);
  (void)ec;  // 24 chars always hold a uint64_t
  out->assign(producer);
  out->push_back('#');
  out->append(digits, end);
  out->push_back('@');
  out->append(run_id);
}

bool ParseIdentity(std::string_view value, std::string_view run_id, std::string_view* producer,
                   uint64_t* seq) {
  const size_t at = value.rfind('@');
  if (at == std::string_view::npos || value.substr(at + 1) != run_id) return false;
  value = value.substr(0, at);
  size_t hash = value.rfind('#');
  if (hash == std::string_view::npos || hash == 0 || hash + 1 == value.size()) return false;
  const char* first = value.data() + hash + 1;
  const char* last = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(first, last, *seq);
  if (ec != std::errc() || ptr != last || *seq > kMaxOpSeq) return false;
  *producer = value.substr(0, hash);
  return true;
}

rd_kafka_headers_t* RecordHeaders(const std::string& identity,
                                  const std::vector<std::pair<std::string, std::string>>& extra) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(1 + extra.size());
  rd_kafka_header_add(headers, kIdentityHeader.data(), static_cast<ssize_t>(kIdentityHeader.size()),
                      identity.data(), static_cast<ssize_t>(identity.size()));
  for (const auto& [name, value] : extra) {
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }
  return headers;
}

OpType DeliveryType(const rd_kafka_message_t* msg) {
  switch (rd_kafka_message_status(msg)) {
    case RD_KAFKA_MSG_STATUS_PERSISTED:
      return OpType::kOk;
    case RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED:
      return OpType::kInfo;
    case RD_KAFKA_MSG_STATUS_NOT_PERSISTED:
      return OpType::kFail;
  }
  return OpType::kInfo;
}

}  // namespace ks
