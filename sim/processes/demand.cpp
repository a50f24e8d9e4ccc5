#include "processes/demand.hpp"

#include <algorithm>
#include <cmath>

#include "agents/population_builder.hpp"
#include "processes/catchment_parallel.hpp"
#include "processes/medicine_stock.hpp"

namespace pasante::demand {

double seek_probability_from_access(double trust, double access, bool extreme_poor, double severity_factor,
                                    const DemandParameters& p) {
  const double q = trust * access * (1.0 - p.poverty_barrier * extreme_poor) * severity_factor;
  return std::min(1.0, q);
}

double seek_probability(double trust, double minutes, bool extreme_poor, double severity_factor,
                        const DemandParameters& p) {
  return seek_probability_from_access(trust, travel_access(minutes, p.travel_scale_minutes), extreme_poor,
                                      severity_factor, p);
}

namespace {

struct CatchmentDay {
  SimulationState& s;
  ClinicId clinic;
  SimDay day;
  ClinicState& cs;
  const DemandParameters& p;
  double hours;
  bool on_call;

  std::uint8_t draw_severity(RandomStream& rs) const {
    const double u = rs.uniform();
    if (u < p.severity_mild) return 0;
    if (u < p.severity_mild + p.severity_moderate) return 1;
    return 2;
  }
  std::uint8_t draw_case(RandomStream& rs) const {
    double u = rs.uniform();
    for (int c = 0; c < kAcuteCaseCount - 1; ++c) {
      if (u < p.case_share[c]) return static_cast<std::uint8_t>(c);
      u -= p.case_share[c];
    }
    return kAcuteCaseCount - 1;
  }
  double severity_factor(std::uint8_t severity) const {
    return severity == 0 ? p.severity_factor_mild : severity == 1 ? p.severity_factor_moderate : p.severity_factor_severe;
  }

  // Does the resident take the need to the clinic? Returns true when they do;
  // otherwise counts the hidden need by its main reason.
  bool seeks(ResidentId r, std::uint8_t severity, RandomStream& rs) {
    const LocalityId l = s.residents.locality_of(r, clinic);
    const float minutes = s.locality_minutes_today[l];
    if (s.locality_curfew_until[l] >= day || !std::isfinite(minutes)) {
      ++cs.counters.hidden[static_cast<int>(HiddenReason::road_closed)];
      return false;
    }
    const double trust = s.residents.trust_of(r);
    const bool extreme_poor = rs.bernoulli(s.world.localities[l].extreme_poverty_share);
    const double trip = s.locality_access_today[l];
    if (rs.bernoulli(seek_probability_from_access(trust, trip, extreme_poor, severity_factor(severity), p))) return true;
    // The larger shortfall names the reason: trust or the trip.
    const double access = trip * (1.0 - p.poverty_barrier * extreme_poor);
    ++cs.counters.hidden[static_cast<int>(trust < access ? HiddenReason::low_trust : HiddenReason::distance)];
    return false;
  }

  void acute(std::uint32_t local, bool redraw) {
    const ResidentId r = s.residents.catchment_begin[clinic] + local;
    if (!s.residents.alive(r)) return;
    RandomStream rs = s.stream(StreamId::acute_need, r, day);
    cs.calendar.schedule(day, day + next_acute_wait(rs, p.acute_rate_per_year), NeedEntry::acute(local));
    if (redraw) return;  // a parked wait, not an episode
    ++cs.counters.needs;
    // The case is held in locals and the visit built only when it joins the
    // queue: a visit assembled on the stack field by field was read back
    // whole, and that read waited on the calendar's store above.
    const std::uint8_t severity = draw_severity(rs);
    const std::uint8_t acute_case = draw_case(rs);
    const bool after_hours = severity == 2 && rs.bernoulli(1.0 - hours / 24.0);
    RandomStream seek_rs = s.stream(StreamId::care_seeking, r, day);
    if (!seeks(r, severity, seek_rs)) return;
    if (after_hours && !on_call) {
      // The clinic is shut at night: a severe case goes straight to the hospital.
      cs.referrals.push_back(Referral{r, kNone, 2, medicine_for(static_cast<AcuteCase>(acute_case))});
      return;
    }
    cs.queue.push_back(Visit{.resident = r, .severity = severity, .acute_case = acute_case, .after_hours = after_hours});
  }

