#include "processes/care.hpp"

#include <boost/sort/spreadsort/integer_sort.hpp>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "processes/catchment_parallel.hpp"
#include "processes/medicine_stock.hpp"

namespace pasante::care {

int doctors_present(const SimulationState& s, ClinicId c, SimDay day) {
  const ClinicState& cs = s.clinics[c];
  int doctors = cs.staff_physician ? 1 : 0;
  for (std::int32_t i : {cs.intern, cs.partner})
    if (i >= 0 && s.interns[static_cast<std::size_t>(i)].present(day)) ++doctors;
  return doctors;
}

double daily_capacity(const SimulationState& s, ClinicId c, SimDay day) {
  const auto& care = s.params.care;
  const Clinic& clinic = s.world.clinics[c];
  const double nurse = clinic.has_nurse ? 1.0 + care.nurse_capacity_bonus : 1.0;
  return doctors_present(s, c, day) * care.hours_per_day[static_cast<int>(clinic.category)] * care.consultations_per_hour *
         nurse;
}

void trust_after_treatment(SimulationState& s, ResidentId r) {
  const double t = s.residents.trust_of(r);
  s.residents.set_trust(r, t + s.params.demand.trust_gain_treated * (1.0 - t));
  if (s.residents.trust_of(r) >= s.params.demand.trust_stop_coming)
    s.residents.clear_traits(r, trait::stopped_coming);
}

void trust_after_refusal(SimulationState& s, ResidentId r) {
  const double t = s.residents.trust_of(r);
  s.residents.set_trust(r, t - s.params.demand.trust_loss_refused * t);
}

namespace {

struct ClinicDay {
  SimulationState& s;
  ClinicId clinic;
  SimDay day;
  ClinicState& cs;
  const ModelParameters& p;
  double capacity_left;
  double competence;
  bool closed;
  int doctors;

  void refuse(const Visit& v, RefusalReason reason, bool refer) {
    ++cs.counters.refused[static_cast<int>(reason)];
    ++cs.day_refusals;
    if (refer) {
      cs.referrals.push_back(Referral{v.resident, v.chronic, v.severity, needed_medicine(v), v.substream()});
      return;  // the hospital decides the outcome (and the trust change)
    }
    trust_after_refusal(s, v.resident);
    if (v.chronic != kNone) retry_chronic(v);
    if (v.severity == 2) cs.severe_untreated.push_back({v.resident, v.substream()});
  }

  void retry_chronic(const Visit& v) {
    const std::uint32_t local = v.chronic - s.chronic.catchment_begin[clinic];
    cs.calendar.schedule(day, day + static_cast<SimDay>(p.demand.chronic_retry_days), NeedEntry::chronic(local));
  }

  Medicine needed_medicine(const Visit& v) const {
    if (v.chronic == kNone) return medicine_for(static_cast<AcuteCase>(v.acute_case));
    const auto traits = s.residents.traits(v.resident);
    if (traits & trait::diabetes) return (traits & trait::insulin) ? Medicine::insulin : Medicine::metformin;
    return Medicine::antihypertensive;
  }

  // Dispenses every course the visit needs; false when any is missing. What is
  // in stock is still given, and a chronic patient keeps it: a retry within the
  // refill cycle asks only for the course still missing.
  bool dispense_courses(const Visit& v) {
    if (v.chronic == kNone) return dispense_course(needed_medicine(v));
    const auto traits = s.residents.traits(v.resident);
    std::uint8_t& taken = s.chronic.records[v.chronic].partial_courses;
    std::uint16_t& taken_on = s.chronic.records[v.chronic].partial_day;
    if (taken != 0 && day - taken_on >= static_cast<SimDay>(p.demand.chronic_refill_days)) taken = 0;  // used up
    constexpr std::uint8_t kDiabetesCourse = 1, kBloodPressureCourse = 2;
    std::uint8_t missing = 0;
    if ((traits & trait::diabetes) && !(taken & kDiabetesCourse) &&
        !dispense_course((traits & trait::insulin) ? Medicine::insulin : Medicine::metformin))
      missing |= kDiabetesCourse;
    if ((traits & trait::hypertension) && !(taken & kBloodPressureCourse) && !dispense_course(Medicine::antihypertensive))
      missing |= kBloodPressureCourse;
    if (missing == 0) {
      taken = 0;  // the refill is complete
      return true;
    }
    const std::uint8_t needed = ((traits & trait::diabetes) ? kDiabetesCourse : 0) |
                                ((traits & trait::hypertension) ? kBloodPressureCourse : 0);
    const std::uint8_t now_held = needed & static_cast<std::uint8_t>(~missing);
    if (now_held != taken) {
      taken = now_held;
      taken_on = static_cast<std::uint16_t>(day);
    }
    return false;
  }

  // One course of `medicine`, asked for (and counted as requested); false when
  // the stock cannot cover it.
  bool dispense_course(Medicine medicine) {
    const int m = static_cast<int>(medicine);
    const auto units = static_cast<std::int32_t>(p.medicines[m].units_per_course);
    cs.requested_cycle[m] += units;
    cs.requested_total[m] += units;
    if (!dispense(cs.stock[m], units)) return false;
    cs.dispensed_cycle[m] += units;
    return true;
  }

