#include "scenario/schema_words.h"

#include <string_view>

#include "scenario/schema_check.h"

namespace ks {

namespace schema {

namespace {

bool TypeNameAdmits(const std::string& type, const nlohmann::json& v) {
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return false;
}

std::string WithArticle(const std::string& noun) {
  const bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + noun;
}

std::string NumberText(const OJson& n) { return n.dump(); }

std::string DescribeType(const OJson& fragment, const std::string& type) {
  const OJson* min = Member(&fragment, "minimum");
  const OJson* max = Member(&fragment, "maximum");
  const OJson* exclusive_min = Member(&fragment, "exclusiveMinimum");
  if (type == "integer" || type == "number") {
    const std::string noun = type == "integer" ? "an integer" : "a number";
    if (min != nullptr && max != nullptr) {
      return noun + " from " + NumberText(*min) + " to " + NumberText(*max);
    }
    if (min != nullptr) return noun + " >= " + NumberText(*min);
    if (exclusive_min != nullptr) return noun + " > " + NumberText(*exclusive_min);
    if (max != nullptr) return noun + " <= " + NumberText(*max);
    return noun;
  }
  if (type == "string") {
    const OJson* min_length = Member(&fragment, "minLength");
    return min_length != nullptr && *min_length == 1 ? "a non-empty string" : "a string";
  }
  if (type == "boolean") return "true or false";
  if (type == "array") {
    const OJson* items = Deref(Member(&fragment, "items"));
    const OJson* item_type = Member(items, "type");
    if (item_type != nullptr && *item_type == "string") return "a list of strings";
    return "a list";
  }
  if (type == "object") return "a map";
  if (type == "null") return "nothing";
  return type;
}

std::string QuoteForMessage(const std::string& s) {
  std::string shown = s.substr(0, s.find('\n'));
  if (shown.size() > 40) shown = shown.substr(0, 37);
  if (shown.size() < s.size()) shown += "...";
  return "'" + shown + "'";
}

}  // namespace

// ---- reading the schema ---------------------------------------------------------------------

const OJson* Deref(const OJson* fragment) {
  for (int hops = 0; fragment != nullptr && hops < 8; ++hops) {
    const auto ref = fragment->find("$ref");
    if (ref == fragment->end() || !ref->is_string()) return fragment;
    const std::string target = ref->get<std::string>();
    if (!target.starts_with("#")) return nullptr;
    const OJson::json_pointer pointer(target.substr(1));
    const OJson& root = ScenarioSchemaJson();
    fragment = root.contains(pointer) ? &root.at(pointer) : nullptr;
  }
  return fragment;
}

const OJson* Member(const OJson* fragment, std::string_view key) {
  if (fragment == nullptr || !fragment->is_object()) return nullptr;
  const auto it = fragment->find(key);
  return it == fragment->end() ? nullptr : &*it;
}

bool TypeAdmits(const OJson* fragment, const nlohmann::json& v) {
  const OJson* type = Member(fragment, "type");
  if (type == nullptr) return true;
  if (type->is_string()) return TypeNameAdmits(type->get<std::string>(), v);
  for (const OJson& t : *type) {
    if (t.is_string() && TypeNameAdmits(t.get<std::string>(), v)) return true;
  }
  return false;
}

std::vector<KeyedBranch> KeyedBranches(const OJson* fragment) {
  std::vector<KeyedBranch> keyed;
  const OJson* branches = Member(fragment, "oneOf");
  if (branches == nullptr || !branches->is_array()) return keyed;
  const nlohmann::json a_map = nlohmann::json::object();
  for (const OJson& branch : *branches) {
    const OJson* b = Deref(&branch);
    if (b == nullptr || Member(b, "type") == nullptr || !TypeAdmits(b, a_map)) continue;
    const OJson* required = Member(b, "required");
    if (required == nullptr || !required->is_array() || required->empty() ||
        !(*required)[0].is_string()) {
      return {};
    }
    const std::string key = (*required)[0].get<std::string>();
    for (const KeyedBranch& other : keyed) {
      if (other.key == key) return {};
    }
    keyed.push_back({key, b});
  }
  if (keyed.size() < 2) keyed.clear();
  return keyed;
}

const OJson* SelectBranch(const OJson* fragment, const nlohmann::json& v) {
  for (const char* keyword : {"oneOf", "anyOf"}) {
    const OJson* branches = Member(fragment, keyword);
    if (branches == nullptr) continue;
    if (v.is_object()) {
      const std::vector<KeyedBranch> keyed = KeyedBranches(fragment);
      if (!keyed.empty()) {
        const OJson* chosen = nullptr;
        for (const KeyedBranch& k : keyed) {
          if (!v.contains(k.key)) continue;
          if (chosen != nullptr) return nullptr;  // two selecting keys: no branch is meant
          chosen = k.branch;
        }
        return chosen;
      }
    }
    for (const OJson& branch : *branches) {
      const OJson* b = Deref(&branch);
      if (b != nullptr && TypeAdmits(b, v)) return b;
    }
    return nullptr;
  }
  return fragment;
}

// ---- plain words ----------------------------------------------------------------------------

std::string JoinOr(const std::vector<std::string>& items) {
  std::string out;
  for (size_t k = 0; k < items.size(); ++k) {
    if (k > 0) out += k + 1 == items.size() ? " or " : ", ";
    out += items[k];
  }
  return out;
}

std::string JoinComma(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// Renders a schema example as it would be written in a scenario (YAML flow style).
std::string RenderExample(const OJson& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    std::string out = "{";
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (out.size() > 1) out += ", ";
      out += it.key() + ": " + RenderExample(it.value());
    }
    return out + "}";
  }
  if (v.is_array()) {
    std::vector<std::string> items;
    for (const OJson& item : v) items.push_back(RenderExample(item));
    return "[" + JoinComma(items) + "]";
  }
  return v.dump();
}

// What the user wrote, for "got ...": strings quoted, numbers and booleans as written.
std::string DescribeValue(const nlohmann::json& v, const NodeSource* source) {
  if (v.is_null()) return "nothing";
  if (v.is_string()) return QuoteForMessage(v.get<std::string>());
  if (v.is_object()) return v.empty() ? "an empty map" : "a map";
  if (v.is_array()) return v.empty() ? "an empty list" : "a list";
  if (source != nullptr && !source->text.empty()) return source->text;
  return v.dump();
}

std::vector<std::string> JsonPointerSegments(const std::string& pointer) {
  std::vector<std::string> segments;
  size_t pos = 0;
  while (pos < pointer.size()) {
    const size_t next = pointer.find('/', pos + 1);
    std::string seg = pointer.substr(pos + 1, next == std::string::npos ? next : next - pos - 1);
    std::string out;
    for (size_t k = 0; k < seg.size(); ++k) {
      if (seg[k] == '~' && k + 1 < seg.size()) {
        out += seg[k + 1] == '1' ? '/' : '~';
        ++k;
      } else {
        out += seg[k];
      }
    }
    segments.push_back(out);
    pos = next == std::string::npos ? pointer.size() : next;
  }
  return segments;
}

std::string Expectation(const OJson& raw_fragment) {
  const OJson* fragment = Deref(&raw_fragment);
  if (fragment == nullptr) return "a valid value";
  const OJson* title = Member(fragment, "title");
  const OJson* examples = Member(fragment, "examples");
  const OJson* values = Member(fragment, "enum");
  if (title != nullptr && examples != nullptr && examples->is_array() && !examples->empty()) {
    std::vector<std::string> shown;
    for (const OJson& e : *examples) shown.push_back(RenderExample(e));
    return WithArticle(title->get<std::string>()) + " such as " + JoinOr(shown);
  }
  if (values != nullptr) {
    std::vector<std::string> names;
    for (const OJson& e : *values) names.push_back(RenderExample(e));
    return "one of " + JoinComma(names);
  }
  if (title != nullptr && title->is_string()) return WithArticle(title->get<std::string>());
  for (const char* keyword : {"oneOf", "anyOf"}) {
    const OJson* branches = Member(fragment, keyword);
    if (branches == nullptr) continue;
    std::vector<std::string> parts;
    for (const OJson& branch : *branches) parts.push_back(Expectation(branch));
    return JoinOr(parts);
  }
  const OJson* type = Member(fragment, "type");
  if (type == nullptr) return "a valid value";
  if (type->is_string()) return DescribeType(*fragment, type->get<std::string>());
  std::vector<std::string> parts;
  for (const OJson& t : *type) parts.push_back(DescribeType(*fragment, t.get<std::string>()));
  return JoinOr(parts);
}

}  // namespace schema

std::string DescribeExpectation(const nlohmann::ordered_json& fragment) {
  return schema::Expectation(fragment);
}

}  // namespace ks
