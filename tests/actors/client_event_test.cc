// The JSON lines of Kafka's verifiable clients, as a process actor's program prints them: each
// event the runner records parses into its fields, and a line the protocol does not allow is an
// error that says what is wrong with it.
#include "actors/client_event.h"

#include <gtest/gtest.h>

#include <string>

namespace ks {
namespace {

using Kind = ClientEvent::Kind;

// The event a line gives; a test failure (and an empty event) when it is refused.
ClientEvent Parse(const std::string& line) {
  ClientEvent e;
  std::string error;
  EXPECT_TRUE(ParseClientEvent(line, &e, &error)) << line << ": " << error;
  EXPECT_EQ(error, "") << line;
  return e;
}

// Why a line is refused; a test failure (and "") when it parses.
std::string Refusal(const std::string& line) {
  ClientEvent e;
  std::string error;
  EXPECT_FALSE(ParseClientEvent(line, &e, &error)) << line;
  return error;
}

// Lines VerifiableProducer (Kafka 3.x) prints.
TEST(ClientEvent, ParsesTheProducersLines) {
  ClientEvent e = Parse(R"({"timestamp":1796615076112,"name":"startup_complete"})");
  EXPECT_EQ(e.kind, Kind::kStartupComplete);
  EXPECT_EQ(e.name, "startup_complete");

  e = Parse(R"({"timestamp":1796615077491,"name":"producer_send_success","key":"0","value":"7.0",)"
            R"("offset":0,"topic":"vt1","partition":2})");
  EXPECT_EQ(e.kind, Kind::kSendSuccess);
  EXPECT_EQ(e.topic, "vt1");
  EXPECT_EQ(e.partition, 2);
  EXPECT_EQ(e.offset, 0);
  EXPECT_EQ(e.key, "0");
  EXPECT_EQ(e.value, "7.0");

  // Without --repeating-keys the key is null; offsets beyond 32 bits are kept whole.
  e = Parse(
      R"({"timestamp":1796615077491,"name":"producer_send_success","key":null,"value":"7.12",)"
      R"("offset":4294967301,"topic":"vt1","partition":0})");
  EXPECT_EQ(e.key, std::nullopt);
  EXPECT_EQ(e.offset, 4294967301);

  e = Parse(
      R"({"timestamp":1796615078000,"name":"producer_send_error","exception":"class )"
      R"(org.apache.kafka.common.errors.TimeoutException","message":"Expiring 1 record(s) for )"
      R"(vt1-0:120001 ms has passed since batch creation","topic":"vt1","key":"3","value":"7.13"})");
  EXPECT_EQ(e.kind, Kind::kSendError);
  EXPECT_EQ(e.topic, "vt1");
  EXPECT_EQ(e.key, "3");
  EXPECT_EQ(e.value, "7.13");
  EXPECT_EQ(e.partition, -1);  // not reported
  EXPECT_EQ(e.error,
            "class org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for "
            "vt1-0:120001 ms has passed since batch creation");

  // Only a message, or only an exception: the one that is there.
  e = Parse(R"({"name":"producer_send_error","message":"m","topic":"t","key":null,"value":"1.0"})");
  EXPECT_EQ(e.error, "m");
  e = Parse(R"({"name":"producer_send_error","exception":"x","topic":"t","value":"1.0"})");
  EXPECT_EQ(e.error, "x");
  EXPECT_EQ(e.key, std::nullopt);

  e = Parse(R"({"timestamp":1796615079000,"name":"tool_data","sent":10,"acked":10,)"
            R"("target_throughput":-1,"avg_throughput":54.9})");
  EXPECT_EQ(e.kind, Kind::kOther);
  EXPECT_EQ(e.name, "tool_data");

  e = Parse(R"({"timestamp":1796615079001,"name":"shutdown_complete"})");
  EXPECT_EQ(e.kind, Kind::kShutdownComplete);
}

