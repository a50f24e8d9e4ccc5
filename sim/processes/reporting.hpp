// Weekly reporting and data integrity (MODEL.md §5.7): interns report the
// week's consultations against a quota and inflate a short week with a
// probability that grows with pressure and shrinks with supervision;
// supervisors may inflate again on the way up; an independent authority
// audits clinics monthly and corrects what it finds.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::reporting {

void run(SimulationState& s, SimDay day);

// Chance that a week `shortfall` (0-1) below quota is inflated.
double inflation_probability(double propensity, double shortfall, int recent_supervision, double damping);

}  // namespace pasante::reporting
