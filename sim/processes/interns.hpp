// Interns' daily life (MODEL.md §5.6): stress, security, competence,
// harassment (§5.5), trips along dangerous roads, study time, dropout,
// relocation, and the end of service with the decision to stay in medicine.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::interns {

void run(SimulationState& s, SimDay day);

// Ends an intern's service (completed, dropped out, relocated): the clinic's place falls vacant.
void leave_clinic(SimulationState& s, std::int32_t intern, InternStatus status, SimDay day);

// Chance of leaving medicine after service (MODEL.md §5.6).
double leave_profession_probability(const InternParameters& p, const Intern& intern);

}  // namespace pasante::interns
