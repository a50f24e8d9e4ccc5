// `mpirun -np 3 pasante sweep` (analysis/sweep_mpi.cpp) through the real
// launcher and binary: three processes fill results.sqlite and summary.csv
// exactly as one process does, and a sweep begun by one process is finished by
// three; a bad sweep file stops every process promptly with the error printed
// once; processes that load different sweeps stop before writing anything.
//
// Built only when CMake found MPI and its launcher (tests/CMakeLists.txt).
// mpirun runs with Open MPI's environment switches that this container needs
// (root, and more processes than the 2 cores), under `timeout` so that a hang
// fails the test instead of stalling the suite. In the sanitize preset the MPI
// processes run without LeakSanitizer: Open MPI leaves allocations behind at
// exit in components it has already unloaded, which no suppression by library
// name can match (AddressSanitizer's other checks stay on; the single-process
// runs keep the leak check).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "command_runner.hpp"
#include "results_query.hpp"

namespace {

namespace fs = std::filesystem;
using pasante::test::CommandResult;
using pasante::test::query;
using pasante::test::read_file;
using pasante::test::shell_quote;

const std::string kSource = PASANTE_SOURCE_DIR;
constexpr int kTimeoutStatus = 124;  // timeout(1)'s status when the command had to be stopped

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

class SweepMpiEndToEnd : public pasante::test::CommandLineTest {
 protected:

  // `mpirun <launch>`, where `launch` holds -np and the commands; at most 60 s.
  CommandResult mpirun(const std::string& launch) const {
    return pasante::test::run_command(work(), capture(), "timeout",
                                      "-k 5 60 env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
                                      "OMPI_MCA_rmaps_base_oversubscribe=1 ASAN_OPTIONS=detect_leaks=0 " +
                                          shell_quote(PASANTE_MPIRUN) + " " + launch);
  }
  std::string binary() const { return shell_quote(PASANTE_BINARY); }

  // 2 points over the repository's baseline, with time series.
  void write_sweep(const std::string& name, int replicates) const {
    std::ofstream(work() / name) << "sweep:\n"
                                    "  name: mpi-test\n"
                                    "  base: "
                                 << kSource << "/scenarios/doctor_arroyo.yaml\n"
                                 << "  replicates: " << replicates << "\n"
                                 << "  seed: 7\n"
                                    "  store_timeseries: true\n"
                                    "  grid:\n"
                                    "    policy.supply.allocation: [fixed_basket, needs_based]\n";
  }

  // Every table of two sweep directories row for row (timestamps left out),
  // and summary.csv byte for byte.
  void expect_same_results(const fs::path& expected_dir, const fs::path& actual_dir) const {
    for (const char* sql : {
             "SELECT point_id, replicate, metric, value FROM metrics ORDER BY point_id, replicate, metric",
             "SELECT point_id, replicate, day, municipality, metric, value FROM timeseries "
             "ORDER BY point_id, replicate, metric, municipality, day",
             "SELECT point_id, replicate, seed, status, scenario_sha256, resolved_json FROM runs "
             "ORDER BY point_id, replicate",
             "SELECT point_id, label, overrides_json FROM points ORDER BY point_id",
             "SELECT count(*) FROM metrics",
             "SELECT count(*) FROM timeseries",
         }) {
      const auto expected = query(expected_dir / "results.sqlite", sql);
      const auto actual = query(actual_dir / "results.sqlite", sql);
      EXPECT_FALSE(expected.empty()) << sql;
      EXPECT_EQ(actual.size(), expected.size()) << sql;
      EXPECT_TRUE(actual == expected) << "identical: " << sql;
    }
    const std::string summary = read_file(expected_dir / "summary.csv");
    EXPECT_GT(summary.size(), 100u);
    EXPECT_EQ(read_file(actual_dir / "summary.csv"), summary);
  }
};

TEST_F(SweepMpiEndToEnd, ThreeProcessesGiveTheResultsOfOneAndFinishWhatOneBegan) {
  write_sweep("sweep.yaml", 3);
  const CommandResult one = pasante("sweep sweep.yaml --days 60 --out one --jobs 2 --quiet");
  ASSERT_EQ(one.status, 0) << one.err;

  const CommandResult three = mpirun("-np 3 " + binary() + " sweep sweep.yaml --days 60 --out three");
  ASSERT_EQ(three.status, 0) << three.err;
  EXPECT_EQ(count_of(three.out, "pasante: sweep mpi-test: 2 points x 3 replicates = 6 runs in "), 1)
      << "rank 0 alone prints the closing summary:\n"
      << three.out;
  EXPECT_NE(three.out.find("over 3 processes"), std::string::npos) << three.out;
  EXPECT_EQ(query(work() / "three" / "results.sqlite", "SELECT count(*) FROM runs WHERE status = 'done'"),
            std::vector<std::string>{"6"});
  expect_same_results(work() / "one", work() / "three");

  // Begun by one process with 2 replicates, grown to 3 and finished by three processes.
  write_sweep("sweep2.yaml", 2);
  ASSERT_EQ(pasante("sweep sweep2.yaml --days 60 --out mixed --jobs 1 --quiet").status, 0);
  const CommandResult finish = mpirun("-np 3 " + binary() + " sweep sweep.yaml --days 60 --out mixed");
  ASSERT_EQ(finish.status, 0) << finish.err;
  EXPECT_NE(finish.out.find("(4 were done before, 2 run now)"), std::string::npos) << finish.out;
  expect_same_results(work() / "one", work() / "mixed");

  // And one process finds nothing left in what three wrote.
  const CommandResult again = pasante("sweep sweep.yaml --days 60 --out three");
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_NE(again.out.find("6 were done before, 0 run now"), std::string::npos) << again.out;
}

TEST_F(SweepMpiEndToEnd, BadSweepFileStopsEveryProcessPromptlyWithTheErrorPrintedOnce) {
  std::ofstream(work() / "bad.yaml") << "sweep:\n  base: " << kSource
                                     << "/scenarios/doctor_arroyo.yaml\n  grid:\n    policy.supply.alocation: [a]\n";
  const auto start = std::chrono::steady_clock::now();
  const CommandResult r = mpirun("-np 3 " + binary() + " sweep bad.yaml --out S");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(r.status, kTimeoutStatus) << "a process hung";
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_LT(seconds, 20.0);
  const std::string error =
      "pasante: error: bad.yaml:4:5: grid.policy.supply.alocation: unknown parameter (did you mean "
      "'policy.supply.allocation'?)\n";
  EXPECT_EQ(count_of(r.err, error), 1) << r.err;
  EXPECT_EQ(count_of(r.err + r.out, "pasante: "), 1) << "nothing else from pasante:\n" << r.err << r.out;
  EXPECT_FALSE(fs::exists(work() / "S"));
}

TEST_F(SweepMpiEndToEnd, ProcessesThatLoadDifferentSweepsStopBeforeWritingAnything) {
  write_sweep("sweep.yaml", 2);
  // Rank 0 simulates 60 days, ranks 1 and 2 61 days: the designs differ.
  const CommandResult r = mpirun("-np 1 " + binary() + " sweep sweep.yaml --days 60 --out S : -np 2 " + binary() +
                                 " sweep sweep.yaml --days 61 --out S");
  EXPECT_NE(r.status, kTimeoutStatus) << "a process hung";
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(count_of(r.err, "pasante: error: rank 1: the sweep it loaded differs from rank 0's"), 1) << r.err;
  EXPECT_EQ(count_of(r.err + r.out, "pasante: "), 1) << r.err << r.out;
  EXPECT_FALSE(fs::exists(work() / "S"));
}

}  // namespace
