#include "analysis/comparison.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <set>

#include "analysis/sweep_runner.hpp"
#include "core/build_info.hpp"
#include "core/input_error.hpp"
#include "core/sha256.hpp"
#include "core/text_source.hpp"
#include "model/simulation.hpp"
#include "outputs/csv_writers.hpp"
#include "outputs/manifest.hpp"
#include "outputs/run_directory.hpp"
#include "scenario/scenario.hpp"
#include "world/csv_table.hpp"

namespace pasante::analysis {

namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double mean_of(const std::vector<double>& x) {
  if (x.empty()) return kNaN;
  double s = 0;
  for (double v : x) s += v;
  return s / static_cast<double>(x.size());
}

double median_of(std::vector<double> x) {
  if (x.empty()) return kNaN;
  std::sort(x.begin(), x.end());
  const std::size_t n = x.size();
  return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

}  // namespace

Estimate welch_difference(const std::vector<double>& base, const std::vector<double>& variant) {
  const Estimate b = estimate(base), v = estimate(variant);
  Estimate out;
  out.n = b.n + v.n;
  out.mean = v.mean - b.mean;
  if (b.n < 2 || v.n < 2) {
    out.sd = out.ci_low = out.ci_high = kNaN;
    return out;
  }
  const double a1 = b.sd * b.sd / b.n, a2 = v.sd * v.sd / v.n;
  const double se = std::sqrt(a1 + a2);
  out.sd = se;  // the standard error of the difference
  if (se == 0) {
    out.ci_low = out.ci_high = out.mean;
    return out;
  }
  const double dof = (a1 + a2) * (a1 + a2) / (a1 * a1 / (b.n - 1) + a2 * a2 / (v.n - 1));
  const double half = t_quantile_975(dof) * se;
  out.ci_low = out.mean - half;
  out.ci_high = out.mean + half;
  return out;
}

ArmComparison compare_arms(const ArmReplicates& base, const ArmReplicates& variant, const ArmReplicates* independent) {
  ArmComparison out;
  out.base = base.name;
  out.variant = variant.name;
  // Pairs in the base's replicate order.
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < base.seeds.size(); ++i)
    for (std::size_t j = 0; j < variant.seeds.size(); ++j)
      if (variant.seeds[j] == base.seeds[i]) {
        pairs.emplace_back(i, j);
        out.seeds.push_back(base.seeds[i]);
        break;
      }
  auto index_of = [](const ArmReplicates& arm, const std::string& metric) -> std::optional<std::size_t> {
    const auto it = std::find(arm.metrics.begin(), arm.metrics.end(), metric);
    if (it == arm.metrics.end()) return std::nullopt;
    return static_cast<std::size_t>(it - arm.metrics.begin());
  };
  for (std::size_t k = 0; k < base.metrics.size(); ++k) {
    const std::string& name = base.metrics[k];
    const auto kv = index_of(variant, name);
    if (!kv) continue;
    std::vector<double> b, v;
    for (const auto& [i, j] : pairs) {
      const double x = base.values[i][k], y = variant.values[j][*kv];
      if (std::isnan(x) || std::isnan(y)) continue;
      b.push_back(x);
      v.push_back(y);
    }
    MetricComparison row;
    row.metric = name;
    row.n = static_cast<int>(b.size());
    row.base_mean = mean_of(b);
    row.variant_mean = mean_of(v);
    const Estimate paired = paired_difference(b, v);
    row.diff = row.n > 0 ? paired.mean : kNaN;
    if (row.n >= 2) {
      row.ci_low = paired.ci_low;
      row.ci_high = paired.ci_high;
      row.paired_half_width = (paired.ci_high - paired.ci_low) / 2;
      const Estimate welch = welch_difference(b, v);
      row.unpaired_half_width = (welch.ci_high - welch.ci_low) / 2;
    } else {
      row.ci_low = row.ci_high = row.paired_half_width = row.unpaired_half_width = kNaN;
    }
    row.arm_correlation = correlation(b, v);
    row.independent_half_width = kNaN;
    if (independent && !independent->seeds.empty()) {
      if (const auto ki = index_of(*independent, name)) {
        std::vector<double> w;
        for (const auto& rep : independent->values)
          if (!std::isnan(rep[*ki])) w.push_back(rep[*ki]);
        // Against the base's replicates that were paired (the same base sample).
        const Estimate welch = welch_difference(b, w);
        row.independent_half_width = (welch.ci_high - welch.ci_low) / 2;
      }
    }
    out.rows.push_back(row);
  }
  return out;
}

