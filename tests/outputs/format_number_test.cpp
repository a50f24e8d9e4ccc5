#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>

#include "outputs/run_results.hpp"

namespace pasante {
namespace {

double read_back(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

TEST(FormatNumber, ShortestForms) {
  EXPECT_EQ(format_number(0.0), "0");
  EXPECT_EQ(format_number(-0.0), "0");
  EXPECT_EQ(format_number(3.0), "3");
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(-2.5), "-2.5");
  EXPECT_EQ(format_number(1e21), "1e+21");
}

TEST(FormatNumber, RoundTripsExactly) {
  const double fixed[] = {1.0 / 3,  2.0 / 3,   0.1 + 0.2, 1e-300, 1e300, std::numeric_limits<double>::min(),
                          std::numeric_limits<double>::denorm_min(), std::numeric_limits<double>::max(),
                          123456789.123456789, -7.25e-5};
  for (double x : fixed) EXPECT_EQ(read_back(format_number(x)), x) << format_number(x);

  std::mt19937_64 bits(12345);
  for (int i = 0; i < 20000; ++i) {
    const double x = std::bit_cast<double>(bits());
    if (!std::isfinite(x)) continue;
    ASSERT_EQ(read_back(format_number(x)), x) << format_number(x);
  }
}

}  // namespace
}  // namespace pasante
