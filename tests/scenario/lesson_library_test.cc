// The bundled lessons (scenarios/*.yaml) are lessons: each has a title and a lesson text of its
// own. The format makes both optional (a scenario written for CI needs neither, and the loader
// then defaults the title to the name), so this reads the files as written, not the model.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace ks {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> BundledLessons() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(KS_SOURCE_DIR) / "scenarios")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The text of `key` when it is a scalar with something besides white space in it; else "".
std::string Text(const YAML::Node& doc, const char* key) {
  const YAML::Node node = doc[key];
  if (!node || !node.IsScalar()) return "";
  const std::string text = node.Scalar();
  return text.find_first_not_of(" \t\r\n") == std::string::npos ? "" : text;
}

TEST(LessonLibrary, EveryBundledLessonHasATitleAndALessonText) {
  const std::vector<fs::path> files = BundledLessons();
  ASSERT_GE(files.size(), 30u) << "the lesson library is missing";
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.filename().string());
    const YAML::Node doc = YAML::LoadFile(file.string());
    EXPECT_NE(Text(doc, "title"), "") << "no title";
    EXPECT_NE(Text(doc, "lesson"), "") << "no lesson text";
    // A title that only repeats the name is what the loader would make up without one.
    EXPECT_NE(Text(doc, "title"), Text(doc, "name")) << "the title only repeats the name";
  }
}

}  // namespace
}  // namespace ks