Narrowing narrowing(const ArmComparison& comparison) {
  Narrowing out;
  std::vector<double> ratios, independent_ratios;
  for (const auto& r : comparison.rows) {
    if (std::isfinite(r.paired_half_width) && std::isfinite(r.unpaired_half_width) && r.unpaired_half_width > 0) {
      ratios.push_back(r.paired_half_width / r.unpaired_half_width);
      if (r.paired_half_width < r.unpaired_half_width) ++out.narrower;
    }
    if (std::isfinite(r.paired_half_width) && std::isfinite(r.independent_half_width) && r.independent_half_width > 0) {
      independent_ratios.push_back(r.paired_half_width / r.independent_half_width);
      if (r.paired_half_width < r.independent_half_width) ++out.independent_narrower;
    }
  }
  out.metrics = static_cast<int>(ratios.size());
  out.median_ratio = median_of(ratios);
  out.independent_metrics = static_cast<int>(independent_ratios.size());
  out.independent_median_ratio = median_of(independent_ratios);
  return out;
}

std::vector<SeriesBand> series_bands(const std::vector<SeriesValue>& values) {
  std::vector<std::string> order;
  std::map<std::string, std::map<int, std::vector<double>>> by_metric;
  for (const auto& v : values) {
    auto [it, inserted] = by_metric.try_emplace(v.metric);
    if (inserted) order.push_back(v.metric);
    if (!std::isnan(v.value)) it->second[v.day].push_back(v.value);
  }
  std::vector<SeriesBand> out;
  for (const auto& metric : order) {
    SeriesBand band;
    band.metric = metric;
    for (const auto& [day, xs] : by_metric[metric]) {
      const Estimate e = estimate(xs);
      band.days.push_back(day);
      band.mean.push_back(e.mean);
      band.low.push_back(e.ci_low);
      band.high.push_back(e.ci_high);
    }
    out.push_back(std::move(band));
  }
  return out;
}

namespace {

bool is_run_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / kManifestFile, ec) && fs::is_regular_file(dir / "summary.csv", ec);
}

// Adds one run's metrics (in `names` order) to an arm, aligning by name.
void add_replicate(ArmReplicates& arm, std::int64_t seed, const std::vector<std::pair<std::string, double>>& metrics) {
  if (arm.metrics.empty())
    for (const auto& [name, value] : metrics) arm.metrics.push_back(name);
  std::vector<double> row(arm.metrics.size(), kNaN);
  for (const auto& [name, value] : metrics) {
    const auto it = std::find(arm.metrics.begin(), arm.metrics.end(), name);
    if (it != arm.metrics.end()) row[static_cast<std::size_t>(it - arm.metrics.begin())] = value;
  }
  arm.seeds.push_back(seed);
  arm.values.push_back(std::move(row));
}

