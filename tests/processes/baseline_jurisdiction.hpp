// The embedded Doctor Arroyo baseline for process tests: its scenario and
// world, loaded and built once per test binary, and a state set up as a run
// starts (population, administrations, opening stock) for tests of one phase.
#pragma once
#include <memory>
#include <string>

#include "agents/population_builder.hpp"
#include "core/text_source.hpp"
#include "model/simulation_state.hpp"
#include "processes/administration.hpp"
#include "processes/supply.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"

namespace pasante::test {

inline const Scenario& baseline() {
  static const Scenario s = load_scenario(std::string(kDefaultScenario));
  return s;
}

inline const World& baseline_world() {
  static const World w = build_world_for(baseline().parameters);
  return w;
}

// As Simulation::Impl::initialise up to the opening stock, without the
// staff-physician draw: no clinic has a doctor until a test places one.
inline std::unique_ptr<SimulationState> populated_baseline() {
  auto s = std::make_unique<SimulationState>(baseline().parameters, baseline_world(), 1);
  s->clinics.resize(s->world.clinics.size());
  s->locality_curfew_until.assign(s->world.localities.size(), -1);
  build_population(*s);
  administration::initialise(*s);
  supply::initialise(*s);
  return s;
}

// The clinic with the most residents among those away from their hospital's
// vertex (so its referrals carry a journey and closing its roads cuts it off);
// kNone when every clinic stands at a hospital.
inline ClinicId largest_clinic_away_from_hospital(const SimulationState& s) {
  auto residents = [&](ClinicId c) { return s.residents.catchment_begin[c + 1] - s.residents.catchment_begin[c]; };
  ClinicId best = kNone;
  for (ClinicId c = 0; c < s.world.clinics.size(); ++c) {
    if (s.world.clinics[c].vertex == s.hospital_vertex_of(c)) continue;
    if (best == kNone || residents(c) > residents(best)) best = c;
  }
  return best;
}

}  // namespace pasante::test
