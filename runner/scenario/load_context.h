#pragma once

// Shared by the loader's stages (loader.cc, model_builder.cc, cross_reference.cc); not part of
// the loading layer's public interface, which is loader.h.

#include <string>
#include <vector>

#include "diag/diagnostic.h"
#include "scenario/model.h"
#include "scenario/yaml_json.h"

namespace ks {

/// The state of one load: the converted document, the model being filled and what has been
/// reported so far, so that a later stage does not report a consequence of an earlier error.
struct LoadContext {
  const YamlJson* doc = nullptr;
  Scenario* scenario = nullptr;
  std::vector<Diagnostic>* diagnostics = nullptr;
  /// JSON pointer of the node each diagnostic so far is about.
  std::vector<std::string> error_pointers;
  /// JSON pointers of the model's nodes, parallel to scenario->topics, producers, groups,
  /// expect and steps.
  std::vector<std::string> topic_pointers, producer_pointers, group_pointers, expect_pointers,
      step_pointers;

  /// Adds a diagnostic about the node at `pointer`, located at `loc`.
  void Error(const std::string& pointer, const SourceLoc& loc, std::string message,
             std::string hint = "");
  /// Whether a diagnostic is about `pointer` itself (for a map: an unknown or missing key).
  bool ReportedAt(const std::string& pointer) const;
  /// Whether a diagnostic is about `pointer` itself or a node inside it.
  bool ReportedWithin(const std::string& pointer) const;
  /// Whether every entry of the list at `list_pointer` (e.g. "/topics") has a valid name, so
  /// that a reference to an undeclared name is a real error and not a consequence of another.
  bool NamesComplete(const std::string& list_pointer) const;
};

/// Fills ctx->scenario from the JSON, leniently: a value of the wrong type (already reported by
/// the schema) is left at its default. Reports what the schema cannot see: quantities that do not
/// fit, key templates that do not parse, contradictory bounds, empty wait and fault durations, a
/// wait's group given twice or not at all.
void BuildModel(LoadContext* ctx);

/// Refuses what a run cannot serve (diag/input_limits.h): partitions of all topics,
/// Kafka clients at once, records and payload bytes the producers send. Each limit is named in
/// the diagnostic, at the value that crosses it.
void CheckSizes(LoadContext* ctx);

/// Checks the references between parts of a filled model: unique names, declared topics, groups
/// and producers, members, partitions, brokers and replication factors within range (in expect
/// entries and in steps).
void CrossReference(LoadContext* ctx);

/// Refuses, at the field that asks for it and with the reason, what a java or command client
/// cannot do (docs/process-actors.md): VerifiableProducer's keys are only i % K, its values carry
/// the identity, it is not transactional and partitions by murmur2; VerifiableConsumer reads one
/// topic, commits after each poll or automatically, and has no processing model; no seek steps
/// on a process group.
void CheckProcessClients(LoadContext* ctx);

}  // namespace ks