void read_run_dir(ArmReplicates& arm, const fs::path& dir) {
  const fs::path manifest_file = dir / kManifestFile;
  std::int64_t seed = 0, days = 0;
  try {
    std::ifstream in(manifest_file);
    const auto manifest = nlohmann::json::parse(in);
    seed = manifest.at("seed").get<std::int64_t>();
    // The length, when the manifest records it (0: not known, not checked).
    const auto pointer = nlohmann::json::json_pointer("/scenario/resolved/scenario/days");
    if (manifest.contains(pointer) && manifest[pointer].is_number_integer()) days = manifest[pointer].get<std::int64_t>();
  } catch (const std::exception& e) {
    throw InputError({manifest_file.string(), 0, 0, "seed"}, std::string("cannot read the run's seed: ") + e.what());
  }
  if (arm.days != 0 && days != 0 && days != arm.days)
    throw InputError({dir.string(), 0, 0, ""}, "simulated " + std::to_string(days) + " days and the arm's other runs " +
                                                   std::to_string(arm.days) + ": replicates of one arm must match");
  if (days != 0) arm.days = days;
  const std::string summary_file = (dir / "summary.csv").string();
  const CsvTable table = CsvTable::read(summary_file);
  const std::size_t metric = table.column("metric"), value = table.column("value");
  std::vector<std::pair<std::string, double>> metrics;
  std::set<std::string, std::less<>> seen;
  for (std::size_t r = 0; r < table.row_count(); ++r) {
    // A blank value, nan or inf are what a run writes for undefined values; anything else must be a number.
    const std::string& name = table.field(r, metric);
    if (!seen.insert(name).second) table.fail(r, metric, "metric '" + name + "' is listed twice");
    const std::string& text = table.field(r, value);
    double x = kNaN;
    if (!text.empty()) {
      const auto number = parse_number(text);
      if (!number) table.fail(r, value, "expected a number, found \"" + text + "\"");
      x = *number;
    }
    metrics.emplace_back(name, x);
  }
  if (metrics.empty()) throw InputError({summary_file, 0, 0, ""}, "lists no metric");
  if (!arm.metrics.empty())
    for (const auto& m : arm.metrics)
      if (!seen.contains(m))
        throw InputError({summary_file, 0, 0, "metric"},
                         "has no row for '" + m + "' (the arm's other runs have it): a damaged or foreign summary");
  if (std::find(arm.seeds.begin(), arm.seeds.end(), seed) != arm.seeds.end())
    throw InputError({dir.string(), 0, 0, ""}, "a second run with seed " + std::to_string(seed) +
                                                   " in the same arm (replicates are paired by seed)");
  add_replicate(arm, seed, metrics);
}

std::vector<ArmReplicates> read_sweep_dir(const fs::path& dir, const std::string& source, std::optional<int> point,
                                          bool single) {
  const ResultsStore store(dir / kResultsFile, ResultsStore::Mode::read_only);
  const auto points = store.points();
  if (point && (*point < 0 || *point >= static_cast<int>(points.size())))
    throw InputError({source, 0, 0, ""}, "the sweep has points 0 to " + std::to_string(points.size() - 1));
  if (single && !point && points.size() != 1)
    throw InputError({source, 0, 0, ""}, "the sweep has " + std::to_string(points.size()) +
                                             " points; name one as " + dir.string() + "@N (N from 0 to " +
                                             std::to_string(points.size() - 1) + ", see its summary.csv)");
  std::map<std::pair<int, int>, std::int64_t> seeds;
  std::map<int, std::int64_t> days;  // per point (every run of a sweep has the same length)
  for (const auto& r : store.runs())
    if (r.status == "done") {
      seeds[{r.point_id, r.replicate}] = r.seed;
      days[r.point_id] = r.days;
    }
  const auto names = store.metric_names();
  const auto metrics = store.metrics();
  const bool with_series = store.meta("store_timeseries").value_or("false") == "true";
  std::vector<SeriesValue> series;
  if (with_series) series = store.timeseries("all");
  const std::string dir_name = fs::absolute(dir).lexically_normal().filename().string();

  std::vector<ArmReplicates> out;
  for (const auto& p : points) {
    if (point && p.id != *point) continue;
    ArmReplicates arm;
    arm.kind = "sweep";
    arm.source = dir.string() + "@" + std::to_string(p.id);
    arm.name = points.size() == 1 ? dir_name : dir_name + "@" + std::to_string(p.id) + " (" + p.label + ")";
    arm.metrics = names;
    if (const auto d = days.find(p.id); d != days.end()) arm.days = d->second;
    std::map<int, std::vector<std::pair<std::string, double>>> by_replicate;
    for (const auto& m : metrics)
      if (m.point_id == p.id) by_replicate[m.replicate].emplace_back(m.metric, m.value);
    for (const auto& [replicate, values] : by_replicate) add_replicate(arm, seeds.at({p.id, replicate}), values);
    if (arm.seeds.empty()) throw InputError({source, 0, 0, ""}, "point " + std::to_string(p.id) + " has no finished runs");
    std::vector<SeriesValue> mine;
    for (const auto& s : series)
      if (s.point_id == p.id) mine.push_back(s);
    arm.series = series_bands(mine);
    out.push_back(std::move(arm));
  }
  return out;
}

