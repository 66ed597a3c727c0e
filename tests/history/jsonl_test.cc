#include "history/jsonl.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/read_file.h"
#include "support/temp_dir.h"

#if __has_include(<valijson/validator.hpp>)
#define KS_HAVE_VALIJSON 1
// valijson's default on a library error is to print and abort; a test should fail instead.
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>
#endif

namespace ks {
namespace {

using test_support::ReadFile;

namespace fs = std::filesystem;
using nlohmann::json;

class JsonlTest : public test_support::TempDirTest {
 protected:
  JsonlTest() : TempDirTest("ks-history-test") {}

  std::string Write(const std::string& name, const std::string& text) const {
    std::string path = Path(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

HistoryHeader SampleHeader() {
  return {"key-order-survives-rebalance",
          "scenarios/key-order.yaml",
          18446744073709551615ull,
          "localhost:9092",
          "librdkafka 2.0.2",
          {},
          "18c2f9a1b2c3d7f0a-0",
          "2024-05-01T12:34:56Z"};
}

// Keys that a JSON writer can get wrong: quotes, backslashes, control characters, multi-byte
// UTF-8, bytes that are not UTF-8 at all (incl. a NUL, an overlong form and a lone surrogate).
const std::vector<std::string>& TrickyKeys() {
  static const std::vector<std::string> keys = {
      "k1",
      "",
      "quote\" back\\slash\nnew\rline\ttab\b\f\x01\x1f\x7f",
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
      std::string("\xff\xfe\x00z", 4),
      "\xc0\xaf",
      "\xed\xa0\x80",
      "truncated \xe2\x82",
  };
  return keys;
}

// Every op kind and type, a null key, tricky keys, a foreign poll without identity, and a
// producer without configuration.
History SampleHistory() {
  History h;
  h.groups = {"billing"};
  uint32_t orders = h.topics.Intern("orders");
  uint32_t audit = h.topics.Intern("audit \"log\"");
  uint32_t p = h.producers.Intern("order-service");
  uint32_t px = h.producers.Intern("explicit-p");
  uint32_t stranger = h.producers.Intern("stranger");
  (void)stranger;
  h.producer_info = {{orders, "murmur2", -1}, {audit, "explicit", 2}};
  h.actors = {{"runner", ActorInfo::Role::kRunner, kNoId, -1},
              {"order-service", ActorInfo::Role::kProducer, kNoId, -1},
              {"explicit-p", ActorInfo::Role::kProducer, kNoId, -1},
              {"billing/0", ActorInfo::Role::kMember, 0, 0},
              {"billing/1", ActorInfo::Role::kMember, 0, 1}};
  int64_t t = 0;
  auto add = [&](OpType type, OpKind kind, uint32_t actor, auto&&... set) {
    Op op;
    op.time_us = t += 7;
    op.type = type;
    op.kind = kind;
    op.actor = actor;
    (set(op), ...);
    h.ops.push_back(op);
  };
  auto topic = [](uint32_t id) { return [id](Op& op) { op.topic = id; }; };
  auto part = [](int32_t n) { return [n](Op& op) { op.partition = n; }; };
  auto offset = [](int64_t n) { return [n](Op& op) { op.offset = n; }; };
  auto record = [](uint32_t prod, uint64_t seq) {
    return [prod, seq](Op& op) {
      op.producer = prod;
      op.seq = seq;
    };
  };
  auto key = [&h](const std::string& k) {
    uint32_t id = h.keys.Intern(k);
    return [id](Op& op) { op.key = id; };
  };
  auto gen = [](int32_t g) { return [g](Op& op) { op.generation = g; }; };

  for (uint32_t a = 0; a < h.actors.size(); ++a) add(OpType::kInvoke, OpKind::kStart, a);
  for (uint32_t a = 0; a < h.actors.size(); ++a) add(OpType::kOk, OpKind::kStart, a);
  add(OpType::kOk, OpKind::kAssign, 3, topic(orders), part(0), gen(1));
  add(OpType::kOk, OpKind::kAssign, 4, topic(orders), part(1), gen(1));
  uint64_t seq = 0;
  for (const std::string& k : TrickyKeys()) {
    add(OpType::kInvoke, OpKind::kSend, 1, topic(orders), record(p, seq), key(k));
    add(OpType::kOk, OpKind::kSend, 1, topic(orders), part(0), offset(int64_t(seq)), record(p, seq),
        key(k));
    add(OpType::kOk, OpKind::kPoll, 3, topic(orders), part(0), offset(int64_t(seq)), record(p, seq),
        key(k), gen(1));
    ++seq;
  }
  add(OpType::kInvoke, OpKind::kSend, 1, topic(orders), record(p, seq));  // a null key
  add(OpType::kInfo, OpKind::kSend, 1, topic(orders), record(p, seq));
  add(OpType::kInvoke, OpKind::kSend, 2, topic(audit), part(2), record(px, 0), key("k1"));
  add(OpType::kFail, OpKind::kSend, 2, topic(audit), part(2), record(px, 0), key("k1"));
  // A record that carries no identity header, e.g. written by another tool.
  add(OpType::kOk, OpKind::kPoll, 4, topic(orders), part(1), offset(0));
  // A record with the identity of a producer not in this run.
  add(OpType::kOk, OpKind::kPoll, 4, topic(orders), part(1), offset(1), record(stranger, 99),
      key("k1"), gen(1));
  add(OpType::kInvoke, OpKind::kCommit, 3, topic(orders), part(0), offset(8), gen(1));
  add(OpType::kOk, OpKind::kCommit, 3, topic(orders), part(0), offset(8), gen(1));
  add(OpType::kFail, OpKind::kCommit, 4, topic(orders), part(1), offset(-1001), gen(2));
  auto note = [&h](const std::string& n) {
    uint64_t id = h.notes.Intern(n);
    return [id](Op& op) { op.seq = id; };
  };
  add(OpType::kInvoke, OpKind::kFault, 0, note("rtt broker 1 \"2500\" ms"));
  add(OpType::kOk, OpKind::kFault, 0, note("rtt broker 1 \"2500\" ms"));
  add(OpType::kOk, OpKind::kCrash, 4);
  add(OpType::kOk, OpKind::kSeek, 3, topic(orders), part(0), offset(-2), gen(1));
  add(OpType::kOk, OpKind::kRevoke, 3, topic(orders), part(0), gen(1));
  add(OpType::kOk, OpKind::kRevoke, 4, topic(orders), part(1), gen(1));
  t -= 7;  // two ops at the same time: equal times are allowed
  for (uint32_t a = 1; a < h.actors.size(); ++a) add(OpType::kOk, OpKind::kStop, a);
  for (int32_t n = 0; n < 2; ++n) {
    add(OpType::kOk, OpKind::kWatermark, 0, topic(orders), part(n), offset(9));
    add(OpType::kOk, OpKind::kLogStart, 0, topic(orders), part(n), offset(0));
  }
  add(OpType::kOk, OpKind::kWatermark, 0, topic(audit), part(2), offset(-1));
  // The widest values an op holds (history/op.h).
  add(OpType::kInfo, OpKind::kStop, 0, offset(OpOffset::kMax), record(p, kMaxOpSeq),
      part(OpPartition::kMax), gen(OpGeneration::kMax));
  return h;
}

// Ops by name, so that two histories compare equal when their ids differ but their meaning
// does not (a loaded history interns keys in order of appearance).
std::vector<json> OpsByName(const History& h) {
  std::vector<json> out;
  for (const Op& op : h.ops) out.push_back(OpToJson(h, op));
  return out;
}

void ExpectSameHistory(const History& a, const History& b) {
  ASSERT_EQ(a.actors.size(), b.actors.size());
  for (size_t i = 0; i < a.actors.size(); ++i) {
    EXPECT_EQ(a.actors[i].name, b.actors[i].name);
    EXPECT_EQ(a.actors[i].role, b.actors[i].role);
    EXPECT_EQ(a.actors[i].group, b.actors[i].group);
    EXPECT_EQ(a.actors[i].member_index, b.actors[i].member_index);
  }
  EXPECT_EQ(a.groups, b.groups);
  EXPECT_EQ(a.topics.All(), b.topics.All());
  EXPECT_EQ(a.producers.All(), b.producers.All());
  ASSERT_EQ(a.producer_info.size(), b.producer_info.size());
  for (size_t i = 0; i < a.producer_info.size(); ++i) {
    EXPECT_EQ(a.producer_info[i].topic, b.producer_info[i].topic);
    EXPECT_EQ(a.producer_info[i].partitioner, b.producer_info[i].partitioner);
    EXPECT_EQ(a.producer_info[i].partition, b.producer_info[i].partition);
  }
  EXPECT_EQ(OpsByName(a), OpsByName(b));
  ASSERT_EQ(a.ops.size(), b.ops.size());
  for (size_t i = 0; i < a.ops.size(); ++i) {
    const Op& x = a.ops[i];
    const Op& y = b.ops[i];
    ASSERT_EQ(x.key == kNoId, y.key == kNoId) << "op " << i;
    if (x.key != kNoId) {
      EXPECT_EQ(a.keys.Get(x.key), b.keys.Get(y.key)) << "op " << i;
    }
    EXPECT_EQ(x.seq, y.seq);
    EXPECT_EQ(x.time_us, y.time_us);
  }
}

TEST(OpToJson, NamesInsteadOfIds) {
  History h = SampleHistory();
  const Op* poll = nullptr;
  for (const Op& op : h.ops) {
    if (op.kind == OpKind::kPoll && op.key != kNoId && h.keys.Get(op.key) == "k1") poll = &op;
  }
  ASSERT_NE(poll, nullptr);
  json expected = {{"type", "ok"},
                   {"f", "poll"},
                   {"time_us", int64_t{poll->time_us}},
                   {"actor", "billing/1"},
                   {"group", "billing"},
                   {"topic", "orders"},
                   {"partition", 1},
                   {"offset", 1},
                   {"key", "k1"},
                   {"record", {{"producer", "stranger"}, {"seq", 99}}},
                   {"generation", 1}};
  EXPECT_EQ(OpToJson(h, *poll), expected);

  Op start;
  start.kind = OpKind::kStart;
  start.type = OpType::kInvoke;
  start.actor = 0;
  EXPECT_EQ(OpToJson(h, start),
            (json{{"type", "invoke"}, {"f", "start"}, {"time_us", 0}, {"actor", "runner"}}));

  Op binary = start;
  binary.key = h.keys.Find(std::string("\xff\xfe\x00z", 4));
  ASSERT_NE(binary.key, kNoId);
  EXPECT_EQ(OpToJson(h, binary)["key_hex"], "fffe007a");
  EXPECT_FALSE(OpToJson(h, binary).contains("key"));
}

TEST_F(JsonlTest, RoundTripKeepsEveryOpAndTable) {
  History h = SampleHistory();
  std::string path = Path("h.jsonl");
  Status s = SaveHistoryJsonl(h, SampleHeader(), path);
  ASSERT_TRUE(s.ok()) << s.message();

  LoadedHistory loaded = LoadHistoryJsonl(path);
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front();
  ASSERT_TRUE(loaded.history.has_value());
  ExpectSameHistory(h, *loaded.history);
  EXPECT_EQ(loaded.header.scenario, "key-order-survives-rebalance");
  EXPECT_EQ(loaded.header.scenario_file, "scenarios/key-order.yaml");
  EXPECT_EQ(loaded.header.seed, 18446744073709551615ull);
  EXPECT_EQ(loaded.header.target, "localhost:9092");
  EXPECT_EQ(loaded.header.kafka_client, "librdkafka 2.0.2");
  EXPECT_EQ(loaded.header.run_id, "18c2f9a1b2c3d7f0a-0");
  EXPECT_EQ(loaded.header.started, "2024-05-01T12:34:56Z");

  // Every kind and every type made it through.
  std::set<std::pair<OpType, OpKind>> seen;
  for (const Op& op : loaded.history->ops) seen.emplace(op.type, op.kind);
  for (auto kind : {OpKind::kSend, OpKind::kPoll, OpKind::kCommit, OpKind::kAssign, OpKind::kRevoke,
                    OpKind::kStart, OpKind::kStop, OpKind::kWatermark, OpKind::kLogStart}) {
    EXPECT_TRUE(seen.count({OpType::kOk, kind})) << ToString(kind);
  }
  for (auto type : {OpType::kInvoke, OpType::kFail, OpType::kInfo}) {
    EXPECT_TRUE(seen.count({type, OpKind::kSend})) << ToString(type);
  }
  // Every tricky key's exact bytes.
  for (const std::string& k : TrickyKeys()) {
    EXPECT_NE(loaded.history->keys.Find(k), kNoId) << testing::PrintToString(k);
  }
}

TEST_F(JsonlTest, LoadThenSaveReproducesTheSameBytes) {
  std::string first = Path("first.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(SampleHistory(), SampleHeader(), first).ok());
  LoadedHistory loaded = LoadHistoryJsonl(first);
  ASSERT_TRUE(loaded.history.has_value());
  std::string second = Path("second.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(*loaded.history, loaded.header, second).ok());
  EXPECT_EQ(ReadFile(first), ReadFile(second));
}

// The checked-in sample pins the format: a change to it must be deliberate (update the sample,
// the schema and readers together). KS_UPDATE_SAMPLES=1 rewrites the sample.
TEST_F(JsonlTest, SaveMatchesTheCheckedInSample) {
  std::string sample = std::string(KS_SOURCE_DIR) + "/tests/data/history/sample.jsonl";
  if (std::getenv("KS_UPDATE_SAMPLES") != nullptr) {
    ASSERT_TRUE(SaveHistoryJsonl(SampleHistory(), SampleHeader(), sample).ok());
  }
  std::string path = Path("h.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(SampleHistory(), SampleHeader(), path).ok());
  EXPECT_EQ(ReadFile(path), ReadFile(sample)) << "saved " << path;

  LoadedHistory loaded = LoadHistoryJsonl(sample);
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front();
  std::string again = Path("again.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(*loaded.history, loaded.header, again).ok());
  EXPECT_EQ(ReadFile(again), ReadFile(sample));
}

TEST_F(JsonlTest, TextLoadsAsTheFileDoesWithTheGivenPathInErrors) {
  std::string sample = std::string(KS_SOURCE_DIR) + "/tests/data/history/sample.jsonl";
  LoadedHistory from_text = LoadHistoryJsonlText(ReadFile(sample), "given.jsonl");
  ASSERT_TRUE(from_text.errors.empty()) << from_text.errors.front();
  std::string again = Path("again.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(*from_text.history, from_text.header, again).ok());
  EXPECT_EQ(ReadFile(again), ReadFile(sample));

  LoadedHistory bad = LoadHistoryJsonlText("", "given.jsonl");
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].rfind("given.jsonl:1: empty file", 0), 0u) << bad.errors[0];
}

TEST_F(JsonlTest, OpLinesAreTheJsonOfOpToJson) {
  History h = SampleHistory();
  std::string path = Path("h.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(h, SampleHeader(), path).ok());
  std::vector<std::string> lines = Lines(ReadFile(path));
  ASSERT_EQ(lines.size(), h.ops.size() + 1);
  for (size_t i = 0; i < h.ops.size(); ++i) {
    EXPECT_EQ(json::parse(lines[i + 1]), OpToJson(h, h.ops[i])) << lines[i + 1];
  }
}

TEST_F(JsonlTest, SaveReplacesAnExistingFileAndLeavesNoTemporaryFile) {
  std::string path = Write("h.jsonl", "old contents\n");
  Write("neighbour.txt", "keep me\n");
  ASSERT_TRUE(SaveHistoryJsonl(SampleHistory(), SampleHeader(), path).ok());
  EXPECT_TRUE(LoadHistoryJsonl(path).history.has_value());
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir_)) names.insert(e.path().filename().string());
  EXPECT_EQ(names, (std::set<std::string>{"h.jsonl", "neighbour.txt"}));
  EXPECT_EQ(ReadFile(Path("neighbour.txt")), "keep me\n");
}

TEST_F(JsonlTest, SaveCreatesMissingFolders) {
  std::string path = Path("out/run-1/history.jsonl");
  Status s = SaveHistoryJsonl(SampleHistory(), SampleHeader(), path);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(LoadHistoryJsonl(path).history.has_value());
}

TEST_F(JsonlTest, SaveErrorsLeaveNoFile) {
  std::string file = Write("file", "");
  Status s = SaveHistoryJsonl(SampleHistory(), SampleHeader(), file + "/h.jsonl");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find(file + "/h.jsonl"), std::string::npos) << s.message();
  fs::remove(file);

  History bad = SampleHistory();
  bad.ops[3].actor = 42;
  std::string path = Path("bad.jsonl");
  s = SaveHistoryJsonl(bad, SampleHeader(), path);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("op 3 has actor id 42"), std::string::npos) << s.message();

  History bad_name = SampleHistory();
  bad_name.topics.Intern("\xff");
  s = SaveHistoryJsonl(bad_name, SampleHeader(), path);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not valid UTF-8"), std::string::npos) << s.message();

  // A time the loader would refuse is not written either.
  HistoryHeader local_time = SampleHeader();
  local_time.started = "2024-05-01T14:34:56+02:00";
  s = SaveHistoryJsonl(SampleHistory(), local_time, path);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("started is not a UTC time"), std::string::npos) << s.message();
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(JsonlTest, ProcessAndTransactionOpsAndProcessingGroupsRoundTrip) {
  History h;
  h.groups = {"plain", "workers"};
  h.processing_groups = {false, true};
  uint32_t orders = h.topics.Intern("orders");
  uint32_t p = h.producers.Intern("tx");
  h.producer_info = {{orders, "crc32", -1}};
  h.actors = {{"tx", ActorInfo::Role::kProducer, kNoId, -1},
              {"workers/0", ActorInfo::Role::kMember, 1, 0}};
  auto op = [&](int64_t t, OpKind kind, OpType type, uint32_t actor, uint64_t seq) {
    Op o;
    o.time_us = t;
    o.kind = kind;
    o.type = type;
    o.actor = actor;
    o.seq = seq;
    if (kind != OpKind::kTxn) {
      o.producer = p;
      o.topic = orders;
      o.partition = 0;
      o.offset = 7;
    }
    h.ops.push_back(o);
  };
  op(1, OpKind::kTxn, OpType::kInvoke, 0, 1);
  op(2, OpKind::kSend, OpType::kOk, 0, 0);
  op(3, OpKind::kTxn, OpType::kFail, 0, 1);
  op(4, OpKind::kPoll, OpType::kOk, 1, 0);
  op(5, OpKind::kProcess, OpType::kFail, 1, 0);
  op(6, OpKind::kProcess, OpType::kOk, 1, 0);
  std::string path = Path("p.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(h, SampleHeader(), path).ok());
  EXPECT_NE(ReadFile(path).find(R"("processing_groups":["workers"])"), std::string::npos);
  LoadedHistory loaded = LoadHistoryJsonl(path);
  ASSERT_TRUE(loaded.errors.empty()) << loaded.errors.front();
  ExpectSameHistory(h, *loaded.history);
  EXPECT_FALSE(loaded.history->Processes(0));
  EXPECT_TRUE(loaded.history->Processes(1));
}

TEST_F(JsonlTest, EmptyHistoryRoundTrips) {
  std::string path = Path("empty.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(History{}, HistoryHeader{}, path).ok());
  EXPECT_EQ(Lines(ReadFile(path)).size(), 1u);
  LoadedHistory loaded = LoadHistoryJsonl(path);
  ASSERT_TRUE(loaded.history.has_value()) << loaded.errors.front();
  EXPECT_TRUE(loaded.history->ops.empty());
}

// ---- load errors ------------------------------------------------------------------------------

constexpr std::string_view kHeader =
    R"({"kafka_scenario_history":1,"scenario":"s","scenario_file":"s.yaml","seed":1,)"
    R"("target":"t","kafka_client":"librdkafka 2.0.2",)"
    R"("actors":[{"name":"p","role":"producer"},{"name":"g/0","role":"member","group":"g","index":0}],)"
    R"("groups":["g"],"topics":["orders"],"producers":[{"name":"p","topic":"orders","partitioner":"crc32"}]})";
constexpr std::string_view kGoodOp =
    R"({"type":"ok","f":"send","time_us":5,"actor":"p","topic":"orders","partition":0,"offset":0,"record":{"producer":"p","seq":0}})";

class JsonlErrorTest : public JsonlTest {
 protected:
  // Loads a file made of the header and `ops` (one per line) and returns its errors.
  std::vector<std::string> Errors(const std::vector<std::string>& ops) {
    std::string text = std::string(kHeader) + "\n";
    for (const std::string& op : ops) text += op + "\n";
    path_ = Write("e.jsonl", text);
    LoadedHistory loaded = LoadHistoryJsonl(path_);
    EXPECT_EQ(loaded.history.has_value(), loaded.errors.empty());
    return loaded.errors;
  }
  // The one error expected, at `line` (and `column`, 1-based, when not 0), containing `text`.
  void ExpectError(const std::vector<std::string>& ops, int line, const std::string& text,
                   int column = 0) {
    std::vector<std::string> errors = Errors(ops);
    ASSERT_EQ(errors.size(), 1u) << testing::PrintToString(errors);
    std::string prefix = path_ + ":" + std::to_string(line) + ":" +
                         (column > 0 ? std::to_string(column) + ":" : "") + " ";
    EXPECT_EQ(errors[0].rfind(prefix, 0), 0u) << errors[0];
    EXPECT_NE(errors[0].find(text), std::string::npos) << errors[0];
  }
  // Ops 1 to limits::kMaxHistoryIds (file lines 2 to kMaxHistoryIds + 1), `line(i)` each naming
  // one more of `what` (topics, producers) beyond the header's one, so that the last is the one an
  // op cannot hold: refused at its line, whether the fast parser or the one that reports errors
  // met it first; without it, the file loads (path_).
  void ExpectTheIdLimit(const std::string& what, const std::function<std::string(uint32_t)>& line) {
    std::vector<std::string> ops;
    for (uint32_t i = 1; i <= limits::kMaxHistoryIds; ++i) ops.push_back(line(i));
    const int last = static_cast<int>(limits::kMaxHistoryIds) + 1;
    const std::string message = "more than 65,535 " + what + " in one history";
    ExpectError(ops, last, message);
    ops.back() = " " + ops.back();  // a line the fast parser leaves to the one that reports errors
    ExpectError(ops, last, message);
    ops.pop_back();
    EXPECT_EQ(Errors(ops), std::vector<std::string>{});
  }
  std::string path_;
};

TEST_F(JsonlErrorTest, TheSampleHeaderAndOpAreValid) {
  EXPECT_TRUE(Errors({std::string(kGoodOp)}).empty());
}

// A file written by hand or by another tool: any field order, spacing and escapes, a key_hex
// holding UTF-8, a topic and a producer that the header does not list. Saving it again gives
// the canonical form.
TEST_F(JsonlErrorTest, HandWrittenLinesLoad) {
  std::vector<std::string> ops = {
      R"(  { "actor" : "g/0", "time_us" : 1, "f" : "poll", "type" : "ok", "group" : "g",)"
      R"( "record" : { "seq" : 3, "producer" : "other" }, "key" : "caf\u00e9\n", "topic" : "new" } )",
      R"({"type":"ok","f":"poll","time_us":1,"actor":"g/0","key_hex":"6162"})",
      "{\"type\":\"ok\",\"f\":\"stop\",\"time_us\":2,\"actor\":\"p\"}\r",
  };
  ASSERT_EQ(Errors(ops), std::vector<std::string>{});
  LoadedHistory loaded = LoadHistoryJsonl(path_);
  ASSERT_TRUE(loaded.history.has_value());
  const History& h = *loaded.history;
  ASSERT_EQ(h.ops.size(), 3u);
  EXPECT_EQ(h.topics.All(), (std::vector<std::string>{"orders", "new"}));
  EXPECT_EQ(h.producers.All(), (std::vector<std::string>{"p", "other"}));
  EXPECT_EQ(h.keys.Get(h.ops[0].key), "caf\xc3\xa9\n");
  EXPECT_EQ(h.ops[0].seq, 3u);
  EXPECT_EQ(h.ops[0].actor, 1u);
  EXPECT_EQ(h.keys.Get(h.ops[1].key), "ab");
  EXPECT_EQ(h.ops[2].kind, OpKind::kStop);

  std::string saved = Path("saved.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(h, loaded.header, saved).ok());
  std::vector<std::string> lines = Lines(ReadFile(saved));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1],
            R"({"type":"ok","f":"poll","time_us":1,"actor":"g/0","group":"g","topic":"new",)"
            "\"key\":\"caf\xc3\xa9\\n\","
            R"("record":{"producer":"other","seq":3}})");
  EXPECT_EQ(lines[2],
            R"({"type":"ok","f":"poll","time_us":1,"actor":"g/0","group":"g","key":"ab"})");
}

TEST_F(JsonlErrorTest, BadJson) {
  // A syntax error's column (nlohmann's: the last byte it read) is in the location,
  // file:line:column as every diagnostic; the end of the line is the column after its last byte.
  ExpectError({std::string(kGoodOp), R"({"type":"ok",)"}, 3, "invalid JSON (syntax error", 14);
  ExpectError({"not json"}, 2, "expected an op object", 2);
  ExpectError({"[1,2]"}, 2, "must be a JSON object");
  ExpectError({""}, 2, "empty line");
  // nlohmann::json throws out_of_range, not parse_error, for a number it cannot hold (found by
  // tests/fuzz/history_fuzz.cc: `check` ended in std::terminate).
  ExpectError({R"({"type":"ok","f":"stop","time_us":1e999,"actor":"g/0"})"}, 2,
              "invalid JSON (number overflow parsing '1e999')");
}

// The column is the unexpected token's last byte: `"stop"` spans columns 18 to 23.
TEST_F(JsonlErrorTest, ASyntaxErrorIsReportedAtItsLineAndColumn) {
  const std::vector<std::string> errors =
      Errors({std::string(kGoodOp), R"({"type":"ok","f" "stop"})"});
  ASSERT_EQ(errors.size(), 1u) << testing::PrintToString(errors);
  EXPECT_EQ(errors[0], path_ +
                           ":3:23: invalid JSON (syntax error while parsing object separator - "
                           "unexpected string literal; expected ':'): expected an op object "
                           "{\"type\", \"f\", \"time_us\", ...}");
}

// Values wider than an op holds are refused at their line, whether the fast parser or the one
// that reports errors met them first (the fast parser leaves them to it).
TEST_F(JsonlErrorTest, ValuesBeyondWhatAnOpHoldsAreRefused) {
  const std::string op = R"({"type":"ok","f":"send","time_us":1,"actor":"p",)";
  ExpectError({R"({"type":"ok","f":"start","time_us":140737488355328,"actor":"p"})"}, 2,
              "field \"time_us\" must be an integer from -140737488355327 to 140737488355327");
  ExpectError({op + R"("topic":"orders","partition":0,"offset":-140737488355328})"}, 2,
              "field \"offset\" must be an integer from -140737488355327 to 140737488355327");
  ExpectError({op + R"("record":{"producer":"p","seq":4294967296}})"}, 2,
              "field \"record.seq\" must be an integer from 0 to 4294967295");
  ExpectError({R"({"type":"ok","f":"txn","time_us":1,"actor":"p","txn":4294967296})"}, 2,
              "field \"txn\" must be an integer from 0 to 4294967295");
  ExpectError({R"({"type":"ok","f":"assign","time_us":1,"actor":"g/0","generation":8388608})"}, 2,
              "field \"generation\" must be an integer from -8388607 to 8388607");
  ExpectError({R"({"type":"ok","f":"assign","time_us":1,"actor":"g/0","partition":-2})"}, 2,
              "field \"partition\" must be an integer from -1 to 65533");
  // At the limits, each is read as written.
  EXPECT_EQ(Errors({op + R"("topic":"orders","partition":65533,"offset":140737488355327,)" +
                    R"("record":{"producer":"p","seq":4294967295}})"}),
            std::vector<std::string>{});
}

// An op holds its producer in 16 bits: a history whose ops name a 65,536th producer is refused
// at its line (no run has more than kMaxClients).
TEST_F(JsonlErrorTest, MoreProducersThanAnOpHoldsAreRefused) {
  ExpectTheIdLimit("producers", [](uint32_t i) {  // "p" is the header's
    return R"({"type":"ok","f":"send","time_us":1,"actor":"p","record":{"producer":"q)" +
           std::to_string(i) + R"(","seq":1}})";
  });
}

// An op holds its topic in 16 bits: the 65,536th topic of a history is refused at its line,
// whether the fast parser or the one that reports errors met it first.
TEST_F(JsonlErrorTest, MoreTopicsThanAnOpHoldsAreRefusedAtTheirLine) {
  ExpectTheIdLimit("topics", [](uint32_t i) {  // "orders" is the header's
    return R"({"type":"ok","f":"assign","time_us":1,"actor":"g/0","topic":"t)" + std::to_string(i) +
           R"(","partition":0})";
  });
  LoadedHistory loaded = LoadHistoryJsonl(path_);
  ASSERT_TRUE(loaded.history);
  EXPECT_EQ(loaded.history->topics.Get(loaded.history->ops.back().topic),
            "t" + std::to_string(limits::kMaxHistoryIds - 1));
}

