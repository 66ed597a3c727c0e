#!/bin/sh
# A consumer group member played by a program (client: {command: ...}) that speaks the verifiable
# clients' JSON lines without touching Kafka, for tests/e2e/process_actors_test.cc. What it does
# is $KS_FAKE_CONSUMER, which it inherits from the runner's environment:
#   clean      startup_complete, an assignment of partition 0 of topic $1; on SIGTERM it says
#              shutdown_complete and exits 0
#   malformed  startup_complete, then a line that is not the protocol's, then waits
#   exit       startup_complete, three lines on stderr, then exit status 3
#   silent     never says startup_complete
#   stubborn   startup_complete, then outlives SIGTERM (only SIGKILL ends it)
topic=$1
started() {
  echo '{"name":"startup_complete"}'
  echo "{\"name\":\"partitions_assigned\",\"partitions\":[{\"topic\":\"$topic\",\"partition\":0}]}"
}
case $KS_FAKE_CONSUMER in
  clean)
    trap 'echo "{\"name\":\"shutdown_complete\"}"; exit 0' TERM
    started
    sleep 300 &
    wait $!
    ;;
  malformed)
    started
    echo 'INFO consumer started: not a JSON line'
    echo 'the bad line is on stdout; this is on stderr' >&2
    sleep 300
    ;;
  exit)
    started
    echo 'fake-consumer: connecting to the cluster' >&2
    echo 'fake-consumer: giving up' >&2
    printf 'fake-consumer: exit 3' >&2
    exit 3
    ;;
  silent)
    echo 'fake-consumer: thinking' >&2
    sleep 300
    ;;
  stubborn)
    # Only notes the SIGTERM (in the file $KS_FAKE_CONSUMER_TERMED, when set), and goes on.
    trap 'if [ -n "$KS_FAKE_CONSUMER_TERMED" ]; then echo TERM > "$KS_FAKE_CONSUMER_TERMED"; fi' TERM
    started
    while :; do
      sleep 300 &
      wait $!
    done
    ;;
  *)
    echo "fake-consumer: KS_FAKE_CONSUMER='$KS_FAKE_CONSUMER' is none of clean, malformed, exit, silent, stubborn" >&2
    exit 2
    ;;
esac
