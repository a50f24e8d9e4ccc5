// `pasante sweep`: the command line of a sweep. The design, the runs and the
// results database are in analysis/; this file only reads options and prints.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analysis/sweep_design.hpp"
#include "analysis/sweep_mpi.hpp"
#include "analysis/sweep_runner.hpp"
#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"

namespace pasante {

namespace {

struct SweepOptions {
  std::string file;
  std::string out;
  int jobs = 0;
  int threads = 1;
  std::int64_t days = 0;
  std::vector<std::string> sets;
  bool timeseries = false;
  bool quiet = false;
  bool dry_run = false;
  CLI::Option* days_option = nullptr;
  CLI::Option* jobs_option = nullptr;
};

analysis::SweepDesign load_design(const SweepOptions& o) {
  std::vector<std::string> common = o.sets;
  if (o.days_option->count() > 0) common.push_back("scenario.days=" + std::to_string(o.days));
  analysis::SweepDesign design = analysis::load_sweep(o.file, common);
  if (o.timeseries) design.store_timeseries = true;
  return design;
}

std::string out_directory(const SweepOptions& o, const analysis::SweepDesign& design) {
  return !o.out.empty() ? o.out : "runs/" + design.name;
}

void print_points(const analysis::SweepDesign& design) {
  std::printf("sweep %s: %s design, %zu points x %d replicates = %d runs (seeds %lld to %lld), base %s\n",
              design.name.c_str(), design.design.c_str(), design.points.size(), design.replicates, design.total_runs(),
              static_cast<long long>(design.replicate_seed(0)),
              static_cast<long long>(design.replicate_seed(design.replicates - 1)), design.base.c_str());
  for (const auto& p : design.points) std::printf("  %4d  %s\n", p.id, p.label.c_str());
}

// The progress bar on stderr when it is a terminal (and not --quiet); `bar` holds it once the sweep starts.
void attach_progress(const SweepOptions& o, analysis::SweepRunOptions& options, std::unique_ptr<ProgressBar>& bar) {
  if (o.quiet || !::isatty(STDERR_FILENO)) return;
  options.on_start = [&bar](int done, int total) {
    bar = std::make_unique<ProgressBar>(stderr, "runs", true, done);
    bar->update(done, total);
  };
  options.on_run_done = [&bar](int done, int total) {
    if (bar) bar->update(done, total);
  };
}

void print_closing_summary(const analysis::SweepDesign& design, const analysis::SweepRunOutcome& outcome,
                           double seconds, const std::string& out, int processes) {
  std::printf("pasante: sweep %s: %zu points x %d replicates = %d runs", design.name.c_str(), design.points.size(),
              design.replicates, outcome.total);
  if (outcome.already_done > 0) std::printf(" (%d were done before, %d run now)", outcome.already_done, outcome.ran);
  std::printf(" in %.1f s", seconds);
  if (processes > 1) std::printf(" over %d processes", processes);
  std::printf(" -> %s\n", out.c_str());
  std::printf("  results.sqlite  summary.csv  sensitivity.csv  report.html\n");
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

#ifdef PASANTE_WITH_MPI
// One rank of `mpirun -np N pasante sweep ...` (analysis/sweep_mpi.hpp): every
// rank loads the sweep and runs simulations; rank 0 alone writes and prints,
// errors included (they are printed before any rank exits, so they are not
// thrown to main).
int run_distributed_sweep_command(const SweepOptions& o) {
  analysis::DistributedSweep job;
  const std::optional<analysis::SweepDesign> design = job.load([&o] { return load_design(o); });
  if (!design) return job.exit_status();
  if (o.dry_run) {
    if (job.coordinator()) print_points(*design);
    return 0;
  }
  std::unique_ptr<ProgressBar> bar;
  analysis::SweepRunOptions options;
  options.jobs = o.jobs_option->count() > 0 ? o.jobs : 1;
  options.threads_per_run = o.threads;
  if (job.coordinator()) attach_progress(o, options, bar);
  const std::string out = out_directory(o, *design);
  const auto start = std::chrono::steady_clock::now();
  const std::optional<analysis::SweepRunOutcome> outcome = job.run(*design, out, options);
  if (!outcome) return job.exit_status();
  if (bar) bar->finish();
  if (!o.quiet) print_closing_summary(*design, *outcome, seconds_since(start), out, job.size());
  return 0;
}
#endif

int run_sweep_command(const SweepOptions& o) {
  const analysis::LaunchedRank launched = analysis::launched_rank();
  if (launched.size > 1) {
#ifdef PASANTE_WITH_MPI
    return run_distributed_sweep_command(o);
#else
    // Printed by the first process only. The others wait a moment before they
    // exit: mpirun ends the whole job when one process fails.
    if (launched.rank == 0)
      std::fprintf(stderr,
                   "pasante: error: started as one of %d MPI processes, but this pasante was built without MPI "
                   "(PASANTE_MPI=OFF or MPI not found): run the sweep without mpirun, or rebuild with MPI\n",
                   launched.size);
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return 2;
#endif
  }

  const analysis::SweepDesign design = load_design(o);
  if (o.dry_run) {
    analysis::check_sweep_worlds(design);
    print_points(design);
    return 0;
  }
  std::unique_ptr<ProgressBar> bar;
  analysis::SweepRunOptions options;
  options.jobs = o.jobs;
  options.threads_per_run = o.threads;
  attach_progress(o, options, bar);
  const std::string out = out_directory(o, design);
  const auto start = std::chrono::steady_clock::now();
  const analysis::SweepRunOutcome outcome = analysis::run_sweep(design, out, options);
  if (bar) bar->finish();
  if (!o.quiet) print_closing_summary(design, outcome, seconds_since(start), out, 1);
  return 0;
}

}  // namespace

Subcommand add_sweep_command(CLI::App& app) {
  auto o = std::make_shared<SweepOptions>();
  CLI::App* sweep = app.add_subcommand("sweep", "Run a sweep: a design of scenarios times replicates");
  sweep->footer(
      "A sweep file names a base scenario, a design and replicates:\n"
      "  sweep:\n"
      "    name: supervision-by-supply\n"
      "    base: ../doctor_arroyo.yaml        # relative to the sweep file\n"
      "    replicates: 10\n"
      "    seed: 7                            # replicate r of every point runs with seed 7 + r\n"
      "    grid:                              # cartesian product, first key varying slowest\n"
      "      policy.supervision.visits_per_month: [1.5, 4]\n"
      "      policy.supply.allocation: [fixed_basket, needs_based]\n"
      "or `design: lhs` with `samples: N` and `ranges: {key: [low, high]}` (Latin hypercube over\n"
      "numeric parameters); `store_timeseries: true` keeps every run's time series.\n"
      "\n"
      "Outputs in the --out directory: results.sqlite (tables sweep, points, runs, metrics and\n"
      "optionally timeseries), summary.csv (point x metric: n, mean, sd, 95% CI), sensitivity.csv\n"
      "(partial rank correlation of every metric with every numeric varied parameter, over the\n"
      "points' means, with 95% interval, p-value, Holm-adjusted p-value and the change across the\n"
      "parameter's range from a linear fit; needs parameters + 3 points) and report.html.\n"
      "sweep.lock, left in the directory, is what keeps two sweeps from writing there at once.\n"
      "Every finished run is recorded in one transaction: a sweep that is interrupted (even killed)\n"
      "continues where it stopped when the same command is given again, and ends with the same\n"
      "results as an uninterrupted one. A directory holding another sweep's results, or results of\n"
      "another build of pasante, is refused.\n"
      "\n"
      "Under mpirun (`mpirun -np 4 pasante sweep SWEEP.yaml`, when built with MPI) the runs are spread\n"
      "over the processes, each running --jobs at a time (default 1 under mpirun): process 0 alone\n"
      "writes the --out directory, with the same results as one process; every process reads the\n"
      "sweep file (a shared filesystem is assumed).\n"
      "Exit status: 0 success, 1 internal error, 2 bad input.");
  sweep->add_option("sweep_file", o->file, "Sweep YAML file")->required();
  sweep->add_option("--out,-o", o->out, "Output directory (default: runs/<sweep name>); give it again to resume");
  o->jobs = analysis::default_jobs();
  o->jobs_option = sweep
                       ->add_option("--jobs,-j", o->jobs,
                                    "Runs at a time (default: the machine's hardware threads; under mpirun, per "
                                    "process, default 1)")
                       ->transform(decimal_integer())
                       ->check(CLI::Range(1, 1024))
                       ->capture_default_str();
  sweep->add_option("--threads", o->threads, "Threads inside each run (results do not depend on it)")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  o->days_option = sweep->add_option("--days", o->days, "Days to simulate in every run; same as --set scenario.days=N")
                       ->transform(decimal_integer());
  sweep->add_option("--set", o->sets, "Override a parameter of every run, KEY=VALUE (repeatable)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  sweep->add_flag("--timeseries", o->timeseries, "Keep every run's time series in results.sqlite");
  sweep->add_flag("--quiet,-q", o->quiet, "No progress bar and no closing summary");
  sweep->add_flag("--dry-run", o->dry_run, "Check the sweep file and list its points without running");
  return {sweep, [o] { return run_sweep_command(*o); }};
}

}  // namespace pasante
