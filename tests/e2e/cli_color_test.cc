// Colour and the live progress line as a user's terminal, a pipe or CI gets them (issue 15):
// each case runs the built binary with stdout on a pseudo-terminal or a pipe.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/binary_run.h"
#include "support/read_file.h"

namespace ks {
namespace {

using test_support::ReadFile;

namespace fs = std::filesystem;
using test_support::BinaryOptions;
using test_support::BinaryRun;
using test_support::RunBinary;

// Passes on the embedded cluster in a few seconds, long enough for the live line to be drawn.
const std::string kHello = KS_SOURCE_DIR "/scenarios/001-hello.yaml";
// Skipped at once: the embedded cluster cannot show idempotent dedup.
const std::string kSkipped = KS_SOURCE_DIR "/scenarios/014-idempotent-producer.yaml";

const std::string kGreenPass = "\033[32mPASS\033[0m  hello";
const std::string kYellowSkip = "\033[33mSKIP\033[0m  idempotent-producer";
const std::string kReset = "\033[0m";
// What the live line writes before each drawing and to clear itself.
const std::string kLineRewrite = "\r\033[K";

// Stdout on a terminal or a pipe, with TERM and NO_COLOR as given (nullptr: unset), so that the
// environment ctest was started in does not decide.
BinaryOptions Options(bool tty, const char* term, const char* no_color) {
  BinaryOptions o;
  o.tty = tty;
  auto value = [](const char* v) { return v ? std::optional<std::string>(v) : std::nullopt; };
  o.env = {{"TERM", value(term)}, {"NO_COLOR", value(no_color)}};
  return o;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CliColor, OnATerminalVerdictsAreInColourUnderTheLiveLine) {
  BinaryRun r = RunBinary({"run", kHello, kSkipped}, Options(true, "xterm", nullptr));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, kGreenPass)) << r.out;
  EXPECT_TRUE(Has(r.out, kYellowSkip)) << r.out;
  EXPECT_TRUE(Has(r.out, "\033[32m1 passed\033[0m, 0 failed, \033[33m1 skipped\033[0m, 0 errors"))
      << r.out;
  EXPECT_TRUE(Has(r.out, kLineRewrite)) << r.out;
}

TEST(CliColor, NoColorTurnsColourOffButKeepsTheLiveLine) {
  BinaryRun r = RunBinary({"run", kSkipped}, Options(true, "xterm", "1"));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "SKIP  idempotent-producer")) << r.out;
  EXPECT_FALSE(Has(r.out, kReset)) << r.out;
  EXPECT_TRUE(Has(r.out, kLineRewrite)) << r.out;
}

TEST(CliColor, ColorNeverTurnsColourOffOnATerminal) {
  BinaryRun r = RunBinary({"run", kSkipped, "--color=never"}, Options(true, "xterm", nullptr));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "SKIP  idempotent-producer")) << r.out;
  EXPECT_FALSE(Has(r.out, kReset)) << r.out;
}

TEST(CliColor, ADumbTerminalGetsNoEscapeSequenceAtAll) {
  BinaryRun r = RunBinary({"run", kHello}, Options(true, "dumb", nullptr));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "PASS  hello")) << r.out;
  EXPECT_FALSE(Has(r.out, "\033")) << r.out;
  // The terminal turns each "\n" into "\r\n"; any other "\r" would be the live line's.
  for (size_t i = r.out.find('\r'); i != std::string::npos; i = r.out.find('\r', i + 1)) {
    ASSERT_EQ(r.out.substr(i, 2), "\r\n") << r.out;
  }
}

TEST(CliColor, APipeIsPlainUnlessColourIsForcedWhichWinsOverNoColor) {
  const fs::path dir = fs::temp_directory_path() / ("ks-color-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string history = (dir / "hello.jsonl").string();
  BinaryRun plain =
      RunBinary({"run", kHello, "--history", history}, Options(false, "xterm", nullptr));
  ASSERT_EQ(plain.status, 0) << plain.out << plain.err;
  EXPECT_TRUE(Has(plain.out, "PASS  hello")) << plain.out;
  EXPECT_FALSE(Has(plain.out, "\033")) << plain.out;
  EXPECT_FALSE(Has(plain.out, "\r")) << plain.out;

  // `check` prints verdicts too; the reports it writes stay plain.
  const fs::path json = dir / "check.json", junit = dir / "check.xml";
  BinaryRun check = RunBinary({"check", history, "--scenario", kHello, "--color=always", "--json",
                               json.string(), "--junit", junit.string()},
                              Options(false, "xterm", "1"));
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  EXPECT_TRUE(Has(check.out, "\033[32mPASS\033[0m  hello")) << check.out;
  EXPECT_TRUE(Has(check.out, "\033[32m1 passed\033[0m")) << check.out;
  EXPECT_FALSE(Has(check.out, kLineRewrite)) << check.out;
  EXPECT_TRUE(Has(ReadFile(json), "\"hello\"")) << ReadFile(json);
  EXPECT_FALSE(Has(ReadFile(json), "\033"));
  EXPECT_TRUE(Has(ReadFile(junit), "<testsuites")) << ReadFile(junit);
  EXPECT_FALSE(Has(ReadFile(junit), "\033"));
  fs::remove_all(dir);

  // The option before the command, as `--verbose` is given, or after it.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--color=always", "run", kSkipped},
        std::vector<std::string>{"run", kSkipped, "--color", "always"}}) {
    BinaryRun forced = RunBinary(args, Options(false, "dumb", "1"));
    EXPECT_EQ(forced.status, 0) << forced.out << forced.err;
    EXPECT_TRUE(Has(forced.out, kYellowSkip)) << args[0] << ": " << forced.out;
    EXPECT_FALSE(Has(forced.out, kLineRewrite)) << forced.out;
  }
}

TEST(CliColor, AnUnknownColourModeIsAUsageError) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--color=sometimes", "run", kSkipped},
        std::vector<std::string>{"run", kSkipped, "--color=sometimes"}}) {
    BinaryRun r = RunBinary(args, Options(false, "xterm", nullptr));
    EXPECT_EQ(r.status, 2) << r.out << r.err;
    EXPECT_TRUE(Has(r.err, "--color")) << r.err;
    EXPECT_TRUE(Has(r.err, "sometimes")) << r.err;
    EXPECT_FALSE(Has(r.out, "SKIP")) << r.out;
  }
}

}  // namespace
}  // namespace ks
