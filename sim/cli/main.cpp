// The `pasante` command line: parses arguments, loads the scenario, runs the
// simulation and writes its outputs. The model lives in the library; this
// file only wires the pieces together.
//
// Exit status: 0 success, 1 internal error, 2 bad input (scenario, --set,
// command-line usage, or an --out that is not a pasante run directory).
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "analysis/report.hpp"
#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"
#include "core/build_info.hpp"
#include "core/folder_name.hpp"
#include "core/input_error.hpp"
#include "core/text_source.hpp"
#include "model/simulation.hpp"
#include "outputs/run_directory.hpp"
#include "outputs/run_writer.hpp"
#include "scenario/parameter_catalog.hpp"
#include "scenario/parameter_docs.hpp"
#include "scenario/scenario.hpp"

namespace {

using namespace pasante;

constexpr int kExitInternalError = 1;
constexpr int kExitInputError = 2;
static_assert(pasante::kExitTargetMissed != kExitInternalError && pasante::kExitTargetMissed != kExitInputError);

struct RunCommand {
  std::string scenario{kDefaultScenario};
  std::string out;
  std::int64_t seed = 0;
  std::int64_t days = 0;
  int threads = 1;
  std::vector<std::string> sets;
  bool quiet = false;
  bool profile = false;
  bool print_schedule = false;
  CLI::Option* seed_option = nullptr;
  CLI::Option* days_option = nullptr;
};

int default_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

// Error messages are one line of plain text, whatever the underlying text
// holds: line breaks become spaces, other control characters (a key written
// with an escape sequence, say, which would drive the terminal) become \xNN.
std::string one_line(const std::string& text) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\n' || c == '\r' || c == '\t') {
      out += ' ';
    } else if (b < 0x20 || b == 0x7F) {
      out += "\\x";
      out += digits[b >> 4];
      out += digits[b & 15];
    } else {
      out += c;
    }
  }
  return out;
}

// The user's --set values, then --seed and --days (so those win).
std::vector<std::string> overrides(const RunCommand& cmd) {
  std::vector<std::string> out = cmd.sets;
  if (cmd.seed_option->count() > 0) out.push_back("scenario.seed=" + std::to_string(cmd.seed));
  if (cmd.days_option->count() > 0) out.push_back("scenario.days=" + std::to_string(cmd.days));
  return out;
}

const SummaryMetric* find_metric(const RunResults& results, const std::string& name) {
  for (const auto& m : results.summary)
    if (m.name == name) return &m;
  return nullptr;
}

void print_closing_summary(const std::string& out_dir, const Scenario& scenario, const RunResults& results,
                           double wall_seconds) {
  std::printf("pasante: %lld days of %s in %.1f s -> %s\n", static_cast<long long>(scenario.parameters.scenario.days),
              scenario.parameters.scenario.name.c_str(), wall_seconds, out_dir.c_str());
  for (const char* name : {"refusal_rate", "treated_rate", "intern_security_mean_end", "report_inflation_ratio"})
    if (const SummaryMetric* m = find_metric(results, name)) std::printf("  %-26s %.4g\n", name, m->value);
}

void print_profile(const std::vector<PhaseTiming>& timings, const char* heading) {
  double total = 0;
  for (const auto& t : timings) total += t.seconds;
  std::fprintf(stderr, "%-32s %10s %7s\n", heading, "seconds", "share");
  for (const auto& t : timings)
    std::fprintf(stderr, "%-32s %10.3f %6.1f%%\n", t.phase.c_str(), t.seconds,
                 total > 0 ? 100.0 * t.seconds / total : 0.0);
  std::fprintf(stderr, "%-32s %10.3f %6.1f%%\n", "total", total, total > 0 ? 100.0 : 0.0);
}

int run(const RunCommand& cmd) {
  const Scenario scenario = load_scenario(cmd.scenario, overrides(cmd));

  // The bar appears once the world is built, so its ETA counts simulated days only.
  const bool show_progress = !cmd.quiet && !cmd.print_schedule && ::isatty(STDERR_FILENO);
  std::unique_ptr<ProgressBar> bar;
  SimulationOptions options;
  options.threads = cmd.threads;
  if (show_progress)
    options.on_day_done = [&bar](int done, int total) {
      if (bar) bar->update(done, total);
    };

  if (cmd.print_schedule) {
    const Simulation simulation(scenario, options);
    std::cout << simulation.schedule_plan();
    return 0;
  }

  std::string out_dir = cmd.out;
  if (out_dir.empty()) {
    // runs/<scenario.name>: the name must then be one folder's, inside runs/.
    const std::string& name = scenario.parameters.scenario.name;
    if (const std::string problem = folder_name_problem(name); !name.empty() && !problem.empty())
      throw InputError(scenario.where_set("scenario.name"), problem + " (it names the default output directory, "
                                                                      "runs/<scenario.name>; --out writes elsewhere)");
    out_dir = "runs/" + (name.empty() ? std::string("run") : name);
  }
  RunDirectory::check_replaceable(out_dir);  // refuse now rather than after a long run

  RunInfo info;
  info.threads = cmd.threads;
  info.started_at = std::chrono::system_clock::now();
  const auto wall_start = std::chrono::steady_clock::now();
  Simulation simulation(scenario, options);
  if (show_progress) bar = std::make_unique<ProgressBar>(stderr);
  simulation.run();
  if (bar) bar->finish();
  info.finished_at = std::chrono::system_clock::now();
  const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  const RunResults results = simulation.results();
  write_run(out_dir, scenario, results, info, {{"report.html", analysis::run_report_html(scenario, results)}});

  if (cmd.profile) {
    print_profile(simulation.setup_timings(), "setup step");
    print_profile(simulation.phase_timings(), "phase");
  }
  if (!cmd.quiet) print_closing_summary(out_dir, scenario, results, wall_seconds);
  return 0;
}

