#include "actors/client_event.h"

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace ks {

namespace {

using Json = nlohmann::json;

struct Names {
  const char* name;
  ClientEvent::Kind kind;
};
constexpr Names kNames[] = {
    {"startup_complete", ClientEvent::Kind::kStartupComplete},
    {"shutdown_complete", ClientEvent::Kind::kShutdownComplete},
    {"producer_send_success", ClientEvent::Kind::kSendSuccess},
    {"producer_send_error", ClientEvent::Kind::kSendError},
    {"record_data", ClientEvent::Kind::kRecordData},
    {"offsets_committed", ClientEvent::Kind::kOffsetsCommitted},
    {"partitions_assigned", ClientEvent::Kind::kPartitionsAssigned},
    {"partitions_revoked", ClientEvent::Kind::kPartitionsRevoked},
};

// Field readers: false with `error` set when the field is missing or of another type.
class Fields {
 public:
  Fields(const Json& object, std::string* error) : o_(object), error_(error) {}

  bool String(const char* key, std::string* out) {
    const auto it = o_.find(key);
    if (it == o_.end() || !it->is_string()) return Fail(key, "a string");
    *out = it->get<std::string>();
    return true;
  }
  // A string or null (a null key or value).
  bool NullableString(const char* key, std::optional<std::string>* out) {
    const auto it = o_.find(key);
    if (it == o_.end() || it->is_null()) {
      out->reset();
      return true;
    }
    if (!it->is_string()) return Fail(key, "a string or null");
    *out = it->get<std::string>();
    return true;
  }
  template <typename Int>
  bool Integer(const Json& object, const char* key, Int min, Int* out) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer()) return Fail(key, "an integer");
    const int64_t v = it->get<int64_t>();
    if (v < static_cast<int64_t>(min) ||
        v > static_cast<int64_t>(std::numeric_limits<Int>::max())) {
      return Fail(key, fmt::format("an integer from {}", min));
    }
    *out = static_cast<Int>(v);
    return true;
  }
  bool Partitions(bool with_offsets, std::vector<EventPartition>* out) {
    const char* key = with_offsets ? "offsets" : "partitions";
    const auto it = o_.find(key);
    if (it == o_.end() || !it->is_array()) return Fail(key, "a list");
    for (const Json& item : *it) {
      if (!item.is_object()) return Fail(key, "a list of objects");
      EventPartition p;
      const auto topic = item.find("topic");
      if (topic == item.end() || !topic->is_string()) return Fail("topic", "a string");
      p.topic = topic->get<std::string>();
      if (!Integer(item, "partition", int32_t{0}, &p.partition)) return false;
      if (with_offsets && !Integer(item, "offset", int64_t{0}, &p.offset)) return false;
      out->push_back(std::move(p));
    }
    return true;
  }

 private:
  bool Fail(const char* key, const std::string& what) {
    *error_ = fmt::format("\"{}\" must be {}", key, what);
    return false;
  }
  const Json& o_;
  std::string* error_;
};

bool Fill(const Json& o, ClientEvent* e, std::string* error) {
  Fields f(o, error);
  using Kind = ClientEvent::Kind;
  switch (e->kind) {
    case Kind::kSendSuccess:
      return f.String("topic", &e->topic) && f.Integer(o, "partition", int32_t{0}, &e->partition) &&
             f.Integer(o, "offset", int64_t{0}, &e->offset) && f.NullableString("key", &e->key) &&
             f.NullableString("value", &e->value);
    case Kind::kSendError: {
      std::string exception, message;
      if (!f.String("topic", &e->topic) || !f.NullableString("key", &e->key) ||
          !f.NullableString("value", &e->value)) {
        return false;
      }
      if (auto it = o.find("exception"); it != o.end() && it->is_string()) exception = *it;
      if (auto it = o.find("message"); it != o.end() && it->is_string()) message = *it;
      e->error = exception.empty() || message.empty() ? exception + message
                                                      : fmt::format("{}: {}", exception, message);
      return true;
    }
    case Kind::kRecordData:
      return f.String("topic", &e->topic) && f.Integer(o, "partition", int32_t{0}, &e->partition) &&
             f.Integer(o, "offset", int64_t{0}, &e->offset) && f.NullableString("key", &e->key) &&
             f.NullableString("value", &e->value);
    case Kind::kOffsetsCommitted: {
      const auto it = o.find("success");
      if (it == o.end() || !it->is_boolean()) {
        *error = "\"success\" must be true or false";
        return false;
      }
      e->success = it->get<bool>();
      if (auto err = o.find("error"); err != o.end() && err->is_string()) e->error = *err;
      return f.Partitions(true, &e->partitions);
    }
    case Kind::kPartitionsAssigned:
    case Kind::kPartitionsRevoked:
      return f.Partitions(false, &e->partitions);
    case Kind::kStartupComplete:
    case Kind::kShutdownComplete:
    case Kind::kOther:
      return true;
  }
  return true;
}

}  // namespace

bool ParseClientEvent(std::string_view line, ClientEvent* out, std::string* error) {
  Json o = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (o.is_discarded()) {
    *error = "not JSON";
    return false;
  }
  if (!o.is_object()) {
    *error = "not a JSON object";
    return false;
  }
  const auto name = o.find("name");
  if (name == o.end() || !name->is_string()) {
    *error = "no \"name\" (a string) saying which event it is";
    return false;
  }
  *out = ClientEvent();
  out->name = name->get<std::string>();
  for (const Names& n : kNames) {
    if (out->name == n.name) out->kind = n.kind;
  }
  if (!Fill(o, out, error)) {
    *error = fmt::format("{}: {}", out->name, *error);
    return false;
  }
  return true;
}

}  // namespace ks
