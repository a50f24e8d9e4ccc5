// The day as an explicit, printable list of phases (MODEL.md §3). Each phase
// is a named function of a process module; the schedule runs them in order,
// and can time each one (`pasante run --profile`).
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/calendar.hpp"

namespace pasante {

class DailySchedule {
 public:
  struct Phase {
    std::string name;         // "violence"
    std::string description;  // one line for the printed plan
    std::function<void(SimDay)> run;
    double seconds = 0;       // accumulated wall time
  };

  void add(std::string name, std::string description, std::function<void(SimDay)> run) {
    phases_.push_back(Phase{std::move(name), std::move(description), std::move(run), 0.0});
  }

  void run_day(SimDay day) {
    for (auto& phase : phases_) {
      const auto t0 = std::chrono::steady_clock::now();
      phase.run(day);
      phase.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
  }

  const std::vector<Phase>& phases() const { return phases_; }

  std::string plan() const {
    std::string out;
    for (std::size_t i = 0; i < phases_.size(); ++i)
      out += std::to_string(i + 1) + ". " + phases_[i].name + ": " + phases_[i].description + "\n";
    return out;
  }

 private:
  std::vector<Phase> phases_;
};

}  // namespace pasante
