// LuaSandbox: finding and calling functions, errors with chunk:line and traceback, seeding.
#include "luahost/lua_sandbox.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "luahost/lua_test_util.h"

namespace ks {
namespace {

using test_support::CallOne;
using test_support::CallWith;
using test_support::NewSandbox;
using test_support::TempFolder;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kOrders = R"(local M = {}
local function check(n)
  if n < 0 then
    error("negative quantity " .. n)
  end
  return n
end
function M.confirm(a, b)
  return a + b, a .. ":" .. b
end
function M.fail(n)
  local checked = check(n)
  return checked
end
M.limit = 5
M.inner = { deep = { fn = function() return "deep" end } }
return M
)";

class LuaSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("orders.lua", kOrders);
    dir_.Write("globals.lua", "function double(x) return 2 * x end\ncounter = 0\n");
    sandbox_ = NewSandbox({dir_.path()});
    ASSERT_NE(sandbox_, nullptr);
    ASSERT_TRUE(sandbox_->LoadModule("orders.lua").ok());
    ASSERT_TRUE(sandbox_->LoadModule("globals.lua").ok());
  }
  TempFolder dir_;
  std::unique_ptr<LuaSandbox> sandbox_;
};

TEST_F(LuaSandboxTest, ModuleFunctionTakesArgumentsAndReturnsResults) {
  std::vector<std::string> out;
  Status st = CallWith(*sandbox_, "orders.confirm", {2, 3}, 2, &out);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(out, (std::vector<std::string>{"5", "2:3"}));
}

TEST_F(LuaSandboxTest, ReadSeesResultsAtNegativeIndexes) {
  LuaFunction fn;
  ASSERT_TRUE(sandbox_->Find("orders.confirm", &fn).ok());
  EXPECT_EQ(fn.name, "orders.confirm");
  lua_Integer sum = 0;
  std::string joined;
  Status st = sandbox_->Call(
      fn,
      [](lua_State* L) {
        lua_pushinteger(L, 40);
        lua_pushinteger(L, 2);
        return 2;
      },
      2,
      [&](lua_State* L) {
        sum = lua_tointeger(L, -2);
        joined = lua_tostring(L, -1);
        return Status::Ok();
      });
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(sum, 42);
  EXPECT_EQ(joined, "40:2");
  EXPECT_EQ(lua_gettop(sandbox_->state()), 0);
}

TEST_F(LuaSandboxTest, GlobalFunction) {
  std::vector<std::string> out;
  ASSERT_TRUE(CallWith(*sandbox_, "double", {21}, 1, &out).ok());
  EXPECT_EQ(out, std::vector<std::string>{"42"});
}

TEST_F(LuaSandboxTest, NestedFieldsOfAGlobalTable) {
  EXPECT_EQ(CallOne(*sandbox_, "orders.inner.deep.fn"), "deep");
}

TEST_F(LuaSandboxTest, InlineFunction) {
  std::vector<std::string> out;
  Status st = CallWith(*sandbox_, "function(x) return x * 3, orders.limit end", {7}, 2, &out);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(out, (std::vector<std::string>{"21", "5"}));
}

TEST_F(LuaSandboxTest, InlineMultiLineFunction) {
  std::vector<std::string> out;
  ASSERT_TRUE(
      CallWith(*sandbox_, "  function(x)\n  local y = x + 1\n  return y\nend\n", {1}, 1, &out)
          .ok());
  EXPECT_EQ(out, std::vector<std::string>{"2"});
}

TEST_F(LuaSandboxTest, InlineRuntimeErrorNamesInlineChunk) {
  Status st = CallWith(*sandbox_, "function(x) return x .. nil end", {1}, 1);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), StartsWith("Lua function 'function(x) return x .. nil end' failed: "
                                       "inline:1: attempt to concatenate a nil value"));
}

TEST_F(LuaSandboxTest, InlineSyntaxError) {
  LuaFunction fn;
  Status st = sandbox_->Find("function(x) return x +", &fn);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "Lua function 'function(x) return x +' does not compile: inline:1: unexpected symbol "
            "near <eof>");
  EXPECT_FALSE(fn.valid());
}

TEST_F(LuaSandboxTest, MissingGlobal) {
  LuaFunction fn;
  Status st = sandbox_->Find("confirm", &fn);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "Lua function 'confirm' not found: no global 'confirm'");
  EXPECT_FALSE(fn.valid());
}

TEST_F(LuaSandboxTest, MissingField) {
  LuaFunction fn;
  Status st = sandbox_->Find("orders.cancel", &fn);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "Lua function 'orders.cancel' not found: 'orders' has no field 'cancel'");
}

TEST_F(LuaSandboxTest, MissingModule) {
  LuaFunction fn;
  Status st = sandbox_->Find("billing.charge", &fn);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "Lua function 'billing.charge' not found: no global 'billing'");
}

