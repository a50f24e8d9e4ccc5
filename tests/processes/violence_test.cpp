// The spatial kernel of the violence process: each municipality's row holds
// the other seats within the cutoff, in increasing order, with weights
// exp(-minutes/scale) that sum to one (an empty row keeps all excitation at
// home); seats beyond the cutoff get nothing; and the rows do not depend on
// how many threads computed them. Checked on the Doctor Arroyo and Nuevo
// León scenarios and on a three-municipality world built by hand. And the
// process it drives: alpha is the branching ratio, types follow their shares.
#include "processes/violence.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/text_source.hpp"
#include "processes/clinic_routes.hpp"
#include "processes/travel_times.hpp"
#include "scenario/scenario.hpp"
#include "world/world.hpp"
#include "baseline_jurisdiction.hpp"

namespace pasante {
namespace {

std::string nuevo_leon() { return std::string(PASANTE_SOURCE_DIR) + "/scenarios/nuevo_leon.yaml"; }

const Scenario& nuevo_leon_scenario() {
  static const Scenario s = load_scenario(nuevo_leon());
  return s;
}

const World& nuevo_leon_world() {
  static const World w = build_world_for(nuevo_leon_scenario().parameters);
  return w;
}

std::unique_ptr<SimulationState> initialised(ModelParameters p, World w, int threads) {
  auto s = std::make_unique<SimulationState>(std::move(p), std::move(w), threads);
  s->locality_curfew_until.assign(s->world.localities.size(), -1);
  violence::initialise(*s);
  return s;
}

// The kernel's rows are well formed: columns increasing, never the row
// itself, positive weights summing to one (or no weights at all).
void expect_well_formed_rows(const SimulationState& s) {
  const std::size_t n = s.world.municipalities.size();
  ASSERT_EQ(s.spatial_row_begin.size(), n + 1);
  EXPECT_EQ(s.spatial_row_begin.front(), 0u);
  EXPECT_EQ(s.spatial_row_begin.back(), s.spatial_neighbour.size());
  EXPECT_EQ(s.spatial_neighbour.size(), s.spatial_weight.size());
  for (std::size_t m = 0; m < n; ++m) {
    const std::size_t begin = s.spatial_row_begin[m], end = s.spatial_row_begin[m + 1];
    ASSERT_LE(begin, end);
    double total = 0;
    for (std::size_t k = begin; k < end; ++k) {
      EXPECT_LT(s.spatial_neighbour[k], n);
      EXPECT_NE(s.spatial_neighbour[k], m) << "municipality " << m << " spills to itself";
      if (k > begin) {
        EXPECT_LT(s.spatial_neighbour[k - 1], s.spatial_neighbour[k]) << "row " << m << " not sorted";
      }
      EXPECT_GT(s.spatial_weight[k], 0.0);
      total += s.spatial_weight[k];
    }
    if (end > begin) {
      EXPECT_NEAR(total, 1.0, 1e-12) << "row " << m;
    }
  }
}

// At the default scale every seat of the Doctor Arroyo and Nuevo León
// scenarios lies within the cutoff of every other one it can reach, so each
// row is the whole kernel, exp(-t/scale) normalised, exactly as without a
// cutoff.
void expect_the_whole_kernel(const std::string& scenario_file) {
  const Scenario scenario = load_scenario(scenario_file);
  const auto state = initialised(scenario.parameters, build_world_for(scenario.parameters), 2);
  const SimulationState& s = *state;
  expect_well_formed_rows(s);
  const double scale = s.params.violence.spatial_scale_minutes;
  const std::size_t n = s.world.municipalities.size();
  const auto seat = [&](std::size_t m) { return s.world.localities[s.world.municipalities[m].seat].vertex; };
  for (std::size_t m = 0; m < n; ++m) {
    const std::vector<float> minutes = s.world.roads.minutes_from(seat(m), 0);
    std::vector<double> expected(n, 0.0);
    double total = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == m || !std::isfinite(minutes[seat(j)])) continue;
      EXPECT_LE(minutes[seat(j)], violence::spatial_cutoff_minutes(scale)) << m << " to " << j;
      expected[j] = std::exp(-static_cast<double>(minutes[seat(j)]) / scale);
      total += expected[j];
    }
    std::vector<double> got(n, 0.0);
    for (std::size_t k = s.spatial_row_begin[m]; k < s.spatial_row_begin[m + 1]; ++k)
      got[s.spatial_neighbour[k]] = s.spatial_weight[k];
    for (std::size_t j = 0; j < n; ++j)
      EXPECT_EQ(got[j], total > 0 ? expected[j] / total : 0.0) << "weight from " << m << " to " << j;
  }
}

