# A test that cannot run here fails with MESSAGE rather than being skipped (a skipped test reads
# as a pass in a summary nobody reads).
#
#   cmake -DMESSAGE="node is missing: run scripts/setup" -P cmake/fail_test.cmake
message(FATAL_ERROR "${MESSAGE}")
