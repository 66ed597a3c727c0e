#pragma once

#include <cstdint>
#include <string>

#include "diag/status.h"

namespace ks {

/// A producer as the run drives it, whichever client plays it: the runner's own librdkafka
/// producer (ProducerActor) or a program of its own (ProcessProducer: Kafka's VerifiableProducer
/// or the user's). Each records a send invoke and a completion per record in the producer's log
/// and keeps its ProducerProgress.
class ProducerClient {
 public:
  virtual ~ProducerClient() = default;
  /// Gets ready to send; sends nothing until Send() asks. Errors say why it cannot.
  virtual Status Start() = 0;
  /// Asks for `count` more records, numbered after those already asked for (a produce step).
  virtual void Send(int64_t count) = 0;
  /// Every record asked for so far.
  virtual int64_t Requested() const = 0;
  /// Lets the producer end once everything asked for is acknowledged (or the deadline passes).
  virtual void Close() = 0;
  /// Asks it to stop sending now (an aborted run); Join() still waits for it.
  virtual void RequestStop() = 0;
  /// Waits until it has ended.
  virtual void Join() = 0;
  /// A problem met while running, or "". Read it after Join().
  virtual const std::string& error() const = 0;
};

}  // namespace ks
