#pragma once

#include <string>
#include <vector>

namespace ks {

/// Expands command-line PATHs into scenario files: a file is taken as it is; a folder is searched
/// recursively for *.yaml and *.yml, sorted by path so runs are in a stable (lesson) order.
/// A path that does not exist goes into `missing`. Never follows a folder twice.
std::vector<std::string> ExpandScenarioPaths(const std::vector<std::string>& paths,
                                             std::vector<std::string>* missing);

}  // namespace ks
