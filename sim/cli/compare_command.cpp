// `pasante compare`: the command line of a comparison of policy arms. The
// runs and the statistics are in analysis/comparison; this file reads options
// and prints.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/sweep_runner.hpp"
#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "core/input_error.hpp"
#include "core/text_source.hpp"
#include "outputs/run_directory.hpp"

namespace pasante {

namespace {

struct CompareCommand {
  std::vector<std::string> arms;  // base, then variants
  std::string out;
  ReplicateOptions runs;
  bool independent = false;
};

std::string arm_stem(const std::string& argument) {
  std::filesystem::path p(argument.substr(0, argument.rfind('@') == std::string::npos ? argument.size()
                                                                                      : argument.rfind('@')));
  p = p.lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  return p.stem().string();
}

// The output directory replaces what is there: it must not be (or hold) a
// run or sweep being compared, which `compare a b --out a` used to delete.
void refuse_output_over_an_arm(const std::string& out, const std::vector<std::string>& arms) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(out), ec);
  if (ec) return;
  for (const auto& arm : arms) {
    if (arm.starts_with(kEmbeddedPrefix)) continue;
    const std::string dir = fs::exists(arm, ec) || arm.rfind('@') == std::string::npos ? arm : arm.substr(0, arm.rfind('@'));
    const fs::path p = fs::weakly_canonical(fs::absolute(dir), ec);
    if (ec) continue;
    const auto [t_end, p_it] = std::mismatch(target.begin(), target.end(), p.begin(), p.end());
    if (t_end == target.end())  // p is target or lies inside it
      throw InputError({out, 0, 0, ""}, "is where the arm '" + arm +
                                            "' is read from, and the comparison would replace it: choose another --out");
  }
}

int run_compare_command(const CompareCommand& c) {
  analysis::CompareOptions options;
  c.runs.fill(options);
  options.independent = c.independent;

  const std::string out = !c.out.empty() ? c.out : "runs/compare-" + arm_stem(c.arms.front());
  refuse_output_over_an_arm(out, c.arms);
  RunDirectory::check_replaceable(out, "compare");  // refuse now rather than after the runs

  const bool show_progress = !c.runs.quiet && ::isatty(STDERR_FILENO);
  std::unique_ptr<ProgressBar> bar;
  if (show_progress) {
    options.on_start = [&bar](int total) {
      if (total > 0) bar = std::make_unique<ProgressBar>(stderr, "runs", true, 0);
    };
    options.on_run_done = [&bar](int done, int total) {
      if (bar) bar->update(done, total);
    };
  }
  const std::vector<std::string> variants(c.arms.begin() + 1, c.arms.end());
  const analysis::ComparisonOutcome outcome = analysis::run_comparison(c.arms.front(), variants, options);
  if (bar) bar->finish();
  analysis::write_comparison(outcome, out);
  std::cout << analysis::format_comparison(outcome);
  if (!c.runs.quiet) std::cout << "pasante: compare.csv  replicates.csv  report.html  manifest.json -> " << out << "\n";
  return 0;
}

}  // namespace

Subcommand add_compare_command(CLI::App& app) {
  auto c = std::make_shared<CompareCommand>();
  CLI::App* compare =
      app.add_subcommand("compare", "Compare policy arms with paired replicates (common random numbers)");
  compare->footer(
      "Each argument is a scenario file (run here for --replicates seeds: replicate r of every arm\n"
      "runs with the same seed, so the arms share common random numbers), a finished run directory\n"
      "(one replicate; its seed from manifest.json), a directory of run directories, or a sweep\n"
      "directory (every point an arm; DIR@N names point N). Replicates are paired by seed, and\n"
      "every arm must simulate as many days as the base.\n"
      "\n"
      "For every summary metric compare.csv holds: metric, base_mean, variant_mean, diff (variant -\n"
      "base), ci_low, ci_high (paired 95% interval), paired_half_width, unpaired_half_width (the\n"
      "Welch interval from the same replicates treated as independent: what independent seeds\n"
      "would give), independent_half_width (with --independent: Welch against the variant run at\n"
      "other seeds), n, variant and arm_correlation (of the paired replicates: pairing narrows\n"
      "the interval only as far as the arms' noise is shared). Also replicates.csv (every value),\n"
      "report.html and manifest.json (the arms, their seeds, the outputs' SHA-256). A previous\n"
      "comparison in --out is replaced; any other directory that is not empty is refused.\n"
      "Exit status: 0 success, 1 internal error, 2 bad input.");
  compare->add_option("arms", c->arms, "BASE VARIANT [VARIANT ...]: scenario files, run directories or sweep directories")
      ->required()
      ->expected(2, -1);
  add_replicate_options(*compare, c->runs, "for scenario arms");
  compare->add_option("--out,-o", c->out, "Output directory (default: runs/compare-<base>); a previous comparison there is replaced");
  compare->add_flag("--independent", c->independent,
                    "Also run each scenario variant at seeds the base does not use, and report how much wider the "
                    "interval is with independent seeds");
  return {compare, [c] { return run_compare_command(*c); }};
}

}  // namespace pasante
