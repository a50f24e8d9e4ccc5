// Keyed counter-based random streams (Random123's Philox4x64-10).
//
// A stream is addressed by (run seed, process, entity, day, substream): the
// Philox key is (seed, process) and the counter is (entity, day, block,
// substream), where `block` advances as draws are consumed. Nothing depends on which thread asks or in
// what order, so the same scenario and seed give the same draws for any
// thread count, and two policy arms with the same seed see the same draws for
// the same entity and day (common random numbers).
//
// RandomStream satisfies UniformRandomBitGenerator, so Boost.Random's
// distributions (which, unlike std::'s, are the same on every platform) can
// draw from it.
#pragma once
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <limits>

namespace pasante {

// One identifier per process that draws random numbers. Values are part of the
// reproducibility contract: never renumber, only append.
enum class StreamId : std::uint64_t {
  population = 1,   // residents' traits at start
  acute_need = 2,   // waiting times to acute episodes
  chronic_need = 3, // refill cycle jitter
  care_seeking = 4, // the decision to seek care
  clinic_queue = 5, // order a clinic serves its queue
  consultation = 6, // outcome of a consultation
  referral = 7,     // hospital outcome
  health = 8,       // complications, deaths
  supply = 9,       // shipments: delays, robbery
  violence = 10,    // events per municipality
  harassment = 11,  // per intern
  interns = 12,     // stress, dropout, trips
  assignment = 13,  // taste shocks, lottery
  supervision = 14, // visits
  reporting = 15,   // inflation
  administration = 16,
  world = 17,       // generated geography
  intern_cohort = 18,  // interns' traits
  audit = 19,
  career = 20,
  trauma = 21,      // who a violent event's trauma case is
  staffing = 22,    // permanent physicians at clinics
  sweep_design = 23,  // Latin hypercube samples of a sweep (analysis/sweep_design)
};

// The substream gives one entity several independent streams within one
// process and day (e.g. a resident's chronic refill beside an acute episode).
// It has a counter word of its own, so it can never clash with an entity id,
// however large.

class RandomStream {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  RandomStream(std::uint64_t seed, StreamId process, std::uint64_t entity, std::int64_t day,
               std::uint64_t substream = 0)
      : key_{{seed, static_cast<std::uint64_t>(process)}},
        counter_{{entity, static_cast<std::uint64_t>(day), 0, substream}} {}

  result_type operator()() {
    if (used_ == 4) refill();
    return block_.v[used_++];
  }

  // Uniform on the open interval (0, 1).
  double uniform() { return (static_cast<double>((*this)() >> 11) + 0.5) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  bool bernoulli(double p) { return uniform() < p; }
  double exponential(double rate) { return -std::log(uniform()) / rate; }
  // Uniform integer in [0, n) by Lemire's multiply-shift (bias < 2^-64 n).
  std::uint64_t below(std::uint64_t n) {
    __extension__ using wide = unsigned __int128;  // __extension__: no -Wpedantic warning
    return static_cast<std::uint64_t>((static_cast<wide>((*this)()) * n) >> 64);
  }
  double normal(double mean = 0.0, double sd = 1.0);
  std::uint32_t poisson(double mean);

 private:
  using Philox = r123::Philox4x64;
  void refill() {
    block_ = Philox{}(counter_, key_);
    ++counter_.v[2];
    used_ = 0;
  }
  Philox::key_type key_;
  Philox::ctr_type counter_;
  Philox::ctr_type block_{};
  unsigned used_ = 4;
};

}  // namespace pasante
