// Event counts accumulated by the processes and aggregated by the observer.
// Integers only, so sums are exact in any order; per-catchment copies are
// merged in a fixed order anyway.
#pragma once
#include <array>
#include <cstdint>

#include "scenario/model_parameters.hpp"

namespace pasante {

// Why a visit was turned away (MODEL.md §5.3). Values index arrays.
enum class RefusalReason : std::uint8_t { no_doctor = 0, closed_violence, capacity, stockout, beyond_competence };
inline constexpr int kRefusalReasonCount = 5;
inline constexpr std::array<const char*, kRefusalReasonCount> kRefusalReasonNames{
    "no_doctor", "closed_violence", "capacity", "stockout", "beyond_competence"};

// Why a need was not taken to the clinic (hidden unmet need, MODEL.md §5.2).
enum class HiddenReason : std::uint8_t { low_trust = 0, distance, road_closed };
inline constexpr int kHiddenReasonCount = 3;
inline constexpr std::array<const char*, kHiddenReasonCount> kHiddenReasonNames{"low_trust", "distance", "road_closed"};

struct CareCounters {
  std::int64_t needs = 0;          // needs falling due (acute episodes, chronic refills, trauma)
  std::int64_t sought = 0;         // visits sought at the clinic
  std::int64_t treated = 0;        // treated at the clinic
  std::array<std::int64_t, kRefusalReasonCount> refused{};
  std::array<std::int64_t, kHiddenReasonCount> hidden{};
  std::int64_t consultations = 0;  // visits a doctor saw (treated or not)
  std::int64_t referrals = 0, referrals_treated = 0, referrals_failed = 0;
  std::int64_t after_hours = 0;
  std::int64_t complications = 0, deaths = 0;
  std::int64_t trauma_cases = 0;

  std::int64_t refused_total() const {
    std::int64_t n = 0;
    for (auto r : refused) n += r;
    return n;
  }
  CareCounters& operator+=(const CareCounters& o) {
    needs += o.needs; sought += o.sought; treated += o.treated;
    for (int i = 0; i < kRefusalReasonCount; ++i) refused[i] += o.refused[i];
    for (int i = 0; i < kHiddenReasonCount; ++i) hidden[i] += o.hidden[i];
    consultations += o.consultations;
    referrals += o.referrals; referrals_treated += o.referrals_treated; referrals_failed += o.referrals_failed;
    after_hours += o.after_hours; complications += o.complications; deaths += o.deaths;
    trauma_cases += o.trauma_cases;
    return *this;
  }
};

}  // namespace pasante