TEST(ViolenceKernel, DoctorArroyoRowsAreTheWholeKernel) { expect_the_whole_kernel(std::string(kDefaultScenario)); }

TEST(ViolenceKernel, NuevoLeonRowsAreTheWholeKernel) { expect_the_whole_kernel(nuevo_leon()); }

TEST(ViolenceKernel, RowsDoNotDependOnTheNumberOfThreads) {
  const auto one_state = initialised(nuevo_leon_scenario().parameters, nuevo_leon_world(), 1);
  const SimulationState& one = *one_state;
  const auto two_state = initialised(nuevo_leon_scenario().parameters, nuevo_leon_world(), 2);
  const SimulationState& two = *two_state;
  EXPECT_EQ(one.spatial_row_begin, two.spatial_row_begin);
  EXPECT_EQ(one.spatial_neighbour, two.spatial_neighbour);
  EXPECT_EQ(one.spatial_weight, two.spatial_weight);  // bit for bit
}

// Three municipalities of one locality each, the seats on a line: 0 and 1 are
// 10 minutes apart, 2 lies `far` minutes beyond 1. Only municipality 0 has
// recorded crime.
World three_municipalities(float far) {
  World w;
  w.roads = RoadNetwork(3);
  for (std::uint32_t m = 0; m < 3; ++m) {
    Municipality muni;
    muni.code = "00" + std::to_string(m + 1);
    muni.population = 1000;
    muni.seat = m;
    muni.violent_crimes_per_year = m == 0 ? 3650 : 0;
    w.municipalities.push_back(muni);
    Locality l;
    l.municipality = m;
    l.population = 1000;
    l.vertex = m;
    l.is_seat = true;
    w.localities.push_back(l);
  }
  w.roads.add_road({.from = 0, .to = 1, .minutes = 10, .km = 10, .paved = true, .municipality = 0});
  w.roads.add_road({.from = 1, .to = 2, .minutes = far, .km = far, .paved = true, .municipality = 1});
  return w;
}

TEST(ViolenceKernel, ASeatBeyondTheCutoffGetsNoWeight) {
  ModelParameters p = nuevo_leon_scenario().parameters;
  p.violence.spatial_scale_minutes = 60;
  const float cutoff = violence::spatial_cutoff_minutes(60);
  EXPECT_NEAR(cutoff, 60 * std::log(1e6), 1e-3);
  EXPECT_NEAR(std::exp(-cutoff / 60.0) / 1e-6, 1.0, 1e-5);  // a seat at the cutoff (to float precision)
  const auto state = initialised(p, three_municipalities(cutoff + 100), 2);
  const SimulationState& s = *state;
  expect_well_formed_rows(s);
  // 0 and 1 see only each other; 2 sees no one and keeps its excitation.
  EXPECT_EQ(s.spatial_row_begin, (std::vector<std::size_t>{0, 1, 2, 2}));
  EXPECT_EQ(s.spatial_neighbour, (std::vector<MunicipalityId>{1, 0}));
  EXPECT_EQ(s.spatial_weight, (std::vector<double>{1.0, 1.0}));

  // Within the cutoff the far seat gets its (small) weight.
  const auto near_state = initialised(p, three_municipalities(cutoff - 100), 2);
  const SimulationState& near = *near_state;
  expect_well_formed_rows(near);
  EXPECT_EQ(near.spatial_neighbour, (std::vector<MunicipalityId>{1, 2, 0, 2, 0, 1}));
  const float t02 = static_cast<float>(10.0 + static_cast<double>(cutoff - 100));  // as the search sums it
  const double w02 = std::exp(-static_cast<double>(t02) / 60.0);
  EXPECT_DOUBLE_EQ(near.spatial_weight[1], w02 / (std::exp(-10.0 / 60.0) + w02));
}

