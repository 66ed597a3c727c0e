#include "scenario/schema_check.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

// Library errors must become exceptions that this file catches: valijson's default prints and
// aborts. (valijson's CMake target defines this too.)
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "diag/spelling.h"
#include "scenario/check_catalogue.h"
#include "scenario/pattern_guard.h"
#include "scenario/schema_text.h"
#include "scenario/schema_words.h"

namespace ks {

namespace {

using schema::Deref;
using schema::DescribeValue;
using schema::JoinComma;
using schema::JoinOr;
using schema::JsonPointerSegments;
using schema::KeyedBranch;
using schema::KeyedBranches;
using schema::Member;
using schema::OJson;
using schema::RenderExample;
using schema::SelectBranch;
using schema::TypeAdmits;

struct CompiledSchema {
  OJson ordered;            // walked to explain errors; keeps the file's key order for hints
  nlohmann::json plain;     // what valijson's adapter reads
  valijson::Schema schema;  // compiled once: parsing the schema costs more than a validation
  std::string error;        // set when the built-in schema does not compile (a build defect)
};

CompiledSchema* Compile(const char* text) {
  auto* c = new CompiledSchema;
  try {
    c->ordered = OJson::parse(text);
    c->plain = nlohmann::json::parse(text);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(c->plain);
    parser.populateSchema(adapter, c->schema);
  } catch (const std::exception& e) {
    c->error = e.what();
  }
  return c;
}

// Compiled once per process, on first use; never freed (valijson schemas hold raw pointers).
const CompiledSchema& Compiled(SchemaKind kind) {
  static const CompiledSchema* scenario = Compile(ScenarioSchemaText());
  static const CompiledSchema* target = Compile(TargetSchemaText());
  return kind == SchemaKind::kTarget ? *target : *scenario;
}

// ---- from valijson's errors to diagnostics ----------------------------------------------------

// Where one valijson error points: the instance node and the schema fragment that judged it.
struct Site {
  std::string pointer;
  const nlohmann::json* value = nullptr;
  const OJson* outer = nullptr;     // the fragment for this node, before a oneOf branch is chosen
  const OJson* selected = nullptr;  // the branch for the value's type (see SelectBranch)
};

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

// Walks valijson's context ("<root>", "[topics]", "[0]", ...) through the instance and the
// schema together.
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

enum class Kind {
  kType,
  kEnum,
  kConstraint,  // a bound on a scalar: minimum, pattern, ... (keyword says which)
  kRequired,
  kUnknownKey,
  kMinItems,
  kMinProperties,
  kMaxProperties,
  kUnique,
  kWrapper,  // "item #3 failed": a summary of errors reported on their own
  kOther,
};

struct Classified {
  Kind kind = Kind::kOther;
  std::string keyword;           // kConstraint: the schema keyword; kRequired: the missing key
  size_t first = 0, second = 0;  // kUnique: the two equal items
};

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

std::vector<std::string> PropertyNames(const OJson* fragment) {
  std::vector<std::string> names;
  const OJson* properties = Member(fragment, "properties");
  if (properties == nullptr) return names;
  for (auto it = properties->begin(); it != properties->end(); ++it) names.push_back(it.key());
  return names;
}

std::string DidYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::optional<std::string> match = ClosestMatch(word, candidates);
  return match ? "did you mean '" + *match + "'?" : "";
}

// The words for a map that takes exactly one of several keys (KeyedBranches), by the title of
// its schema fragment.
struct Choice {
  std::string_view title;
  std::string_view noun;    // what each selecting key is: "unknown step 'strat'"
  std::string_view a_noun;  // "a step is one of start, stop, ..."
  std::string_view many;    // "a step does one action, this one has 2 (start, stop)"
  std::string_view many_hint;
  std::string_view none;  // "this step has no action"
};

const Choice& ChoiceFor(const OJson* fragment) {
  static const Choice kChoices[] = {
      {"step", "step", "a step", "a step does one action",
       "give each action its own step, starting with '- '", "this step has no action"},
      {"wait condition", "condition", "a condition", "a wait waits for one condition",
       "use one wait step per condition", "this wait has no condition"},
      {"fault", "fault", "a fault", "a fault step injects one fault",
       "use one fault step per fault", "this fault step names no fault"},
      {"trigger", "event", "an event", "a trigger waits for one event", "",
       "this trigger has no event"},
      {"seek position", "position", "a position", "a seek goes to one position", "",
       "this seek position is empty"},
  };
  static const Choice kOther = {
      "", "key", "a key", "only one of these keys may be given", "", "a key is missing"};
  const OJson* title = Member(fragment, "title");
  for (const Choice& choice : kChoices) {
    if (title != nullptr && title->is_string() && *title == choice.title) return choice;
  }
  return kOther;
}

// Enums longer than this are not listed in full when a close name can be suggested.
constexpr size_t kLongEnum = 12;

class Explainer {
 public:
  Explainer(const YamlJson& doc, std::vector<Diagnostic>* out, std::vector<std::string>* pointers)
      : doc_(doc), out_(out), pointers_(pointers) {}