  void serve(const Visit& v) {
    ++cs.counters.sought;
    const bool severe = v.severity == 2;
    if (closed) return refuse(v, RefusalReason::closed_violence, severe);
    if (doctors == 0) return refuse(v, RefusalReason::no_doctor, severe);
    if (v.after_hours) {
      ++cs.counters.after_hours;
      ++cs.day_on_call;  // the intern on call is woken; outside the day's capacity
    } else if (!severe) {
      if (capacity_left < 1.0) return refuse(v, RefusalReason::capacity, false);
      capacity_left -= 1.0;
    }
    ++cs.counters.consultations;
    ++cs.day_consultations;
    ++cs.week_true;
    RandomStream rs = s.stream(StreamId::consultation, v.resident, day, v.substream());
    const double ceiling = v.severity == 0 ? p.care.complexity_mild
                           : v.severity == 1 ? p.care.complexity_moderate
                                             : p.care.complexity_severe;
    if (rs.uniform() * ceiling > competence) return refuse(v, RefusalReason::beyond_competence, true);
    if (!dispense_courses(v)) return refuse(v, RefusalReason::stockout, severe);
    ++cs.counters.treated;
    trust_after_treatment(s, v.resident);
    if (v.chronic != kNone) {
      s.chronic.records[v.chronic].last_treated = day;
      const std::uint32_t local = v.chronic - s.chronic.catchment_begin[clinic];
      cs.calendar.schedule(day, day + static_cast<SimDay>(p.demand.chronic_refill_days), NeedEntry::chronic(local));
    }
  }
};

// Puts a clinic's queue in its random serving order. Each visit's place is a
// draw of its own, keyed by the resident, the day and the case, so two visits
// waiting in two policy arms are served in the same order whatever else
// waits. (A Fisher–Yates shuffle on the clinic's stream gave every position
// another draw as soon as the queue's length differed.) Ties, at 2^-64, go by
// resident and case.
void serving_order(const SimulationState& s, std::vector<Visit>& queue, SimDay day) {
  if (queue.size() < 2) return;
  // (key, position) pairs are sorted, not visits, in buffers each thread keeps.
  thread_local std::vector<std::pair<std::uint64_t, std::uint32_t>> keys;
  thread_local std::vector<Visit> sorted;
  keys.clear();
  for (std::size_t i = 0; i < queue.size(); ++i)
    keys.emplace_back(s.stream(StreamId::clinic_queue, queue[i].resident, day, queue[i].substream())(),
                      static_cast<std::uint32_t>(i));
  // Boost's spreadsort: a radix sort on the keys' high bits, far faster than
  // comparisons on the long queues of urban clinics; the comparison orders
  // what the radix passes leave together.
  boost::sort::spreadsort::integer_sort(
      keys.begin(), keys.end(), [](const auto& k, unsigned shift) { return k.first >> shift; },
      [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        const Visit &x = queue[a.second], &y = queue[b.second];
        if (x.resident != y.resident) return x.resident < y.resident;
        return x.substream() < y.substream();
      });
  sorted.clear();
  for (const auto& k : keys) sorted.push_back(queue[k.second]);
  std::copy(sorted.begin(), sorted.end(), queue.begin());  // (a swap would hand each clinic the largest buffer)
}

}  // namespace

void run(SimulationState& s, SimDay day) {
  for_each_catchment(s, [&](ClinicId c) {
    ClinicState& cs = s.clinics[c];
    cs.day_consultations = cs.day_refusals = cs.day_on_call = 0;
    const LocalityId where = s.world.clinics[c].locality;
    double competence = cs.staff_physician ? s.params.care.staff_physician_competence : 0.0;
    for (std::int32_t i : {cs.intern, cs.partner})
      if (i >= 0 && s.interns[static_cast<std::size_t>(i)].present(day))
        competence = std::max(competence, s.interns[static_cast<std::size_t>(i)].competence);
    ClinicDay today{s,
                    c,
                    day,
                    cs,
                    s.params,
                    s.working_day(c, day) ? daily_capacity(s, c, day) : 0.0,
                    competence,
                    cs.closed_until >= day || s.locality_curfew_until[where] >= day,
                    doctors_present(s, c, day)};
    serving_order(s, cs.queue, day);
    // The patients' records were last read in the demand phase, before every
    // other catchment's: fetch them a few visits ahead.
    constexpr std::size_t kAhead = 8;
    const std::vector<Visit>& queue = cs.queue;
    for (std::size_t i = 0; i < queue.size(); ++i) {
      if (i + kAhead < queue.size()) {
        const Visit& next = queue[i + kAhead];
        __builtin_prefetch(&s.residents.records[next.resident]);
        if (next.chronic != kNone) __builtin_prefetch(&s.chronic.records[next.chronic]);
      }
      today.serve(queue[i]);
    }
  });
}

}  // namespace pasante::care
