// Sweep files: grid expansion order, replicate seeds, the Latin hypercube's
// stratification, and errors that name file, line, column and key.
#include "analysis/sweep_design.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "../scenario/scenario_test_support.hpp"
#include "core/input_error.hpp"

namespace pasante::analysis {
namespace {

const std::string kBaseline = std::string(PASANTE_SOURCE_DIR) + "/scenarios/doctor_arroyo.yaml";

class SweepDesignTest : public testing_support::ScenarioFiles {
 protected:
  // A sweep file (with `base:` pointing at the repository's baseline unless given).
  std::string sweep(const std::string& body, const std::string& name = "sweep.yaml") const {
    return write(name, "sweep:\n  base: " + kBaseline + "\n" + body);
  }

  // The InputError load_sweep throws, as text.
  std::string error_of(const std::string& file, const std::vector<std::string>& overrides = {}) const {
    try {
      load_sweep(file, overrides);
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError for " << file;
    return "";
  }
};

TEST_F(SweepDesignTest, GridIsTheCartesianProductInFileOrderFirstKeySlowest) {
  const SweepDesign d = load_sweep(sweep("  replicates: 3\n"
                                         "  seed: 7\n"
                                         "  grid:\n"
                                         "    policy.supervision.visits_per_month: [1.5, 4]\n"
                                         "    policy.supply.allocation: [fixed_basket, reported_consumption, needs_based]\n"));
  EXPECT_EQ(d.design, "grid");
  EXPECT_EQ(d.name, "sweep");  // the file's stem when the sweep has no name
  EXPECT_EQ(d.varied_keys,
            (std::vector<std::string>{"policy.supervision.visits_per_month", "policy.supply.allocation"}));
  ASSERT_EQ(d.points.size(), 6u);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"1.5", "fixed_basket"}, {"1.5", "reported_consumption"}, {"1.5", "needs_based"},
      {"4", "fixed_basket"},   {"4", "reported_consumption"},   {"4", "needs_based"}};
  for (std::size_t i = 0; i < d.points.size(); ++i) {
    EXPECT_EQ(d.points[i].id, static_cast<int>(i));
    EXPECT_EQ(d.points[i].values[0].second, expected[i].first) << i;
    EXPECT_EQ(d.points[i].values[1].second, expected[i].second) << i;
  }
  EXPECT_EQ(d.points[1].label, "visits_per_month=1.5, allocation=reported_consumption");
  EXPECT_EQ(d.points[3].overrides(),
            (std::vector<std::string>{"policy.supervision.visits_per_month=4", "policy.supply.allocation=fixed_basket"}));
  EXPECT_EQ(d.total_runs(), 18);

