// What a process client (`client: java`, `client: {command: ...}`) cannot do is refused at load,
// at the field that asks for it, with the reason; what it can do loads.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "scenario/loader.h"
#include "scenario/requirements.h"

namespace ks {
namespace {

// A scenario with group g (its fields after `- name: g`, 4 blanks of indentation) and producer p
// (its fields after `- name: p`), topics orders (3 partitions) and audit, and `rest` at the end.
std::string Text(const std::string& group, const std::string& producer,
                 const std::string& rest = "") {
  return R"(name: process-client-rules
topics:
  - name: orders
    partitions: 3
  - name: audit
consumer_groups:
  - name: g
)" + group +
         R"(producers:
  - name: p
)" + producer +
         R"(expect:
  - no_loss: {group: g}
)" + rest;
}

constexpr const char* kJavaGroup = "    topics: [orders]\n    client: java\n";
constexpr const char* kPlainGroup = "    topics: [orders]\n";
constexpr const char* kJavaProducer = "    topic: orders\n    messages: 5\n    client: java\n";
constexpr const char* kPlainProducer = "    topic: orders\n    messages: 5\n";
constexpr const char* kCommand = R"(    client: {command: [sh, -c, "exec ./app {topic}"]}
)";

// "f.yaml:line:column" of the first `needle` in `text`, after `after` when given.
std::string At(const std::string& text, const std::string& needle, const std::string& after = "") {
  const size_t from = after.empty() ? 0 : text.find(after);
  const size_t at = text.find(needle, from);
  if (from == std::string::npos || at == std::string::npos) {
    ADD_FAILURE() << "no " << needle << " in\n" << text;
    return "";
  }
  const size_t line = static_cast<size_t>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
  const size_t line_start =
      text.rfind('\n', at) == std::string::npos ? 0 : text.rfind('\n', at) + 1;
  return "f.yaml:" + std::to_string(line) + ":" + std::to_string(at - line_start + 1);
}

// The one diagnostic loading `text` gives, as "file:line:col: message"; `hint` gets its hint.
std::string OnlyError(const std::string& text, std::string* hint = nullptr) {
  const LoadResult r = LoadScenarioText(text, "f.yaml");
  EXPECT_FALSE(r.scenario.has_value()) << text;
  if (r.diagnostics.size() != 1) {
    ADD_FAILURE() << r.diagnostics.size() << " diagnostics:\n" << FormatLoadErrors(r) << text;
    return "";
  }
  if (hint != nullptr) *hint = r.diagnostics[0].hint;
  return r.diagnostics[0].loc.ToString() + ": " + r.diagnostics[0].message;
}

Scenario MustLoad(const std::string& text) {
  const LoadResult r = LoadScenarioText(text, "/scenarios/f.yaml");
  EXPECT_TRUE(r.diagnostics.empty()) << FormatLoadErrors(r) << text;
  return r.scenario.value_or(Scenario{});
}

TEST(ProcessClientRules, AJavaProducersKeyIsIModK) {
  const std::string text =
      Text(kPlainGroup, std::string(kJavaProducer) + "    key: \"user-{i}\"\n");
  std::string hint;
  // The producer's fields start on line 11: key is its fourth.
  EXPECT_EQ(OnlyError(text, &hint),
            "f.yaml:14:5: VerifiableProducer's keys are i % K (--repeating-keys K); \"user-{i}\" "
            "is not");
  EXPECT_EQ(hint, "write key: \"{i % 10}\" for ten keys");
  for (const char* key :
       {"\"{i % 10}-x\"", "\"{i}\"", "\"{(i % 10) + 1}\"", "\"{i * 10}\"", "constant"}) {
    const std::string t = Text(kPlainGroup, std::string(kJavaProducer) + "    key: " + key + "\n");
    const std::string e = OnlyError(t);
    EXPECT_NE(e.find("VerifiableProducer's keys are i % K"), std::string::npos) << key << ": " << e;
  }
}

TEST(ProcessClientRules, AJavaProducerWritesNoValueNoHeadersAndNoTransactions) {
  std::string text = Text(kPlainGroup, std::string(kJavaProducer) + "    value: {size: 10}\n");
  EXPECT_EQ(OnlyError(text),
            At(text, "value:") +
                ": Kafka's VerifiableProducer sets no value size: VerifiableProducer writes the "
                "value \"<prefix>.<i>\": the record's identity, which every check reads");

  text = Text(kPlainGroup, std::string(kJavaProducer) + "    transactional: {id: tx, batch: 5}\n");
  std::string hint;
  EXPECT_EQ(OnlyError(text, &hint),
            At(text, "transactional:") +
                ": Kafka's VerifiableProducer is not transactional (no transactional.id, no "
                "transactions)");
  EXPECT_EQ(hint, "use a librdkafka producer for transactions");
}