struct ScenarioArm {
  std::size_t arm = 0;  // index into the list of arms (0 = base)
  std::string path;
  std::string name;
  std::int64_t own_seed = 0;
  std::int64_t days = 0;
};

// Resolves one argument into stored arms (returned) or a scenario to run (`scenario` filled).
std::vector<ArmReplicates> resolve(const std::string& argument, const CompareOptions& options, bool single,
                                   std::optional<ScenarioArm>& scenario) {
  std::error_code ec;
  fs::path path(argument);
  std::optional<int> point;
  if (!argument.starts_with(kEmbeddedPrefix) && !fs::exists(path, ec)) {
    const auto at = argument.rfind('@');
    if (at != std::string::npos && fs::exists(fs::path(argument.substr(0, at)) / kResultsFile, ec)) {
      path = argument.substr(0, at);
      const std::string_view n = std::string_view(argument).substr(at + 1);
      int id = 0;
      const auto [end, status] = std::from_chars(n.data(), n.data() + n.size(), id);
      if (n.empty() || status != std::errc() || end != n.data() + n.size() || id < 0)
        throw InputError({argument, 0, 0, ""}, "expected DIR@N, N the number of one of the sweep's points (0, 1, "
                                               "...; see its summary.csv)");
      point = id;
    } else {
      throw InputError({argument, 0, 0, ""}, "no such scenario file, run directory or sweep directory");
    }
  }
  if (!argument.starts_with(kEmbeddedPrefix) && fs::is_directory(path, ec)) {
    if (fs::exists(path / kResultsFile, ec)) return read_sweep_dir(path, argument, point, single);
    ArmReplicates arm;
    arm.source = argument;
    arm.name = fs::absolute(path).lexically_normal().filename().string();
    if (is_run_dir(path)) {
      arm.kind = "run";
      read_run_dir(arm, path);
    } else {
      arm.kind = "runs";
      std::vector<fs::path> runs;
      for (const auto& e : fs::directory_iterator(path))
        if (e.is_directory() && is_run_dir(e.path())) runs.push_back(e.path());
      std::sort(runs.begin(), runs.end());
      if (runs.empty())
        throw InputError({argument, 0, 0, ""},
                         "not a run directory (no manifest.json and summary.csv), a directory of runs or a sweep "
                         "directory (no results.sqlite)");
      for (const auto& r : runs) read_run_dir(arm, r);
    }
    return {arm};
  }
  // A scenario file: checked now, run later.
  const Scenario s = load_scenario(argument, options.overrides);
  ScenarioArm sa;
  sa.path = argument;
  sa.name = !s.parameters.scenario.name.empty() ? s.parameters.scenario.name : fs::path(argument).stem().string();
  sa.own_seed = s.parameters.scenario.seed;
  sa.days = s.parameters.scenario.days;
  scenario = sa;
  return {};
}

