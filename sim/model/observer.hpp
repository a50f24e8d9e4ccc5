// Observation (MODEL.md §3, phase 9): merges the day's counts from every
// catchment in clinic order into per-municipality period totals, and writes a
// timeseries row set at the end of each output period.
#pragma once
#include <vector>

#include "model/simulation_state.hpp"
#include "outputs/run_results.hpp"

namespace pasante {

class Observer {
 public:
  explicit Observer(const SimulationState& s);
  void observe(SimulationState& s, SimDay day);

  const CareCounters& totals() const { return totals_; }
  const std::vector<CareCounters>& clinic_totals() const { return clinic_totals_; }
  const TimeSeries& timeseries() const { return series_; }

 private:
  void emit(const SimulationState& s, SimDay day);

  std::vector<CareCounters> period_;          // per municipality, this period
  std::vector<std::int64_t> period_events_;   // violence events per municipality, this period
  std::vector<std::int64_t> last_true_, last_reported_;  // per clinic, at the last emission
  std::size_t events_seen_ = 0;
  CareCounters totals_;
  std::vector<CareCounters> clinic_totals_;  // whole run, per clinic
  TimeSeries series_;
};

}  // namespace pasante
