// Supervision (MODEL.md §5.8): supervisors based at the jurisdiction hospital
// plan visits to each clinic with an intern; a visit needs an open road below
// a danger level, else it is cancelled. Telemedicine sessions reach clinics
// with an internet connection, at a weaker effect.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::supervision {

// Each clinic's internet connection, fixed for the run: present with the
// probability that a home in the clinic's locality has one (stream staffing,
// clinic, day 0, substream kConnectionSubstream).
void initialise(SimulationState& s);
inline constexpr std::uint64_t kConnectionSubstream = 1;  // the staff-physician draw is substream 0

void run(SimulationState& s, SimDay day);

// Supervision visits a clinic received in the 30 days before `day`.
int recent_visits(const ClinicState& cs, SimDay day);

}  // namespace pasante::supervision
