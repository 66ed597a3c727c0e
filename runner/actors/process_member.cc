#include "actors/process_member.h"

#include <fmt/format.h>

#include <filesystem>

namespace ks {

namespace {}  // namespace

ProcessMember::ProcessMember(MemberSetup setup, ActorLog* log, GroupProgress* progress)
    : setup_(std::move(setup)),
      log_(log),
      progress_(progress),
      name_(fmt::format("{}/{}", setup_.group->name, setup_.index)) {}

// The client first: its destructor kills a program still running and joins the reader thread,
// which uses this member's state. Nothing is recorded then (the history may be complete): the
// client's own end is not an unasked one.
ProcessMember::~ProcessMember() { client_.reset(); }

Status ProcessMember::Start() {
  const GroupSpec& g = *setup_.group;
  std::vector<ConfigEntry> config;
  if (Status st = ProcessClientProperties(g.client, setup_.defaults, g.config, false, setup_.index,
                                          &config);
      !st.ok()) {
    return Status::Error(fmt::format("member {}: {}", name_, st.message()));
  }
  if (Status st = config_file_.Write(config); !st.ok()) return st;
  std::string topics;
  for (const auto& t : g.topics) {
    const TopicMap::Entry* e = setup_.topics->FindLogical(t);
    if (!topics.empty()) topics += ',';
    topics += e ? e->physical : t;
  }
  const Placeholders values = {
      {"bootstrap", setup_.bootstrap_servers},
      {"topic", topics.substr(0, topics.find(','))},
      {"topics", topics},
      {"group", setup_.group_id.empty() ? g.name : setup_.group_id},
      {"member", std::to_string(setup_.index)},
      {"offset_reset", g.offset_reset == OffsetReset::kEarliest ? "earliest" : "latest"},
      {"client_config", config_file_.path()},
      {"scenario_dir", setup_.scenario_dir},
  };
  ProcessClient::Options options{MemberLaunch(g, setup_.classpath, config, values), name_,
                                 g.client.startup_timeout_ms, false, [this] { OnDied(); }};
  client_ = std::make_unique<ProcessClient>(std::move(options),
                                            [this](const ClientEvent& e) { OnEvent(e); });
  has_run_ = true;
  Op start;
  start.kind = OpKind::kStart;
  Record(start);
  progress_->SetLive(setup_.index, true);
  Status st = client_->Start();
  config_file_.Remove();  // read by now; it may hold the target's credentials
  if (!st.ok()) {
    start_failed_ = true;
    Finish(true);
    return st;
  }
  return Status::Ok();
}

void ProcessMember::Record(const Op& op, const std::string* key) {
  std::lock_guard lock(log_mu_);
  log_->Append(op, key ? key->data() : nullptr, key ? key->size() : 0);
}

void ProcessMember::OnEvent(const ClientEvent& e) {
  switch (e.kind) {
    case ClientEvent::Kind::kPartitionsAssigned:
      OnPartitions(e, true);
      break;
    case ClientEvent::Kind::kPartitionsRevoked:
      OnPartitions(e, false);
      break;
    case ClientEvent::Kind::kRecordData:
      OnRecord(e);
      break;
    case ClientEvent::Kind::kOffsetsCommitted:
      OnCommit(e);
      break;
    default:
      break;  // startup and shutdown are ProcessClient's; the rest carries nothing to record
  }
}

void ProcessMember::OnPartitions(const ClientEvent& e, bool assigned) {
  std::set<int> slots;
  for (const EventPartition& p : e.partitions) {
    const TopicMap::Entry* topic = setup_.topics->FindPhysical(p.topic);
    if (topic == nullptr || p.partition >= topic->partitions) continue;
    Op op;
    op.kind = assigned ? OpKind::kAssign : OpKind::kRevoke;
    op.topic = topic->history_id;
    op.partition = p.partition;
    Record(op);
    slots.insert(topic->first_slot + p.partition);
  }
  if (assigned) {
    // Eager assignors assign the whole set; cooperative ones (KIP-429) add to what is owned.
    // The new owner resumes from the group's last commit. VerifiableConsumer with auto-commit
    // reports no commits (the Java client commits inside poll()): the runner then does not know
    // where it resumes and leaves the group's position as it is.
    const GroupSpec& g = *setup_.group;
    if (!(g.client.kind == ClientSpec::Kind::kJava && g.commit.mode == CommitMode::kAuto)) {
      const bool from_start = g.offset_reset == OffsetReset::kEarliest;
      for (int slot : slots) progress_->Resumed(slot, from_start);
    }
    std::set<int> owned;
    {
      std::lock_guard lock(owned_mu_);
      owned_.insert(slots.begin(), slots.end());
      owned = owned_;
    }
    progress_->SetAssignment(setup_.index, std::move(owned));
    return;
  }
  std::set<int> owned;
  {
    std::lock_guard lock(owned_mu_);
    for (int slot : slots) owned_.erase(slot);
    owned = owned_;
  }
  if (owned.empty()) {
    progress_->ClearAssignment(setup_.index);
  } else {
    progress_->SetAssignment(setup_.index, std::move(owned));
  }
}

void ProcessMember::OnRecord(const ClientEvent& e) {
  const TopicMap::Entry* topic = setup_.topics->FindPhysical(e.topic);
  if (topic == nullptr || e.partition >= topic->partitions) return;  // not the scenario's
  Op op;
  op.kind = OpKind::kPoll;
  op.type = OpType::kOk;
  op.topic = topic->history_id;
  op.partition = e.partition;
  op.offset = e.offset;
  uint32_t producer = kNoId;
  uint64_t seq = 0;
  if (e.value && setup_.identities != nullptr &&
      setup_.identities->Resolve(*e.value, *setup_.tables, &producer, &seq)) {
    op.producer = producer;
    op.seq = seq;
  }
  Record(op, e.key ? &*e.key : nullptr);
  progress_->polled.fetch_add(1, std::memory_order_relaxed);
  progress_->Consumed(topic->first_slot + e.partition, e.offset);
}

void ProcessMember::OnCommit(const ClientEvent& e) {
  for (const EventPartition& p : e.partitions) {
    const TopicMap::Entry* topic = setup_.topics->FindPhysical(p.topic);
    if (topic == nullptr || p.partition >= topic->partitions) continue;
    Op op;
    op.kind = OpKind::kCommit;
    op.type = e.success ? OpType::kOk : OpType::kFail;
    op.topic = topic->history_id;
    op.partition = p.partition;
    op.offset = p.offset;
    Record(op);
    if (e.success) progress_->Committed(topic->first_slot + p.partition, p.offset);
  }
}

void ProcessMember::RequestStop() {
  if (!running()) return;  // a program that already ended cannot leave
  {
    // Stop() asks again after StopTogether's request: one leave op per stop, another SIGTERM;
    // none after the crash op of a program that died meanwhile (OnDied).
    std::lock_guard lock(log_mu_);
    if (!leaving_ && !ended_recorded_) {
      leaving_ = true;
      Op leave;
      leave.kind = OpKind::kLeave;
      log_->Append(leave);
    }
  }
  client_->Terminate();  // the program commits (or not) and leaves the group as it is written
}

// A program makes its final commit (or not) and leaves as it ends: its end is the commit.
bool ProcessMember::WaitFinalCommit(std::chrono::steady_clock::time_point deadline) {
  if (!running()) return true;
  return client_->WaitEndAfterTerminate(deadline);
}

void ProcessMember::Stop() {
  if (client_ == nullptr || finished_) return;  // an ended program is still finished here
  if (!client_->ended()) {
    RequestStop();
    client_->WaitEndAfterTerminate(std::chrono::steady_clock::time_point::max());
  }
  Finish(!client_->shut_down());
}

void ProcessMember::Crash() {
  if (client_ == nullptr || finished_) return;
  client_->Kill();
  Finish(true);
}

void ProcessMember::Finish(bool crashed) {
  if (finished_) return;
  finished_ = true;
  if (std::string f = client_->failure(); !f.empty() && fatal_.empty()) fatal_ = std::move(f);
  Op op;
  op.kind = crashed ? OpKind::kCrash : OpKind::kStop;
  {
    std::lock_guard lock(log_mu_);
    if (!ended_recorded_) log_->Append(op);  // else OnDied() recorded it when it happened
    ended_recorded_ = true;
  }
  ClearOwned();
  progress_->SetLive(setup_.index, false);
}

void ProcessMember::OnDied() {
  {
    std::lock_guard lock(log_mu_);
    if (ended_recorded_) return;
    ended_recorded_ = true;
    Op crash;
    crash.kind = OpKind::kCrash;
    log_->Append(crash);
  }
  // Dead, it owns nothing: waits for an assignment see it at once, not at the run's end.
  ClearOwned();
  progress_->SetLive(setup_.index, false);
}

Status ProcessMember::Seek(const SeekSpec&, int) {
  return Status::Error(
      fmt::format("member {} is a {} client: the runner cannot move a program's position", name_,
                  ToString(setup_.group->client.kind)));
}

void ProcessMember::ClearOwned() {
  std::lock_guard lock(owned_mu_);
  owned_.clear();
}

std::string ProcessMember::fatal_error() const {
  // The step that started it reports what Start() returned: the run must not say it twice.
  if (start_failed_) return "";
  if (!fatal_.empty()) return fatal_;
  return client_ ? client_->failure() : std::string();
}

}  // namespace ks
