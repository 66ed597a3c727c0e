#include "actors/client_factory.h"

#include "actors/process_member.h"
#include "actors/process_producer.h"

namespace ks {

std::unique_ptr<GroupMember> MakeMember(const MemberSetup& setup, ActorLog* log,
                                        GroupProgress* progress) {
  if (setup.group->client.is_process()) {
    return std::make_unique<ProcessMember>(setup, log, progress);
  }
  return std::make_unique<MemberActor>(setup, log, progress);
}

std::unique_ptr<ProducerClient> MakeProducer(const ProducerSetup& setup, ActorLog* log,
                                             ProducerProgress* progress) {
  if (setup.spec->client.is_process()) {
    return std::make_unique<ProcessProducer>(setup, log, progress);
  }
  return std::make_unique<ProducerActor>(setup, log, progress);
}

}  // namespace ks
