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
  const Date start = s.calendar.date_of(day);
  const int months = static_cast<int>(p.service_months);
  const unsigned end_month = (start.month() - 1 + months) % 12 + 1;
  const int end_year = start.year() + static_cast<int>((start.month() - 1 + months) / 12);
  in.planned_end_day = s.calendar.day_of(Date::from_ymd(end_year, end_month, 1));
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
      Intern& intern = s.interns[static_cast<std::size_t>(i)];
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
      ClinicState& cs = s.clinics[chosen];
      (cs.intern < 0 ? cs.intern : cs.partner) = i;
      intern.clinic = chosen;
      intern.category = s.world.clinics[chosen].category;
      intern.stipend_mxn = policy.stipend_mxn[static_cast<int>(intern.category)];
    }
  }
  // Pairing: an intern left alone in a remote clinic moves to another remote
  // clinic with a lone intern, so no one serves alone there.
  if (policy.pair_remote) {
    std::int32_t waiting = -1;
    for (ClinicId c = 0; c < s.clinics.size(); ++c) {
      ClinicState& cs = s.clinics[c];
      if (!remote(s.world.clinics[c].category) || cs.intern < 0 || cs.partner >= 0) continue;
      if (s.interns[static_cast<std::size_t>(cs.intern)].start_day != day) continue;  // an earlier cohort's
      if (waiting < 0) {
        waiting = static_cast<std::int32_t>(c);
        continue;
      }
      ClinicState& host = s.clinics[static_cast<std::size_t>(waiting)];
      host.partner = cs.intern;
      Intern& moved = s.interns[static_cast<std::size_t>(cs.intern)];
      moved.clinic = static_cast<ClinicId>(waiting);
      moved.category = s.world.clinics[moved.clinic].category;
      moved.stipend_mxn = policy.stipend_mxn[static_cast<int>(moved.category)];
      cs.intern = -1;
      waiting = -1;
    }
    if (waiting >= 0) {  // the last lone intern is not sent alone
      ClinicState& cs = s.clinics[static_cast<std::size_t>(waiting)];
      s.interns[static_cast<std::size_t>(cs.intern)].clinic = kNone;
      cs.intern = -1;
    }
  }
  drop_unplaced(s, cohort.empty() ? s.interns.size() : static_cast<std::size_t>(*std::min_element(cohort.begin(), cohort.end())));
  ++s.cohort_count;
}

}  // namespace pasante::assignment
