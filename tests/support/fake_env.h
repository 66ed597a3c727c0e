#pragma once

// An environment for ${env:} interpolation tests: exactly the given variables.
#include <map>
#include <optional>
#include <string>

#include "scenario/env_interpolation.h"

namespace ks::test_support {

/// An EnvLookup that knows exactly `vars`.
inline EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace ks::test_support