TEST_F(JsonlErrorTest, MoreTopicsInTheHeaderThanAnOpHoldsAreRefused) {
  std::string text(kHeader);
  std::string more;
  for (uint32_t i = 1; i <= limits::kMaxHistoryIds; ++i) {
    more += ",\"t" + std::to_string(i) + "\"";
  }
  text.insert(text.find(R"("orders"])") + 8, more);
  path_ = Write("topics.jsonl", text + "\n");
  LoadedHistory loaded = LoadHistoryJsonl(path_);
  ASSERT_EQ(loaded.errors.size(), 1u) << testing::PrintToString(loaded.errors);
  EXPECT_EQ(loaded.errors[0].rfind(path_ + ":1: ", 0), 0u) << loaded.errors[0];
  EXPECT_NE(loaded.errors[0].find("more than 65,535 topics"), std::string::npos);
}

TEST_F(JsonlErrorTest, UnknownActor) {
  ExpectError({R"({"type":"ok","f":"start","time_us":1,"actor":"ghost"})"}, 2,
              "unknown actor \"ghost\"");
}

TEST_F(JsonlErrorTest, MissingField) {
  ExpectError({R"({"type":"ok","f":"start","actor":"p"})"}, 2, "missing field \"time_us\"");
  ExpectError({R"({"f":"start","time_us":1,"actor":"p"})"}, 2, "missing field \"type\"");
  ExpectError({R"({"type":"ok","time_us":1,"actor":"p"})"}, 2, "missing field \"f\"");
  ExpectError({R"({"type":"ok","f":"start","time_us":1})"}, 2, "missing field \"actor\"");
  ExpectError({R"({"type":"ok","f":"send","time_us":1,"actor":"p","record":{"seq":1}})"}, 2,
              "missing field \"producer\" in record");
}

