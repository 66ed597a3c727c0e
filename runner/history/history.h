#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "history/op.h"

namespace ks {

/// Who performed ops: a producer, a consumer-group member, or the runner itself.
struct ActorInfo {
  enum class Role : uint8_t { kRunner, kProducer, kMember };
  std::string name;  ///< "order-service", "billing/0", "runner"
  Role role = Role::kRunner;
  uint32_t group = kNoId;  ///< index into History::groups, for members
  int member_index = -1;   ///< i in "group/i", for members
};

/// What a producer was configured to do, so checks can predict where its records belong.
struct ProducerInfo {
  uint32_t topic = kNoId;  ///< index into History::topics
  /// The declared partitioner: "crc32" (librdkafka's consistent_random), "murmur2" (the Java
  /// client's), "round_robin", "random" or "explicit".
  std::string partitioner = "crc32";
  int32_t partition = -1;  ///< the partition of an "explicit" partitioner
};

/// A string table that hands out dense ids; ids are stable for the table's lifetime.
class Interner {
 public:
  uint32_t Intern(std::string_view s);
  /// kNoId when `s` was never interned.
  uint32_t Find(std::string_view s) const;
  const std::string& Get(uint32_t id) const { return strings_[id]; }
  const std::vector<std::string>& All() const { return strings_; }
  size_t size() const { return strings_.size(); }
  /// Interns each string of `other` here, in its id order, and returns the map from its ids to
  /// this table's: how a table kept apart (an actor's log, a part of a file) joins this one.
  std::vector<uint32_t> InternEach(const Interner& other);

 private:
  // Transparent hashing lets lookups take a string_view without building a std::string:
  // Intern() runs once per produced and consumed record.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> strings_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
};

/// The complete record of a run: every op in time order plus the tables its ids point into.
/// Plain data: checks read it and never change it. Built by HistoryWriter (history/writer.h) or
/// loaded from JSON Lines.
struct History {
  std::vector<ActorInfo> actors;
  std::vector<std::string> groups;  ///< consumer group ids
  /// By group id (may be shorter than groups): true when the group has a processing model, so a
  /// record counts as consumed by it at its ok process op rather than at its poll.
  std::vector<bool> processing_groups;
  Interner topics;
  Interner producers;  ///< producer names: the first half of a record's identity
  std::vector<ProducerInfo> producer_info;  ///< by producer id; may be shorter (unknown producers)
  Interner notes;       ///< what fault ops did, in words ("broker_down 1"): Op::seq of a fault op
  Interner keys;        ///< record keys
  std::vector<Op> ops;  ///< sorted by time_us (stable: equal times keep append order)

  uint32_t FindGroup(std::string_view name) const;
  /// True when `group` consumes by processing (see processing_groups).
  bool Processes(uint32_t group) const {
    return group < processing_groups.size() && processing_groups[group];
  }
  /// The group a member actor belongs to, or kNoId for producers and the runner.
  uint32_t GroupOf(uint32_t actor) const {
    return actor < actors.size() ? actors[actor].group : kNoId;
  }
};

}  // namespace ks
