// Each mechanism of MODEL.md §5 does what the model says: the real baseline
// (the embedded Doctor Arroyo scenario) is run for R replicates per arm with
// seeds 1..R in both arms (common random numbers), and the paired mean
// difference of a summary metric must exceed kSigmas standard errors of the
// paired differences in the expected direction.
//
// Runs are short (kDays) where the mechanism shows within one cohort's first
// months; a few need the whole year. Every arm's means, standard deviations
// and paired difference are printed ("[ effect ]" lines) for the record.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <numeric>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/calendar.hpp"
#include "core/text_source.hpp"
#include "model/simulation.hpp"
#include "scenario/scenario.hpp"

namespace pasante {
namespace {

constexpr int kDays = 120;      // one cohort's first four months
constexpr int kReplicates = 5;  // seeds 1..5 in every arm
constexpr double kSigmas = 3.0;
constexpr int kYearReplicates = 10;  // for the slower, smaller effects measured over the whole year

// What the tests read from one run.
struct Outcome {
  std::map<std::string, double> summary;
  Table interns;
  double operator[](const std::string& metric) const {
    const auto it = summary.find(metric);
    if (it == summary.end()) {
      ADD_FAILURE() << "no summary metric " << metric;
      return std::nan("");
    }
    return it->second;
  }
};

using Arm = std::vector<Outcome>;

Outcome run_once(const std::string& scenario_file, std::vector<std::string> overrides, int seed, int days) {
  overrides.push_back("scenario.days=" + std::to_string(days));
  overrides.push_back("scenario.seed=" + std::to_string(seed));
  Simulation sim(load_scenario(scenario_file, overrides), SimulationOptions{.threads = 1});
  sim.run();
  RunResults r = sim.results();
  Outcome o;
  for (const SummaryMetric& m : r.summary) o.summary[m.name] = m.value;
  o.interns = std::move(r.interns);
  return o;
}

// Runs (or recalls) an arm: seeds 1..replicates. Arms are cached for the
// process, so the baseline runs once when the whole file runs.
const Arm& arm(const std::vector<std::string>& overrides, int days = kDays, int replicates = kReplicates,
               const std::string& scenario_file = std::string(kDefaultScenario)) {
  static std::map<std::string, Arm> cache;
  std::string key = scenario_file + "|" + std::to_string(days) + "|" + std::to_string(replicates);
  for (const auto& o : overrides) key += "|" + o;
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  Arm runs;
  for (int seed = 1; seed <= replicates; ++seed) runs.push_back(run_once(scenario_file, overrides, seed, days));
  return cache.emplace(key, std::move(runs)).first->second;
}

double mean(const std::vector<double>& x) { return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size()); }
double sd(const std::vector<double>& x) {
  if (x.size() < 2) return 0;
  const double m = mean(x);
  double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

struct Paired {
  double base_mean, base_sd, arm_mean, arm_sd, diff_mean, diff_se;
};

Paired compare(const Arm& base, const Arm& treated, const std::string& metric, const std::string& label) {
  EXPECT_EQ(base.size(), treated.size());
  std::vector<double> a, b, d;
  for (std::size_t i = 0; i < base.size() && i < treated.size(); ++i) {
    a.push_back(base[i][metric]);
    b.push_back(treated[i][metric]);
    d.push_back(b.back() - a.back());
  }
  const Paired p{mean(a), sd(a), mean(b), sd(b), mean(d), sd(d) / std::sqrt(static_cast<double>(d.size()))};
  std::printf("[ effect ] %-28s %-34s base %.4g ± %.3g  arm %.4g ± %.3g  paired diff %+.4g (se %.3g)\n", label.c_str(),
              metric.c_str(), p.base_mean, p.base_sd, p.arm_mean, p.arm_sd, p.diff_mean, p.diff_se);
  return p;
}

// The arm raises (lowers) the metric by more than kSigmas paired standard errors.
void expect_raises(const Arm& base, const Arm& treated, const std::string& metric, const std::string& label) {
  const Paired p = compare(base, treated, metric, label);
  EXPECT_GT(p.diff_mean, 0.0) << label << ": " << metric << " did not rise";
  EXPECT_GT(p.diff_mean, kSigmas * p.diff_se) << label << ": " << metric << " rose by " << p.diff_mean
                                              << ", within " << kSigmas << " standard errors (" << p.diff_se << ")";
}
void expect_lowers(const Arm& base, const Arm& treated, const std::string& metric, const std::string& label) {
  const Paired p = compare(base, treated, metric, label);
  EXPECT_LT(p.diff_mean, 0.0) << label << ": " << metric << " did not fall";
  EXPECT_LT(p.diff_mean, -kSigmas * p.diff_se) << label << ": " << metric << " fell by " << -p.diff_mean
                                               << ", within " << kSigmas << " standard errors (" << p.diff_se << ")";
}

const Arm& baseline() { return arm({}); }

TEST(Mechanisms, AuditsLowerReportInflation) {
  // The independent authority as a whole (audits, no supervisor inflation on the way up).
  const Arm& authority = arm({"policy.independent_authority.enabled=true"});
  expect_lowers(baseline(), authority, "report_inflation_ratio", "independent authority");
  for (const Outcome& o : baseline()) EXPECT_EQ(o["audit_findings"], 0) << "audits without the authority";
  expect_raises(baseline(), authority, "audit_findings", "independent authority");
  // Audits on their own: no supervisor inflation in either arm.
  const Arm& honest_supervisors = arm({"reporting.supervisor_inflation=0"});
  const Arm& audited = arm({"reporting.supervisor_inflation=0", "policy.independent_authority.enabled=true"});
  expect_lowers(honest_supervisors, audited, "report_inflation_ratio", "audits alone");
}

TEST(Mechanisms, NeedsBasedAllocationLowersMismatchAndStockouts) {
  const Arm& needs = arm({"policy.supply.allocation=needs_based"});
  expect_lowers(baseline(), needs, "medicine_mismatch_index", "needs_based allocation");
  expect_lowers(baseline(), needs, "refusal_rate_stockout", "needs_based allocation");
}

TEST(Mechanisms, MoreSupervisionIsDoneAndLowersInflation) {
  const Arm& more = arm({"policy.supervision.visits_per_month=6"});
  expect_raises(baseline(), more, "supervision_visits_per_month_done", "supervision 1.5 -> 6");
  expect_lowers(baseline(), more, "report_inflation_ratio", "supervision 1.5 -> 6");
}

// Telemedicine reaches the clinics with a connection (drawn from their
// localities' internet shares): remote sessions happen, and the interns there
// are less stressed and more competent by the end of the first months.
TEST(Mechanisms, TelemedicineSessionsLowerStressAndRaiseCompetence) {
  const Arm& remote = arm({"policy.supervision.telemedicine=true"});
  expect_raises(baseline(), remote, "supervision_remote_sessions", "telemedicine");
  expect_lowers(baseline(), remote, "intern_stress_mean_end", "telemedicine");
  expect_raises(baseline(), remote, "intern_competence_mean_end", "telemedicine");
}

// Paperwork days at the jurisdiction leave lone interns' clinics without a
// doctor: more visits are turned away for no_doctor than with no paperwork.
TEST(Mechanisms, PaperworkDaysTurnPatientsAwayForNoDoctor) {
  const Arm& none = arm({"interns.paperwork_trips_per_month=0"});
  expect_raises(none, baseline(), "refusal_rate_no_doctor", "paperwork 0 -> 1 a month");
}

TEST(Mechanisms, MoreViolenceLowersSecurityAndRaisesEvents) {
  const Arm& violent = arm({"violence.intensity_multiplier=3"});
  expect_lowers(baseline(), violent, "intern_security_mean_end", "violence x3");
  expect_raises(baseline(), violent, "violence_events", "violence x3");
}

TEST(Mechanisms, RelocationLeavesVacanciesWithNoDoctor) {
  const Arm& relocate = arm({"policy.security.relocate_below=40"});
  for (const Outcome& o : baseline()) EXPECT_EQ(o["intern_relocation_rate"], 0) << "relocation without the policy";
  for (const Outcome& o : relocate) EXPECT_GT(o["intern_relocation_rate"], 0);
  expect_raises(baseline(), relocate, "intern_relocation_rate", "relocate below 40");
  expect_raises(baseline(), relocate, "refusal_rate_no_doctor", "relocate below 40");
}

TEST(Mechanisms, LargerBudgetLowersStockoutRefusals) {
  const Arm& rich = arm({"policy.supply.budget_multiplier=2"});
  expect_lowers(baseline(), rich, "refusal_rate_stockout", "budget x2");
}

TEST(Mechanisms, AssignmentScreeningRemovesSlotsInViolentPlaces) {
  const Arm& screened = arm({"policy.assignment.max_violence=1.5"});
  expect_lowers(baseline(), screened, "interns", "screening max_violence 1.5");
  expect_raises(baseline(), screened, "refusal_rate_no_doctor", "screening max_violence 1.5");
}

TEST(Mechanisms, PairingInRemoteClinicsStaffsFewerClinics) {
  // Two interns per C/CC clinic from the same pool leave more clinics without a doctor.
  const Arm& paired = arm({"policy.assignment.pair_remote=true"});
  expect_raises(baseline(), paired, "refusal_rate_no_doctor", "pair_remote");
}

// The harassment process (MODEL.md §5.5): about 27 of 30 women report at
// least one episode over the service year; men far fewer.
TEST(Mechanisms, WomenAreHarassedFarMoreThanMen) {
  const Arm& year = arm({}, 365, kYearReplicates);
  std::vector<double> women_share, men_share, gap;
  double women = 0, women_harassed = 0, men = 0, men_harassed = 0;
  for (const Outcome& o : year) {
    const auto& cols = o.interns.columns;
    const auto sex = std::find(cols.begin(), cols.end(), "sex") - cols.begin();
    const auto har = std::find(cols.begin(), cols.end(), "harassment") - cols.begin();
    ASSERT_LT(static_cast<std::size_t>(sex), cols.size());
    ASSERT_LT(static_cast<std::size_t>(har), cols.size());
    double w = 0, wh = 0, m = 0, mh = 0;
    for (const auto& row : o.interns.rows) {
      const bool harassed = std::stoll(row[static_cast<std::size_t>(har)]) > 0;
      if (row[static_cast<std::size_t>(sex)] == "female") {
        w += 1;
        wh += harassed;
      } else {
        ASSERT_EQ(row[static_cast<std::size_t>(sex)], "male");
        m += 1;
        mh += harassed;
      }
    }
    ASSERT_GT(w, 0);
    ASSERT_GT(m, 0);
    EXPECT_DOUBLE_EQ(wh / w, o["women_harassed_share"]);  // the table agrees with the summary
    women_share.push_back(wh / w);
    men_share.push_back(mh / m);
    gap.push_back(wh / w - mh / m);
    women += w, women_harassed += wh, men += m, men_harassed += mh;
  }
  std::printf("[ effect ] %-28s women %.3f ± %.3f (pooled %.3f of %.0f)  men %.3f ± %.3f (pooled %.3f of %.0f)\n",
              "harassment share, 365 d", mean(women_share), sd(women_share), women_harassed / women, women,
              mean(men_share), sd(men_share), men_harassed / men, men);
  EXPECT_GE(mean(women_share), 0.80);
  EXPECT_LE(mean(women_share), 0.97);
  EXPECT_GT(mean(gap), kSigmas * sd(gap) / std::sqrt(static_cast<double>(gap.size())));
  EXPECT_LT(men_harassed / men, women_harassed / women);
}

// Guards the interns' reported consultations: inflation only adds, so every
// intern is credited with at least the consultations they gave, including
// one who leaves mid-week (their last week used to be lost: a dropout with
// 299 true consultations was credited with 238).
TEST(Mechanisms, EveryInternIsCreditedWithAtLeastTheirOwnConsultations) {
  const Arm& year = arm({}, 365, kYearReplicates);
  int left_mid_run = 0;
  for (const Outcome& o : year) {
    const auto& cols = o.interns.columns;
    const auto column = [&](const char* name) {
      const auto k = static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
      EXPECT_LT(k, cols.size()) << name;
      return k;
    };
    const std::size_t truth = column("consultations_true"), reported = column("consultations_reported"),
                      status = column("status");
    for (const auto& row : o.interns.rows) {
      EXPECT_GE(std::stoll(row[reported]), std::stoll(row[truth])) << "intern with status " << row[status];
      left_mid_run += row[status] == "dropped_out" || row[status] == "relocated";
    }
  }
  EXPECT_GT(left_mid_run, 0) << "no intern left mid-run, so the case is not exercised";
}

// Guards the trip rate: interns.trips_per_month is what every intern makes,
// whatever their clinic's rest days (the chance per rest day assumed 1.5 rest
// days a week, so A interns, with two, made 1.47 trips a month and the rest,
// with one, 0.67). Pooled over a year of 10 seeds, each category's rate is
// within four Poisson standard errors of the parameter.
TEST(Mechanisms, InternsMakeTheirTripsPerMonthWhateverTheirRestDays) {
  const Arm& year = arm({}, 365, kYearReplicates);
  std::map<std::string, std::pair<double, double>> by_category;  // trips, months of service
  for (const Outcome& o : year) {
    const auto& cols = o.interns.columns;
    const auto column = [&](const char* name) {
      return static_cast<std::size_t>(std::find(cols.begin(), cols.end(), name) - cols.begin());
    };
    const std::size_t category = column("category"), trips = column("trips"), cancelled = column("trips_cancelled"),
                      start = column("start_date"), end = column("end_date");
    ASSERT_LT(end, cols.size());
    for (const auto& row : o.interns.rows) {
      const auto first = Date::parse(row[start]);
      const auto last = row[end].empty() ? std::optional(Date::from_ymd(2023, 1, 31)) : Date::parse(row[end]);
      ASSERT_TRUE(first && last) << row[start] << " " << row[end];
      auto& [t, months] = by_category[row[category]];
      t += std::stod(row[trips]) + std::stod(row[cancelled]);
      months += static_cast<double>(*last - *first) / kDaysPerMonth;
    }
  }
  ASSERT_EQ(by_category.size(), 4u);
  for (const auto& [category, tm] : by_category) {
    const double rate = tm.first / tm.second, se = std::sqrt(tm.first) / tm.second;
    std::printf("[ effect ] trips a month, %-3s %.3f (se %.3f, %.0f intern-months)\n", category.c_str(), rate, se,
                tm.second);
    EXPECT_NEAR(rate, 1.0, 4 * se) << category;
  }
}

// Guards the expired share: the opening stock can expire as well as
// deliveries, so it counts in what was supplied (with five-day shelf lives
// the share used to reach 2.5).
TEST(Mechanisms, ExpiredUnitsAreAShareOfWhatWasSupplied) {
  std::vector<std::string> overrides{"policy.supply.interval_days=10"};
  for (const char* m : {"metformin", "insulin", "antihypertensive", "antibiotic", "analgesic", "oral_rehydration",
                        "trauma_kit", "calcium"})
    overrides.push_back(std::string("medicines.") + m + ".shelf_life_days=5");
  for (const Outcome& o : arm(overrides, 14, 2)) {
    EXPECT_GT(o["units_expired_share"], 0.2);
    EXPECT_LE(o["units_expired_share"], 1.0);
  }
}

TEST(Mechanisms, StipendParityLowersStress) {
  // Only A and B stipends fall short of the cost of living, so parity relieves
  // the interns serving there. Measured on them (interns.csv) over the whole
  // service year, each intern against the same intern (same id and clinic,
  // under common random numbers) in the other arm: the rest of the year's
  // events differ between arms only through what the stipend changed.
  const Arm& base = arm({}, 365, kYearReplicates);
  const Arm& parity = arm({"policy.stipends_mxn.A=12000", "policy.stipends_mxn.B=12000", "policy.stipends_mxn.C=12000",
                           "policy.stipends_mxn.CC=12000"},
                          365, kYearReplicates);
  auto column = [](const Table& t, const char* name) {
    const auto at = static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), name) - t.columns.begin());
    EXPECT_LT(at, t.columns.size()) << name;
    return at;
  };
  Arm base_stress, parity_stress;
  for (std::size_t r = 0; r < base.size() && r < parity.size(); ++r) {
    const Table &b = base[r].interns, &p = parity[r].interns;
    const std::size_t id = column(b, "id"), clinic = column(b, "clinic"), category = column(b, "category"),
                      stress = column(b, "stress");
    std::map<std::string, const std::vector<std::string>*> in_parity;
    for (const auto& row : p.rows) in_parity.emplace(row[id], &row);
    double sum_base = 0, sum_parity = 0, n = 0;
    for (const auto& row : b.rows) {
      const auto it = in_parity.find(row[id]);
      if ((row[category] != "A" && row[category] != "B") || it == in_parity.end() || (*it->second)[clinic] != row[clinic])
        continue;
      sum_base += std::stod(row[stress]);
      sum_parity += std::stod((*it->second)[stress]);
      n += 1;
    }
    ASSERT_GT(n, 0) << "no A or B intern in both arms, replicate " << r;
    base_stress.push_back({.summary = {{"stress_end_A_B", sum_base / n}}});
    parity_stress.push_back({.summary = {{"stress_end_A_B", sum_parity / n}}});
  }
  expect_lowers(base_stress, parity_stress, "stress_end_A_B", "stipend parity, A and B (365 d)");
}

// A scheduled intervention takes effect on its day: switching to needs_based
// on day 60 lowers the mismatch index below the baseline's, but not as far as
// needs_based from the start.
TEST(Mechanisms, InterventionSwitchesAllocationMidRun) {
  const auto dir = std::filesystem::temp_directory_path() / ("pasante_mechanisms_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string file = (dir / "switch.yaml").string();
  std::ofstream(file) << "extends: embedded:scenarios/doctor_arroyo.yaml\n"
                         "interventions:\n"
                         "  - {day: 60, set: {policy.supply.allocation: needs_based}}\n";
  const Arm& switched = arm({}, kDays, kReplicates, file);
  std::filesystem::remove_all(dir);
  expect_lowers(baseline(), switched, "medicine_mismatch_index", "needs_based from day 60");
  expect_lowers(baseline(), switched, "refusal_rate_stockout", "needs_based from day 60");
  const Arm& from_start = arm({"policy.supply.allocation=needs_based"});
  expect_raises(from_start, switched, "medicine_mismatch_index", "day 60 vs from the start");
}

}  // namespace
}  // namespace pasante
