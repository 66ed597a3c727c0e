#pragma once

// A History saved as JSON Lines: one header object, then one op object per line in history order.
// The format is documented by schemas/history.schema.json. Ops name actors, topics, producers and
// groups instead of using ids, so a file can be read (and written) by hand and by other tools.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "diag/status.h"
#include "history/history.h"

namespace ks {

/// One op as a JSON object, with names instead of ids. Fields: "type" (invoke|ok|fail|info), "f"
/// (send|poll|commit|assign|revoke|start|leave|stop|watermark|log_start|...; history/op.h),
/// "time_us", "actor" (name), and only where present: "group" (the actor's group, for members),
/// "topic", "partition", "offset", "generation" (each absent when -1), "key" (absent for a null
/// key; "key_hex" instead, lowercase hex of the bytes, when the key is not valid UTF-8), "record":
/// {"producer", "seq"} (absent when op.producer == kNoId). Ids out of range of h's tables are
/// written as "?".
nlohmann::json OpToJson(const History& h, const Op& op);

/// What a saved history was a run of; the first line of a history file.
struct HistoryHeader {
  std::string scenario;       ///< the scenario's name
  std::string scenario_file;  ///< the YAML file it came from, as given on the command line
  uint64_t seed = 0;          ///< the run's random seed
  std::string target;  ///< the Kafka target the run talked to (e.g. "docker", "localhost:9092")
  std::string kafka_client;  ///< e.g. "librdkafka 2.0.2"
  /// What the recording run could not do (waits not met, actor errors), in plain words: part of
  /// its verdict, so `check` on the saved history fails where the run failed. Empty when none.
  std::vector<std::string> problems;
  /// The run's id (Target::run_id()), for reference: the run already recorded every record
  /// without its run id in its identity header as foreign (ops without "record"), so the
  /// verdict of `check` does not depend on it. Empty when unknown (written by hand, or before
  /// run ids); then it is left out of the file.
  std::string run_id;
  /// When the recording run began, as diag/utc_time.h's IsoUtc writes it
  /// ("2024-05-01T12:34:56Z"): `check` reports the run's time, not its own. Empty when unknown
  /// (written by hand, or before it was recorded); then it is left out of the file.
  std::string started;
};

/// Writes `h` to `path` as JSON Lines (schemas/history.schema.json): the header line, then one
/// op per line in history order, each line as OpToJson describes it. Missing parent folders are
/// created. Writes a temporary file in the same folder, fsyncs it and renames it over `path`, so
/// `path` is either the complete new file or untouched. Errors (the folder cannot be written, the
/// disk is full, a name that is not valid UTF-8, an op id outside its table) are returned with
/// the path; the temporary file is removed then. A `started` that is not empty must be in
/// IsoUtc's form. Keys may hold any bytes (see "key_hex").
/// Streams: memory use does not grow with the history. Roughly 170 bytes per op on disk.
Status SaveHistoryJsonl(const History& h, const HistoryHeader& header, const std::string& path);

/// The result of LoadHistoryJsonl: `history` is set only when `errors` is empty.
struct LoadedHistory {
  std::optional<History> history;
  HistoryHeader header;  ///< as far as the header line could be read
  /// At most 20: "file:line:column: message" (column 1-based, as diag/source_loc.h) where the
  /// problem has a place in the line (invalid UTF-8, a JSON syntax error), "file:line: message"
  /// where it concerns the line as a whole (a field, a value), "file: message" for the file.
  std::vector<std::string> errors;
};

/// Reads a file written by SaveHistoryJsonl (or by hand in the same format). Actors and groups
/// come from the header; topics, producers and keys are interned in order of appearance (header
/// first), so loading and saving again reproduces a saved file byte for byte. Every op must name
/// a header actor and have a time not before the previous op's. Never throws: a missing or empty
/// file, bad JSON, a missing, unknown or mistyped field are reported as errors; reading stops
/// after 20 errors, or after the header when the header itself is wrong. A file of 32 MiB or
/// more is read in two halves at once, on two threads where the machine has two cores: with the
/// same result and the same errors (a second half that is not all plain op lines in time order
/// is read again, in one piece with the first).
LoadedHistory LoadHistoryJsonl(const std::string& path);

/// LoadHistoryJsonl() over `text` as if read from `path`, which is used only in the errors
/// (the history fuzzer, tests/fuzz/history_fuzz.cc).
LoadedHistory LoadHistoryJsonlText(const std::string& text, const std::string& path);

/// nlohmann::json's parse error message (`what()`) without its "[json.exception.parse_error.101] "
/// prefix: "parse error at line 3, column 5: syntax error while parsing object - ...", for
/// errors that a user reads.
std::string JsonParseErrorText(const char* what);

}  // namespace ks
