#include "run/scenario_runner.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "actors/client_factory.h"
#include "actors/process_command.h"
#include "diag/interrupt.h"
#include "history/recorder.h"
#include "luahost/scenario_lua.h"
#include "run/live_state.h"
#include "run/run_world.h"
#include "run/timeline.h"
#include "scenario/default_timeline.h"
#include "scenario/requirements.h"

namespace ks {
namespace {

// Passes every call to `inner` and tells `progress` (when given) which step began.
class ProgressWorld : public TimelineWorld {
 public:
  ProgressWorld(TimelineWorld& inner, RunProgress* progress) : inner_(inner), progress_(progress) {}
  Status Act(const StepSpec& step) override {
    if (progress_) progress_->SetStep(DescribeStep(step));
    return inner_.Act(step);
  }
  Status Undo(const FaultSpec& fault) override { return inner_.Undo(fault); }
  void MarkWaitStart(const WaitSpec& wait) override {
    if (progress_) {
      StepSpec step;
      step.kind = StepSpec::Kind::kWait;
      step.wait_for = wait;
      progress_->SetStep(DescribeStep(step));
    }
    inner_.MarkWaitStart(wait);
  }
  std::optional<std::string> Missing(const WaitSpec& wait) override { return inner_.Missing(wait); }
  bool Happened(const TriggerSpec& after) override { return inner_.Happened(after); }
  std::optional<std::string> ProducersPending() override { return inner_.ProducersPending(); }

 private:
  TimelineWorld& inner_;
  RunProgress* progress_;
};

using Clock = std::chrono::steady_clock;

// Reading offsets after the run is one ListOffsets round trip per partition.
constexpr int kOffsetsTimeoutMs = 5000;

// About how many ops `s` records as written: a send invoke and its acknowledgement per record,
// and a poll per record for each group that reads its topic. Lua steps, processors' outputs,
// redeliveries and rebalances add to it; a run stopped early makes fewer.
size_t ExpectedOps(const Scenario& s) {
  const std::vector<int64_t> sends = SendsByProducer(s);
  double ops = 0;
  for (size_t i = 0; i < s.producers.size(); ++i) {
    const auto readers = std::count_if(s.groups.begin(), s.groups.end(), [&](const GroupSpec& g) {
      return std::find(g.topics.begin(), g.topics.end(), s.producers[i].topic) != g.topics.end();
    });
    ops += static_cast<double>(std::max<int64_t>(sends[i], 0)) * static_cast<double>(2 + readers);
  }
  return static_cast<size_t>(std::min(ops, 1e15));
}

class Run {
 public:
  Run(const Scenario& s, Target& t, RunProgress* progress)
      : s_(s), target_(t), progress_(progress) {}

  RunRecord Go();

 private:
  void Register();
  bool StartActors();
  void Timeline();
  void StopAll();
  void CollectClientErrors();
  void RecordOffsets();

  /// Names what the run is doing in `progress_` (when given): a run abandoned at its hard
  /// deadline is reported with the phase it was stuck in.
  void Phase(const char* what) {
    if (progress_) progress_->SetStep(what);
  }

