#include "scenario/schema_error_site.h"

#include <charconv>
#include <string_view>

namespace ks::schema {
namespace {

// The fragment for member `key` of a map judged by `outer` when no single branch of it was
// selected (a step with no action key, or with two): the branch that `key` selects, else the
// first branch that has `key`.
const OJson* KeyedProperty(const OJson* outer, const std::string& key) {
  const std::vector<KeyedBranch> keyed = KeyedBranches(outer);
  for (const KeyedBranch& k : keyed) {
    if (k.key == key) return Member(Member(k.branch, "properties"), key);
  }
  for (const KeyedBranch& k : keyed) {
    if (const OJson* p = Member(Member(k.branch, "properties"), key)) return p;
  }
  return nullptr;
}

}  // namespace

Site Locate(const std::vector<std::string>& context, const nlohmann::json& root,
            const OJson& schema) {
  Site site;
  site.value = &root;
  site.outer = Deref(&schema);
  site.selected = site.outer != nullptr ? SelectBranch(site.outer, root) : nullptr;
  for (size_t k = 1; k < context.size(); ++k) {
    std::string seg = context[k];
    if (seg.size() >= 2 && seg.front() == '[' && seg.back() == ']')
      seg = seg.substr(1, seg.size() - 2);
    const nlohmann::json* parent = site.value;
    const OJson* parent_outer = site.outer;
    const OJson* fragment = site.selected;
    site.value = nullptr;
    site.outer = nullptr;
    if (parent != nullptr && parent->is_array()) {
      size_t index = 0;
      std::from_chars(seg.data(), seg.data() + seg.size(), index);
      site.pointer = JsonPointerChild(site.pointer, index);
      if (index < parent->size()) site.value = &(*parent)[index];
      site.outer = Deref(Member(fragment, "items"));
    } else {
      site.pointer = JsonPointerChild(site.pointer, seg);
      if (parent != nullptr && parent->is_object()) {
        const auto it = parent->find(seg);
        if (it != parent->end()) site.value = &*it;
      }
      const OJson* property = Member(Member(fragment, "properties"), seg);
      if (property == nullptr && fragment == nullptr) property = KeyedProperty(parent_outer, seg);
      const OJson* additional = Member(fragment, "additionalProperties");
      site.outer = Deref(property != nullptr                                ? property
                         : additional != nullptr && additional->is_object() ? additional
                                                                            : nullptr);
    }
    site.selected = site.outer != nullptr && site.value != nullptr
                        ? SelectBranch(site.outer, *site.value)
                        : nullptr;
  }
  return site;
}

Classified Classify(const std::string& d) {
  auto starts = [&](std::string_view prefix) { return d.starts_with(prefix); };
  Classified c;
  if (starts("Value type not permitted")) {
    c.kind = Kind::kType;
  } else if (starts("Failed to match against any enum values")) {
    c.kind = Kind::kEnum;
  } else if (starts("Expected number greater than or equal to")) {
    c = {Kind::kConstraint, "minimum"};
  } else if (starts("Expected number greater than")) {
    c = {Kind::kConstraint, "exclusiveMinimum"};
  } else if (starts("Expected number less than or equal to")) {
    c = {Kind::kConstraint, "maximum"};
  } else if (starts("Expected number less than")) {
    c = {Kind::kConstraint, "exclusiveMaximum"};
  } else if (starts("Failed to match regex")) {
    c = {Kind::kConstraint, "pattern"};
  } else if (starts("String should be no fewer than")) {
    c = {Kind::kConstraint, "minLength"};
  } else if (starts("String should be no more than")) {
    c = {Kind::kConstraint, "maxLength"};
  } else if (starts("Missing required property '")) {
    const size_t begin = d.find('\'') + 1;
    c = {Kind::kRequired, d.substr(begin, d.rfind('\'') - begin)};
  } else if (starts("Object contains a property that could not be validated")) {
    c.kind = Kind::kUnknownKey;
  } else if (starts("Array should contain no fewer than")) {
    c.kind = Kind::kMinItems;
  } else if (starts("Object should have no fewer than")) {
    c.kind = Kind::kMinProperties;
  } else if (starts("Object should have no more than")) {
    c.kind = Kind::kMaxProperties;
  } else if (starts("Elements at indexes #")) {
    c.kind = Kind::kUnique;
    const size_t a = d.find('#') + 1;
    const size_t b = d.find('#', a) + 1;
    std::from_chars(d.data() + a, d.data() + d.size(), c.first);
    std::from_chars(d.data() + b, d.data() + d.size(), c.second);
  } else if (starts("Failed to validate") || starts("Cannot validate")) {
    c.kind = Kind::kWrapper;
  }
  return c;
}

}  // namespace ks::schema