TEST(ProcessClientRules, AJavaProducerPartitionsByMurmur2) {
  const std::string text =
      Text(kPlainGroup, std::string(kJavaProducer) + "    partitioner: crc32\n");
  std::string hint;
  EXPECT_EQ(OnlyError(text, &hint),
            At(text, "partitioner:") +
                ": the Java client partitions keyed records by murmur2 (its default "
                "partitioner; KIP-480's sticky partitioner for null keys), not crc32");
  EXPECT_EQ(hint, "remove partitioner: (murmur2 is taken) or write partitioner: murmur2");
  // Said, murmur2 loads.
  const Scenario s =
      MustLoad(Text(kPlainGroup, std::string(kJavaProducer) + "    partitioner: murmur2\n"));
  ASSERT_EQ(s.producers.size(), 1u);
  EXPECT_EQ(s.producers[0].partitioner.kind, PartitionerKind::kMurmur2);
}

TEST(ProcessClientRules, AJavaProducersRateIsWholeRecordsPerSecond) {
  const std::string text = Text(kPlainGroup, std::string(kJavaProducer) + "    rate: 0.5/s\n");
  EXPECT_EQ(OnlyError(text),
            At(text, "rate:") +
                ": VerifiableProducer's --throughput is whole records per second, not 0.5/s");
  const std::string per_minute = Text(kPlainGroup, std::string(kJavaProducer) + "    rate: 90/m\n");
  EXPECT_EQ(OnlyError(per_minute),
            At(per_minute, "rate:") +
                ": VerifiableProducer's --throughput is whole records per second, not 1.5/s");
  EXPECT_EQ(MustLoad(Text(kPlainGroup, std::string(kJavaProducer) + "    rate: 120/m\n"))
                .producers[0]
                .rate_per_s,
            2.0);
}

TEST(ProcessClientRules, ACommandProducerChoosesItsOwnKeys) {
  const std::string producer = "    topic: orders\n    messages: 5\n" + std::string(kCommand);
  std::string text = Text(kPlainGroup, producer + "    key: \"{i % 10}\"\n");
  std::string hint;
  EXPECT_EQ(OnlyError(text, &hint),
            At(text, "key:") + ": a command client's program chooses its own keys");
  EXPECT_EQ(hint, "remove key:, or use client: java (keys i % K) or librdkafka");
  text = Text(kPlainGroup, producer + "    value: {size: 10}\n");
  EXPECT_EQ(OnlyError(text),
            At(text, "value:") +
                ": a command client (the program makes its records) sets no value size: the "
                "program writes the value \"{value_prefix}.<i>\": the record's identity, which "
                "every check reads");
}

TEST(ProcessClientRules, AJavaGroupReadsOneTopic) {
  const std::string text = Text("    topics: [orders, audit]\n    client: java\n", kPlainProducer);
  EXPECT_EQ(OnlyError(text),
            "f.yaml:8:5: VerifiableConsumer subscribes to one topic; group g "
            "names 2");
}

TEST(ProcessClientRules, AJavaGroupCommitsAfterEachPollOrAutomatically) {
  std::string text = Text(std::string(kJavaGroup) + "    commit: never\n", kPlainProducer);
  EXPECT_EQ(OnlyError(text),
            "f.yaml:10:5: VerifiableConsumer commits either after each poll (after_process) or "
            "with enable.auto.commit (auto), not never");
  for (const char* mode : {"low_watermark", "highest_done"}) {
    text = Text(std::string(kJavaGroup) + "    commit: " + mode + "\n", kPlainProducer);
    EXPECT_EQ(OnlyError(text),
              At(text, "commit:") +
                  ": VerifiableConsumer commits either after each poll (after_process) or with "
                  "enable.auto.commit (auto), not " +
                  mode);
  }
  text = Text(std::string(kJavaGroup) + "    commit: {mode: after_process, every: 10}\n",
              kPlainProducer);
  EXPECT_EQ(OnlyError(text), At(text, "every:") +
                                 ": VerifiableConsumer commits synchronously after each poll; it "
                                 "has no commit every");
  text = Text(std::string(kJavaGroup) + "    commit:\n      mode: auto\n      interval: 1s\n",
              kPlainProducer);
  EXPECT_EQ(OnlyError(text),
            "f.yaml:12:7: VerifiableConsumer commits synchronously after each "
            "poll; it has no commit interval");
  // after_process and auto load, written either way.
  for (const char* commit : {"after_process", "auto", "{mode: after_process}", "{mode: auto}"}) {
    const Scenario s =
        MustLoad(Text(std::string(kJavaGroup) + "    commit: " + commit + "\n", kPlainProducer));
    ASSERT_EQ(s.groups.size(), 1u) << commit;
  }
}

