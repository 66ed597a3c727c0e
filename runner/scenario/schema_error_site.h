#pragma once

// Where a valijson error points and what kind it is: the first step from valijson's raw errors
// to plain-words diagnostics (scenario/schema_errors.h).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scenario/schema_words.h"

namespace ks::schema {

/// Where one valijson error points: the instance node and the schema fragment that judged it.
struct Site {
  std::string pointer;                    ///< JSON pointer of the node ("/topics/0/name")
  const nlohmann::json* value = nullptr;  ///< the node; null when the instance lacks it
  const OJson* outer = nullptr;     ///< the fragment for this node, before a oneOf branch is chosen
  const OJson* selected = nullptr;  ///< the branch for the value's type (see SelectBranch)
};

/// Walks valijson's error context ("<root>", "[topics]", "[0]", ...) through the instance `root`
/// and the `schema` together, to the node the error is about and the fragment that judged it
/// (fragments and the value are null where the walk leaves them).
Site Locate(const std::vector<std::string>& context, const nlohmann::json& root,
            const OJson& schema);

/// What valijson complained of, from its message's wording (valijson 1.0's English texts).
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

/// A valijson message, classified.
struct Classified {
  Kind kind = Kind::kOther;
  std::string keyword;           ///< kConstraint: the schema keyword; kRequired: the missing key
  size_t first = 0, second = 0;  ///< kUnique: the two equal items
};

/// Classifies valijson's `description` of an error; kOther for a wording not known here.
Classified Classify(const std::string& description);

}  // namespace ks::schema
