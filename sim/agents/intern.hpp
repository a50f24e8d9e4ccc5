// Interns (médicos pasantes): few (one or two per clinic), so stored as plain
// records. Their state follows MODEL.md §2.
#pragma once
#include <cstdint>

#include "core/calendar.hpp"
#include "scenario/model_parameters.hpp"
#include "world/world.hpp"

namespace pasante {

enum class InternStatus : std::uint8_t { serving = 0, relocated, dropped_out, completed };
inline constexpr std::array<const char*, 4> kInternStatusNames{"serving", "relocated", "dropped_out", "completed"};

struct Intern {
  std::uint32_t id = 0;           // index in SimulationState::interns (renumbered when unplaced interns leave)
  std::uint32_t cohort = 0;       // 0 for the first cohort of the run
  std::uint32_t ordinal = 0;      // order of creation within the cohort
  bool female = false;
  bool private_university = false;
  double gpa = 0;                 // grade average, 0-10
  double competence = 0;          // 0-1
  double stress = 0;              // 0-100
  double security = 0;            // 0-100
  ClinicId clinic = kNone;
  ServiceCategory category = ServiceCategory::C;
  double stipend_mxn = 0;         // monthly
  InternStatus status = InternStatus::serving;
  SimDay start_day = 0, planned_end_day = 0, left_day = -1;

  // Counts over the service.
  std::int64_t consultations_true = 0, consultations_reported = 0;
  std::int64_t refusals = 0;  // patients turned away at the intern's clinic while serving there
  std::int64_t harassment = 0, violence_exposures = 0;
  std::int64_t supervision_visits = 0, remote_supervision = 0;
  std::int64_t trips = 0, trips_cancelled = 0, road_incidents = 0, on_call_nights = 0;
  std::int64_t paperwork_trips = 0, paperwork_cancelled = 0;  // working-day errands to the jurisdiction
  double study_hours = 0;
  double leave_probability = 0;
  bool left_profession = false;

  // This week (weekly report) and today.
  std::int32_t week_true = 0;  // own consultations this week (for the weekly report)
  SimDay away_day = -1;        // the last day spent at the jurisdiction on paperwork
  SimDay errand_cancelled_day = -1;  // the last day a paperwork trip was called off (no open road)

  bool serving() const { return status == InternStatus::serving; }
  // At the clinic today: serving and not away on paperwork.
  bool present(SimDay day) const { return serving() && away_day != day; }
  // The intern's entity in random streams: cohort and ordinal, which do not
  // depend on how many interns earlier cohorts had (the index does), so two
  // policy arms share the draws of the k-th intern of a cohort.
  std::uint64_t stream_key() const { return (std::uint64_t{cohort} << 32) | ordinal; }
};

}  // namespace pasante
