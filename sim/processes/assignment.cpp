#include "processes/assignment.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>
#include <vector>

namespace pasante::assignment {

namespace {

bool remote(ServiceCategory k) { return k == ServiceCategory::C || k == ServiceCategory::CC; }

Intern new_intern(const SimulationState& s, std::uint32_t id, std::uint32_t ordinal, SimDay day) {
  const auto& p = s.params.interns;
  Intern in;
  in.id = id;
  in.cohort = s.cohort_count;
  in.ordinal = ordinal;
  RandomStream rs = s.stream(StreamId::intern_cohort, in.stream_key(), 0);
  in.female = rs.bernoulli(p.female_share);
  in.private_university = rs.bernoulli(p.private_share);
  in.gpa = std::clamp(rs.normal(p.gpa_mean, p.gpa_sd), 6.0, 10.0);
  // Better grades go with a little more competence on arrival.
  in.competence = std::clamp(rs.normal(p.competence_initial_mean + 0.05 * (in.gpa - p.gpa_mean), p.competence_initial_sd), 0.05, 0.95);
  in.stress = p.stress_initial;
  in.security = p.security_initial;
  in.start_day = day;
  // Service ends on the last cohort start within service_months of arrival,
  // so the clinic is free for the cohort that replaces the intern: a run
  // that opens off the cohort calendar (15 March, say) places its first
  // cohort as if it had come on the cohort start before, and it leaves on
  // the 1 February or 1 August when the next one arrives.
  const Date start = s.calendar.date_of(day);
  const int months = static_cast<int>(p.service_months);
  const unsigned end_month = (start.month() - 1 + months) % 12 + 1;
  const int end_year = start.year() + static_cast<int>((start.month() - 1 + months) / 12);
  const Date nominal_end = Date::from_ymd(end_year, end_month, 1);
  const Date cohort_end = SimulationCalendar::cohort_start_on_or_before(nominal_end);
  in.planned_end_day = s.calendar.day_of(cohort_end > start ? cohort_end : nominal_end);
  return in;
}

// Interns of the new cohort (from index `first`) who got no place leave the
// model: the rest are renumbered and the clinics' references follow them.
void drop_unplaced(SimulationState& s, std::size_t first) {
  std::vector<std::int32_t> new_index(s.interns.size() - first, -1);
  std::size_t kept = first;
  for (std::size_t i = first; i < s.interns.size(); ++i) {
    if (s.interns[i].clinic == kNone) continue;
    new_index[i - first] = static_cast<std::int32_t>(kept);
    s.interns[kept] = s.interns[i];
    s.interns[kept].id = static_cast<std::uint32_t>(kept);
    ++kept;
  }
  if (kept == s.interns.size()) return;
  s.interns.resize(kept);
  for (ClinicState& cs : s.clinics)
    for (std::int32_t* ref : {&cs.intern, &cs.partner})
      if (*ref >= static_cast<std::int32_t>(first)) *ref = new_index[static_cast<std::size_t>(*ref) - first];
}


void place(SimulationState& s, std::int32_t i, ClinicId c) {
  ClinicState& cs = s.clinics[c];
  (cs.intern < 0 ? cs.intern : cs.partner) = i;
  Intern& intern = s.interns[static_cast<std::size_t>(i)];
  intern.clinic = c;
  intern.category = s.world.clinics[c].category;
  intern.stipend_mxn = s.params.policy.stipend_mxn[static_cast<int>(intern.category)];
}

// The free place outside C/CC clinics an intern would choose: the highest
// utility with the intern's own taste shocks (the same draws as when they
// chose), or the neediest clinic under needs_first. kNone if there is none.
ClinicId best_place_outside_remote(const SimulationState& s, const Intern& intern, const std::vector<int>& seats,
                                   const std::vector<ClinicId>& needs_order, SimDay day) {
  const auto& policy = s.params.policy;
  if (policy.assignment_rule == AssignmentRule::needs_first) {
    for (ClinicId c : needs_order)
      if (seats[c] > 0 && !remote(s.world.clinics[c].category)) return c;
    return kNone;
  }
  RandomStream taste = s.stream(StreamId::assignment, intern.stream_key(), day, kTasteSubstream);
  ClinicId best = kNone;
  double best_utility = 0;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    const double utility = slot_utility(s, c) + taste.normal(0.0, s.params.interns.choice_taste_sd);
    if (seats[c] <= 0 || remote(s.world.clinics[c].category)) continue;
    if (best == kNone || utility > best_utility) best = c, best_utility = utility;
  }
  return best;
}

// pair_remote: no new intern serves alone in a C or CC clinic. Lone new
// interns there are paired in the order they chose: the later chooser joins
// the earlier one's clinic (whose choice came first). An odd one out takes
// the free place elsewhere they like best, or gets none.
void pair_lone_remote_interns(SimulationState& s, const std::vector<std::int32_t>& cohort, std::vector<int>& seats,
                              const std::vector<ClinicId>& needs_order, SimDay day) {
  std::vector<std::int32_t> lone;  // in choosing order
  for (std::int32_t i : cohort) {
    const ClinicId c = s.interns[static_cast<std::size_t>(i)].clinic;
    if (c == kNone || !remote(s.world.clinics[c].category)) continue;
    const ClinicState& cs = s.clinics[c];
    if (cs.intern == i && cs.partner < 0) lone.push_back(i);
  }
  auto leave = [&](std::int32_t i) {
    Intern& intern = s.interns[static_cast<std::size_t>(i)];
    ClinicState& cs = s.clinics[intern.clinic];
    cs.intern = -1;
    ++seats[intern.clinic];
    intern.clinic = kNone;
  };
  for (std::size_t k = 0; k + 1 < lone.size(); k += 2) {
    const ClinicId host = s.interns[static_cast<std::size_t>(lone[k])].clinic;
    leave(lone[k + 1]);
    --seats[host];
    place(s, lone[k + 1], host);
  }
  if (lone.size() % 2 == 1) {
    const std::int32_t odd = lone.back();
    leave(odd);
    const ClinicId elsewhere = best_place_outside_remote(s, s.interns[static_cast<std::size_t>(odd)], seats, needs_order, day);
    if (elsewhere != kNone) {
      --seats[elsewhere];
      place(s, odd, elsewhere);
    }
  }
}
}  // namespace

