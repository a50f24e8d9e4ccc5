// `pasante sweep`: the command line of a sweep. The design, the runs and the
// results database are in analysis/; this file only reads options and prints.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "analysis/sweep_design.hpp"
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
};

int run_sweep_command(const SweepOptions& o) {
  std::vector<std::string> common = o.sets;
  if (o.days_option->count() > 0) common.push_back("scenario.days=" + std::to_string(o.days));
  analysis::SweepDesign design = analysis::load_sweep(o.file, common);
  if (o.timeseries) design.store_timeseries = true;
  const std::string out = !o.out.empty() ? o.out : "runs/" + design.name;

  if (o.dry_run) {
    std::printf("sweep %s: %s design, %zu points x %d replicates = %d runs (seeds %lld to %lld), base %s\n",
                design.name.c_str(), design.design.c_str(), design.points.size(), design.replicates,
                design.total_runs(), static_cast<long long>(design.replicate_seed(0)),
                static_cast<long long>(design.replicate_seed(design.replicates - 1)), design.base.c_str());
    for (const auto& p : design.points) std::printf("  %4d  %s\n", p.id, p.label.c_str());
    return 0;
  }

  const bool show_progress = !o.quiet && ::isatty(STDERR_FILENO);
  std::unique_ptr<ProgressBar> bar;
  analysis::SweepRunOptions options;
  options.jobs = o.jobs;
  options.threads_per_run = o.threads;
  if (show_progress) {
    options.on_start = [&bar](int done, int total) {
      bar = std::make_unique<ProgressBar>(stderr, "runs", true, done);
      bar->update(done, total);
    };
    options.on_run_done = [&bar](int done, int total) {
      if (bar) bar->update(done, total);
    };
  }
  const auto start = std::chrono::steady_clock::now();
  const analysis::SweepRunOutcome outcome = analysis::run_sweep(design, out, options);
  if (bar) bar->finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!o.quiet) {
    std::printf("pasante: sweep %s: %zu points x %d replicates = %d runs", design.name.c_str(), design.points.size(),
                design.replicates, outcome.total);
    if (outcome.already_done > 0) std::printf(" (%d were done before, %d run now)", outcome.already_done, outcome.ran);
    std::printf(" in %.1f s -> %s\n", seconds, out.c_str());
    std::printf("  results.sqlite  summary.csv  report.html\n");
  }
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
      "optionally timeseries), summary.csv (point x metric: n, mean, sd, 95% CI) and report.html.\n"
      "Every finished run is recorded in one transaction: a sweep that is interrupted (even killed)\n"
      "continues where it stopped when the same command is given again, and ends with the same\n"
      "results as an uninterrupted one. A directory holding another sweep's results is refused.\n"
      "Exit status: 0 success, 1 internal error, 2 bad input.");
  sweep->add_option("sweep_file", o->file, "Sweep YAML file")->required();
  sweep->add_option("--out,-o", o->out, "Output directory (default: runs/<sweep name>); give it again to resume");
  o->jobs = analysis::default_jobs();
  sweep->add_option("--jobs,-j", o->jobs, "Runs at a time (default: the machine's hardware threads)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  sweep->add_option("--threads", o->threads, "Threads inside each run (results do not depend on it)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  o->days_option = sweep->add_option("--days", o->days, "Days to simulate in every run; same as --set scenario.days=N");
  sweep->add_option("--set", o->sets, "Override a parameter of every run, KEY=VALUE (repeatable)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  sweep->add_flag("--timeseries", o->timeseries, "Keep every run's time series in results.sqlite");
  sweep->add_flag("--quiet,-q", o->quiet, "No progress bar and no closing summary");
  sweep->add_flag("--dry-run", o->dry_run, "Check the sweep file and list its points without running");
  return {sweep, [o] { return run_sweep_command(*o); }};
}

}  // namespace pasante
