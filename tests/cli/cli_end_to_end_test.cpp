// Runs the real `pasante` binary: outputs, determinism across thread counts,
// bad input handling (exit 2, one-line message, nothing written), and the
// informational commands.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "command_runner.hpp"
#include "core/sha256.hpp"

namespace {

namespace fs = std::filesystem;
using pasante::test::CommandResult;
using pasante::test::read_file;
using pasante::test::shell_quote;

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class CliEndToEnd : public pasante::test::CommandLineTest {
 protected:
  void SetUp() override {
    CommandLineTest::SetUp();
    fs::create_directories(inputs());
  }

  fs::path inputs() const { return root_ / "inputs"; }  // scenario files written by the tests

  // A scenario file in inputs() extending the repository's baseline.
  fs::path scenario_file(const std::string& name, const std::string& body) const {
    const fs::path file = inputs() / name;
    write_file(file, "extends: " + std::string(PASANTE_SOURCE_DIR) + "/scenarios/doctor_arroyo.yaml\n" + body);
    return file;
  }

  // A bad-input run: exit 2, one line on stderr naming the problem, nothing written.
  void expect_input_error(const std::string& args, const std::vector<std::string>& mentions) const {
    SCOPED_TRACE("pasante " + args);
    const CommandResult r = pasante(args);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_TRUE(r.err.starts_with("pasante: error: ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
    for (const auto& m : mentions) EXPECT_NE(r.err.find(m), std::string::npos) << "expected '" << m << "' in: " << r.err;
    EXPECT_EQ(names_in(work()), std::vector<std::string>{}) << "no output directory may be left";
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
};

TEST_F(CliEndToEnd, RunWritesOutputsAndAManifestThatChecksThem) {
  const CommandResult r = pasante("run --days 30 --out X --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "--quiet prints nothing: " << r.out;
  const fs::path x = work() / "X";
  for (const char* name : {"manifest.json", "summary.csv", "timeseries.csv", "interns.csv", "violence_events.csv"})
    EXPECT_TRUE(fs::is_regular_file(x / name)) << name;
  EXPECT_EQ(names_in(work()), std::vector<std::string>{"X"}) << "no staging directory left";

  EXPECT_TRUE(read_file(x / "summary.csv").starts_with("metric,value\n"));
  EXPECT_TRUE(read_file(x / "timeseries.csv").starts_with("day,municipality,metric,value\n"));

  const auto manifest = nlohmann::json::parse(read_file(x / "manifest.json"));
  EXPECT_EQ(manifest["program"], "pasante");
  EXPECT_EQ(manifest["scenario"]["resolved"]["scenario"]["days"], 30);
  EXPECT_EQ(manifest["scenario"]["source"], "embedded:scenarios/doctor_arroyo.yaml");
  EXPECT_EQ(manifest["seed"], manifest["scenario"]["resolved"]["scenario"]["seed"]);
  EXPECT_GE(manifest["threads"].get<int>(), 1);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  EXPECT_TRUE(std::regex_match(manifest["started_at"].get<std::string>(), iso));
  EXPECT_TRUE(std::regex_match(manifest["finished_at"].get<std::string>(), iso));

  std::vector<std::string> hashed;
  for (const auto& [name, digest] : manifest["outputs"].items()) {
    hashed.push_back(name);
    EXPECT_EQ(digest, pasante::sha256_file_hex(x / name)) << name;
  }
  std::vector<std::string> files = names_in(x);
  files.erase(std::remove(files.begin(), files.end(), "manifest.json"), files.end());
  EXPECT_EQ(hashed, files) << "the manifest hashes every other file";
}

TEST_F(CliEndToEnd, OutputsAreByteIdenticalForAnyThreadCount) {
  const fs::path scenario = scenario_file("short.yaml", "scenario:\n  days: 120\n");
  for (int threads : {1, 2, 4}) {
    const CommandResult r = pasante("run " + shell_quote(scenario.string()) + " --threads " + std::to_string(threads) +
                                    " --out t" + std::to_string(threads) + " --quiet");
    ASSERT_EQ(r.status, 0) << r.err;
  }
  for (const char* name : {"summary.csv", "timeseries.csv", "interns.csv", "violence_events.csv"}) {
    const std::string one = read_file(work() / "t1" / name);
    EXPECT_FALSE(one.empty()) << name;
    EXPECT_EQ(read_file(work() / "t2" / name), one) << name << " differs with 2 threads";
    EXPECT_EQ(read_file(work() / "t4" / name), one) << name << " differs with 4 threads";
  }
  const auto manifest = nlohmann::json::parse(read_file(work() / "t4" / "manifest.json"));
  EXPECT_EQ(manifest["threads"], 4);
  EXPECT_EQ(manifest["scenario"]["files"].size(), 2u) << "the named file and the one it extends";
}

TEST_F(CliEndToEnd, DefaultOutputDirectoryAndClosingSummary) {
  const fs::path scenario = scenario_file("named.yaml", "scenario:\n  name: tiny-test\n  days: 10\n");
  const CommandResult r = pasante("run " + shell_quote(scenario.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(work() / "runs" / "tiny-test" / "manifest.json"));
  EXPECT_NE(r.out.find("runs/tiny-test"), std::string::npos) << r.out;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no progress bar when stderr is not a terminal";

  // A second run replaces the first.
  const CommandResult again = pasante("run " + shell_quote(scenario.string()) + " --seed 2 --quiet");
  ASSERT_EQ(again.status, 0) << again.err;
  const auto manifest = nlohmann::json::parse(read_file(work() / "runs" / "tiny-test" / "manifest.json"));
  EXPECT_EQ(manifest["seed"], 2);
  EXPECT_EQ(names_in(work() / "runs"), std::vector<std::string>{"tiny-test"});
}

// An undefined metric is left blank, not written as 0: with no women serving,
// the share of women harassed is unknown, and a calibration check must not
// read it as a measured 0. The report shows it as n/a.
TEST_F(CliEndToEnd, UndefinedMetricsAreBlankNotZero) {
  const CommandResult r = pasante("run --days 30 --set interns.female_share=0 --out R --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string summary = read_file(work() / "R" / "summary.csv");
  EXPECT_NE(summary.find("\nwomen_harassed_share,\n"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\nrefusal_rate,0."), std::string::npos) << "defined metrics keep their value";
  EXPECT_NE(read_file(work() / "R" / "report.html").find("n/a"), std::string::npos);
  EXPECT_EQ(pasante("compare R R --out C --quiet").status, 0) << "a blank value reads back as undefined";
}

// The default output directory is runs/<scenario.name>: a name that would
// lead out of runs/ is refused there (and only there: with --out, or as an
// arm of compare, any name will do), and an empty name writes runs/run.
TEST_F(CliEndToEnd, TheDefaultOutputDirectoryStaysInsideRuns) {
  const CommandResult r = pasante("run --days 3 --quiet --set 'scenario.name=a/../../b'");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("--set: scenario.name: expected a name usable as a folder name"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("runs/<scenario.name>"), std::string::npos) << r.err;
  EXPECT_EQ(names_in(work()), std::vector<std::string>{});
  EXPECT_EQ(pasante("run --days 3 --quiet --set 'scenario.name=NL 2022/23' --out ok").status, 0);
  const fs::path unnamed = scenario_file("unnamed.yaml", "scenario: {name: '', days: 3}\n");
  EXPECT_EQ(pasante("run --quiet " + shell_quote(unnamed.string())).status, 0);
  EXPECT_TRUE(fs::is_regular_file(work() / "runs" / "run" / "summary.csv"));
}

TEST_F(CliEndToEnd, RefusesToOverwriteADirectoryThatIsNotARun) {
  fs::create_directories(work() / "notes");
  write_file(work() / "notes" / "todo.txt", "keep me");
  const CommandResult r = pasante("run --days 5 --out notes --quiet");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_TRUE(r.err.starts_with("pasante: error: ")) << r.err;
  EXPECT_NE(r.err.find("notes"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(work() / "notes" / "todo.txt"), "keep me");
  EXPECT_EQ(names_in(work()), std::vector<std::string>{"notes"});
}

TEST_F(CliEndToEnd, OutputDirectoryThatCannotBeCreatedIsAnInputError) {
  // Under a regular file: was an internal error (exit 1) from the filesystem, after the whole run.
  write_file(inputs() / "afile", "x");
  const std::string under_file = (inputs() / "afile" / "sub").string();
  expect_input_error("run --days 5 --quiet --out " + shell_quote(under_file),
                     {under_file, "cannot create the output directory", "is not a directory"});
  expect_input_error("sweep " + std::string(PASANTE_SOURCE_DIR) + "/scenarios/sweeps/supervision_by_supply.yaml" +
                         " --days 5 --quiet --out " + shell_quote(under_file),
                     {under_file, "cannot create the sweep directory"});
  EXPECT_TRUE(fs::is_regular_file(inputs() / "afile"));
}

TEST_F(CliEndToEnd, OutputPathWithSpacesWorks) {
  const CommandResult r = pasante("run --days 5 --quiet --out 'with space/run dir'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(work() / "with space" / "run dir" / "manifest.json"));
}

TEST_F(CliEndToEnd, PrintScheduleRunsNothing) {
  const CommandResult r = pasante("run --print-schedule --days 5");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_FALSE(r.out.empty());
  EXPECT_EQ(names_in(work()), std::vector<std::string>{});
}

TEST_F(CliEndToEnd, MalformedYamlIsAnInputError) {
  write_file(inputs() / "malformed.yaml", "scenario:\n  days: [1, 2\n  seed: 3\n");
  expect_input_error("run " + shell_quote((inputs() / "malformed.yaml").string()), {"malformed.yaml:"});
  const CommandResult r = pasante("run " + shell_quote((inputs() / "malformed.yaml").string()));
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(malformed\.yaml:\d+)"))) << "names the line: " << r.err;
}

TEST_F(CliEndToEnd, UnknownKeySuggestsTheNearestOne) {
  const fs::path f = scenario_file("unknown.yaml", "scenario:\n  days: 5\npolicy:\n  supervison:\n    visits_per_month: 2\n");
  expect_input_error("run " + shell_quote(f.string()),
                     {"unknown.yaml:6", "policy.supervison.visits_per_month", "did you mean",
                      "policy.supervision.visits_per_month"});
}

TEST_F(CliEndToEnd, WrongTypeIsAnInputError) {
  const fs::path f = scenario_file("wrong_type.yaml", "scenario:\n  days: many\n");
  expect_input_error("run " + shell_quote(f.string()), {"wrong_type.yaml:3", "scenario.days", "many"});
}

TEST_F(CliEndToEnd, OutOfRangeValueIsAnInputError) {
  const fs::path f =
      scenario_file("range.yaml", "scenario:\n  days: 5\npolicy:\n  supervision:\n    visits_per_month: 99\n");
  expect_input_error("run " + shell_quote(f.string()),
                     {"range.yaml:6", "policy.supervision.visits_per_month", "out of range"});
}

TEST_F(CliEndToEnd, MissingScenarioFileIsAnInputError) {
  expect_input_error("run " + shell_quote((inputs() / "missing.yaml").string()) + " --out X", {"missing.yaml"});
}

TEST_F(CliEndToEnd, ExtendsCycleIsAnInputError) {
  write_file(inputs() / "a.yaml", "extends: b.yaml\nscenario:\n  days: 5\n");
  write_file(inputs() / "b.yaml", "extends: a.yaml\n");
  expect_input_error("run " + shell_quote((inputs() / "a.yaml").string()), {".yaml:1", "extends", "cycle"});
}

TEST_F(CliEndToEnd, WorldErrorsNameWhereTheKeyWasSet) {
  // Found while building the world, after loading: they used to name the key only.
  const fs::path f = scenario_file("hospital.yaml", "world:\n  hospital_municipality: \"999\"\n");
  expect_input_error("run " + shell_quote(f.string()),
                     {"hospital.yaml:3:26: world.hospital_municipality: municipality 999 is not among"});
  expect_input_error("run --days 5 --set 'world.municipalities=[\"014\", \"998\"]'",
                     {"--set: world.municipalities: municipality 998 has no localities"});
}

TEST_F(CliEndToEnd, DataFileThatCannotBeReadIsReportedWhereItIsNamed) {
  // It used to name the data file only, not the key or the line that named it.
  const fs::path f = scenario_file("data.yaml", "world:\n  localities_file: none.csv\n");
  expect_input_error("run --days 5 " + shell_quote(f.string()),
                     {"data.yaml:3:20: world.localities_file: cannot read the data file '" +
                      (inputs() / "none.csv").string() + "'"});
  expect_input_error("run --days 5 --set world.crime_file=" + shell_quote(inputs().string()),  // a directory
                     {"--set: world.crime_file: cannot read the data file '" + inputs().string() + "'"});
}

TEST_F(CliEndToEnd, ControlCharactersInAnErrorAreEscaped) {
  // A key written with an escape sequence reached the terminal as one.
  const fs::path f = scenario_file("ctrl.yaml", "scenario:\n  \"da\\e[2Jys\": 3\n");
  expect_input_error("run " + shell_quote(f.string()), {"scenario.da\\x1B[2Jys: unknown key"});
}

TEST_F(CliEndToEnd, SetWithoutEqualsIsAnInputError) {
  expect_input_error("run --days 5 --set scenario.days --out X", {"--set", "scenario.days", "KEY=VALUE"});
}

TEST_F(CliEndToEnd, UnknownSetKeyIsAnInputError) {
  expect_input_error("run --days 5 --set policy.supervision.visits_per_montth=3 --out X",
                     {"--set", "policy.supervision.visits_per_montth", "did you mean"});
}

TEST_F(CliEndToEnd, DaysAndSeedWinOverSet) {
  const CommandResult r = pasante("run --set scenario.days=9999 --days 4 --seed 11 --set scenario.seed=3 --out X --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto manifest = nlohmann::json::parse(read_file(work() / "X" / "manifest.json"));
  EXPECT_EQ(manifest["scenario"]["resolved"]["scenario"]["days"], 4);
  EXPECT_EQ(manifest["seed"], 11);
}

TEST_F(CliEndToEnd, UsageErrorsExitTwo) {
  for (const char* args : {"run --threads 0", "run --no-such-option", "frobnicate", "run --days", "sweep",
                           "compare x", "run --jobs 0"}) {
    SCOPED_TRACE(args);
    const CommandResult r = pasante(args);
    EXPECT_EQ(r.status, 2) << r.err;
    // One line like every input error (CLI11 printed its message and "Run with --help ..." on two).
    EXPECT_TRUE(r.err.starts_with("pasante: error: ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(names_in(work()), std::vector<std::string>{});
  }
  EXPECT_NE(pasante("frobnicate").err.find("unknown command 'frobnicate'"), std::string::npos);
}

TEST_F(CliEndToEnd, WholeNumbersOnTheCommandLineAreDecimalAndChecked) {
  // CLI11 read "030" as octal (24 days), "0x10" as 16, and saturated values beyond int64 silently.
  const CommandResult r = pasante("run --days 030 --seed 007 --threads 02 --out X --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto manifest = nlohmann::json::parse(read_file(work() / "X" / "manifest.json"));
  EXPECT_EQ(manifest["scenario"]["resolved"]["scenario"]["days"], 30);
  EXPECT_EQ(manifest["seed"], 7);
  fs::remove_all(work() / "X");
  expect_input_error("run --days 0x10 --out X", {"--days", "expected a whole number, got '0x10'"});
  expect_input_error("run --days 1e3 --out X", {"--days", "expected a whole number, got '1e3'"});
  expect_input_error("run --seed 99999999999999999999 --out X", {"--seed", "99999999999999999999 is too large"});
  expect_input_error("compare a b --seed 18446744073709551616", {"--seed", "too large"});
  expect_input_error("sweep s.yaml --jobs 010x", {"--jobs", "expected a whole number"});
}

TEST_F(CliEndToEnd, ParamsListsEveryParameterAndAJsonSchema) {
  const CommandResult table = pasante("params");
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_NE(table.out.find("policy.supervision.visits_per_month"), std::string::npos);

  const CommandResult schema = pasante("params --json-schema");
  ASSERT_EQ(schema.status, 0) << schema.err;
  nlohmann::json parsed;
  EXPECT_NO_THROW(parsed = nlohmann::json::parse(schema.out));
  EXPECT_TRUE(parsed.is_object());
}

TEST_F(CliEndToEnd, HelpAndVersion) {
  const CommandResult help = pasante("--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_NE(help.out.find("run"), std::string::npos);
  EXPECT_NE(help.out.find("params"), std::string::npos);

  const CommandResult run_help = pasante("run --help");
  EXPECT_EQ(run_help.status, 0);
  for (const char* option : {"--out", "--seed", "--threads", "--days", "--set", "--quiet", "--profile",
                             "--print-schedule", "byte-identical"})
    EXPECT_NE(run_help.out.find(option), std::string::npos) << option;

  const CommandResult bare = pasante("");
  EXPECT_EQ(bare.status, 0);
  EXPECT_NE(bare.out.find("run"), std::string::npos);

  const CommandResult version = pasante("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_TRUE(version.out.starts_with("pasante ")) << version.out;
}

}  // namespace