// One run of a scenario arm; results land in pre-sized slots (deterministic order).
struct RunTask {
  ArmReplicates* arm = nullptr;
  std::vector<std::vector<SeriesValue>>* series = nullptr;
  std::string path;
  std::size_t replicate = 0;
  std::int64_t seed = 0;
};

}  // namespace

ReplicateRun run_replicate(const std::string& scenario_path, std::vector<std::string> overrides, std::int64_t seed,
                           int replicate) {
  overrides.push_back("scenario.seed=" + std::to_string(seed));
  const Scenario scenario = load_scenario(scenario_path, overrides);
  Simulation simulation(scenario, SimulationOptions{});
  simulation.run();
  const RunResults results = simulation.results();
  ReplicateRun out;
  for (const auto& m : results.summary) {
    out.metrics.push_back(m.name);
    out.values.push_back(m.value);
  }
  const TimeSeries& ts = results.timeseries;
  for (const auto& row : ts.rows)
    if (ts.municipalities[row.municipality] == "all")
      out.series.push_back({0, replicate, static_cast<int>(row.day), ts.metrics[row.metric], row.value});
  return out;
}

ComparisonOutcome run_comparison(const std::string& base, const std::vector<std::string>& variants,
                                 const CompareOptions& options) {
  if (variants.empty()) throw InputError({"", 0, 0, ""}, "compare needs a base and at least one variant");
  ComparisonOutcome out;
  std::vector<ArmReplicates> arms;
  std::vector<std::optional<ScenarioArm>> scenario_of;  // per arm
  // A scenario file becomes one arm run here; stored results bring their own arms.
  auto add_scenario_arm = [&](const std::string& source, const ScenarioArm& sc) {
    ArmReplicates arm;
    arm.kind = "scenario";
    arm.source = source;
    arm.name = sc.name;
    arm.days = sc.days;
    arms.push_back(arm);
    scenario_of.emplace_back(sc);
  };
  {
    std::optional<ScenarioArm> sc;
    auto stored = resolve(base, options, true, sc);
    if (sc) {
      add_scenario_arm(base, *sc);
    } else {
      arms.push_back(std::move(stored.front()));
      scenario_of.emplace_back();
    }
  }
  for (const auto& v : variants) {
    std::optional<ScenarioArm> sc;
    auto stored = resolve(v, options, false, sc);
    if (sc) {
      add_scenario_arm(v, *sc);
    } else {
      for (auto& a : stored) {
        arms.push_back(std::move(a));
        scenario_of.emplace_back();
      }
    }
  }

  // Paired replicates must be runs of the same length: a 20-day run against a
  // 365-day one differs by the length, not by the policy.
  for (std::size_t a = 1; a < arms.size(); ++a)
    if (arms[a].days != 0 && arms[0].days != 0 && arms[a].days != arms[0].days)
      throw InputError({arms[a].source, 0, 0, ""},
                       "simulates " + std::to_string(arms[a].days) + " days and the base (" + arms[0].source + ") " +
                           std::to_string(arms[0].days) + ": compare arms of the same length (--days N sets it for "
                           "every scenario arm)");

  // The seeds scenario arms run with: a stored base's, else seed, seed+1, ...
  std::vector<std::int64_t> seeds;
  if (!scenario_of[0]) {
    seeds = arms[0].seeds;
  } else {
    const std::int64_t first = options.seed.value_or(scenario_of[0]->own_seed);
    for (int r = 0; r < std::max(1, options.replicates); ++r) seeds.push_back(first + r);
  }
  std::vector<std::int64_t> independent_seeds;
  if (options.independent) {
    std::int64_t next = 0;
    for (const auto& a : arms)
      for (auto s : a.seeds) next = std::max(next, s + 1);
    for (auto s : seeds) next = std::max(next, s + 1);
    for (std::size_t r = 0; r < seeds.size(); ++r) independent_seeds.push_back(next + static_cast<std::int64_t>(r));
  }

  out.independent.resize(arms.size() - 1);
  std::vector<std::vector<std::vector<SeriesValue>>> series(arms.size()), independent_series(arms.size());
  std::vector<RunTask> tasks;
  for (std::size_t a = 0; a < arms.size(); ++a) {
    if (!scenario_of[a]) continue;
    auto plan = [&](ArmReplicates& arm, std::vector<std::vector<SeriesValue>>& arm_series,
                    const std::vector<std::int64_t>& arm_seeds) {
      arm.seeds = arm_seeds;
      arm.values.assign(arm_seeds.size(), {});
      arm_series.assign(arm_seeds.size(), {});
      for (std::size_t r = 0; r < arm_seeds.size(); ++r)
        tasks.push_back({&arm, &arm_series, scenario_of[a]->path, r, arm_seeds[r]});
    };
    plan(arms[a], series[a], seeds);
    if (a > 0 && options.independent) {
      ArmReplicates& ind = out.independent[a - 1];
      ind.kind = "scenario";
      ind.source = arms[a].source;
      ind.name = arms[a].name + " (independent seeds)";
      plan(ind, independent_series[a], independent_seeds);
    }
  }

  if (options.on_start) options.on_start(static_cast<int>(tasks.size()));
  std::mutex progress_mutex;
  int done = 0;
  std::vector<std::vector<std::string>> metric_names(tasks.size());
  run_in_parallel(static_cast<int>(tasks.size()), options.jobs, [&](int i) {
    RunTask& t = tasks[static_cast<std::size_t>(i)];
    ReplicateRun run = run_replicate(t.path, options.overrides, t.seed, static_cast<int>(t.replicate));
    metric_names[static_cast<std::size_t>(i)] = std::move(run.metrics);
    t.arm->values[t.replicate] = std::move(run.values);
    (*t.series)[t.replicate] = std::move(run.series);
    std::lock_guard lock(progress_mutex);
    ++done;
    if (options.on_run_done) options.on_run_done(done, static_cast<int>(tasks.size()));
  });
  // Every run of one binary writes the same metrics in the same order.
  for (std::size_t i = 0; i < tasks.size(); ++i)
    if (tasks[i].arm->metrics.empty()) tasks[i].arm->metrics = metric_names[i];
  for (std::size_t a = 0; a < arms.size(); ++a) {
    auto flatten = [](const std::vector<std::vector<SeriesValue>>& per_replicate) {
      std::vector<SeriesValue> all;
      for (const auto& r : per_replicate) all.insert(all.end(), r.begin(), r.end());
      return all;
    };
    if (scenario_of[a]) arms[a].series = series_bands(flatten(series[a]));
    if (a > 0 && options.independent && scenario_of[a])
      out.independent[a - 1].series = series_bands(flatten(independent_series[a]));
  }

  out.base = std::move(arms[0]);
  for (std::size_t a = 1; a < arms.size(); ++a) {
    // A metric one arm lacks (results of another pasante version, say) is
    // left out of compare.csv, and the table says so rather than dropping it silently.
    for (const auto& [one, other] : {std::pair{&out.base, &arms[a]}, std::pair{&arms[a], &out.base}})
      for (const auto& m : one->metrics)
        if (std::find(other->metrics.begin(), other->metrics.end(), m) == other->metrics.end())
          out.notes.push_back(other->source + " has no metric '" + m + "', which " + one->source +
                              " has: it is left out of the comparison");
    ArmComparison c = compare_arms(out.base, arms[a], out.independent[a - 1].seeds.empty() ? nullptr : &out.independent[a - 1]);
    if (c.seeds.empty())
      throw InputError({arms[a].source, 0, 0, ""}, "shares no seed with the base (" + out.base.source +
                                                       "): replicates are paired by seed");
    out.comparisons.push_back(std::move(c));
    out.variants.push_back(std::move(arms[a]));
  }
  return out;
}