// Lines VerifiableConsumer (Kafka 3.x, --verbose) prints.
TEST(ClientEvent, ParsesTheConsumersLines) {
  ClientEvent e = Parse(
      R"({"timestamp":1796615080000,"name":"partitions_assigned","partitions":[)"
      R"({"topic":"vt1","partition":0},{"topic":"vt1","partition":2},{"topic":"vt2","partition":1}]})");
  EXPECT_EQ(e.kind, Kind::kPartitionsAssigned);
  ASSERT_EQ(e.partitions.size(), 3u);
  EXPECT_EQ(e.partitions[0].topic, "vt1");
  EXPECT_EQ(e.partitions[0].partition, 0);
  EXPECT_EQ(e.partitions[0].offset, -1);  // an assignment carries no offset
  EXPECT_EQ(e.partitions[1].partition, 2);
  EXPECT_EQ(e.partitions[2].topic, "vt2");
  EXPECT_EQ(e.partitions[2].partition, 1);

  // The first rebalance revokes nothing.
  e = Parse(R"({"timestamp":1796615080000,"name":"partitions_revoked","partitions":[]})");
  EXPECT_EQ(e.kind, Kind::kPartitionsRevoked);
  EXPECT_TRUE(e.partitions.empty());

  e = Parse(R"({"timestamp":1796615080100,"name":"record_data","key":null,"value":"7.0",)"
            R"("topic":"vt1","partition":0,"offset":0})");
  EXPECT_EQ(e.kind, Kind::kRecordData);
  EXPECT_EQ(e.key, std::nullopt);
  EXPECT_EQ(e.value, "7.0");
  EXPECT_EQ(e.topic, "vt1");
  EXPECT_EQ(e.partition, 0);
  EXPECT_EQ(e.offset, 0);

  // A tombstone: a null value; a key with JSON escapes in it.
  e = Parse(R"({"name":"record_data","key":"a\"b\u00e9","value":null,"topic":"t","partition":3,)"
            R"("offset":17})");
  EXPECT_EQ(e.key, "a\"b\xC3\xA9");
  EXPECT_EQ(e.value, std::nullopt);
  EXPECT_EQ(e.partition, 3);
  EXPECT_EQ(e.offset, 17);

  e = Parse(R"({"timestamp":1796615080200,"name":"records_consumed","count":2,"partitions":[)"
            R"({"topic":"vt1","partition":0,"count":2,"minOffset":0,"maxOffset":1}]})");
  EXPECT_EQ(e.kind, Kind::kOther);
  EXPECT_EQ(e.name, "records_consumed");
  EXPECT_TRUE(e.partitions.empty());  // kOther: nothing read

  e = Parse(R"({"timestamp":1796615080300,"name":"offsets_committed","offsets":[)"
            R"({"topic":"vt1","partition":0,"offset":2},{"topic":"vt1","partition":1,"offset":0}],)"
            R"("success":true})");
  EXPECT_EQ(e.kind, Kind::kOffsetsCommitted);
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.error, "");
  ASSERT_EQ(e.partitions.size(), 2u);
  EXPECT_EQ(e.partitions[0].topic, "vt1");
  EXPECT_EQ(e.partitions[0].partition, 0);
  EXPECT_EQ(e.partitions[0].offset, 2);
  EXPECT_EQ(e.partitions[1].partition, 1);
  EXPECT_EQ(e.partitions[1].offset, 0);

  e = Parse(
      R"({"timestamp":1796615080400,"name":"offsets_committed","offsets":[)"
      R"({"topic":"vt1","partition":0,"offset":5}],"success":false,"error":"Commit cannot be )"
      R"(completed since the group has already rebalanced"})");
  EXPECT_FALSE(e.success);
  EXPECT_EQ(e.error, "Commit cannot be completed since the group has already rebalanced");
  ASSERT_EQ(e.partitions.size(), 1u);
  EXPECT_EQ(e.partitions[0].offset, 5);
}

