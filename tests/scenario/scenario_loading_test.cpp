// Loading scenarios that are valid: defaults, nesting, extends, --set,
// interventions and the resolved form.
#include "scenario/scenario.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "core/text_source.hpp"
#include "scenario/parameter_catalog.hpp"
#include "scenario_test_support.hpp"

namespace pasante {
namespace {

using testing_support::ScenarioFiles;

using ScenarioLoading = ScenarioFiles;

nlohmann::json default_json() {
  ModelParameters p = default_parameters();
  return parameters_to_json(p);
}

nlohmann::json params_json(const Scenario& s) {
  ModelParameters p = s.parameters;
  return parameters_to_json(p);
}

TEST_F(ScenarioLoading, EmptyFileGivesDefaults) {
  for (const char* text : {"", "# nothing but a comment\n", "---\n"}) {
    const std::string file = write("empty.yaml", text);
    const Scenario s = load_scenario(file);
    EXPECT_EQ(s.source, file);
    EXPECT_EQ(s.files, std::vector<std::string>{file});
    EXPECT_TRUE(s.interventions.empty());
    EXPECT_EQ(params_json(s), default_json()) << "for '" << text << "'";
  }
}

TEST_F(ScenarioLoading, NestedAndDottedKeys) {
  const std::string file = write("s.yaml",
                                 "scenario: {days: 30, seed: 99, name: mixed}\n"
                                 "policy:\n"
                                 "  supervision:\n"
                                 "    visits_per_month: 2.5\n"
                                 "  supply.allocation: needs_based\n"
                                 "  stipends_mxn: {A: 3000, CC: 15000}\n"
                                 "policy.assignment.rule: lottery\n"
                                 "policy.assignment:\n"
                                 "  max_violence: 4\n"
                                 "violence.intensity_multiplier: 2\n"
                                 "world:\n"
                                 "  municipalities: [\"014\", \"017\"]\n"
                                 "scenario.start: 2022-08-01\n");
  const Scenario s = load_scenario(file);
  const ModelParameters& p = s.parameters;
  EXPECT_EQ(p.scenario.days, 30);
  EXPECT_EQ(p.scenario.seed, 99);
  EXPECT_EQ(p.scenario.name, "mixed");
  EXPECT_EQ(p.scenario.start, Date::from_ymd(2022, 8, 1));
  EXPECT_DOUBLE_EQ(p.policy.supervision_visits_per_month, 2.5);
  EXPECT_EQ(p.policy.allocation, AllocationRule::needs_based);
  EXPECT_EQ(p.policy.stipend_mxn, (std::array<double, kCategoryCount>{3000, 5000, 10000, 15000}));
  EXPECT_EQ(p.policy.assignment_rule, AssignmentRule::lottery);
  EXPECT_EQ(p.policy.max_violence, 4.0);
  EXPECT_DOUBLE_EQ(p.violence.intensity_multiplier, 2.0);
  EXPECT_EQ(p.world.municipalities, (std::vector<std::string>{"014", "017"}));
  // Everything else keeps its default.
  const ModelParameters d = default_parameters();
  EXPECT_EQ(p.policy.telemedicine, d.policy.telemedicine);
  EXPECT_EQ(p.policy.supply_interval_days, d.policy.supply_interval_days);
  EXPECT_EQ(p.demand.case_share, d.demand.case_share);
}

TEST_F(ScenarioLoading, AcceptsYamlSpellingsOfValues) {
  const std::string file = write("s.yaml",
                                 "policy:\n"
                                 "  supervision: {telemedicine: yes}\n"
                                 "  assignment: {max_violence: ~, private_first: False}\n"
                                 "  security: {relocate_below: 20}\n"
                                 "  supply: {interval_days: 1e1}\n"  // a whole number written as a float
                                 "scenario: {seed: 0x10}\n");
  const ModelParameters p = load_scenario(file).parameters;
  EXPECT_TRUE(p.policy.telemedicine);
  EXPECT_FALSE(p.policy.private_first);
  EXPECT_FALSE(p.policy.max_violence.has_value());
  EXPECT_EQ(p.policy.relocate_below, 20.0);
  EXPECT_EQ(p.policy.supply_interval_days, 10);
  EXPECT_EQ(p.scenario.seed, 16);
}

TEST_F(ScenarioLoading, LeadingZerosAreDecimal) {
  // YAML 1.2 reads 030 as 30; yaml-cpp (YAML 1.1) read it as octal 24, silently.
  const std::string file = write("s.yaml",
                                 "scenario: {days: 030, seed: +07}\n"
                                 "interventions:\n"
                                 "  - {day: 010, set: {policy.supply.budget_multiplier: 0.5}}\n");
  const Scenario s = load_scenario(file, {"policy.supply.interval_days=020"});
  EXPECT_EQ(s.parameters.scenario.days, 30);
  EXPECT_EQ(s.parameters.scenario.seed, 7);
  EXPECT_EQ(s.parameters.policy.supply_interval_days, 20);
  ASSERT_EQ(s.interventions.size(), 1u);
  EXPECT_EQ(s.interventions[0].day, 10);
}

TEST_F(ScenarioLoading, EmptyGroupsSetNothing) {
  const std::string file = write("s.yaml",
                                 "policy: {}\n"
                                 "violence:\n"
                                 "  # everything commented out\n"
                                 "scenario:\n"
                                 "  days: 12\n");
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.parameters.scenario.days, 12);
  nlohmann::json expected = default_json();
  expected["scenario"]["days"] = 12;
  EXPECT_EQ(params_json(s), expected);
}

TEST_F(ScenarioLoading, DefaultScenarioIsEmbedded) {
  const Scenario s = load_scenario(std::string(kDefaultScenario));
  EXPECT_EQ(s.files, std::vector<std::string>{std::string(kDefaultScenario)});
  EXPECT_EQ(s.parameters.scenario.name, "doctor-arroyo-baseline");
  EXPECT_EQ(s.parameters.scenario.start, Date::from_ymd(2022, 2, 1));
  // Data paths in the embedded scenario resolve to embedded files too.
  EXPECT_EQ(s.parameters.world.localities_file, "embedded:scenarios/data/nuevo_leon_localities_2020.csv");
  EXPECT_EQ(s.parameters.world.crime_file, "embedded:scenarios/data/nl_sesnsp_delitos_municipal_2015_2026.csv");
  EXPECT_EQ(s.parameters.world.poverty_file, "embedded:scenarios/data/municipal_poverty.csv");
  // The same file on disk loads to the same parameters apart from where its data live.
  const std::string disk = std::string(PASANTE_SOURCE_DIR) + "/scenarios/doctor_arroyo.yaml";
  const Scenario d = load_scenario(disk);
  EXPECT_EQ(d.parameters.world.localities_file,
            resolve_relative(disk, "data/nuevo_leon_localities_2020.csv"));
  nlohmann::json a = params_json(s), b = params_json(d);
  a.erase("world");
  b.erase("world");
  EXPECT_EQ(a, b);
}

TEST_F(ScenarioLoading, ExtendsChainMergesKeyByKeyAndResolvesPathsPerFile) {
  write("base/grand.yaml",
        "scenario:\n"
        "  name: grand\n"
        "  days: 100\n"
        "  seed: 5\n"
        "policy:\n"
        "  supervision:\n"
        "    visits_per_month: 0.5\n"
        "    telemedicine: true\n"
        "world:\n"
        "  localities_file: data/grand_localities.csv\n"
        "  poverty_file: /abs/poverty.csv\n");
  write("mid/parent.yaml",
        "extends: ../base/grand.yaml\n"
        "scenario:\n"
        "  days: 200\n"
        "policy.supervision.visits_per_month: 1\n"
        "world:\n"
        "  crime_file: crime.csv\n");
  const std::string child = write("child/deep/child.yaml",
                                  "extends: ../../mid/parent.yaml\n"
                                  "scenario.name: child\n"
                                  "policy:\n"
                                  "  supervision:\n"
                                  "    visits_per_month: 3\n");
  const Scenario s = load_scenario(child);
  const ModelParameters& p = s.parameters;
  EXPECT_EQ(p.scenario.name, "child");                   // child
  EXPECT_EQ(p.scenario.days, 200);                       // parent
  EXPECT_EQ(p.scenario.seed, 5);                         // grandparent
  EXPECT_DOUBLE_EQ(p.policy.supervision_visits_per_month, 3);  // child over parent over grandparent
  EXPECT_TRUE(p.policy.telemedicine);                    // grandparent's sibling key kept
  EXPECT_EQ(p.world.localities_file, path("base/data/grand_localities.csv"));
  EXPECT_EQ(p.world.crime_file, path("mid/crime.csv"));
  EXPECT_EQ(p.world.poverty_file, "/abs/poverty.csv");
  EXPECT_EQ(p.world.municipalities, default_parameters().world.municipalities);
  ASSERT_EQ(s.files.size(), 3u);
  EXPECT_EQ(s.files[0], child);
  EXPECT_EQ(s.files[1], path("mid/parent.yaml"));
  EXPECT_EQ(s.files[2], path("base/grand.yaml"));
}

TEST_F(ScenarioLoading, ExtendsTheEmbeddedDefault) {
  const std::string file = write("policy.yaml",
                                 "extends: embedded:scenarios/doctor_arroyo.yaml\n"
                                 "policy.supply.allocation: needs_based\n"
                                 "world.poverty_file: my_poverty.csv\n");
  const Scenario s = load_scenario(file);
  EXPECT_EQ(s.files, (std::vector<std::string>{file, "embedded:scenarios/doctor_arroyo.yaml"}));
  EXPECT_EQ(s.parameters.policy.allocation, AllocationRule::needs_based);
  EXPECT_EQ(s.parameters.scenario.name, "doctor-arroyo-baseline");
  EXPECT_EQ(s.parameters.world.localities_file, "embedded:scenarios/data/nuevo_leon_localities_2020.csv");
  EXPECT_EQ(s.parameters.world.poverty_file, path("my_poverty.csv"));
}

TEST_F(ScenarioLoading, InterventionsComeFromTheNearestFileThatSetsThem) {
  write("parent.yaml",
        "interventions:\n"
        "  - {day: 5, set: {policy.supply.budget_multiplier: 2}}\n");
  const std::string keeps = write("keeps.yaml", "extends: parent.yaml\nscenario.days: 50\n");
  const std::string replaces = write("replaces.yaml",
                                     "extends: parent.yaml\n"
                                     "interventions:\n"
                                     "  - {day: 7, set: {policy.supervision.telemedicine: true}}\n");
  const std::string clears = write("clears.yaml", "extends: parent.yaml\ninterventions: []\n");
  const Scenario k = load_scenario(keeps);
  ASSERT_EQ(k.interventions.size(), 1u);
  EXPECT_EQ(k.interventions[0].day, 5);
  EXPECT_EQ(k.interventions[0].where.file, path("parent.yaml"));
  const Scenario r = load_scenario(replaces);
  ASSERT_EQ(r.interventions.size(), 1u);
  EXPECT_EQ(r.interventions[0].day, 7);
  EXPECT_TRUE(r.interventions[0].changes.contains("policy.supervision.telemedicine"));
  EXPECT_TRUE(load_scenario(clears).interventions.empty());
}

TEST_F(ScenarioLoading, SetOverridesAreTypedAndLaterWins) {
  const std::string file = write("s.yaml",
                                 "scenario.days: 100\n"
                                 "policy:\n"
                                 "  supply: {allocation: fixed_basket}\n"
                                 "  assignment: {max_violence: 3}\n"
                                 "world.localities_file: data/l.csv\n");
  const Scenario s = load_scenario(file, {"policy.supply.allocation=needs_based", "scenario.days=30",
                                          "policy.supervision.telemedicine=true", "policy.assignment.max_violence=null",
                                          "world.municipalities=[\"014\"]", "scenario.days=40",
                                          "scenario.start=2023-08-01", "scenario.name=a=b",
                                          "world.crime_file=rel/crime.csv"});
  const ModelParameters& p = s.parameters;
  EXPECT_EQ(p.policy.allocation, AllocationRule::needs_based);
  EXPECT_EQ(p.scenario.days, 40);
  EXPECT_TRUE(p.policy.telemedicine);
  EXPECT_FALSE(p.policy.max_violence.has_value());
  EXPECT_EQ(p.world.municipalities, std::vector<std::string>{"014"});
  EXPECT_EQ(p.scenario.start, Date::from_ymd(2023, 8, 1));
  EXPECT_EQ(p.scenario.name, "a=b");  // only the first '=' separates key and value
  EXPECT_EQ(p.world.localities_file, path("data/l.csv"));
  EXPECT_EQ(p.world.crime_file, "rel/crime.csv");  // --set paths are relative to the working directory
  // Overrides do not change the list of files read.
  EXPECT_EQ(s.files, std::vector<std::string>{file});
}

TEST_F(ScenarioLoading, InterventionsAreParsedAndSortedByDay) {
  const std::string file = write("s.yaml",
                                 "scenario.days: 100\n"
                                 "interventions:\n"
                                 "  - day: 50\n"
                                 "    set:\n"
                                 "      policy.supply.allocation: needs_based\n"
                                 "  - day: 10\n"
                                 "    set:\n"
                                 "      policy:\n"
                                 "        supervision:\n"
                                 "          visits_per_month: 4\n"
                                 "        assignment.max_violence: null\n"
                                 "  - day: 50\n"
                                 "    set: {policy.supply.budget_multiplier: 2, violence.intensity_multiplier: 0.5}\n"
                                 "  - {day: 0, set: {policy.independent_authority.enabled: true}}\n");
  const Scenario s = load_scenario(file);
  ASSERT_EQ(s.interventions.size(), 4u);
  EXPECT_EQ(s.interventions[0].day, 0);
  EXPECT_EQ(s.interventions[1].day, 10);
  EXPECT_EQ(s.interventions[2].day, 50);
  EXPECT_EQ(s.interventions[3].day, 50);
  // Equal days keep file order.
  EXPECT_TRUE(s.interventions[2].changes.contains("policy.supply.allocation"));
  EXPECT_TRUE(s.interventions[3].changes.contains("policy.supply.budget_multiplier"));
  const auto& day10 = s.interventions[1].changes;
  ASSERT_EQ(day10.size(), 2u);
  EXPECT_EQ(std::get<double>(day10.at("policy.supervision.visits_per_month").value), 4.0);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(day10.at("policy.assignment.max_violence").value));
  EXPECT_EQ(std::get<std::string>(s.interventions[2].changes.at("policy.supply.allocation").value), "needs_based");
  EXPECT_EQ(std::get<double>(s.interventions[3].changes.at("violence.intensity_multiplier").value), 0.5);
  EXPECT_EQ(std::get<bool>(s.interventions[0].changes.at("policy.independent_authority.enabled").value), true);
  // Locations: the item and where each value was written.
  EXPECT_EQ(s.interventions[2].where.file, file);
  EXPECT_EQ(s.interventions[2].where.line, 3);
  EXPECT_EQ(s.interventions[1].where.line, 6);
  EXPECT_EQ(day10.at("policy.supervision.visits_per_month").where.line, 10);
  // The scenario's own parameters are not changed by interventions.
  EXPECT_EQ(s.parameters.policy.allocation, AllocationRule::fixed_basket);
  EXPECT_DOUBLE_EQ(s.parameters.policy.supervision_visits_per_month, 1.5);
}

