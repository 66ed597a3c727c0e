#include "checks/anomalies.h"

#include <fmt/format.h>

#include "checks/check.h"

namespace ks {
namespace {

size_t FigureOf(const CheckResult& r, const std::string& name) {
  return static_cast<size_t>(FindFigure(r.figures, name).value_or(0));
}

CheckResult Run(const History& history, const char* check, const std::string& group, size_t limit) {
  ExpectSpec spec;
  spec.check = check;
  spec.scope["group"] = group;
  return RunCheck(history, spec, EvidenceLimit{limit, 4 * limit});
}

AnomalyList From(const std::string& group, const char* kind, size_t total, std::string headline,
                 CheckResult r) {
  return {
      group, kind, total, std::move(headline), std::move(r.evidence_text), std::move(r.evidence)};
}

}  // namespace

std::vector<AnomalyList> FindAnomalies(const History& history, size_t limit) {
  std::vector<AnomalyList> out;
  for (const std::string& g : history.groups) {
    CheckResult lost = Run(history, "lost", g, limit);
    const size_t n_lost = FigureOf(lost, "lost");
    const size_t n_unseen = FigureOf(lost, "unseen");
    if (n_lost + n_unseen > 0) {
      out.push_back(From(g, n_lost > 0 ? "lost" : "unseen", n_lost + n_unseen,
                         fmt::format("{} records lost, {} unseen, in {}", n_lost, n_unseen, g),
                         std::move(lost)));
    }
    CheckResult dup = Run(history, "duplicates", g, limit);
    if (const size_t n = FigureOf(dup, "duplicates"); n > 0) {
      out.push_back(From(g, "duplicate", n,
                         fmt::format("{} records consumed more than once by {}", n, g),
                         std::move(dup)));
    }
    CheckResult order = Run(history, "key_order", g, limit);
    if (const size_t n = FigureOf(order, "keys_out_of_order"); n > 0) {
      out.push_back(From(g, "out_of_order", n,
                         fmt::format("{} keys consumed out of order by {}", n, g),
                         std::move(order)));
    }
  }
  return out;
}

}  // namespace ks