TEST(ClientEvent, AnUnknownNameIsOtherWhateverElseItHolds) {
  for (const char* line :
       {R"({"name":"heartbeat"})", R"({"name":"record_data_v2","partition":-7,"offset":"x"})",
        R"({"name":""})", R"({"name":"Startup_Complete"})"}) {
    const ClientEvent e = Parse(line);
    EXPECT_EQ(e.kind, Kind::kOther) << line;
  }
}

TEST(ClientEvent, ALineThatIsNoEventSaysWhatItIs) {
  EXPECT_EQ(Refusal("Starting consumer"), "not JSON");
  EXPECT_EQ(Refusal(""), "not JSON");
  EXPECT_EQ(Refusal(R"({"name":"startup_complete"} trailing)"), "not JSON");
  EXPECT_EQ(Refusal(R"({"name":"startup_complete")"), "not JSON");
  EXPECT_EQ(Refusal(R"(["name","startup_complete"])"), "not a JSON object");
  EXPECT_EQ(Refusal("42"), "not a JSON object");
  EXPECT_EQ(Refusal(R"("startup_complete")"), "not a JSON object");
  EXPECT_EQ(Refusal(R"({"timestamp":1796615076112})"),
            "no \"name\" (a string) saying which event it is");
  EXPECT_EQ(Refusal(R"({"name":7})"), "no \"name\" (a string) saying which event it is");
  EXPECT_EQ(Refusal(R"({"name":null})"), "no \"name\" (a string) saying which event it is");
}

TEST(ClientEvent, AKnownEventWithoutAFieldItNeedsNamesTheEventAndTheField) {
  const std::string success = R"("name":"producer_send_success","key":"0","value":"7.0")";
  EXPECT_EQ(Refusal("{" + success + R"(,"offset":0,"partition":2})"),
            "producer_send_success: \"topic\" must be a string");
  EXPECT_EQ(Refusal("{" + success + R"(,"topic":"t","offset":0})"),
            "producer_send_success: \"partition\" must be an integer");
  EXPECT_EQ(Refusal("{" + success + R"(,"topic":"t","partition":2})"),
            "producer_send_success: \"offset\" must be an integer");
  EXPECT_EQ(Refusal(R"({"name":"producer_send_error","key":"0","value":"7.0"})"),
            "producer_send_error: \"topic\" must be a string");
  EXPECT_EQ(Refusal(R"({"name":"record_data","topic":"t","partition":0,"key":null})"),
            "record_data: \"offset\" must be an integer");
  EXPECT_EQ(Refusal(R"({"name":"offsets_committed","offsets":[]})"),
            "offsets_committed: \"success\" must be true or false");
  EXPECT_EQ(Refusal(R"({"name":"offsets_committed","success":true})"),
            "offsets_committed: \"offsets\" must be a list");
  EXPECT_EQ(Refusal(R"({"name":"partitions_assigned"})"),
            "partitions_assigned: \"partitions\" must be a list");
  EXPECT_EQ(Refusal(R"({"name":"partitions_revoked","partitions":[{"partition":0}]})"),
            "partitions_revoked: \"topic\" must be a string");
  EXPECT_EQ(Refusal(R"({"name":"partitions_assigned","partitions":[{"topic":"t"}]})"),
            "partitions_assigned: \"partition\" must be an integer");
  EXPECT_EQ(
      Refusal(
          R"({"name":"offsets_committed","success":true,"offsets":[{"topic":"t","partition":0}]})"),
      "offsets_committed: \"offset\" must be an integer");
}

