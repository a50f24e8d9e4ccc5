#include "processes/referrals.hpp"

#include <cmath>

#include "processes/care.hpp"
#include "processes/clinic_routes.hpp"
#include "processes/medicine_stock.hpp"
#include "processes/road_danger.hpp"

namespace pasante::referrals {

void run(SimulationState& s, SimDay day) {
  const auto& p = s.params;
  for (HospitalState& h : s.hospitals) h.capacity_left = p.care.hospital_consultations_per_day;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    ClinicState& cs = s.clinics[c];
    if (cs.referrals.empty()) continue;
    HospitalState& hospital = s.hospitals[s.world.clinics[c].hospital];
    // The trip on today's roads: a closure that forces a detour makes it
    // longer; one that cuts the clinic off from its hospital stops it.
    const bool road_open = clinic_routes::hospital_reachable(s, c);
    const double trip_minutes = road_open ? clinic_routes::hospital_route(s, c, day).minutes : 0.0;
    const double worth_the_trip = std::exp(-trip_minutes / p.demand.travel_scale_minutes);
    for (const Referral& ref : cs.referrals) {
      ++cs.counters.referrals;
      RandomStream rs = s.stream(StreamId::referral, ref.resident, day, ref.substream);
      // Severe cases always make the trip; others only if it seems worth the distance.
      const bool goes = road_open && (ref.severity == 2 || rs.bernoulli(worth_the_trip));
      bool treated = false;
      if (goes && hospital.capacity_left >= 1.0) {
        hospital.capacity_left -= 1.0;
        const int m = static_cast<int>(ref.medicine);
        hospital.requested_cycle[m] += static_cast<double>(p.medicines[m].units_per_course);
        treated = dispense(hospital.stock[m], static_cast<std::int32_t>(p.medicines[m].units_per_course));
      }
      if (treated) {
        ++cs.counters.referrals_treated;
        care::trust_after_treatment(s, ref.resident);
        if (ref.chronic != kNone) s.chronic.records[ref.chronic].last_treated = day;
      } else {
        ++cs.counters.referrals_failed;
        const double t = s.residents.trust_of(ref.resident);
        // A wasted trip costs more trust than a refusal at the door.
        s.residents.set_trust(ref.resident, t - (goes ? p.demand.trust_loss_wasted_trip : p.demand.trust_loss_refused) * t);
        if (ref.severity == 2) cs.severe_untreated.push_back({ref.resident, ref.substream});
      }
      if (ref.chronic != kNone) {
        const std::uint32_t local = ref.chronic - s.chronic.catchment_begin[c];
        const auto wait = treated ? p.demand.chronic_refill_days : p.demand.chronic_retry_days;
        cs.calendar.schedule(day, day + static_cast<SimDay>(wait), NeedEntry::chronic(local));
      }
    }
    cs.referrals.clear();
  }
}

}  // namespace pasante::referrals
