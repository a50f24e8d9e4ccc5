// Calendar: simulation days are counted from the scenario's start date.
// Civil dates use std::chrono's proleptic Gregorian calendar.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pasante {

using SimDay = std::int32_t;  // 0 = the scenario's start date
// The longest run a scenario may ask for (scenario.days).
inline constexpr SimDay kMaxScenarioDays = 36500;
// The mean length of a month (365.25 / 12), for rates given per month.
inline constexpr double kDaysPerMonth = 30.4375;

enum class Weekday : std::uint8_t { Sunday = 0, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday };

class Date {
 public:
  constexpr Date() = default;
  static Date from_ymd(int year, unsigned month, unsigned day);
  // Parses "YYYY-MM-DD"; nullopt when malformed or not a real date.
  static std::optional<Date> parse(std::string_view text);

  int year() const;
  unsigned month() const;
  unsigned day_of_month() const;
  Weekday weekday() const;
  std::string iso() const;  // "YYYY-MM-DD"

  Date plus_days(std::int64_t days) const { return Date(days_since_epoch_ + days); }
  std::int64_t days_since_epoch() const { return days_since_epoch_; }
  friend std::int64_t operator-(Date a, Date b) { return a.days_since_epoch_ - b.days_since_epoch_; }
  friend auto operator<=>(Date, Date) = default;

 private:
  explicit constexpr Date(std::int64_t d) : days_since_epoch_(d) {}
  std::int64_t days_since_epoch_ = 0;  // days since 1970-01-01
};

// Maps simulation days to dates and answers the calendar questions the
// processes ask (is it a working day, does a cohort start today).
class SimulationCalendar {
 public:
  SimulationCalendar(Date start, SimDay length_days) : start_(start), length_(length_days) {}

  Date start() const { return start_; }
  SimDay length() const { return length_; }
  Date date_of(SimDay day) const { return start_.plus_days(day); }
  SimDay day_of(Date date) const { return static_cast<SimDay>(date - start_); }
  Weekday weekday(SimDay day) const { return date_of(day).weekday(); }
  bool is_first_of_month(SimDay day) const { return date_of(day).day_of_month() == 1; }
  // Week index used for weekly reporting: weeks end on Sunday.
  bool is_week_end(SimDay day) const { return weekday(day) == Weekday::Sunday; }
  // Cohorts start on 1 February and 1 August.
  bool is_cohort_start(SimDay day) const;
  // The most recent cohort start on or before `date` (for a run starting mid-cohort).
  static Date cohort_start_on_or_before(Date date);

 private:
  Date start_;
  SimDay length_;
};

}  // namespace pasante
