// Care at the clinic (MODEL.md §5.3): each clinic serves today's queue in a
// seeded random order; each visit is treated or turned away with its reason,
// and severe or too-complex cases are referred to the hospital.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::care {

void run(SimulationState& s, SimDay day);

// Doctors present at a clinic today: its interns not away at the jurisdiction
// on paperwork, plus a permanent physician.
int doctors_present(const SimulationState& s, ClinicId c, SimDay day);
// Consultations the clinic can give today.
double daily_capacity(const SimulationState& s, ClinicId c, SimDay day);

// Trust after an experience (MODEL.md §5.2).
void trust_after_treatment(SimulationState& s, ResidentId r);
void trust_after_refusal(SimulationState& s, ResidentId r);

}  // namespace pasante::care
