#include "core/calendar.hpp"

#include <charconv>
#include <cstdio>

namespace pasante {

namespace chr = std::chrono;

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
  return Date(chr::sys_days{ymd}.time_since_epoch().count());
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  // Digits only: from_chars would otherwise read "-022" as a negative year.
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](std::size_t at, std::size_t len, auto& out) {
    auto [p, ec] = std::from_chars(text.data() + at, text.data() + at + len, out);
    return ec == std::errc{} && p == text.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  const chr::year_month_day ymd{chr::year{y}, chr::month{m}, chr::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return from_ymd(y, m, d);
}

static chr::year_month_day ymd_of(std::int64_t days) {
  return chr::year_month_day{chr::sys_days{chr::days{days}}};
}

int Date::year() const { return static_cast<int>(ymd_of(days_since_epoch_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(ymd_of(days_since_epoch_).month()); }
unsigned Date::day_of_month() const { return static_cast<unsigned>(ymd_of(days_since_epoch_).day()); }

Weekday Date::weekday() const {
  const chr::weekday wd{chr::sys_days{chr::days{days_since_epoch_}}};
  return static_cast<Weekday>(wd.c_encoding());
}

std::string Date::iso() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year(), month(), day_of_month());
  return buf;
}

bool SimulationCalendar::is_cohort_start(SimDay day) const {
  const Date d = date_of(day);
  return d.day_of_month() == 1 && (d.month() == 2 || d.month() == 8);
}

Date SimulationCalendar::cohort_start_on_or_before(Date date) {
  const int y = date.year();
  const unsigned m = date.month();
  if (m >= 8) return Date::from_ymd(y, 8, 1);
  if (m >= 2) return Date::from_ymd(y, 2, 1);
  return Date::from_ymd(y - 1, 8, 1);
}

}  // namespace pasante
