// The options shared by the commands that run a scenario for several seeds.
#include "analysis/sweep_runner.hpp"
#include "cli/commands.hpp"

namespace pasante {

std::optional<std::int64_t> ReplicateOptions::first_seed() const {
  if (seed_option != nullptr && seed_option->count() > 0) return seed;
  return std::nullopt;
}

std::vector<std::string> ReplicateOptions::overrides() const {
  std::vector<std::string> out = sets;
  if (days_option != nullptr && days_option->count() > 0) out.push_back("scenario.days=" + std::to_string(days));
  return out;
}

void add_replicate_options(CLI::App& command, ReplicateOptions& o, const std::string& whose) {
  command.add_option("--replicates,-n", o.replicates, "Replicates (seeds) " + whose)
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  o.seed_option = command.add_option("--seed", o.seed, "First seed (default: the scenario's scenario.seed)")
                      ->transform(decimal_integer());
  o.days_option = command.add_option("--days", o.days, "Days to simulate " + whose + "; same as --set scenario.days=N")
                      ->transform(decimal_integer());
  command.add_option("--set", o.sets, "Override a parameter " + whose + ", KEY=VALUE (repeatable)")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  o.jobs = analysis::default_jobs();
  command.add_option("--jobs,-j", o.jobs, "Runs at a time (default: the machine's hardware threads)")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  command.add_flag("--quiet,-q", o.quiet, "No progress bar and no closing line");
}

}  // namespace pasante
