#pragma once

// The later op lines of a large history file, read on a thread of their own while the reader
// takes the first part (runner/history only). Only lines the fast parser accepts, in time
// order, make a part: anything else and the whole file is read again in one piece, so that
// every error is reported as before (file:line, by the one reader that owns the messages).

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "history/history.h"
#include "history/op_memory.h"

namespace ks::jsonl_detail {

/// The op lines of a byte range of a history file. Names are interned in tables of the part's
/// own (`tables`: topics, producers, keys and notes; its ops are empty), as a run's actor logs
/// do, and mapped into the history's when the part is appended.
struct OpPart {
  /// True when every line of the range was an op the fast parser takes, in time order, and the
  /// range was read to its end. When false, nothing else in the part is to be used.
  bool ok = false;
  OpBlocks ops;  ///< released block by block as AppendOpPart copies them
  History tables;
  std::vector<size_t> noted;  ///< indexes into ops of the ops whose Op::seq is a notes id
};

/// Reads bytes [begin, end) of `path`, `begin` being the start of a line, with the fast parser.
/// `header`: the history's actors and groups (as the header line gave them); `actors`: their
/// names to actor ids. Never throws: any failure (cannot read, out of memory, a line the fast
/// parser does not take, a line longer than limits::kMaxHistoryLineBytes, time going back)
/// gives a part with ok == false.
OpPart ReadOpPart(const std::string& path, uint64_t begin, uint64_t end, const History& header,
                  const Interner& actors);

/// Appends `part`'s ops to `h->ops`, its names interned into h's tables in the order the part
/// met them, so that `h` is what reading the part's lines one by one would have made it.
/// Returns false, and leaves `h` as it was, when the part's first op is before
/// `last_time_us` (the time of h's last op): the file is then not in time order; or when the
/// two name more than limits::kMaxHistoryIds topics, or producers, together.
bool AppendOpPart(OpPart&& part, int64_t last_time_us, History* h);

/// Which file a path names and what state it is in (stat(2)): the second part is read through
/// its own open of the path, and must come from the very file the first part is read from.
struct FileIdentity {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = -1;  ///< -1 when the path could not be stat'ed
  int64_t mtime_ns = -1;
  bool operator==(const FileIdentity&) const = default;
};

/// `path`'s identity now; size -1 when it cannot be stat'ed.
FileIdentity IdentityOf(const std::string& path);

/// How many parts AppendOpPart has appended in this process: lets tests prove that a large
/// file was read in two parts, not in one piece after a fallback.
int64_t PartsAppended();

/// The offset just past the first '\n' at or after byte `from` of `path`; 0 when there is none
/// within limits::kMaxHistoryLineBytes of `from` (a line that long is the one reader's to
/// report) or the file cannot be read.
uint64_t NextLineStart(const std::string& path, uint64_t from);

}  // namespace ks::jsonl_detail
