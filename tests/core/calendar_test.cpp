#include "core/calendar.hpp"

#include <gtest/gtest.h>

#include <string>

namespace pasante {
namespace {

TEST(Date, ParsesValidDates) {
  const auto d = Date::parse("2022-02-01");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->year(), 2022);
  EXPECT_EQ(d->month(), 2u);
  EXPECT_EQ(d->day_of_month(), 1u);
  EXPECT_EQ(*d, Date::from_ymd(2022, 2, 1));

  const auto leap = Date::parse("2024-02-29");
  ASSERT_TRUE(leap.has_value());
  EXPECT_EQ(leap->month(), 2u);
  EXPECT_EQ(leap->day_of_month(), 29u);

  const auto end = Date::parse("1999-12-31");
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(end->year(), 1999);
  EXPECT_EQ(end->month(), 12u);
  EXPECT_EQ(end->day_of_month(), 31u);

  EXPECT_EQ(Date::parse("1970-01-01")->days_since_epoch(), 0);
  EXPECT_EQ(Date::parse("1970-01-02")->days_since_epoch(), 1);
  EXPECT_EQ(Date::parse("1969-12-31")->days_since_epoch(), -1);
}

TEST(Date, RejectsDatesThatDoNotExist) {
  EXPECT_FALSE(Date::parse("2022-02-30").has_value());
  EXPECT_FALSE(Date::parse("2022-02-29").has_value());  // 2022 is not a leap year
  EXPECT_FALSE(Date::parse("1900-02-29").has_value());  // century, not a leap year
  EXPECT_TRUE(Date::parse("2000-02-29").has_value());   // divisible by 400: leap
  EXPECT_FALSE(Date::parse("2022-04-31").has_value());
  EXPECT_FALSE(Date::parse("2022-13-01").has_value());
  EXPECT_FALSE(Date::parse("2022-00-10").has_value());
  EXPECT_FALSE(Date::parse("2022-01-00").has_value());
  EXPECT_FALSE(Date::parse("2022-01-32").has_value());
}

TEST(Date, RejectsMalformedText) {
  for (const char* bad : {"", "2022", "2022-2-01", "2022-02-1", "22-02-01", "2022/02/01", "2022-02-01x",
                          " 2022-02-01", "2022-02-01 ", "2022-0a-01", "abcd-ef-gh", "2022--2-01", "2022-02--1",
                          "-022-02-01", "+022-02-01", "2022-+2-01", "20220201xx", "2022-02-01T00:00"}) {
    EXPECT_FALSE(Date::parse(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(Date, IsoRoundTrip) {
  for (const char* text : {"2022-02-01", "2024-02-29", "1970-01-01", "2000-12-31", "0999-03-04", "2099-08-01"}) {
    const auto d = Date::parse(text);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(d->iso(), text);
    EXPECT_EQ(Date::parse(d->iso()), d);
  }
  // Every day of a span that includes two leap days survives the round trip.
  const Date first = Date::from_ymd(2023, 1, 1);
  for (int i = 0; i < 3 * 366; ++i) {
    const Date d = first.plus_days(i);
    const auto back = Date::parse(d.iso());
    ASSERT_TRUE(back.has_value()) << d.iso();
    EXPECT_EQ(*back, d);
  }
}

TEST(Date, Weekday) {
  EXPECT_EQ(Date::from_ymd(2022, 2, 1).weekday(), Weekday::Tuesday);
  EXPECT_EQ(Date::from_ymd(2022, 2, 6).weekday(), Weekday::Sunday);
  EXPECT_EQ(Date::from_ymd(2022, 2, 7).weekday(), Weekday::Monday);
  EXPECT_EQ(Date::from_ymd(1970, 1, 1).weekday(), Weekday::Thursday);
  EXPECT_EQ(Date::from_ymd(2000, 1, 1).weekday(), Weekday::Saturday);
  EXPECT_EQ(Date::from_ymd(2024, 2, 29).weekday(), Weekday::Thursday);
  EXPECT_EQ(Date::from_ymd(1969, 12, 31).weekday(), Weekday::Wednesday);
  // Weekdays cycle with period 7.
  const Date d = Date::from_ymd(2022, 2, 1);
  for (int i = 0; i < 21; ++i)
    EXPECT_EQ(static_cast<int>(d.plus_days(i).weekday()), (static_cast<int>(Weekday::Tuesday) + i) % 7);
}

TEST(Date, ArithmeticAcrossLeapYears) {
  EXPECT_EQ(Date::from_ymd(2024, 2, 28).plus_days(1), Date::from_ymd(2024, 2, 29));
  EXPECT_EQ(Date::from_ymd(2024, 2, 28).plus_days(2), Date::from_ymd(2024, 3, 1));
  EXPECT_EQ(Date::from_ymd(2023, 2, 28).plus_days(1), Date::from_ymd(2023, 3, 1));
  EXPECT_EQ(Date::from_ymd(2022, 12, 31).plus_days(1), Date::from_ymd(2023, 1, 1));
  EXPECT_EQ(Date::from_ymd(2023, 1, 1).plus_days(-1), Date::from_ymd(2022, 12, 31));
  EXPECT_EQ(Date::from_ymd(2024, 1, 1) - Date::from_ymd(2023, 1, 1), 365);
  EXPECT_EQ(Date::from_ymd(2025, 1, 1) - Date::from_ymd(2024, 1, 1), 366);
  EXPECT_EQ(Date::from_ymd(2001, 1, 1) - Date::from_ymd(2000, 1, 1), 366);
  EXPECT_EQ(Date::from_ymd(1901, 1, 1) - Date::from_ymd(1900, 1, 1), 365);
  EXPECT_EQ(Date::from_ymd(2023, 2, 1) - Date::from_ymd(2022, 2, 1), 365);
  EXPECT_EQ(Date::from_ymd(2024, 3, 1) - Date::from_ymd(2023, 3, 1), 366);
  // 400 Gregorian years are exactly 146097 days.
  EXPECT_EQ(Date::from_ymd(2400, 1, 1) - Date::from_ymd(2000, 1, 1), 146097);
  const Date a = Date::from_ymd(2022, 2, 1);
  EXPECT_EQ(a.plus_days(1000) - a, 1000);
  EXPECT_EQ(a.plus_days(1000).plus_days(-1000), a);
  EXPECT_LT(a, a.plus_days(1));
  EXPECT_GT(a, a.plus_days(-1));
}

TEST(SimulationCalendar, MapsDaysToDates) {
  const SimulationCalendar cal(Date::from_ymd(2022, 2, 1), 365);
  EXPECT_EQ(cal.length(), 365);
  EXPECT_EQ(cal.date_of(0), Date::from_ymd(2022, 2, 1));
  EXPECT_EQ(cal.date_of(28), Date::from_ymd(2022, 3, 1));
  EXPECT_EQ(cal.day_of(Date::from_ymd(2023, 1, 31)), 364);
  EXPECT_EQ(cal.weekday(0), Weekday::Tuesday);
  EXPECT_TRUE(cal.is_week_end(5));  // 2022-02-06 is a Sunday
  EXPECT_FALSE(cal.is_week_end(4));
  EXPECT_TRUE(cal.is_first_of_month(0));
  EXPECT_TRUE(cal.is_first_of_month(28));
  EXPECT_FALSE(cal.is_first_of_month(27));
}

TEST(SimulationCalendar, CohortsStartOnFirstFebruaryAndFirstAugustOnly) {
  const SimulationCalendar cal(Date::from_ymd(2022, 1, 1), 3 * 366);
  int starts = 0;
  for (SimDay day = 0; day < cal.length(); ++day) {
    const Date d = cal.date_of(day);
    const bool expected = d.day_of_month() == 1 && (d.month() == 2 || d.month() == 8);
    EXPECT_EQ(cal.is_cohort_start(day), expected) << d.iso();
    starts += cal.is_cohort_start(day) ? 1 : 0;
  }
  EXPECT_EQ(starts, 6);  // 2022, 2023, 2024: February and August each
  EXPECT_TRUE(cal.is_cohort_start(cal.day_of(Date::from_ymd(2022, 2, 1))));
  EXPECT_TRUE(cal.is_cohort_start(cal.day_of(Date::from_ymd(2024, 8, 1))));
  EXPECT_FALSE(cal.is_cohort_start(cal.day_of(Date::from_ymd(2022, 2, 2))));
  EXPECT_FALSE(cal.is_cohort_start(cal.day_of(Date::from_ymd(2022, 1, 1))));
  EXPECT_FALSE(cal.is_cohort_start(cal.day_of(Date::from_ymd(2022, 3, 1))));
  EXPECT_FALSE(cal.is_cohort_start(cal.day_of(Date::from_ymd(2022, 7, 31))));
}

TEST(SimulationCalendar, CohortStartOnOrBefore) {
  auto start = [](int y, unsigned m, unsigned d) {
    return SimulationCalendar::cohort_start_on_or_before(Date::from_ymd(y, m, d)).iso();
  };
  EXPECT_EQ(start(2022, 2, 1), "2022-02-01");
  EXPECT_EQ(start(2022, 1, 31), "2021-08-01");
  EXPECT_EQ(start(2022, 1, 1), "2021-08-01");
  EXPECT_EQ(start(2022, 2, 2), "2022-02-01");
  EXPECT_EQ(start(2022, 7, 31), "2022-02-01");
  EXPECT_EQ(start(2022, 8, 1), "2022-08-01");
  EXPECT_EQ(start(2022, 12, 31), "2022-08-01");
  EXPECT_EQ(start(2024, 2, 29), "2024-02-01");
  // Brute force: the answer is a cohort start, not after the date, and no
  // later cohort start lies between it and the date.
  const SimulationCalendar cal(Date::from_ymd(2020, 1, 1), 4 * 366);
  for (SimDay day = 0; day < cal.length(); ++day) {
    const Date d = cal.date_of(day);
    const Date s = SimulationCalendar::cohort_start_on_or_before(d);
    ASSERT_LE(s, d) << d.iso();
    EXPECT_EQ(s.day_of_month(), 1u) << d.iso();
    EXPECT_TRUE(s.month() == 2 || s.month() == 8) << d.iso();
    EXPECT_LT(d - s, 184) << d.iso();  // no gap between cohorts exceeds 184 days
    for (Date between = s.plus_days(1); between <= d; between = between.plus_days(1))
      ASSERT_FALSE(between.day_of_month() == 1 && (between.month() == 2 || between.month() == 8))
          << d.iso() << " skips " << between.iso();
  }
}

}  // namespace
}  // namespace pasante