  // Unknown keys first: a missing required key that an unknown key misspells is not reported
  // twice ("unknown key 'nme'" is enough to fix "missing key 'name'").
  void UnknownKeys(const Site& site) {
    if (site.selected == nullptr || site.value == nullptr || !site.value->is_object()) return;
    const OJson* additional = Member(site.selected, "additionalProperties");
    if (additional == nullptr || !additional->is_boolean() || additional->get<bool>()) return;
    if (!unknown_done_.insert(site.pointer).second) return;
    const std::vector<std::string> allowed = PropertyNames(site.selected);
    for (auto it = site.value->begin(); it != site.value->end(); ++it) {
      if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
      unknown_keys_[site.pointer].push_back(it.key());
      const std::string child = JsonPointerChild(site.pointer, it.key());
      Diagnostic d = UnknownKeyDiagnostic(site, it.key(), allowed);
      d.loc = Loc(doc_.sources.KeyLoc(child));
      Emit(std::move(d), site.pointer);
    }
  }

  // A map that takes exactly one of several keys (a step's action, a wait's condition) but has
  // none or several: no branch is meant, so valijson's complaints from every branch are replaced
  // by one diagnostic saying so, plus one per unknown key. Returns whether `site` is such a map;
  // the other explanations then leave it alone.
  bool KeyedMap(const Site& site) {
    if (site.outer == nullptr || site.value == nullptr || !site.value->is_object()) return false;
    const std::vector<KeyedBranch> keyed = KeyedBranches(site.outer);
    if (keyed.empty()) return false;
    std::vector<std::string> choices, allowed;
    for (const KeyedBranch& k : keyed) {
      choices.push_back(k.key);
      for (const std::string& name : PropertyNames(k.branch)) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
          allowed.push_back(name);
        }
      }
    }
    // The map's keys in the order they were written.
    std::vector<std::pair<SourceLoc, std::string>> keys;
    for (auto it = site.value->begin(); it != site.value->end(); ++it) {
      keys.emplace_back(doc_.sources.KeyLoc(JsonPointerChild(site.pointer, it.key())), it.key());
    }
    std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first.line, a.first.column) < std::tie(b.first.line, b.first.column);
    });
    std::vector<std::pair<SourceLoc, std::string>> present;
    for (const auto& key : keys) {
      if (std::find(choices.begin(), choices.end(), key.second) != choices.end()) {
        present.push_back(key);
      }
    }
    if (present.size() == 1) return false;
    if (!keyed_done_.insert(site.pointer).second) return true;

    const Choice& choice = ChoiceFor(site.outer);
    const std::string choice_list = std::string(choice.a_noun) + " is one of " + JoinOr(choices);
    bool named_a_choice = false;
    for (const auto& [at, key] : keys) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      if (!present.empty()) {
        const std::string hint = DidYouMean(key, allowed);
        Emit({Loc(at), "unknown key '" + key + "'",
              hint.empty() ? "expected one of " + JoinComma(allowed) : hint},
             site.pointer);
      } else if (std::string hint = DidYouMean(key, choices); !hint.empty()) {
        Emit({Loc(at), "unknown " + std::string(choice.noun) + " '" + key + "'", hint},
             site.pointer);
        named_a_choice = true;
      } else if (hint = DidYouMean(key, allowed); !hint.empty()) {
        Emit({Loc(at), "unknown key '" + key + "'", hint}, site.pointer);
      } else {
        Emit({Loc(at), "unknown " + std::string(choice.noun) + " '" + key + "'", choice_list},
             site.pointer);
        named_a_choice = true;
      }
    }
    if (present.size() > 1) {
      std::vector<std::string> names;
      for (const auto& p : present) names.push_back(p.second);
      Emit({Loc(present[1].first),
            std::string(choice.many) + ", this one has " + std::to_string(present.size()) + " (" +
                JoinComma(names) + ")",
            std::string(choice.many_hint)},
           site.pointer);
    } else if (!named_a_choice) {
      Emit({Loc(doc_.sources.ValueLoc(site.pointer)), std::string(choice.none), choice_list},
           site.pointer);
    }
    return true;
  }

  void Explain(const Site& site, const Classified& c, const std::string& raw) {
    if (KeyedMap(site)) return;
    const nlohmann::json* v = site.value;
    const NodeSource* source = doc_.sources.Find(site.pointer);
    const SourceLoc loc = Loc(doc_.sources.ValueLoc(site.pointer));
    if (site.outer == nullptr || v == nullptr) {
      if (c.kind != Kind::kWrapper) Emit({loc, "invalid value: " + raw, ""}, site.pointer);
      return;
    }
    switch (c.kind) {
      case Kind::kType: {
        if (site.selected != nullptr && TypeAdmits(site.selected, *v)) return;  // another branch
        std::string hint;
        if (v->is_string() && source != nullptr && source->quoted &&
            nlohmann::json::accept(v->get<std::string>()) &&
            nlohmann::json::parse(v->get<std::string>()).is_number()) {
          hint = "quoted values are strings; remove the quotes";
        }
        Emit({loc, Expected(*site.outer, *v, source), hint}, site.pointer);
        return;
      }
      case Kind::kEnum: {
        const OJson* values = Member(site.selected, "enum");
        if (values == nullptr || !TypeAdmits(site.selected, *v)) return;
        std::vector<std::string> names;
        for (const OJson& e : *values) names.push_back(RenderExample(e));
        std::string hint;
        if (v->is_string()) hint = DidYouMean(v->get<std::string>(), names);
        // A long closed vocabulary (Kafka API and error names) is named, not spelt out, when a
        // close name can be suggested.
        const OJson* title = Member(site.selected, "title");
        if (names.size() > kLongEnum && v->is_string() && title != nullptr && title->is_string()) {
          Emit({loc, "unknown " + title->get<std::string>() + " " + DescribeValue(*v, source),
                hint.empty() ? "expected one of " + JoinComma(names) : hint},
               site.pointer);
          return;
        }
        Emit({loc, "expected one of " + JoinComma(names) + ", got " + DescribeValue(*v, source),
              hint},
             site.pointer);
        return;
      }
      case Kind::kConstraint: {
        if (Member(site.selected, c.keyword) == nullptr || !TypeAdmits(site.selected, *v)) return;
        const OJson& described =
            Member(site.outer, "title") != nullptr ? *site.outer : *site.selected;
        Emit({loc, Expected(described, *v, source), ""}, site.pointer);
        return;
      }
      case Kind::kRequired: {
        const OJson* required = Member(site.selected, "required");
        if (required == nullptr || !v->is_object() || v->contains(c.keyword)) return;
        const bool keyed = !KeyedBranches(site.outer).empty();
        if (keyed && std::find(required->begin(), required->end(), c.keyword) == required->end()) {
          return;  // another branch's key: that branch is not the one meant
        }
        for (const std::string& unknown : unknown_keys_[site.pointer]) {
          if (ClosestMatch(unknown, {c.keyword})) return;  // reported as a misspelling
        }
        const OJson* examples = Member(site.selected, "examples");
        const std::string hint =
            keyed && examples != nullptr && examples->is_array() && !examples->empty()
                ? "e.g. " + RenderExample((*examples)[0])
                : "";
        Emit({loc, MissingKeyMessage(site, c.keyword), hint}, site.pointer);
        return;
      }
      case Kind::kUnknownKey:
        return;  // handled by UnknownKeys before everything else
      case Kind::kMinItems: {
        const OJson* min_items = Member(site.selected, "minItems");
        if (min_items == nullptr || !v->is_array()) return;
        const std::vector<std::string> segments = JsonPointerSegments(site.pointer);
        const std::string name = segments.empty() ? "the list" : "'" + segments.back() + "'";
        const std::string count = min_items->dump();
        Emit({loc,
              name + " needs at least " + count + (count == "1" ? " entry" : " entries") +
                  ", got " + std::to_string(v->size()),
              ""},
             site.pointer);
        return;
      }
      case Kind::kMinProperties:
        if (Member(site.selected, "minProperties") == nullptr || !v->is_object()) return;
        Emit({loc, Expected(*site.outer, *v, source), ""}, site.pointer);
        return;
      case Kind::kMaxProperties:
        if (Member(site.selected, "maxProperties") == nullptr || !v->is_object()) return;
        Emit(TooManyChecks(site), site.pointer);
        return;
      case Kind::kUnique: {
        if (!v->is_array() || c.second >= v->size()) return;
        const std::string item = JsonPointerChild(site.pointer, c.second);
        const SourceLoc first = doc_.sources.ValueLoc(JsonPointerChild(site.pointer, c.first));
        const SourceLoc second = Loc(doc_.sources.ValueLoc(item));
        Emit({second, DescribeValue((*v)[c.second], doc_.sources.Find(item)) + " is listed twice",
              first.line > 0 && first.line != second.line
                  ? "first on line " + std::to_string(first.line)
                  : ""},
             item);
        return;
      }
      case Kind::kWrapper:
        return;
      case Kind::kOther:
        Emit({loc, "invalid value: " + raw, ""}, site.pointer);
        return;
    }
  }

 private:
  // The root of an empty file has no position; line 1 is where the reader should look.
  SourceLoc Loc(SourceLoc loc) const {
    if (loc.line == 0) {
      loc.file = doc_.sources.ValueLoc("").file;
      loc.line = 1;
      loc.column = 1;
    }
    return loc;
  }

  void Emit(Diagnostic d, const std::string& pointer) {
    const std::string key = d.loc.ToString() + "\n" + d.message;
    if (!seen_.insert(key).second) return;
    out_->push_back(std::move(d));
    if (pointers_ != nullptr) pointers_->push_back(pointer);
  }

  static std::string Expected(const OJson& fragment, const nlohmann::json& v,
                              const NodeSource* source) {
    return "expected " + DescribeExpectation(fragment) + ", got " + DescribeValue(v, source);
  }

  // An unknown key inside `expect` is almost always a misspelt check or figure name: say so in
  // the check's own terms.
  static Diagnostic UnknownKeyDiagnostic(const Site& site, const std::string& key,
                                         const std::vector<std::string>& allowed) {
    const std::vector<std::string> segments = JsonPointerSegments(site.pointer);
    const bool in_expect = !segments.empty() && segments[0] == "expect";
    if (in_expect && segments.size() == 2) {
      const std::string hint = DidYouMean(key, CheckNames());
      return {{},
              "unknown check '" + key + "'",
              hint.empty() ? "checks are: " + JoinComma(CheckNames()) : hint};
    }
    if (in_expect && segments.size() == 3) {
      const CheckEntry* check = FindCheckEntry(segments[2]);
      if (check != nullptr) {
        const bool is_bound =
            key == "min" || key == "max" || key == "equals" ||
            std::find(check->figures.begin(), check->figures.end(), key) != check->figures.end();
        if (!check->takes_bounds() && is_bound) {
          std::string bounded;
          for (const CheckEntry& other : CheckCatalogue()) {
            if (other.main_figure == check->main_figure && other.takes_bounds()) {
              bounded = other.name;
              break;
            }
          }
          return {{},
                  "'" + check->name + "' takes no bounds: it means " + check->main_figure + " == 0",
                  "use the check '" + bounded + "' to bound " + check->main_figure};
        }
        std::string hint = DidYouMean(key, allowed);
        if (hint.empty()) {
          std::vector<std::string> scope = check->required_scope;
          scope.insert(scope.end(), check->optional_scope.begin(), check->optional_scope.end());
          hint = "its scope keys are " + JoinComma(scope);
          if (check->takes_bounds()) hint += "; its figures are " + JoinComma(check->figures);
        }
        return {
            {}, "'" + key + "' is not a figure or scope key of check '" + check->name + "'", hint};
      }
    }
    const std::string hint = DidYouMean(key, allowed);
    return {{},
            "unknown key '" + key + "'",
            hint.empty() ? "expected one of " + JoinComma(allowed) : hint};
  }

  static std::string MissingKeyMessage(const Site& site, const std::string& key) {
    const std::vector<std::string> segments = JsonPointerSegments(site.pointer);
    if (segments.size() == 3 && segments[0] == "expect") {
      return "check '" + segments[2] + "' needs the scope key '" + key + "'";
    }
    // A titled branch (a produce step's map) names the map better than its fragment does.
    const OJson* title = site.selected != site.outer && Member(site.selected, "title") != nullptr
                             ? Member(site.selected, "title")
                             : Member(site.outer, "title");
    if (!segments.empty() && title != nullptr && title->is_string()) {
      return "missing required key '" + key + "' in this " + title->get<std::string>();
    }
    return "missing required key '" + key + "'";
  }

  Diagnostic TooManyChecks(const Site& site) const {
    std::vector<std::pair<SourceLoc, std::string>> keys;
    for (auto it = site.value->begin(); it != site.value->end(); ++it) {
      keys.emplace_back(doc_.sources.KeyLoc(JsonPointerChild(site.pointer, it.key())), it.key());
    }
    std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first.line, a.first.column) < std::tie(b.first.line, b.first.column);
    });
    std::vector<std::string> names;
    for (const auto& k : keys) names.push_back(k.second);
    return {Loc(keys.size() > 1 ? keys[1].first : doc_.sources.ValueLoc(site.pointer)),
            "an expect entry holds one check, this one has " + std::to_string(keys.size()) + " (" +
                JoinComma(names) + ")",
            "start each check on its own line with '- '"};
  }

  const YamlJson& doc_;
  std::vector<Diagnostic>* out_;
  std::vector<std::string>* pointers_;
  std::set<std::string> seen_;
  std::set<std::string> unknown_done_;
  std::set<std::string> keyed_done_;
  std::map<std::string, std::vector<std::string>> unknown_keys_;
};

}  // namespace

