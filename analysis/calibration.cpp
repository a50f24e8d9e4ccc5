#include "analysis/calibration.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>

#include "analysis/sweep_runner.hpp"
#include "core/build_info.hpp"
#include "core/input_error.hpp"
#include "core/sha256.hpp"
#include "outputs/csv_writers.hpp"
#include "outputs/manifest.hpp"
#include "outputs/run_directory.hpp"
#include "outputs/run_results.hpp"
#include "scenario/scenario.hpp"

namespace pasante::analysis {

const std::vector<CalibrationTarget>& calibration_targets() {
  static const std::vector<CalibrationTarget> targets{
      {"refusal_rate", TargetKind::band, 0.50, 0.70, {}, "0.50-0.70",
       "case study, 'Resource shortage': patients turned away about 60% of the time"},
      {"refusal_rate_stockout",
       TargetKind::largest_of,
       0,
       0,
       {"refusal_rate_no_doctor", "refusal_rate_closed_violence", "refusal_rate_capacity",
        "refusal_rate_beyond_competence"},
       "the largest single reason",
       "case study: lack of medicine or supplies is the main reason"},
      {"interns_with_refusal_share", TargetKind::at_least, 0.95, 0, {}, ">= 0.95",
       "case study: every surveyed intern had to refuse care"},
      {"intern_security_mean_end", TargetKind::band, 19, 29, {}, "19-29",
       "case study, survey of 20 interns: mean 24.1"},
      {"women_harassed_share", TargetKind::band, 0.80, 0.97, {}, "0.80-0.97", "case study: 27 of 30 women"},
      {"report_inflation_ratio", TargetKind::above, 1.1, 0, {}, "> 1.1",
       "case study, 'Questioning the reported figures'"},
      {"medicine_mismatch_index", TargetKind::above_needs, 0.1, 2.0, {}, "clearly above needs_based's",
       "case study, 'The puzzling distribution'"},
      {"supervision_visits_per_month_done", TargetKind::band, 1, 2, {}, "1-2",
       "case study, 'Lack of supervision': once or twice a month"},
  };
  return targets;
}

int CalibrationCheck::missed() const {
  return static_cast<int>(std::count_if(checks.begin(), checks.end(), [](const TargetCheck& c) { return !c.met; }));
}

namespace {

// The metric's values over an arm's replicates (NaN values, which a run
// writes when a metric is undefined, are left out).
std::vector<double> values_of(const ArmReplicates& arm, const std::string& metric) {
  const auto it = std::find(arm.metrics.begin(), arm.metrics.end(), metric);
  if (it == arm.metrics.end())
    throw InputError({arm.source, 0, 0, metric}, "has no metric '" + metric + "' to check its calibration target");
  const auto k = static_cast<std::size_t>(it - arm.metrics.begin());
  std::vector<double> out;
  for (const auto& replicate : arm.values)
    if (k < replicate.size() && !std::isnan(replicate[k])) out.push_back(replicate[k]);
  return out;
}

double mean_of(const ArmReplicates& arm, const std::string& metric) {
  const Estimate e = estimate(values_of(arm, metric));
  return e.n > 0 ? e.mean : std::nan("");
}

}  // namespace

CalibrationCheck check_calibration(ArmReplicates scenario, ArmReplicates needs_based) {
  CalibrationCheck out;
  out.scenario = std::move(scenario);
  out.needs_based = std::move(needs_based);
  for (const CalibrationTarget& t : calibration_targets()) {
    TargetCheck c;
    c.target = &t;
    c.estimate = estimate(values_of(out.scenario, t.metric));
    const double m = c.estimate.n > 0 ? c.estimate.mean : std::nan("");
    switch (t.kind) {
      case TargetKind::band:
        c.met = m >= t.low && m <= t.high;
        break;
      case TargetKind::at_least:
        c.met = m >= t.low;
        break;
      case TargetKind::above:
        c.met = m > t.low;
        break;
      case TargetKind::largest_of:
        c.reference = -INFINITY;
        for (const auto& other : t.others)
          if (const double o = mean_of(out.scenario, other); o > c.reference || std::isnan(o)) {
            c.reference = o;
            c.reference_name = other;
          }
        c.met = m > c.reference;
        break;
      case TargetKind::above_needs:
        c.reference = mean_of(out.needs_based, t.metric);
        c.reference_name = "needs_based";
        c.met = m - c.reference >= t.low && m > t.high * c.reference;
        break;
    }
    out.checks.push_back(c);
  }
  return out;
}

CalibrationCheck run_calibration(const std::string& scenario_path, const CalibrationOptions& options) {
  const Scenario scenario = load_scenario(scenario_path, options.overrides);  // bad input stops here, before any run
  const std::int64_t first = options.seed.value_or(scenario.parameters.scenario.seed);
  const int replicates = std::max(1, options.replicates);

  ArmReplicates arms[2];
  const std::vector<std::string> overrides[2] = {
      options.overrides, [&] {
        auto o = options.overrides;
        o.push_back("policy.supply.allocation=needs_based");
        return o;
      }()};
  for (int a = 0; a < 2; ++a) {
    arms[a].kind = "scenario";
    arms[a].source = scenario_path;
    arms[a].name = scenario.parameters.scenario.name + (a == 1 ? " (needs_based)" : "");
    for (int r = 0; r < replicates; ++r) arms[a].seeds.push_back(first + r);
    arms[a].values.assign(static_cast<std::size_t>(replicates), {});
  }
  std::vector<std::vector<std::string>> metric_names(2);
  std::mutex mutex;
  int done = 0;
  const int total = 2 * replicates;
  run_in_parallel(total, options.jobs, [&](int i) {
    const int a = i % 2, r = i / 2;  // replicate by replicate, both arms
    ReplicateRun run = run_replicate(scenario_path, overrides[a], first + r, r);
    std::lock_guard lock(mutex);
    arms[a].values[static_cast<std::size_t>(r)] = std::move(run.values);
    if (metric_names[static_cast<std::size_t>(a)].empty()) metric_names[static_cast<std::size_t>(a)] = std::move(run.metrics);
    ++done;
    if (options.on_run_done) options.on_run_done(done, total);
  });
  for (int a = 0; a < 2; ++a) arms[a].metrics = std::move(metric_names[static_cast<std::size_t>(a)]);
  CalibrationCheck check = check_calibration(std::move(arms[0]), std::move(arms[1]));
  check.days = scenario.parameters.scenario.days;
  check.overrides = options.overrides;
  return check;
}

std::string calibration_csv(const CalibrationCheck& check) {
  std::string out = "metric,target,mean,sd,ci_low,ci_high,n,reference,met\n";
  for (const TargetCheck& c : check.checks) {
    append_csv_cell(out, c.target->metric);
    out += ',';
    append_csv_cell(out, c.target->wanted);
    const Estimate& e = c.estimate;
    out += ',' + (e.n > 0 ? format_cell(e.mean) : std::string());
    for (double x : {e.sd, e.ci_low, e.ci_high}) out += ',' + (e.n > 1 ? format_cell(x) : std::string());  // none from one
    out += ',' + std::to_string(e.n) + ',';
    if (!c.reference_name.empty()) append_csv_cell(out, c.reference_name + " " + format_cell(c.reference));
    out += c.met ? ",yes\n" : ",no\n";
  }
  return out;
}

std::string format_calibration(const CalibrationCheck& check) {
  const auto& seeds = check.scenario.seeds;
  std::string out = "pasante: calibration targets of MODEL.md section 7 for " + check.scenario.name + ", " +
                    std::to_string(seeds.size()) + " replicates (seeds " +
                    (seeds.empty() ? std::string("-")
                                   : std::to_string(seeds.front()) + "-" + std::to_string(seeds.back())) +
                    "), judged on the mean\n";
  char line[256];
  std::snprintf(line, sizeof line, "  %-34s %-28s %9s  %-21s %s\n", "metric", "target", "mean", "95% interval", "met");
  out += line;
  for (const TargetCheck& c : check.checks) {
    const Estimate& e = c.estimate;
    const std::string interval = e.n > 1 ? "[" + format_short(e.ci_low) + ", " + format_short(e.ci_high) + "]" : "";
    std::snprintf(line, sizeof line, "  %-34s %-28s %9s  %-21s %s\n", c.target->metric.c_str(),
                  c.target->wanted.c_str(), format_short(e.n > 0 ? e.mean : NAN).c_str(), interval.c_str(),
                  c.met ? "yes" : "NO");
    out += line;
    if (!c.reference_name.empty())
      out += "    (" + std::string(c.target->kind == TargetKind::largest_of ? "next largest: " : "") + c.reference_name +
             " " + format_short(c.reference) + ")\n";
  }
  if (seeds.size() < 10)
    out += "  note: MODEL.md section 7 asks for the mean over at least 10 replicates; this check has " +
           std::to_string(seeds.size()) + "\n";
  if (check.days > 0 && check.days != 365)
    out += "  note: the targets are for one cohort year (365 days); these runs simulated " + std::to_string(check.days) +
           "\n";
  const int missed = check.missed();
  out += missed == 0 ? "  every target met\n"
                     : "  " + std::to_string(missed) + " of " + std::to_string(check.checks.size()) +
                           " targets missed\n";
  return out;
}

void write_calibration(const CalibrationCheck& check, const std::filesystem::path& out_dir) {
  RunDirectory dir(out_dir, "calibrate");
  const std::string csv = calibration_csv(check);
  {
    std::ofstream f(dir.file("calibration.csv"), std::ios::binary);
    f.write(csv.data(), static_cast<std::streamsize>(csv.size()));
    f.close();
    if (!f) throw std::runtime_error("error writing " + dir.file("calibration.csv").string());
  }
  auto arm_json = [](const ArmReplicates& a) {
    return nlohmann::ordered_json{{"name", a.name}, {"source", a.source}, {"seeds", a.seeds}};
  };
  const nlohmann::ordered_json manifest = {
      {"program", "pasante"},
      {"command", "calibrate"},
      {"version", kVersion},
      {"revision", source_revision()},
      {"created_at", iso8601_utc(std::chrono::system_clock::now())},
      {"scenario", arm_json(check.scenario)},
      {"overrides", check.overrides},
      {"days", check.days},
      {"needs_based", arm_json(check.needs_based)},
      {"targets_missed", check.missed()},
      {"outputs", {{"calibration.csv", sha256_file_hex(dir.file("calibration.csv"))}}}};
  const std::string text = manifest.dump(2) + "\n";
  std::ofstream f(dir.file(kManifestFile), std::ios::binary);
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  f.close();
  if (!f) throw std::runtime_error("error writing " + dir.file(kManifestFile).string());
  dir.commit();
}

}  // namespace pasante::analysis