std::string comparison_csv(const ComparisonOutcome& outcome) {
  std::string out =
      "metric,base_mean,variant_mean,diff,ci_low,ci_high,paired_half_width,unpaired_half_width,"
      "independent_half_width,n,variant,arm_correlation\n";
  for (const auto& c : outcome.comparisons)
    for (const auto& r : c.rows) {
      append_csv_cell(out, r.metric);
      for (double x : {r.base_mean, r.variant_mean, r.diff, r.ci_low, r.ci_high, r.paired_half_width,
                       r.unpaired_half_width, r.independent_half_width})
        out += "," + format_cell(x);
      out += "," + std::to_string(r.n) + ",";
      append_csv_cell(out, c.variant);
      out += "," + format_cell(r.arm_correlation) + '\n';
    }
  return out;
}

namespace {

std::string seeds_text(const std::vector<std::int64_t>& seeds) {
  if (seeds.empty()) return "none";
  bool consecutive = true;
  for (std::size_t i = 1; i < seeds.size(); ++i) consecutive = consecutive && seeds[i] == seeds[i - 1] + 1;
  if (consecutive && seeds.size() > 2) return std::to_string(seeds.front()) + "-" + std::to_string(seeds.back());
  std::string out;
  for (auto s : seeds) out += (out.empty() ? "" : ",") + std::to_string(s);
  return out;
}

}  // namespace

