// Linked into every executable of a sanitizer build (KS_SANITIZE), so that a test binary run by
// hand finds the project's suppression files and fails on the first report, as under ctest.
// ASAN_OPTIONS, UBSAN_OPTIONS, LSAN_OPTIONS and TSAN_OPTIONS still add to or override these.
// KS_SANITIZER_DIR is this folder (tests/sanitizers), set by CMakeLists.txt.

extern "C" {

// halt_on_error: UBSan only prints and goes on by default; a test must fail instead.
// print_stacktrace: UBSan prints only the source line by default.
const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:suppressions=" KS_SANITIZER_DIR "/ubsan.supp";
}

// detect_stack_use_after_return: catches a reference to a local kept past its scope (callbacks
// registered with librdkafka or Lua are the project's likely place for one).
const char* __asan_default_options() { return "detect_stack_use_after_return=1"; }

const char* __lsan_default_options() { return "suppressions=" KS_SANITIZER_DIR "/lsan.supp"; }

// second_deadlock_stack: a lock-order report then shows where both locks were taken. TSan goes
// on after a report and exits with status 66, so a test shows every race it met.
const char* __tsan_default_options() {
  return "second_deadlock_stack=1:suppressions=" KS_SANITIZER_DIR "/tsan.supp";
}

}  // extern "C"
