#include "scenario/pattern_guard.h"

#include <algorithm>
#include <string>

#include "diag/input_limits.h"
#include "diag/text_check.h"

namespace ks {

namespace {

using OJson = nlohmann::ordered_json;
using Fragments = std::vector<const OJson*>;

class Guard {
 public:
  Guard(const YamlJson& doc, const OJson& schema, std::vector<Diagnostic>* out,
        std::vector<std::string>* pointers)
      : doc_(doc), schema_(schema), out_(out), pointers_(pointers) {}

  // Walks `value` with every schema fragment that may judge it (nesting is bounded by
  // kMaxYamlDepth, so the recursion is too).
  void Walk(const nlohmann::json& value, const std::string& pointer, const Fragments& fragments) {
    if (fragments.empty()) return;  // nothing judges it: no pattern can reach it
    if (value.is_string()) {
      const std::string& s = value.get_ref<const std::string&>();
      if (s.size() > limits::kMaxPatternInputBytes && HasPattern(fragments)) {
        Report(s.size(), pointer, false);
      }
    } else if (value.is_object()) {
      const bool keys_matched = MatchesKeys(fragments);
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (keys_matched && it.key().size() > limits::kMaxPatternInputBytes) {
          Report(it.key().size(), JsonPointerChild(pointer, it.key()), true);
        }
        Walk(it.value(), JsonPointerChild(pointer, it.key()), MemberFragments(fragments, it.key()));
      }
    } else if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        Walk(value[i], JsonPointerChild(pointer, i), ItemFragments(fragments, i));
      }
    }
  }

  // `fragment` and everything it applies through $ref and the combining keywords.
  void Expand(const OJson* fragment, Fragments* out, int depth = 0) const {
    if (fragment == nullptr || !fragment->is_object() || depth > 32) return;
    if (std::find(out->begin(), out->end(), fragment) != out->end()) return;
    out->push_back(fragment);
    if (const auto ref = fragment->find("$ref"); ref != fragment->end() && ref->is_string()) {
      const std::string target = ref->get<std::string>();
      if (target.starts_with("#")) {
        const OJson::json_pointer p(target.substr(1));
        if (schema_.contains(p)) Expand(&schema_.at(p), out, depth + 1);
      }
    }
    for (const char* keyword : {"oneOf", "anyOf", "allOf"}) {
      const auto list = fragment->find(keyword);
      if (list == fragment->end() || !list->is_array()) continue;
      for (const OJson& branch : *list) Expand(&branch, out, depth + 1);
    }
    for (const char* keyword : {"if", "then", "else", "not"}) {
      if (const auto it = fragment->find(keyword); it != fragment->end()) {
        Expand(&*it, out, depth + 1);
      }
    }
  }

 private:
  static const OJson* Member(const OJson* fragment, const char* key) {
    const auto it = fragment->find(key);
    return it == fragment->end() ? nullptr : &*it;
  }

  static bool HasPattern(const Fragments& fragments) {
    return std::any_of(fragments.begin(), fragments.end(),
                       [](const OJson* f) { return f->contains("pattern"); });
  }

  // Whether a map's keys meet a regex: patternProperties and propertyNames (not used by the
  // built-in schemas today, but valijson would match them with std::regex too).
  static bool MatchesKeys(const Fragments& fragments) {
    return std::any_of(fragments.begin(), fragments.end(), [](const OJson* f) {
      return f->contains("patternProperties") || f->contains("propertyNames");
    });
  }

  Fragments MemberFragments(const Fragments& fragments, const std::string& key) const {
    Fragments out;
    for (const OJson* f : fragments) {
      const OJson* properties = Member(f, "properties");
      if (properties != nullptr && properties->is_object() && properties->contains(key)) {
        Expand(&properties->at(key), &out);
      } else if (const OJson* additional = Member(f, "additionalProperties")) {
        Expand(additional, &out);  // `false` is not an object: Expand skips it
      }
      // Which of these applies depends on a regex over the key: any of them may.
      const OJson* by_pattern = Member(f, "patternProperties");
      if (by_pattern != nullptr && by_pattern->is_object()) {
        for (const OJson& sub : *by_pattern) Expand(&sub, &out);
      }
    }
    return out;
  }

  Fragments ItemFragments(const Fragments& fragments, size_t index) const {
    Fragments out;
    for (const OJson* f : fragments) {
      const OJson* items = Member(f, "items");
      if (items != nullptr && items->is_array()) {
        if (index < items->size()) {
          Expand(&(*items)[index], &out);
        } else if (const OJson* additional = Member(f, "additionalItems")) {
          Expand(additional, &out);
        }
      } else {
        Expand(items, &out);
      }
    }
    return out;
  }

  void Report(size_t bytes, const std::string& pointer, bool key) {
    out_->push_back({key ? doc_.sources.KeyLoc(pointer) : doc_.sources.ValueLoc(pointer),
                     std::string(key ? "this key is " : "this value is ") + CountText(bytes) +
                         " bytes long; a name, duration, rate or other value checked against a "
                         "pattern may be at most " +
                         CountText(limits::kMaxPatternInputBytes),
                     ""});
    if (pointers_ != nullptr) pointers_->push_back(pointer);
  }

  const YamlJson& doc_;
  const OJson& schema_;
  std::vector<Diagnostic>* out_;
  std::vector<std::string>* pointers_;
};

}  // namespace

std::vector<Diagnostic> CheckPatternInputs(const YamlJson& doc, const OJson& schema,
                                           std::vector<std::string>* pointers) {
  std::vector<Diagnostic> out;
  Guard guard(doc, schema, &out, pointers);
  Fragments root;
  guard.Expand(&schema, &root);
  guard.Walk(doc.value, "", root);
  return out;
}

}  // namespace ks
