#pragma once

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "actors/group_member.h"
#include "actors/member.h"
#include "actors/process_client.h"
#include "actors/value_identity.h"

namespace ks {

/// A consumer-group member that is a program of its own (`client: java`: Kafka's
/// VerifiableConsumer; `client: {command}`: the user's), driven through ProcessClient. Its
/// events become the member's ops: partitions_assigned / revoked -> assign / revoke,
/// record_data -> poll (the identity read from the value: ValueIdentities), offsets_committed ->
/// commit (ok or fail per `success`). A graceful stop is SIGTERM (a leave op, then a stop op
/// once the program printed shutdown_complete and exited), a crash SIGKILL (a crash op). The
/// program's group generation is not known (ops carry -1). No seek.
class ProcessMember : public GroupMember {
 public:
  /// `setup` as for MemberActor, with its identities, scenario_dir and (java) classpath set.
  ProcessMember(MemberSetup setup, ActorLog* log, GroupProgress* progress);
  ~ProcessMember() override;

  Status Start() override;
  void Stop() override;
  void RequestStop() override;
  [[nodiscard]] bool WaitFinalCommit(std::chrono::steady_clock::time_point deadline) override;
  void Leave() override {}
  void Crash() override;
  Status Seek(const SeekSpec& seek, int timeout_ms) override;
  bool running() const override { return client_ != nullptr && !finished_ && !client_->ended(); }
  bool has_run() const override { return has_run_; }
  const std::string& name() const override { return name_; }
  std::string error() const override { return ""; }
  std::string fatal_error() const override;

 private:
  void OnEvent(const ClientEvent& event);
  void OnPartitions(const ClientEvent& event, bool assigned);
  void OnRecord(const ClientEvent& event);
  void OnCommit(const ClientEvent& event);
  void Record(const Op& op, const std::string* key = nullptr);
  /// The process has ended: a stop or crash op, the member no longer live.
  void Finish(bool crashed);
  /// The program ended unasked (reader thread): a crash op at that moment, the member no
  /// longer live; the failure is the scenario's (fatal_error()).
  void OnDied();
  /// Forgets what the program owned (any thread).
  void ClearOwned();

  MemberSetup setup_;
  ActorLog* log_;
  GroupProgress* progress_;
  std::string name_;
  ClientConfigFile config_file_;
  std::unique_ptr<ProcessClient> client_;
  std::mutex log_mu_;    // the reader thread and the timeline both record
  std::mutex owned_mu_;  // the reader (events, its end) and the timeline (Finish) both change it
  std::set<int> owned_;  // slots the program owns
  bool has_run_ = false;
  bool finished_ = false;        // Finish() ran
  bool leaving_ = false;         // RequestStop() recorded its leave op
  bool start_failed_ = false;    // Start() returned its failure (not a fatal_error() then)
  bool ended_recorded_ = false;  // its stop or crash op is in the log (guarded by log_mu_)
  std::string fatal_;            // a failure kept after the client is gone
};

}  // namespace ks
