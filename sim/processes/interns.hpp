// Interns' daily life (MODEL.md §5.6): stress, security, competence,
// harassment (§5.5), trips along dangerous roads, study time, dropout,
// relocation, and the end of service with the decision to stay in medicine.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::interns {

// Paperwork (MODEL.md §5.6): on each of its clinic's working days a serving
// intern sets off for the jurisdiction with probability
// interns.paperwork_trips_per_month / working days a month, on the clinic's
// route to its hospital. Away for the day, they see no patients; with no open
// route the trip is called off. Runs before care; the trip's road and its
// stress are lived in run().
void set_off_for_paperwork(SimulationState& s, SimDay day);
inline constexpr std::uint64_t kPaperworkSubstream = 1;  // the day's other draws are substream 0

void run(SimulationState& s, SimDay day);

// Ends an intern's service (completed, dropped out, relocated): the clinic's place falls vacant.
void leave_clinic(SimulationState& s, std::int32_t intern, InternStatus status, SimDay day);

// Chance of leaving medicine after service (MODEL.md §5.6).
double leave_profession_probability(const InternParameters& p, const Intern& intern);

}  // namespace pasante::interns
