// require() inside the sandbox: dotted names, search order, caching, errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "luahost/lua_sandbox.h"
#include "luahost/lua_test_util.h"

namespace ks {
namespace {

using test_support::CallOne;
using test_support::NewSandbox;
using test_support::TempFolder;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class RequireTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scenario_.Write("util/strings.lua",
                    "loads = (loads or 0) + 1\n"
                    "local name, path = ...\n"
                    "return { upper = string.upper, name = name, path = path }\n");
    scenario_.Write("shared.lua", "return 'scenario'\n");
    project_.Write("shared.lua", "return 'project'\n");
    project_.Write("only_project.lua", "return 'project only'\n");
    scenario_.Write("silent.lua", "silent_ran = true\n");
    scenario_.Write("a.lua", "return require('b')\n");
    scenario_.Write("b.lua", "return require('a')\n");
    scenario_.Write("bad.lua", "local t = {}\nreturn t.x.y\n");
    scenario_.Write("syntax.lua", "return {\n");
    sandbox_ = NewSandbox({scenario_.path(), project_.path()});
    ASSERT_NE(sandbox_, nullptr);
  }
  std::string Eval(const std::string& body, Status* st = nullptr) {
    return CallOne(*sandbox_, "function() " + body + " end", st);
  }
  TempFolder scenario_, project_;
  std::unique_ptr<LuaSandbox> sandbox_;
};

TEST_F(RequireTest, DottedNameLoadsOnceWithNameAndPath) {
  EXPECT_EQ(Eval("return require('util.strings').upper('ok')"), "OK");
  EXPECT_EQ(Eval("return require('util.strings') == require('util.strings')"), "true");
  EXPECT_EQ(Eval("return loads"), "1");
  EXPECT_EQ(Eval("return require('util.strings').name"), "util.strings");
  EXPECT_EQ(Eval("return require('util.strings').path"),
            (scenario_.path() / "util/strings.lua").string());
}

TEST_F(RequireTest, FirstRootWins) {
  EXPECT_EQ(Eval("return require('shared')"), "scenario");
  EXPECT_EQ(Eval("return require('only_project')"), "project only");
}

TEST_F(RequireTest, ModuleReturningNothingGivesTrueAndRunsOnce) {
  EXPECT_EQ(Eval("return require('silent')"), "true");
  EXPECT_EQ(Eval("silent_ran = false return require('silent')"), "true");
  EXPECT_EQ(Eval("return silent_ran"), "false");
}

TEST_F(RequireTest, NotFoundNamesTheRoots) {
  Status st = Status::Ok();
  Eval("return require('util.absent')", &st);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(),
              HasSubstr("inline:1: require('util.absent'): util/absent.lua not found in " +
                        scenario_.path().string() + ", " + project_.path().string()));
}

TEST_F(RequireTest, WithheldLibrariesSaySo) {
  for (const char* lib : {"os", "io", "debug", "package", "coroutine"}) {
    Status st = Status::Ok();
    Eval(std::string("return require('") + lib + "')", &st);
    ASSERT_FALSE(st.ok()) << lib;
    EXPECT_THAT(st.message(), HasSubstr(std::string("require('") + lib + "'): the " + lib +
                                        " library is not available in the sandbox"));
  }
}

TEST_F(RequireTest, OpenLibrariesAreLoaded) {
  EXPECT_EQ(Eval("return require('string') == string"), "true");
}

TEST_F(RequireTest, CircularRequire) {
  Status st = Status::Ok();
  Eval("return require('a')", &st);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("require('a'): circular require (a is still loading)"));
  // The failed loads are forgotten: the same message again, not a different one.
  Eval("return require('a')", &st);
  EXPECT_THAT(st.message(), HasSubstr("require('a'): circular require"));
}

TEST_F(RequireTest, RuntimeErrorInAModuleHasItsFileAndLine) {
  Status st = Status::Ok();
  Eval("return require('bad')", &st);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("bad.lua:2: attempt to index a nil value (field 'x')"));
  EXPECT_THAT(st.message(), HasSubstr("stack traceback:"));
  EXPECT_THAT(st.message(), HasSubstr("in function 'require'"));
}

TEST_F(RequireTest, SyntaxErrorInAModule) {
  Status st = Status::Ok();
  Eval("return require('syntax')", &st);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("require('syntax'): "));
  EXPECT_THAT(st.message(), HasSubstr("syntax.lua:2: unexpected symbol near <eof>"));
}

TEST_F(RequireTest, LoadedModuleIsWhatRequireReturns) {
  project_.Write("lua/orders.lua", "loads = (loads or 0) + 1\nreturn { id = 'orders' }\n");
  ASSERT_TRUE(sandbox_->LoadModule("lua/orders.lua").ok());
  EXPECT_EQ(Eval("return require('orders') == orders"), "true");
  EXPECT_EQ(Eval("return loads"), "1");
}

TEST_F(RequireTest, NotAString) {
  Status st = Status::Ok();
  Eval("return require({})", &st);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), StartsWith("Lua function 'function() return require({}) end' "
                                       "failed: inline:1: bad argument #1 to 'require'"));
}

}  // namespace
}  // namespace ks