TEST_F(ScenarioLoading, ResolvedJsonHasEveryParameterAndTheInterventions) {
  const std::string file = write("s.yaml",
                                 "scenario.days: 60\n"
                                 "policy.supply.allocation: needs_based\n"
                                 "interventions:\n"
                                 "  - {day: 30, set: {policy.supply.budget_multiplier: 1.5}}\n"
                                 "  - {day: 20, set: {policy.assignment.rule: lottery, policy.assignment.max_violence: 2}}\n");
  const Scenario s = load_scenario(file);
  const nlohmann::json j = s.resolved_json();
  for (const auto& spec : parameter_catalog()) {
    std::string pointer = "/" + std::string(spec.key);
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    EXPECT_TRUE(j.contains(nlohmann::json::json_pointer(pointer))) << spec.key;
  }
  EXPECT_EQ(j["scenario"]["days"], 60);
  EXPECT_EQ(j["policy"]["supply"]["allocation"], "needs_based");
  EXPECT_EQ(j["violence"]["intensity_multiplier"], 1.0);
  const nlohmann::json expected_interventions = nlohmann::json::parse(R"([
    {"day": 20, "set": {"policy.assignment.rule": "lottery", "policy.assignment.max_violence": 2.0}},
    {"day": 30, "set": {"policy.supply.budget_multiplier": 1.5}}
  ])");
  EXPECT_EQ(j["interventions"], expected_interventions);
  EXPECT_EQ(load_scenario(write("empty.yaml", "")).resolved_json()["interventions"], nlohmann::json::array());
}

