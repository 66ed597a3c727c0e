#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "scenario/model.h"

namespace ks {

/// The scenario's topics as the run sees them: cluster name -> history topic id, partition count
/// and a dense index over every (topic, partition) so live counters can be flat arrays.
/// Built once before the run; read-only afterwards, so actors share it without locks.
class TopicMap {
 public:
  struct Entry {
    std::string logical;   ///< the scenario's name
    std::string physical;  ///< the name on the cluster
    uint32_t history_id = 0;
    /// The most partitions the topic has during the run (an add_partitions step may raise the
    /// declared count): the slots reserved for it.
    int partitions = 0;
    int first_slot = 0;  ///< Slot(topic, p) = first_slot + p
    /// The count the topic is created with. Round-robin producers cycle over these only, also
    /// after an add_partitions step (librdkafka's own partitioners use the new ones once their
    /// metadata shows them).
    int declared_partitions = 0;
  };

  /// Adds a topic after the last one; a declared_partitions of 0 means `partitions`.
  void Add(Entry e);
  /// The entry for a cluster topic name, or nullptr for a topic the scenario did not declare.
  const Entry* FindPhysical(std::string_view physical) const;
  const Entry* FindLogical(std::string_view logical) const;
  const std::vector<Entry>& entries() const { return entries_; }
  /// Number of (topic, partition) slots.
  int slots() const { return slots_; }

 private:
  std::vector<Entry> entries_;
  int slots_ = 0;
};

}  // namespace ks
