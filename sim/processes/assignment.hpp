// Assignment of interns to clinic slots at each cohort start (MODEL.md §5.1).
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::assignment {

// Substreams of the assignment stream: the cohort's own draws (size) on
// substream 0 keyed by the cohort number; an intern's taste shocks and
// lottery number keyed by the intern.
inline constexpr std::uint64_t kCohortSubstream = 0, kTasteSubstream = 1, kLotterySubstream = 2;

// Offers the vacant slots, creates the cohort's interns and matches them.
void start_cohort(SimulationState& s, SimDay day);

// Utility of a slot at clinic `c` for an intern, before the taste shock.
double slot_utility(const SimulationState& s, ClinicId c);

// Clinics' need for a doctor, for the needs_first rule (higher is needier).
double clinic_need(const SimulationState& s, ClinicId c);

}  // namespace pasante::assignment