TEST_F(JsonlErrorTest, WrongType) {
  ExpectError({R"({"type":"ok","f":"start","time_us":"1","actor":"p"})"}, 2,
              "field \"time_us\" must be an integer");
  ExpectError({R"({"type":"ok","f":"start","time_us":1.5,"actor":"p"})"}, 2,
              "field \"time_us\" must be an integer");
  ExpectError({R"({"type":"ok","f":"start","time_us":1,"actor":"p","partition":65534})"}, 2,
              "field \"partition\" must be an integer from -1 to 65533");
  ExpectError({R"({"type":"ok","f":"start","time_us":1,"actor":7})"}, 2,
              "field \"actor\" must be a string, got 7");
  ExpectError({R"({"type":"done","f":"start","time_us":1,"actor":"p"})"}, 2,
              "field \"type\" must be one of invoke, ok, fail, info");
  ExpectError({R"({"type":"ok","f":"jump","time_us":1,"actor":"p"})"}, 2,
              "field \"f\" must be one of send, poll");
  ExpectError(
      {R"({"type":"ok","f":"send","time_us":1,"actor":"p","record":{"producer":"p","seq":-1}})"}, 2,
      "field \"record.seq\" must be an integer from 0");
}

TEST_F(JsonlErrorTest, UnknownFieldAndInconsistentFields) {
  ExpectError({R"({"type":"ok","f":"start","time_us":1,"actor":"p","colour":"red"})"}, 2,
              "unknown field \"colour\"");
  ExpectError({R"({"type":"ok","f":"poll","time_us":1,"actor":"g/0","group":"h"})"}, 2,
              "group \"h\" is not actor \"g/0\"'s group (\"g\")");
  ExpectError({R"({"type":"ok","f":"poll","time_us":1,"actor":"p","key":"a","key_hex":"61"})"}, 2,
              "either \"key\" or \"key_hex\"");
  ExpectError({R"({"type":"ok","f":"poll","time_us":1,"actor":"p","key_hex":"6G"})"}, 2,
              "lowercase hex");
}

