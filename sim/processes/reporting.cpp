#include "processes/reporting.hpp"

#include <algorithm>
#include <cmath>

#include "processes/supervision.hpp"

namespace pasante::reporting {

double inflation_probability(double propensity, double shortfall, int recent_supervision, double damping) {
  const double pressure = std::sqrt(std::clamp(shortfall, 0.0, 1.0));
  return std::clamp(propensity * pressure * (1.0 - damping * recent_supervision), 0.0, 1.0);
}

namespace {

void weekly_report(SimulationState& s, ClinicId c, SimDay day) {
  const auto& r = s.params.reporting;
  ClinicState& cs = s.clinics[c];
  const std::int64_t truth = cs.week_true;
  cs.week_true = 0;
  std::int64_t reported = truth;
  if (cs.intern >= 0) {
    const double quota = s.params.policy.quota_per_week;
    RandomStream rs = s.stream(StreamId::reporting, c, day);
    if (truth < quota) {
      const double shortfall = (quota - static_cast<double>(truth)) / quota;
      const double p = inflation_probability(cs.inflation_propensity, shortfall, supervision::recent_visits(cs, day),
                                             r.inflation_supervision_damping);
      if (rs.bernoulli(p)) reported = truth + std::lround((quota - static_cast<double>(truth)) * rs.uniform(0.5, 1.0));
    }
    if (!s.params.policy.independent_authority) reported = std::lround(static_cast<double>(reported) * (1.0 + r.supervisor_inflation));
    // Each intern is credited with their own consultations; the inflation is
    // the reporting intern's.
    Intern& in = s.interns[static_cast<std::size_t>(cs.intern)];
    in.consultations_reported += in.week_true + (reported - truth);
    in.week_true = 0;
    if (cs.partner >= 0) {
      Intern& partner = s.interns[static_cast<std::size_t>(cs.partner)];
      partner.consultations_reported += partner.week_true;
      partner.week_true = 0;
    }
  }
  cs.true_consultations += truth;
  cs.reported_consultations += reported;
  cs.month_inflation += reported - truth;
}

void monthly_audits(SimulationState& s, SimDay day) {
  const auto& r = s.params.reporting;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    ClinicState& cs = s.clinics[c];
    RandomStream rs = s.stream(StreamId::audit, c, day);
    if (s.params.policy.independent_authority && rs.bernoulli(r.audit_share_per_month)) {
      ++s.audits;
      if (cs.month_inflation > 0) {
        ++s.audit_findings;
        cs.reported_consultations -= cs.month_inflation;  // the record is corrected
        cs.inflation_propensity *= 1.0 - r.audit_propensity_cut;
      }
    }
    cs.month_inflation = 0;
  }
}

}  // namespace

void run(SimulationState& s, SimDay day) {
  if (s.calendar.is_week_end(day) || day + 1 == s.calendar.length())
    for (ClinicId c = 0; c < s.clinics.size(); ++c) weekly_report(s, c, day);
  if (s.calendar.is_first_of_month(day)) monthly_audits(s, day);
}

}  // namespace pasante::reporting
