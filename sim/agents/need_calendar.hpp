// Per-catchment calendar of care needs falling due: a ring of day buckets.
// Each resident has its next acute episode scheduled ahead (exponential
// waiting time) and each chronic patient its next refill, so a day costs in
// proportion to the needs that fall due, not to the population.
//
// An entry packs a local index (resident or chronic patient within the
// catchment) with two flags. Waits beyond the ring's horizon are parked at its
// far end with the `redraw` flag: exponential waits are memoryless, so a fresh
// wait drawn on that day is statistically the same as the original one.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/calendar.hpp"

namespace pasante {

struct NeedEntry {
  static constexpr std::uint32_t chronic_flag = 1u << 31;
  static constexpr std::uint32_t redraw_flag = 1u << 30;
  static constexpr std::uint32_t index_mask = redraw_flag - 1;

  std::uint32_t bits = 0;
  static NeedEntry acute(std::uint32_t resident_local) { return {resident_local}; }
  static NeedEntry chronic(std::uint32_t patient_local) { return {patient_local | chronic_flag}; }
  bool is_chronic() const { return bits & chronic_flag; }
  bool needs_redraw() const { return bits & redraw_flag; }
  std::uint32_t index() const { return bits & index_mask; }
};

class NeedCalendar {
 public:
  static constexpr SimDay kHorizon = 512;  // days the ring covers (power of two)

  // Schedules `entry` on `due` (>= today). Acute waits beyond the horizon are
  // parked with the redraw flag; chronic entries are never that far ahead.
  void schedule(SimDay today, SimDay due, NeedEntry entry) {
    if (due - today >= kHorizon) {
      due = today + kHorizon - 1;
      entry.bits |= NeedEntry::redraw_flag;
    }
    buckets_[slot(due)].push_back(entry);
  }
  // Moves out the entries due on `day` (the bucket is left empty).
  void take(SimDay day, std::vector<NeedEntry>& out) {
    auto& bucket = buckets_[slot(day)];
    out.assign(bucket.begin(), bucket.end());
    release(bucket);
  }
  // Calls `handle(entry)` for each entry due on `day`, then empties the bucket
  // and returns its storage. `handle` may schedule new entries: they are
  // never due on `day` itself.
  template <class Handle>
  void drain(SimDay day, Handle&& handle) {
    auto& bucket = buckets_[slot(day)];
    for (std::size_t i = 0; i < bucket.size(); ++i) handle(bucket[i]);
    release(bucket);
  }
  // As drain(), also prefetching what the entries ahead will read: the
  // address `far(entry)` for the entry 16 places ahead of the one being
  // handled and `near(entry)` for the one 8 ahead (either may return nullptr).
  // Entries fall due in no particular order, so each read of a resident would
  // otherwise wait on memory. The prefetch instructions are issued here, not in
  // the callers' lambdas: GCC 12 judged a lambda that only prefetches free of
  // effects and dropped its calls.
  template <class Far, class Near, class Handle>
  void drain_prefetching(SimDay day, Far&& far, Near&& near, Handle&& handle) {
    constexpr std::size_t kFar = 16, kNear = 8;
    auto& bucket = buckets_[slot(day)];
    const std::size_t n = bucket.size();
    const auto fetch = [](const void* address) {
      if (address != nullptr) __builtin_prefetch(address);
    };
    for (std::size_t i = 0; i < n && i < kFar; ++i) fetch(far(bucket[i]));
    for (std::size_t i = 0; i < n && i < kNear; ++i) fetch(near(bucket[i]));
    for (std::size_t i = 0; i < n; ++i) {
      if (i + kFar < n) fetch(far(bucket[i + kFar]));
      if (i + kNear < n) fetch(near(bucket[i + kNear]));
      handle(bucket[i]);
    }
    release(bucket);
  }
  // Moves everything due on `day` to `day + 1` (a clinic closed that day).
  void defer(SimDay day) {
    auto& from = buckets_[slot(day)];
    auto& to = buckets_[slot(day + 1)];
    to.insert(to.end(), from.begin(), from.end());
    release(from);
  }
  std::size_t pending() const {
    std::size_t n = 0;
    for (const auto& b : buckets_) n += b.size();
    return n;
  }

 private:
  static std::size_t slot(SimDay day) { return static_cast<std::size_t>(day) & (kHorizon - 1); }
  // An emptied bucket gives its storage back: it refills only as entries are
  // scheduled over the next turn of the ring, and keeping every bucket's
  // largest-ever capacity held several times the live entries.
  static void release(std::vector<NeedEntry>& bucket) { std::vector<NeedEntry>().swap(bucket); }
  std::array<std::vector<NeedEntry>, kHorizon> buckets_;
};

}  // namespace pasante