void add_run_command(CLI::App& app, RunCommand& cmd) {
  CLI::App* run = app.add_subcommand("run", "Run a scenario and write its outputs");
  run->footer(
      "Outputs (written atomically: a failed run leaves no output directory):\n"
      "  manifest.json  summary.csv  timeseries.csv  interns.csv  violence_events.csv\n"
      "  report.html (charts and the map; self-contained, opens offline in a browser)\n"
      "Outputs are byte-identical for any --threads value; only the seed and the\n"
      "scenario change them.\n"
      "Exit status: 0 success, 1 internal error, 2 bad input (the message names the\n"
      "file, line and key).");
  run->add_option("scenario", cmd.scenario,
                  "Scenario YAML file (default: the embedded Doctor Arroyo baseline, " + std::string(kDefaultScenario) +
                      ")");
  run->add_option("--out,-o", cmd.out,
                  "Output directory (default: runs/<scenario.name> under the current directory). An existing "
                  "directory is replaced only if it is a previous run's and holds nothing its manifest.json does not "
                  "list");
  cmd.seed_option =
      run->add_option("--seed", cmd.seed, "Random seed; same as --set scenario.seed=N")->transform(decimal_integer());
  cmd.days_option =
      run->add_option("--days", cmd.days, "Days to simulate; same as --set scenario.days=N")->transform(decimal_integer());
  cmd.threads = default_threads();
  run->add_option("--threads,-j", cmd.threads,
                  "Worker threads (default: the machine's hardware threads). Outputs do not depend on it")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  run->add_option("--set", cmd.sets,
                  "Override a scenario parameter, KEY=VALUE with a dotted key (repeatable), e.g. "
                  "--set policy.supply.allocation=needs_based; see `pasante params`")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
  run->add_flag("--quiet,-q", cmd.quiet, "No progress bar and no closing summary");
  run->add_flag("--profile", cmd.profile, "Print the seconds spent in each setup step and each phase of the day to stderr");
  run->add_flag("--print-schedule", cmd.print_schedule, "Print the daily schedule of phases and exit without running");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "pasante: a parallel agent-based simulator of Mexico's rural medical social service\n"
      "(interns, clinics, medicine supply, violence and the reports that travel upward).",
      "pasante"};
  app.set_version_flag("--version", std::string("pasante ") + pasante::kVersion + " (revision " + pasante::source_revision() + ")");
  app.require_subcommand(1);
  app.footer(
      "Run `pasante run --help` for the options of a run; `pasante params` lists every scenario parameter\n"
      "(`pasante params --markdown` as Markdown tables, `pasante params --json-schema` as a JSON Schema).");

  RunCommand run_cmd;
  add_run_command(app, run_cmd);
  const std::vector<pasante::Subcommand> subcommands{
      pasante::add_sweep_command(app), pasante::add_compare_command(app), pasante::add_calibrate_command(app)};

  CLI::App* params = app.add_subcommand("params", "List every scenario parameter with its unit, default and range");
  bool json_schema = false, markdown = false;
  CLI::Option* schema_flag =
      params->add_flag("--json-schema", json_schema, "Print a JSON Schema for scenario files instead (for editors)");
  params->add_flag("--markdown", markdown,
                   "Print Markdown tables instead, one per group (the Parameters appendix of docs/ODD.md; "
                   "docs/update_parameters.sh rewrites it)")
      ->excludes(schema_flag);

  if (argc <= 1) {
    std::cout << app.help();
    return 0;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help and --version
    if (argc > 1 && argv[1][0] != '-' && app.get_subcommands().empty()) {
      std::cerr << "pasante: error: unknown command '" << argv[1] << "' (expected run, sweep, compare, calibrate or params; see --help)\n";
      return kExitInputError;
    }
    // One line, like every other input error (CLI11 adds "Run with --help ..." on a second).
    std::cerr << "pasante: error: " << one_line(e.what()) << " (see --help)\n";
    return kExitInputError;
  }

  try {
    for (const auto& sub : subcommands)
      if (sub.app->parsed()) return sub.run();
    if (params->parsed()) {
      const std::string text = json_schema ? parameter_json_schema()
                               : markdown  ? format_parameter_markdown()
                                           : format_parameter_table();
      std::cout << text << (text.ends_with('\n') ? "" : "\n");
      return 0;
    }
    return run(run_cmd);
  } catch (const InputError& e) {
    std::cerr << "pasante: error: " << one_line(e.what()) << '\n';
    return kExitInputError;
  } catch (const std::exception& e) {
    std::cerr << "pasante: internal error: " << one_line(e.what()) << '\n';
    return kExitInternalError;
  }
}
