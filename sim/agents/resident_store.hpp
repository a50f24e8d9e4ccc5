// Residents (patients), stored compactly as a structure of arrays, contiguous
// by catchment: the residents of clinic c are [catchment_begin[c],
// catchment_begin[c+1]). About 7 bytes per resident plus the need calendar.
// Chronic patients have a second, smaller table (ChronicPatients).
#pragma once
#include <cstdint>
#include <vector>

#include "world/world.hpp"

namespace pasante {

using ResidentId = std::uint32_t;

// Bit flags of ResidentStore::traits.
namespace trait {
inline constexpr std::uint8_t female = 1u << 0;
inline constexpr std::uint8_t child = 1u << 1;
inline constexpr std::uint8_t elder = 1u << 2;
inline constexpr std::uint8_t diabetes = 1u << 3;
inline constexpr std::uint8_t hypertension = 1u << 4;
inline constexpr std::uint8_t insulin = 1u << 5;      // diabetes treated with insulin
inline constexpr std::uint8_t dead = 1u << 6;
inline constexpr std::uint8_t stopped_coming = 1u << 7;  // trust fell too low: "they already know the answer"
}  // namespace trait

struct ResidentStore {
  std::vector<LocalityId> locality;
  std::vector<std::uint8_t> traits;
  std::vector<std::uint8_t> trust;  // 0..255 ↔ 0..1
  std::vector<std::uint32_t> catchment_begin;  // one per clinic, plus the end

  std::size_t size() const { return locality.size(); }
  bool alive(ResidentId r) const { return !(traits[r] & trait::dead); }
  double trust_of(ResidentId r) const { return trust[r] * (1.0 / 255.0); }
  void set_trust(ResidentId r, double t) {
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    trust[r] = static_cast<std::uint8_t>(t * 255.0 + 0.5);
  }
};

// Residents with diabetes and/or hypertension: one monthly refill cycle each.
struct ChronicPatients {
  std::vector<ResidentId> resident;
  std::vector<std::int32_t> last_treated;     // day of the last successful refill (may be negative: before the run)
  std::vector<std::int32_t> last_checked;     // day complications were last drawn up to
  std::vector<std::uint32_t> catchment_begin; // contiguous by catchment, like residents

  std::size_t size() const { return resident.size(); }
};

}  // namespace pasante