TEST_F(JsonlErrorTest, TimeGoingBackwards) {
  ExpectError({R"({"type":"ok","f":"start","time_us":10,"actor":"p"})",
               R"({"type":"ok","f":"start","time_us":10,"actor":"g/0"})",
               R"({"type":"ok","f":"stop","time_us":9,"actor":"p"})"},
              4, "time_us 9 is before the previous op's 10");
}

TEST_F(JsonlErrorTest, MissingAndEmptyFile) {
  std::string missing = Path("missing.jsonl");
  LoadedHistory loaded = LoadHistoryJsonl(missing);
  EXPECT_FALSE(loaded.history.has_value());
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0], missing + ": cannot open history file: No such file or directory");

  std::string empty = Write("empty.jsonl", "");
  loaded = LoadHistoryJsonl(empty);
  EXPECT_FALSE(loaded.history.has_value());
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_EQ(loaded.errors[0].rfind(empty + ":1: empty file", 0), 0u) << loaded.errors[0];

  loaded = LoadHistoryJsonl(dir_.string());  // a folder, not a file
  EXPECT_FALSE(loaded.history.has_value());
  EXPECT_EQ(loaded.errors.size(), 1u);
}

TEST_F(JsonlErrorTest, BadHeader) {
  std::string path = Write("op-first.jsonl", std::string(kGoodOp) + "\n");
  LoadedHistory loaded = LoadHistoryJsonl(path);
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find(":1: expected the header object"), std::string::npos)
      << loaded.errors[0];
  EXPECT_NE(loaded.errors[0].find("found an op"), std::string::npos) << loaded.errors[0];

  json header = json::parse(kHeader);
  header["kafka_scenario_history"] = 2;
  path = Write("v2.jsonl", header.dump() + "\n");
  loaded = LoadHistoryJsonl(path);
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find(":1: unsupported history format"), std::string::npos);

  // Several mistakes in the header are all reported, and op lines are not read.
  header = json::parse(kHeader);
  header.erase("seed");
  header["actors"][1]["group"] = "nope";
  header["producers"][0]["topic"] = "nowhere";
  header["extra"] = true;
  path = Write("h.jsonl", header.dump() + "\n" + "garbage\n");
  loaded = LoadHistoryJsonl(path);
  ASSERT_EQ(loaded.errors.size(), 4u) << testing::PrintToString(loaded.errors);
  std::string all = testing::PrintToString(loaded.errors);
  EXPECT_NE(all.find(":1: missing field \\\"seed\\\""), std::string::npos) << all;
  EXPECT_NE(all.find("actors[1].group \\\"nope\\\" is not in the header's groups"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("producers[0].topic \\\"nowhere\\\""), std::string::npos) << all;
  EXPECT_NE(all.find("unknown field \\\"extra\\\""), std::string::npos) << all;

  // The start is optional (kHeader has none), but when given it is IsoUtc's spelling.
  header = json::parse(kHeader);
  header["started"] = "2024-05-01 12:34:56";
  path = Write("started.jsonl", header.dump() + "\n");
  loaded = LoadHistoryJsonl(path);
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find(
                ":1: field \"started\" must be a UTC time like \"2024-05-01T12:34:56Z\", got "
                "\"2024-05-01 12:34:56\""),
            std::string::npos)
      << loaded.errors[0];

  header = json::parse(kHeader);
  header["actors"][1]["name"] = "p";
  // An actor after the repeated one is not counted as repeated too.
  header["actors"].push_back(
      json::parse(R"({"name":"g/1","role":"member","group":"g","index":1})"));
  path = Write("dup.jsonl", header.dump() + "\n");
  loaded = LoadHistoryJsonl(path);
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find("actor \"p\" is listed twice"), std::string::npos);
}

