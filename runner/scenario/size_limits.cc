// The scenario sizes a run cannot serve (diag/input_limits.h), refused while loading so that a
// scenario never starts what it cannot finish.

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "diag/input_limits.h"
#include "diag/text_check.h"
#include "scenario/load_context.h"

namespace ks {

namespace {

class SizeChecker {
 public:
  explicit SizeChecker(LoadContext* ctx) : ctx_(*ctx), s_(*ctx->scenario) {}

  void Check() {
    Partitions();
    Clients();
    Records();
  }

 private:
  SourceLoc Loc(const std::string& pointer) const { return ctx_.doc->sources.ValueLoc(pointer); }

  void Error(const std::string& pointer, std::string message, std::string hint = "") {
    ctx_.Error(pointer, Loc(pointer), std::move(message), std::move(hint));
  }

  // Declared partitions, raised by add_partitions steps (the schema bounds a step's count).
  void Partitions() {
    std::map<std::string, int64_t> most;
    int64_t total = 0;
    for (size_t i = 0; i < s_.topics.size() && i < ctx_.topic_pointers.size(); ++i) {
      const std::string pointer = JsonPointerChild(ctx_.topic_pointers[i], "partitions");
      const int64_t n = std::max(s_.topics[i].partitions, 0);
      if (ctx_.ReportedWithin(pointer)) continue;
      most[s_.topics[i].name] = std::max(most[s_.topics[i].name], n);
      total += n;
      if (total > limits::kMaxPartitions) {
        PartitionError(pointer, n == total
                                    ? CountText(static_cast<uint64_t>(n)) + " partitions"
                                    : "the topics so far have " +
                                          CountText(static_cast<uint64_t>(total)) + " partitions");
        return;
      }
    }
    for (size_t i = 0; i < s_.steps.size() && i < ctx_.step_pointers.size(); ++i) {
      const StepSpec& step = s_.steps[i];
      const auto it = most.find(step.target);
      if (step.kind != StepSpec::Kind::kAddPartitions || it == most.end()) continue;
      if (step.partitions <= it->second) continue;
      total += step.partitions - it->second;
      it->second = step.partitions;
      const std::string pointer = JsonPointerChild(ctx_.step_pointers[i], "add_partitions");
      if (total > limits::kMaxPartitions && !ctx_.ReportedWithin(pointer)) {
        PartitionError(pointer, "this step raises the scenario's partitions to " +
                                    CountText(static_cast<uint64_t>(total)));
        return;
      }
    }
  }

  void PartitionError(const std::string& pointer, const std::string& what) {
    Error(pointer,
          fmt::format("{}, over the limit of {} for a scenario", what,
                      CountText(limits::kMaxPartitions)),
          "the embedded cluster builds and walks every partition on each request");
  }

  // Members, producers, and a processor member's own producer: all at once in the worst case.
  // The count is all of them; it is reported where the running count first passes the limit
  // (the 257th producer, or a group's members).
  void Clients() {
    int64_t total = static_cast<int64_t>(s_.producers.size());
    std::string pointer;
    if (total > limits::kMaxClients) {
      pointer = static_cast<int64_t>(ctx_.producer_pointers.size()) > limits::kMaxClients
                    ? ctx_.producer_pointers[limits::kMaxClients]
                    : "/producers";
    }
    for (size_t i = 0; i < s_.groups.size() && i < ctx_.group_pointers.size(); ++i) {
      const GroupSpec& g = s_.groups[i];
      total += static_cast<int64_t>(g.members) * (g.transform ? 2 : 1);
      if (total > limits::kMaxClients && pointer.empty()) {
        pointer = JsonPointerChild(ctx_.group_pointers[i], "members");
      }
    }
    if (pointer.empty() || ctx_.ReportedWithin(pointer)) return;
    Error(pointer,
          fmt::format("the scenario would run {} Kafka clients at once (members, producers, "
                      "and a producer per processor member), over the limit of {}",
                      CountText(static_cast<uint64_t>(total)), CountText(limits::kMaxClients)),
          "each client has its own threads and fetch buffers");
  }

  // What the producers send: the produce steps, or each producer once by default; the rule of
  // SendsAsWritten (scenario/model.h), from which lua steps' ks.produce counts at run time.
  void Records() {
    int64_t records = 0;
    uint64_t bytes = 0;
    auto add = [&](const ProducerSpec& p, int64_t messages, const std::string& pointer) {
      if (ctx_.ReportedWithin(pointer)) return false;
      // Compared before adding, so that no sum can overflow: the first one past is reported.
      messages = std::max<int64_t>(messages, 0);
      if (messages > limits::kMaxRecords - records) {
        Error(
            pointer,
            fmt::format("the producers would send {} records, over the limit of {} "
                        "for a scenario",
                        CountText(static_cast<uint64_t>(records) + static_cast<uint64_t>(messages)),
                        CountText(limits::kMaxRecords)),
            "the history keeps several ops per record in memory");
        return false;
      }
      records += messages;
      bytes += static_cast<uint64_t>(messages) * static_cast<uint64_t>(std::max(p.value_size, 0));
      if (bytes > limits::kMaxPayloadBytes) {
        Error(pointer,
              fmt::format("the producers would send {} of values (records x value size), over "
                          "the limit of {} for a scenario",
                          ByteSizeText(bytes), ByteSizeText(limits::kMaxPayloadBytes)),
              "the embedded cluster keeps every record in memory");
        return false;
      }
      return true;
    };
    for (size_t i = 0; i < s_.steps.size() && i < ctx_.step_pointers.size(); ++i) {
      const StepSpec& step = s_.steps[i];
      if (step.kind != StepSpec::Kind::kProduce) continue;
      const ProducerSpec* p = s_.FindProducer(step.target);
      if (p == nullptr) continue;  // reported by CrossReference
      const std::string pointer = JsonPointerChild(ctx_.step_pointers[i], "produce");
      if (!add(*p, step.messages.value_or(p->messages), pointer)) return;
    }
    if (!s_.steps.empty()) return;
    for (size_t i = 0; i < s_.producers.size() && i < ctx_.producer_pointers.size(); ++i) {
      const std::string pointer = JsonPointerChild(ctx_.producer_pointers[i], "messages");
      if (!add(s_.producers[i], s_.producers[i].messages, pointer)) return;
    }
  }

  LoadContext& ctx_;
  const Scenario& s_;
};

}  // namespace

void CheckSizes(LoadContext* ctx) { SizeChecker(ctx).Check(); }

}  // namespace ks