  const Scenario& s_;
  Target& target_;
  RunProgress* progress_;  ///< may be null
  LuaPlan lua_plan_;       ///< the scenario's Lua; used only when UsesLua(s_)
  RunRecord record_;
  HistoryRecorder recorder_;
  /// Identities carried in values: process producers' batches (actors/value_identity.h).
  /// Declared before live_: the actors that use it are destroyed first.
  std::unique_ptr<ValueIdentities> identities_;
  LiveState live_;
  ActorLog* runner_log_ = nullptr;
  std::string classpath_;            ///< Kafka's jars, when a `client: java` actor needs them
  std::string scenario_dir_;         ///< the scenario file's folder: {scenario_dir}
  Clock::time_point deadline_;       ///< start + timeout: the timeline ends by then
  Clock::time_point hard_deadline_;  ///< deadline_ + kStopGrace: everything ends by then
};

RunRecord Run::Go() {
  const auto start = Clock::now();
  deadline_ = start + std::chrono::milliseconds(s_.timeout_ms);
  hard_deadline_ = deadline_ + kStopGrace;
  record_.run_id = target_.run_id();
  record_.started = std::chrono::system_clock::now();
  if (std::string why = target_.CannotRun(s_); !why.empty()) {
    // Skipped before anything is created on the cluster.
    record_.outcome = RunRecord::Outcome::kSkipped;
    record_.reason = why;
    return std::move(record_);
  }
  Phase("setting up the target");
  if (Status st = target_.Setup(s_); !st.ok()) {
    record_.outcome = RunRecord::Outcome::kError;
    record_.reason = st.message();
    return std::move(record_);
  }
  Register();
  spdlog::debug("{}: cluster up at {}", s_.name, target_.bootstrap_servers());
  // The history's memory, faulted in now rather than while the clients run.
  Phase("mapping the history's memory");
  recorder_.Prefault(ExpectedOps(s_));
  Phase("starting the clients");
  if (StartActors()) Timeline();
  spdlog::debug("{}: timeline done at {:.3f} s", s_.name, recorder_.clock().NowUs() / 1e6);
  Phase("stopping the clients");
  StopAll();
  spdlog::debug("{}: actors stopped at {:.3f} s", s_.name, recorder_.clock().NowUs() / 1e6);
  CollectClientErrors();
  // An interrupted run is an error whatever its history says: it gets no time for offsets.
  if (!InterruptRequested()) {
    Phase("reading the offsets");
    RecordOffsets();
  }
  const std::string unfit = recorder_.UnfitOps();
  record_.history = recorder_.Finish();
  if (record_.reason.empty()) record_.outcome = RunRecord::Outcome::kRan;
  if (!unfit.empty()) {
    if (record_.outcome == RunRecord::Outcome::kRan) {
      record_.outcome = RunRecord::Outcome::kError;
      record_.reason = unfit;
    } else {
      record_.problems.push_back(unfit);
    }
  }
  if (InterruptRequested()) {
    // A run cut short proves nothing either way.
    record_.outcome = RunRecord::Outcome::kInterrupted;
    record_.reason = "interrupted (SIGINT or SIGTERM): the run was stopped before its end";
  }
  // Custom checks end at the scenario's deadline, but get kCheckMinimum when the timeline used
  // it all, and never more than the hard deadline leaves.
  const Clock::time_point now = Clock::now();
  record_.checks_budget =
      std::max(std::chrono::milliseconds(0),
               std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::min(std::max(deadline_, now + kCheckMinimum), hard_deadline_) - now));
  record_.seconds = std::chrono::duration<double>(now - start).count();
  return std::move(record_);
}

void Run::Register() {
  live_.scenario = &s_;
  runner_log_ = &recorder_.AddActor({"runner", ActorInfo::Role::kRunner, kNoId, -1});
  for (const auto& t : s_.topics) {
    live_.topics.Add({t.name, target_.TopicName(t.name), recorder_.AddTopic(t.name),
                      MaxPartitions(s_, t), 0, t.partitions});
  }
  for (const auto& p : s_.producers) {
    const TopicMap::Entry* topic = live_.topics.FindLogical(p.topic);
    recorder_.AddProducer(
        p.name, {topic ? topic->history_id : kNoId, std::string(ToString(p.partitioner.kind)),
                 p.partitioner.partition});
  }
  for (const auto& g : s_.groups) {
    recorder_.AddGroup(g.name, g.processing.has_value());
    if (!g.transform) continue;
    // Each processor member produces as "group/i": the identity its outputs carry.
    const TopicMap::Entry* to = live_.topics.FindLogical(g.transform->to.front());
    for (int i = 0; i < g.members; ++i) {
      recorder_.AddProducer(fmt::format("{}/{}", g.name, i),
                            {to ? to->history_id : kNoId, "crc32", -1});
    }
  }
  if (UsesLua(s_)) {
    lua_plan_ = LuaPlan::Of(s_);
    // A hook may run while the clients stop (processing what was polled), never past the end.
    lua_plan_.limits.deadline = hard_deadline_;
  }
}

bool Run::StartActors() {
  const int64_t deadline_us = recorder_.clock().NowUs() + s_.timeout_ms * 1000;
  identities_ = std::make_unique<ValueIdentities>(target_.run_id());
  std::error_code ec;
  scenario_dir_ = std::filesystem::absolute(std::filesystem::path(s_.path).parent_path(), ec);
  bool java = false;
  for (const auto& p : s_.producers) java |= p.client.kind == ClientSpec::Kind::kJava;
  for (const auto& g : s_.groups) java |= g.client.kind == ClientSpec::Kind::kJava;
  if (java) {
    if (Status st = FindKafkaClasspath(&classpath_); !st.ok()) {
      record_.problems.push_back(st.message());
      return false;
    }
  }
  for (const auto& g : s_.groups) {
    LiveGroup& lg = live_.groups.emplace_back();
    lg.spec = &g;
    lg.progress = std::make_unique<GroupProgress>(g.members, live_.topics.slots());
    for (const auto& t : g.topics) {
      // Partitions an add_partitions step adds join the group's slots when it runs.
      const TopicMap::Entry* e = live_.topics.FindLogical(t);
      for (int p = 0; e && p < e->declared_partitions; ++p) lg.slots.push_back(e->first_slot + p);
    }
    uint32_t gid = recorder_.tables().FindGroup(g.name);
    if (g.transform) lg.outputs = std::make_unique<ProducerProgress>(live_.topics.slots());
    for (int i = 0; i < g.members; ++i) {
      ActorLog& log =
          recorder_.AddActor({fmt::format("{}/{}", g.name, i), ActorInfo::Role::kMember, gid, i});
      MemberSetup setup{&g,
                        i,
                        &live_.topics,
                        &recorder_.tables(),
                        target_.bootstrap_servers(),
                        target_.GroupId(g.name),
                        target_.ClientDefaults(ClientRole::kConsumer)};
      setup.seed = s_.seed;
      setup.run_id = target_.run_id();
      setup.identities = identities_.get();
      setup.scenario_dir = scenario_dir_;
      setup.classpath = classpath_;
      setup.lua = &lua_plan_;
      if (g.transform) {
        setup.producer_defaults = target_.ClientDefaults(ClientRole::kProducer);
        setup.transactional_id = target_.TransactionalId(g.name);
        setup.history_producer = recorder_.tables().producers.Find(fmt::format("{}/{}", g.name, i));
        setup.outputs = lg.outputs.get();
      }
      lg.setups.push_back(setup);
      lg.logs.push_back(&log);
      lg.members.push_back(MakeMember(setup, &log, lg.progress.get()));
    }
  }
  for (const auto& p : s_.producers) {
    LiveProducer& lp = live_.producers.emplace_back();
    lp.spec = &p;
    lp.progress = std::make_unique<ProducerProgress>(live_.topics.slots());
    ActorLog& log = recorder_.AddActor({p.name, ActorInfo::Role::kProducer, kNoId, -1});
    ProducerSetup setup{&p,
                        live_.topics.FindLogical(p.topic),
                        target_.bootstrap_servers(),
                        target_.ClientDefaults(ClientRole::kProducer),
                        s_.seed,
                        recorder_.tables().producers.Find(p.name),
                        deadline_us,
                        &lua_plan_,
                        target_.run_id()};
    if (p.transactional) setup.transactional_id = target_.TransactionalId(p.transactional->id);
    setup.identities = identities_.get();
    setup.scenario_dir = scenario_dir_;
    setup.classpath = classpath_;
    for (const auto& g : s_.groups) {
      // The verifiable clients print no headers: the identity must be in the value.
      if (g.client.is_process() &&
          std::find(g.topics.begin(), g.topics.end(), p.topic) != g.topics.end()) {
        setup.identity_in_value = true;
      }
    }
    lp.client_errors = setup.client_errors;
    lp.actor = MakeProducer(setup, &log, lp.progress.get());
    // The client starts now; it sends only what produce steps (or the default timeline) ask.
    if (Status st = lp.actor->Start(); !st.ok()) {
      record_.problems.push_back(st.message());
      return false;
    }
  }
  return true;
}

void Run::Timeline() {
  // A scenario without steps runs the default timeline, as steps like any other.
  const std::vector<StepSpec> default_steps =
      s_.steps.empty() ? DefaultTimeline(s_) : std::vector<StepSpec>();
  SteadyTimelineClock clock;
  // The one wait loop of the timeline and of its lua steps, ending at the scenario's deadline
  // (SteadyTimelineClock counts ms of the steady clock's epoch: the deadline in its time).
  Pacer pacer(
      clock,
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline_.time_since_epoch()).count());
  RunWorld world(live_, target_,
                 [this](const FaultSpec& fault, bool undone) {
                   Op op;
                   op.kind = OpKind::kFault;
                   op.type = undone ? OpType::kOk : OpType::kInvoke;
                   op.seq = recorder_.AddNote(DescribeFault(fault));
                   runner_log_->Append(op);
                 },
                 {&lua_plan_, &pacer, &s_, deadline_});
  ProgressWorld observed(world, progress_);
  // Counters for a live progress line, copied from the actors' own about every 200 ms.
  std::atomic<bool> timeline_done{false};
  std::thread counter;
  if (progress_) {
    progress_->running.store(true);
    counter = std::thread([&] {
      while (!timeline_done.load()) {
        int64_t acked = 0, consumed = 0;
        for (const auto& p : live_.producers) acked += p.progress->acked.load();
        for (const auto& g : live_.groups) consumed += g.progress->polled.load();
        progress_->acknowledged.store(acked);
        progress_->consumed.store(consumed);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    });
  }
  for (auto& p : RunTimeline(s_.steps.empty() ? default_steps : s_.steps, observed, pacer)) {
    record_.problems.push_back(std::move(p));
  }
  timeline_done.store(true);
  if (counter.joinable()) counter.join();
  if (progress_) {
    progress_->SetStep("stopping");
    progress_->running.store(false);
  }
}

void Run::StopAll() {
  for (auto& p : live_.producers) {
    if (!p.actor) continue;
    p.actor->Close();
    if (InterruptRequested()) p.actor->RequestStop();  // not the rest of its records
    p.actor->Join();
    if (!p.actor->error().empty()) {
      record_.problems.push_back(fmt::format("producer {}: {}", p.spec->name, p.actor->error()));
    }
  }
  // Every member commits before any leaves: a LeaveGroup starts a rebalance in which the
  // coordinator rejects the commits of members still stopping.
  std::vector<GroupMember*> members;
  for (auto& g : live_.groups) {
    for (auto& m : g.members) members.push_back(m.get());
  }
  for (const std::string& late : StopTogether(members, hard_deadline_)) {
    // It left without its final commit: what it processed last may be read again.
    record_.problems.push_back(
        fmt::format("member {} did not make its final commit by the deadline", late));
  }
  for (const GroupMember* m : members) {
    // A Lua hook's error or an undeliverable output fails the scenario.
    if (!m->fatal_error().empty()) record_.problems.push_back(m->fatal_error());
  }
}

void Run::CollectClientErrors() {
  auto add = [&](const std::vector<ClientError>& errors) {
    record_.client_errors.insert(record_.client_errors.end(), errors.begin(), errors.end());
  };
  for (const auto& p : live_.producers) {
    if (p.client_errors) add(p.client_errors->Snapshot(p.spec->name));
  }
  for (const auto& g : live_.groups) {
    for (size_t i = 0; i < g.setups.size(); ++i) {
      add(g.setups[i].client_errors->Snapshot(fmt::format("{}/{}", g.spec->name, i)));
    }
  }
}

void Run::RecordOffsets() {
  std::vector<PartitionOffsets> offsets;
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(hard_deadline_ - Clock::now()).count();
  const int timeout_ms = static_cast<int>(std::clamp<int64_t>(left, 1, kOffsetsTimeoutMs));
  if (Status st = target_.QueryOffsets(s_, timeout_ms, &offsets); !st.ok()) {
    record_.problems.push_back(st.message());
    return;
  }
  for (const auto& o : offsets) {
    const TopicMap::Entry* e = live_.topics.FindLogical(o.topic);
    Op op;
    op.topic = e->history_id;
    op.partition = o.partition;
    op.kind = OpKind::kLogStart;
    op.offset = o.log_start;
    runner_log_->Append(op);
    op.kind = OpKind::kWatermark;
    op.offset = o.high_watermark;
    runner_log_->Append(op);
    if (o.log_start > 0 && target_.drops_old_records()) {
      record_.outcome = RunRecord::Outcome::kError;
      record_.reason = fmt::format(
          "the {} cluster dropped the oldest records of {}[{}] (log start offset {}): it keeps "
          "only so much per partition, so checks over this run would report loss that Kafka did "
          "not cause; add partitions or produce less",
          target_.name(), o.topic, o.partition, o.log_start);
    }
  }
}

}  // namespace

RunRecord RunScenario(const Scenario& scenario, Target& target, RunProgress* progress) {
  return Run(scenario, target, progress).Go();
}

}  // namespace ks