TEST(ProcessClientRules, AProcessGroupHasNoProcessingModelAndNoPriority) {
  std::string text =
      Text(std::string(kJavaGroup) + "    processing: {delay: 5ms}\n", kPlainProducer);
  EXPECT_EQ(OnlyError(text),
            At(text, "processing:") +
                ": Kafka's VerifiableConsumer has no processing model: it commits each poll's "
                "records once it has printed them");
  text = Text("    topics: [orders]\n" + std::string(kCommand) + "    processing: {delay: 5ms}\n",
              kPlainProducer);
  EXPECT_EQ(OnlyError(text),
            At(text, "processing:") +
                ": a command client has no processing model: the program processes records as "
                "it is written");
  text = Text("    topics: [orders, audit]\n" + std::string(kCommand) + "    priority: true\n",
              kPlainProducer);
  EXPECT_EQ(OnlyError(text), At(text, "priority:") + ": a command client has no topic priority");
}

TEST(ProcessClientRules, ACommandGroupCommitsAsItsProgramIsWritten) {
  const std::string text =
      Text("    topics: [orders]\n" + std::string(kCommand) + "    commit: after_process\n",
           kPlainProducer);
  std::string hint;
  EXPECT_EQ(OnlyError(text, &hint),
            At(text, "commit:") + ": a command client's program commits as it is written");
  EXPECT_EQ(hint, "remove commit: (the program's offsets_committed lines are the commits)");
}

TEST(ProcessClientRules, NoSeekStepOnAProcessGroup) {
  for (const char* target : {"g", "g/0"}) {
    const std::string text = Text(
        kJavaGroup, kPlainProducer,
        std::string("steps:\n  - start: g\n  - seek: {group: ") + target + ", to: beginning}\n");
    std::string hint;
    EXPECT_EQ(OnlyError(text, &hint),
              At(text, "seek:") +
                  ": group g is a java client: the runner cannot move a process's position (the "
                  "verifiable clients' protocol has no seek)")
        << target;
    EXPECT_EQ(hint, "seek a librdkafka group, or have the program seek on its own");
  }
  const std::string command = Text("    topics: [orders]\n" + std::string(kCommand), kPlainProducer,
                                   "steps:\n  - start: g\n  - seek: {group: g, to: end}\n");
  EXPECT_NE(OnlyError(command).find("group g is a command client: the runner cannot move"),
            std::string::npos);
  // A librdkafka group seeks.
  MustLoad(
      Text(kPlainGroup, kJavaProducer, "steps:\n  - start: g\n  - seek: {group: g, to: end}\n"));
}

TEST(ProcessClientRules, AProcessorIsPlayedByTheRunnersOwnClients) {
  const std::string text = Text(kPlainGroup, kPlainProducer, R"(processors:
  - name: enrich
    from: [orders]
    to: [audit]
    lua: m.enrich
    client: java
)");
  const LoadResult r = LoadScenarioText(text, "f.yaml");
  EXPECT_FALSE(r.scenario.has_value());
  ASSERT_FALSE(r.diagnostics.empty()) << text;
  // The schema refuses it, at its value.
  EXPECT_EQ(r.diagnostics[0].loc.ToString() + ": " + r.diagnostics[0].message,
            At(text, "java", "processors:") + ": expected one of librdkafka, got 'java'")
      << FormatLoadErrors(r);
}

// A process group prints values, not headers: a record whose identity is only in a header
// would be foreign to it, and every check would count it lost.
TEST(ProcessClientRules, EveryRecordAProcessGroupReadsCarriesItsIdentityInItsValue) {
  std::string text =
      Text(kJavaGroup, std::string(kPlainProducer) + "    value: {lua: m.v}\n", "lua: [m.lua]\n");
  std::string hint;
  EXPECT_EQ(OnlyError(text, &hint),
            At(text, "value:") +
                ": a value from Lua cannot carry the record's identity, and group g reads it "
                "with a java client, which prints values, not headers: every record of "
                "producer p would be foreign to it");
  EXPECT_EQ(hint, "leave value out (the identity is then written into the value)");

  text = Text("    topics: [audit]\n    client: java\n", kPlainProducer, R"(processors:
  - name: enrich
    from: [orders]
    to: [audit]
    lua: m.enrich
lua: [m.lua]
)");
  EXPECT_EQ(OnlyError(text, &hint),
            At(text, "topics:", "- name: g") +
                ": processor enrich writes topic audit with each record's identity in a header "
                "only, and group g reads it with a java client, which prints values, not "
                "headers: its records would all be foreign");
}