TEST_F(JsonlErrorTest, StopsAfterTwentyErrors) {
  std::vector<std::string> ops(30, "oops");
  std::vector<std::string> errors = Errors(ops);
  ASSERT_EQ(errors.size(), 20u);
  EXPECT_EQ(errors.back().rfind(path_ + ":21:1: ", 0), 0u) << errors.back();
}

// ---- schema -----------------------------------------------------------------------------------

#ifdef KS_HAVE_VALIJSON
class HistorySchema {
 public:
  // `definition` is "header" or "op": the schema's root made to accept that line kind only.
  explicit HistorySchema(const std::string& definition) {
    json doc = json::parse(ReadFile(std::string(KS_SOURCE_DIR) + "/schemas/history.schema.json"));
    doc["oneOf"] = json::array({{{"$ref", "#/definitions/" + definition}}});
    doc_ = std::move(doc);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(doc_);
    parser.populateSchema(adapter, schema_);
  }

  // Empty when `line` is valid; otherwise valijson's errors.
  std::string Check(const std::string& line) const {
    json value = json::parse(line);
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter adapter(value);
    if (validator.validate(schema_, adapter, &results)) return {};
    std::string out;
    valijson::ValidationResults::Error e;
    while (results.popError(e)) {
      for (const std::string& c : e.context) out += c;
      out += ": " + e.description + "\n";
    }
    return out;
  }

