#include "history/jsonl_part.h"

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
    names.Intern(fast, &part->tables, &op);
    if (fast.has_note()) part->noted.push_back(part->ops.size());
    last_time_us = op.time_us;
    part->ops.push_back(op);
  }
  return true;
}

// Each id of `from` mapped to the id `to` gives the same name.
std::vector<uint32_t> Remap(const Interner& from, Interner* to) {
  std::vector<uint32_t> ids(from.size());
  for (uint32_t i = 0; i < ids.size(); ++i) ids[i] = to->Intern(from.Get(i));
  return ids;
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
  const std::vector<uint32_t> topics = Remap(part.tables.topics, &h->topics);
  const std::vector<uint32_t> producers = Remap(part.tables.producers, &h->producers);
  const std::vector<uint32_t> keys = Remap(part.tables.keys, &h->keys);
  const std::vector<uint32_t> notes = Remap(part.tables.notes, &h->notes);
  for (size_t i : part.noted) part.ops[i].seq = notes[part.ops[i].seq];
  for (size_t i = 0; i < part.ops.size(); ++i) {
    Op op = part.ops[i];
    if (op.topic != kNoId) op.topic = topics[op.topic];
    if (op.producer != kNoId) op.producer = producers[op.producer];
    if (op.key != kNoId) op.key = keys[op.key];
    h->ops.push_back(op);
    if (OpBlocks::EndsBlock(i)) part.ops.ReleaseBlockOf(i);
  }
  return true;
}

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
