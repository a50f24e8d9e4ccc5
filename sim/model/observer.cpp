#include "model/observer.hpp"

#include <string>

namespace pasante {

namespace {

enum Metric : std::uint32_t {
  needs, visits_sought, treated, refused, refused_no_doctor, refused_closed_violence, refused_capacity,
  refused_stockout, refused_beyond_competence, hidden_unmet_need, referrals, referrals_failed, complications, deaths,
  violence_events, true_consultations, reported_consultations, interns_serving, intern_security_mean,
  intern_stress_mean, metric_count
};
constexpr const char* kMetricNames[metric_count] = {
    "needs", "visits_sought", "treated", "refused", "refused_no_doctor", "refused_closed_violence",
    "refused_capacity", "refused_stockout", "refused_beyond_competence", "hidden_unmet_need", "referrals",
    "referrals_failed", "complications", "deaths", "violence_events", "true_consultations",
    "reported_consultations", "interns_serving", "intern_security_mean", "intern_stress_mean"};

}  // namespace

Observer::Observer(const SimulationState& s)
    : period_(s.world.municipalities.size() + 1),
      period_events_(s.world.municipalities.size() + 1),
      last_true_(s.clinics.size()),
      last_reported_(s.clinics.size()),
      clinic_totals_(s.clinics.size()) {
  for (const auto& m : s.world.municipalities) series_.municipalities.push_back(m.name);
  series_.municipalities.push_back("all");
  for (const char* name : kMetricNames) series_.metrics.emplace_back(name);
}

void Observer::observe(SimulationState& s, SimDay day) {
  const std::size_t all = s.world.municipalities.size();
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    CareCounters& counters = s.clinics[c].counters;
    period_[s.municipality_of_clinic(c)] += counters;
    period_[all] += counters;
    totals_ += counters;
    clinic_totals_[c] += counters;
    counters = CareCounters{};
  }
  for (; events_seen_ < s.violence_events.size(); ++events_seen_) {
    ++period_events_[s.world.localities[s.violence_events[events_seen_].locality].municipality];
    ++period_events_[all];
  }
  const auto interval = static_cast<SimDay>(s.params.scenario.output_interval_days);
  if ((day + 1) % interval == 0 || day + 1 == s.calendar.length()) emit(s, day);
}

void Observer::emit(const SimulationState& s, SimDay day) {
  const std::size_t n = period_.size();
  std::vector<double> true_c(n), reported_c(n), serving(n), security(n), stress(n);
  const std::size_t all = n - 1;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    const auto m = s.municipality_of_clinic(c);
    const ClinicState& cs = s.clinics[c];
    for (std::size_t target : {static_cast<std::size_t>(m), all}) {
      true_c[target] += static_cast<double>(cs.true_consultations - last_true_[c]);
      reported_c[target] += static_cast<double>(cs.reported_consultations - last_reported_[c]);
    }
    last_true_[c] = cs.true_consultations;
    last_reported_[c] = cs.reported_consultations;
  }
  for (const Intern& in : s.interns) {
    if (!in.serving()) continue;
    for (std::size_t target : {static_cast<std::size_t>(s.municipality_of_clinic(in.clinic)), all}) {
      serving[target] += 1;
      security[target] += in.security;
      stress[target] += in.stress;
    }
  }
  for (std::size_t m = 0; m < n; ++m) {
    const CareCounters& k = period_[m];
    const double values[metric_count] = {
        double(k.needs), double(k.sought), double(k.treated), double(k.refused_total()),
        double(k.refused[0]), double(k.refused[1]), double(k.refused[2]), double(k.refused[3]), double(k.refused[4]),
        double(k.hidden[0] + k.hidden[1] + k.hidden[2]), double(k.referrals), double(k.referrals_failed),
        double(k.complications), double(k.deaths), double(period_events_[m]), true_c[m], reported_c[m], serving[m],
        serving[m] > 0 ? security[m] / serving[m] : 0.0, serving[m] > 0 ? stress[m] / serving[m] : 0.0};
    for (std::uint32_t metric = 0; metric < metric_count; ++metric)
      series_.rows.push_back({day, static_cast<std::uint32_t>(m), metric, values[metric]});
    period_[m] = CareCounters{};
    period_events_[m] = 0;
  }
}

}  // namespace pasante
