#pragma once

// What a scenario asks of a cluster, read from the model alone: the capabilities it needs and
// the partitions its topics reach. Targets check it before a run; `explain` and `list` show it.

#include <set>
#include <string>
#include <vector>

#include "scenario/model.h"

namespace ks {

/// The capabilities `scenario` needs: its `requires`, then java_client for any `client: java`
/// actor, then those its steps imply (add_partitions -> add_partitions, recreate_topic ->
/// delete_topics, alter_topic -> alter_configs, a purged wait -> retention), each once, in that
/// order.
std::vector<std::string> RequiredCapabilities(const Scenario& scenario);

/// The capabilities of `requires_` that `has` lacks, in the order `requires_` lists them.
std::vector<std::string> MissingCapabilities(const std::vector<std::string>& requires_,
                                             const std::set<std::string>& has);

/// Every capability a scenario's `requires` may name, in schema order: the enum of
/// schemas/scenario.schema.json's `requires` items (the one list of them).
std::vector<std::string> KnownCapabilities();

/// The first capability in `requires_` that `has` lacks, or "" when none is missing.
std::string MissingCapability(const std::vector<std::string>& requires_,
                              const std::set<std::string>& has);

/// The most partitions `topic` has during the run: its declared count or its largest
/// add_partitions step's.
int MaxPartitions(const Scenario& scenario, const TopicSpec& topic);

}  // namespace ks
