// A one-line progress bar for long runs: days done of total, percentage,
// elapsed time and estimated time left, redrawn in place at most ten times a
// second. Meant for a terminal; the command line only creates one when
// stderr is a terminal and --quiet is not given.
#pragma once
#include <chrono>
#include <cstdio>
#include <string>

namespace pasante {

class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* out);
  // Counts `unit` ("runs") instead of days; with `show_rate`, also the rate per
  // second. `already_done` units were done before this bar started (a resumed
  // sweep): rate and ETA count only what is done from now on.
  ProgressBar(std::FILE* out, std::string unit, bool show_rate, int already_done = 0);
  ~ProgressBar();  // ends the line if the bar was drawn and not finished
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Records progress; redraws when 100 ms have passed or the run is done.
  void update(int done, int total);
  // Draws the final state and moves to the next line.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  void draw(int done, int total);

  std::FILE* out_;
  std::string unit_ = "days";
  bool show_rate_ = false;
  int already_done_ = 0;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_draw_{};
  int done_ = 0, total_ = 0;
  int drawn_done_ = -1;  // days done when last drawn
  bool drawn_ = false, finished_ = false;
};

}  // namespace pasante