TEST_F(LuaSandboxTest, PartThatIsNotATable) {
  LuaFunction fn;
  Status st = sandbox_->Find("orders.limit.value", &fn);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "Lua function 'orders.limit.value' not found: 'orders.limit' is number, not a table");
}

TEST_F(LuaSandboxTest, NotAFunction) {
  LuaFunction fn;
  Status st = sandbox_->Find("orders.limit", &fn);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "Lua function 'orders.limit' is a number, not a function");
  st = sandbox_->Find("orders", &fn);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "Lua function 'orders' is a table, not a function");
}

TEST_F(LuaSandboxTest, CallingAnUnsetFunctionIsAnError) {
  LuaFunction fn;
  fn.name = "orders.confirm";
  Status st = sandbox_->Call(fn, nullptr, 0, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("'orders.confirm' not found"));
}

TEST_F(LuaSandboxTest, RuntimeErrorHasFileLineAndTraceback) {
  Status st = CallWith(*sandbox_, "orders.fail", {-3}, 1);
  ASSERT_FALSE(st.ok());
  const std::string& m = st.message();
  EXPECT_THAT(m,
              StartsWith("Lua function 'orders.fail' failed: orders.lua:4: negative quantity -3"));
  EXPECT_THAT(m, HasSubstr("stack traceback:"));
  EXPECT_THAT(m, HasSubstr("orders.lua:4: in "));  // check()
  EXPECT_THAT(m, HasSubstr("orders.lua:12: in function 'orders.fail'"));
}

TEST_F(LuaSandboxTest, StaysUsableAfterErrors) {
  lua_State* L = sandbox_->state();
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(CallWith(*sandbox_, "orders.fail", {-1}, 1).ok());
    EXPECT_EQ(lua_gettop(L), 0);
    std::vector<std::string> out;
    ASSERT_TRUE(CallWith(*sandbox_, "orders.fail", {9}, 1, &out).ok());
    EXPECT_EQ(out, std::vector<std::string>{"9"});
  }
}

TEST_F(LuaSandboxTest, ReadErrorNamesTheFunction) {
  LuaFunction fn;
  ASSERT_TRUE(sandbox_->Find("orders.confirm", &fn).ok());
  Status st = sandbox_->Call(
      fn,
      [](lua_State* L) {
        lua_pushinteger(L, 1);
        lua_pushinteger(L, 2);
        return 2;
      },
      1, [](lua_State*) { return Status::Error("expected a string, got a number"); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(), "Lua function 'orders.confirm': expected a string, got a number");
  EXPECT_EQ(lua_gettop(sandbox_->state()), 0);
}

TEST_F(LuaSandboxTest, PushCountMustMatch) {
  LuaFunction fn;
  ASSERT_TRUE(sandbox_->Find("orders.confirm", &fn).ok());
  Status st = sandbox_->Call(
      fn,
      [](lua_State* L) {
        lua_pushinteger(L, 1);
        return 2;
      },
      1, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("pushed 1 arguments but said 2"));
  EXPECT_EQ(lua_gettop(sandbox_->state()), 0);
}

TEST_F(LuaSandboxTest, ModuleSyntaxError) {
  dir_.Write("broken.lua", "local M = {}\nM.x = = 1\nreturn M\n");
  Status st = sandbox_->LoadModule("broken.lua");
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), StartsWith("Lua module broken.lua failed: broken.lua:2: "));
}

TEST_F(LuaSandboxTest, ModuleRuntimeErrorWhileLoading) {
  dir_.Write("lua/throws.lua", "local x = nil\nreturn x.field\n");
  Status st = sandbox_->LoadModule("lua/throws.lua");
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(),
              StartsWith("Lua module lua/throws.lua failed: lua/throws.lua:2: attempt to index a "
                         "nil value (local 'x')"));
  EXPECT_THAT(st.message(), HasSubstr("stack traceback:"));
}

TEST_F(LuaSandboxTest, ModuleInASubfolderIsNamedAfterItsStem) {
  dir_.Write("lua/billing.lua", "return { charge = function(n) return n * 100 end }\n");
  ASSERT_TRUE(sandbox_->LoadModule("lua/billing.lua").ok());
  std::vector<std::string> out;
  ASSERT_TRUE(CallWith(*sandbox_, "billing.charge", {3}, 1, &out).ok());
  EXPECT_EQ(out, std::vector<std::string>{"300"});
}

TEST_F(LuaSandboxTest, ModuleMissing) {
  Status st = sandbox_->LoadModule("lua/absent.lua");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "cannot load Lua module lua/absent.lua not found in " + dir_.path().string());
}

TEST_F(LuaSandboxTest, ModuleMayNotReplaceALibrary) {
  dir_.Write("string.lua", "return {}\n");
  Status st = sandbox_->LoadModule("string.lua");
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("its global 'string' would replace Lua's own"));
  EXPECT_EQ(CallOne(*sandbox_, "function() return string.upper('ok') end"), "OK");
}