TEST(ProcessClientRules, AJavaProducersRateFitsItsThroughputFlag) {
  const std::string text =
      Text(kPlainGroup, std::string(kJavaProducer) + "    rate: 3000000000/s\n");
  EXPECT_EQ(OnlyError(text), At(text, "rate:") +
                                 ": VerifiableProducer's --throughput is at most 2147483647 "
                                 "records per second, not 3000000000/s");
}

// A placeholder misspelt, or one of the other kind of actor's, would reach the program as it
// is; the program's own braces ({print} of awk) are its own.
TEST(ProcessClientRules, ACommandsPlaceholdersAreItsKinds) {
  std::string hint;
  std::string text = Text(
      std::string(kPlainGroup) + "    client: {command: [app, \"{bootstap}\"]}\n", kPlainProducer);
  EXPECT_EQ(OnlyError(text, &hint), At(text, "\"{bootstap}\"") + ": no placeholder {bootstap}");
  EXPECT_EQ(hint, "did you mean {bootstrap}?");
  text = Text(kPlainGroup, std::string(kPlainProducer) +
                               "    client: {command: [app], env: {WHO: \"{member}\"}}\n");
  EXPECT_EQ(OnlyError(text), At(text, "\"{member}\"") +
                                 ": {member} is a placeholder of consumer groups, not of "
                                 "producers");
  text = Text(std::string(kPlainGroup) + "    client: {command: [app, \"{group_id}\"]}\n",
              kPlainProducer);
  EXPECT_EQ(OnlyError(text, &hint), At(text, "\"{group_id}\"") + ": no placeholder {group_id}");
  EXPECT_EQ(hint, "did you mean {group}?");
  // The program's own braces: awk's {print}, the shell's ${TOPIC} and ${group}, {TOPIC}.
  MustLoad(Text(std::string(kPlainGroup) +
                    "    client: {command: [awk, \"{print}\", \"{topic}-{member}\"]}\n",
                kPlainProducer));
  MustLoad(Text(std::string(kPlainGroup) +
                    "    client: {command: [sh, -c, 'exec app \"${TOPIC}\" {TOPIC}'], env: "
                    "{TOPIC: \"{topic}\"}}\n",
                std::string(kPlainProducer) +
                    "    client: {command: [sh, -c, 'echo ${group} ${member}']}\n"));
}

TEST(ProcessClientRules, JavaActorsLoadWithJavasDefaults) {
  const Scenario s =
      MustLoad(Text(std::string(kJavaGroup) + "    commit: after_process\n",
                    std::string(kJavaProducer) + "    key: \"{i % 10}\"\n    rate: 100/s\n"));
  ASSERT_EQ(s.producers.size(), 1u);
  const ProducerSpec& p = s.producers[0];
  EXPECT_EQ(p.client.kind, ClientSpec::Kind::kJava);
  EXPECT_TRUE(p.client.is_process());
  EXPECT_EQ(p.client.loc.ToString(), "/scenarios/f.yaml:15:13");  // its value
  // The Java client's partitioner, where librdkafka's would be crc32.
  EXPECT_EQ(p.partitioner.kind, PartitionerKind::kMurmur2);
  EXPECT_EQ(p.client.startup_timeout_ms, 30000);
  ASSERT_TRUE(p.key.has_value());
  EXPECT_EQ(p.key->source, "{i % 10}");
  EXPECT_EQ(p.rate_per_s, 100.0);
  ASSERT_EQ(s.groups.size(), 1u);
  EXPECT_EQ(s.groups[0].client.kind, ClientSpec::Kind::kJava);
  EXPECT_EQ(s.groups[0].commit.mode, CommitMode::kAfterProcess);

  // {java: true} is client: java, with a startup_timeout of its own.
  const Scenario t = MustLoad(Text(
      "    topics: [orders]\n    client: {java: true, startup_timeout: 90s}\n", kPlainProducer));
  EXPECT_EQ(t.groups[0].client.kind, ClientSpec::Kind::kJava);
  EXPECT_EQ(t.groups[0].client.startup_timeout_ms, 90000);

  // A librdkafka producer keeps librdkafka's partitioner.
  const Scenario plain = MustLoad(Text(kPlainGroup, kPlainProducer));
  EXPECT_EQ(plain.producers[0].client.kind, ClientSpec::Kind::kLibrdkafka);
  EXPECT_FALSE(plain.producers[0].client.is_process());
  EXPECT_NE(plain.producers[0].partitioner.kind, PartitionerKind::kMurmur2);
  const Scenario named =
      MustLoad(Text("    topics: [orders]\n    client: librdkafka\n", kPlainProducer));
  EXPECT_EQ(named.groups[0].client.kind, ClientSpec::Kind::kLibrdkafka);
}

