// A processor member's outputs: its output producer, the records its transform emits, and the
// transactions that commit them with the inputs' offsets (KIP-98, KIP-447).
#include <fmt/format.h>

#include "actors/client_config.h"
#include "actors/member.h"
#include "actors/record_identity.h"
#include "target/client_logs.h"

namespace ks {
namespace {

// The longest a transactional call of a processor may block.
constexpr int kTxnTimeoutMs = 30000;

}  // namespace

void MemberActor::RecordTxn(OpType type) {
  Op op;
  op.kind = OpKind::kTxn;
  op.type = type;
  op.seq = txn_number_;
  Record(op);
}

bool MemberActor::BeginOutputTransactionLocked() {
  if (txn_open_) return true;
  if (rd_kafka_error_t* e = rd_kafka_begin_transaction(out_.get())) {
    SetFatal(fmt::format("begin_transaction failed: {}", rd_kafka_error_string(e)));
    rd_kafka_error_destroy(e);
    return false;
  }
  ++txn_number_;
  txn_open_ = true;
  RecordTxn(OpType::kInvoke);
  return true;
}

void MemberActor::CommitOutputTransaction(rd_kafka_topic_partition_list_t* offsets) {
  std::lock_guard lock(out_mu_);
  if (offsets->cnt == 0 && !txn_open_) return;
  if (!BeginOutputTransactionLocked()) return;
  rd_kafka_error_t* error = nullptr;
  if (offsets->cnt > 0) {
    rd_kafka_consumer_group_metadata_t* meta = rd_kafka_consumer_group_metadata(rk_.get());
    error = rd_kafka_send_offsets_to_transaction(out_.get(), offsets, meta, kTxnTimeoutMs);
    rd_kafka_consumer_group_metadata_destroy(meta);
  }
  if (!error) error = rd_kafka_commit_transaction(out_.get(), kTxnTimeoutMs);
  const bool committed = error == nullptr;
  if (error) {
    const std::string why = rd_kafka_error_string(error);
    const bool abortable = rd_kafka_error_txn_requires_abort(error);
    rd_kafka_error_destroy(error);
    if (abortable) {
      // The batch's outputs are aborted but the member has moved past its inputs: a real
      // application would seek back to its committed offsets; this one stops the scenario.
      if (rd_kafka_error_t* e = rd_kafka_abort_transaction(out_.get(), kTxnTimeoutMs)) {
        rd_kafka_error_destroy(e);
      }
      RecordTxn(OpType::kFail);
      SetFatal(fmt::format("transaction {} aborted: {}", txn_number_, why));
    } else {
      RecordTxn(OpType::kInfo);
      SetFatal(fmt::format("commit_transaction failed: {}", why));
    }
  } else {
    RecordTxn(OpType::kOk);
  }
  txn_open_ = false;
  for (int i = 0; i < offsets->cnt; ++i) {
    const auto& tp = offsets->elems[i];
    const TopicMap::Entry* topic = setup_.topics->FindPhysical(tp.topic);
    if (!topic) continue;
    Op op;
    op.kind = OpKind::kCommit;
    op.type = committed ? OpType::kOk : OpType::kFail;
    op.generation = generation_;
    op.topic = topic->history_id;
    op.partition = tp.partition;
    op.offset = tp.offset;
    Record(op);
    if (committed) progress_->Committed(topic->first_slot + tp.partition, tp.offset);
  }
}

Status MemberActor::StartOutputProducer() {
  const GroupSpec& g = *setup_.group;
  ConfPtr conf(rd_kafka_conf_new());
  RouteClientLogs(conf.get());
  std::string error;
  ClientConfig set(conf.get(), fmt::format("processor '{}'", g.name));
  if (!set.SetAll(setup_.producer_defaults) || !set.SetAll(g.transform->producer_config) ||
      !set.Set("bootstrap.servers", setup_.bootstrap_servers) ||
      !set.Set("client.id", name_ + "-out")) {
    return set.error();
  }
  // One transactional.id per member, the same after a restart: the new client's
  // InitProducerId fences the old one and aborts the transaction it left open (KIP-98).
  const std::string txn_id = fmt::format(
      "{}-{}", setup_.transactional_id.empty() ? g.name : setup_.transactional_id, setup_.index);
  if (g.transform->transactional && !set.Set("transactional.id", txn_id)) return set.error();
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &MemberActor::OutputDeliveryCallback);
  // Served wherever the output producer is polled or flushed: the poll thread or a worker.
  rd_kafka_conf_set_error_cb(conf.get(), &MemberActor::ErrorCallback);
  rd_kafka_conf_set_opaque(conf.get(), this);
  out_ = NewClient(RD_KAFKA_PRODUCER, conf.get(), &error);
  if (!out_) return Status::Error(fmt::format("processor {}: {}", name_, error));
  conf.release();
  if (g.transform->transactional) {
    if (rd_kafka_error_t* e = rd_kafka_init_transactions(out_.get(), kTxnTimeoutMs)) {
      const std::string why = rd_kafka_error_string(e);
      rd_kafka_error_destroy(e);
      return Status::Error(
          fmt::format("processor {}: init_transactions ({}) failed: {}", name_, txn_id, why));
    }
  }
  return Status::Ok();
}