TEST_F(LuaSandboxTest, ModuleFromTheSecondRoot) {
  TempFolder project;
  project.Write("lua/shared.lua", "return { name = function() return 'shared' end }\n");
  auto sandbox = NewSandbox({dir_.path(), project.path()});
  ASSERT_NE(sandbox, nullptr);
  ASSERT_TRUE(sandbox->LoadModule("lua/shared.lua").ok());
  EXPECT_EQ(CallOne(*sandbox, "shared.name"), "shared");
}

TEST(LuaSandboxSeedTest, SameSeedSameSequenceOtherSeedOtherSequence) {
  const std::string draw =
      "function() local t = {} for i = 1, 20 do t[i] = math.random(1, 1000000) end "
      "t[21] = math.random() return table.concat(t, ',') end";
  auto a = NewSandbox({}, {}, 42);
  auto b = NewSandbox({}, {}, 42);
  auto c = NewSandbox({}, {}, 43);
  ASSERT_TRUE(a && b && c);
  const std::string first = CallOne(*a, draw);
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, CallOne(*b, draw));
  EXPECT_NE(first, CallOne(*c, draw));
  // The sequence goes on (is not re-seeded per call), the same way in both.
  const std::string second = CallOne(*a, draw);
  EXPECT_NE(first, second);
  EXPECT_EQ(second, CallOne(*b, draw));
}

TEST(LuaSandboxSeedTest, RandomseedNeedsASeed) {
  auto sandbox = NewSandbox({});
  ASSERT_NE(sandbox, nullptr);
  Status st = Status::Ok();
  CallOne(*sandbox, "function() math.randomseed() return 1 end", &st);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("math.randomseed() needs a seed"));
  // With a seed it works, and repeats.
  EXPECT_EQ(CallOne(*sandbox, "function() math.randomseed(7) return math.random(1, 1000) end"),
            CallOne(*sandbox, "function() math.randomseed(7) return math.random(1, 1000) end"));
}

TEST(LuaSandboxMemoryTest, MemoryInUseFollowsTheState) {
  auto sandbox = NewSandbox({});
  ASSERT_NE(sandbox, nullptr);
  const size_t at_start = sandbox->memory_in_use();
  EXPECT_GT(at_start, 1000u);
  EXPECT_TRUE(CallWith(*sandbox, "function() big = string.rep('x', 1 << 20) end", {}, 0).ok());
  EXPECT_GT(sandbox->memory_in_use(), at_start + (1u << 20));
  EXPECT_TRUE(
      CallWith(*sandbox, "function() big = nil collectgarbage() collectgarbage() end", {}, 0).ok());
  EXPECT_LT(sandbox->memory_in_use(), at_start + (1u << 19));
}

TEST(LuaSandboxMemoryTest, OutOfMemoryWhilePushingIsAStatusNotAnAbort) {
  LuaLimits limits;
  limits.memory_bytes = 1u << 20;
  auto sandbox = NewSandbox({}, limits);
  ASSERT_NE(sandbox, nullptr);
  LuaFunction fn;
  ASSERT_TRUE(sandbox->Find("function(s) return #s end", &fn).ok());
  const std::string huge(2u << 20, 'x');
  Status st = sandbox->Call(
      fn,
      [&](lua_State* L) {
        lua_pushlstring(L, huge.data(), huge.size());  // outside any protected call
        return 1;
      },
      1, nullptr);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.message(),
            "Lua function 'function(s) return #s end' failed: memory limit of 1 MiB "
            "exceeded");
  // Still usable.
  std::vector<std::string> out;
  st = sandbox->Call(
      fn,
      [](lua_State* L) {
        lua_pushliteral(L, "abc");
        return 1;
      },
      1,
      [&](lua_State* L) {
        out.push_back(lua_tostring(L, -1));
        return Status::Ok();
      });
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(out, std::vector<std::string>{"3"});
}

TEST(LuaSandboxCreateTest, BudgetMustBePositive) {
  LuaLimits limits;
  limits.instructions_per_call = 0;
  std::string error;
  EXPECT_EQ(LuaSandbox::Create(limits, 1, {}, &error), nullptr);
  EXPECT_EQ(error, "the Lua instruction budget must be positive, not 0");
}

TEST(LuaSandboxCreateTest, TooLittleMemoryToStart) {
  LuaLimits limits;
  limits.memory_bytes = 4096;
  std::string error;
  EXPECT_EQ(LuaSandbox::Create(limits, 1, {}, &error), nullptr);
  EXPECT_THAT(error, StartsWith("Lua cannot start: "));
  EXPECT_THAT(error, HasSubstr("memory limit of 4 KiB exceeded"));
}

}  // namespace
}  // namespace ks