 private:
  json doc_;
  valijson::Schema schema_;
};

TEST_F(JsonlTest, EverySavedLineMatchesTheSchema) {
  std::string path = Path("h.jsonl");
  ASSERT_TRUE(SaveHistoryJsonl(SampleHistory(), SampleHeader(), path).ok());
  std::vector<std::string> lines = Lines(ReadFile(path));
  ASSERT_GT(lines.size(), 1u);
  HistorySchema header("header"), op("op");
  EXPECT_EQ(header.Check(lines[0]), "");
  for (size_t i = 1; i < lines.size(); ++i) EXPECT_EQ(op.Check(lines[i]), "") << lines[i];
  // The line kinds do not overlap.
  EXPECT_NE(op.Check(lines[0]), "");
  EXPECT_NE(header.Check(lines[1]), "");
}

TEST_F(JsonlTest, SchemaRejectsWhatTheLoaderRejects) {
  HistorySchema op("op");
  EXPECT_EQ(op.Check(std::string(kGoodOp)), "");
  EXPECT_NE(op.Check(R"({"type":"ok","f":"start","time_us":1,"actor":"p","colour":"red"})"), "");
  EXPECT_NE(op.Check(R"({"type":"ok","f":"start","actor":"p"})"), "");
  EXPECT_NE(op.Check(R"({"type":"ok","f":"start","time_us":1.5,"actor":"p"})"), "");
  EXPECT_NE(op.Check(R"({"type":"done","f":"start","time_us":1,"actor":"p"})"), "");
  EXPECT_NE(
      op.Check(R"({"type":"ok","f":"poll","time_us":1,"actor":"p","key":"a","key_hex":"61"})"), "");
  EXPECT_NE(op.Check(R"({"type":"ok","f":"poll","time_us":1,"actor":"p","key_hex":"6G"})"), "");
  EXPECT_NE(op.Check(R"({"type":"ok","f":"poll","time_us":1,"actor":"p","partition":2147483648})"),
            "");
  EXPECT_NE(op.Check(R"({"type":"ok","f":"send","time_us":1,"actor":"p","record":{"seq":1}})"), "");
  HistorySchema header("header");
  EXPECT_EQ(header.Check(std::string(kHeader)), "");
  json h = json::parse(kHeader);
  h["kafka_scenario_history"] = 2;
  EXPECT_NE(header.Check(h.dump()), "");
  h = json::parse(kHeader);
  h["actors"][0]["role"] = "admin";
  EXPECT_NE(header.Check(h.dump()), "");
  h = json::parse(kHeader);
  h["started"] = "2024-05-01T12:34:56Z";
  EXPECT_EQ(header.Check(h.dump()), "");
  h["started"] = "2024-05-01T12:34:56.250Z";
  EXPECT_NE(header.Check(h.dump()), "");
}
#endif