void MemberActor::ProduceOutput(const LuaOutput& out) {
  const TopicMap::Entry* topic = setup_.topics->FindLogical(out.topic);
  if (!topic) {
    SetFatal(fmt::format("output topic '{}' is not a topic of the scenario", out.topic));
    return;
  }
  std::lock_guard lock(out_mu_);
  // Checked before a transaction begins, so that none is left open with nothing sent.
  if (setup_.output_seq->load() > static_cast<uint64_t>(kMaxOpSeq)) {
    SetFatal(fmt::format("more than {} outputs: a history's op holds a record's seq in 32 bits",
                         kMaxOpSeq + 1));
    return;
  }
  if (setup_.group->transform->transactional && !BeginOutputTransactionLocked()) return;
  const uint64_t seq = setup_.output_seq->fetch_add(1);
  std::string identity;
  FormatIdentity(name_, seq, setup_.run_id, &identity);
  Op invoke;
  invoke.kind = OpKind::kSend;
  invoke.type = OpType::kInvoke;
  invoke.producer = setup_.history_producer;
  invoke.seq = seq;
  invoke.topic = topic->history_id;
  Record(invoke, out.has_key ? out.key.data() : nullptr, out.has_key ? out.key.size() : 0);
  rd_kafka_headers_t* headers = RecordHeaders(identity, out.headers);
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  for (int tries = 0;; ++tries) {
    err = rd_kafka_producev(
        out_.get(), RD_KAFKA_V_TOPIC(topic->physical.c_str()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(out.has_key ? out.key.data() : nullptr, out.has_key ? out.key.size() : 0),
        RD_KAFKA_V_VALUE(const_cast<char*>(out.value.data()), out.value.size()),
        RD_KAFKA_V_HEADERS(headers),
        RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<uintptr_t>(seq))), RD_KAFKA_V_END);
    // A full queue drains as delivery reports are served; give up after about 10 s.
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL || tries >= 1000 || crash_.load()) break;
    rd_kafka_poll(out_.get(), 10);
  }
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_headers_destroy(headers);
    Op fail = invoke;
    fail.type = OpType::kFail;
    Record(fail, out.has_key ? out.key.data() : nullptr, out.has_key ? out.key.size() : 0);
    SetFatal(
        fmt::format("could not produce an output to {}: {}", out.topic, rd_kafka_err2str(err)));
    return;
  }
  ++outputs_in_flight_;
  progress_->in_flight.fetch_add(1);
  if (setup_.outputs) setup_.outputs->sent.fetch_add(1);
}

void MemberActor::OutputDeliveryCallback(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
  static_cast<MemberActor*>(opaque)->OnOutputDelivery(msg);
}

void MemberActor::OnOutputDelivery(const rd_kafka_message_t* msg) {
  if (crash_.load()) return;  // a killed process hears nothing more
  const TopicMap::Entry* topic = setup_.topics->FindPhysical(rd_kafka_topic_name(msg->rkt));
  Op op;
  op.kind = OpKind::kSend;
  op.type = DeliveryType(msg);
  op.producer = setup_.history_producer;
  op.seq = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(msg->_private));
  op.topic = topic ? topic->history_id : kNoId;
  op.partition = msg->partition;
  op.offset = msg->err == RD_KAFKA_RESP_ERR_NO_ERROR ? msg->offset : -1;
  Record(op, static_cast<const char*>(msg->key), msg->key ? msg->key_len : 0);
  if (setup_.outputs && topic && op.type == OpType::kOk) {
    setup_.outputs->acked.fetch_add(1);
    setup_.outputs->acked_offsets.Raise(topic->first_slot + msg->partition, msg->offset);
  }
  if (op.type != OpType::kOk)
    SetFatal(fmt::format("an output was not delivered: {}", rd_kafka_err2str(msg->err)));
  // No lock here: this runs inside flush/commit_transaction, called with out_mu_ held.
  int64_t n = outputs_in_flight_.load();
  while (n > 0 && !outputs_in_flight_.compare_exchange_weak(n, n - 1)) {
  }
  if (n > 0) progress_->in_flight.fetch_sub(1);
}

}  // namespace ks
