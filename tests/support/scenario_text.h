#pragma once

// Scenario files as text, for loader tests: the smallest valid one, and the single diagnostic a
// file that breaks one rule gives.

#include <gtest/gtest.h>

#include <string>

#include "scenario/loader.h"

namespace ks::test_support {

/// The least a scenario file needs: topic orders, producer p (5 records), group g, no_loss.
inline constexpr char kMinimalScenario[] = R"(name: minimal
title: The least a scenario needs
lesson: Defaults fill the rest.
topics:
  - name: orders
producers:
  - name: p
    topic: orders
    messages: 5
consumer_groups:
  - name: g
    topics: [orders]
expect:
  - no_loss: {group: g}
)";

/// The one diagnostic loading `text` (as file f.yaml) gives, as "file:line:col: message"; adds
/// a test failure and returns "" when it loads or gives another number of diagnostics.
inline std::string OnlyLoadError(const std::string& text) {
  const LoadResult r = LoadScenarioText(text, "f.yaml");
  EXPECT_FALSE(r.scenario.has_value());
  if (r.diagnostics.size() != 1) {
    ADD_FAILURE() << r.diagnostics.size() << " diagnostics:\n" << FormatLoadErrors(r);
    return "";
  }
  return r.diagnostics[0].loc.ToString() + ": " + r.diagnostics[0].message;
}

}  // namespace ks::test_support
