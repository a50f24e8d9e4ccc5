// Running a sweep: every (point, replicate) not yet done in the output
// directory's results.sqlite, in parallel, each finished run recorded in one
// transaction; then summary.csv, sensitivity.csv and report.html, computed
// from the database ordered by point and replicate (so they do not depend on
// --jobs, on the order runs finished in, or on how often the sweep was
// interrupted).
//
// The pieces of run_sweep (the directory held for writing, one run, the
// outputs) are exposed for analysis/sweep_mpi.cpp, which spreads the same runs
// over MPI processes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/report.hpp"
#include "analysis/results_store.hpp"
#include "outputs/run_results.hpp"

namespace pasante::analysis {

struct SweepDesign;
class DirectoryLock;

struct SweepRunOptions {
  int jobs = 0;             // runs at a time; 0: the machine's hardware threads
  int threads_per_run = 1;  // threads inside each run
  // After each run recorded: (runs done, including those done before, runs in total). Serialised.
  std::function<void(int, int)> on_run_done;
  // Before the first new run starts: (runs already done, runs in total).
  std::function<void(int, int)> on_start;
};

struct SweepRunOutcome {
  int total = 0;         // runs in the design
  int already_done = 0;  // found done in results.sqlite
  int ran = 0;           // run now
};

// Runs what is pending of `design` into `out_dir` (created if missing). Throws
// InputError when `out_dir` holds something other than this sweep's results,
// or another `pasante sweep` is writing there.
// Builds the world of every point whose world differs (most sweeps have
// one) and drops it, so errors only a world reveals (a hospital missing from
// the municipalities a point lists) stop the sweep before it writes anything.
void check_sweep_worlds(const SweepDesign& design);

SweepRunOutcome run_sweep(const SweepDesign& design, const std::filesystem::path& out_dir,
                          const SweepRunOptions& options = {});

// A sweep's output directory held for writing: refused when it holds
// something other than a sweep's results, created if missing, locked against
// other `pasante sweep`s for as long as this object lives, and its
// results.sqlite bound to `design` (ResultsStore::bind_design). Throws
// InputError like run_sweep.
class SweepDirectory {
 public:
  SweepDirectory(const SweepDesign& design, const std::filesystem::path& out_dir);
  ~SweepDirectory();
  SweepDirectory(const SweepDirectory&) = delete;
  SweepDirectory& operator=(const SweepDirectory&) = delete;

  ResultsStore& store() { return *store_; }
  // (point, replicate) not done yet, replicate by replicate so that early
  // results cover every point.
  std::vector<std::pair<int, int>> pending() const;
  // summary.csv, sensitivity.csv and report.html from results.sqlite (each replaced atomically).
  void write_outputs() const;

 private:
  std::filesystem::path dir_;
  int replicates_ = 0;
  std::vector<int> point_ids_;  // in design order
  std::unique_ptr<DirectoryLock> lock_;
  std::unique_ptr<ResultsStore> store_;
};

// One finished run of a sweep, owning what its RunRecord points to.
struct FinishedRun {
  int point_id = 0, replicate = 0;
  std::int64_t seed = 0;
  std::string scenario_sha256, resolved_json, started_at, finished_at;
  std::vector<SummaryMetric> summary;
  std::optional<TimeSeries> timeseries;  // when the design keeps time series

  RunRecord record() const;
};

// Simulates (point, replicate) of `design` with `threads` threads inside the
// run; `started_at` is the start recorded for it.
FinishedRun run_sweep_point(const SweepDesign& design, int point_id, int replicate, int threads,
                            const std::string& started_at);

// The sweep's points summarised over their replicates, read from the database.
SweepReportInput summarise_sweep(const ResultsStore& store);
// summary.csv (point_id is the point's index): point_id, label, one column per varied key, metric, n, mean,
// sd, ci_low, ci_high (sd and the interval blank with one replicate).
std::string sweep_summary_csv(const SweepReportInput& summary);

// Writes summary.csv, sensitivity.csv and report.html into `out_dir` from its
// results.sqlite (each file replaced atomically).
void write_sweep_outputs(const std::filesystem::path& out_dir);

// Calls task(0) ... task(count - 1) on `jobs` threads (0: hardware threads).
// Stops handing out tasks after the first exception, which it rethrows.
//
// The runs are spread over plain threads rather than TBB tasks: a Simulation
// holds a tbb::global_control limiting TBB's workers to its own thread count
// for the whole process, which would serialise an outer TBB loop. Each thread
// enters its run's own task arena as an external thread, which that limit does
// not touch.
void run_in_parallel(int count, int jobs, const std::function<void(int)>& task);
int default_jobs();

}  // namespace pasante::analysis
