// Care needs and care seeking (MODEL.md §5.2): the needs that fall due today
// in each catchment's calendar become visits at the clinic, or hidden unmet
// need with its reason.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::demand {

void run(SimulationState& s, SimDay day);

// Probability that a resident with a need goes to the clinic.
double seek_probability(double trust, double minutes, bool extreme_poor, double severity_factor,
                        const DemandParameters& p);

}  // namespace pasante::demand
