// Every way a scenario can be wrong gives one InputError that names the file,
// line, column and key: "file:line:column: key: problem".
#include <gtest/gtest.h>

#include <string>

#include "scenario/scenario.hpp"
#include "scenario_test_support.hpp"

namespace pasante {
namespace {

using testing_support::catch_input_error;
using testing_support::contains;
using testing_support::ScenarioFiles;

class ScenarioErrors : public ScenarioFiles {
 protected:
  // Loads `text` as a scenario file and returns the error it must give.
  testing_support::Caught load_error(const std::string& text, const std::vector<std::string>& overrides = {}) {
    file_ = write("scenario.yaml", text);
    auto caught = catch_input_error([&] { (void)load_scenario(file_, overrides); });
    EXPECT_TRUE(caught.thrown) << "no error for:\n" << text;
    return caught;
  }
  // The error must be exactly "file:line:column: key: problem".
  void expect_error(const std::string& text, int line, int column, const std::string& key, const std::string& problem) {
    const auto e = load_error(text);
    EXPECT_EQ(e.what, file_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + key + ": " + problem)
        << "for:\n" << text;
    EXPECT_EQ(e.where.file, file_);
    EXPECT_EQ(e.where.line, line);
    EXPECT_EQ(e.where.column, column);
    EXPECT_EQ(e.where.key, key);
    EXPECT_EQ(e.problem, problem);
  }
  std::string file_;
};

TEST_F(ScenarioErrors, MalformedYamlNamesLineAndColumn) {
  const auto e = load_error("scenario.days: 10\n seed: 2\n");
  EXPECT_EQ(e.where.file, file_);
  EXPECT_EQ(e.where.line, 2);
  EXPECT_GT(e.where.column, 0);
  EXPECT_TRUE(e.what.starts_with(file_ + ":2:" + std::to_string(e.where.column) + ": malformed YAML: ")) << e.what;

  const auto f = load_error("scenario:\n  days: 3\npolicy: [1, 2\n");
  EXPECT_GT(f.where.line, 0);
  EXPECT_GT(f.where.column, 0);
  EXPECT_TRUE(contains(f.what, "malformed YAML")) << f.what;
  EXPECT_TRUE(f.what.starts_with(file_ + ":" + std::to_string(f.where.line) + ":")) << f.what;
}

TEST_F(ScenarioErrors, TabIndentationIsNamed) {
  // yaml-cpp says only "illegal map value".
  const auto e = load_error("scenario:\n\tdays: 3\n");
  EXPECT_EQ(e.where.line, 2);
  EXPECT_EQ(e.problem, "malformed YAML: illegal map value (YAML indents with spaces, not tabs)") << e.what;
  EXPECT_EQ(load_error("scenario:\n  days: 3\n  seed: [1\n").problem.find("tabs"), std::string::npos);
}

TEST_F(ScenarioErrors, DeepNestingIsNamedAsSuch) {
  // yaml-cpp's depth guard says "bad file", which the message passed on as "malformed YAML: bad file".
  const auto e = load_error("world:\n  municipalities: " + std::string(600, '[') + std::string(600, ']') + "\n");
  EXPECT_EQ(e.where.line, 2);
  EXPECT_GT(e.where.column, 0);
  EXPECT_EQ(e.problem, "nested too deeply (more than 499 levels)") << e.what;
}

TEST_F(ScenarioErrors, ScenarioMustBeAMapping) {
  const auto e = load_error("- a\n- b\n");
  EXPECT_EQ(e.where.line, 1);
  EXPECT_TRUE(contains(e.what, "a scenario must be a mapping")) << e.what;
}

TEST_F(ScenarioErrors, UnknownKeySuggestsTheNearest) {
  expect_error(
      "scenario:\n"
      "  days: 30\n"
      "policy:\n"
      "  supervision:\n"
      "    visits_per_mont: 2\n",
      5, 5, "policy.supervision.visits_per_mont",
      "unknown key (did you mean 'policy.supervision.visits_per_month'?)");
  expect_error("polcy.supply.allocation: needs_based\n", 1, 1, "polcy.supply.allocation",
               "unknown key (did you mean 'policy.supply.allocation'?)");
  expect_error("scenario.days: 3\nzzz_not_a_parameter_of_any_kind: 1\n", 2, 1, "zzz_not_a_parameter_of_any_kind",
               "unknown key");
}

TEST_F(ScenarioErrors, MisplacedKeySuggestsItsRightPlace) {
  expect_error(
      "policy:\n"
      "  visits_per_month: 2\n",
      2, 3, "policy.visits_per_month", "unknown key (did you mean 'policy.supervision.visits_per_month'?)");
}

TEST_F(ScenarioErrors, GroupGivenAValue) {
  expect_error("policy.supervision: 3\n", 1, 21, "policy.supervision",
               "expected a mapping of its keys (see `pasante params`)");
}

TEST_F(ScenarioErrors, DuplicateKeysInOneFile) {
  expect_error(
      "scenario:\n"
      "  days: 3\n"
      "scenario.days: 4\n",
      3, 1, "scenario.days", "set twice in this file (first at line 2, column 3)");
  expect_error(
      "policy:\n"
      "  supply: {allocation: needs_based, allocation: lottery}\n",
      2, 37, "policy.supply.allocation", "set twice in this file (first at line 2, column 12)");
  // A mapping named twice was merged with the first; a repeated intervention key won silently.
  expect_error("scenario: {days: 3}\nworld: {}\nscenario: {seed: 4}\n", 3, 1, "scenario",
               "set twice in this file (first at line 1, column 1)");
  expect_error("policy:\n  supply: {allocation: needs_based}\n  supply: {interval_days: 20}\n", 3, 3, "policy.supply",
               "set twice in this file (first at line 2, column 3)");
  expect_error("extends: a.yaml\nextends: b.yaml\n", 2, 1, "extends", "set twice in this file (first at line 1, column 1)");
  expect_error("scenario.days: 10\ninterventions:\n  - {day: 1, day: 2, set: {policy.supply.budget_multiplier: 2}}\n",
               3, 14, "interventions[0].day", "set twice in this file (first at line 3, column 6)");
  expect_error("scenario.days: 10\ninterventions: []\ninterventions: []\n", 3, 1, "interventions",
               "set twice in this file (first at line 2, column 1)");
}

TEST_F(ScenarioErrors, MergeKeysAndNonScalarKeys) {
  // yaml-cpp reads "<<" as a plain key: it used to be reported as an unknown "policy.supervision.<<.visits_per_month".
  expect_error("policy:\n  supervision:\n    <<: {visits_per_month: 2}\n", 3, 5, "policy.supervision.<<",
               "YAML merge keys (<<) are not supported: write the keys out");
  // It used to be named "interventions[0].".
  expect_error("scenario.days: 10\ninterventions:\n  - {[a]: 1, day: 1, set: {policy.supply.budget_multiplier: 2}}\n",
               3, 6, "interventions[0]", "keys must be plain names (an intervention has day and set)");
  // Anchors and aliases within one file work.
  const std::string ok = write("alias.yaml", "policy:\n  stipends_mxn: {A: &x 2600, B: *x}\n");
  EXPECT_EQ(load_scenario(ok).parameters.policy.stipend_mxn[1], 2600);
}

TEST_F(ScenarioErrors, WrongTypes) {
  expect_error("scenario:\n  days: many\n", 2, 9, "scenario.days", "expected a whole number, got 'many'");
  expect_error("scenario:\n  days: 2.5\n", 2, 9, "scenario.days", "expected a whole number, got '2.5'");
  expect_error("policy.supervision.visits_per_month: lots\n", 1, 38, "policy.supervision.visits_per_month",
               "expected a number, got 'lots'");
  expect_error("policy.supervision.visits_per_month: .nan\n", 1, 38, "policy.supervision.visits_per_month",
               "expected a number, got '.nan'");
  expect_error(
      "policy:\n"
      "  supervision:\n"
      "    telemedicine: 1\n",
      3, 19, "policy.supervision.telemedicine", "expected true or false, got '1'");
  expect_error("policy.supervision.telemedicine: [true]\n", 1, 34, "policy.supervision.telemedicine",
               "expected boolean");
  expect_error("policy.assignment.max_violence: high\n", 1, 33, "policy.assignment.max_violence",
               "expected a number, got 'high'");
  expect_error("world.municipalities: \"014\"\n", 1, 23, "world.municipalities",
               "expected a list, e.g. [\"014\", \"017\"]");
  expect_error("world.municipalities: []\n", 1, 23, "world.municipalities", "expected at least one entry");
  // A key left empty points at the key, not at the next line.
  expect_error("scenario:\n  days:\n  seed: 3\n", 2, 3, "scenario.days", "expected integer");
}

TEST_F(ScenarioErrors, OutOfRange) {
  expect_error("policy.supervision.visits_per_month: 31\n", 1, 38, "policy.supervision.visits_per_month",
               "value 31 is out of range [0, 30]");
  expect_error("scenario:\n  days: 0\n", 2, 9, "scenario.days", "value 0 is out of range [1, 36500]");
  expect_error("policy:\n  stipends_mxn: {A: -1}\n", 2, 21, "policy.stipends_mxn.A",
               "value -1 is out of range [0, 1e+06]");
  expect_error("violence.intensity_multiplier: 101\n", 1, 32, "violence.intensity_multiplier",
               "value 101 is out of range [0, 100]");
}

TEST_F(ScenarioErrors, BadChoiceListsTheChoices) {
  expect_error(
      "policy:\n"
      "  assignment:\n"
      "    rule: random\n",
      3, 11, "policy.assignment.rule", "'random' is not one of: gpa_rank, lottery, needs_first");
  expect_error("policy.supply.allocation: 3\n", 1, 27, "policy.supply.allocation",
               "'3' is not one of: fixed_basket, reported_consumption, needs_based");
}

TEST_F(ScenarioErrors, BadDate) {
  expect_error("scenario.start: 2022-02-30\n", 1, 17, "scenario.start", "expected a date YYYY-MM-DD, got '2022-02-30'");
  expect_error("scenario.start: 1/2/2022\n", 1, 17, "scenario.start", "expected a date YYYY-MM-DD, got '1/2/2022'");
}

TEST_F(ScenarioErrors, MissingFile) {
  const std::string missing = path("nope.yaml");
  const auto e = catch_input_error([&] { (void)load_scenario(missing); });
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.what, missing + ": cannot read scenario file '" + missing + "'");
  EXPECT_EQ(e.where.file, missing);
  const auto embedded = catch_input_error([] { (void)load_scenario("embedded:scenarios/none.yaml"); });
  EXPECT_TRUE(embedded.thrown);
  EXPECT_TRUE(contains(embedded.what, "embedded:scenarios/none.yaml")) << embedded.what;
}

TEST_F(ScenarioErrors, MissingParentIsReportedAtTheExtendsLine) {
  expect_error("scenario.days: 3\nextends: missing.yaml\n", 2, 10, "extends",
               "cannot read scenario file '" + path("missing.yaml") + "'");
  expect_error("extends: [a.yaml, b.yaml]\n", 1, 10, "extends", "expected the path of one scenario file");
}

TEST_F(ScenarioErrors, ErrorsInAParentNameTheParent) {
  const std::string parent = write("base/parent.yaml", "scenario:\n  seed: -5\n");
  const auto e = load_error("extends: base/parent.yaml\nscenario.days: 3\n");
  EXPECT_EQ(e.what, parent + ":2:9: scenario.seed: value -5 is out of range [0, 9e+15]");
}

TEST_F(ScenarioErrors, ExtendsCycles) {
  write("a.yaml", "extends: b.yaml\n");
  const std::string b = write("b.yaml", "scenario.days: 4\nextends: a.yaml\n");
  const auto e = catch_input_error([&] { (void)load_scenario(path("a.yaml")); });
  ASSERT_TRUE(e.thrown);
  EXPECT_EQ(e.where.file, b);
  EXPECT_EQ(e.where.line, 2);
  EXPECT_EQ(e.where.column, 10);
  EXPECT_EQ(e.where.key, "extends");
  EXPECT_TRUE(contains(e.problem, "extends cycle")) << e.what;

  const std::string self = write("self.yaml", "extends: self.yaml\n");
  const auto s = catch_input_error([&] { (void)load_scenario(self); });
  ASSERT_TRUE(s.thrown);
  EXPECT_EQ(s.where.file, self);
  EXPECT_EQ(s.where.line, 1);
  EXPECT_TRUE(contains(s.problem, "extends cycle")) << s.what;

  // The same file under another spelling is still a cycle.
  write("sub/placeholder.yaml", "");
  const std::string roundabout = write("round.yaml", "extends: ./sub/../round.yaml\n");
  const auto r = catch_input_error([&] { (void)load_scenario(roundabout); });
  ASSERT_TRUE(r.thrown);
  EXPECT_TRUE(contains(r.problem, "extends cycle")) << r.what;
}

TEST_F(ScenarioErrors, SharesMustSumToOne) {
  expect_error(
      "demand:\n"
      "  severity:\n"
      "    mild: 0.5\n",
      3, 11, "demand.severity.mild",
      "the shares under 'demand.severity' must sum to 1 (they sum to 0.800000)");
  expect_error("violence.type_share.gunfire: 0.5\n", 1, 30, "violence.type_share.gunfire",
               "the shares under 'violence.type_share' must sum to 1 (they sum to 1.250000)");
  // The error points at a share, not at another key of the same group.
  expect_error(
      "medicines:\n"
      "  analgesic: {unit_cost_mxn: 1}\n"
      "  calcium: {basket_share: 0.1}\n",
      3, 27, "medicines.calcium.basket_share",
      "the shares under 'medicines.*.basket_share' must sum to 1 (they sum to 0.650000)");
  expect_error("demand.severity_factor.mild: 2\ndemand.case_mix.pain: 0.1\n", 2, 23, "demand.case_mix.pain",
               "the shares under 'demand.case_mix' must sum to 1 (they sum to 0.800000)");
  expect_error("world.elder_share: 0.8\n", 1, 20, "world.elder_share",
               "world.child_share + world.elder_share must be below 1");
  // Shares that do sum to one load.
  const std::string ok = write("ok.yaml", "demand.severity: {mild: 0.5, moderate: 0.45, severe: 0.05}\n");
  EXPECT_DOUBLE_EQ(load_scenario(ok).parameters.demand.severity_mild, 0.5);
}

TEST_F(ScenarioErrors, SetOverrideErrors) {
  const std::string file = write("s.yaml", "scenario.days: 10\n");
  auto set_error = [&](const std::string& assignment) {
    const auto e = catch_input_error([&] { (void)load_scenario(file, {"scenario.seed=2", assignment}); });
    EXPECT_TRUE(e.thrown) << assignment;
    EXPECT_EQ(e.where.file, "--set") << assignment;
    EXPECT_EQ(e.where.line, 0) << assignment;
    EXPECT_TRUE(e.what.starts_with("--set: ")) << e.what;
    return e;
  };
  EXPECT_EQ(set_error("policy.supervision.visits_per_mont=2").what,
            "--set: policy.supervision.visits_per_mont: unknown key (did you mean "
            "'policy.supervision.visits_per_month'?)");
  EXPECT_EQ(set_error("scenario.days").what,
            "--set: scenario.days: expected KEY=VALUE, e.g. policy.supply.allocation=needs_based");
  EXPECT_TRUE(contains(set_error("=3").problem, "expected KEY=VALUE"));
  EXPECT_EQ(set_error("scenario.days=abc").what, "--set: scenario.days: expected a whole number, got 'abc'");
  EXPECT_EQ(set_error("policy.supply.allocation=random").what,
            "--set: policy.supply.allocation: 'random' is not one of: fixed_basket, reported_consumption, needs_based");
  EXPECT_EQ(set_error("scenario.days=0").what, "--set: scenario.days: value 0 is out of range [1, 36500]");
  EXPECT_TRUE(contains(set_error("scenario.days=[1").problem, "malformed value"));
  EXPECT_TRUE(contains(set_error("interventions=[]").problem, "cannot be set from the command line"));
  EXPECT_TRUE(contains(set_error("extends=x.yaml").problem, "cannot be set from the command line"));
  // It used to say "expected a mapping of its keys" when given one.
  EXPECT_EQ(set_error("scenario={days: 3}").what,
            "--set: scenario: is a group of parameters; --set takes one parameter at a time, e.g. --set "
            "scenario.name=VALUE (see `pasante params`)");
  EXPECT_EQ(set_error("demand.case_mix.pain=0.5").what,
            "--set: demand.case_mix.pain: the shares under 'demand.case_mix' must sum to 1 (they sum to 1.200000)");
}

TEST_F(ScenarioErrors, InterventionDayOutOfRange) {
  const std::string problem = "expected a day from 0 to scenario.days - 1 (99)";
  expect_error(
      "scenario.days: 100\n"
      "interventions:\n"
      "  - day: 100\n"
      "    set: {policy.supply.budget_multiplier: 2}\n",
      3, 10, "interventions[0].day", problem);
  expect_error(
      "scenario.days: 100\n"
      "interventions:\n"
      "  - {day: 1, set: {policy.supply.budget_multiplier: 2}}\n"
      "  - {day: -1, set: {policy.supply.budget_multiplier: 2}}\n",
      4, 11, "interventions[1].day", problem);
  expect_error(
      "scenario.days: 100\n"
      "interventions:\n"
      "  - day: soon\n"
      "    set: {policy.supply.budget_multiplier: 2}\n",
      3, 10, "interventions[0].day", problem);
  // The range follows scenario.days as finally resolved (here from --set).
  const std::string file = write("late.yaml",
                                 "interventions:\n"
                                 "  - day: 50\n"
                                 "    set: {policy.supply.budget_multiplier: 2}\n");
  EXPECT_NO_THROW((void)load_scenario(file));
  const auto e = catch_input_error([&] { (void)load_scenario(file, {"scenario.days=50"}); });
  // (and says so: the file itself may look right).
  EXPECT_EQ(e.what, file + ":2:10: interventions[0].day: expected a day from 0 to scenario.days - 1 (49; "
                           "scenario.days is set by --days or --set)");
}

TEST_F(ScenarioErrors, InterventionCannotChangeFixedKeys) {
  expect_error(
      "interventions:\n"
      "  - day: 5\n"
      "    set:\n"
      "      scenario.seed: 3\n",
      4, 7, "scenario.seed", "cannot change during a run (it is fixed at the start)");
  expect_error(
      "interventions:\n"
      "  - day: 5\n"
      "    set:\n"
      "      world: {municipalities: [\"014\"]}\n",
      4, 15, "world.municipalities", "cannot change during a run (it is fixed at the start)");
}

TEST_F(ScenarioErrors, InterventionUnknownKeys) {
  expect_error(
      "interventions:\n"
      "  - day: 5\n"
      "    set:\n"
      "      policy:\n"
      "        supply:\n"
      "          alocation: needs_based\n",
      6, 11, "policy.supply.alocation", "unknown key (did you mean 'policy.supply.allocation'?)");
  expect_error(
      "interventions:\n"
      "  - day: 5\n"
      "    when: 3\n"
      "    set: {policy.supply.budget_multiplier: 2}\n",
      3, 5, "interventions[0].when", "unknown key (an intervention has only day and set)");
}

TEST_F(ScenarioErrors, InterventionShape) {
  expect_error("interventions:\n  - day: 5\n", 2, 5, "interventions[0]", "missing set");
  expect_error("interventions:\n  - set: {policy.supply.budget_multiplier: 2}\n", 2, 5, "interventions[0]",
               "missing day");
  expect_error("interventions: {day: 3}\n", 1, 16, "interventions", "expected a list of {day: N, set: {key: value}}");
  expect_error("interventions:\n  - 3\n", 2, 5, "interventions[0]", "expected {day: N, set: {key: value}}");
  expect_error("interventions:\n  - {day: 3, set: 4}\n", 2, 19, "interventions[0].set",
               "expected a mapping of keys to new values");
}

TEST_F(ScenarioErrors, InterventionValuesAreValidated) {
  expect_error(
      "interventions:\n"
      "  - day: 5\n"
      "    set:\n"
      "      policy.supervision.visits_per_month: 99\n",
      4, 44, "policy.supervision.visits_per_month", "value 99 is out of range [0, 30]");
  // Valid alone, but the scenario's shares no longer sum to one once it applies.
  expect_error(
      "interventions:\n"
      "  - day: 5\n"
      "    set:\n"
      "      demand.severity.mild: 0.9\n",
      4, 29, "demand.severity.mild", "the shares under 'demand.severity' must sum to 1 (they sum to 1.200000)");
}

TEST_F(ScenarioErrors, TextThatIsNotUtf8) {
  // A Latin-1 "é" used to reach the manifest's JSON writer and fail there as an internal error.
  const auto f = load_error("scenario:\n  name: caf\xE9\n");
  EXPECT_EQ(f.what, file_ + ":2:12: not UTF-8 text (byte 0xE9); save the file as UTF-8");
  const std::string file = write("s.yaml", "scenario.days: 10\n");
  const auto e = catch_input_error([&] { (void)load_scenario(file, {"scenario.name=caf\xE9"}); });
  EXPECT_EQ(e.what, "--set: scenario.name: not UTF-8 text (byte 0xE9)");
  const auto k = catch_input_error([&] { (void)load_scenario(file, {"scenario.na\xFFme=x"}); });
  EXPECT_EQ(k.what, "--set: scenario.na...: not UTF-8 text (byte 0xFF)");
}

}  // namespace
}  // namespace pasante
