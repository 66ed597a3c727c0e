// The producer's and the member's Lua hooks, without Kafka: a module in a temporary folder, a
// scenario that names it, and the hooks' results and errors.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "actors/lua_processing.h"
#include "actors/lua_record_hooks.h"

namespace ks {
namespace {

namespace fs = std::filesystem;

class LuaHooksTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ks-lua-hooks-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "hooks.lua") << R"(
local hooks = {}
function hooks.key(i) if i % 2 == 0 then return "k-" .. i end return nil end
function hooks.value(i) return string.rep("v", i) end
function hooks.headers(i) return {source = "test", index = tostring(i)} end
function hooks.partition(key, n) return #(key or "") % n end
function hooks.bad_partition(key, n) return n end
function hooks.broken(i) error("boom at " .. i) end
function hooks.process(r)
  if r.offset == 1 then return "fail" end
  if r.offset == 2 then return 5 end
  return "ok"
end
function hooks.wrong(r) return {} end
function hooks.fan_out(r)
  return {{key = r.key, value = "a"}, {topic = "audit", value = r.value}}
end
function hooks.one(r) return {value = "x"} end
function hooks.elsewhere(r) return {topic = "nowhere"} end
return hooks
)";
    scenario_.path = (dir_ / "s.yaml").string();
    scenario_.lua_modules = {{"hooks.lua", {"s.yaml", 3, 7}}};
    plan_ = LuaPlan::Of(scenario_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static LuaRef Ref(const std::string& fn) { return LuaRef{fn, {"s.yaml", 12, 9}}; }

  fs::path dir_;
  Scenario scenario_;
  LuaPlan plan_;
};

TEST_F(LuaHooksTest, GeneratorsAndPartitioner) {
  ProducerSpec p;
  p.name = "p";
  p.key_lua = Ref("hooks.key");
  p.value_lua = Ref("hooks.value");
  p.headers_lua = Ref("hooks.headers");
  p.partitioner.kind = PartitionerKind::kLua;
  p.partitioner.lua = Ref("hooks.partition");
  std::string error;
  auto hooks = LuaRecordHooks::Open(p, plan_, &error);
  ASSERT_TRUE(hooks) << error;
  std::string key;
  bool null_key = true;
  ASSERT_TRUE(hooks->Key(4, &key, &null_key).ok());
  EXPECT_FALSE(null_key);
  EXPECT_EQ(key, "k-4");
  ASSERT_TRUE(hooks->Key(3, &key, &null_key).ok());
  EXPECT_TRUE(null_key);
  std::string value;
  ASSERT_TRUE(hooks->Value(3, &value).ok());
  EXPECT_EQ(value, "vvv");
  std::vector<std::pair<std::string, std::string>> headers;
  ASSERT_TRUE(hooks->Headers(7, &headers).ok());
  EXPECT_EQ(headers,
            (std::vector<std::pair<std::string, std::string>>{{"index", "7"}, {"source", "test"}}));
  int32_t partition = -1;
  const std::string k = "abcde";
  ASSERT_TRUE(hooks->Partition(&k, 3, &partition).ok());
  EXPECT_EQ(partition, 2);
  ASSERT_TRUE(hooks->Partition(nullptr, 3, &partition).ok());
  EXPECT_EQ(partition, 0);
}

TEST_F(LuaHooksTest, ErrorsPointAtTheYamlFieldAndCarryTheLuaMessage) {
  ProducerSpec p;
  p.name = "p";
  p.partitioner.kind = PartitionerKind::kLua;
  p.partitioner.lua = Ref("hooks.bad_partition");
  p.value_lua = Ref("hooks.broken");
  std::string error;
  auto hooks = LuaRecordHooks::Open(p, plan_, &error);
  ASSERT_TRUE(hooks) << error;
  int32_t partition = -1;
  Status st = hooks->Partition(nullptr, 3, &partition);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("s.yaml:12:9"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("partition 3 is outside 0..2"), std::string::npos) << st.message();
  std::string value;
  st = hooks->Value(5, &value);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("boom at 5"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("hooks.lua:"), std::string::npos) << st.message();

  ProducerSpec missing;
  missing.key_lua = Ref("hooks.nope");
  EXPECT_FALSE(LuaRecordHooks::Open(missing, plan_, &error));
  EXPECT_NE(error.find("s.yaml:12:9"), std::string::npos) << error;
  ProducerSpec none;
  error.clear();
  EXPECT_FALSE(LuaRecordHooks::Open(none, plan_, &error));  // no hook: no sandbox at all
  EXPECT_TRUE(error.empty());
}

TEST_F(LuaHooksTest, ProcessingOutcomes) {
  GroupSpec g;
  g.processing.emplace();
  g.processing->lua = Ref("hooks.process");
  std::string error;
  auto lua = LuaProcessing::Open(g, plan_, "g/0", &error);
  ASSERT_TRUE(lua) << error;
  LuaRecord r;
  LuaOutcome out;
  r.offset = 0;
  ASSERT_TRUE(lua->Process(r, &out).ok());
  EXPECT_FALSE(out.failed);
  r.offset = 1;
  ASSERT_TRUE(lua->Process(r, &out).ok());
  EXPECT_TRUE(out.failed);
  r.offset = 2;
  ASSERT_TRUE(lua->Process(r, &out).ok());
  EXPECT_EQ(out.delay_ms, 5);
  g.processing->lua = Ref("hooks.wrong");
  auto wrong = LuaProcessing::Open(g, plan_, "g/0", &error);
  ASSERT_TRUE(wrong);
  Status st = wrong->Process(r, &out);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("returns \"ok\", \"fail\" or a delay"), std::string::npos)
      << st.message();
}

TEST_F(LuaHooksTest, ProcessorOutputs) {
  GroupSpec g;
  g.processing.emplace();
  g.transform = TransformSpec{{"out", "audit"}, {}};
  g.processing->lua = Ref("hooks.fan_out");
  std::string error;
  auto lua = LuaProcessing::Open(g, plan_, "g/0", &error);
  ASSERT_TRUE(lua) << error;
  LuaRecord r;
  r.has_key = true;
  r.key = "k";
  r.value = "payload";
  LuaOutcome out;
  ASSERT_TRUE(lua->Process(r, &out).ok());
  ASSERT_EQ(out.outputs.size(), 2u);
  EXPECT_EQ(out.outputs[0].topic, "out");  // no topic: the first `to`
  EXPECT_EQ(out.outputs[0].key, "k");
  EXPECT_EQ(out.outputs[1].topic, "audit");
  EXPECT_FALSE(out.outputs[1].has_key);
  EXPECT_EQ(out.outputs[1].value, "payload");

  g.processing->lua = Ref("hooks.one");
  auto one = LuaProcessing::Open(g, plan_, "g/0", &error);
  ASSERT_TRUE(one->Process(r, &out).ok());
  ASSERT_EQ(out.outputs.size(), 1u);
  EXPECT_EQ(out.outputs[0].value, "x");

  g.processing->lua = Ref("hooks.elsewhere");
  auto elsewhere = LuaProcessing::Open(g, plan_, "g/0", &error);
  Status st = elsewhere->Process(r, &out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("output topic 'nowhere' is not one of the processor's to: [out, "
                              "audit]"),
            std::string::npos)
      << st.message();
}

}  // namespace
}  // namespace ks
