#include "actors/group_member.h"

namespace ks {

std::vector<std::string> StopTogether(const std::vector<GroupMember*>& members,
                                      std::chrono::steady_clock::time_point commit_deadline) {
  for (GroupMember* m : members) m->RequestStop();
  // A member late for its final commit does not hold the others past the deadline: the run
  // must end by then, so all leave and the caller reports the late ones.
  std::vector<std::string> late;
  for (GroupMember* m : members) {
    if (!m->WaitFinalCommit(commit_deadline)) late.push_back(m->name());
  }
  for (GroupMember* m : members) m->Leave();
  for (GroupMember* m : members) m->Stop();
  return late;
}

}  // namespace ks
