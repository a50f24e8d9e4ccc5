// `pasante sweep` and `pasante compare` through the real binary: a sweep
// fills results.sqlite with one run per (point, replicate) whose seeds pair up
// across points; a sweep killed with SIGKILL at random moments and restarted
// ends with exactly the results of an uninterrupted one; and the comparison of
// the baseline with needs-based supply finds the mismatch index lower, with a
// paired interval, and reports how much pairing narrowed the intervals; a
// Latin hypercube sweep's sensitivity.csv finds the parameters that drive
// the metrics they should.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "command_runner.hpp"
#include "results_query.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using pasante::test::CommandResult;
using pasante::test::query;
using pasante::test::read_file;
using pasante::test::shell_quote;

const std::string kSource = PASANTE_SOURCE_DIR;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> split_csv_simple(const std::string& line) {  // no quoted commas in the columns read
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

class SweepEndToEnd : public pasante::test::CommandLineTest {
 protected:

  // A 2 x 2 grid over the repository's baseline (the form of the shipped example).
  fs::path grid_sweep(int replicates, const std::string& extra = "") const {
    const fs::path file = work() / "grid.yaml";
    std::ofstream(file) << "sweep:\n"
                           "  name: grid-test\n"
                           "  base: " << kSource << "/scenarios/doctor_arroyo.yaml\n"
                        << "  replicates: " << replicates << "\n"
                        << "  seed: 7\n" << extra
                        << "  grid:\n"
                           "    policy.supervision.visits_per_month: [1.5, 4]\n"
                           "    policy.supply.allocation: [fixed_basket, needs_based]\n";
    return file;
  }
};

TEST_F(SweepEndToEnd, FillsOneRunPerPointAndReplicateWithSeedsPairedAcrossPoints) {
  grid_sweep(3);
  const CommandResult r = pasante("sweep grid.yaml --days 60 --out S --jobs 2 --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  const fs::path db = work() / "S" / "results.sqlite";
  ASSERT_TRUE(fs::is_regular_file(db));

  const auto runs = query(db, "SELECT point_id, replicate, seed, status FROM runs ORDER BY point_id, replicate");
  ASSERT_EQ(runs.size(), 12u);
  for (int p = 0; p < 4; ++p)
    for (int rep = 0; rep < 3; ++rep)
      EXPECT_EQ(runs[static_cast<std::size_t>(p * 3 + rep)],
                std::to_string(p) + "|" + std::to_string(rep) + "|" + std::to_string(7 + rep) + "|done");
  EXPECT_EQ(query(db, "SELECT count(DISTINCT seed) FROM runs GROUP BY replicate"),
            (std::vector<std::string>{"1", "1", "1"}))
      << "replicate r of every point has the same seed";
  EXPECT_EQ(query(db, "SELECT label FROM points ORDER BY point_id"),
            (std::vector<std::string>{"visits_per_month=1.5, allocation=fixed_basket",
                                      "visits_per_month=1.5, allocation=needs_based",
                                      "visits_per_month=4, allocation=fixed_basket",
                                      "visits_per_month=4, allocation=needs_based"}));
  // Each run's resolved scenario is the point's, with its seed and --days.
  const auto resolved = query(db,
                              "SELECT json_extract(resolved_json, '$.scenario.seed'), "
                              "json_extract(resolved_json, '$.scenario.days'), "
                              "json_extract(resolved_json, '$.policy.supply.allocation') FROM runs "
                              "WHERE point_id = 3 ORDER BY replicate");
  EXPECT_EQ(resolved, (std::vector<std::string>{"7|60|needs_based", "8|60|needs_based", "9|60|needs_based"}));

  const auto per_run = query(db, "SELECT count(*), count(DISTINCT metric) FROM metrics GROUP BY point_id, replicate");
  ASSERT_EQ(per_run.size(), 12u);
  for (const auto& row : per_run) EXPECT_EQ(row, per_run.front()) << "every run has the same metrics, once each";
  const int metrics = std::stoi(per_run.front());
  EXPECT_GT(metrics, 20);

  const auto summary = lines_of(read_file(work() / "S" / "summary.csv"));
  ASSERT_FALSE(summary.empty());
  EXPECT_EQ(summary[0],
            "point_id,label,policy.supervision.visits_per_month,policy.supply.allocation,metric,n,mean,sd,ci_low,ci_high");
  EXPECT_EQ(summary.size(), 1u + 4u * static_cast<std::size_t>(metrics));
  EXPECT_NE(read_file(work() / "S" / "report.html").find("</html>"), std::string::npos);

  // The same command again: nothing left to run.
  const CommandResult again = pasante("sweep grid.yaml --days 60 --out S --jobs 2");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("12 were done before, 0 run now"), std::string::npos) << again.out;

  // Results of another build of pasante are not continued: they would mix two models.
  const auto build = query(db, "SELECT value FROM sweep WHERE key = 'build'");
  ASSERT_EQ(build.size(), 1u);
  EXPECT_TRUE(build[0].starts_with("sha256:")) << build[0];
  query(db, "UPDATE sweep SET value = 'sha256:an-older-build' WHERE key = 'build'");
  const CommandResult older = pasante("sweep grid.yaml --days 60 --out S");
  EXPECT_EQ(older.status, 2);
  EXPECT_NE(older.err.find("holds results of another build of pasante"), std::string::npos) << older.err;
  query(db, "UPDATE sweep SET value = '" + build[0] + "' WHERE key = 'build'");

  // Another design in the same directory is refused, not mixed.
  const CommandResult other = pasante("sweep grid.yaml --days 61 --out S");
  EXPECT_EQ(other.status, 2);
  EXPECT_NE(other.err.find("different sweep"), std::string::npos) << other.err;
  EXPECT_EQ(query(db, "SELECT count(*) FROM runs"), std::vector<std::string>{"12"});

  // One job at a time gives the same database and the same summary.
  ASSERT_EQ(pasante("sweep grid.yaml --days 60 --out S1 --jobs 1 --quiet").status, 0);
  const std::string metrics_sql = "SELECT point_id, replicate, metric, value FROM metrics ORDER BY point_id, replicate, metric";
  EXPECT_EQ(query(work() / "S1" / "results.sqlite", metrics_sql), query(db, metrics_sql));
  EXPECT_EQ(read_file(work() / "S1" / "summary.csv"), read_file(work() / "S" / "summary.csv"));

  // Sweep points are arms for compare (DIR@N), paired by seed.
  const CommandResult cmp = pasante("compare S@0 S@1 --out C");
  ASSERT_EQ(cmp.status, 0) << cmp.err;
  const auto csv = lines_of(read_file(work() / "C" / "compare.csv"));
  ASSERT_GT(csv.size(), 1u);
  const auto cells = split_csv_simple(csv[1]);
  EXPECT_EQ(cells[9], "3") << csv[1];
}

TEST_F(SweepEndToEnd, LatinHypercubeSensitivityFindsWhatTheBudgetAndSupervisionDrive) {
  // The model's mechanisms seen through the sweep: a larger medicine budget
  // means fewer stockout refusals, more supervision visits asked for means
  // more done (MODEL.md §5.4, §5.7).
  std::ofstream(work() / "lhs.yaml") << "sweep:\n"
                                        "  name: lhs-test\n"
                                        "  base: " << kSource << "/scenarios/doctor_arroyo.yaml\n"
                                     << "  design: lhs\n"
                                        "  samples: 12\n"
                                        "  replicates: 1\n"
                                        "  seed: 3\n"
                                        "  ranges:\n"
                                        "    policy.supply.budget_multiplier: [0.3, 1.5]\n"
                                        "    policy.supervision.visits_per_month: [0.5, 4]\n";
  const CommandResult r = pasante("sweep lhs.yaml --days 120 --out S --jobs 2 --quiet");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto csv = lines_of(read_file(work() / "S" / "sensitivity.csv"));
  ASSERT_GT(csv.size(), 2u);
  EXPECT_EQ(csv[0], "parameter,metric,points,prcc,ci_low,ci_high,p_value,p_holm,change_across_range");
  std::map<std::string, std::vector<std::string>> rows;
  for (std::size_t i = 1; i < csv.size(); ++i) {
    const auto cells = split_csv_simple(csv[i]);
    ASSERT_EQ(cells.size(), 9u) << csv[i];
    EXPECT_EQ(cells[2], "12");
    rows[cells[0] + " " + cells[1]] = cells;
  }
  const auto& stockout = rows.at("policy.supply.budget_multiplier refusal_rate_stockout");
  EXPECT_LT(std::stod(stockout[3]), -0.8);
  EXPECT_LT(std::stod(stockout[5]), 0) << "the 95% interval excludes zero";
  EXPECT_LT(std::stod(stockout[6]), 0.01);
  EXPECT_LT(std::stod(stockout[7]), 0.05) << "significant after Holm's correction";
  EXPECT_LT(std::stod(stockout[8]), 0) << "fewer stockout refusals across the budget range";
  const auto& visits = rows.at("policy.supervision.visits_per_month supervision_visits_per_month_done");
  EXPECT_GT(std::stod(visits[3]), 0.8);
  EXPECT_GT(std::stod(visits[4]), 0);
  EXPECT_NE(read_file(work() / "S" / "report.html").find("Which parameters matter"), std::string::npos);
  // One replicate per point: a mean, but no spread and no interval.
  const auto summary = lines_of(read_file(work() / "S" / "summary.csv"));
  ASSERT_GT(summary.size(), 1u);
  const auto cells = split_csv_simple(summary[1]);  // the label's comma splits it too: read from the end
  ASSERT_GE(cells.size(), 10u) << summary[1];
  const std::size_t n = cells.size() - 5;
  EXPECT_EQ(cells[n], "1");
  EXPECT_FALSE(cells[n + 1].empty());
  EXPECT_EQ(cells[n + 2] + cells[n + 3] + cells[n + 4], "") << summary[1];
}

TEST_F(SweepEndToEnd, SweepFileErrorsExitTwoWithOneLineAndWriteNothing) {
  std::ofstream(work() / "bad.yaml") << "sweep:\n  base: " << kSource
                                     << "/scenarios/doctor_arroyo.yaml\n  grid:\n    policy.supply.alocation: [a]\n";
  const CommandResult r = pasante("sweep bad.yaml --out S");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "pasante: error: bad.yaml:4:5: grid.policy.supply.alocation: unknown parameter (did you mean "
                   "'policy.supply.allocation'?)\n");
  EXPECT_FALSE(fs::exists(work() / "S"));
}

