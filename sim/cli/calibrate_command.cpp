// `pasante calibrate`: the command line of the calibration check. The targets,
// the runs and the judgement are in analysis/calibration; this file reads
// options, prints and writes calibration.csv.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analysis/calibration.hpp"
#include "analysis/sweep_runner.hpp"
#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "core/text_source.hpp"
#include "outputs/run_directory.hpp"

namespace pasante {

namespace {

struct CalibrateCommand {
  std::string scenario = std::string(kDefaultScenario);
  std::string out;
  int replicates = 10;
  std::int64_t seed = 0;
  std::int64_t days = 0;
  std::vector<std::string> sets;
  int jobs = 0;
  bool quiet = false;
  CLI::Option* seed_option = nullptr;
  CLI::Option* days_option = nullptr;
};

int run_calibrate_command(const CalibrateCommand& c) {
  analysis::CalibrationOptions options;
  options.replicates = c.replicates;
  if (c.seed_option->count() > 0) options.seed = c.seed;
  options.overrides = c.sets;
  if (c.days_option->count() > 0) options.overrides.push_back("scenario.days=" + std::to_string(c.days));
  options.jobs = c.jobs;

  const std::string out = !c.out.empty() ? c.out
                                         : "runs/calibration-" + std::filesystem::path(c.scenario).stem().string();
  RunDirectory::check_replaceable(out);  // refuse now rather than after the runs

  std::unique_ptr<ProgressBar> bar;
  if (!c.quiet && ::isatty(STDERR_FILENO))
    options.on_run_done = [&bar](int done, int total) {
      if (!bar) bar = std::make_unique<ProgressBar>(stderr, "runs", true, 0);
      bar->update(done, total);
    };
  const analysis::CalibrationCheck check = analysis::run_calibration(c.scenario, options);
  if (bar) bar->finish();

  analysis::write_calibration(check, out);
  std::cout << analysis::format_calibration(check);
  if (!c.quiet) std::cout << "pasante: calibration.csv -> " << out << "\n";
  return check.missed() == 0 ? 0 : kExitTargetMissed;
}

}  // namespace

Subcommand add_calibrate_command(CLI::App& app) {
  auto c = std::make_shared<CalibrateCommand>();
  CLI::App* calibrate = app.add_subcommand(
      "calibrate", "Check a scenario against the calibration targets of MODEL.md section 7 over replicates");
  calibrate->footer(
      "Runs the scenario for --replicates seeds (seed, seed + 1, ...) and the same scenario with\n"
      "policy.supply.allocation=needs_based at the same seeds (the mismatch-index target compares\n"
      "the two), and judges every target on the mean over replicates: refusal rate 0.50-0.70,\n"
      "stockouts the largest reason for refusal, at least 95% of interns refusing someone,\n"
      "intern security 19-29, 80-97% of women harassed, report inflation above 1.1, the mismatch\n"
      "index clearly above needs_based's, and 1-2 supervision visits a month. Prints the table\n"
      "and writes calibration.csv (metric, target, mean, sd, ci_low, ci_high, n, reference, met)\n"
      "into --out. The targets are the baseline's; another scenario is checked against the same.\n"
      "Exit status: 0 every target met, 3 a target missed, 1 internal error, 2 bad input.");
  calibrate->add_option("scenario", c->scenario,
                        "Scenario YAML file (default: the embedded Doctor Arroyo baseline, " +
                            std::string(kDefaultScenario) + ")");
  calibrate->add_option("--replicates,-n", c->replicates, "Replicates (seeds) per arm; MODEL.md asks for 10 or more")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  c->seed_option = calibrate->add_option("--seed", c->seed, "First seed (default: the scenario's scenario.seed)")
                       ->transform(decimal_integer());
  c->days_option = calibrate->add_option("--days", c->days, "Days to simulate; same as --set scenario.days=N")
                       ->transform(decimal_integer());
  calibrate->add_option("--set", c->sets, "Override a parameter, KEY=VALUE (repeatable)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  calibrate->add_option("--out,-o", c->out,
                        "Output directory (default: runs/calibration-<scenario>); a previous check there is replaced");
  c->jobs = analysis::default_jobs();
  calibrate->add_option("--jobs,-j", c->jobs, "Runs at a time (default: the machine's hardware threads)")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  calibrate->add_flag("--quiet,-q", c->quiet, "No progress bar and no closing line");
  return {calibrate, [c] { return run_calibrate_command(*c); }};
}

}  // namespace pasante
