// Subcommands defined outside main.cpp. Each add_* registers its subcommand
// and its options on `app` and returns the subcommand with the function that
// carries it out once the command line is parsed (main calls it when the
// subcommand was given, inside its error handling: InputError -> exit 2).
#pragma once
#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace pasante {

struct Subcommand {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// `pasante sweep SWEEP.yaml`: a design of scenarios times replicates, into results.sqlite.
Subcommand add_sweep_command(CLI::App& app);
// `pasante compare BASE VARIANT...`: paired replicates under common random numbers.
Subcommand add_compare_command(CLI::App& app);
// `pasante calibrate [SCENARIO]`: the calibration targets of MODEL.md §7 over replicates.
Subcommand add_calibrate_command(CLI::App& app);
// Exit status of `pasante calibrate` when a target is missed (1 and 2 are
// internal errors and bad input, as for every command).
inline constexpr int kExitTargetMissed = 3;

// The options of commands that run a scenario for several seeds (compare,
// calibrate): --replicates, --seed, --days, --set, --jobs, --quiet.
struct ReplicateOptions {
  int replicates = 10;
  std::int64_t seed = 0, days = 0;
  std::vector<std::string> sets;
  int jobs = 0;
  bool quiet = false;
  CLI::Option* seed_option = nullptr;
  CLI::Option* days_option = nullptr;

  // The first seed, when --seed was given.
  std::optional<std::int64_t> first_seed() const;
  // --set's overrides, then --days as scenario.days.
  std::vector<std::string> overrides() const;
  // Hands them to the options of an analysis (CompareOptions, CalibrationOptions).
  template <class AnalysisOptions>
  void fill(AnalysisOptions& options) const {
    options.replicates = replicates;
    options.seed = first_seed();
    options.overrides = overrides();
    options.jobs = jobs;
  }
};
// Registers them on `command`; `whose` says which runs they apply to (e.g.
// "for scenario arms").
void add_replicate_options(CLI::App& command, ReplicateOptions& options, const std::string& whose);

// A transform for whole-number options: accepts decimal text only and hands
// the option its canonical form. CLI11 2.1 reads integers with base 0 and
// no overflow check, so "--days 030" was 24 days (octal), "0x10" was 16, and
// "--seed 99999999999999999999" became 9223372036854775807 without a word.
inline CLI::Validator decimal_integer() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::int64_t value = 0;
        const char* first = text.data() + (text.starts_with('+') && text.size() > 1 && text[1] != '-' ? 1 : 0);
        const char* last = text.data() + text.size();
        const auto [end, status] = std::from_chars(first, last, value);
        if (text.empty() || end != last || status == std::errc::invalid_argument)
          return "expected a whole number, got '" + text + "'";
        if (status == std::errc::result_out_of_range) return "the number " + text + " is too large";
        text = std::to_string(value);  // "030" -> "30"
        return {};
      },
      "");  // no description: the help already shows INT
}

}  // namespace pasante
