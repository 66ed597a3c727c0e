// A member's processing model: the worker threads that process polled records (a delay, a Lua
// transform, failures and retries) and report them finished.
#include <algorithm>
#include <thread>

#include "actors/member.h"

namespace ks {
namespace {

// A sleep is cut into slices so that a crash stops processing promptly.
constexpr int64_t kSleepSliceUs = 5000;

}  // namespace

bool MemberActor::SleepUnlessCrashed(int64_t us) {
  while (us > 0) {
    if (crash_.load(std::memory_order_relaxed)) return false;
    const int64_t slice = std::min(us, kSleepSliceUs);
    std::this_thread::sleep_for(std::chrono::microseconds(slice));
    us -= slice;
  }
  return !crash_.load(std::memory_order_relaxed);
}

bool MemberActor::Process(const Work& work, size_t thread) {
  const ProcessingSpec& spec = model_->spec();
  for (int attempt = 0;; ++attempt) {
    bool failed = false;
    if (!lua_.empty()) {
      if (!ProcessWithLua(work, thread, attempt, &failed)) return false;
    } else {
      if (!SleepUnlessCrashed(model_->DelayUs(work.slot, work.poll.offset, attempt))) {
        return false;
      }
      failed = model_->Fails(work.slot, work.poll.offset, attempt);
    }
    Op op = work.poll;
    op.kind = OpKind::kProcess;
    op.type = failed ? OpType::kFail : OpType::kOk;
    {
      std::lock_guard lock(log_mu_);
      // A killed process records nothing after its death.
      if (crash_.load()) return false;
      log_->Append(op, work.has_key ? work.key.data() : nullptr, work.key.size());
    }
    if (!failed || spec.on_failure == ProcessingSpec::OnFailure::kSkip) return true;
    if (!fatal_error().empty()) return true;  // a broken Lua hook: retrying cannot help
  }
}

void MemberActor::Finish(const Work& work) {
  {
    std::lock_guard lock(work_mu_);
    if (crash_.load() || in_flight_ == 0) return;  // abandoned by a crash
    tracker_.Done(work.slot, work.poll.offset);
    ++processed_since_commit_;
    dirty_ = true;
    --in_flight_;
  }
  progress_->in_flight.fetch_sub(1);
  progress_->Consumed(work.slot, work.poll.offset);
  idle_cv_.notify_all();
}

bool MemberActor::ProcessWithLua(const Work& work, size_t thread, int attempt, bool* failed) {
  const TopicMap::Entry* topic = nullptr;
  for (const auto& t : setup_.topics->entries()) {
    if (work.slot >= t.first_slot && work.slot < t.first_slot + t.partitions) topic = &t;
  }
  LuaRecord record;
  record.topic = topic ? topic->logical : std::string();
  record.partition = work.poll.partition;
  record.offset = work.poll.offset;
  record.has_key = work.has_key;
  record.key = work.key;
  record.value = work.value;
  record.headers = work.headers;
  record.attempt = attempt;
  LuaOutcome outcome;
  if (Status st = lua_[std::min(thread, lua_.size() - 1)]->Process(record, &outcome); !st.ok()) {
    // A broken hook fails the scenario; the record counts as failed, not processed. It is
    // skipped, not retried: the same error would come back forever.
    SetFatal(st.message());
    *failed = true;
    return !crash_.load();
  }
  if (!SleepUnlessCrashed(outcome.delay_ms * 1000)) return false;
  for (const LuaOutput& out : outcome.outputs) ProduceOutput(out);
  *failed = outcome.failed;
  return true;
}

void MemberActor::WorkerLoop(size_t thread) {
  for (;;) {
    Work work;
    {
      std::unique_lock lock(work_mu_);
      work_cv_.wait(lock, [&] { return workers_end_ || !queue_.empty(); });
      if (queue_.empty()) return;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    idle_cv_.notify_all();  // queue space
    if (Process(work, thread)) Finish(work);
  }
}

void MemberActor::WaitIdle() {
  std::unique_lock lock(work_mu_);
  idle_cv_.wait(lock, [&] { return in_flight_ == 0 || crash_.load(); });
}

}  // namespace ks
