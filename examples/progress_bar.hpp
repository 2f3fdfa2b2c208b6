// A progress bar with ETA on stderr while an epoch runs. On a terminal it redraws one line in
// place (at most ten times a second); otherwise it prints a plain line at 25%, 50% and 75%, so
// logs stay readable. Torch-free, header-only.
#pragma once

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace lrsched_example {

/// "1:05" or "12s" for a duration in seconds.
inline std::string format_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<long long>(std::llround(seconds));
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
  }
  return buf;
}

class ProgressBar {
 public:
  using Clock = std::chrono::steady_clock;

  /// `enabled` false draws nothing; `tty` chooses the in-place bar over plain lines.
  ProgressBar(std::string label, std::int64_t total, bool enabled, bool tty)
      : label_(std::move(label)), total_(std::max<std::int64_t>(total, 1)), enabled_(enabled),
        tty_(tty), start_(Clock::now()), last_draw_(start_) {}

  /// `done` of `total` units finished; `loss` is shown beside the bar.
  void update(std::int64_t done, double loss) {
    if (!enabled_) return;
    const auto now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double fraction = static_cast<double>(done) / static_cast<double>(total_);
    const double eta = done > 0 ? elapsed / fraction - elapsed : NAN;
    if (tty_) {
      if (done < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
      last_draw_ = now;
      char tail[96];
      std::snprintf(tail, sizeof tail, " %3d%% %lld/%lld loss %.4f ETA %s",
                    static_cast<int>(fraction * 100), static_cast<long long>(done),
                    static_cast<long long>(total_), loss, format_seconds(eta).c_str());
      const int columns = terminal_columns();
      const int width = std::clamp(columns - static_cast<int>(label_.size()) -
                                       static_cast<int>(std::string(tail).size()) - 4,
                                   10, 50);
      const auto filled = static_cast<int>(fraction * width);
      std::string bar(static_cast<std::size_t>(width), ' ');
      for (int i = 0; i < filled && i < width; ++i) bar[static_cast<std::size_t>(i)] = '=';
      if (filled < width) bar[static_cast<std::size_t>(filled)] = '>';
      std::fprintf(stderr, "\r\033[K%s [%s]%s", label_.c_str(), bar.c_str(), tail);
      std::fflush(stderr);
    } else {
      const auto quarter = static_cast<int>(fraction * 4);
      if (quarter > quarters_printed_ && quarter < 4) {
        quarters_printed_ = quarter;
        std::fprintf(stderr, "%s: %d%% (%lld/%lld), loss %.4f, ETA %s\n", label_.c_str(),
                     quarter * 25, static_cast<long long>(done), static_cast<long long>(total_),
                     loss, format_seconds(eta).c_str());
      }
    }
  }

  /// Clears the bar (on a terminal) before the caller prints the epoch's line.
  void finish() {
    if (enabled_ && tty_) {
      std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    }
  }

 private:
  static int terminal_columns() {
    winsize ws{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 80;
  }

  std::string label_;
  std::int64_t total_;
  bool enabled_;
  bool tty_;
  int quarters_printed_ = 0;
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

}  // namespace lrsched_example
