#include "processes/supervision.hpp"

#include <algorithm>

#include "processes/clinic_routes.hpp"
#include "processes/road_danger.hpp"

namespace pasante::supervision {

int recent_visits(const ClinicState& cs, SimDay day) {
  return static_cast<int>(std::count_if(cs.supervision_days.begin(), cs.supervision_days.end(),
                                        [&](SimDay d) { return day - d < 30; }));
}

namespace {

void supervise(SimulationState& s, ClinicId c, SimDay day, double effect) {
  const auto& p = s.params.supervision;
  ClinicState& cs = s.clinics[c];
  for (std::int32_t i : {cs.intern, cs.partner}) {
    if (i < 0) continue;
    Intern& in = s.interns[static_cast<std::size_t>(i)];
    in.competence += p.competence_gain * effect * (1.0 - in.competence);
    in.stress = std::max(0.0, in.stress - p.stress_relief * effect);
    if (effect >= 1.0) ++in.supervision_visits;
    else ++in.remote_supervision;
  }
  std::erase_if(cs.supervision_days, [&](SimDay d) { return day - d >= 30; });
  cs.supervision_days.push_back(day);
  // A supervisor may notice the month's inflated reports and correct them;
  // a visit and a remote session on the same day draw apart, and apart from
  // the draws of whether they happen (substream 0).
  const std::uint64_t session = effect >= 1.0 ? 1 : 2;
  RandomStream rs = s.stream(StreamId::supervision, c, day, session);
  if (cs.month_inflation > 0 && rs.bernoulli(p.inflation_catch * effect)) {
    cs.reported_consultations -= cs.month_inflation;
    cs.month_inflation = 0;
    cs.inflation_propensity *= 1.0 - p.propensity_cut * effect;
  }
}

}  // namespace

void initialise(SimulationState& s) {
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    const Locality& home = s.world.localities[s.world.clinics[c].locality];
    s.clinics[c].connected = s.stream(StreamId::staffing, c, 0, kConnectionSubstream).bernoulli(home.internet_share);
  }
}

void run(SimulationState& s, SimDay day) {
  const auto& sp = s.params.supervision;
  const auto& policy = s.params.policy;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    ClinicState& cs = s.clinics[c];
    if (cs.intern < 0) continue;
    ++s.clinic_days_with_intern;
    if (!s.working_day(c, day)) continue;
    const double working_days_per_month = s.working_days_per_month(c);
    RandomStream rs = s.stream(StreamId::supervision, c, day);
    if (rs.bernoulli(std::min(1.0, policy.supervision_visits_per_month / working_days_per_month))) {
      ++s.supervision_planned;
      const Route& route = clinic_routes::hospital_route(s, c, day);
      if (route.reachable() && route_danger(s, route) <= sp.max_road_danger) {
        ++s.supervision_done;
        s.cost_supervision_mxn += sp.cost_per_visit_mxn;
        supervise(s, c, day, 1.0);
      } else {
        ++s.supervision_cancelled;
      }
    }
    // Remote sessions need the clinic's internet connection.
    if (policy.telemedicine && cs.connected &&
        rs.bernoulli(std::min(1.0, sp.remote_sessions_per_month / working_days_per_month))) {
      ++s.supervision_remote;
      s.cost_supervision_mxn += sp.cost_per_remote_session_mxn;
      supervise(s, c, day, sp.telemedicine_effect);
    }
  }
}

}  // namespace pasante::supervision