std::string format_comparison(const ComparisonOutcome& outcome) {
  std::string out;
  for (const auto& note : outcome.notes) out += "note: " + note + "\n";
  char line[512];
  for (const auto& c : outcome.comparisons) {
    std::snprintf(line, sizeof line, "%s - %s: %zu paired replicates (seeds %s)\n", c.variant.c_str(), c.base.c_str(),
                  c.seeds.size(), seeds_text(c.seeds).c_str());
    out += line;
    std::snprintf(line, sizeof line, "  %-36s %11s %11s %11s  %-25s %10s %10s\n", "metric", "base", "variant", "diff",
                  "95% CI (paired)", "paired +-", "unpaired +-");
    out += line;
    for (const auto& r : c.rows) {
      const std::string ci = "[" + format_short(r.ci_low) + ", " + format_short(r.ci_high) + "]";
      const bool excludes_zero = std::isfinite(r.ci_low) && (r.ci_low > 0 || r.ci_high < 0);
      std::snprintf(line, sizeof line, "  %-36s %11s %11s %11s  %-25s %10s %10s%s\n", r.metric.c_str(),
                    format_short(r.base_mean).c_str(), format_short(r.variant_mean).c_str(),
                    format_short(r.diff).c_str(), ci.c_str(), format_short(r.paired_half_width).c_str(),
                    format_short(r.unpaired_half_width).c_str(), excludes_zero ? " *" : "");
      out += line;
    }
    const Narrowing n = narrowing(c);
    if (n.metrics > 0) {
      std::snprintf(line, sizeof line,
                    "  Pairing (common random numbers): the paired 95%% interval is narrower than the independent-"
                    "samples (Welch)\n  interval from the same replicates for %d of %d varying metrics; median width "
                    "ratio %.2f (%.0f%% narrower).\n",
                    n.narrower, n.metrics, n.median_ratio, 100 * (1 - n.median_ratio));
      out += line;
      // Where it did not, say why: the arms' replicates do not move together.
      for (const auto& r : c.rows) {
        if (!(std::isfinite(r.paired_half_width) && std::isfinite(r.unpaired_half_width) && r.unpaired_half_width > 0) ||
            r.paired_half_width < r.unpaired_half_width)
          continue;
        if (std::isfinite(r.arm_correlation))
          std::snprintf(line, sizeof line, "  Not narrower for %s: the arms' replicates correlate at %s.\n",
                        r.metric.c_str(), format_short(r.arm_correlation).c_str());
        else
          std::snprintf(line, sizeof line,
                        "  Not narrower for %s: one arm takes the same value in every replicate, so there is no "
                        "shared noise to cancel.\n",
                        r.metric.c_str());
        out += line;
      }
    }
    if (n.independent_metrics > 0) {
      std::snprintf(line, sizeof line,
                    "  Against runs at independent seeds: narrower for %d of %d metrics; median width ratio %.2f "
                    "(%.0f%% narrower).\n",
                    n.independent_narrower, n.independent_metrics, n.independent_median_ratio,
                    100 * (1 - n.independent_median_ratio));
      out += line;
    }
    out += "  (* the 95% interval of the difference excludes zero)\n";
  }
  return out;
}

