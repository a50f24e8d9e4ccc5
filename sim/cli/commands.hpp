// Subcommands defined outside main.cpp. Each add_* registers its subcommand
// and its options on `app` and returns the subcommand with the function that
// carries it out once the command line is parsed (main calls it when the
// subcommand was given, inside its error handling: InputError -> exit 2).
#pragma once
#include <CLI/CLI.hpp>

#include <functional>

namespace pasante {

struct Subcommand {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

// `pasante sweep SWEEP.yaml`: a design of scenarios times replicates, into results.sqlite.
Subcommand add_sweep_command(CLI::App& app);
// `pasante compare BASE VARIANT...`: paired replicates under common random numbers.
Subcommand add_compare_command(CLI::App& app);

}  // namespace pasante
