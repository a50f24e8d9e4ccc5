#include "processes/interns.hpp"

#include <algorithm>
#include <cmath>

#include "processes/care.hpp"
#include "processes/clinic_routes.hpp"
#include "processes/road_danger.hpp"
#include "processes/violence.hpp"

namespace pasante::interns {

double leave_profession_probability(const InternParameters& p, const Intern& in) {
  return std::clamp(p.leave_profession_base + p.leave_profession_stress * in.stress / 100.0 +
                        p.leave_profession_insecurity * (1.0 - in.security / 100.0) +
                        p.leave_profession_harassment * static_cast<double>(in.harassment),
                    0.0, 1.0);
}

void leave_clinic(SimulationState& s, std::int32_t i, InternStatus status, SimDay day) {
  Intern& in = s.interns[static_cast<std::size_t>(i)];
  in.status = status;
  in.left_day = day;
  // This week's consultations are theirs though they miss the week's report
  // (which still counts them in the clinic's figure): credited as they were.
  in.consultations_reported += in.week_true;
  in.week_true = 0;
  ClinicState& cs = s.clinics[in.clinic];
  if (cs.intern == i) {
    cs.intern = cs.partner;  // the partner, if any, stays on
    cs.partner = -1;
  } else if (cs.partner == i) {
    cs.partner = -1;
  }
  RandomStream rs = s.stream(StreamId::career, in.stream_key(), day);
  in.leave_probability = leave_profession_probability(s.params.interns, in);
  in.left_profession = rs.bernoulli(in.leave_probability);
}

namespace {

// A trip on an open route to the jurisdiction or the capital: with
// probability min(0.9, 0.5 × the route's danger) something happens on the
// road (followed, stopped at a checkpoint). `incident_draw` is the day's
// uniform for it (paperwork days are working days and capital trips rest
// days, so one day has one trip at most).
void travel(SimulationState& s, std::int32_t i, const Route& route, double incident_draw) {
  const auto& p = s.params.interns;
  Intern& in = s.interns[static_cast<std::size_t>(i)];
  if (incident_draw < std::min(0.9, 0.5 * route_danger(s, route))) {
    ++in.road_incidents;
    violence::expose_intern(s, i, p.security_loss_road, 1.0);
  }
}

void live_one_day(SimulationState& s, std::int32_t i, SimDay day) {
  const auto& p = s.params.interns;
  Intern& in = s.interns[static_cast<std::size_t>(i)];
  const ClinicState& cs = s.clinics[in.clinic];
  const Clinic& clinic = s.world.clinics[in.clinic];
  const Locality& home = s.world.localities[clinic.locality];
  const auto& mv = s.violence[s.municipality_of_clinic(in.clinic)];
  // The day's chances are drawn up front, each at a fixed place in the
  // stream: whether a trip or a road incident is drawn at all depends on the
  // clinic (its days off, its roads), which a policy may change, and must
  // not shift the dropout draw that comes after. Harassment's Poisson draw,
  // whose use of the stream may vary, comes last.
  RandomStream rs = s.stream(StreamId::interns, in.stream_key(), day);
  const double trip_draw = rs.uniform(), incident_draw = rs.uniform(), dropout_draw = rs.uniform();

  // Today's work, shared among the doctors present (none for an intern away
  // on paperwork).
  const bool away = !in.present(day);
  const int doctors = care::doctors_present(s, in.clinic, day);
  const double share = away ? 0.0 : doctors > 0 ? 1.0 / doctors : 1.0;
  const double consultations = cs.day_consultations * share;
  const double refusals = cs.day_refusals * share;
  const std::int64_t own = std::lround(consultations);
  in.consultations_true += own;
  in.week_true += static_cast<std::int32_t>(own);
  if (!away) in.refusals += cs.day_refusals;  // every patient turned away at the clinic while serving there
  if (cs.day_on_call > 0 && cs.intern == i) {
    in.on_call_nights += 1;
    in.stress += p.stress_on_call_night * cs.day_on_call;
  }
  in.competence += p.competence_gain_per_case * consultations * (1.0 - in.competence);

  // Stress: overload, moral injury, isolation, money; rest days relieve it.
  const bool company = clinic.has_nurse || cs.partner >= 0 || cs.staff_physician;
  const double connection = 0.5 * (home.internet_share + home.cellphone_share);
  const double isolation = (company ? 0.4 : 1.0) * (1.0 - 0.5 * connection);
  const double stipend_gap = std::max(0.0, p.cost_of_living_mxn - in.stipend_mxn) / 1000.0;
  in.stress += p.stress_per_excess_consult * std::max(0.0, consultations - p.comfortable_load) +
               p.stress_per_refusal * refusals + p.stress_isolation_per_day * isolation +
               p.stress_stipend_gap_per_day * stipend_gap;
  const bool rest_day = !s.working_day(in.clinic, day);
  if (rest_day) in.stress -= in.stress * p.stress_recovery_per_day * 7.0 / 2.0;

  // Security recovers slowly toward a ceiling set by local violence.
  const double ceiling =
      std::clamp(100.0 - p.security_ceiling_per_level * (mv.level + 10.0 * mv.excitation), 5.0, 100.0);
  in.security += p.security_recovery_per_day * (ceiling - in.security);

  // Harassment and gender discrimination: its own process, more for women.
  const double rate = (in.female ? s.params.violence.harassment_rate_women_per_year
                                 : s.params.violence.harassment_rate_men_per_year) / 365.0;
  const std::uint32_t episodes = rs.poisson(rate);  // the last draw
  if (episodes > 0) {
    in.harassment += episodes;
    const double loss = p.security_loss_harassment * (in.female ? p.women_harassment_loss_multiplier : 1.0);
    in.security -= loss * episodes;
    in.stress += p.stress_per_exposure * 0.5 * episodes;
  }

  // Paperwork at the jurisdiction (set off before care, on a working day): the road there.
  if (away) travel(s, i, clinic_routes::hospital_route(s, in.clinic, day), incident_draw);
  if (in.errand_cancelled_day == day) in.stress += p.stress_isolation_per_day * 5.0;

  // Trips to the capital on days off, along dangerous roads: trips_per_month
  // spread over the clinic's rest days (two a week at A clinics, one elsewhere).
  if (rest_day && trip_draw < p.trip_rate_per_month / (kDaysPerMonth - s.working_days_per_month(in.clinic))) {
    const Route& route = clinic_routes::warehouse_route(s, in.clinic, day);
    if (!route.reachable()) {
      ++in.trips_cancelled;
      in.stress += p.stress_isolation_per_day * 5.0;
    } else {
      ++in.trips;
      in.stress -= in.stress * 0.1;  // a visit home
      travel(s, i, route, incident_draw);
    }
  }

  // Study time for the residency exam shrinks with workload and stress.
  if (!rest_day) {
    const double load = std::min(1.0, consultations / std::max(1.0, p.comfortable_load));
    in.study_hours += p.study_hours_base * (1.0 - 0.6 * load) * (1.0 - in.stress / 100.0);
  } else {
    in.study_hours += p.study_hours_base * 1.5 * (1.0 - in.stress / 100.0);
  }
  in.stress = std::clamp(in.stress, 0.0, 100.0);
  in.security = std::clamp(in.security, 0.0, 100.0);

  // Leaving early: dropout, or relocation by a security policy.
  const double hazard = p.dropout_hazard_base + p.dropout_hazard_stress * in.stress / 100.0 +
                        p.dropout_hazard_insecurity * (1.0 - in.security / 100.0);
  if (dropout_draw < hazard) return leave_clinic(s, i, InternStatus::dropped_out, day);
  if (s.params.policy.relocate_below && in.security < *s.params.policy.relocate_below)
    return leave_clinic(s, i, InternStatus::relocated, day);
  if (day + 1 >= in.planned_end_day) leave_clinic(s, i, InternStatus::completed, day);
}

}  // namespace

void set_off_for_paperwork(SimulationState& s, SimDay day) {
  const double per_month = s.params.interns.paperwork_trips_per_month;
  if (per_month <= 0) return;
  for (std::size_t i = 0; i < s.interns.size(); ++i) {
    Intern& in = s.interns[i];
    if (!in.serving() || !s.working_day(in.clinic, day)) continue;
    // Apart from the intern's daily stream, which run() draws from later today.
    RandomStream rs = s.stream(StreamId::interns, in.stream_key(), day, kPaperworkSubstream);
    if (!rs.bernoulli(std::min(1.0, per_month / s.working_days_per_month(in.clinic)))) continue;
    if (clinic_routes::hospital_reachable(s, in.clinic)) {
      in.away_day = day;
      ++in.paperwork_trips;
    } else {
      in.errand_cancelled_day = day;
      ++in.paperwork_cancelled;
    }
  }
}

void run(SimulationState& s, SimDay day) {
  // Interns are few (one or two per clinic): a serial pass in id order.
  for (std::size_t i = 0; i < s.interns.size(); ++i) {
    if (!s.interns[i].serving()) continue;
    live_one_day(s, static_cast<std::int32_t>(i), day);
    if (s.interns[i].serving() || s.interns[i].left_day == day) {
      const Intern& in = s.interns[i];
      s.cost_stipends_mxn += in.stipend_mxn * 12.0 / 365.0;
    }
  }
}

}  // namespace pasante::interns
