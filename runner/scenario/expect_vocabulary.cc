#include "scenario/expect_vocabulary.h"

namespace ks {

const std::vector<CheckVocabulary>& ExpectVocabulary() {
  static const std::vector<CheckVocabulary> kChecks = {
      {"no_loss",
       "lost",
       {"lost", "unseen"},
       {"group"},
       {"topic"},
       false,
       "Every acknowledged message was consumed by the group (lost == 0)."},
      {"lost",
       "lost",
       {"lost", "unseen"},
       {"group"},
       {"topic"},
       true,
       "Acknowledged messages that the group never consumed."},
      {"no_duplicates",
       "duplicates",
       {"duplicates", "redeliveries"},
       {"group"},
       {"topic"},
       false,
       "No message was consumed more than once by the group (duplicates == 0)."},
      {"duplicates",
       "duplicates",
       {"duplicates", "redeliveries"},
       {"group"},
       {"topic"},
       true,
       "Messages the group consumed more than once."},
      {"key_order",
       "keys_out_of_order",
       {"keys_out_of_order", "inversions"},
       {"group"},
       {"topic"},
       true,
       "Keys whose consumed order differs from their acknowledged order."},
      {"partition_order",
       "nonmonotonic",
       {"nonmonotonic"},
       {"group"},
       {"member"},
       true,
       "Non-monotonic offsets seen by a member within one partition."},
      {"same_key_same_partition",
       "split_keys",
       {"split_keys", "keys"},
       {"topic"},
       {},
       true,
       "Keys that were written to more than one partition."},
      {"partition_spread",
       "partitions_used",
       {"partitions_used", "min_per_partition", "max_per_partition", "records"},
       {"topic"},
       {"producer"},
       true,
       "How records spread over partitions: partitions used, fewest and most per partition."},
      {"consumed",
       "consumed",
       {"consumed", "deliveries"},
       {"group"},
       {"topic"},
       true,
       "Distinct messages the group consumed, and deliveries counting repeats."},
      {"assignment",
       "unowned_partitions",
       {"unowned_partitions", "idle_members", "min_partitions_per_member",
        "max_partitions_per_member"},
       {"group"},
       {},
       true,
       "The group's final assignment: partitions without exactly one owner, idle members, "
       "partitions per member."},
  };
  return kChecks;
}

const CheckVocabulary* FindCheckVocabulary(std::string_view name) {
  for (const CheckVocabulary& check : ExpectVocabulary()) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

std::vector<std::string> CheckNames() {
  std::vector<std::string> names;
  for (const CheckVocabulary& check : ExpectVocabulary()) names.push_back(check.name);
  return names;
}

const std::vector<std::string>& ScopeKeys() {
  static const std::vector<std::string> kKeys = {"group", "topic", "producer", "member"};
  return kKeys;
}

}  // namespace ks
