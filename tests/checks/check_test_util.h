#pragma once

// Small helpers for the checks' tests: expect entries and figure lookups in one line each.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "checks/check.h"
#include "support/history_builder.h"

namespace ks::test_support {

/// An expect entry as the loader would produce it.
inline ExpectSpec Expect(std::string check, std::map<std::string, std::string> scope,
                         std::vector<FigureBound> bounds = {}) {
  ExpectSpec spec;
  spec.check = std::move(check);
  spec.scope = std::move(scope);
  spec.bounds = std::move(bounds);
  return spec;
}

/// `figure: {max: v}`; an empty figure bounds the main figure.
inline FigureBound Max(double v, std::string figure = "") {
  FigureBound b;
  b.figure = std::move(figure);
  b.max = v;
  return b;
}

/// `figure: {min: v}`
inline FigureBound Min(double v, std::string figure = "") {
  FigureBound b;
  b.figure = std::move(figure);
  b.min = v;
  return b;
}

/// `figure: v`
inline FigureBound Equals(double v, std::string figure = "") {
  FigureBound b;
  b.figure = std::move(figure);
  b.min = v;
  b.max = v;
  return b;
}

/// The value of `name` in `r`, or -1 (never a real count) when the check did not compute it.
inline double FigureOf(const CheckResult& r, const std::string& name) {
  return FindFigure(r.figures, name).value_or(-1);
}

/// All evidence lines joined, for substring assertions.
inline std::string EvidenceText(const CheckResult& r) {
  std::string all;
  for (const std::string& line : r.evidence_text) all += line + "\n";
  return all;
}

}  // namespace ks::test_support
