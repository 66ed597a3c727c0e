#include "scenario/check_catalogue.h"

#include <utility>

namespace ks {

namespace {

FigureBound Max0(const std::string& figure) {
  FigureBound b;
  b.figure = figure;
  b.max = 0;
  return b;
}

// The table itself: long by nature (one block per check), and the one place it is written.
std::vector<CheckEntry> MakeCatalogue() {
  std::vector<CheckEntry> entries;
  {
    CheckEntry e{"no_loss",
                 "lost",
                 {"lost", "unseen"},
                 {"group"},
                 {"topic"},
                 {Max0("lost"), Max0("unseen")},
                 "every acknowledged record was consumed by the group: lost 0 and unseen 0"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"lost",
                 "lost",
                 {"lost", "unseen"},
                 {"group"},
                 {"topic"},
                 {},
                 "acknowledged records the group never consumed although it read past them "
                 "(lost) or not past them (unseen: lost or delayed)"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"no_duplicates",
                 "duplicates",
                 {"duplicates", "redeliveries", "written_twice"},
                 {"group"},
                 {"topic"},
                 {Max0("duplicates")},
                 "no record was consumed more than once by the group"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"duplicates",
                 "duplicates",
                 {"duplicates", "redeliveries", "written_twice"},
                 {"group"},
                 {"topic"},
                 {},
                 "records the group consumed more than once (duplicates) and the extra "
                 "deliveries (redeliveries)"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"key_order",
                 "keys_out_of_order",
                 {"keys_out_of_order", "inversions"},
                 {"group"},
                 {"topic"},
                 {},
                 "keys whose records the group first consumed in another order than they "
                 "were acknowledged"};
    e.default_bounds = {Max0("keys_out_of_order")};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"partition_order",
                 "nonmonotonic",
                 {"nonmonotonic"},
                 {"group"},
                 {"member", "topic"},
                 {},
                 "polls whose offset did not increase within one partition for one member, "
                 "with no rebalance in between"};
    e.default_bounds = {Max0("nonmonotonic")};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"poll_skip",
                 "skipped",
                 {"skipped", "gaps"},
                 {"group"},
                 {"member", "topic"},
                 {},
                 "acknowledged records the group never polled that a member jumped over between "
                 "two consecutive polls of a partition it kept (skipped), and such jumps (gaps)"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"inconsistent_offsets",
                 "inconsistent",
                 {"inconsistent"},
                 {"topic"},
                 {},
                 {},
                 "offsets of the topic tied to two different records across acknowledged sends "
                 "and polls"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"same_key_same_partition",
                 "split_keys",
                 {"split_keys", "keys"},
                 {"topic"},
                 {"producer"},
                 {},
                 "keys whose acknowledged records landed in more than one partition"};
    e.default_bounds = {Max0("split_keys")};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"placement",
                 "misplaced",
                 {"misplaced", "checked"},
                 {"topic"},
                 {"producer"},
                 {},
                 "acknowledged records outside the partition their producer's declared "
                 "partitioner gives (misplaced), of those it could predict (checked)"};
    e.default_bounds = {Max0("misplaced")};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"partition_spread",
                 "partitions_used",
                 {"partitions_used", "min_per_partition", "max_per_partition", "records"},
                 {"topic"},
                 {"producer"},
                 {},
                 "acknowledged records per partition: partitions used, min, max, total"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"assignment",
                 "unowned_partitions",
                 {"unowned_partitions", "idle_members", "min_partitions_per_member",
                  "max_partitions_per_member"},
                 {"group"},
                 {},
                 {},
                 "the group's final assignment: partitions without exactly one owner, members "
                 "without partitions, partitions per member"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"consumed",
                 "consumed",
                 {"consumed", "deliveries"},
                 {"group"},
                 {"topic"},
                 {},
                 "distinct records the group consumed (consumed) and all deliveries"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"produced",
                 "produced",
                 {"produced", "sent", "failed", "indeterminate"},
                 {},
                 {"producer", "topic"},
                 {},
                 "records acknowledged (produced), handed to the client (sent), not written "
                 "(failed) and possibly written (indeterminate), per producer and/or topic"};
    e.any_of_scope = {"producer", "topic"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"delivery_errors",
                 "delivery_errors",
                 {"delivery_errors", "failed", "indeterminate"},
                 {},
                 {"producer", "topic"},
                 {},
                 "sends that were not acknowledged: failed plus indeterminate"};
    e.any_of_scope = {"producer", "topic"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"commit_legality",
                 "illegal_commits",
                 {"illegal_commits", "commits"},
                 {"group"},
                 {},
                 {},
                 "commits of a partition the member was not assigned, or of an offset beyond "
                 "its position"};
    e.default_bounds = {Max0("illegal_commits")};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"lag",
                 "lag",
                 {"lag", "max_partition_lag"},
                 {"group"},
                 {"topic"},
                 {},
                 "at the end, high watermark minus the group's committed offset, summed over "
                 "partitions (lag) and the largest (max_partition_lag)"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"latency",
                 "p99_ms",
                 {"p99_ms", "p50_ms", "max_ms"},
                 {"group"},
                 {"topic"},
                 {},
                 "milliseconds from a record's send to its first poll by the group: 99th and "
                 "50th percentiles and the maximum"};
    entries.push_back(std::move(e));
  }

  {
    CheckEntry e{"aborted_visible",
                 "aborted_visible",
                 {"aborted_visible"},
                 {"group"},
                 {},
                 {},
                 "records the group polled whose send failed (never written) or whose "
                 "transaction aborted"};
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace

const std::vector<CheckEntry>& CheckCatalogue() {
  static const std::vector<CheckEntry> kCatalogue = MakeCatalogue();
  return kCatalogue;
}

const CheckEntry* FindCheckEntry(std::string_view name) {
  for (const CheckEntry& check : CheckCatalogue()) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

std::vector<std::string> CheckNames() {
  std::vector<std::string> names;
  for (const CheckEntry& check : CheckCatalogue()) names.push_back(check.name);
  return names;
}

const std::vector<std::string>& ScopeKeys() {
  static const std::vector<std::string> kKeys = {"group", "topic", "producer", "member"};
  return kKeys;
}

std::vector<FigureBound> EffectiveBounds(const CheckEntry& check, const ExpectSpec& spec) {
  std::vector<FigureBound> bounds = check.implied_bounds;
  const std::vector<FigureBound>& own = spec.bounds.empty() ? check.default_bounds : spec.bounds;
  bounds.insert(bounds.end(), own.begin(), own.end());
  for (FigureBound& b : bounds) {
    if (b.figure.empty()) b.figure = check.main_figure;
  }
  return bounds;
}

}  // namespace ks
