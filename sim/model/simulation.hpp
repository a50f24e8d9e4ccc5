// Running a scenario: builds the world and the agents, runs the daily
// schedule, and returns the results. The model's description (scenario,
// parameters, the schedule of phases) is kept apart from this execution.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "outputs/run_results.hpp"
#include "scenario/scenario.hpp"

namespace pasante {

struct SimulationOptions {
  int threads = 1;  // worker threads for the phases (results do not depend on it)
  // Called after each simulated day with (days done, days total); may be empty.
  std::function<void(int, int)> on_day_done;
};

struct PhaseTiming {
  std::string phase;
  double seconds = 0;
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, SimulationOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  void run();                      // runs every day of the scenario
  RunResults results() const;      // after run()
  std::vector<PhaseTiming> phase_timings() const;  // seconds spent per phase (for --profile)
  std::vector<PhaseTiming> setup_timings() const;  // seconds spent per setup step, world first (for --profile)
  std::string schedule_plan() const;              // the daily phases, one per line
  std::uint64_t resident_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Builds the scenario's world and drops it: checks what only building it
// finds (a municipality missing from a data file, an unreadable file...),
// with the InputError placed where the scenario set the key, as a
// Simulation would report it. For checking before any output is written.
void check_world(const Scenario& scenario);

}  // namespace pasante
