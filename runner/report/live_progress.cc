#include "report/live_progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>

namespace ks {
namespace {

// The terminal's columns (TIOCGWINSZ), or 80.
size_t TerminalWidth() {
  winsize w{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
  return 80;
}

}  // namespace

LiveProgressLine::LiveProgressLine(std::ostream& out, bool terminal, Snapshot snapshot)
    : out_(out), terminal_(terminal), snapshot_(std::move(snapshot)) {
  if (!terminal_) return;
  thread_ = std::thread([this] {
    while (!stopping_.load()) {
      std::vector<ProgressEntry> running = snapshot_();
      {
        std::lock_guard lock(print_mu_);
        out_ << "\r\033[K" << FormatProgressLine(running, TerminalWidth()) << std::flush;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  });
}

LiveProgressLine::~LiveProgressLine() { Stop(); }

void LiveProgressLine::Print(const std::string& text) {
  std::lock_guard lock(print_mu_);
  if (terminal_) out_ << "\r\033[K";
  out_ << text << std::flush;
}

void LiveProgressLine::Stop() {
  if (stopped_) return;
  stopped_ = true;
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
  if (terminal_) out_ << "\r\033[K" << std::flush;
}

}  // namespace ks
