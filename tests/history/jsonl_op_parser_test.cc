// FastOpParser: the lines it takes and what it reads from them; everything else is left to the
// DOM reader (jsonl_test.cc checks its error messages through LoadHistoryJsonlText).
#include "history/jsonl_op_parser.h"

#include <gtest/gtest.h>

#include <string>

namespace ks::jsonl_detail {
namespace {

class FastOpParserTest : public ::testing::Test {
 protected:
  FastOpParserTest() {
    h_.groups = {"g"};
    h_.actors.push_back({"runner", ActorInfo::Role::kRunner, kNoId, -1});
    h_.actors.push_back({"p", ActorInfo::Role::kProducer, kNoId, -1});
    h_.actors.push_back({"g/0", ActorInfo::Role::kMember, 0, 0});
    for (const ActorInfo& a : h_.actors) actors_.Intern(a.name);
  }

  // Parses `line` from a buffer with the padding simdjson needs after it.
  bool Parse(const std::string& line, Op* op) {
    buffer_ = line + std::string(simdjson::SIMDJSON_PADDING, ' ');
    return parser_.Parse(std::string_view(buffer_.data(), line.size()), buffer_.size(), op);
  }
  bool Takes(const std::string& line) {
    Op op;
    return Parse(line, &op);
  }

  History h_;
  Interner actors_;
  FastOpParser parser_{h_, actors_};
  std::string buffer_;
};

TEST_F(FastOpParserTest, ReadsASendAsTheWriterWritesIt) {
  Op op;
  ASSERT_TRUE(Parse(R"({"type":"ok","f":"send","time_us":5,"actor":"p","topic":"t","partition":1,)"
                    R"("offset":7,"key":"k\u00e9","record":{"producer":"p","seq":3}})",
                    &op));
  EXPECT_EQ(op.type, OpType::kOk);
  EXPECT_EQ(op.kind, OpKind::kSend);
  EXPECT_EQ(op.time_us, 5);
  EXPECT_EQ(op.actor, 1u);
  EXPECT_EQ(op.partition, 1);
  EXPECT_EQ(op.offset, 7);
  EXPECT_EQ(op.seq, 3u);
  EXPECT_EQ(op.generation, -1);
  EXPECT_TRUE(parser_.has_topic() && parser_.has_producer() && parser_.has_key());
  EXPECT_FALSE(parser_.has_note());
  EXPECT_EQ(parser_.topic(), "t");
  EXPECT_EQ(parser_.producer(), "p");
  EXPECT_EQ(parser_.key(), "k\xc3\xa9");
}

TEST_F(FastOpParserTest, ReadsGroupsHexKeysNotesAndTransactions) {
  Op op;
  ASSERT_TRUE(Parse(R"({"type":"ok","f":"poll","time_us":9,"actor":"g/0","group":"g",)"
                    R"("generation":4,"key_hex":"6b00ff"})",
                    &op));
  EXPECT_EQ(op.actor, 2u);
  EXPECT_EQ(op.generation, 4);
  EXPECT_EQ(parser_.key(), std::string("k\0\xff", 3));
  EXPECT_FALSE(parser_.has_producer());
  ASSERT_TRUE(
      Parse(R"({"type":"invoke","f":"fault","time_us":9,"actor":"runner","note":"n 1"})", &op));
  EXPECT_TRUE(parser_.has_note());
  EXPECT_EQ(parser_.note(), "n 1");
  ASSERT_TRUE(Parse(R"({"type":"fail","f":"txn","time_us":9,"actor":"p","txn":12})", &op));
  EXPECT_EQ(op.seq, 12u);
  EXPECT_EQ(op.type, OpType::kFail);
}

TEST_F(FastOpParserTest, LeavesEverythingUnusualToTheDomReader) {
  const std::string ok = R"({"type":"ok","f":"poll","time_us":1,"actor":"g/0")";
  ASSERT_TRUE(Takes(ok + "}"));
  for (const char* tail : {
           R"(,"group":"h"})",                                 // not the actor's group
           R"(,"what":1})",                                    // unknown field
           R"(,"time_us":2})",                                 // repeated field
           R"(,"key":"a","key_hex":"61"})",                    // both spellings of a key
           R"(,"key_hex":"6"})",                               // odd hex
           R"(,"key_hex":"6B"})",                              // uppercase hex
           R"(,"record":{"producer":"p"}})",                   // no seq
           R"(,"record":{"producer":"p","seq":1,"x":1}})",     // unknown record field
           R"(,"record":{"producer":"p","seq":-1}})",          // negative seq
           R"(,"record":{"producer":"p","seq":-0}})",          // -0: signed for the DOM reader
           R"(,"txn":-0})",                                    // likewise
           R"(,"key":"\uD800"})",                              // half a surrogate pair
           R"(,"key":"\uDC00"})",                              // the second half alone
           R"(,"key":"\uD888\u1234"})",                        // a first half, then no second
           R"(,"note":"n","txn":1})",                          // two fields that set Op::seq
           R"(,"partition":2147483648})",                      // past int32
           R"(,"partition":65534})",                           // past what an op holds
           R"(,"partition":-2})",                              // below -1 (none)
           R"(,"offset":140737488355328})",                    // past 2^47 - 1
           R"(,"generation":8388608})",                        // past 2^23 - 1
           R"(,"record":{"producer":"p","seq":4294967296}})",  // past 2^32 - 1
           R"(,"offset":9223372036854775808})",                // past int64
           R"(,"offset":1.5})",                                // not an integer
           R"(,"key":null})",                                  // not a string
           "} x",                                              // text after the object
           "}}",                                               // a second closing brace
           ",}",                                               // a trailing comma
           ",\"key\":\"\xff\"}",                               // not UTF-8
           ",\"key\":\"a\x01\"}",                              // an unescaped control character
           ",\"key\":\"\\q\"}",                                // an invalid escape
       }) {
    EXPECT_FALSE(Takes(ok + tail)) << ok + tail;
  }
  EXPECT_FALSE(Takes(R"({"type":"ok","f":"poll","time_us":1,"actor":"nobody"})"));
  EXPECT_FALSE(Takes(R"({"type":"done","f":"poll","time_us":1,"actor":"g/0"})"));
  EXPECT_FALSE(Takes(R"({"type":"ok","f":"poll","actor":"g/0"})"));  // no time_us
  EXPECT_FALSE(Takes(R"({"type":"ok","f":"poll","time_us":140737488355328,"actor":"g/0"})"));
  EXPECT_FALSE(Takes(" " + ok + "}"));             // leading space
  EXPECT_FALSE(Takes("\xef\xbb\xbf" + ok + "}"));  // byte order mark
  EXPECT_FALSE(Takes("[1]"));
  EXPECT_FALSE(Takes(""));
}

}  // namespace
}  // namespace ks::jsonl_detail
