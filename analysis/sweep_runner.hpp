// Running a sweep: every (point, replicate) not yet done in the output
// directory's results.sqlite, in parallel, each finished run recorded in one
// transaction; then summary.csv and report.html, computed from the database
// ordered by point and replicate (so they do not depend on --jobs, on the
// order runs finished in, or on how often the sweep was interrupted).
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "analysis/report.hpp"

namespace pasante::analysis {

struct SweepDesign;
class ResultsStore;

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
SweepRunOutcome run_sweep(const SweepDesign& design, const std::filesystem::path& out_dir,
                          const SweepRunOptions& options = {});

// The sweep's points summarised over their replicates, read from the database.
SweepReportInput summarise_sweep(const ResultsStore& store);
// summary.csv (point_id is the point's index): point_id, label, one column per varied key, metric, n, mean, sd, ci_low, ci_high.
std::string sweep_summary_csv(const SweepReportInput& summary);

// Writes summary.csv and report.html into `out_dir` from its results.sqlite
// (each file replaced atomically).
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