double slot_utility(const SimulationState& s, ClinicId c) {
  const auto& p = s.params.interns;
  const Clinic& clinic = s.world.clinics[c];
  const int k = static_cast<int>(clinic.category);
  const double urban = clinic.category == ServiceCategory::A ? 1.0 : clinic.category == ServiceCategory::B ? 0.5 : 0.0;
  return p.choice_urban * urban + p.choice_stipend * s.params.policy.stipend_mxn[k] / 10000.0 -
         p.choice_violence * s.violence[s.municipality_of_clinic(c)].level -
         p.choice_distance * clinic.minutes_from_warehouse / 60.0;
}

double clinic_need(const SimulationState& s, ClinicId c) {
  const Clinic& clinic = s.world.clinics[c];
  // People per doctor, more where the hospital is far.
  return clinic.catchment_population * (1.0 + clinic.minutes_to_hospital / 120.0) / (s.clinics[c].staff_physician ? 2.0 : 1.0);
}

void start_cohort(SimulationState& s, SimDay day) {
  const auto& p = s.params;
  const auto& policy = p.policy;
  // Slots: every clinic without a serving intern, unless screened out for violence.
  std::vector<ClinicId> slots;
  for (ClinicId c = 0; c < s.clinics.size(); ++c) {
    if (s.clinics[c].intern >= 0) continue;
    if (policy.max_violence && s.violence[s.municipality_of_clinic(c)].level > *policy.max_violence) continue;
    for (std::int64_t k = 0; k < p.interns.slots_per_clinic; ++k) slots.push_back(c);
  }
  RandomStream rs = s.stream(StreamId::assignment, s.cohort_count, day, kCohortSubstream);
  // Interns available: the fill share of the slots, rounded at random.
  const double expected = static_cast<double>(slots.size()) * p.interns.slot_fill_share;
  std::size_t count = static_cast<std::size_t>(expected);
  if (rs.bernoulli(expected - static_cast<double>(count))) ++count;

  std::vector<std::int32_t> cohort;
  for (std::size_t i = 0; i < count; ++i) {
    cohort.push_back(static_cast<std::int32_t>(s.interns.size()));
    s.interns.push_back(new_intern(s, static_cast<std::uint32_t>(s.interns.size()), static_cast<std::uint32_t>(i), day));
  }
  // Choosing order.
  if (policy.assignment_rule == AssignmentRule::lottery) {
    // Each intern draws a lottery number of their own, so two interns of a
    // cohort keep their order whatever the cohort's size (a shuffle of the
    // cohort gave every place another draw when the size differed between
    // arms). Ties, at 2^-64, go by creation order.
    std::vector<std::pair<std::uint64_t, std::int32_t>> numbered;
    for (const std::int32_t i : cohort) {
      const Intern& intern = s.interns[static_cast<std::size_t>(i)];
      numbered.emplace_back(s.stream(StreamId::assignment, intern.stream_key(), day, kLotterySubstream)(), i);
    }
    std::sort(numbered.begin(), numbered.end());
    for (std::size_t k = 0; k < cohort.size(); ++k) cohort[k] = numbered[k].second;
  } else {
    std::stable_sort(cohort.begin(), cohort.end(), [&](std::int32_t a, std::int32_t b) {
      const Intern& x = s.interns[static_cast<std::size_t>(a)];
      const Intern& y = s.interns[static_cast<std::size_t>(b)];
      if (policy.private_first && x.private_university != y.private_university) return x.private_university;
      return x.gpa > y.gpa;
    });
  }
  std::vector<int> seats(s.clinics.size(), 0);  // free places per clinic
  // A clinic has places for an intern and a partner: two at most.
  for (ClinicId c : slots) {
    const int places = remote(s.world.clinics[c].category) && policy.pair_remote ? 2 : 1;
    seats[c] = std::min(2, seats[c] + places);
  }

  std::vector<ClinicId> needs_order(s.clinics.size());
  std::iota(needs_order.begin(), needs_order.end(), 0);
  std::stable_sort(needs_order.begin(), needs_order.end(),
                   [&](ClinicId a, ClinicId b) { return clinic_need(s, a) > clinic_need(s, b); });

  // Under gpa_rank and lottery each intern, in turn, takes the free slot of
  // highest utility: slot_utility + a taste shock, one normal draw per clinic
  // in clinic order from the intern's own stream (ties: the clinic listed
  // first). The draws do not depend on the seats, so they are made in
  // parallel for a chunk of interns at a time; each keeps its best
  // kChunk + 1 clinics among those free when the chunk starts. At most
  // kChunk clinics fill up during a chunk, so the first of those still free
  // when the intern's turn comes is exactly the free slot of highest utility.
  const bool by_utility = policy.assignment_rule != AssignmentRule::needs_first;
  constexpr std::size_t kChunk = 128;
  std::vector<double> base_utility;
  if (by_utility)
    for (ClinicId c = 0; c < s.clinics.size(); ++c) base_utility.push_back(slot_utility(s, c));
  using Candidate = std::pair<double, ClinicId>;  // (utility, clinic)
  auto better = [](const Candidate& a, const Candidate& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  std::vector<std::vector<Candidate>> shortlist(kChunk);
  std::size_t neediest = 0;  // needs_order position of the neediest clinic that may have a place
  for (std::size_t first = 0; first < cohort.size(); first += kChunk) {
    const std::size_t last = std::min(first + kChunk, cohort.size());
    if (by_utility)
      s.arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(first, last, 1), [&](const tbb::blocked_range<std::size_t>& r) {
          for (std::size_t k = r.begin(); k != r.end(); ++k) {
            const Intern& intern = s.interns[static_cast<std::size_t>(cohort[k])];
            RandomStream taste = s.stream(StreamId::assignment, intern.stream_key(), day, kTasteSubstream);
            std::vector<Candidate>& best = shortlist[k - first];
            best.clear();
            // A heap whose front is the worst kept candidate.
            for (ClinicId c = 0; c < s.clinics.size(); ++c) {
              const Candidate candidate{base_utility[c] + taste.normal(0.0, p.interns.choice_taste_sd), c};
              if (seats[c] <= 0) continue;
              if (best.size() <= kChunk) {
                best.push_back(candidate);
                std::push_heap(best.begin(), best.end(), better);
              } else if (better(candidate, best.front())) {
                std::pop_heap(best.begin(), best.end(), better);
                best.back() = candidate;
                std::push_heap(best.begin(), best.end(), better);
              }
            }
            std::sort(best.begin(), best.end(), better);
          }
        });
      });
    for (std::size_t k = first; k < last; ++k) {
      const std::int32_t i = cohort[k];
      ClinicId chosen = kNone;
      if (!by_utility) {
        // The neediest clinic that still has a place, whoever the intern is
        // (places only run out, so the search resumes where it stopped).
        while (neediest < needs_order.size() && seats[needs_order[neediest]] <= 0) ++neediest;
        if (neediest < needs_order.size()) chosen = needs_order[neediest];
      } else {
        for (const Candidate& candidate : shortlist[k - first])
          if (seats[candidate.second] > 0) { chosen = candidate.second; break; }
      }
      if (chosen == kNone) continue;  // no place left: serves elsewhere, outside the model
      --seats[chosen];
      place(s, i, chosen);
    }
  }
  if (policy.pair_remote) pair_lone_remote_interns(s, cohort, seats, needs_order, day);
  drop_unplaced(s, cohort.empty() ? s.interns.size() : static_cast<std::size_t>(*std::min_element(cohort.begin(), cohort.end())));
  ++s.cohort_count;
}

}  // namespace pasante::assignment
