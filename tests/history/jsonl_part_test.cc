#include "history/jsonl_part.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>

#include "history/jsonl.h"
#include "support/read_file.h"
#include "support/temp_dir.h"

namespace ks::jsonl_detail {
namespace {

namespace fs = std::filesystem;
using test_support::ReadFile;

// `ops` ops of a producer and a member, keyed (a few keys with bytes that need key_hex), on two
// topics, with a fault and its note every 1000 ops; about 130 bytes a line.
History ManyOps(size_t ops) {
  History h;
  h.groups = {"g"};
  h.actors = {{"runner", ActorInfo::Role::kRunner, kNoId, -1},
              {"p", ActorInfo::Role::kProducer, kNoId, -1},
              {"g/0", ActorInfo::Role::kMember, 0, 0}};
  const uint32_t producer = h.producers.Intern("p");
  h.producer_info = {{0, "murmur2", -1}};
  for (size_t i = 0; i < ops; ++i) {
    Op op;
    op.time_us = static_cast<int64_t>(i / 3);
    op.topic = h.topics.Intern(i % 7 == 0 ? "audit" : "orders");
    op.partition = static_cast<int32_t>(i % 12);
    if (i % 1000 == 999) {
      op.kind = OpKind::kFault;
      op.type = OpType::kInvoke;
      op.actor = 0;
      op.topic = kNoId;
      op.partition = -1;
      op.seq = h.notes.Intern("broker_down " + std::to_string(i % 3000));
    } else if (i % 2 == 0) {
      op.kind = OpKind::kSend;
      op.type = OpType::kOk;
      op.actor = 1;
      op.producer = producer;
      op.seq = i;
      op.offset = static_cast<int64_t>(i);
      op.key = h.keys.Intern(i % 100 == 0 ? std::string("\xff-") + std::to_string(i % 500)
                                          : "key-" + std::to_string(i % 5000));
    } else {
      op.kind = OpKind::kPoll;
      op.actor = 2;
      op.generation = 3;
      op.offset = static_cast<int64_t>(i);
      op.key = h.keys.Intern("key-" + std::to_string(i % 5000));
    }
    h.ops.push_back(op);
  }
  return h;
}

std::string Save(const History& h, const std::string& path) {
  HistoryHeader header;
  header.scenario = "parts";
  EXPECT_TRUE(SaveHistoryJsonl(h, header, path).ok());
  return path;
}

void ExpectSameHistory(const History& a, const History& b) {
  EXPECT_EQ(a.topics.All(), b.topics.All());
  EXPECT_EQ(a.producers.All(), b.producers.All());
  EXPECT_EQ(a.keys.All(), b.keys.All());
  EXPECT_EQ(a.notes.All(), b.notes.All());
  ASSERT_EQ(a.ops.size(), b.ops.size());
  for (size_t i = 0; i < a.ops.size(); ++i) {
    const Op &x = a.ops[i], &y = b.ops[i];
    ASSERT_TRUE(x.time_us == y.time_us && x.offset == y.offset && x.seq == y.seq &&
                x.producer == y.producer && x.key == y.key && x.actor == y.actor &&
                x.topic == y.topic && x.partition == y.partition && x.generation == y.generation &&
                x.type == y.type && x.kind == y.kind)
        << "op " << i;
  }
}

Interner ActorNames(const History& h) {
  Interner names;
  for (const ActorInfo& a : h.actors) names.Intern(a.name);
  return names;
}

class JsonlPartTest : public test_support::TempDirTest {
 protected:
  JsonlPartTest() : TempDirTest("ks-history-part-test") {}

