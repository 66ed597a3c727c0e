#include "scenario/schema_errors.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>
#include <tuple>

#include "diag/spelling.h"
#include "scenario/check_catalogue.h"
#include "scenario/schema_check.h"
#include "scenario/schema_error_site.h"

namespace ks {
namespace {

using schema::Classified;
using schema::Classify;
using schema::Deref;
using schema::DescribeValue;
using schema::JoinComma;
using schema::JoinOr;
using schema::JsonPointerSegments;
using schema::KeyedBranch;
using schema::KeyedBranches;
using schema::Kind;
using schema::Locate;
using schema::Member;
using schema::OJson;
using schema::RenderExample;
using schema::SelectBranch;
using schema::Site;
using schema::TypeAdmits;

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
      case Kind::kType:
        WrongType(site, *v, source, loc);
        return;
      case Kind::kEnum:
        NotInEnum(site, *v, source, loc);
        return;
      case Kind::kConstraint: {
        if (Member(site.selected, c.keyword) == nullptr || !TypeAdmits(site.selected, *v)) return;
        const OJson& described =
            Member(site.outer, "title") != nullptr ? *site.outer : *site.selected;
        Emit({loc, Expected(described, *v, source), ""}, site.pointer);
        return;
      }
      case Kind::kRequired:
        MissingKey(site, *v, c.keyword, loc);
        return;
      case Kind::kUnknownKey:
        return;  // handled by UnknownKeys before everything else
      case Kind::kMinItems:
        TooFewItems(site, *v, loc);
        return;
      case Kind::kMinProperties:
        if (Member(site.selected, "minProperties") == nullptr || !v->is_object()) return;
        Emit({loc, Expected(*site.outer, *v, source), ""}, site.pointer);
        return;
      case Kind::kMaxProperties:
        if (Member(site.selected, "maxProperties") == nullptr || !v->is_object()) return;
        Emit(TooManyChecks(site), site.pointer);
        return;
      case Kind::kUnique:
        ListedTwice(site, *v, c);
        return;
      case Kind::kWrapper:
        return;
      case Kind::kOther:
        Emit({loc, "invalid value: " + raw, ""}, site.pointer);
        return;
    }
  }

 private:
  void WrongType(const Site& site, const nlohmann::json& v, const NodeSource* source,
                 const SourceLoc& loc) {
    if (site.selected != nullptr && TypeAdmits(site.selected, v)) return;  // another branch
    std::string hint;
    if (v.is_string() && source != nullptr && source->quoted &&
        nlohmann::json::accept(v.get<std::string>()) &&
        nlohmann::json::parse(v.get<std::string>()).is_number()) {
      hint = "quoted values are strings; remove the quotes";
    }
    Emit({loc, Expected(*site.outer, v, source), hint}, site.pointer);
  }

  void NotInEnum(const Site& site, const nlohmann::json& v, const NodeSource* source,
                 const SourceLoc& loc) {
    const OJson* values = Member(site.selected, "enum");
    if (values == nullptr || !TypeAdmits(site.selected, v)) return;
    std::vector<std::string> names;
    for (const OJson& e : *values) names.push_back(RenderExample(e));
    std::string hint;
    if (v.is_string()) hint = DidYouMean(v.get<std::string>(), names);
    // A long closed vocabulary (Kafka API and error names) is named, not spelt out, when a
    // close name can be suggested.
    const OJson* title = Member(site.selected, "title");
    if (names.size() > kLongEnum && v.is_string() && title != nullptr && title->is_string()) {
      Emit({loc, "unknown " + title->get<std::string>() + " " + DescribeValue(v, source),
            hint.empty() ? "expected one of " + JoinComma(names) : hint},
           site.pointer);
      return;
    }
    Emit({loc, "expected one of " + JoinComma(names) + ", got " + DescribeValue(v, source), hint},
         site.pointer);
  }

  void MissingKey(const Site& site, const nlohmann::json& v, const std::string& key,
                  const SourceLoc& loc) {
    const OJson* required = Member(site.selected, "required");
    if (required == nullptr || !v.is_object() || v.contains(key)) return;
    const bool keyed = !KeyedBranches(site.outer).empty();
    if (keyed && std::find(required->begin(), required->end(), key) == required->end()) {
      return;  // another branch's key: that branch is not the one meant
    }
    for (const std::string& unknown : unknown_keys_[site.pointer]) {
      if (ClosestMatch(unknown, {key})) return;  // reported as a misspelling
    }
    const OJson* examples = Member(site.selected, "examples");
    const std::string hint =
        keyed && examples != nullptr && examples->is_array() && !examples->empty()
            ? "e.g. " + RenderExample((*examples)[0])
            : "";
    Emit({loc, MissingKeyMessage(site, key), hint}, site.pointer);
  }

  void TooFewItems(const Site& site, const nlohmann::json& v, const SourceLoc& loc) {
    const OJson* min_items = Member(site.selected, "minItems");
    if (min_items == nullptr || !v.is_array()) return;
    const std::vector<std::string> segments = JsonPointerSegments(site.pointer);
    const std::string name = segments.empty() ? "the list" : "'" + segments.back() + "'";
    const std::string count = min_items->dump();
    Emit({loc,
          name + " needs at least " + count + (count == "1" ? " entry" : " entries") + ", got " +
              std::to_string(v.size()),
          ""},
         site.pointer);
  }

  void ListedTwice(const Site& site, const nlohmann::json& v, const Classified& c) {
    if (!v.is_array() || c.second >= v.size()) return;
    const std::string item = JsonPointerChild(site.pointer, c.second);
    const SourceLoc first = doc_.sources.ValueLoc(JsonPointerChild(site.pointer, c.first));
    const SourceLoc second = Loc(doc_.sources.ValueLoc(item));
    Emit(
        {second, DescribeValue(v[c.second], doc_.sources.Find(item)) + " is listed twice",
         first.line > 0 && first.line != second.line ? "first on line " + std::to_string(first.line)
                                                     : ""},
        item);
  }

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

std::vector<Diagnostic> ExplainSchemaErrors(const YamlJson& doc, const OJson& schema,
                                            const std::vector<SchemaError>& errors,
                                            std::vector<std::string>* error_pointers) {
  std::vector<Diagnostic> out;
  std::vector<std::pair<Site, Classified>> sites;
  for (const SchemaError& e : errors) {
    sites.emplace_back(Locate(e.context, doc.value, schema), Classify(e.description));
  }
  Explainer explainer(doc, &out, error_pointers);
  for (const auto& [site, c] : sites) {
    if (explainer.KeyedMap(site)) continue;
    if (c.kind == Kind::kUnknownKey) explainer.UnknownKeys(site);
  }
  for (size_t k = 0; k < sites.size(); ++k) {
    explainer.Explain(sites[k].first, sites[k].second, errors[k].description);
  }
  return out;
}

}  // namespace ks