  void chronic(std::uint32_t local) {
    const std::uint32_t k = s.chronic.catchment_begin[clinic] + local;
    const ResidentId r = s.chronic.resident(k);
    if (!s.residents.alive(r)) return;
    ++cs.counters.needs;
    cs.health_checks.push_back({k, s.chronic.records[k].last_treated});
    if (s.residents.trust_of(r) < p.trust_stop_coming) s.residents.add_traits(r, trait::stopped_coming);
    const std::uint8_t traits = s.residents.traits(r);
    RandomStream rs = s.stream(StreamId::care_seeking, r, day, kChronicCaseSubstream);
    const bool goes = !(traits & trait::stopped_coming) && seeks(r, 0, rs);
    if (traits & trait::stopped_coming) ++cs.counters.hidden[static_cast<int>(HiddenReason::low_trust)];
    if (!goes) {
      // Skips this cycle; the need falls due again next month.
      cs.calendar.schedule(day, day + static_cast<SimDay>(p.chronic_refill_days), NeedEntry::chronic(local));
      return;
    }
    cs.queue.push_back(Visit{.resident = r, .chronic = k});
  }
};

}  // namespace

void run(SimulationState& s, SimDay day) {
  // An intervention changed the travel scale: every locality's access factor again.
  if (s.params.demand.travel_scale_minutes != s.access_scale) {
    s.access_scale = s.params.demand.travel_scale_minutes;
    for (LocalityId l = 0; l < s.locality_access_today.size(); ++l)
      s.locality_access_today[l] = travel_access(s.locality_minutes_today[l], s.access_scale);
  }
  for_each_catchment(s, [&](ClinicId c) {
    ClinicState& cs = s.clinics[c];
    cs.calendar.prefetch();  // the day's reschedules go to its buckets' ends
    cs.queue.clear();
    cs.health_checks.clear();
    cs.severe_untreated.clear();
    const auto category = static_cast<int>(s.world.clinics[c].category);
    CatchmentDay today{s, c, day, cs, s.params.demand, s.params.care.hours_per_day[category],
                       s.params.care.on_call[category]};
    // Trauma brought by violence arrives whatever the day.
    RandomStream trauma_rs = s.stream(StreamId::trauma, c, day);
    const std::uint32_t catchment_size = s.residents.catchment_begin[c + 1] - s.residents.catchment_begin[c];
    for (std::int32_t t = 0; t < cs.pending_trauma && catchment_size > 0; ++t) {
      ++cs.counters.needs;
      ++cs.counters.trauma_cases;
      const ResidentId r = s.residents.catchment_begin[c] + static_cast<ResidentId>(trauma_rs.below(catchment_size));
      cs.queue.push_back(Visit{.resident = r, .severity = 2, .acute_case = static_cast<std::uint8_t>(AcuteCase::injury),
                               .trauma = true, .trauma_case = static_cast<std::uint16_t>(t)});
    }
    cs.pending_trauma = 0;
    if (!s.working_day(c, day)) {
      cs.calendar.defer(day);  // needs wait for the next working day
      return;
    }
    const ResidentId first_resident = s.residents.catchment_begin[c];
    const std::uint32_t first_patient = s.chronic.catchment_begin[c];
    cs.calendar.drain_prefetching(
        day,
        [&](NeedEntry e) -> const void* {  // far ahead: the patient's row, or the resident's record
          if (e.is_chronic()) return &s.chronic.records[first_patient + e.index()];
          return &s.residents.records[first_resident + e.index()];
        },
        [&](NeedEntry e) -> const void* {  // nearer: a patient's resident record, now that the row has arrived
          if (e.is_chronic()) return &s.residents.records[s.chronic.resident(first_patient + e.index())];
          return nullptr;
        },
        [&](NeedEntry e) {
          if (e.is_chronic()) today.chronic(e.index());
          else today.acute(e.index(), e.needs_redraw());
        });
  });
}

}  // namespace pasante::demand