TEST_F(SweepEndToEnd, WorldErrorsStopTheSweepBeforeItWritesAndNameTheSweepFile) {
  // Found only when a point's world is built: the sweep used to run the good points, leave a half-filled
  // results.sqlite behind, and name --set as the place of the bad value.
  std::ofstream(work() / "hosp.yaml") << "sweep:\n  name: hosp\n  base: " << kSource
                                      << "/scenarios/doctor_arroyo.yaml\n  grid:\n"
                                         "    world.hospital_municipality: [\"014\", \"999\"]\n";
  for (const char* args : {"sweep hosp.yaml --days 5 --out S --quiet", "sweep hosp.yaml --days 5 --dry-run"}) {
    const CommandResult r = pasante(args);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.err, "pasante: error: hosp.yaml:5:42: world.hospital_municipality: municipality 999 is not among "
                     "world.municipalities\n");
    EXPECT_FALSE(fs::exists(work() / "S"));
  }
}

// Starts `pasante args...` as a child process (output discarded; paths in `args` are absolute).
pid_t spawn_pasante(const std::vector<std::string>& args) {
  std::vector<std::string> all{PASANTE_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, all[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

TEST_F(SweepEndToEnd, KilledAtRandomMomentsAndRestartedEndsIdenticalToAnUninterruptedSweep) {
  // Long enough (about 2 s) that a kill lands inside the sweep however fast runs get.
  constexpr int kReplicates = 8, kRuns = 4 * kReplicates;  // the 2 x 2 grid
  const fs::path sweep = grid_sweep(kReplicates, "  store_timeseries: true\n");
  const std::vector<std::string> common{"sweep", sweep.string(), "--jobs", "2", "--quiet"};
  auto args_for = [&](const fs::path& out) {
    std::vector<std::string> a = common;
    a.push_back("--out");
    a.push_back(out.string());
    return a;
  };

  // The uninterrupted sweep, timed to aim the kills inside a run.
  const fs::path whole = work() / "whole", killed = work() / "killed";
  const auto start = std::chrono::steady_clock::now();
  {
    const pid_t pid = spawn_pasante(args_for(whole));
    ASSERT_GT(pid, 0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  const double whole_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::random_device device;
  const unsigned seed = device();
  SCOPED_TRACE("kill delays drawn with seed " + std::to_string(seed) + "; the uninterrupted sweep took " +
               std::to_string(whole_seconds) + " s");
  std::mt19937 rng(seed);
  // Random moments between 0.1 s and 2 s, well before the sweep would have
  // finished (a restart has less left to do, and timings vary).
  std::uniform_real_distribution<double> delay(0.1, std::clamp(0.6 * whole_seconds, 0.15, 2.0));

  const fs::path db = killed / "results.sqlite";
  int kills = 0;
  for (int attempt = 0; attempt < 5; ++attempt) {
    const pid_t pid = spawn_pasante(args_for(killed));
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay(rng)));
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) break;  // it finished first
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    ++kills;
    if (!fs::exists(db)) continue;
    // After every kill: done runs are whole, and nothing else holds results.
    const auto done = query(db, "SELECT count(*) FROM runs WHERE status = 'done'");
    const auto with_metrics = query(db, "SELECT count(DISTINCT point_id || '/' || replicate) FROM metrics");
    EXPECT_EQ(done, with_metrics) << "after kill " << kills;
    EXPECT_EQ(query(db, "SELECT count(*) FROM metrics m JOIN runs r USING (point_id, replicate) WHERE r.status != 'done'"),
              std::vector<std::string>{"0"});
    EXPECT_EQ(query(db, "SELECT count(*) FROM timeseries t JOIN runs r USING (point_id, replicate) WHERE r.status != 'done'"),
              std::vector<std::string>{"0"});
  }
  EXPECT_GE(kills, 1) << "no kill landed while the sweep was running";
  RecordProperty("kills", kills);

  // Restarted with the same command, to completion.
  {
    const pid_t pid = spawn_pasante(args_for(killed));
    ASSERT_GT(pid, 0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

  for (const char* sql : {
           "SELECT point_id, replicate, metric, value FROM metrics ORDER BY point_id, replicate, metric",
           "SELECT point_id, replicate, day, municipality, metric, value FROM timeseries "
           "ORDER BY point_id, replicate, metric, municipality, day",
           "SELECT point_id, replicate, seed, status, scenario_sha256, resolved_json FROM runs ORDER BY point_id, replicate",
           "SELECT point_id, label, overrides_json FROM points ORDER BY point_id",
           "SELECT count(*) FROM metrics",
           "SELECT count(*) FROM timeseries",
       }) {
    const auto expected = query(whole / "results.sqlite", sql), actual = query(db, sql);
    EXPECT_FALSE(expected.empty()) << sql;
    EXPECT_EQ(actual.size(), expected.size()) << "none missing, none doubled: " << sql;
    EXPECT_TRUE(actual == expected) << "identical: " << sql;
  }
  EXPECT_EQ(query(db, "SELECT count(*) FROM runs WHERE status = 'done'"), std::vector<std::string>{std::to_string(kRuns)});
  EXPECT_EQ(read_file(killed / "summary.csv"), read_file(whole / "summary.csv"));
}

TEST_F(SweepEndToEnd, CompareFindsNeedsBasedSupplyLowersTheMismatchIndexWithAPairedInterval) {
  const CommandResult r = pasante("compare " + kSource + "/scenarios/doctor_arroyo.yaml " + kSource +
                                  "/scenarios/policies/needs_based_supply.yaml --replicates 10 --out X --jobs 2");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto csv = lines_of(read_file(work() / "X" / "compare.csv"));
  ASSERT_FALSE(csv.empty());
  EXPECT_EQ(csv[0],
            "metric,base_mean,variant_mean,diff,ci_low,ci_high,paired_half_width,unpaired_half_width,"
            "independent_half_width,n,variant,arm_correlation");
  std::map<std::string, std::vector<std::string>> rows;
  for (std::size_t i = 1; i < csv.size(); ++i) {
    const auto cells = split_csv_simple(csv[i]);
    rows[cells[0]] = cells;
  }
  ASSERT_TRUE(rows.contains("medicine_mismatch_index"));
  const auto& mismatch = rows["medicine_mismatch_index"];
  EXPECT_EQ(mismatch[9], "10");
  EXPECT_LT(std::stod(mismatch[3]), 0);
  EXPECT_LT(std::stod(mismatch[5]), 0) << "the 95% interval of the difference lies below zero";
  // Pairing narrows the intervals of most metrics (stockout refusals among
  // them: their arms correlate about 0.9 over seeds). It cannot for the
  // mismatch index: needs-based supply makes it nearly constant (about 1e-4),
  // so the difference's spread is the baseline's own and pairing leaves the
  // width where independent seeds would (the ratio is about 1). Nor, reliably,
  // for the total refusal rate: within an arm its capacity and stockout parts
  // move against each other, so its two arms correlate weakly (0.1 over seeds
  // 1–10 when this was written) and the paired interval is about as wide as
  // the unpaired one, narrower or wider by chance.
  const auto& stockout = rows["refusal_rate_stockout"];
  EXPECT_LT(std::stod(stockout[6]), std::stod(stockout[7]));
  std::vector<double> ratios;
  for (const auto& [metric, cells] : rows)
    if (!cells[7].empty() && std::stod(cells[7]) > 0) ratios.push_back(std::stod(cells[6]) / std::stod(cells[7]));
  ASSERT_GT(ratios.size(), 10u);
  std::sort(ratios.begin(), ratios.end());
  EXPECT_LT(ratios[ratios.size() / 2], 0.8) << "median paired/unpaired width ratio";

  EXPECT_NE(r.out.find("medicine_mismatch_index"), std::string::npos) << "the table is printed";
  EXPECT_NE(r.out.find("Pairing (common random numbers)"), std::string::npos) << r.out;
  for (const char* name : {"compare.csv", "replicates.csv", "report.html", "manifest.json"})
    EXPECT_TRUE(fs::is_regular_file(work() / "X" / name)) << name;
}

TEST_F(SweepEndToEnd, CompareTakesRunDirectoriesPairedBySeed) {
  for (int seed : {1, 2})
    for (const std::string arm : {"base", "needs"}) {
      const std::string scenario =
          arm == "base" ? "" : " " + kSource + "/scenarios/policies/needs_based_supply.yaml";
      ASSERT_EQ(pasante("run" + scenario + " --days 30 --seed " + std::to_string(seed) + " --quiet --threads 1 --out " +
                        arm + "/seed" + std::to_string(seed))
                    .status,
                0);
    }
  const CommandResult r = pasante("compare base needs --out C");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto csv = lines_of(read_file(work() / "C" / "compare.csv"));
  ASSERT_GT(csv.size(), 1u);
  EXPECT_EQ(split_csv_simple(csv[1])[9], "2");
  EXPECT_NE(r.out.find("2 paired replicates (seeds 1,2)"), std::string::npos) << r.out;
  const CommandResult bad = pasante("compare base nothere --out D");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("nothere"), std::string::npos);
  EXPECT_FALSE(fs::exists(work() / "D"));
}

TEST_F(SweepEndToEnd, CompareRejectsDamagedSummariesAndBadPointNumbers) {
  ASSERT_EQ(pasante("run --days 5 --quiet --threads 1 --out base").status, 0);
  const std::string summary = read_file(work() / "base" / "summary.csv");
  const auto variant = [&](const std::string& name, const std::string& text) {
    fs::copy(work() / "base", work() / name, fs::copy_options::recursive);
    std::ofstream(work() / name / "summary.csv", std::ios::trunc) << text;
  };
  const auto second_line_end = summary.find('\n', summary.find('\n') + 1);
  const std::string first_row = summary.substr(summary.find('\n') + 1, second_line_end - summary.find('\n'));
  const std::string first_metric = first_row.substr(0, first_row.find(','));
  // Each used to compare as if nothing were wrong (a non-number read as 0, a missing metric left out).
  variant("text", "metric,value\n" + first_metric + ",abc\n" + summary.substr(second_line_end + 1));
  variant("twice", summary + first_row);
  variant("empty", "metric,value\n");
  variant("short", "metric,value\n" + summary.substr(second_line_end + 1));
  const std::vector<std::pair<std::string, std::string>> cases{
      {"text", "text/summary.csv:2:2: value: expected a number, found \"abc\""},
      {"twice", "metric: metric '" + first_metric + "' is listed twice"},
      {"empty", "empty/summary.csv: lists no metric"}};
  for (const auto& [name, message] : cases) {
    SCOPED_TRACE(name);
    const CommandResult r = pasante("compare base " + name + " --out C --quiet");
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(work() / "C"));
  }
  // A point number beyond int used to end in std::stoi's exception (exit 1).
  fs::create_directories(work() / "S");
  std::ofstream(work() / "S" / "results.sqlite") << "";
  for (const char* arm : {"S@99999999999999", "S@x", "S@"}) {
    const CommandResult r = pasante(std::string("compare ") + arm + " base --out C --quiet");
    EXPECT_EQ(r.status, 2) << arm << ": " << r.err;
    EXPECT_NE(r.err.find("expected DIR@N"), std::string::npos) << r.err;
  }
  EXPECT_EQ(pasante("compare base base --out C --quiet").status, 0) << "the undamaged run still compares";
  // A metric only one arm has (results of another version, say) is left out,
  // and the printed table says so instead of dropping it silently.
  const CommandResult shorter = pasante("compare base short --out C2 --quiet");
  EXPECT_EQ(shorter.status, 0) << shorter.err;
  EXPECT_NE(shorter.out.find("note: short has no metric '" + first_metric + "'"), std::string::npos) << shorter.out;
  EXPECT_EQ(read_file(work() / "C2" / "compare.csv").find("\n" + first_metric + ","), std::string::npos);
}

// Guards pairing: replicates are paired by seed only between runs of the same
// length (a 20-day sweep point against a 365-day scenario used to be
// differenced without a word).
TEST_F(SweepEndToEnd, CompareRefusesArmsOfDifferentLengths) {
  grid_sweep(2);
  ASSERT_EQ(pasante("sweep grid.yaml --days 20 --out S --quiet").status, 0);
  const std::string scenario = kSource + "/scenarios/policies/more_supervision.yaml";
  const CommandResult r = pasante("compare S@0 " + scenario + " --out C --quiet");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("simulates 365 days and the base (S@0) 20"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(work() / "C"));
  const CommandResult same = pasante("compare S@0 " + scenario + " --days 20 --out C --quiet");
  EXPECT_EQ(same.status, 0) << same.err;
  // Run directories of different lengths, too.
  ASSERT_EQ(pasante("run --days 5 --quiet --out a").status, 0);
  ASSERT_EQ(pasante("run --days 6 --quiet --out b").status, 0);
  const CommandResult runs = pasante("compare a b --out C2 --quiet");
  EXPECT_EQ(runs.status, 2) << runs.err;
  EXPECT_NE(runs.err.find("simulates 6 days and the base (a) 5"), std::string::npos) << runs.err;
  // A manifest that does not record the length (an edited or foreign one) is compared unchecked.
  auto manifest = nlohmann::json::parse(read_file(work() / "b" / "manifest.json"));
  manifest["scenario"].erase("resolved");
  std::ofstream(work() / "b" / "manifest.json") << manifest.dump(2);
  const CommandResult unknown = pasante("compare a b --out C3 --quiet");
  EXPECT_EQ(unknown.status, 0) << unknown.err;
}

TEST_F(SweepEndToEnd, CompareRefusesToWriteOverAnArm) {
  // `compare a b --out a` used to replace the run a with the comparison.
  ASSERT_EQ(pasante("run --days 5 --quiet --threads 1 --out a").status, 0);
  fs::copy(work() / "a", work() / "b", fs::copy_options::recursive);
  const std::string summary = read_file(work() / "a" / "summary.csv");
  for (const char* out : {"a", "./b/"}) {
    const CommandResult r = pasante(std::string("compare a b --quiet --out ") + out);
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("the comparison would replace it"), std::string::npos) << r.err;
  }
  EXPECT_EQ(read_file(work() / "a" / "summary.csv"), summary);
  EXPECT_EQ(read_file(work() / "b" / "summary.csv"), summary);
}

}  // namespace
