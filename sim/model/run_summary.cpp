#include "model/run_summary.hpp"

#include <cmath>

#include "processes/supply.hpp"

namespace pasante {

namespace {

// Undefined (NaN, written blank) when there is nothing to divide by: a share
// of women harassed with no women serving is not 0.
double ratio(double a, double b) { return b > 0 ? a / b : std::nan(""); }

}  // namespace

std::vector<SummaryMetric> summarise(const SimulationState& s, const CareCounters& t) {
  std::vector<SummaryMetric> out;
  auto add = [&](const char* name, double value) { out.push_back({name, value}); };
  const double sought = static_cast<double>(t.sought);
  const auto& p = s.params;
  const SimDay last = s.calendar.length() - 1;

  add("refusal_rate", ratio(static_cast<double>(t.refused_total()), sought));
  for (int r = 0; r < kRefusalReasonCount; ++r)
    out.push_back({std::string("refusal_rate_") + kRefusalReasonNames[r], ratio(static_cast<double>(t.refused[r]), sought)});
  add("treated_rate", ratio(static_cast<double>(t.treated), sought));
  const double hidden = static_cast<double>(t.hidden[0] + t.hidden[1] + t.hidden[2]);
  add("hidden_unmet_need_rate", ratio(hidden, static_cast<double>(t.needs)));
  for (int h = 0; h < kHiddenReasonCount; ++h)
    out.push_back({std::string("hidden_unmet_need_rate_") + kHiddenReasonNames[h],
                   ratio(static_cast<double>(t.hidden[h]), static_cast<double>(t.needs))});
  add("referral_rate", ratio(static_cast<double>(t.referrals), sought));
  add("referral_failure_rate", ratio(static_cast<double>(t.referrals_failed), static_cast<double>(t.referrals)));

  // Interns.
  double n = 0, with_refusal = 0, security = 0, stress = 0, women = 0, women_harassed = 0, dropped = 0, relocated = 0,
         finished = 0, left = 0, study = 0, competence = 0;
  for (const Intern& in : s.interns) {
    n += 1;
    with_refusal += in.refusals > 0;
    security += in.security;
    stress += in.stress;
    competence += in.competence;
    study += in.study_hours;
    if (in.female) {
      women += 1;
      women_harassed += in.harassment > 0;
    }
    dropped += in.status == InternStatus::dropped_out;
    relocated += in.status == InternStatus::relocated;
    if (in.status == InternStatus::completed) {
      finished += 1;
      left += in.left_profession;
    }
  }
  add("interns", n);
  add("interns_with_refusal_share", ratio(with_refusal, n));
  add("intern_security_mean_end", ratio(security, n));
  add("intern_stress_mean_end", ratio(stress, n));
  add("intern_competence_mean_end", ratio(competence, n));
  add("women_harassed_share", ratio(women_harassed, women));
  add("intern_dropout_rate", ratio(dropped, n));
  add("intern_relocation_rate", ratio(relocated, n));
  add("left_profession_rate", ratio(left, finished));
  add("study_hours_per_intern", ratio(study, n));

  // Reporting.
  double true_c = 0, reported_c = 0;
  for (const ClinicState& cs : s.clinics) {
    true_c += static_cast<double>(cs.true_consultations);
    reported_c += static_cast<double>(cs.reported_consultations);
  }
  add("true_consultations", true_c);
  add("reported_consultations", reported_c);
  add("report_inflation_ratio", ratio(reported_c, true_c));
  add("audit_findings", static_cast<double>(s.audit_findings));

  // Supply.
  double mismatch = 0, mismatch_n = 0, stockout_days = 0, open_days = 0, delivered = 0, supplied = 0, expired = 0;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    const ClinicState& cs = s.clinics[c];
    supplied += cs.opening_units;
    MedicineUnits delivered_courses{};
    for (int m = 0; m < kMedicineCount; ++m) {
      delivered_courses[m] = cs.delivered_total[m] / static_cast<double>(p.medicines[m].units_per_course);
      delivered += cs.delivered_total[m];
      expired += cs.expired_total[m];
    }
    double need = 0;
    for (double x : cs.need_courses_total) need += x;
    if (need > 0) {
      mismatch += supply::mismatch_index(delivered_courses, cs.need_courses_total);
      mismatch_n += 1;
    }
    stockout_days += static_cast<double>(cs.stockout_medicine_days);
    open_days += static_cast<double>(cs.open_days) * kMedicineCount;
  }
  add("medicine_mismatch_index", ratio(mismatch, mismatch_n));
  add("stockout_days_share", ratio(stockout_days, open_days));
  // The opening stock can expire too, so it counts as supplied.
  add("units_expired_share", ratio(expired, supplied + delivered));
  add("shipments_robbed", static_cast<double>(s.shipments_robbed));

  // Supervision: in-person visits done per clinic-month with an intern.
  add("supervision_visits_per_month_done",
      ratio(static_cast<double>(s.supervision_done), static_cast<double>(s.clinic_days_with_intern) / kDaysPerMonth));
  add("supervision_cancelled_share",
      ratio(static_cast<double>(s.supervision_cancelled), static_cast<double>(s.supervision_planned)));
  add("supervision_remote_sessions", static_cast<double>(s.supervision_remote));

