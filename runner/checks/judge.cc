#include "checks/judge.h"

#include "checks/lua_check.h"

namespace ks {

Judgement Judge(const Scenario& s, const History& history,
                std::chrono::steady_clock::time_point lua_deadline) {
  Judgement j;
  for (const auto& e : s.expect) {
    j.checks.push_back(e.check == "lua" ? RunIsolatedLuaCheck(s, history, e, lua_deadline)
                                        : RunCheck(history, e));
  }
  for (const auto& g : s.groups) {
    uint32_t id = history.FindGroup(g.name);
    if (id != kNoId) j.deliveries.push_back(SummarizeDelivery(history, id));
  }
  return j;
}

}  // namespace ks
