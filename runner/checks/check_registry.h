#pragma once

// Which computation judges which check. Each check's own file says what it computes, at the end
// and at namespace scope:
//
//   KS_CHECK(lost, check_detail::ComputeLost, "no_loss", "lost")
//
// (a unique id, the function, the catalogue names it computes). The build collects these lines
// into RegisteredComputations() (cmake/check_registry.cmake writes generated/check_registry.cc),
// so adding a check touches no shared table; tests/checks/run_check_test.cc fails for a
// catalogue name without a computation.

#include <initializer_list>
#include <string_view>
#include <vector>

#include "checks/check.h"
#include "history/history.h"
#include "scenario/model.h"

namespace ks {

/// A check's computation: its figures over `history` for one expect entry.
using ComputeCheck = CheckFigures (*)(const History& history, const ExpectSpec& spec);

/// One catalogue name and the function that computes it.
struct CheckComputation {
  std::string_view name;  ///< as in the catalogue (scenario/check_catalogue.h)
  ComputeCheck compute = nullptr;
};

/// Every KS_CHECK of runner/checks/*.cc, one entry per name, in file order.
std::vector<CheckComputation> RegisteredComputations();

}  // namespace ks

/// Declares, in a check's file, that `compute` computes the checks named `...` (string literals);
/// `id` is unique among the checks' files. A line of its own starting with KS_CHECK(, at namespace
/// scope, with no semicolon after it (see the top of this file).
#define KS_CHECK(id, compute, ...)                                                       \
  namespace ks::check_registry {                                                         \
  void Register_##id(std::vector<CheckComputation>* out) {                               \
    for (std::string_view name : std::initializer_list<std::string_view>{__VA_ARGS__}) { \
      out->push_back({name, compute});                                                   \
    }                                                                                    \
  }                                                                                      \
  }
