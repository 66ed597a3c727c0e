#pragma once

// A small scenario built in code, for run-level tests that need no YAML: one topic `t`, one
// producer `p` and (optionally) one group `g` reading `t` from earliest.

#include <cstdint>

#include "scenario/model.h"

namespace ks::test_support {

/// `messages` records from producer p to topic t (`partitions` partitions); with `group`, a
/// one-member group g that reads t from earliest. No expect entries: callers add their own.
inline Scenario SmallScenario(int partitions, int64_t messages, bool group = true) {
  Scenario s;
  s.name = "small";
  s.timeout_ms = 30000;
  TopicSpec t;  // named fields: GCC 12 sees a braced TopicSpec's SourceLoc as uninitialized
  t.name = "t";
  t.partitions = partitions;
  t.replication_factor = 1;
  s.topics.push_back(t);
  ProducerSpec p;
  p.name = "p";
  p.topic = "t";
  p.messages = messages;
  s.producers.push_back(p);
  if (group) {
    GroupSpec g;
    g.name = "g";
    g.topics = {"t"};
    g.offset_reset = OffsetReset::kEarliest;
    s.groups.push_back(g);
  }
  return s;
}

}  // namespace ks::test_support
