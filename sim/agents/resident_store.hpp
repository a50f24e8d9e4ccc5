// Residents (patients), stored compactly, contiguous by catchment: the
// residents of clinic c are [catchment_begin[c], catchment_begin[c+1]), and
// within it contiguous by locality. Two bytes per resident plus the need
// calendar.
// Chronic patients have a second, smaller table (ChronicPatients).
#pragma once
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/calendar.hpp"
#include "core/huge_pages.hpp"
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
  // What the daily processes read of a resident, side by side so that one
  // cache line serves both (needs fall due in no particular order).
  struct Record {
    std::uint8_t traits = 0;  // trait:: flags
    std::uint8_t trust = 0;   // 0..255 for 0..1
  };
  std::vector<Record, HugePageAllocator<Record>> records;
  std::vector<std::uint32_t> catchment_begin;  // one per clinic, plus the end
  // Residents of a locality are contiguous: run k holds residents
  // [run_begin[k], run_begin[k+1]) of locality run_locality[k] (localities
  // with nobody have no run). No per-resident locality is stored.
  std::vector<ResidentId> run_begin;  // plus the end
  std::vector<LocalityId> run_locality;
  std::vector<std::uint32_t> catchment_first_run;  // per clinic, plus the end: its runs are contiguous

  std::size_t size() const { return records.size(); }
  std::uint8_t traits(ResidentId r) const { return records[r].traits; }
  void add_traits(ResidentId r, std::uint8_t flags) { records[r].traits |= flags; }
  void clear_traits(ResidentId r, std::uint8_t flags) { records[r].traits &= static_cast<std::uint8_t>(~flags); }
  bool alive(ResidentId r) const { return !(records[r].traits & trait::dead); }
  std::uint8_t trust_level(ResidentId r) const { return records[r].trust; }
  double trust_of(ResidentId r) const { return records[r].trust * (1.0 / 255.0); }
  void set_trust(ResidentId r, double t) {
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    records[r].trust = static_cast<std::uint8_t>(t * 255.0 + 0.5);
  }
  // Appends a locality's residents, which must follow the previous run's.
  void add_locality_run(LocalityId l, ResidentId first, std::uint32_t count);
  // The locality a resident lives in (a binary search over the runs).
  LocalityId locality_of(ResidentId r) const;
  // The same, searching only the runs of the resident's catchment `c`.
  LocalityId locality_of(ResidentId r, std::uint32_t c) const {
    const auto first = run_begin.begin() + catchment_first_run[c];
    const auto after = std::upper_bound(first, run_begin.begin() + catchment_first_run[c + 1], r);
    return run_locality[static_cast<std::size_t>(after - run_begin.begin()) - 1];
  }
};

// Residents with diabetes and/or hypertension: one monthly refill cycle each.
struct ChronicPatients {
  // Who the patient is and what care, referrals and health read and write
  // about them, in one 16-byte record: a refill visit touches a single cache
  // line (needs fall due in no particular order).
  struct Record {
    ResidentId resident = 0;
    std::int32_t last_treated = 0;  // day of the last successful refill (may be negative: before the run)
    std::int32_t last_checked = 0;  // day complications were last drawn up to
    // A refill given in part (one of two courses, the other out of stock):
    // the day the course was taken home and which (bit 0 the diabetes course,
    // bit 1 the antihypertensive; 0 when none). A course taken home lasts a
    // refill cycle, so a retry within it asks only for the missing one.
    std::uint16_t partial_day = 0;
    std::uint8_t partial_courses = 0;
  };
  static_assert(sizeof(Record) == 16);
  static_assert(kMaxScenarioDays <= std::numeric_limits<decltype(Record::partial_day)>::max(),
                "a partial refill's day is a day of the run");

  std::vector<Record, HugePageAllocator<Record>> records;
  std::vector<std::uint32_t> catchment_begin; // contiguous by catchment, like residents

  std::size_t size() const { return records.size(); }
  ResidentId resident(std::uint32_t k) const { return records[k].resident; }
};

}  // namespace pasante
