#include "outputs/run_results.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace pasante {

std::string format_number(double value) {
  if (value == 0) return "0";  // also folds -0
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc{} ? std::string(buf, end) : std::string("nan");
}

std::string format_cell(double value) { return std::isfinite(value) ? format_number(value) : std::string(); }

std::string format_short(double value) {
  if (!std::isfinite(value)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", value);
  return buf;
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace pasante