TEST(ViolenceKernel, ExcitationSpillsOnlyWithinTheCutoff) {
  ModelParameters p = nuevo_leon_scenario().parameters;
  p.violence.spatial_scale_minutes = 60;
  p.violence.spatial_share = 0.5;
  const auto state = initialised(p, three_municipalities(violence::spatial_cutoff_minutes(60) + 100), 1);
  SimulationState& s = *state;
  ASSERT_GT(s.violence[0].base_rate, 0.0);
  // Run until municipality 0 has had events: 1 shares its excitation, 2 none.
  for (SimDay d = 0; d < 30 && s.violence[0].events == 0; ++d) violence::run(s, d);
  ASSERT_GT(s.violence[0].events, 0);
  EXPECT_GT(s.violence[1].excitation, 0.0);
  EXPECT_EQ(s.violence[2].excitation, 0.0);
  EXPECT_EQ(s.violence[2].events, 0);
}

// Guards the self-exciting process (ODD §9 item 1): alpha is a branching
// ratio, so over a long run each event brings alpha follow-on events on
// average and the event count is 1 / (1 − alpha) times the count without
// excitation, with or without spill between municipalities (spilling moves
// excitation, it does not add any). Also the types: each event's type is
// drawn from violence.type_share. Ten years of the baseline jurisdiction's
// violence alone, four seeds, tolerances of four standard errors.
TEST(ViolenceProcess, AlphaIsTheBranchingRatioAndTypesFollowTheirShares) {
  constexpr SimDay kDays = 3650;
  auto events = [&](double alpha, double spatial_share, std::vector<double>* by_type = nullptr) {
    double total = 0;
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
      auto state = test::populated_baseline();  // clinics, residents and stock: what events act on
      state->seed = seed;
      auto& v = state->params.violence;
      v.alpha = alpha;
      v.spatial_share = spatial_share;
      v.intensity_multiplier = 4;  // more events, a sharper estimate
      violence::initialise(*state);
      travel_times::initialise(*state);
      clinic_routes::initialise(*state);
      for (SimDay d = 0; d < kDays; ++d) violence::run(*state, d);
      for (const auto& m : state->violence) total += static_cast<double>(m.events);
      if (by_type)
        for (const ViolenceEvent& e : state->violence_events) (*by_type)[static_cast<int>(e.type)] += 1;
    }
    return total;
  };
  std::vector<double> by_type(kViolenceTypeCount, 0.0);
  const double none = events(0.0, 0.0, &by_type);
  ASSERT_GT(none, 1000);
  for (const double alpha : {0.3, 0.6})
    for (const double spill : {0.0, 0.5}) {
      const double excited = events(alpha, spill);
      const double ratio = excited / none;
      // Counts of a Hawkes process vary about 1 / (1 − alpha)² times as much as a Poisson count.
      const double rel_se = std::sqrt(1 / none + 1 / ((1 - alpha) * (1 - alpha) * excited));
      std::printf("[ effect ] alpha %.1f, spill %.1f: %.0f events against %.0f, ratio %.3f (theory %.3f, se %.3f)\n",
                  alpha, spill, excited, none, ratio, 1 / (1 - alpha), rel_se * ratio);
      EXPECT_NEAR(ratio, 1 / (1 - alpha), 4 * rel_se * ratio) << "alpha " << alpha << ", spill " << spill;
    }
  const auto& share = test::baseline().parameters.violence.type_share;
  for (int t = 0; t < kViolenceTypeCount; ++t)
    EXPECT_NEAR(by_type[t] / none, share[t], 4 * std::sqrt(share[t] * (1 - share[t]) / none))
        << kViolenceTypeNames[t];
}

}  // namespace
}  // namespace pasante
