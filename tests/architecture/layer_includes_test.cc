// The layers' arrows: a file of runner/<layer>/ includes only headers of its own layer and of
// the layers its CMake target declares (ks_layer(... DEPS ...) in CMakeLists.txt, which CMake
// writes to generated/layer_deps.txt), and the declared arrows go one way (no cycle).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/read_file.h"

namespace {

using ks::test_support::ReadFile;

namespace fs = std::filesystem;

// Layer name -> the layers it declares.
using LayerTable = std::map<std::string, std::set<std::string>>;

// Reads lines "layer:dep dep ..." (CMakeLists.txt's ks_layer writes them).
LayerTable ParseLayerTable(const std::string& text) {
  LayerTable table;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::set<std::string>& deps = table[line.substr(0, colon)];
    std::istringstream words(line.substr(colon + 1));
    for (std::string dep; words >> dep;) deps.insert(dep);
  }
  return table;
}

// The includes of one file of `layer` that name another layer of `table` it does not declare,
// as "runner/<layer>/<file>:<line>: includes "<header>", but ks_<layer> does not declare
// ks_<other>".
void FindInFile(const fs::path& file, const std::string& layer, const LayerTable& table,
                std::vector<std::string>* found) {
  static const std::regex kInclude(R"re(^\s*#\s*include\s+"(([a-z_]+)/[^"]+)")re");
  const std::set<std::string>& declared = table.at(layer);
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::smatch m;
    if (!std::regex_search(line, m, kInclude)) continue;
    const std::string other = m[2].str();
    if (other == layer || !table.contains(other) || declared.contains(other)) continue;
    found->push_back("runner/" + layer + "/" + file.filename().string() + ":" +
                     std::to_string(number) + ": includes \"" + m[1].str() + "\", but ks_" + layer +
                     " does not declare ks_" + other);
  }
}

// Every undeclared include under runner_dir/<layer>/ (FindInFile), and each folder of
// runner_dir that is not a layer of the table; sorted.
std::vector<std::string> FindUndeclaredIncludes(const fs::path& runner_dir,
                                                const LayerTable& table) {
  std::vector<std::string> found;
  for (const fs::directory_entry& dir : fs::directory_iterator(runner_dir)) {
    if (!dir.is_directory()) continue;
    const std::string layer = dir.path().filename().string();
    if (!table.contains(layer)) {
      found.push_back("runner/" + layer + "/ is not a layer: add ks_layer(" + layer +
                      " DEPS ...) to CMakeLists.txt");
      continue;
    }
    for (const fs::directory_entry& file : fs::directory_iterator(dir.path())) {
      if (file.is_regular_file()) FindInFile(file.path(), layer, table, &found);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

// A cycle of declared arrows between layers of the table ("a -> b -> a"), or "" if none.
std::string FindCycle(const LayerTable& table) {
  std::map<std::string, int> state;  // 0 unvisited, 1 on the path, 2 done
  std::vector<std::string> path;
  std::string cycle;
  auto visit = [&](auto&& self, const std::string& layer) -> void {
    state[layer] = 1;
    path.push_back(layer);
    auto it = table.find(layer);
    for (const std::string& dep : it == table.end() ? std::set<std::string>{} : it->second) {
      if (!cycle.empty()) return;
      if (state[dep] == 1) {
        auto from = std::find(path.begin(), path.end(), dep);
        for (; from != path.end(); ++from) cycle += *from + " -> ";
        cycle += dep;
        return;
      }
      if (state[dep] == 0) self(self, dep);
    }
    path.pop_back();
    state[layer] = 2;
  };
  for (const auto& [layer, deps] : table) {
    if (state[layer] == 0 && cycle.empty()) visit(visit, layer);
  }
  return cycle;
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

TEST(LayerIncludes, EveryIncludeOfAnotherLayerIsDeclaredInCMake) {
  const LayerTable table =
      ParseLayerTable(ReadFile(fs::path(KS_BINARY_DIR) / "generated" / "layer_deps.txt"));
  ASSERT_TRUE(table.contains("checks") && table.contains("run")) << "no layer table";
  const std::vector<std::string> found =
      FindUndeclaredIncludes(fs::path(KS_SOURCE_DIR) / "runner", table);
  EXPECT_TRUE(found.empty()) << "Declare the arrow in CMakeLists.txt if it goes with the flow "
                                "(file -> model -> run -> history -> checks -> report), or move "
                                "the code:\n"
                             << Lines(found);
}

TEST(LayerIncludes, TheDeclaredArrowsHaveNoCycle) {
  const LayerTable table =
      ParseLayerTable(ReadFile(fs::path(KS_BINARY_DIR) / "generated" / "layer_deps.txt"));
  EXPECT_EQ(FindCycle(table), "");
}

// The checks above on a small tree of their own, so that they are known to find what they
// look for.
class LayerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::path(::testing::TempDir()) /
        ("layers-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "a");
    fs::create_directories(root_ / "b");
    Write("a/a.cc", "#include \"a/a.h\"\n#include <vector>\n#include \"b/b.h\"\n");
    Write("b/b.h", "#pragma once\n");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(root_ / name) << text;
  }
  fs::path root_;
};

TEST_F(LayerFixture, FindsAnUndeclaredIncludeWithItsLine) {
  EXPECT_EQ(FindUndeclaredIncludes(root_, ParseLayerTable("a:\nb:\n")),
            std::vector<std::string>{
                "runner/a/a.cc:3: includes \"b/b.h\", but ks_a does not declare ks_b"});
  EXPECT_TRUE(FindUndeclaredIncludes(root_, ParseLayerTable("a:b\nb:\n")).empty());
}

TEST_F(LayerFixture, FindsAFolderThatIsNoLayer) {
  EXPECT_EQ(FindUndeclaredIncludes(root_, ParseLayerTable("a:b\n")),
            std::vector<std::string>{
                "runner/b/ is not a layer: add ks_layer(b DEPS ...) to CMakeLists.txt"});
}

TEST(LayerCycle, FindsACycleAndAcceptsADag) {
  EXPECT_EQ(FindCycle(ParseLayerTable("a:b\nb:c\nc:\n")), "");
  EXPECT_EQ(FindCycle(ParseLayerTable("a:b\nb:c\nc:a\n")), "a -> b -> c -> a");
}

}  // namespace
