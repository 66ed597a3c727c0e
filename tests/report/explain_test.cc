// `kafka-scenario explain`: a scenario described without running it, section by section.
#include "report/explain.h"

#include <gtest/gtest.h>

#include <string>

#include "scenario/loader.h"

namespace ks {
namespace {

Scenario Load(const std::string& text) {
  LoadResult r = LoadScenarioText(text, "lessons/042-sample.yaml");
  EXPECT_TRUE(r.scenario) << FormatLoadErrors(r);
  EXPECT_EQ(FormatLoadErrors(r), "");
  return r.scenario ? *r.scenario : Scenario{};
}

const char* kWithSteps = R"(name: sample
title: A sample lesson
lesson: |
  First line of the lesson.

  What to watch: nothing lost.
tags: [basics]
requires: [transactions, read_committed]
topics:
  - name: orders
    partitions: 3
producers:
  - name: shop
    topic: orders
    messages: 500
    rate: 100/s
    key: "user-{i % 5}"
    partitioner: murmur2
consumer_groups:
  - name: billing
    topics: [orders]
    members: 2
    offset_reset: earliest
    commit: after_process
    processing: {delay: 5ms, failure_rate: 0.1, on_failure: skip}
steps:
  - start: billing
  - produce: shop
  - after: {acked: 100, producer: shop}
    crash: billing/1
  - wait: {drained: billing, within: 20s}
expect:
  - no_loss: {group: billing}
  - consumed: {group: billing, min: 400, max: 500}
)";

TEST(ExplainTest, LessonTextIsIndentedUnderItsHeader) {
  EXPECT_EQ(FormatLesson(Load(kWithSteps)),
            "sample - A sample lesson\n"
            "  lessons/042-sample.yaml\n"
            "\n"
            "  First line of the lesson.\n"
            "\n"
            "  What to watch: nothing lost.\n");
}

// A scenario without title and lesson (one written for CI): its name and path, then straight
// on to the topology; no "sample - sample", no empty lesson paragraph.
TEST(ExplainTest, WithoutTitleAndLessonTheHeaderIsTheNameAlone) {
  std::string text = kWithSteps;
  text.erase(text.find("title:"), text.find("tags:") - text.find("title:"));
  const Scenario s = Load(text);
  ASSERT_EQ(s.title, "sample");
  EXPECT_EQ(FormatLesson(s), "sample\n  lessons/042-sample.yaml\n");
  EXPECT_EQ(FormatExplain(s, {}, "").rfind("sample\n  lessons/042-sample.yaml\n\nTopology\n", 0),
            0u)
      << FormatExplain(s, {}, "");
}

TEST(ExplainTest, TopologyNamesTopicsProducersAndGroups) {
  EXPECT_EQ(FormatTopology(Load(kWithSteps)),
            "Topology\n"
            "  topics:\n"
            "    orders: 3 partitions\n"
            "  producers:\n"
            "    shop -> orders: 500 records, 100/s, key \"user-{i % 5}\", partitioner murmur2\n"
            "  consumer groups:\n"
            "    billing <- orders: 2 members, commit after_process, from earliest, processing 5 "
            "ms per record, 10% fail and are skipped\n");
}

TEST(ExplainTest, TimelineShowsEachStepWithItsTriggerAndLine) {
  EXPECT_EQ(FormatTimeline(Load(kWithSteps)),
            "Timeline\n"
            "  1. start billing  (line 27)\n"
            "  2. produce from shop  (line 28)\n"
            "  3. after shop acked 100: crash billing/1  (line 30)\n"
            "  4. wait until billing drained, within 20 s  (line 31)\n");
}

TEST(ExplainTest, ChecksShowTheirBoundsIncludingImpliedOnes) {
  std::string out = FormatChecks(Load(kWithSteps));
  EXPECT_NE(out.find("  no_loss {group: billing}: lost max 0; unseen max 0\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("  consumed {group: billing}: consumed min 400, max 500\n"), std::string::npos)
      << out;
}

TEST(ExplainTest, RequiresSaysWhatThisTargetLacks) {
  EXPECT_EQ(FormatRequires(Load(kWithSteps), {"transactions"}, "requires 'read_committed'"),
            "Requires\n"
            "  transactions: this target has it\n"
            "  read_committed: MISSING here\n"
            "  skipped here: requires 'read_committed'\n");
}

TEST(ExplainTest, NoStepsShowsTheDefaultTimelineAndProcessors) {
  Scenario s = Load(R"(name: pipeline
title: A processor between two topics
lesson: A processor upper-cases what it reads.
topics:
  - name: in
  - name: out
producers:
  - name: src
    topic: in
    messages: 10
processors:
  - name: upper
    from: [in]
    to: [out]
    lua: "function(r) return {value = r.value} end"
consumer_groups:
  - name: sink
    topics: [out]
expect:
  - consumed: {group: sink, equals: 10}
)");
  std::string topology = FormatTopology(s);
  EXPECT_NE(topology.find("  processors:\n    upper: in -> out: 1 member"), std::string::npos)
      << topology;
  EXPECT_NE(topology.find("src -> in: 10 records, as fast as possible, no key"), std::string::npos)
      << topology;
  std::string timeline = FormatTimeline(s);
  EXPECT_EQ(timeline.substr(0, timeline.find('\n')),
            "Timeline (the default: the scenario has no steps)");
  EXPECT_NE(timeline.find("  1. start sink\n  2. start upper\n"), std::string::npos) << timeline;
  EXPECT_NE(timeline.find("produce from src"), std::string::npos) << timeline;
  EXPECT_NE(timeline.find("wait until upper drained"), std::string::npos) << timeline;
  std::string all = FormatExplain(s, {}, "");
  EXPECT_NE(all.find("Requires\n  nothing beyond what every target has\n"), std::string::npos)
      << all;
}

}  // namespace
}  // namespace ks