TEST(ProcessClientRules, CommandActorsLoadWithTheirArgvEnvAndStartupTimeout) {
  const Scenario s = MustLoad(Text(R"(    topics: [orders, audit]
    members: 2
    client:
      command: [python3, "{scenario_dir}/consumer.py", --topics, "{topics}"]
      env: {APP_MODE: verify, BOOTSTRAP: "{bootstrap}"}
      startup_timeout: 1500ms
)",
                                   R"(    topic: orders
    messages: 5
    partitioner: round_robin
    client: {command: [./producer, "{messages}"]}
)"));
  ASSERT_EQ(s.groups.size(), 1u);
  const ClientSpec& c = s.groups[0].client;
  EXPECT_EQ(c.kind, ClientSpec::Kind::kCommand);
  EXPECT_EQ(c.command, (std::vector<std::string>{"python3", "{scenario_dir}/consumer.py",
                                                 "--topics", "{topics}"}));
  EXPECT_EQ(c.env, (std::vector<std::pair<std::string, std::string>>{
                       {"APP_MODE", "verify"}, {"BOOTSTRAP", "{bootstrap}"}}));
  EXPECT_EQ(c.startup_timeout_ms, 1500);
  EXPECT_EQ(s.groups[0].members, 2);
  ASSERT_EQ(s.producers.size(), 1u);
  EXPECT_EQ(s.producers[0].client.kind, ClientSpec::Kind::kCommand);
  EXPECT_EQ(s.producers[0].client.command, (std::vector<std::string>{"./producer", "{messages}"}));
  EXPECT_TRUE(s.producers[0].client.env.empty());
  EXPECT_EQ(s.producers[0].client.startup_timeout_ms, 30000);
  // A command producer partitions as the scenario says.
  EXPECT_EQ(s.producers[0].partitioner.kind, PartitionerKind::kRoundRobin);
}

TEST(ProcessClientRules, AStartupTimeoutOfZeroIsRefused) {
  const std::string text =
      Text("    topics: [orders]\n    client: {java: true, startup_timeout: 0s}\n", kPlainProducer);
  EXPECT_EQ(OnlyError(text), At(text, "0s") + ": startup_timeout must be longer than 0ms");
}

TEST(ProcessClientRules, TheClientFieldsShapeIsTheSchemas) {
  for (const char* client :
       {"python", "{command: []}", "{command: [\"\"]}", "{command: ./app}", "{java: false}",
        "{command: [a], java: true}", "{command: [a], env: {X: 1}}", "{command: [a], shell: sh}",
        "{java: true, env: {X: y}}", "{command: [a], startup_timeout: soon}"}) {
    const std::string text =
        Text("    topics: [orders]\n    client: " + std::string(client) + "\n", kPlainProducer);
    const LoadResult r = LoadScenarioText(text, "f.yaml");
    EXPECT_FALSE(r.scenario.has_value()) << client;
    EXPECT_FALSE(r.diagnostics.empty()) << client;
  }
}

TEST(ProcessClientRules, OnlyAJavaActorRequiresTheJavaClient) {
  auto requires_java = [](const Scenario& s) {
    const std::vector<std::string> caps = RequiredCapabilities(s);
    return std::find(caps.begin(), caps.end(), "java_client") != caps.end();
  };
  EXPECT_TRUE(requires_java(MustLoad(Text(kJavaGroup, kPlainProducer))));
  EXPECT_TRUE(requires_java(MustLoad(Text(kPlainGroup, kJavaProducer))));
  const Scenario both = MustLoad(Text(kJavaGroup, kJavaProducer));
  const std::vector<std::string> caps = RequiredCapabilities(both);
  EXPECT_EQ(std::count(caps.begin(), caps.end(), "java_client"), 1);  // once
  EXPECT_FALSE(requires_java(
      MustLoad(Text("    topics: [orders]\n" + std::string(kCommand),
                    "    topic: orders\n    messages: 5\n" + std::string(kCommand)))));
  EXPECT_FALSE(requires_java(MustLoad(Text(kPlainGroup, kPlainProducer))));
}

}  // namespace
}  // namespace ks