  // Every point's replicate r runs with seed + r: common random numbers across points.
  for (const auto& p : d.points)
    for (int r = 0; r < d.replicates; ++r) {
      const Scenario s = d.scenario(p, r);
      EXPECT_EQ(s.parameters.scenario.seed, 7 + r);
    }
  const Scenario s = d.scenario(d.points[5], 0);
  EXPECT_DOUBLE_EQ(s.parameters.policy.supervision_visits_per_month, 4.0);
  // Distinct points resolve to distinct scenarios.
  std::set<std::string> digests;
  for (const auto& p : d.points) digests.insert(p.scenario_sha256);
  EXPECT_EQ(digests.size(), d.points.size());
}

TEST_F(SweepDesignTest, BaseIsRelativeToTheSweepFileAndCommandLineOverridesApplyToEveryRun) {
  write("scenarios/base.yaml", "extends: " + kBaseline + "\nscenario: {seed: 5}\n");
  const std::string file = write("scenarios/sweeps/s.yaml", "sweep:\n  name: rel\n  base: ../base.yaml\n  replicates: 2\n");
  const SweepDesign d = load_sweep(file, {"scenario.days=30"});
  EXPECT_EQ(d.base, path("scenarios/base.yaml"));
  ASSERT_EQ(d.points.size(), 1u);
  EXPECT_EQ(d.points[0].label, "base");
  EXPECT_EQ(d.seed, 5) << "without sweep.seed, the base scenario's seed";
  const Scenario s = d.scenario(d.points[0], 1);
  EXPECT_EQ(s.parameters.scenario.days, 30);
  EXPECT_EQ(s.parameters.scenario.seed, 6);
}

TEST_F(SweepDesignTest, LatinHypercubeHitsEveryStratumOncePerDimension) {
  for (const int n : {1, 7, 50}) {
    const auto u = latin_hypercube(42, n, 4);
    ASSERT_EQ(u.size(), static_cast<std::size_t>(n));
    for (int d = 0; d < 4; ++d) {
      std::vector<int> strata;
      for (const auto& point : u) {
        ASSERT_GE(point[static_cast<std::size_t>(d)], 0.0);
        ASSERT_LT(point[static_cast<std::size_t>(d)], 1.0);
        strata.push_back(static_cast<int>(std::floor(point[static_cast<std::size_t>(d)] * n)));
      }
      std::sort(strata.begin(), strata.end());
      std::vector<int> all(static_cast<std::size_t>(n));
      std::iota(all.begin(), all.end(), 0);
      EXPECT_EQ(strata, all) << "n=" << n << " dimension " << d;
    }
  }
  EXPECT_EQ(latin_hypercube(42, 10, 3), latin_hypercube(42, 10, 3)) << "seeded: the same seed, the same design";
  EXPECT_NE(latin_hypercube(42, 10, 3), latin_hypercube(43, 10, 3));
}

TEST_F(SweepDesignTest, LhsSweepSamplesRangesStratifiedAndRoundsWholeNumbers) {
  const int n = 12;
  const SweepDesign d = load_sweep(sweep("  design: lhs\n"
                                         "  samples: 12\n"
                                         "  seed: 3\n"
                                         "  ranges:\n"
                                         "    policy.supply.budget_multiplier: [0.5, 1.5]\n"
                                         "    policy.supply.interval_days: [15, 45]\n"));
  EXPECT_EQ(d.design, "lhs");
  ASSERT_EQ(d.points.size(), static_cast<std::size_t>(n));
  std::vector<int> strata;
  for (const auto& p : d.points) {
    const double budget = std::stod(p.values[0].second);
    ASSERT_GE(budget, 0.5);
    ASSERT_LT(budget, 1.5);
    strata.push_back(static_cast<int>(std::floor((budget - 0.5) / 1.0 * n)));
    const std::string days = p.values[1].second;
    EXPECT_EQ(days.find_first_not_of("0123456789"), std::string::npos) << "whole number: " << days;
    EXPECT_GE(std::stoi(days), 15);
    EXPECT_LE(std::stoi(days), 45);
    EXPECT_EQ(d.scenario(p, 0).parameters.policy.supply_interval_days, std::stoi(days));
  }
  std::sort(strata.begin(), strata.end());
  std::vector<int> all(n);
  std::iota(all.begin(), all.end(), 0);
  EXPECT_EQ(strata, all);
}

TEST_F(SweepDesignTest, ShippedSweepsLoad) {
  const SweepDesign grid = load_sweep(std::string(PASANTE_SOURCE_DIR) + "/scenarios/sweeps/supervision_by_supply.yaml");
  EXPECT_EQ(grid.points.size(), 4u);
  EXPECT_EQ(grid.replicates, 10);
  EXPECT_EQ(grid.seed, 7);
  const SweepDesign lhs = load_sweep(std::string(PASANTE_SOURCE_DIR) + "/scenarios/sweeps/budget_lhs.yaml");
  EXPECT_EQ(lhs.design, "lhs");
  EXPECT_EQ(static_cast<int>(lhs.points.size()), lhs.samples);
}

TEST_F(SweepDesignTest, LeadingZerosAreDecimal) {
  // yaml-cpp read "010" as octal 8.
  const SweepDesign d = load_sweep(sweep("  replicates: 010\n  seed: 011\n", "z.yaml"));
  EXPECT_EQ(d.replicates, 10);
  EXPECT_EQ(d.seed, 11);
}

TEST_F(SweepDesignTest, ErrorsNameFileLineColumnAndKey) {
  // Misspelt sweep key, with a suggestion.
  std::string f = sweep("  replicate: 3\n", "a.yaml");
  EXPECT_EQ(error_of(f), f + ":3:3: replicate: unknown sweep key (did you mean 'replicates'?)");
  // Misspelt parameter under grid, checked against the catalogue.
  f = sweep("  grid:\n    policy.supervision.visits_per_mont: [1, 2]\n", "b.yaml");
  EXPECT_EQ(error_of(f), f + ":4:5: grid.policy.supervision.visits_per_mont: unknown parameter (did you mean "
                             "'policy.supervision.visits_per_month'?)");
  // A value out of the declared range, located at the value.
  f = sweep("  grid:\n    policy.supervision.visits_per_month: [1, -2]\n", "c.yaml");
  EXPECT_EQ(error_of(f), f + ":4:46: policy.supervision.visits_per_month: value -2 is out of range [0, 30]");
  // A choice that does not exist.
  f = sweep("  grid:\n    policy.supply.allocation: [needs_base]\n", "d.yaml");
  EXPECT_NE(error_of(f).find(f + ":4:32: policy.supply.allocation: 'needs_base' is not one of:"), std::string::npos)
      << error_of(f);
  // A choice parameter in an LHS range.
  f = sweep("  design: lhs\n  samples: 4\n  ranges:\n    policy.supply.allocation: [1, 2]\n", "e.yaml");
  EXPECT_NE(error_of(f).find(f + ":6:5: policy.supply.allocation: is a choice parameter"), std::string::npos)
      << error_of(f);
  // A range bound of the wrong type.
  f = sweep("  design: lhs\n  samples: 4\n  ranges:\n    policy.supply.interval_days: [10, abc]\n", "f.yaml");
  EXPECT_EQ(error_of(f), f + ":6:39: policy.supply.interval_days: expected a number, got 'abc'");
  f = sweep("  design: lhs\n  samples: 4\n  ranges:\n    policy.supply.budget_multiplier: [2, 1]\n", "g.yaml");
  EXPECT_EQ(error_of(f), f + ":6:38: policy.supply.budget_multiplier: low must be below high");
  // Missing base file, located at the base value.
  f = write("h.yaml", "sweep:\n  base: nothere.yaml\n");
  EXPECT_NE(error_of(f).find(f + ":2:9: base: cannot read scenario file 'nothere.yaml'"), std::string::npos)
      << error_of(f);
  // The seed is the sweep's, not a grid key or a --set.
  f = sweep("  grid:\n    scenario.seed: [1, 2]\n", "i.yaml");
  EXPECT_NE(error_of(f).find(f + ":4:5: grid.scenario.seed: cannot be varied"), std::string::npos) << error_of(f);
  f = sweep("  grid:\n    policy.supply.allocation: [fixed_basket, needs_based]\n", "j.yaml");
  EXPECT_NE(error_of(f, {"scenario.seed=3"}).find("--set: scenario.seed:"), std::string::npos);
  EXPECT_NE(error_of(f, {"policy.supply.allocation=needs_based"}).find("is varied by the sweep"), std::string::npos);
  // Top level and malformed YAML.
  f = write("k.yaml", "sweeep:\n  base: x.yaml\n");
  EXPECT_EQ(error_of(f), f + ":1:1: sweeep: unknown key (did you mean 'sweep'?)");
  f = write("l.yaml", "sweep:\n  base: [1\n");
  EXPECT_NE(error_of(f).find(f + ":"), std::string::npos);
  EXPECT_NE(error_of(f).find("malformed YAML"), std::string::npos);
  // A value listed twice.
  f = sweep("  grid:\n    policy.supply.allocation: [needs_based, needs_based]\n", "m.yaml");
  EXPECT_NE(error_of(f).find("listed twice"), std::string::npos);
  // Grid keys in an LHS sweep.
  f = sweep("  design: lhs\n  samples: 3\n  grid:\n    policy.supply.allocation: [needs_based]\n", "n.yaml");
  EXPECT_NE(error_of(f).find(f + ":5:3: grid:"), std::string::npos) << error_of(f);
  f = sweep("  name: " + std::string(600, '[') + std::string(600, ']') + "\n", "p.yaml");
  EXPECT_NE(error_of(f).find("nested too deeply"), std::string::npos) << error_of(f);
  f = sweep("  name: \"\"\n", "q.yaml");
  const std::string folder = "expected a name usable as a folder name (no '/', '\\' or control characters, not '.' or '..'), got ";
  EXPECT_EQ(error_of(f), f + ":3:9: name: " + folder + "''");
  // The name is the default output folder, runs/<name>: it cannot lead out of runs/.
  f = sweep("  name: ../../evil\n", "q2.yaml");
  EXPECT_EQ(error_of(f), f + ":3:9: name: " + folder + "'../../evil'");
  // Two sweep: blocks (the second used to replace the first, then miss its base).
  f = write("o.yaml", "sweep:\n  name: a\nsweep:\n  name: b\n");
  EXPECT_EQ(error_of(f), f + ":3:1: sweep: set twice in this file (first at line 1, column 1)");
}

TEST_F(SweepDesignTest, IdentityChangesWithTheBaseScenarioNotWithReplicates) {
  const std::string base = write("base.yaml", "extends: " + kBaseline + "\n");
  const std::string body = "sweep:\n  base: base.yaml\n  grid: {policy.supply.allocation: [fixed_basket, needs_based]}\n";
  const std::string file = write("s.yaml", body + "  replicates: 2\n");
  const std::string identity = load_sweep(file).identity_json();
  EXPECT_EQ(load_sweep(write("s.yaml", body + "  replicates: 5\n")).identity_json(), identity);
  write("base.yaml", "extends: " + kBaseline + "\npolicy: {supervision: {visits_per_month: 3}}\n");
  EXPECT_NE(load_sweep(file).identity_json(), identity);
}

}  // namespace
}  // namespace pasante::analysis