TEST(ClientEvent, AFieldOfTheWrongTypeIsRefused) {
  const std::string record = R"("name":"record_data","topic":"t")";
  EXPECT_EQ(Refusal("{" + record + R"(,"partition":"0","offset":1})"),
            "record_data: \"partition\" must be an integer");
  EXPECT_EQ(Refusal("{" + record + R"(,"partition":0.0,"offset":1})"),
            "record_data: \"partition\" must be an integer");
  EXPECT_EQ(Refusal("{" + record + R"(,"partition":0,"offset":true})"),
            "record_data: \"offset\" must be an integer");
  EXPECT_EQ(Refusal("{" + record + R"(,"partition":0,"offset":1,"key":5})"),
            "record_data: \"key\" must be a string or null");
  EXPECT_EQ(Refusal("{" + record + R"(,"partition":0,"offset":1,"value":{"a":1}})"),
            "record_data: \"value\" must be a string or null");
  EXPECT_EQ(Refusal(R"({"name":"record_data","topic":7,"partition":0,"offset":1})"),
            "record_data: \"topic\" must be a string");
  EXPECT_EQ(Refusal(R"({"name":"offsets_committed","offsets":[],"success":"true"})"),
            "offsets_committed: \"success\" must be true or false");
  EXPECT_EQ(Refusal(R"({"name":"offsets_committed","offsets":{},"success":true})"),
            "offsets_committed: \"offsets\" must be a list");
  EXPECT_EQ(Refusal(R"({"name":"partitions_assigned","partitions":["t-0"]})"),
            "partitions_assigned: \"partitions\" must be a list of objects");
}

TEST(ClientEvent, NegativeAndOutOfRangeNumbersAreRefused) {
  EXPECT_EQ(Refusal(R"({"name":"record_data","topic":"t","partition":-1,"offset":0})"),
            "record_data: \"partition\" must be an integer from 0");
  EXPECT_EQ(Refusal(R"({"name":"record_data","topic":"t","partition":0,"offset":-1})"),
            "record_data: \"offset\" must be an integer from 0");
  EXPECT_EQ(
      Refusal(R"({"name":"producer_send_success","topic":"t","partition":2147483648,"offset":0})"),
      "producer_send_success: \"partition\" must be an integer from 0");
  // Above int64's range: nlohmann reads it as unsigned; it must not wrap into a valid offset.
  EXPECT_EQ(Refusal(R"({"name":"record_data","topic":"t","partition":0,)"
                    R"("offset":18446744073709551615})"),
            "record_data: \"offset\" must be an integer from 0");
  EXPECT_EQ(
      Refusal(R"({"name":"partitions_assigned","partitions":[{"topic":"t","partition":-3}]})"),
      "partitions_assigned: \"partition\" must be an integer from 0");
  EXPECT_EQ(Refusal(R"({"name":"offsets_committed","success":true,)"
                    R"("offsets":[{"topic":"t","partition":0,"offset":-1}]})"),
            "offsets_committed: \"offset\" must be an integer from 0");
  // The largest values are taken.
  const ClientEvent e = Parse(R"({"name":"record_data","topic":"t","partition":2147483647,)"
                              R"("offset":9223372036854775807})");
  EXPECT_EQ(e.partition, 2147483647);
  EXPECT_EQ(e.offset, 9223372036854775807);
}

// A refused line leaves the caller's event reusable: the next line parses from scratch.
TEST(ClientEvent, EachLineStartsFromAnEmptyEvent) {
  ClientEvent e;
  std::string error;
  ASSERT_TRUE(ParseClientEvent(
      R"({"name":"partitions_assigned","partitions":[{"topic":"t","partition":1}]})", &e, &error));
  ASSERT_EQ(e.partitions.size(), 1u);
  ASSERT_TRUE(ParseClientEvent(R"({"name":"partitions_assigned","partitions":[]})", &e, &error));
  EXPECT_TRUE(e.partitions.empty());
  ASSERT_TRUE(ParseClientEvent(
      R"({"name":"offsets_committed","offsets":[],"success":false,"error":"e"})", &e, &error));
  EXPECT_FALSE(e.success);
  ASSERT_TRUE(
      ParseClientEvent(R"({"name":"offsets_committed","offsets":[],"success":true})", &e, &error));
  EXPECT_TRUE(e.success);
  EXPECT_EQ(e.error, "");
}

}  // namespace
}  // namespace ks
