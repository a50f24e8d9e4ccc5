#include "cli/progress_bar.hpp"

#include <string>

namespace pasante {

namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

// "42s", "3m05s", "2h07m"
std::string duration_text(double seconds) {
  const long s = seconds < 0 ? 0 : static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s < 60)
    std::snprintf(buf, sizeof buf, "%lds", s);
  else if (s < 3600)
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  return buf;
}

}  // namespace

ProgressBar::ProgressBar(std::FILE* out) : out_(out) {}

ProgressBar::ProgressBar(std::FILE* out, std::string unit, bool show_rate, int already_done)
    : out_(out), unit_(std::move(unit)), show_rate_(show_rate), already_done_(already_done) {}

ProgressBar::~ProgressBar() {
  if (drawn_ && !finished_) std::fputc('\n', out_);
}

void ProgressBar::update(int done, int total) {
  done_ = done;
  total_ = total;
  const auto now = Clock::now();
  if (done < total && drawn_ && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  draw(done, total);
}

void ProgressBar::finish() {
  if (finished_) return;
  if (drawn_done_ != done_) draw(done_, total_);
  std::fputc('\n', out_);
  std::fflush(out_);
  finished_ = true;
}

void ProgressBar::draw(int done, int total) {
  const double fraction = total > 0 ? static_cast<double>(done) / total : 1.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  std::string bar(static_cast<std::size_t>(kBarWidth), ' ');
  for (int i = 0; i < filled && i < kBarWidth; ++i) bar[static_cast<std::size_t>(i)] = '=';
  if (filled < kBarWidth && done > 0) bar[static_cast<std::size_t>(filled)] = '>';

  const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
  const int done_now = done - already_done_;
  const std::string eta = done_now > 0 && done < total ? duration_text(elapsed * (total - done) / done_now)
                                                       : std::string(done >= total ? "0s" : "?");
  char rate[48] = "";
  if (show_rate_ && elapsed > 0)
    std::snprintf(rate, sizeof rate, "  %.2f %s/s", done_now / elapsed, unit_.c_str());
  // \r returns to the line start, \x1b[K clears what a longer line left behind.
  std::fprintf(out_, "\r[%s] %d/%d %s %5.1f%%%s  elapsed %s  ETA %s\x1b[K", bar.c_str(), done, total, unit_.c_str(),
               100.0 * fraction, rate, duration_text(elapsed).c_str(), eta.c_str());
  std::fflush(out_);
  drawn_ = true;
  drawn_done_ = done;
}

}  // namespace pasante
