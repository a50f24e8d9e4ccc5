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
#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "core/text_source.hpp"
#include "outputs/run_directory.hpp"

namespace pasante {

namespace {

struct CalibrateCommand {
  std::string scenario = std::string(kDefaultScenario);
  std::string out;
  ReplicateOptions runs;
};

int run_calibrate_command(const CalibrateCommand& c) {
  analysis::CalibrationOptions options;
  c.runs.fill(options);

  const std::string out = !c.out.empty() ? c.out
                                         : "runs/calibration-" + std::filesystem::path(c.scenario).stem().string();
  RunDirectory::check_replaceable(out, "calibrate");  // refuse now rather than after the runs

  std::unique_ptr<ProgressBar> bar;
  if (!c.runs.quiet && ::isatty(STDERR_FILENO))
    options.on_run_done = [&bar](int done, int total) {
      if (!bar) bar = std::make_unique<ProgressBar>(stderr, "runs", true, 0);
      bar->update(done, total);
    };
  const analysis::CalibrationCheck check = analysis::run_calibration(c.scenario, options);
  if (bar) bar->finish();

  analysis::write_calibration(check, out);
  std::cout << analysis::format_calibration(check);
  if (!c.runs.quiet) std::cout << "pasante: calibration.csv -> " << out << "\n";
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
      "index clearly above needs_based's (by 0.1 or more, and more than twice it), and 1-2\n"
      "supervision visits a month. Undefined values (blank in summary.csv) are left out. Prints\n"
      "the table and writes calibration.csv (metric, target, mean, sd, ci_low, ci_high, n,\n"
      "reference, met) into --out. The targets are the baseline's; another scenario is checked\n"
      "against the same.\n"
      "Exit status: 0 every target met, 3 a target missed, 1 internal error, 2 bad input.");
  calibrate->add_option("scenario", c->scenario,
                        "Scenario YAML file (default: the embedded Doctor Arroyo baseline, " +
                            std::string(kDefaultScenario) + ")");
  add_replicate_options(*calibrate, c->runs, "for the scenario and its needs_based twin");
  calibrate->add_option("--out,-o", c->out,
                        "Output directory (default: runs/calibration-<scenario>); a previous check there is replaced");
  return {calibrate, [c] { return run_calibrate_command(*c); }};
}

}  // namespace pasante