  // Health and violence.
  double diabetics = 0, controlled = 0;
  const auto control = static_cast<SimDay>(p.demand.chronic_refill_days + p.health.control_grace_days);
  for (std::size_t k = 0; k < s.chronic.size(); ++k) {
    const auto traits = s.residents.traits(s.chronic.resident(k));
    if (!(traits & trait::diabetes) || (traits & trait::dead)) continue;
    diabetics += 1;
    controlled += last - s.chronic.records[k].last_treated <= control;
  }
  add("diabetes_controlled_share", ratio(controlled, diabetics));
  add("complications", static_cast<double>(t.complications));
  add("deaths", static_cast<double>(t.deaths));
  add("violence_events", static_cast<double>(s.violence_events.size()));
  add("trauma_cases", static_cast<double>(t.trauma_cases));

  // Cost.
  const double cost = s.cost_medicines_mxn + s.cost_stipends_mxn + s.cost_supervision_mxn;
  add("cost_medicines_mxn", std::round(s.cost_medicines_mxn));
  add("cost_stipends_mxn", std::round(s.cost_stipends_mxn));
  add("cost_supervision_mxn", std::round(s.cost_supervision_mxn));
  add("cost_total_mxn", std::round(cost));
  add("cost_per_treated_visit_mxn", ratio(cost, static_cast<double>(t.treated + t.referrals_treated)));
  add("residents", static_cast<double>(s.residents.size()));
  add("clinics", static_cast<double>(s.clinics.size()));
  return out;
}

Table interns_table(const SimulationState& s) {
  Table t;
  t.columns = {"id", "cohort", "sex", "university", "gpa", "clinic", "locality", "municipality", "category",
               "stipend_mxn", "status", "start_date", "end_date", "competence", "stress", "security",
               "consultations_true", "consultations_reported", "refusals", "harassment", "violence_exposures",
               "supervision_visits", "remote_supervision", "trips", "trips_cancelled", "paperwork_trips",
               "paperwork_cancelled", "road_incidents", "on_call_nights", "study_hours", "leave_probability", "left_profession"};
  const SimDay last = s.calendar.length() - 1;
  for (const Intern& in : s.interns) {
    const Locality& where = s.world.localities[s.world.clinics[in.clinic].locality];
    t.rows.push_back({std::to_string(in.id), std::to_string(in.cohort), in.female ? "female" : "male",
                      in.private_university ? "private" : "public", format_number(std::round(in.gpa * 100) / 100),
                      std::to_string(in.clinic), where.name, s.world.municipalities[where.municipality].name,
                      kCategoryNames[static_cast<int>(in.category)], format_number(in.stipend_mxn),
                      kInternStatusNames[static_cast<int>(in.status)], s.calendar.date_of(in.start_day).iso(),
                      s.calendar.date_of(in.left_day >= 0 ? in.left_day : last).iso(),
                      format_number(std::round(in.competence * 1e4) / 1e4), format_number(std::round(in.stress * 100) / 100),
                      format_number(std::round(in.security * 100) / 100), std::to_string(in.consultations_true),
                      std::to_string(in.consultations_reported), std::to_string(in.refusals),
                      std::to_string(in.harassment), std::to_string(in.violence_exposures),
                      std::to_string(in.supervision_visits), std::to_string(in.remote_supervision),
                      std::to_string(in.trips), std::to_string(in.trips_cancelled), std::to_string(in.paperwork_trips),
                      std::to_string(in.paperwork_cancelled), std::to_string(in.road_incidents),
                      std::to_string(in.on_call_nights), format_number(std::round(in.study_hours * 10) / 10),
                      format_number(std::round(in.leave_probability * 1e4) / 1e4), in.left_profession ? "1" : "0"});
  }
  return t;
}

Table violence_events_table(const SimulationState& s) {
  Table t;
  t.columns = {"day", "date", "municipality", "locality", "type", "severity", "intern"};
  for (const ViolenceEvent& e : s.violence_events) {
    const Locality& l = s.world.localities[e.locality];
    t.rows.push_back({std::to_string(e.day), s.calendar.date_of(e.day).iso(), s.world.municipalities[l.municipality].name,
                      l.name, kViolenceTypeNames[static_cast<int>(e.type)],
                      format_number(std::round(e.severity * 1000) / 1000), e.intern >= 0 ? std::to_string(e.intern) : ""});
  }
  return t;
}

RunMap run_map(const SimulationState& s, const std::vector<CareCounters>& clinic_totals) {
  RunMap map;
  const World& w = s.world;
  for (const auto& m : w.municipalities) map.municipalities.push_back(m.name);
  for (const Locality& l : w.localities) map.places.push_back({l.name, l.municipality, l.lat, l.lon, l.population});
  for (ClinicId c = 0; c < w.clinics.size(); ++c) {
    const CareCounters& t = clinic_totals[c];
    // A clinic nobody came to is drawn as turning nobody away.
    const double refusal_rate =
        t.sought > 0 ? static_cast<double>(t.refused_total()) / static_cast<double>(t.sought) : 0.0;
    map.clinics.push_back({w.clinics[c].locality, kCategoryNames[static_cast<int>(w.clinics[c].category)], t.sought,
                           t.refused_total(), refusal_rate, s.clinics[c].intern >= 0});
  }
  const auto places = static_cast<VertexId>(w.localities.size());  // vertex id = locality id; the warehouse is beyond
  for (const Road& r : w.roads.roads())
    if (r.from < places && r.to < places) map.roads.push_back({r.from, r.to, r.paved});
  map.hospital_place = w.hospital_locality;
  for (const Hospital& h : w.hospitals) map.hospital_places.push_back(h.locality);
  for (const ViolenceEvent& e : s.violence_events)
    map.events.push_back({e.locality, kViolenceTypeNames[static_cast<int>(e.type)], e.day});
  return map;
}

}  // namespace pasante
