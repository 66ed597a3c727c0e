#pragma once

// The JUnit XML rules the reports are held to (junit-10.xsd and what CI's readers add), as a
// function of a parsed document: used on reports made in process (tests/report/junit_test.cc)
// and on those the built binary writes (tests/e2e).

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace ks::test_support {

// What junit-10.xsd allows, the schema Jenkins' xUnit plugin validates JUnit files with
// (jenkinsci/xunit-plugin, src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/
// junit-10.xsd), written out as rules, with what the Ant format and its stricter schemas
// (windyroad's JUnit.xsd) add: the order of a suite's children, one outcome per test case, a
// timestamp without zone, and counts and times that the report mergers (junit-merge,
// junitparser, junit-report-merger) recompute from the children.
struct ElementRule {
  std::set<std::string> required;      ///< attributes that must be there
  std::set<std::string> optional;      ///< further attributes allowed
  std::vector<std::string> children;   ///< child elements allowed, in the order they must come
  std::set<std::string> at_most_once;  ///< children that may not repeat
  bool text = false;                   ///< may hold text (and then no child elements)
};

inline const std::map<std::string, ElementRule>& Junit10() {
  static const std::map<std::string, ElementRule> rules = {
      {"testsuites", {{}, {"name", "time", "tests", "failures", "errors"}, {"testsuite"}, {}}},
      {"testsuite",
       {{"name", "tests", "failures", "errors"},
        {"group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log",
         "url"},
        {"properties", "testcase", "system-out", "system-err"},
        {"properties", "system-out", "system-err"}}},
      {"properties", {{}, {}, {"property"}, {}}},
      {"property", {{"name", "value"}, {}, {}, {}}},
      {"testcase",
       {{"name"},
        {"time", "classname", "group"},
        {"skipped", "error", "failure", "system-out", "system-err"},
        {}}},
      {"failure", {{}, {"type", "message"}, {}, {}, true}},
      {"error", {{}, {"type", "message"}, {}, {}, true}},
      {"skipped", {{}, {"type", "message"}, {}, {}, true}},
      {"system-out", {{}, {}, {}, {}, true}},
      {"system-err", {{}, {}, {}, {}, true}},
  };
  return rules;
}

inline bool Matches(const char* value, const char* pattern) {
  return std::regex_match(value, std::regex(pattern));
}

// Every way `doc` breaks the rules above, one line each; empty when it keeps them.
inline std::vector<std::string> SchemaViolations(const pugi::xml_document& doc) {
  std::vector<std::string> v;
  pugi::xml_node root = doc.document_element();
  if (std::string(root.name()) != "testsuites")
    v.push_back("root is <" + std::string(root.name()) + ">");
  std::function<void(pugi::xml_node)> walk = [&](pugi::xml_node n) {
    const std::string name = n.name();
    auto it = Junit10().find(name);
    if (it == Junit10().end()) {
      v.push_back("<" + name + "> is not in the schema");
      return;
    }
    const ElementRule& rule = it->second;
    for (const std::string& a : rule.required) {
      if (!n.attribute(a.c_str())) v.push_back("<" + name + "> lacks " + a);
    }
    for (pugi::xml_attribute a : n.attributes()) {
      const std::string an = a.name();
      if (!rule.required.count(an) && !rule.optional.count(an)) {
        v.push_back("<" + name + "> may not carry " + an);
      }
      if ((an == "tests" || an == "failures" || an == "errors" || an == "skipped") &&
          !Matches(a.value(), "[0-9]+")) {
        v.push_back("<" + name + " " + an + "=\"" + a.value() + "\"> is not a count");
      }
      if (an == "time" && !Matches(a.value(), "[0-9]+(\\.[0-9]+)?")) {
        v.push_back("<" + name + " time=\"" + a.value() + "\"> is not decimal seconds");
      }
      if (an == "timestamp" &&
          !Matches(a.value(), "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")) {
        v.push_back("<" + name + " timestamp=\"" + a.value() + "\"> is not a zoneless dateTime");
      }
    }
    size_t order = 0;
    std::map<std::string, int> seen;
    for (pugi::xml_node c : n.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        if (!rule.text) v.push_back("<" + name + "> holds text");
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      const std::string cn = c.name();
      auto pos = std::find(rule.children.begin(), rule.children.end(), cn);
      if (pos == rule.children.end()) {
        v.push_back("<" + name + "> may not hold <" + cn + ">");
      } else if (static_cast<size_t>(pos - rule.children.begin()) < order) {
        v.push_back("<" + cn + "> comes too late in <" + name + ">");
      } else {
        order = static_cast<size_t>(pos - rule.children.begin());
      }
      if (++seen[cn] > 1 && rule.at_most_once.count(cn)) {
        v.push_back("<" + name + "> holds more than one <" + cn + ">");
      }
      walk(c);
    }
    if (name == "testcase" && seen["skipped"] + seen["error"] + seen["failure"] > 1) {
      v.push_back("<testcase name=\"" + std::string(n.attribute("name").value()) +
                  "\"> has more than one outcome");
    }
  };
  walk(root);

  // Counts and times are those of the children.
  auto count = [](pugi::xml_node suite, const char* outcome) {
    int k = 0;
    for (pugi::xml_node tc : suite.children("testcase")) k += tc.child(outcome) ? 1 : 0;
    return k;
  };
  std::map<std::string, int> totals;
  double suite_seconds = 0;
  size_t suites = 0;
  for (pugi::xml_node suite : root.children("testsuite")) {
    ++suites;
    const std::string sn = suite.attribute("name").value();
    const int tests = static_cast<int>(
        std::distance(suite.children("testcase").begin(), suite.children("testcase").end()));
    const std::map<std::string, int> expected = {{"tests", tests},
                                                 {"failures", count(suite, "failure")},
                                                 {"errors", count(suite, "error")},
                                                 {"skipped", count(suite, "skipped")}};
    for (const auto& [attr, want] : expected) {
      if (suite.attribute(attr.c_str()).as_int(want) != want) {
        v.push_back("suite " + sn + ": " + attr + " is not " + std::to_string(want));
      }
      totals[attr] += want;
    }
    double case_seconds = 0;
    size_t cases = 0;
    for (pugi::xml_node tc : suite.children("testcase")) {
      case_seconds += tc.attribute("time").as_double();
      ++cases;
    }
    // Each time is rounded to the millisecond on its own.
    if (suite.attribute("time") &&
        std::abs(suite.attribute("time").as_double() - case_seconds) > 0.0005 * (cases + 1)) {
      v.push_back("suite " + sn + ": time is not the sum of its test cases'");
    }
    suite_seconds += suite.attribute("time").as_double();
  }
  for (const char* attr : {"tests", "failures", "errors"}) {
    if (root.attribute(attr) && root.attribute(attr).as_int() != totals[attr]) {
      v.push_back(std::string("testsuites: ") + attr + " is not " + std::to_string(totals[attr]));
    }
  }
  if (root.attribute("time") &&
      std::abs(root.attribute("time").as_double() - suite_seconds) > 0.0005 * (suites + 1)) {
    v.push_back("testsuites: time is not the sum of its suites'");
  }
  return v;
}

}  // namespace ks::test_support
