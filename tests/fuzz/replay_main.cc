// The main() of a fuzz harness in an ordinary build (no libFuzzer, any compiler): runs
// LLVMFuzzerTestOneInput once on every file named, or found under a folder named, in the
// order given, folders in name order. ctest runs each harness this way over its regression
// inputs and seed corpus (tests/fuzz/seeds.txt), so a crash found once stays fixed.
//
//   build/fuzz_replay_scenario tests/fuzz/regressions/scenario scenarios
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const fs::path arg(argv[i]);
    if (!fs::is_directory(arg)) {
      files.push_back(arg);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& e : fs::recursive_directory_iterator(arg)) {
      if (e.is_regular_file()) found.push_back(e.path());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "fuzz replay: cannot read %s\n", f.c_str());
      return 2;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Named before it runs: a crash then shows which input it was.
    std::fprintf(stderr, "fuzz replay: %s\n", f.c_str());
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::fprintf(stderr, "fuzz replay: %zu inputs, no crash\n", files.size());
  return files.empty() ? 2 : 0;
}