  // A file of 100 ops as the two-part reader takes it: the first half loaded into `head`.
  struct Halves {
    std::string path, text;
    uint64_t seam = 0;
    LoadedHistory head;
    // The second half, read against the first's header (as it is now).
    OpPart SecondHalf() const {
      return ReadOpPart(path, seam, text.size(), *head.history, ActorNames(*head.history));
    }
  };
  Halves SmallFileInHalves() const {
    Halves f;
    f.path = Save(ManyOps(100), Path("h.jsonl"));
    f.text = ReadFile(f.path);
    f.seam = NextLineStart(f.path, f.text.size() / 2);
    f.head = LoadHistoryJsonlText(f.text.substr(0, f.seam), f.path);
    return f;
  }
};

TEST_F(JsonlPartTest, APartAppendedGivesWhatReadingItsLinesGives) {
  const std::string path = Save(ManyOps(20'000), Path("h.jsonl"));
  const std::string text = ReadFile(path);
  const uint64_t seam = NextLineStart(path, text.size() / 2);
  ASSERT_GT(seam, 0u);
  ASSERT_EQ(text[seam - 1], '\n');
  LoadedHistory whole = LoadHistoryJsonlText(text, path);
  LoadedHistory first = LoadHistoryJsonlText(text.substr(0, seam), path);
  ASSERT_TRUE(whole.history && first.history);
  History& h = *first.history;
  OpPart part = ReadOpPart(path, seam, text.size(), h, ActorNames(h));
  ASSERT_TRUE(part.ok);
  EXPECT_GT(part.ops.size(), 9'000u);
  ASSERT_TRUE(AppendOpPart(std::move(part), h.ops.back().time_us, &h));
  ExpectSameHistory(*whole.history, h);
}

TEST_F(JsonlPartTest, ALargeFileLoadsAsItsTextDoes) {
  // Past the size (32 MiB) from which LoadHistoryJsonl reads two halves at once.
  const std::string path = Save(ManyOps(330'000), Path("h.jsonl"));
  const std::string text = ReadFile(path);
  ASSERT_GT(text.size(), size_t{32} << 20);
  const int64_t parts = PartsAppended();
  LoadedHistory file = LoadHistoryJsonl(path);
  EXPECT_EQ(PartsAppended(), parts + 1);  // read in two halves, not in one piece
  LoadedHistory serial = LoadHistoryJsonlText(text, path);
  ASSERT_TRUE(file.errors.empty()) << file.errors.front();
  ASSERT_TRUE(file.history && serial.history);
  ExpectSameHistory(*serial.history, *file.history);
}

TEST_F(JsonlPartTest, ALargeFileWithAnErrorInItsSecondHalfReportsItAtItsLine) {
  std::string text = ReadFile(Save(ManyOps(330'000), Path("h.jsonl")));
  // A line three quarters in names an actor the header does not have.
  const size_t line = text.find('\n', text.size() * 3 / 4) + 1;
  const size_t actor = text.find("\"actor\":\"", line) + 9;
  text.replace(actor, 1, "x");
  const std::string path = Path("bad.jsonl");
  std::ofstream(path, std::ios::binary) << text;
  const int64_t parts = PartsAppended();
  LoadedHistory file = LoadHistoryJsonl(path);
  EXPECT_EQ(PartsAppended(), parts);  // the first half is fine, the second is read again
  LoadedHistory serial = LoadHistoryJsonlText(text, path);
  ASSERT_EQ(serial.errors.size(), 1u);
  EXPECT_NE(serial.errors[0].find("unknown actor"), std::string::npos) << serial.errors[0];
  EXPECT_EQ(file.errors, serial.errors);
  EXPECT_FALSE(file.history);
}

TEST_F(JsonlPartTest, ALineTheFastParserDoesNotTakeSpoilsThePart) {
  std::string text = ReadFile(Save(ManyOps(100), Path("h.jsonl")));
  const uint64_t seam = text.find('\n', text.size() / 2) + 1;
  text.insert(seam, "{\"type\":\"ok\", \"f\":\"poll\", \"extra\":1}\n");
  const std::string path = Path("odd.jsonl");
  std::ofstream(path, std::ios::binary) << text;
  LoadedHistory head = LoadHistoryJsonlText(text.substr(0, seam), path);
  ASSERT_TRUE(head.history);
  EXPECT_FALSE(ReadOpPart(path, seam, text.size(), *head.history, ActorNames(*head.history)).ok);
  EXPECT_TRUE(
      ReadOpPart(path, seam + 37, text.size(), *head.history, ActorNames(*head.history)).ok);
}

TEST_F(JsonlPartTest, APartBeforeTheLastOpIsNotAppended) {
  Halves f = SmallFileInHalves();
  ASSERT_TRUE(f.head.history);
  History& h = *f.head.history;
  OpPart part = f.SecondHalf();
  ASSERT_TRUE(part.ok);
  const size_t before = h.ops.size();
  EXPECT_FALSE(AppendOpPart(std::move(part), std::numeric_limits<int64_t>::max(), &h));
  EXPECT_EQ(h.ops.size(), before);
}

// Two halves that each name fewer topics than an op can hold, but more together: the part is
// not appended (the file is then read again in one piece, which reports the line); up to the
// limit, it is.
TEST_F(JsonlPartTest, APartWhoseTopicsWouldPassTheLimitIsNotAppended) {
  Halves f = SmallFileInHalves();
  ASSERT_TRUE(f.head.history);
  History& h = *f.head.history;
  OpPart part = f.SecondHalf();
  ASSERT_TRUE(part.ok);
  // h is one topic short of the limit. A part's own "audit" and "orders" are in h already:
  // only new names count. `fits` adds one, `part` two.
  while (h.topics.size() < limits::kMaxHistoryIds - 1) {
    h.topics.Intern("t" + std::to_string(h.topics.size()));
  }
  OpPart fits = f.SecondHalf();
  fits.tables.topics.Intern("the-last-that-fits");
  part.tables.topics.Intern("the-last-that-fits");
  part.tables.topics.Intern("one-too-many");
  const size_t before = h.ops.size();
  EXPECT_FALSE(AppendOpPart(std::move(part), h.ops.back().time_us, &h));
  EXPECT_EQ(h.ops.size(), before);
  EXPECT_EQ(h.topics.size(), limits::kMaxHistoryIds - 1);
  ASSERT_TRUE(fits.ok);
  EXPECT_TRUE(AppendOpPart(std::move(fits), h.ops[before - 1].time_us, &h));
  EXPECT_EQ(h.topics.size(), limits::kMaxHistoryIds);
}

TEST_F(JsonlPartTest, AFileReplacedHasAnotherIdentity) {
  const std::string path = Path("h.jsonl");
  std::ofstream(path, std::ios::binary) << "one\n";
  const FileIdentity before = IdentityOf(path);
  EXPECT_GE(before.size, 0);
  EXPECT_TRUE(IdentityOf(path) == before);
  std::ofstream(Path("new"), std::ios::binary) << "two\n";
  fs::rename(Path("new"), path);  // as SaveHistoryJsonl replaces a file
  EXPECT_FALSE(IdentityOf(path) == before);
  EXPECT_EQ(IdentityOf(Path("missing")).size, -1);
}

TEST_F(JsonlPartTest, NextLineStartIsPastTheNextNewline) {
  const std::string path = Path("lines.txt");
  std::ofstream(path, std::ios::binary) << "ab\ncd\nef";
  EXPECT_EQ(NextLineStart(path, 0), 3u);
  EXPECT_EQ(NextLineStart(path, 2), 3u);
  EXPECT_EQ(NextLineStart(path, 3), 6u);
  EXPECT_EQ(NextLineStart(path, 6), 0u);  // the last line has no '\n'
  EXPECT_EQ(NextLineStart(Path("missing"), 0), 0u);
}

}  // namespace
}  // namespace ks::jsonl_detail
