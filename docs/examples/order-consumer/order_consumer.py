#!/usr/bin/env python3
"""An order processor: a Kafka consumer service written with kafka-python.

It reads orders from a topic as a member of a consumer group, "processes" each one (a sleep
standing for a database write) and commits the group's offsets after each poll batch. On stdout
it reports what it does, one JSON object per line, in the format of Apache Kafka's
VerifiableConsumer (org.apache.kafka.tools.VerifiableConsumer), so that kafka-scenario can run
it as a group member and judge it. Logs go to stderr.

    python3 order_consumer.py --bootstrap-servers HOST:PORT --topic orders --group orders-app
        [--config client.properties] [--work-ms 20] [--commit-before-processing]

--commit-before-processing (or ORDER_CONSUMER_COMMIT_BEFORE_PROCESSING=1 in the environment)
is the classic bug: it commits a batch before processing it, so a crash loses records.
ORDER_CONSUMER_FLAGS holds extra flags, appended to the command line.
"""
import argparse
import json
import logging
import os
import shlex
import signal
import sys
import time

from kafka import ConsumerRebalanceListener, KafkaConsumer, OffsetAndMetadata

# The client properties a --config file may set (librdkafka's names; the first ones are also
# the Java client's) and the KafkaConsumer argument each one becomes.
PROPERTIES = {
    "client.id": "client_id",
    "security.protocol": "security_protocol",
    "sasl.mechanism": "sasl_mechanism",
    "sasl.mechanisms": "sasl_mechanism",
    "session.timeout.ms": "session_timeout_ms",
    "heartbeat.interval.ms": "heartbeat_interval_ms",
    "max.poll.interval.ms": "max_poll_interval_ms",
    "request.timeout.ms": "request_timeout_ms",
    "sasl.username": "sasl_plain_username",
    "sasl.password": "sasl_plain_password",
    "ssl.ca.location": "ssl_cafile",
    "ssl.certificate.location": "ssl_certfile",
    "ssl.key.location": "ssl_keyfile",
    "ssl.key.password": "ssl_password",
}


def read_properties(path):
    """KafkaConsumer arguments from a .properties file; exits 2 on anything it cannot use."""
    def fail(message):
        print(f"order_consumer: {message}", file=sys.stderr)
        sys.exit(2)

    settings = {}
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as error:
        fail(f"cannot read --config: {error}")
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line[0] in "#!":
            continue
        key, sep, value = (part.strip() for part in line.partition("="))
        if not sep or key not in PROPERTIES:
            fail(f"{path}:{number}: unsupported client property '{key}'"
                 f" (this app knows: {', '.join(PROPERTIES)})")
        if key.endswith(".ms") and not value.isdigit():
            fail(f"{path}:{number}: {key} must be a number of milliseconds, not '{value}'")
        settings[PROPERTIES[key]] = int(value) if key.endswith(".ms") else value
    return settings


def emit(name, **fields):
    """One event on stdout, as VerifiableConsumer prints it."""
    print(json.dumps({"timestamp": int(time.time() * 1000), "name": name, **fields}), flush=True)


def partitions(tps):
    return [{"topic": tp.topic, "partition": tp.partition} for tp in sorted(tps)]


class Rebalances(ConsumerRebalanceListener):
    def on_partitions_revoked(self, revoked):
        if revoked:  # kafka-python also reports an empty one on the first join; Java does not
            emit("partitions_revoked", partitions=partitions(revoked))

    def on_partitions_assigned(self, assigned):
        emit("partitions_assigned", partitions=partitions(assigned))


def commit(consumer, offsets):
    """Commits {TopicPartition: next offset} synchronously and reports it."""
    if not offsets:
        return
    report = [{"topic": tp.topic, "partition": tp.partition, "offset": offset}
              for tp, offset in sorted(offsets.items())]
    try:
        consumer.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in offsets.items()})
        emit("offsets_committed", offsets=report, success=True)
    except Exception as error:  # e.g. CommitFailedError: the group rebalanced meanwhile
        emit("offsets_committed", offsets=report, success=False, error=str(error))


def decode(data):
    return None if data is None else data.decode("utf-8", errors="replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap-servers", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--config", help="a .properties file of extra client settings")
    parser.add_argument("--work-ms", type=int, default=20, help="processing time per record")
    parser.add_argument("--commit-before-processing", action="store_true",
                        help="the bug: commit a batch, then process it")
    extra_flags = shlex.split(os.environ.get("ORDER_CONSUMER_FLAGS", ""))
    args = parser.parse_args(sys.argv[1:] + extra_flags)
    commit_first = (args.commit_before_processing
                    or os.environ.get("ORDER_CONSUMER_COMMIT_BEFORE_PROCESSING") == "1")
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)

    stopping = False

    def stop(signum, frame):  # SIGTERM: finish the current record, then leave cleanly
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    consumer = KafkaConsumer(
        bootstrap_servers=args.bootstrap_servers.split(","),
        group_id=args.group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=50,
        **(read_properties(args.config) if args.config else {}),
    )
    emit("startup_complete")
    consumer.subscribe(topics=[args.topic], listener=Rebalances())

    while not stopping:
        batch = consumer.poll(timeout_ms=200)
        if commit_first:  # THE BUG: these offsets say "done" before anything is done
            commit(consumer, {tp: records[-1].offset + 1 for tp, records in batch.items()})
        done = {}
        for tp, records in batch.items():
            for record in records:
                # The correct version stops between two records; the rest of its batch is not
                # committed, so the partition's next owner reads it. The broken one has
                # committed the whole batch already: it must finish it even when stopping.
                if stopping and not commit_first:
                    break
                time.sleep(args.work_ms / 1000)  # the database write
                emit("record_data", topic=record.topic, partition=record.partition,
                     offset=record.offset, key=decode(record.key), value=decode(record.value))
                done[tp] = record.offset + 1
        if not commit_first:  # correct: commit only what has been processed
            commit(consumer, done)

    # Java's consumer revokes its partitions when it closes; kafka-python calls no listener.
    if consumer.assignment():
        emit("partitions_revoked", partitions=partitions(consumer.assignment()))
    consumer.close()  # leaves the group: its partitions move at once, no session timeout
    emit("shutdown_complete")


if __name__ == "__main__":
    main()
