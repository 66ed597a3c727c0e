#pragma once

// `kafka-scenario checks`: the check catalogue (scenario/check_catalogue.h) as a table, for
// people writing `expect` entries. Pure formatting of the catalogue.

#include <string>

namespace ks {

/// Every check of the catalogue, one row each: its name, its scope keys ("group; topic": the
/// required ones, then after "; " the optional ones; "producer and/or topic" for a check that
/// needs at least one of them), its figures (the main one first) and what it measures, followed
/// by the bounds its name implies ("means lost max 0, unseen max 0") or that apply when the
/// entry gives none ("without bounds: keys_out_of_order max 0").
/// `markdown`: a GitHub table with a header row; otherwise one block per check for a terminal
/// (name and scope, then the figures and the meaning indented).
std::string FormatCheckTable(bool markdown);

}  // namespace ks
