#include "actors/process_producer.h"

#include <fmt/format.h>

#include <charconv>

namespace ks {

namespace {

// n of a value "<prefix>.<n>" of this batch; false for any other value.
bool SequenceOf(const std::string& value, int32_t prefix, int64_t* n) {
  uint64_t p = 0, record = 0;
  if (!ParsePrefixedValue(value, &p, &record) || p != static_cast<uint64_t>(prefix) ||
      record > static_cast<uint64_t>(INT64_MAX)) {
    return false;
  }
  *n = static_cast<int64_t>(record);
  return true;
}

}  // namespace

ProcessProducer::ProcessProducer(ProducerSetup setup, ActorLog* log, ProducerProgress* progress)
    : setup_(std::move(setup)), log_(log), progress_(progress) {}

ProcessProducer::~ProcessProducer() {
  RequestStop();
  Join();
}

Status ProcessProducer::Start() {
  const ProducerSpec& p = *setup_.spec;
  std::vector<ConfigEntry> config;
  if (Status st = ProcessClientProperties(p.client, setup_.defaults, p.config, true, -1, &config);
      !st.ok()) {
    return Status::Error(fmt::format("producer {}: {}", p.name, st.message()));
  }
  config_ = std::move(config);
  progress_->finished.store(true);
  thread_ = std::thread([this] { Run(); });
  return Status::Ok();
}

void ProcessProducer::Send(int64_t count) {
  if (count <= 0) return;
  {
    std::lock_guard lock(mu_);
    requested_ += count;
    if (gone_) return;  // an earlier batch failed (error()): nothing more is sent
    pending_.push_back({count, static_cast<uint64_t>(requested_ - count)});
    progress_->finished.store(false);
  }
  cv_.notify_all();
}

int64_t ProcessProducer::Requested() const {
  std::lock_guard lock(mu_);
  return requested_;
}

void ProcessProducer::Close() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  cv_.notify_all();
}

void ProcessProducer::RequestStop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    pending_.clear();
    if (current_ != nullptr) current_->Terminate();  // VerifiableProducer flushes, then ends
  }
  cv_.notify_all();
}

void ProcessProducer::Join() {
  if (thread_.joinable()) thread_.join();
}

void ProcessProducer::SetError(std::string message) {
  std::lock_guard lock(mu_);
  if (error_.empty()) error_ = std::move(message);
}

void ProcessProducer::Run() {
  for (;;) {
    Batch batch;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stop_ || closing_ || !pending_.empty(); });
      if (pending_.empty()) {
        progress_->finished.store(true);
        if (stop_ || closing_) return;
        continue;
      }
      batch = pending_.front();
      pending_.pop_front();
    }
    if (!RunBatch(batch)) {
      std::lock_guard lock(mu_);
      pending_.clear();
      gone_ = true;  // a later Send() has no thread to run it
      progress_->finished.store(true);
      return;
    }
    std::lock_guard lock(mu_);
    if (pending_.empty()) progress_->finished.store(true);
  }
}

