#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/progress.h"
#include "actors/topic_map.h"
#include "diag/status.h"
#include "history/recorder.h"
#include "scenario/model.h"
#include "target/rdkafka_handles.h"

namespace ks {

/// Everything a producer actor needs from the run, fixed before it starts.
struct ProducerSetup {
  const ProducerSpec* spec = nullptr;
  const TopicMap::Entry* topic = nullptr;
  std::string bootstrap_servers;
  std::vector<ConfigEntry> defaults;  ///< the target's client defaults; the spec's config wins
  uint64_t seed = 1;                  ///< the scenario seed: drives the payload bytes
  uint32_t history_producer = 0;      ///< History::producers id of this producer
  int64_t deadline_us = 0;            ///< run-clock time by which it must have finished
};

/// A producer actor: one librdkafka producer on its own thread that sends `messages` records at
/// the spec's rate, each with its identity header, and records a send invoke per record and a
/// completion per delivery report (PERSISTED -> ok, POSSIBLY_PERSISTED -> info, NOT_PERSISTED ->
/// fail; rd_kafka_message_status).
class ProducerActor {
 public:
  ProducerActor(ProducerSetup setup, ActorLog* log, ProducerProgress* progress);
  ~ProducerActor();
  ProducerActor(const ProducerActor&) = delete;
  ProducerActor& operator=(const ProducerActor&) = delete;

  /// Creates the client (errors name a bad property) and starts the sending thread, which
  /// sends nothing until Send() asks for records.
  Status Start();
  /// Asks for `count` more records, numbered after the ones already asked for (a `produce`
  /// step). ProducerProgress::finished turns true once all of them have their delivery reports.
  void Send(int64_t count);
  /// Every record asked for so far.
  int64_t Requested() const;
  /// Lets the thread end once everything asked for is acknowledged (or the deadline passes).
  void Close() { closing_.store(true); }
  /// Asks the thread to stop sending now (an aborted run); Join() still waits for it. What is
  /// left is purged: those records complete as fail or info.
  void RequestStop() { stop_.store(true); }
  /// Waits for the thread to end.
  void Join();
  /// A problem met while running (a produce() error other than a full queue), or "".
  const std::string& error() const { return error_; }

 private:
  void Run();
  void OnDelivery(const rd_kafka_message_t* msg);
  static void DeliveryCallback(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);

  ProducerSetup setup_;
  ActorLog* log_;
  ProducerProgress* progress_;
  KafkaPtr rk_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> closing_{false};
  mutable std::mutex mu_;
  int64_t requested_ = 0;  // guarded by mu_
  std::string error_;
};

}  // namespace ks