TEST_F(ScenarioLoading, ResolvedTextIsStableAndReflectsChanges) {
  const std::string text =
      "scenario: {days: 60, seed: 3}\n"
      "policy.supervision.visits_per_month: 0.1\n"
      "interventions:\n"
      "  - {day: 30, set: {policy.supply.budget_multiplier: 1.5}}\n";
  const std::string a = write("a.yaml", text);
  const std::string first = load_scenario(a).resolved_text();
  EXPECT_EQ(first, load_scenario(a).resolved_text());
  // The same content under another name, in another folder, resolves the same.
  EXPECT_EQ(first, load_scenario(write("elsewhere/b.yaml", text)).resolved_text());
  // Keys written in another order or another nesting do not matter either.
  const std::string reordered = write("c.yaml",
                                      "policy:\n  supervision:\n    visits_per_month: 0.1\n"
                                      "interventions:\n"
                                      "  - day: 30\n    set:\n      policy: {supply: {budget_multiplier: 1.5}}\n"
                                      "scenario.seed: 3\nscenario.days: 60\n");
  EXPECT_EQ(first, load_scenario(reordered).resolved_text());
  // A --set that restates a value changes nothing; one that changes it does.
  EXPECT_EQ(first, load_scenario(a, {"scenario.seed=3"}).resolved_text());
  EXPECT_NE(first, load_scenario(a, {"scenario.seed=4"}).resolved_text());
  EXPECT_EQ(first.back(), '\n');
  EXPECT_EQ(nlohmann::json::parse(first), load_scenario(a).resolved_json());
}

}  // namespace
}  // namespace pasante