const nlohmann::ordered_json& ScenarioSchemaJson() {
  return Compiled(SchemaKind::kScenario).ordered;
}

std::vector<Diagnostic> ValidateAgainstSchema(const YamlJson& doc,
                                              std::vector<std::string>* error_pointers,
                                              SchemaKind kind, bool* complete) {
  if (complete != nullptr) *complete = false;
  std::vector<Diagnostic> out;
  const CompiledSchema& compiled = Compiled(kind);
  if (!compiled.error.empty()) {
    out.push_back({doc.sources.ValueLoc(""),
                   "internal error: a built-in schema does not compile: " + compiled.error, ""});
    return out;
  }
  // valijson must not see what its std::regex cannot match (pattern_guard.h).
  out = CheckPatternInputs(doc, compiled.ordered, error_pointers);
  if (!out.empty()) return out;
  if (complete != nullptr) *complete = true;
  valijson::ValidationResults results;
  try {
    valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::adapters::NlohmannJsonAdapter target(doc.value);
    if (validator.validate(compiled.schema, target, &results)) return out;
  } catch (const std::exception& e) {
    out.push_back({doc.sources.ValueLoc(""), std::string("internal error: ") + e.what(), ""});
    return out;
  }
  std::vector<std::pair<Site, Classified>> errors;
  std::vector<std::string> raws;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    errors.emplace_back(Locate(error.context, doc.value, compiled.ordered),
                        Classify(error.description));
    raws.push_back(error.description);
  }
  Explainer explainer(doc, &out, error_pointers);
  for (const auto& [site, c] : errors) {
    if (explainer.KeyedMap(site)) continue;
    if (c.kind == Kind::kUnknownKey) explainer.UnknownKeys(site);
  }
  for (size_t k = 0; k < errors.size(); ++k) {
    explainer.Explain(errors[k].first, errors[k].second, raws[k]);
  }
  return out;
}

}  // namespace ks
