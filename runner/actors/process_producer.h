#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/process_client.h"
#include "actors/producer.h"
#include "actors/producer_client.h"

namespace ks {

/// A producer that is a program of its own (`client: java`: Kafka's VerifiableProducer;
/// `client: {command}`: the user's), driven through ProcessClient. Each Send() is a batch: one
/// run of the program with --max-messages {messages} and a value prefix of its own
/// (ValueIdentities), started after the previous batch's program ended. producer_send_success
/// -> a send invoke and ok (partition, offset, key), producer_send_error -> invoke and info (the
/// verifiable clients do not say whether a failed record reached the log). The program reports a
/// send only when it completes, so the invoke carries the completion's time: no send latency is
/// measured for process producers. Records a batch's program sent but never reported (it was
/// killed) are completed as info when they precede a reported one (sent in order), else left out.
class ProcessProducer : public ProducerClient {
 public:
  ProcessProducer(ProducerSetup setup, ActorLog* log, ProducerProgress* progress);
  ~ProcessProducer() override;

  Status Start() override;
  void Send(int64_t count) override;
  int64_t Requested() const override;
  void Close() override;
  void RequestStop() override;
  void Join() override;
  const std::string& error() const override { return error_; }

 private:
  struct Batch {
    int64_t count = 0;
    uint64_t base = 0;  ///< the sequence number of its record 0
  };
  void Run();
  /// Runs one batch's program to its end; false when the producer must stop.
  bool RunBatch(const Batch& batch);
  void OnEvent(const Batch& batch, int32_t prefix, const ClientEvent& e,
               std::vector<bool>* reported, int64_t* highest);
  void SetError(std::string message);
  /// The send invoke of record `n` of `batch`.
  Op SendOp(const Batch& batch, int64_t n) const;

  ProducerSetup setup_;
  ActorLog* log_;
  ProducerProgress* progress_;
  std::vector<ConfigEntry> config_;  ///< what each batch's {client_config} file holds
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> pending_;         // guarded by mu_
  int64_t requested_ = 0;             // guarded by mu_
  bool closing_ = false;              // guarded by mu_
  bool stop_ = false;                 // guarded by mu_
  bool gone_ = false;                 // guarded by mu_: the thread ended after a failed batch
  ProcessClient* current_ = nullptr;  // guarded by mu_: the batch running now
  std::string error_;
};

}  // namespace ks
