#include "history/jsonl_part.h"

#include <sys/stat.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <limits>
#include <new>

#include "diag/input_limits.h"
#include "history/jsonl_op_parser.h"
#include "history/op_memory.h"
#include "history/padded_lines.h"

namespace ks::jsonl_detail {
namespace {

std::atomic<int64_t> parts_appended{0};

// The lines `lines` gives (the range), each an op the fast parser takes, in time order; false
// at the first that is not.
bool ReadLines(PaddedLines& lines, const History& header, const Interner& actors, OpPart* part) {
  FastOpParser fast(header, actors);
  FastOpNames names;
  std::string_view line;
  bool too_long = false;
  int64_t last_time_us = std::numeric_limits<int64_t>::min();
  while (lines.Next(&line, &too_long)) {
    Op op;
    if (too_long || !fast.Parse(line, lines.Readable(line), &op)) return false;
    if (op.time_us < last_time_us) return false;
    if (!names.Intern(fast, &part->tables, &op)) return false;
    if (fast.has_note()) part->noted.push_back(part->ops.size());
    last_time_us = op.time_us;
    part->ops.push_back(op);
  }
  return true;
}

}  // namespace

OpPart ReadOpPart(const std::string& path, uint64_t begin, uint64_t end, const History& header,
                  const Interner& actors) {
  OpPart part;
  try {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(begin));
    if (!in || end < begin) return part;
    PaddedLines lines(in, limits::kMaxHistoryLineBytes, end - begin);
    part.ok = ReadLines(lines, header, actors, &part) && !in.bad();
  } catch (const std::exception&) {  // std::bad_alloc, std::length_error
    part.ok = false;
  }
  return part;
}

bool AppendOpPart(OpPart&& part, int64_t last_time_us, History* h) {
  if (part.ops.size() > 0 && part.ops[0].time_us < last_time_us) return false;
  // The names this part adds to a table must leave every id fitting an op (FitsOpId).
  const auto fits = [](const Interner& all, const Interner& more) {
    size_t added = 0;
    for (const std::string& name : more.All()) added += all.Find(name) == kNoId;
    return added == 0 || FitsOpId(all.size() + added - 1);
  };
  if (!fits(h->topics, part.tables.topics) || !fits(h->producers, part.tables.producers)) {
    return false;
  }
  const std::vector<uint32_t> topics = h->topics.InternEach(part.tables.topics);
  const std::vector<uint32_t> producers = h->producers.InternEach(part.tables.producers);
  const std::vector<uint32_t> keys = h->keys.InternEach(part.tables.keys);
  const std::vector<uint32_t> notes = h->notes.InternEach(part.tables.notes);
  for (size_t i : part.noted) part.ops[i].seq = notes[part.ops[i].seq];
  for (size_t i = 0; i < part.ops.size(); ++i) {
    Op op = part.ops[i];
    if (op.topic != kNoId) op.topic = topics[op.topic];
    if (op.producer != kNoId) op.producer = producers[op.producer];
    if (op.key != kNoId) op.key = keys[op.key];
    h->ops.push_back(op);
    if (OpBlocks::EndsBlock(i)) part.ops.ReleaseBlockOf(i);
  }
  parts_appended.fetch_add(1);
  return true;
}

FileIdentity IdentityOf(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return {};
  return {st.st_dev, st.st_ino, st.st_size,
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

int64_t PartsAppended() { return parts_appended.load(); }

uint64_t NextLineStart(const std::string& path, uint64_t from) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(from));
  char chunk[64 << 10];
  uint64_t at = from;
  // A line longer than that is an error the reader reports in one piece.
  while (in && at - from <= limits::kMaxHistoryLineBytes) {
    in.read(chunk, sizeof chunk);
    const auto got = static_cast<size_t>(in.gcount());
    if (const void* nl = std::memchr(chunk, '\n', got)) {
      return at + static_cast<uint64_t>(static_cast<const char*>(nl) - chunk) + 1;
    }
    at += got;
    if (got == 0) break;
  }
  return 0;
}

}  // namespace ks::jsonl_detail
