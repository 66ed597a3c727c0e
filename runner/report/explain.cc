#include "report/explain.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <sstream>

#include "checks/check.h"
#include "report/console.h"
#include "scenario/check_catalogue.h"
#include "scenario/default_timeline.h"
#include "scenario/describe.h"
#include "scenario/requirements.h"

namespace ks {
namespace {

std::string Plural(int64_t n, const std::string& word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string Duration(int64_t ms) {
  if (ms % 1000 == 0) return fmt::format("{} s", ms / 1000);
  return fmt::format("{} ms", ms);
}

std::string KeyText(const ProducerSpec& p) {
  if (p.key) return fmt::format("key \"{}\"", p.key->source);
  if (p.key_lua) return "key from lua " + p.key_lua->function;
  return "no key";
}

std::string PartitionerText(const PartitionerSpec& p) {
  switch (p.kind) {
    case PartitionerKind::kExplicit:
      return fmt::format("partition {}", p.partition);
    case PartitionerKind::kLua:
      return "partitioner lua " + p.lua.function;
    default:
      return fmt::format("partitioner {}", ToString(p.kind));
  }
}

// ", client java (Kafka's VerifiableProducer)", ", client command: python3 app.py ..." or ""
// for the runner's own librdkafka clients.
std::string ClientText(const ClientSpec& c, const char* java_tool) {
  switch (c.kind) {
    case ClientSpec::Kind::kLibrdkafka:
      return "";
    case ClientSpec::Kind::kJava:
      return fmt::format(", client java (Kafka's {})", java_tool);
    case ClientSpec::Kind::kCommand:
      return fmt::format(", client command: {}", fmt::join(c.command, " "));
  }
  return "";
}

std::string ProducerText(const ProducerSpec& p) {
  std::string out = fmt::format(
      "{} -> {}: {}, {}, {}, {}", p.name, p.topic, Plural(p.messages, "record"),
      p.rate_per_s > 0 ? fmt::format("{}/s", p.rate_per_s) : std::string("as fast as possible"),
      KeyText(p), PartitionerText(p.partitioner));
  if (p.transactional) {
    out += fmt::format(", transactions of {}", p.transactional->batch);
    if (p.transactional->abort_every > 0) {
      out += fmt::format(" (every {}th aborted)", p.transactional->abort_every);
    }
  }
  return out + ClientText(p.client, "VerifiableProducer");
}

std::string DelayText(const DelaySpec& d) {
  switch (d.distribution) {
    case DelaySpec::Distribution::kFixed:
      return fmt::format("{} ms", d.fixed_ms);
    case DelaySpec::Distribution::kUniform:
      return fmt::format("{}-{} ms", d.min_ms, d.max_ms);
    case DelaySpec::Distribution::kExponential:
      return fmt::format("exponential, mean {} ms", d.mean_ms);
    case DelaySpec::Distribution::kNormal:
      return fmt::format("normal, mean {} ms, stddev {} ms", d.mean_ms, d.stddev_ms);
  }
  return "";
}

std::string ProcessingText(const ProcessingSpec& p) {
  if (p.lua) return "processing by lua " + p.lua->function;
  std::string out = "processing " + DelayText(p.delay) + " per record";
  if (p.failure_rate > 0) {
    out += fmt::format(", {}% fail and are {}", p.failure_rate * 100,
                       p.on_failure == ProcessingSpec::OnFailure::kRetry ? "retried" : "skipped");
  }
  if (p.workers > 1) out += fmt::format(", {} workers per member", p.workers);
  return out;
}

std::string GroupText(const GroupSpec& g) {
  std::string out = g.transform ? fmt::format("{}: {} -> {}", g.name, fmt::join(g.topics, ", "),
                                              fmt::join(g.transform->to, ", "))
                                : fmt::format("{} <- {}", g.name, fmt::join(g.topics, ", "));
  // A program commits as it is written: the scenario's commit mode does not apply to it.
  const std::string commit = g.client.kind == ClientSpec::Kind::kCommand
                                 ? std::string("commits as the program does")
                                 : fmt::format("commit {}", ToString(g.commit.mode));
  out += fmt::format(": {}, {}, from {}", Plural(g.members, "member"), commit,
                     g.offset_reset == OffsetReset::kEarliest ? "earliest" : "latest");
  if (g.priority) out += ", topics in priority order";
  if (g.transform && g.transform->transactional) out += ", transactional (exactly-once)";
  if (g.processing && (!g.transform || !g.processing->lua)) {
    out += ", " + ProcessingText(*g.processing);
  } else if (g.transform && g.processing && g.processing->lua) {
    out += ", lua " + g.processing->lua->function;
  } else if (g.client.is_process()) {
    out += ", consumed when the program reports a record (record_data)";
  } else if (!g.transform) {
    out += ", no processing (consumed when polled)";
  }
  return out + ClientText(g.client, "VerifiableConsumer");
}

std::string StepLine(const StepSpec& s) {
  std::string out = DescribeStep(s);
  if (s.kind == StepSpec::Kind::kWait && s.wait_for.within_ms > 0) {
    out += ", within " + Duration(s.wait_for.within_ms);
  }
  switch (s.after.kind) {
    case TriggerSpec::Kind::kAcked:
      out = fmt::format("after {} acked {}: {}", s.after.producer, s.after.count, out);
      break;
    case TriggerSpec::Kind::kConsumed:
      out = fmt::format("after {} consumed {}: {}", s.after.group, s.after.count, out);
      break;
    case TriggerSpec::Kind::kNone:
      break;
  }
  return out;
}

}  // namespace

std::string NameAndTitle(const Scenario& s) {
  // A title defaulted to the name (a scenario without one) would say the name twice.
  return s.title.empty() || s.title == s.name ? s.name : s.name + " - " + s.title;
}

std::string FormatLesson(const Scenario& s) {
  std::string out = NameAndTitle(s) + "\n";
  if (!s.path.empty()) out += fmt::format("  {}\n", s.path);
  if (!s.lesson.empty()) {
    out += "\n";
    std::istringstream lines(s.lesson);
    for (std::string line; std::getline(lines, line);) {
      out += line.empty() ? "\n" : "  " + line + "\n";
    }
  }
  return out;
}

std::string FormatTopology(const Scenario& s) {
  std::string out = "Topology\n";
  if (s.cluster.brokers > 1)
    out += fmt::format("  cluster: {}\n", Plural(s.cluster.brokers, "broker"));
  out += "  topics:\n";
  for (const auto& t : s.topics) {
    out += fmt::format("    {}: {}", t.name, Plural(t.partitions, "partition"));
    if (t.replication_factor > 1)
      out += fmt::format(", replication factor {}", t.replication_factor);
    out += "\n";
  }
  if (!s.producers.empty()) out += "  producers:\n";
  for (const auto& p : s.producers) out += "    " + ProducerText(p) + "\n";
  for (bool processors : {false, true}) {
    bool header = false;
    for (const auto& g : s.groups) {
      if (g.transform.has_value() != processors) continue;
      if (!header) out += processors ? "  processors:\n" : "  consumer groups:\n";
      header = true;
      out += "    " + GroupText(g) + "\n";
    }
  }
  return out;
}

std::string FormatTimeline(const Scenario& s) {
  if (s.steps.empty()) {
    // The default timeline's steps point at the groups and producers they concern, not at lines
    // of a `steps:` list, so they are numbered rather than located.
    std::string out = "Timeline (the default: the scenario has no steps)\n";
    int i = 0;
    for (const auto& step : DefaultTimeline(s))
      out += fmt::format("  {}. {}\n", ++i, StepLine(step));
    return out;
  }
  std::string out = "Timeline\n";
  int i = 0;
  for (const auto& step : s.steps) {
    out += fmt::format("  {}. {}  (line {})\n", ++i, StepLine(step), step.loc.line);
  }
  return out;
}

std::string FigureBoundText(const FigureBound& b, const std::string& main_figure) {
  return (b.figure.empty() ? main_figure : b.figure) + " " + BoundText(b);
}

std::string FormatChecks(const Scenario& s) {
  std::string out = "Checks\n";
  if (s.expect.empty()) out += "  none: the run only records a history\n";
  for (const auto& e : s.expect) {
    if (e.check == "lua") {
      auto scope = e.scope;
      scope["function"] = e.lua.function;
      out += fmt::format(
          "  {}: custom\n      the Lua function judges the history: true passes, "
          "false fails\n",
          FormatExpect("lua", scope));
      continue;
    }
    const CheckEntry* info = FindCheckEntry(e.check);
    std::vector<std::string> bounds;
    const std::string main = info ? info->main_figure : e.check;
    for (const auto& b : info ? EffectiveBounds(*info, e) : e.bounds) {
      bounds.push_back(FigureBoundText(b, main));
    }
    out += fmt::format("  {}: {}\n", FormatExpect(e.check, e.scope),
                       bounds.empty()
                           ? std::string("no bounds (fails: a check never passes by default)")
                           : fmt::format("{}", fmt::join(bounds, "; ")));
    if (info && !info->description.empty()) out += fmt::format("      {}\n", info->description);
  }
  return out;
}

std::string FormatRequires(const Scenario& s, const std::set<std::string>& capabilities,
                           const std::string& cannot_run) {
  std::string out = "Requires\n";
  // Its own `requires` and what its steps imply (an add_partitions step: add_partitions).
  const std::vector<std::string> required = RequiredCapabilities(s);
  if (required.empty()) out += "  nothing beyond what every target has\n";
  for (const auto& r : required) {
    out +=
        fmt::format("  {}: {}\n", r, capabilities.count(r) ? "this target has it" : "MISSING here");
  }
  if (!cannot_run.empty()) out += fmt::format("  skipped here: {}\n", cannot_run);
  return out;
}

std::string FormatExplain(const Scenario& s, const std::set<std::string>& capabilities,
                          const std::string& cannot_run) {
  return FormatLesson(s) + "\n" + FormatTopology(s) + "\n" + FormatTimeline(s) + "\n" +
         FormatChecks(s) + "\n" + FormatRequires(s, capabilities, cannot_run);
}

}  // namespace ks
