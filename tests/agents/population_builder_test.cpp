// Building the residents (sim/agents/population_builder.hpp).
#include "agents/population_builder.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

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

// One clinic serving every locality of the baseline: a catchment of over a
// hundred thousand residents, drawn in parallel chunks. One thread and two
// must give the same residents, patients and calendar, and the calendar's
// entries for a day come in resident order, as a single pass would put them.
TEST(BuildPopulation, ALargeCatchmentIsTheSameOnOneThreadAndTwo) {
  World world = test::baseline_world();
  for (Clinic& clinic : world.clinics) {
    clinic.catchment.clear();
    clinic.catchment_population = 0;
  }
  Clinic& only = world.clinics[0];
  only.catchment.push_back(only.locality);
  for (LocalityId l = 0; l < world.localities.size(); ++l) {
    if (l != only.locality) only.catchment.push_back(l);
    only.catchment_population += world.localities[l].population;
  }
  ASSERT_GT(only.catchment_population, 100000u);
  auto built = [&](int threads) {
    auto s = std::make_unique<SimulationState>(test::baseline().parameters, world, threads);
    s->clinics.resize(world.clinics.size());
    build_population(*s);
    return s;
  };
  const auto one = built(1), two = built(2);
  ASSERT_EQ(one->residents.size(), two->residents.size());
  for (ResidentId r = 0; r < one->residents.size(); ++r) {
    ASSERT_EQ(one->residents.records[r].traits, two->residents.records[r].traits) << "resident " << r;
    ASSERT_EQ(one->residents.records[r].trust, two->residents.records[r].trust) << "resident " << r;
  }
  ASSERT_EQ(one->chronic.size(), two->chronic.size());
  ASSERT_GT(one->chronic.size(), 0u);
  for (std::uint32_t k = 0; k < one->chronic.size(); ++k) {
    ASSERT_EQ(one->chronic.resident(k), two->chronic.resident(k)) << "patient " << k;
    ASSERT_EQ(one->chronic.records[k].last_treated, two->chronic.records[k].last_treated) << "patient " << k;
    if (k > 0) {
      ASSERT_LT(one->chronic.resident(k - 1), one->chronic.resident(k)) << "patients are numbered in resident order";
    }
  }
  std::vector<NeedEntry> due_one, due_two;
  for (SimDay day = 0; day < 40; ++day) {
    one->clinics[0].calendar.take(day, due_one);
    two->clinics[0].calendar.take(day, due_two);
    ASSERT_EQ(due_one.size(), due_two.size()) << "day " << day;
    for (std::size_t i = 0; i < due_one.size(); ++i) {
      ASSERT_EQ(due_one[i].bits, due_two[i].bits) << "day " << day << ", entry " << i;
      if (i > 0 && due_one[i].is_chronic() == due_one[i - 1].is_chronic()) {
        ASSERT_LT(due_one[i - 1].index(), due_one[i].index()) << "day " << day << ": scheduled in resident order";
      }
    }
  }
}

}  // namespace
}  // namespace pasante