void write_comparison(const ComparisonOutcome& outcome, const fs::path& out_dir) {
  RunDirectory dir(out_dir, "compare");
  auto write = [&](const char* name, const std::string& text) {
    std::ofstream f(dir.file(name), std::ios::binary);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.close();
    if (!f) throw std::runtime_error("error writing " + dir.file(name).string());
  };
  write("compare.csv", comparison_csv(outcome));

  std::string replicates = "arm,source,seed,metric,value\n";
  auto add_arm = [&](const ArmReplicates& arm) {
    for (std::size_t r = 0; r < arm.seeds.size(); ++r)
      for (std::size_t k = 0; k < arm.metrics.size() && k < arm.values[r].size(); ++k) {
        append_csv_cell(replicates, arm.name);
        replicates += ',';
        append_csv_cell(replicates, arm.source);
        replicates += "," + std::to_string(arm.seeds[r]) + ",";
        append_csv_cell(replicates, arm.metrics[k]);
        replicates += "," + format_cell(arm.values[r][k]) + "\n";
      }
  };
  add_arm(outcome.base);
  for (const auto& v : outcome.variants) add_arm(v);
  for (const auto& v : outcome.independent) add_arm(v);
  write("replicates.csv", replicates);

  ComparisonReportInput report;
  report.base_name = outcome.base.name;
  report.replicates = outcome.comparisons.empty() ? 0 : static_cast<int>(outcome.comparisons.front().seeds.size());
  report.base_series = outcome.base.series;
  for (std::size_t i = 0; i < outcome.comparisons.size(); ++i) {
    ComparisonArm arm;
    arm.name = outcome.variants[i].name;
    arm.series = outcome.variants[i].series;
    for (const auto& r : outcome.comparisons[i].rows)
      arm.rows.push_back(
          {r.metric, r.base_mean, r.variant_mean, r.diff, r.ci_low, r.ci_high, r.unpaired_half_width, r.arm_correlation});
    report.variants.push_back(std::move(arm));
  }
  write("report.html", comparison_report_html(report));

  auto arm_json = [](const ArmReplicates& a) {
    return nlohmann::ordered_json{{"name", a.name}, {"source", a.source}, {"kind", a.kind}, {"seeds", a.seeds}};
  };
  nlohmann::ordered_json manifest = {{"program", "pasante"},
                                     {"command", "compare"},
                                     {"version", kVersion},
                                     {"revision", source_revision()},
                                     {"created_at", iso8601_utc(std::chrono::system_clock::now())},
                                     {"base", arm_json(outcome.base)}};
  manifest["variants"] = nlohmann::ordered_json::array();
  for (const auto& v : outcome.variants) manifest["variants"].push_back(arm_json(v));
  manifest["independent"] = nlohmann::ordered_json::array();
  for (const auto& v : outcome.independent)
    if (!v.seeds.empty()) manifest["independent"].push_back(arm_json(v));
  nlohmann::ordered_json outputs = nlohmann::ordered_json::object();
  for (const char* name : {"compare.csv", "replicates.csv", "report.html"}) outputs[name] = sha256_file_hex(dir.file(name));
  manifest["outputs"] = outputs;
  write(kManifestFile, manifest.dump(2) + "\n");
  dir.commit();
}

}  // namespace pasante::analysis