bool ProcessProducer::RunBatch(const Batch& batch) {
  const ProducerSpec& p = *setup_.spec;
  if (log_->NowUs() >= setup_.deadline_us) {
    // A JVM started now would be asked to stop at once; the run's end is near.
    SetError(fmt::format("producer {}: {} records were not started by the scenario's deadline",
                         p.name, batch.count));
    return false;
  }
  const int32_t prefix = setup_.identities->AddBatch(setup_.history_producer, batch.base,
                                                     static_cast<uint64_t>(batch.count));
  // A file per batch, removed once its program has read it: it may hold credentials.
  ClientConfigFile config_file;
  if (Status st = config_file.Write(config_); !st.ok()) {
    SetError(st.message());
    return false;
  }
  const Placeholders values = {
      {"bootstrap", setup_.bootstrap_servers},   {"topic", setup_.topic->physical},
      {"messages", std::to_string(batch.count)}, {"value_prefix", std::to_string(prefix)},
      {"client_config", config_file.path()},     {"scenario_dir", setup_.scenario_dir},
  };
  std::vector<bool> reported(static_cast<size_t>(batch.count), false);
  int64_t highest = -1;  // the highest record number reported
  auto client = std::make_unique<ProcessClient>(
      ProcessClient::Options{ProducerLaunch(p, setup_.classpath, values),
                             p.name,
                             p.client.startup_timeout_ms,
                             true,
                             {}},
      [&](const ClientEvent& e) { OnEvent(batch, prefix, e, &reported, &highest); });
  {
    std::lock_guard lock(mu_);
    if (stop_) return false;
    current_ = client.get();
  }
  Status st = client->Start();
  config_file.Remove();
  bool timed_out = false;
  while (st.ok() &&
         !client->WaitEnd(std::chrono::steady_clock::now() + std::chrono::milliseconds(100))) {
    bool stopping = false;
    {
      std::lock_guard lock(mu_);
      stopping = stop_;
    }
    if (stopping) {
      // RequestStop() sent SIGTERM: VerifiableProducer flushes and ends, or is killed.
      client->WaitEndAfterTerminate(std::chrono::steady_clock::time_point::max());
      break;
    }
    if (log_->NowUs() < setup_.deadline_us) continue;
    client->Terminate();
    client->WaitEndAfterTerminate(std::chrono::steady_clock::time_point::max());
    SetError(fmt::format("{}: had not sent its {} records by the scenario's deadline",
                         client->Describe(), batch.count));
    timed_out = true;
    break;
  }
  {
    std::lock_guard lock(mu_);
    current_ = nullptr;
  }
  const std::string failure = client->failure();
  client.reset();  // joins the reader: nothing else appends to the log from here
  // Sent in order: a record before a reported one was sent too, its outcome unknown.
  for (int64_t n = 0; n < highest; ++n) {
    if (reported[static_cast<size_t>(n)]) continue;
    Op op = SendOp(batch, n);
    log_->Append(op);
    op.type = OpType::kInfo;
    log_->Append(op);
  }
  bool stopped = false;
  {
    std::lock_guard lock(mu_);
    stopped = stop_;
  }
  if (!st.ok()) {
    if (!stopped) SetError(st.message());  // stopped as it started: no error of its own
    return false;
  }
  if (!failure.empty() && !stopped) {
    SetError(failure);
    return false;
  }
  return !stopped && !timed_out;
}

Op ProcessProducer::SendOp(const Batch& batch, int64_t n) const {
  Op op;
  op.kind = OpKind::kSend;
  op.type = OpType::kInvoke;
  op.producer = setup_.history_producer;
  op.seq = batch.base + static_cast<uint64_t>(n);
  op.topic = setup_.topic->history_id;
  return op;
}

void ProcessProducer::OnEvent(const Batch& batch, int32_t prefix, const ClientEvent& e,
                              std::vector<bool>* reported, int64_t* highest) {
  const bool ok = e.kind == ClientEvent::Kind::kSendSuccess;
  if (!ok && e.kind != ClientEvent::Kind::kSendError) return;
  int64_t n = -1;
  if (!e.value || !SequenceOf(*e.value, prefix, &n) || n >= batch.count) {
    SetError(
        fmt::format("producer {}: {} value {} is not \"{}.<n>\" with n below {}: the runner "
                    "cannot tell which record it was",
                    setup_.spec->name, e.name, e.value.value_or("null"), prefix, batch.count));
    return;
  }
  if ((*reported)[static_cast<size_t>(n)]) return;  // reported twice: the first report stands
  (*reported)[static_cast<size_t>(n)] = true;
  progress_->sent.fetch_add(1);
  *highest = std::max(*highest, n);
  Op op = SendOp(batch, n);
  const char* key = e.key ? e.key->data() : nullptr;
  const size_t key_len = e.key ? e.key->size() : 0;
  log_->Append(op, key, key_len);
  if (!ok) {
    op.type = OpType::kInfo;
    log_->Append(op, key, key_len);
    progress_->failed.fetch_add(1);
    return;
  }
  op.type = OpType::kOk;
  op.partition = e.partition;
  op.offset = e.offset;
  log_->Append(op, key, key_len);
  if (e.topic == setup_.topic->physical && e.partition < setup_.topic->partitions) {
    progress_->acked_offsets.Raise(setup_.topic->first_slot + e.partition, e.offset);
  }
  progress_->acked.fetch_add(1);
}

}  // namespace ks
