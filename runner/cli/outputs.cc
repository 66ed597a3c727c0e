#include "cli/outputs.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "diag/input_limits.h"
#include "diag/text_check.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/junit.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

bool IsFolder(const std::string& path) {
  std::error_code ec;
  return !path.empty() && (path.back() == '/' || fs::is_directory(path, ec));
}

// Why no file can be written in `folder` (made first if missing), or nothing: a file is created
// and removed in the nearest folder that exists, and its disk must have kMinFreeOutputBytes free.
// A read-only folder or a full disk then stops the command before the run, not after it.
std::optional<std::string> CannotWriteIn(fs::path folder) {
  std::error_code ec;
  if (folder.empty()) folder = ".";
  // A missing folder is made by the run: probe the nearest one that exists ("out/x" with no
  // out/ probes the working folder).
  while (!fs::exists(folder, ec)) {
    fs::path parent = folder.parent_path();
    if (parent.empty()) parent = ".";
    if (parent == folder) break;
    folder = parent;
  }
  if (!fs::is_directory(folder, ec)) return fmt::format("{} is not a folder", folder.string());
  std::string probe = (folder / ".kafka-scenario-probe-XXXXXX").string();
  const int fd = mkstemp(probe.data());
  if (fd < 0) return fmt::format("cannot write in {}: {}", folder.string(), std::strerror(errno));
  close(fd);
  unlink(probe.c_str());
  const fs::space_info space = fs::space(folder, ec);
  if (!ec && space.available < limits::kMinFreeOutputBytes) {
    return fmt::format("the disk of {} has {} free, less than the {} a run needs to start",
                       folder.string(), ByteSizeText(space.available),
                       ByteSizeText(limits::kMinFreeOutputBytes));
  }
  return std::nullopt;
}

// Why the file `path` (given as `option`) cannot be written, or nothing.
std::optional<std::string> CannotWriteFile(const std::string& option, const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return fmt::format("{} {}: is a folder", option, path);
  // An existing file must be writable too; access() asks without opening (or truncating) it.
  if (fs::exists(path, ec) && access(path.c_str(), W_OK) != 0) {
    return fmt::format("{} {}: cannot be written: {}", option, path, std::strerror(errno));
  }
  if (auto problem = CannotWriteIn(fs::path(path).parent_path())) {
    return fmt::format("{} {}: {}", option, path, *problem);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> CheckOutputPaths(const OutputPaths& paths, size_t scenarios) {
  if (!paths.history.empty() && !IsFolder(paths.history) && scenarios > 1) {
    return fmt::format(
        "--history {}: {} scenarios would write one file; give a folder (ending in '/') to get "
        "one history per scenario",
        paths.history, scenarios);
  }
  if (!paths.history.empty()) {
    if (!IsFolder(paths.history)) {
      if (auto problem = CannotWriteFile("--history", paths.history)) return problem;
    } else if (auto problem = CannotWriteIn(paths.history)) {
      return fmt::format("--history {}: {}", paths.history, *problem);
    }
  }
  if (!paths.junit.empty()) {
    if (auto problem = CannotWriteFile("--junit", paths.junit)) return problem;
  }
  if (!paths.json.empty()) {
    if (auto problem = CannotWriteFile("--json", paths.json)) return problem;
  }
  if (!paths.html.empty()) {
    if (auto problem = CannotWriteFile("--html", paths.html)) return problem;
  }
  return std::nullopt;
}

std::optional<std::string> CheckOutputsSpareInputs(const OutputPaths& paths,
                                                   const std::vector<std::string>& inputs) {
  const std::pair<const char*, const std::string*> outputs[] = {{"--history", &paths.history},
                                                                {"--junit", &paths.junit},
                                                                {"--json", &paths.json},
                                                                {"--html", &paths.html}};
  for (const auto& [option, path] : outputs) {
    if (path->empty() || IsFolder(*path)) continue;
    for (const std::string& input : inputs) {
      std::error_code ec;  // a file that does not exist yet is nobody's input
      if (fs::equivalent(*path, input, ec)) {
        return fmt::format(
            "{} {}: that is an input of this command, which writing would destroy; "
            "give another file",
            option, *path);
      }
    }
  }
  return std::nullopt;
}

std::string HistoryPath(const OutputPaths& paths, const Scenario& scenario) {
  if (paths.history.empty()) return "";
  if (!IsFolder(paths.history)) return paths.history;
  std::error_code ec;  // a folder that cannot be made shows up when the history is saved
  fs::create_directories(paths.history, ec);
  return (fs::path(paths.history) / (scenario.name + ".history.jsonl")).string();
}

std::vector<std::string> WriteReports(const OutputPaths& paths,
                                      const std::vector<ReportEntry>& entries,
                                      const RunInfo& info) {
  std::vector<std::string> errors;
  if (!paths.junit.empty()) {
    if (Status st = WriteJUnit(entries, info, paths.junit); !st.ok()) {
      errors.push_back(st.message());
    }
  }
  if (!paths.json.empty()) {
    if (Status st = WriteJsonReport(entries, info, paths.json); !st.ok()) {
      errors.push_back(st.message());
    }
  }
  if (!paths.html.empty()) {
    if (Status st = WriteHtmlReport(entries, info, paths.html); !st.ok()) {
      errors.push_back(st.message());
    }
  }
  return errors;
}

}  // namespace ks
