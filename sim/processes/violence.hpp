// Violence (MODEL.md §5.5): a self-exciting (Hawkes) process per
// municipality, spilling over to neighbours along the roads, with six event
// types and their immediate effects. Harassment of interns is in interns.cpp.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::violence {

void initialise(SimulationState& s);
void run(SimulationState& s, SimDay day);

// How far the spatial kernel reaches: seats farther apart than this many
// minutes of travel share no excitation. Beyond it exp(-minutes/scale) is
// below 1e-6, i.e. scale x ln(1e6) = 13.8 scales (829 minutes at 60).
float spatial_cutoff_minutes(double spatial_scale_minutes);

// An intern living through a violent event: security falls, stress rises.
void expose_intern(SimulationState& s, std::int32_t intern, double security_loss, double severity);

}  // namespace pasante::violence
