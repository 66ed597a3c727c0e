// ModuleRoots: paths and require() names resolve inside the module folders only.
#include "luahost/lua_module_roots.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "luahost/lua_test_util.h"

namespace ks {
namespace {

namespace fs = std::filesystem;
using test_support::TempFolder;
using ::testing::HasSubstr;

class ModuleRootsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_.Write("orders.lua", "return {}");
    scenario_.Write("lua/shared.lua", "return 'scenario'");
    project_.Write("lua/shared.lua", "return 'project'");
    project_.Write("lua/util/strings.lua", "return {}");
    project_.Write("util/strings.lua", "return {}");
    secret_.Write("secret.lua", "return 'secret'");
  }
  TempFolder scenario_, project_, secret_;
};

TEST_F(ModuleRootsTest, RelativePathInTheFirstRootHoldingIt) {
  ModuleRoots roots({scenario_.path(), project_.path()});
  ResolvedModule m;
  ASSERT_TRUE(roots.Resolve("lua/shared.lua", &m).ok());
  EXPECT_EQ(m.canonical, fs::canonical(scenario_.path() / "lua/shared.lua"));
  EXPECT_EQ(m.display, "lua/shared.lua");
  ASSERT_TRUE(roots.Resolve("lua/util/strings.lua", &m).ok());
  EXPECT_EQ(m.canonical, fs::canonical(project_.path() / "lua/util/strings.lua"));
}

TEST_F(ModuleRootsTest, AbsolutePathInsideARoot) {
  ModuleRoots roots({scenario_.path(), project_.path()});
  ResolvedModule m;
  const fs::path p = project_.path() / "lua/shared.lua";
  ASSERT_TRUE(roots.Resolve(p, &m).ok());
  EXPECT_EQ(m.canonical, fs::canonical(p));
}

TEST_F(ModuleRootsTest, AbsolutePathOutsideTheRoots) {
  ModuleRoots roots({scenario_.path()});
  ResolvedModule m;
  Status st = roots.Resolve(secret_.path() / "secret.lua", &m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), (secret_.path() / "secret.lua").string() +
                              " is outside the allowed folders (" + scenario_.path().string() +
                              ")");
  st = roots.Resolve("/etc/passwd", &m);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("/etc/passwd is outside the allowed folders"));
}

TEST_F(ModuleRootsTest, DotDotOutOfTheRoots) {
  ModuleRoots roots({scenario_.path()});
  ResolvedModule m;
  const fs::path up = fs::path("..") / secret_.path().filename() / "secret.lua";
  Status st = roots.Resolve(up, &m);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("is outside the allowed folders"));
  st = roots.Resolve("../../../../../../../../etc/passwd", &m);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("is outside the allowed folders"));
}

TEST_F(ModuleRootsTest, DotDotThatStaysInsideIsFine) {
  ModuleRoots roots({scenario_.path()});
  ResolvedModule m;
  EXPECT_TRUE(roots.Resolve("lua/../orders.lua", &m).ok());
}

TEST_F(ModuleRootsTest, SymlinkOutOfTheRoots) {
  fs::create_symlink(secret_.path() / "secret.lua", scenario_.path() / "evil.lua");
  fs::create_directory_symlink(secret_.path(), scenario_.path() / "evil");
  ModuleRoots roots({scenario_.path()});
  ResolvedModule m;
  Status st = roots.Resolve("evil.lua", &m);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("evil.lua is outside the allowed folders"));
  st = roots.ResolveName("evil.secret", &m);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("is outside the allowed folders"));
}

TEST_F(ModuleRootsTest, NotFoundNamesTheRoots) {
  ModuleRoots roots({scenario_.path(), project_.path()});
  ResolvedModule m;
  Status st = roots.Resolve("lua/absent.lua", &m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "lua/absent.lua not found in " + scenario_.path().string() + ", " +
                              project_.path().string());
}

TEST_F(ModuleRootsTest, AFolderIsNotAModule) {
  ModuleRoots roots({scenario_.path()});
  ResolvedModule m;
  EXPECT_FALSE(roots.Resolve("lua", &m).ok());
}

TEST_F(ModuleRootsTest, NameWithDotsIsAPathBelowARoot) {
  ModuleRoots roots({scenario_.path(), project_.path()});
  ResolvedModule m;
  ASSERT_TRUE(roots.ResolveName("util.strings", &m).ok());
  EXPECT_EQ(m.canonical, fs::canonical(project_.path() / "util/strings.lua"));
  EXPECT_EQ(m.display, (project_.path() / "util/strings.lua").string());
  ASSERT_TRUE(roots.ResolveName("orders", &m).ok());
  EXPECT_EQ(m.canonical, fs::canonical(scenario_.path() / "orders.lua"));
}

TEST_F(ModuleRootsTest, NamesThatSpellPathsAreRefused) {
  ModuleRoots roots({scenario_.path()});
  ResolvedModule m;
  for (const char* name : {"../../etc/passwd", "/etc/passwd", "..secret", ".orders", "orders.",
                           "a..b", "lua\\shared", ""}) {
    Status st = roots.ResolveName(name, &m);
    ASSERT_FALSE(st.ok()) << name;
    EXPECT_THAT(st.message(), HasSubstr("is outside the allowed folders")) << name;
  }
}

TEST_F(ModuleRootsTest, NameNotFound) {
  ModuleRoots roots({scenario_.path()});
  ResolvedModule m;
  Status st = roots.ResolveName("util.absent", &m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "util/absent.lua not found in " + scenario_.path().string());
}

TEST(ModuleRootsNoRootsTest, NothingResolves) {
  ModuleRoots roots({});
  ResolvedModule m;
  Status st = roots.Resolve("x.lua", &m);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "x.lua not found in (no module folders)");
}

}  // namespace
}  // namespace ks
