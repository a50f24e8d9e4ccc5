// Building the residents (sim/agents/population_builder.hpp).
#include "agents/population_builder.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../processes/baseline_jurisdiction.hpp"
#include "core/input_error.hpp"

namespace pasante {
namespace {

// A catchment's residents are numbered in its need calendar's entries, so a
// clinic serving more than they can number is refused with a clear error,
// before anything is allocated for its residents.
TEST(BuildPopulation, RefusesACatchmentTooLargeForTheNeedCalendar) {
  World world = test::baseline_world();
  world.clinics[0].catchment_population = static_cast<std::uint32_t>(NeedEntry::max_entities);
  SimulationState s(test::baseline().parameters, world, 1);
  s.clinics.resize(world.clinics.size());
  try {
    build_population(s);
    FAIL() << "a catchment of " << NeedEntry::max_entities << " residents was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("clinic 0 serves 67108864 residents"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace pasante
