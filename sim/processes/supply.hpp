// Medicine supply (MODEL.md §5.4): the state warehouse ships to every clinic
// on its cycle under one of three allocation rules; shipments travel the
// roads and can be robbed; lots expire; the mismatch index compares the mix
// delivered with the mix needed.
#pragma once
#include "model/simulation_state.hpp"

namespace pasante::supply {

void initialise(SimulationState& s);  // opening stock at clinics and the hospital
void run(SimulationState& s, SimDay day);

// True expected need of a clinic's catchment over `days`, in courses per medicine.
MedicineUnits expected_need_courses(const SimulationState& s, ClinicId c, double days);
// Units per medicine a clinic is sent under the rule in force.
MedicineUnits allocation(const SimulationState& s, ClinicId c, double budget_mxn, double total_reported_value);
// 1 − cosine similarity of two mixes (0 when either is empty).
double mismatch_index(const MedicineUnits& delivered, const MedicineUnits& needed);
// The allocation rule in force (the independent authority imposes needs_based).
AllocationRule rule_in_force(const SimulationState& s);
// Clinic's ratio of reported to true consultations so far (1 when unknown).
double report_ratio(const ClinicState& cs);

}  // namespace pasante::supply
