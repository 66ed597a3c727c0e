#pragma once

// `kafka-scenario explain` and `run --explain`: a scenario described in words, without running
// it. Pure formatting of the loaded model; the command hands in what the target can do.

#include <set>
#include <string>

#include "scenario/model.h"

namespace ks {

/// "hello - Produce and consume": the scenario's name and title, or the name alone when the title
/// is the name (a scenario without a title, whose title defaults to its name).
std::string NameAndTitle(const Scenario& scenario);

/// The lesson's header and text: "hello - <title>" (the name alone when the title is the name:
/// a scenario without a title), the path, then the lesson indented, which a scenario without a
/// lesson simply lacks: no empty heading, no placeholder.
std::string FormatLesson(const Scenario& scenario);

/// "Topology": the topics with their partitions; each producer's topic, record count, rate, key
/// and partitioner; each consumer group's topics, members, commit mode and processing; each
/// processor as "from -> to".
std::string FormatTopology(const Scenario& scenario);

/// "Timeline": each step as DescribeStep shows it, with its line and `after:` trigger; for a
/// scenario without steps, the default timeline's steps (scenario/default_timeline.h), labelled so.
std::string FormatTimeline(const Scenario& scenario);

/// "lost max 0": bound `b` on its figure in the console's words (BoundText); a bound with no
/// figure named is on `main_figure`.
std::string FigureBoundText(const FigureBound& b, const std::string& main_figure);

/// "Checks": each expect entry as the console names it (FormatExpect), with the bounds it will
/// be judged by (its own, else the check's defaults, plus those its name implies) and what the
/// check measures.
std::string FormatChecks(const Scenario& scenario);

/// "Requires": each capability of `requires` and whether `capabilities` has it; `cannot_run`
/// (Target::CannotRun) when the target would skip the scenario.
std::string FormatRequires(const Scenario& scenario, const std::set<std::string>& capabilities,
                           const std::string& cannot_run);

/// Everything above, in that order, separated by blank lines.
std::string FormatExplain(const Scenario& scenario, const std::set<std::string>& capabilities,
                          const std::string& cannot_run);

}  // namespace ks
