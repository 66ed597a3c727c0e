#pragma once

#include <string>
#include <utility>

namespace ks {

/// The result of an operation that can fail at run time (architecture.md: no exceptions across
/// module boundaries). An error carries a message in plain words that says what was attempted.
class Status {
 public:
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }

  bool ok() const { return !error_; }
  const std::string& message() const { return message_; }

 private:
  Status() = default;
  explicit Status(std::string m) : error_(true), message_(std::move(m)) {}
  bool error_ = false;
  std::string message_;
};

}  // namespace ks
