// The end-of-run outputs: summary metrics (MODEL.md §7 and §8), the interns
// table and the violence events table.
#pragma once
#include "model/observer.hpp"
#include "model/simulation_state.hpp"
#include "outputs/run_results.hpp"

namespace pasante {

std::vector<SummaryMetric> summarise(const SimulationState& s, const CareCounters& totals);
Table interns_table(const SimulationState& s);
Table violence_events_table(const SimulationState& s);
RunMap run_map(const SimulationState& s, const std::vector<CareCounters>& clinic_totals);

}  // namespace pasante
