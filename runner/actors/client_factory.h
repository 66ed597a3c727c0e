#pragma once

#include <memory>

#include "actors/group_member.h"
#include "actors/member.h"
#include "actors/producer.h"
#include "actors/producer_client.h"

namespace ks {

/// The member `setup.group->client` names: a MemberActor (librdkafka) or a ProcessMember (java,
/// command). Not started.
std::unique_ptr<GroupMember> MakeMember(const MemberSetup& setup, ActorLog* log,
                                        GroupProgress* progress);

/// The producer `setup.spec->client` names: a ProducerActor (librdkafka) or a ProcessProducer
/// (java, command). Not started.
std::unique_ptr<ProducerClient> MakeProducer(const ProducerSetup& setup, ActorLog* log,
                                             ProducerProgress* progress);

}  // namespace ks