// ---- speed ------------------------------------------------------------------------------------

// Run by hand: history_tests --gtest_also_run_disabled_tests --gtest_filter='*Speed*'
TEST_F(JsonlTest, DISABLED_SpeedOnTenMillionOps) {
  constexpr size_t kOps = 10'000'000;
  History h;
  h.groups = {"g"};
  uint32_t topic = h.topics.Intern("orders");
  uint32_t producer = h.producers.Intern("producer-0");
  h.producer_info = {{topic, "murmur2", -1}};
  h.actors = {{"runner", ActorInfo::Role::kRunner, kNoId, -1},
              {"producer-0", ActorInfo::Role::kProducer, kNoId, -1},
              {"g/0", ActorInfo::Role::kMember, 0, 0}};
  h.ops.reserve(kOps);
  // The mix of a plain run: per record a send invoke, its ok and one poll; keys cycle.
  for (size_t i = 0; h.ops.size() < kOps; ++i) {
    Op op;
    op.time_us = static_cast<int64_t>(i) * 3;
    op.topic = topic;
    op.producer = producer;
    op.seq = i;
    op.key = h.keys.Intern("key-" + std::to_string(i % 10000));
    op.actor = 1;
    op.type = OpType::kInvoke;
    h.ops.push_back(op);
    op.type = OpType::kOk;
    op.partition = static_cast<int32_t>(i % 12);
    op.offset = static_cast<int64_t>(i / 12);
    op.time_us += 1;
    h.ops.push_back(op);
    op.kind = OpKind::kPoll;
    op.actor = 2;
    op.generation = 3;
    op.time_us += 1;
    h.ops.push_back(op);
  }
  h.ops.resize(kOps);
  std::string path = Path("big.jsonl");
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(SaveHistoryJsonl(h, SampleHeader(), path).ok());
  auto t1 = std::chrono::steady_clock::now();
  LoadedHistory loaded = LoadHistoryJsonl(path);
  auto t2 = std::chrono::steady_clock::now();
  ASSERT_TRUE(loaded.history.has_value());
  EXPECT_EQ(loaded.history->ops.size(), kOps);
  double save_s = std::chrono::duration<double>(t1 - t0).count();
  double load_s = std::chrono::duration<double>(t2 - t1).count();
  auto bytes = static_cast<double>(fs::file_size(path));
  std::printf(
      "save: %.2f s, %.2f M ops/s\nload: %.2f s, %.2f M ops/s\nsize: %.0f MB, %.1f bytes/op\n",
      save_s, kOps / save_s / 1e6, load_s, kOps / load_s / 1e6, bytes / 1e6, bytes / kOps);
}

}  // namespace
}  // namespace ks
